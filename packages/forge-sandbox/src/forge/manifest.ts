/**
 * Reads the parts of a Forge manifest.yml that the harness needs: functions (key → handler, time
 * limit), resolvers, triggers, queue consumers, workflow validators, scopes, translations and app id.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface FunctionDef {
  key: string;
  /** `file.exportName` as written in the manifest. */
  handler: string;
  file: string;
  exportName: string;
  /** `timeoutSeconds` as written (1–900), when the manifest sets it. */
  timeoutSeconds?: number;
  /** The module types that name this function (`trigger`, `consumer`, `jira:issuePanel`, ...). */
  usedBy: string[];
  /**
   * The function's time limit in seconds (docs: limits-invocation): a function referenced only by
   * `consumer` or `scheduledTrigger` modules runs up to `timeoutSeconds` (default 55, at most 900);
   * any other function (resolvers, product-event triggers, validators) 25 s.
   */
  limitSeconds: number;
  /** Set when `timeoutSeconds` is written but does not apply (the function also serves a 25 s module). */
  timeoutIgnored?: string;
}

/** Forge's time limits (docs: limits-invocation, "Invocation limits"). */
export const FUNCTION_LIMIT_SECONDS = 25;
export const LONG_RUNNING_DEFAULT_SECONDS = 55;
export const LONG_RUNNING_MAX_SECONDS = 900;
/** Modules whose functions may run longer ("function modules that are only referenced by consumer or scheduled trigger modules"). */
export const LONG_RUNNING_MODULES = ['consumer', 'scheduledTrigger'] as const;

export interface TriggerDef {
  key: string;
  function: string;
  events: string[];
  ignoreSelf: boolean;
  /** `filter.expression`: a Jira expression over `event`; the event is delivered only when it is true. */
  expression?: string;
  /** `filter.onError` (default IGNORE_AND_LOG). */
  onError: 'IGNORE_AND_LOG' | 'IGNORE' | 'RECEIVE_AND_LOG' | 'RECEIVE';
}

export interface ConsumerDef {
  key: string;
  queue: string;
  function: string;
}

export interface ValidatorDef {
  key: string;
  function?: string;
  expression?: string;
}

export interface ResolverModuleDef {
  type: string;
  key: string;
  function: string;
}

export interface ParsedManifest {
  path: string;
  /** The app id as written (`ari:cloud:ecosystem::app/<uuid>`). */
  appAri: string;
  /** The bare uuid. */
  appId: string;
  functions: Map<string, FunctionDef>;
  resolverModules: ResolverModuleDef[];
  triggers: TriggerDef[];
  consumers: ConsumerDef[];
  validators: ValidatorDef[];
  scopes: Set<string>;
  translations: { locales: { key: string; path: string }[]; fallbackDefault: string | null };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

export function loadManifest(path: string): ParsedManifest {
  const doc: unknown = parse(readFileSync(path, 'utf8'));
  if (!isRecord(doc)) throw new Error(`Forge manifest ${path} is not a YAML mapping`);
  const modules = isRecord(doc.modules) ? doc.modules : {};
  const app = isRecord(doc.app) ? doc.app : {};
  const appAri = str(app.id) ?? 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000';
  const appId = appAri.replace(/^ari:cloud:ecosystem::app\//, '');

  const functions = new Map<string, FunctionDef>();
  for (const f of list(modules.function)) {
    const key = str(f.key);
    const handler = str(f.handler);
    if (!key || !handler) continue;
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) throw new Error(`Forge manifest ${path}: function ${key} has handler "${handler}", expected <file>.<export>`);
    const timeout = f.timeoutSeconds;
    if (
      timeout !== undefined &&
      (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > LONG_RUNNING_MAX_SECONDS)
    )
      throw new Error(
        `Forge manifest ${path}: function ${key} has timeoutSeconds ${JSON.stringify(timeout)}; Forge accepts an integer from 1 to ${LONG_RUNNING_MAX_SECONDS}`,
      );
    functions.set(key, {
      key,
      handler,
      file: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
      ...(typeof timeout === 'number' ? { timeoutSeconds: timeout } : {}),
      usedBy: [],
      limitSeconds: FUNCTION_LIMIT_SECONDS,
    });
  }

  // Which modules name each function (its time limit depends on that).
  for (const [type, mods] of Object.entries(modules)) {
    if (type === 'function') continue;
    for (const m of list(mods)) {
      for (const fn of [str(m.function), isRecord(m.resolver) ? str(m.resolver.function) : undefined]) {
        const def = fn ? functions.get(fn) : undefined;
        if (def && !def.usedBy.includes(type)) def.usedBy.push(type);
      }
    }
  }
  for (const def of functions.values()) {
    const longRunning = def.usedBy.length > 0 && def.usedBy.every((t) => (LONG_RUNNING_MODULES as readonly string[]).includes(t));
    if (longRunning) def.limitSeconds = def.timeoutSeconds ?? LONG_RUNNING_DEFAULT_SECONDS;
    else if (def.timeoutSeconds !== undefined)
      def.timeoutIgnored = `function ${def.key} sets timeoutSeconds ${def.timeoutSeconds}, but it also serves ${def.usedBy
        .filter((t) => !(LONG_RUNNING_MODULES as readonly string[]).includes(t))
        .join(', ')}: it keeps the ${FUNCTION_LIMIT_SECONDS} s limit (docs: limits-invocation)`;
  }

  const resolverModules: ResolverModuleDef[] = [];
  for (const [type, mods] of Object.entries(modules)) {
    for (const m of list(mods)) {
      const key = str(m.key);
      const fn = isRecord(m.resolver) ? str(m.resolver.function) : undefined;
      if (key && fn) resolverModules.push({ type, key, function: fn });
    }
  }

  const triggers: TriggerDef[] = [];
  for (const t of list(modules.trigger)) {
    const key = str(t.key);
    const fn = str(t.function);
    if (!key || !fn) continue;
    const events = Array.isArray(t.events) ? t.events.filter((e): e is string => typeof e === 'string') : [];
    const filter = isRecord(t.filter) ? t.filter : {};
    const ignoreSelf = filter.ignoreSelf === true;
    const expression = str(filter.expression);
    const onErrorRaw = str(filter.onError);
    const onError = onErrorRaw === 'IGNORE' || onErrorRaw === 'RECEIVE_AND_LOG' || onErrorRaw === 'RECEIVE' ? onErrorRaw : 'IGNORE_AND_LOG';
    triggers.push({ key, function: fn, events, ignoreSelf, ...(expression ? { expression } : {}), onError });
  }

  const consumers: ConsumerDef[] = [];
  for (const c of list(modules.consumer)) {
    const key = str(c.key);
    const queue = str(c.queue);
    const fn = str(c.function);
    if (key && queue && fn) consumers.push({ key, queue, function: fn });
  }

  const validators: ValidatorDef[] = [];
  for (const v of list(modules['jira:workflowValidator'])) {
    const key = str(v.key);
    if (!key) continue;
    const def: ValidatorDef = { key };
    const fn = str(v.function);
    const expr = str(v.expression);
    if (fn) def.function = fn;
    if (expr) def.expression = expr;
    validators.push(def);
  }

  const permissions = isRecord(doc.permissions) ? doc.permissions : {};
  const scopes = new Set(Array.isArray(permissions.scopes) ? permissions.scopes.filter((s): s is string => typeof s === 'string') : []);

  const tr = isRecord(doc.translations) ? doc.translations : {};
  const locales = list(tr.resources)
    .map((r) => ({ key: str(r.key) ?? '', path: str(r.path) ?? '' }))
    .filter((r) => r.key && r.path);
  const fallbackDefault = isRecord(tr.fallback) ? (str(tr.fallback.default) ?? null) : null;

  // Every module reference must name a declared function (Forge refuses to deploy otherwise).
  const refs = [
    ...resolverModules.map((m) => [m.key, m.function] as const),
    ...triggers.map((t) => [t.key, t.function] as const),
    ...consumers.map((c) => [c.key, c.function] as const),
    ...validators.filter((v) => v.function).map((v) => [v.key, v.function ?? ''] as const),
  ];
  for (const [mod, fn] of refs) {
    if (!functions.has(fn))
      throw new Error(`Forge manifest ${path}: module ${mod} refers to function "${fn}", which is not declared under modules.function`);
  }

  return {
    path,
    appAri,
    appId,
    functions,
    resolverModules,
    triggers,
    consumers,
    validators,
    scopes,
    translations: { locales, fallbackDefault },
  };
}
