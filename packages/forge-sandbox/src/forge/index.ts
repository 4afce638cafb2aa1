/**
 * Forge runtime harness: runs the app's real Forge handlers (real @forge/api, @forge/kvs,
 * @forge/resolver, @forge/events code) against the local Jira emulator and a local store.
 * See sandbox/forge/README.md for what is emulated and where it knowingly differs from Forge.
 */
// Must come first: installs global.__forge_runtime__ / __forge_fetch__ before anything imports @forge/kvs.
import { invocationStorage, type FetchDescriptor, type ForgeFetchInit, type InvocationState } from './runtime';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EmulatorHooks, IssueEvent, ValidatorCall, ValidatorResult } from '../jira/types';
import { EventStore, type StoredEvent } from './events';
import { compileFilterExpression } from './expression';
import { KvsStore } from './kvs-store';
import { loadManifest, type FunctionDef, type ParsedManifest } from './manifest';
import { checkScopes } from './scopes';
import { createPrivacyEndpoint, handleSandboxControls, PRIVACY_PATH, type PrivacyEndpoint } from './privacy';
import { createScheduledTriggers, type ScheduledTriggers } from './scheduled';
import { defaultManifestPath } from '../app-dir';

export { KVS_KEY_EXISTS_CODE, KVS_CONDITION_FAILED_CODE, KVS_MAX_VALUE_BYTES, KVS_MAX_KEY_BYTES } from './kvs-store';

const APP_ACCOUNT_ID = 'sandbox-app';
const INVOCATION_HEADER = 'x-sandbox-invocation';

type Handler = (...args: unknown[]) => unknown;

export interface ForgeHarnessOptions {
  db: Database;
  manifestPath?: string;
  loadApp?: () => Record<string, unknown>;
  appId?: string;
  environmentId?: string;
  cloudId?: string;
  siteUrl?: string;
  /**
   * Real ms per platform ms for function time limits (default 1). Each function's limit comes from
   * the manifest (docs: limits-invocation): 25 s for resolvers, product-event triggers and
   * validators; 55 s, or `timeoutSeconds` (≤ 900), for a function only queue consumers and
   * scheduled triggers use. A test compresses them all with this factor.
   */
  invocationTimeScale?: number;
  /** A test knob: no invocation runs longer than this (ms), whatever the manifest allows (default: no cap). */
  invocationTimeoutMs?: number;
  /** Delay before a trigger or queue event is delivered (default 300 ms). */
  triggerDelayMs?: number;
  /** How many times every trigger/queue event is delivered, concurrently (default 1). */
  triggerDuplicates?: number;
  /** Retries after a retry request (InvocationError) or, for queue events, a failure (default 4). */
  maxEventRetries?: number;
  /** Backoff unit for those retries: delay = unit × max(retryAfter, 2^(retry-1)) (default 1000 ms). */
  retryBaseDelayMs?: number;
  /** Multiplier for a queue event's `delayInSeconds` (default 1: real seconds). */
  queueDelayScale?: number;
  /** Where harness diagnostics go (default console). */
  logger?: Pick<Console, 'error' | 'warn' | 'info'>;
  /**
   * Strict mode: the platform behaves as Atlassian documents it, where that is less convenient
   * (sandbox/README.md, fidelity table): `kvs.query` lags behind writes; resolver contexts carry no
   * locale; events arrive late (up to 3 platform minutes), sometimes twice, and async events are
   * retried with backoff (up to ~15 platform minutes) after every failure until acknowledged, for
   * 24 platform hours. Platform time runs `timeScale` times faster than real time.
   */
  strict?: boolean;
  /** Strict mode: how far `kvs.query` lags behind writes (default 1500 ms). */
  kvsQueryLagMs?: number;
  /**
   * Strict mode: how long an entry may still be read after its TTL has passed (Forge: up to 48 h,
   * storage-reference/kvs-api "Time-to-live"; default 48 platform hours, compressed by `timeScale`).
   */
  kvsTtlLingerMs?: number;
  /** Strict mode: real ms per platform ms for the platform's own delays (default 0.001: 24 h → 86 s). */
  timeScale?: number;
  /** Multiplier for delays the app asks for (`delayInSeconds`, `retryAfter`) in strict mode (default 1: never shortened). */
  appDelayScale?: number;
  /** Strict mode: share of events delivered one extra time (default 0.2). */
  duplicateRate?: number;
  /** Seed of the strict mode's random lags and duplicates (default 1). */
  randomSeed?: number;
  /** Latency (ms) added to every KVS request and queue push of the app (default 0; the bench sets it). */
  platformLatencyMs?: number;
}

/** A small seeded PRNG (mulberry32), so strict-mode runs are repeatable. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ResolverCallContext {
  accountId: string | null;
  moduleKey: string;
  extension: Record<string, unknown>;
  locale?: string;
  timezone?: string;
  theme?: string;
  localId?: string;
}

export interface ValidatorInvocationArgs {
  issue: { key: string; id?: string };
  configuration?: unknown;
  transition: { from: { id: string }; to: { id: string }; id?: string; name?: string };
  modifiedFields?: Record<string, unknown>;
  accountId: string;
}

export interface JiraCall {
  invocationId: string;
  functionKey: string;
  actor: 'user' | 'app';
  accountId: string | null;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  ms: number;
  /** When the request left the app (epoch ms). */
  at?: number;
  /** Set when the harness refused the call because the manifest lacks a scope. */
  scopeDenied?: { operation: string; missing: string[] };
}

export interface DeliveryRecord {
  kind: 'trigger' | 'consumer';
  moduleKey: string;
  functionKey: string;
  /** Event type (trigger) or queue name (consumer). */
  event: string;
  /** Issue key (trigger) or job id (consumer). */
  subject: string;
  attempt: number;
  outcome: 'ok' | 'error' | 'timeout' | 'retry-requested';
  error?: string;
  /** The stored event (one per copy of an at-least-once delivery). */
  eventId: string;
  /** When the invocation started and ended (epoch ms). */
  startedAt?: number;
  finishedAt?: number;
}

/** One KVS request of an invocation (for tests: what the app read and wrote). */
export interface KvsCall {
  invocationId: string;
  functionKey: string;
  /** `/api/v1/get`, `/api/v1/batch/get`, `/api/v1/query`, ... */
  path: string;
  keys: string[];
}

/** One push of the app to an async-event queue (for tests and the bench: what was queued, by whom). */
export interface QueuePushCall {
  invocationId: string;
  functionKey: string;
  queueName: string;
  /** The pushed events' bodies. */
  bodies: unknown[];
}

/** A test hook: an answer Jira gives that the emulator cannot be made to give (e.g. a request-level 400). */
export interface JiraOverride {
  method: string;
  pathPrefix: string;
  status: number;
  body: unknown;
  /** How many matching requests it answers (default 1). */
  times?: number;
}

export interface FilterRecord {
  trigger: string;
  eventType: string;
  issueKey: string;
  delivered: boolean;
}

export interface ForgeHarness {
  attachJira(baseUrl: string): void;
  emulatorHooks: EmulatorHooks;
  invokeResolver(functionKey: string, resolverName: string, payload: unknown, ctx: ResolverCallContext): Promise<unknown>;
  invokeValidator(moduleKey: string, args: ValidatorInvocationArgs): Promise<ValidatorResult>;
  triggers: {
    drain(): Promise<void>;
    setDelay(ms: number): void;
    setDuplicates(n: number): void;
    pending(): number;
    /** Every trigger / queue delivery attempt and its outcome. */
    deliveries: DeliveryRecord[];
    /** Every event a trigger's `filter.expression` let through or dropped. */
    filtered: FilterRecord[];
    /** The stored events with their per-event retry logs (persisted in the sandbox database). */
    events(): StoredEvent[];
    /** Test hook: an async event on `queueName`, as if the app had pushed it (no principal). */
    push(queueName: string, body: unknown): void;
  };
  /** Whether strict mode is on. */
  strict: boolean;
  jiraLog: JiraCall[];
  /** Every KVS request, with the keys it named. */
  kvsLog: KvsCall[];
  /** Every queue push of the app. */
  queueLog: QueuePushCall[];
  /** Latency (ms) added to every KVS request and queue push (the emulator's faults add it to Jira calls). */
  setPlatformLatency(ms: number): void;
  /** Test hook: runs a consumer module's function now on one event body, as a delivery would (no retries). */
  invokeConsumer(consumerModuleKey: string, body: unknown): Promise<unknown>;
  /** Test hook: answers matching Jira requests of the app instead of the emulator. */
  overrideJira(o: JiraOverride): void;
  kvs: {
    dump(): Record<string, unknown>;
    clear(): void;
    /** Strict mode: `kvs.query` catches up with every write now (as if its lag had passed). */
    settleQueries(): void;
  };
  /**
   * Runs an emulator request handler in the scope of the app invocation that sent it (read from the
   * X-Sandbox-Invocation header), so that issue events it causes are known to be the app's own
   * (`filter.ignoreSelf`). sandbox/sandbox.ts wraps the emulator with it.
   */
  runInRequestScope<T>(req: IncomingMessage, fn: () => T): T;
  manifest: ParsedManifest;
  /** A function's time limit in this harness (ms): the manifest's limit (limits-invocation), compressed and capped as configured. */
  functionLimitMs(functionKey: string): number;
  /** The personal data reporting API (sandbox/forge/privacy.ts). */
  privacy: PrivacyEndpoint;
  /** Scheduled triggers, run on demand (sandbox/forge/scheduled.ts). */
  scheduled: ScheduledTriggers;
  /** Serves the harness's HTTP controls (`/__sandbox/privacy/**`, `/__sandbox/scheduled/**`); true when it answered. */
  handleControl(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/** Thrown to the caller when an invocation exceeds its time limit (Forge: "Function timed out"). */
export class ForgeFunctionTimeoutError extends Error {
  readonly code = 'FUNCTION_TIME_OUT';
  constructor(
    readonly functionKey: string,
    readonly timeoutMs: number,
    readonly invocationId: string,
    /** The function's limit on Forge, in seconds (limits-invocation). */
    readonly limitSeconds: number = 25,
  ) {
    super(
      `Function timed out: invocation ${invocationId} of function "${functionKey}" exceeded ${timeoutMs} ms (its limit on Forge is ${limitSeconds} s)`,
    );
    this.name = 'FUNCTION_TIME_OUT';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonRoundTrip(v: unknown): unknown {
  return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown);
}

function parseMaybeJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (body instanceof URLSearchParams) return body.toString();
  throw new Error(`Forge runtime (sandbox): unsupported request body type ${Object.prototype.toString.call(body)}`);
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const nullBody = status === 204 || status === 205 || status === 304 || body === undefined;
  return new Response(nullBody ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

interface RetrySignal {
  retryAfter: number;
  retryReason: string;
  retryData: unknown;
}

/** An `InvocationError` of @forge/events (serialises to `{_retry: true, retryOptions}`), or a QueueResponse with retry(). */
function retrySignal(result: unknown): RetrySignal | null {
  if (!isRecord(result) || result._retry !== true) return null;
  const o = isRecord(result.retryOptions) ? result.retryOptions : {};
  return {
    retryAfter: typeof o.retryAfter === 'number' ? Math.min(900, Math.max(1, o.retryAfter)) : 1,
    retryReason: typeof o.retryReason === 'string' ? o.retryReason : 'FUNCTION_RETRY_REQUEST',
    retryData: o.retryData,
  };
}

export function createForgeHarness(opts: ForgeHarnessOptions): ForgeHarness {
  const manifestPath = opts.manifestPath ?? defaultManifestPath();
  const manifest = loadManifest(manifestPath);
  const appId = opts.appId ?? manifest.appId;
  const environmentId = opts.environmentId ?? '00000000-0000-4000-8000-0000000000e1';
  const cloudId = opts.cloudId ?? '00000000-0000-4000-8000-00000000c10d';
  let siteUrl = opts.siteUrl ?? 'http://localhost';
  const installContext = `ari:cloud:jira::site/${cloudId}`;
  const installationId = `00000000-0000-4000-8000-0000000001a5`;
  const invocationScale = opts.invocationTimeScale ?? 1;
  /** The time limit of one function, as the manifest decides it (compressed / capped for tests). */
  const limitMsOf = (def: FunctionDef): number =>
    Math.min(def.limitSeconds * 1000 * invocationScale, opts.invocationTimeoutMs ?? Number.POSITIVE_INFINITY);
  let delayMs = opts.triggerDelayMs ?? 300;
  let duplicates = Math.max(1, opts.triggerDuplicates ?? 1);
  const maxRetries = opts.maxEventRetries ?? 4;
  const retryUnit = opts.retryBaseDelayMs ?? 1000;
  const strict = opts.strict === true;
  const appDelayScale = strict ? (opts.appDelayScale ?? 1) : (opts.queueDelayScale ?? 1);
  const timeScale = opts.timeScale ?? 0.001;
  const duplicateRate = opts.duplicateRate ?? 0.2;
  const retentionMs = 24 * 3_600_000 * timeScale;
  const random = seededRandom(opts.randomSeed ?? 1);
  const log = opts.logger ?? console;
  const store = new KvsStore(opts.db, {
    queryLagMs: strict ? (opts.kvsQueryLagMs ?? 1500) : 0,
    ttlLingerMs: strict ? (opts.kvsTtlLingerMs ?? 48 * 3_600_000 * timeScale) : 0,
  });
  const events = new EventStore(opts.db);
  const jiraLog: JiraCall[] = [];
  const kvsLog: KvsCall[] = [];
  const queueLog: QueuePushCall[] = [];
  let platformLatencyMs = Math.max(0, opts.platformLatencyMs ?? 0);
  const platformLatency = () => (platformLatencyMs > 0 ? new Promise<void>((r) => setTimeout(r, platformLatencyMs)) : Promise.resolve());
  const overrides: (JiraOverride & { left: number })[] = [];
  const deliveries: DeliveryRecord[] = [];
  const filtered: FilterRecord[] = [];
  const live = new Map<string, InvocationState>();
  const requestScope = new AsyncLocalStorage<{ invocation: InvocationState }>();
  let jiraBase: string | null = null;
  let closed = false;
  let resumed = false;
  for (const def of manifest.functions.values()) if (def.timeoutIgnored) log.warn(`[forge-sandbox] ${def.timeoutIgnored}`);
  const filters = new Map<string, (event: unknown) => boolean>();
  for (const t of manifest.triggers) {
    if (!t.expression) continue;
    try {
      filters.set(t.key, compileFilterExpression(t.expression));
    } catch (e) {
      // Forge refuses to deploy such a manifest; the sandbox refuses to start with it.
      throw new Error(`Forge harness: trigger "${t.key}" has a filter.expression the sandbox cannot evaluate: ${errorMessage(e)}`, {
        cause: e,
      });
    }
  }

  // ---- translations for @forge/api i18n (Forge bundles them as <appCodeDir>/__LOCALES__) ----
  let appCodeDir: string | undefined;
  if (manifest.translations.locales.length > 0) {
    appCodeDir = mkdtempSync(join(tmpdir(), 'forge-sandbox-app-'));
    const dir = join(appCodeDir, '__LOCALES__');
    mkdirSync(dir);
    for (const l of manifest.translations.locales) copyFileSync(resolve(dirname(manifestPath), l.path), join(dir, `${l.key}.json`));
    writeFileSync(
      join(dir, 'i18n-info.json'),
      JSON.stringify({
        config: {
          locales: manifest.translations.locales.map((l) => l.key),
          fallback: { default: manifest.translations.fallbackDefault ?? manifest.translations.locales[0]?.key },
        },
      }),
    );
  }

  // ---- the app's handlers ----
  const appRequire = createRequire(join(dirname(manifestPath), 'src', 'index.ts'));
  const moduleCache = new Map<string, Record<string, unknown>>();
  function loadFile(file: string): Record<string, unknown> {
    const cached = moduleCache.get(file);
    if (cached) return cached;
    const mod =
      file === 'index' && opts.loadApp ? opts.loadApp() : (appRequire(join(dirname(manifestPath), 'src', file)) as Record<string, unknown>);
    moduleCache.set(file, mod);
    return mod;
  }
  function handlerOf(def: FunctionDef): Handler {
    const exp = loadFile(def.file)[def.exportName];
    if (typeof exp !== 'function') {
      throw new Error(
        `Forge harness: function "${def.key}" has handler ${def.handler}, but src/${def.file} exports no function "${def.exportName}"`,
      );
    }
    return exp as Handler;
  }

  function functionContext(principal: string | null): Record<string, unknown> {
    return {
      installContext,
      ...(principal ? { principal: { accountId: principal } } : {}),
      license: undefined,
      installation: {
        ari: { installationId, toString: () => `ari:cloud:ecosystem::installation/${installationId}` },
        contexts: [installContext],
      },
      workspaceId: cloudId,
    };
  }

  // ---- invocation ----
  async function invoke(
    functionKey: string,
    kind: InvocationState['kind'],
    moduleKey: string,
    principal: string | null,
    args: unknown[],
  ): Promise<unknown> {
    if (closed) throw new Error('Forge harness is closed');
    const def = manifest.functions.get(functionKey);
    if (!def) throw new Error(`Forge harness: no function "${functionKey}" in ${manifestPath}`);
    const handler = handlerOf(def);
    const invocationId = randomUUID();
    const timeoutMs = limitMsOf(def);
    const state: InvocationState = {
      invocationId,
      functionKey,
      moduleKey,
      kind,
      principal,
      deadline: Date.now() + timeoutMs,
      timedOut: false,
      appCodeDir,
      appContext: {
        appId,
        appVersion: '1.0.0',
        environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId,
        installationId,
        moduleKey,
        license: undefined,
        installation: undefined,
        permissions: { scopes: [...manifest.scopes], external: {} },
      },
      fetch: (d, p, i) => platformFetch(state, d, p, i),
    };
    live.set(invocationId, state);
    let timer: NodeJS.Timeout | undefined;
    const run = invocationStorage.run(state, () => Promise.resolve().then(() => handler(...args)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        state.timedOut = true;
        reject(new ForgeFunctionTimeoutError(functionKey, timeoutMs, invocationId, def.limitSeconds));
      }, timeoutMs);
    });
    run.catch(() => undefined); // a handler that fails after its timeout must not become an unhandled rejection
    try {
      return jsonRoundTrip(await Promise.race([run, timeout]));
    } finally {
      clearTimeout(timer);
      // Keep the state known for a short while: the emulator may still be answering its last request.
      setTimeout(() => live.delete(invocationId), 1000).unref();
    }
  }

  // ---- platform requests (__forge_fetch__) ----
  async function platformFetch(
    state: InvocationState,
    d: FetchDescriptor,
    path: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    if (d.type === 'kvs') {
      const parsed = parseMaybeJson(bodyText(init?.body) ?? '');
      const items = Array.isArray(parsed) ? parsed : [parsed];
      kvsLog.push({
        invocationId: state.invocationId,
        functionKey: state.functionKey,
        path,
        keys: items
          .filter(isRecord)
          .map((i) => i.key)
          .filter((k): k is string => typeof k === 'string'),
      });
      await platformLatency();
      return kvsFetch(path, init);
    }
    if (d.type === 'fpp' && d.remote === 'jira') return jiraFetch(state, d, path, init);
    if (d.type === 'fpp' && d.remote === 'stargate') return stargateFetch(state, path, init);
    log.error(`[forge-sandbox] ${state.functionKey}: unsupported platform request ${JSON.stringify(d)} ${path}`);
    return jsonResponse(
      400,
      { message: `The Forge sandbox does not emulate ${d.type}/${d.remote ?? d.provider ?? ''} requests (${path})` },
      { 'forge-proxy-error': 'INVALID_REMOTE_ERR' },
    );
  }

  async function kvsFetch(path: string, init: ForgeFetchInit | undefined): Promise<Response> {
    if (!manifest.scopes.has('storage:app')) {
      log.error(`[forge-sandbox] KVS ${path} refused: the manifest does not declare the "storage:app" scope`);
      return jsonResponse(403, {
        code: 'PERMISSION_DENIED',
        message: 'The app does not have the storage:app scope required by the Forge KVS',
      });
    }
    const text = bodyText(init?.body);
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : {};
    } catch {
      return jsonResponse(400, { code: 'BAD_REQUEST', message: 'Provided request body is invalid' });
    }
    const reply = store.handle(path, body);
    return jsonResponse(reply.status, reply.body);
  }

  async function jiraFetch(
    state: InvocationState,
    d: FetchDescriptor,
    fullPath: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    const started = Date.now();
    const actor: 'user' | 'app' = d.provider === 'user' ? 'user' : 'app';
    const accountId = actor === 'user' ? (d.accountId ?? state.principal) : null;
    const method = (init?.method ?? 'GET').toUpperCase();
    const qIndex = fullPath.indexOf('?');
    const path = qIndex >= 0 ? fullPath.slice(0, qIndex) : fullPath;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(qIndex >= 0 ? fullPath.slice(qIndex + 1) : '')) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const reqText = bodyText(init?.body);
    const entry: JiraCall = {
      invocationId: state.invocationId,
      functionKey: state.functionKey,
      actor,
      accountId,
      method,
      path,
      query,
      requestBody: reqText === undefined ? undefined : parseMaybeJson(reqText),
      status: 0,
      responseBody: null,
      ms: 0,
      at: started,
    };
    const finish = (status: number, responseBody: unknown): void => {
      entry.status = status;
      entry.responseBody = responseBody;
      entry.ms = Date.now() - started;
      jiraLog.push(entry);
    };

    if (actor === 'user' && !accountId) {
      log.error(
        `[forge-sandbox] ${state.functionKey}: asUser() ${method} ${path} has no user in the invocation context (${state.kind}); Forge refuses it`,
      );
      finish(401, { message: 'Authentication required: no user in the invocation context' });
      return jsonResponse(
        401,
        { message: 'Authentication required: no user in the invocation context' },
        { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
      );
    }

    const decision = checkScopes(method, path, manifest.scopes);
    if (!decision.allowed && decision.operation) {
      const op = `${decision.operation.method} ${decision.operation.path}`;
      const body = {
        code: 401,
        message: 'Unauthorized; scope does not match',
        sandbox:
          `Jira endpoint ${op} requires the "${decision.missing.join('", "')}" scope, which manifest.yml does not declare (permissions.scopes). ` +
          `Accepted scope sets: ${decision.required.map((s) => s.join(' + ')).join(' | ')}`,
      };
      log.error(`[forge-sandbox] SCOPE DENIED in function "${state.functionKey}": ${body.sandbox}`);
      entry.scopeDenied = { operation: op, missing: decision.missing };
      finish(401, body);
      return jsonResponse(401, body);
    }

    const override = overrides.find((o) => o.left > 0 && o.method === method && path.startsWith(o.pathPrefix));
    if (override) {
      override.left--;
      finish(override.status, override.body);
      return jsonResponse(override.status, override.body);
    }
    if (!jiraBase) throw new Error('Forge harness: attachJira(baseUrl) has not been called; no Jira to send requests to');
    const headers = new Headers(
      init?.headers instanceof Headers || Array.isArray(init?.headers) || isRecord(init?.headers)
        ? (init?.headers as HeadersInit)
        : undefined,
    );
    headers.set('x-sandbox-actor', actor === 'user' ? `user:${accountId ?? ''}` : 'app');
    headers.set(INVOCATION_HEADER, state.invocationId);
    let res: Response;
    try {
      res = await fetch(jiraBase + fullPath, { method, headers, body: reqText });
    } catch (e) {
      finish(0, { error: errorMessage(e) });
      throw e;
    }
    const text = await res.text();
    finish(res.status, parseMaybeJson(text));
    const outHeaders = new Headers(res.headers);
    outHeaders.delete('content-encoding');
    outHeaders.delete('content-length');
    outHeaders.delete('transfer-encoding');
    const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
    return new Response(nullBody ? null : text, { status: res.status, statusText: res.statusText, headers: outHeaders });
  }

  // @forge/events sends through __requestAtlassianAsApp (fpp/stargate) to these paths (templates kept literally).
  async function stargateFetch(state: InvocationState, path: string, init: ForgeFetchInit | undefined): Promise<Response> {
    const text = bodyText(init?.body);
    const body = text ? parseMaybeJson(text) : {};
    const rec = isRecord(body) ? body : {};
    if (path.replace(/[?#].*$/, '').replace(/\/+$/, '') === PRIVACY_PATH) return privacy.handle(init?.method ?? 'GET', text);
    if (path.startsWith('/webhook/queue/publish/')) {
      queueLog.push({
        invocationId: state.invocationId,
        functionKey: state.functionKey,
        queueName: typeof rec.queueName === 'string' ? rec.queueName : '',
        bodies: Array.isArray(rec.payload) ? rec.payload.map((e: unknown) => (isRecord(e) ? e.body : undefined)) : [],
      });
      await platformLatency();
      return queuePush(state, rec);
    }
    if (path.startsWith('/webhook/queue/stats/')) {
      const stats = typeof rec.jobId === 'string' ? events.jobStats(rec.jobId) : null;
      if (!stats) return jsonResponse(404, { message: 'Job not found' });
      return jsonResponse(200, stats);
    }
    if (path.startsWith('/webhook/queue/cancel/')) {
      const ids = typeof rec.jobId === 'string' ? events.cancelJob(rec.jobId) : null;
      if (!ids) return jsonResponse(404, { message: 'Job not found' });
      for (const id of ids) unschedule(id);
      return jsonResponse(204, undefined);
    }
    log.error(`[forge-sandbox] ${state.functionKey}: the sandbox does not emulate the Atlassian API path ${path}`);
    return jsonResponse(404, { message: `The Forge sandbox does not emulate ${path}` });
  }

  /** Strict mode: how late the platform delivers (trigger: "up to 3 minutes", manifest-reference/modules/trigger), compressed. */
  function platformLag(maxPlatformMs: number): number {
    return strict ? Math.round(random() * maxPlatformMs * timeScale) : 0;
  }

  /** How many copies of one event are delivered: `triggerDuplicates`, and in strict mode sometimes one more (at least once). */
  function copies(): number {
    return duplicates + (strict && random() < duplicateRate ? 1 : 0);
  }

  function queuePush(state: InvocationState, req: Record<string, unknown>): Response {
    const queueName = typeof req.queueName === 'string' ? req.queueName : '';
    const jobId = typeof req.jobId === 'string' ? req.jobId : randomUUID();
    const pushed = Array.isArray(req.payload) ? req.payload.filter(isRecord) : [];
    const consumers = manifest.consumers.filter((c) => c.queue === queueName);
    if (consumers.length === 0)
      log.warn(`[forge-sandbox] ${state.functionKey} pushed to queue "${queueName}", which no consumer module of the manifest reads`);
    events.registerJob(jobId, queueName);
    pushed.forEach((ev, i) => {
      const delayInSeconds = typeof ev.delayInSeconds === 'number' ? Math.min(900, Math.max(0, ev.delayInSeconds)) : undefined;
      const asyncEvent: Record<string, unknown> = {
        body: ev.body,
        jobId,
        eventId: `${jobId}-${i}`,
        queueName,
        ...(delayInSeconds !== undefined ? { delayInSeconds } : {}),
        ...(isRecord(ev.concurrency) ? { concurrency: ev.concurrency } : {}),
      };
      for (const c of consumers) {
        const n = copies();
        for (let copy = 0; copy < n; copy++) {
          // The delay the app asked for is never shortened (appDelayScale, default 1); the platform's own lag is compressed.
          const due = delayMs + (delayInSeconds ?? 0) * 1000 * appDelayScale + platformLag(60_000);
          const id = events.insert({
            kind: 'consumer',
            moduleKey: c.key,
            functionKey: c.function,
            event: queueName,
            subject: jobId,
            jobId,
            principal: state.principal,
            payload: asyncEvent,
            primary: copy === 0,
            dueInMs: due,
          });
          scheduleEvent(id, due);
        }
      }
    });
    return jsonResponse(201, {});
  }

  // ---- async deliveries (triggers, queue), persisted in the sandbox database (forge_events) ----
  const timers = new Map<NodeJS.Timeout, () => void>();
  const eventTimers = new Map<string, NodeJS.Timeout>();
  const pendingTasks = new Set<Promise<void>>();
  function schedule(ms: number, task: () => Promise<void>, eventId?: string): void {
    if (closed) return;
    const p = new Promise<void>((done) => {
      // Start from a clean async context: not inside the pushing invocation or the emulator request.
      invocationStorage.exit(() =>
        requestScope.exit(() => {
          const t = setTimeout(
            () => {
              timers.delete(t);
              if (eventId) eventTimers.delete(eventId);
              task()
                .catch((e: unknown) => log.error(`[forge-sandbox] delivery failed: ${errorMessage(e)}`))
                .finally(done);
            },
            Math.max(0, ms),
          );
          timers.set(t, done);
          if (eventId) eventTimers.set(eventId, t);
        }),
      );
    });
    pendingTasks.add(p);
    void p.finally(() => pendingTasks.delete(p));
  }
  function unschedule(eventId: string): void {
    const t = eventTimers.get(eventId);
    if (!t) return;
    clearTimeout(t);
    eventTimers.delete(eventId);
    timers.get(t)?.();
    timers.delete(t);
  }
  function scheduleEvent(id: string, ms: number): void {
    schedule(ms, () => deliverEvent(id), id);
  }

  /** Forge's retry delay: the app's `retryAfter` as asked; else the platform's backoff (up to ~15 min). */
  function retryDelayMs(attempt: number, retry: RetrySignal, appAsked: boolean): number {
    if (!strict) return retryUnit * Math.max(retry.retryAfter, 2 ** attempt);
    if (appAsked) return retry.retryAfter * 1000 * appDelayScale;
    return Math.min(900, 2 ** (attempt + 1)) * 1000 * timeScale;
  }

  /**
   * `concurrency: {key, limit}` on a pushed event: at most `limit` events with that key are processed
   * at once, across the installation's queues; without it, processing is unbounded
   * (runtime-reference/async-events-api, "Controlling processing concurrency"). An event over the
   * limit waits, pending, until a slot frees.
   */
  const runningByKey = new Map<string, number>();
  function concurrencyOf(payload: Record<string, unknown>): { key: string; limit: number } | null {
    const c = payload.concurrency;
    if (!isRecord(c) || typeof c.key !== 'string' || typeof c.limit !== 'number' || !(c.limit >= 1)) return null;
    return { key: c.key, limit: Math.floor(c.limit) };
  }

  async function deliverEvent(id: string): Promise<void> {
    const row = events.get(id);
    if (!row || row.state !== 'pending') return;
    const concurrency = row.kind === 'consumer' ? concurrencyOf(row.payload) : null;
    if (concurrency) {
      const running = runningByKey.get(concurrency.key) ?? 0;
      if (running >= concurrency.limit) {
        scheduleEvent(id, 100 + Math.floor(random() * 200));
        return;
      }
      runningByKey.set(concurrency.key, running + 1);
    }
    try {
      await deliverNow(id, row);
    } finally {
      if (concurrency) runningByKey.set(concurrency.key, Math.max(0, (runningByKey.get(concurrency.key) ?? 1) - 1));
    }
  }

  async function deliverNow(id: string, row: NonNullable<ReturnType<typeof events.get>>): Promise<void> {
    events.markRunning(id);
    const base = row.payload;
    const retryContext = row.retryReason
      ? {
          retryCount: row.attempt,
          retryReason: row.retryReason,
          retryData: row.retryData,
          ...(row.kind === 'consumer' && strict
            ? {
                retentionWindow: {
                  startTime: new Date(row.enqueuedAt).toISOString(),
                  remainingTimeMs: Math.max(0, row.enqueuedAt + retentionMs - Date.now()),
                },
              }
            : {}),
        }
      : undefined;
    const payload = retryContext ? { ...base, retryContext } : base;
    const subject = row.kind === 'trigger' ? String((isRecord(base.issue) ? base.issue.key : '') ?? '') : row.subject;
    const record: DeliveryRecord = {
      kind: row.kind,
      moduleKey: row.moduleKey,
      functionKey: row.functionKey,
      event: row.event,
      subject,
      attempt: row.attempt,
      outcome: 'ok',
      eventId: id,
      startedAt: Date.now(),
    };
    let retry: RetrySignal | null = null;
    let appAsked = false;
    try {
      const result = await invoke(row.functionKey, row.kind, row.moduleKey, row.principal, [
        jsonRoundTrip(payload),
        functionContext(row.principal),
      ]);
      retry = retrySignal(result);
      if (retry) {
        record.outcome = 'retry-requested';
        appAsked = true;
      }
    } catch (e) {
      record.outcome = e instanceof ForgeFunctionTimeoutError ? 'timeout' : 'error';
      record.error = errorMessage(e);
      log.error(`[forge-sandbox] ${row.kind} ${row.moduleKey} (${row.functionKey}) failed on ${row.event} ${subject}: ${record.error}`);
      const reason = record.outcome === 'timeout' ? 'FUNCTION_TIME_OUT' : 'FUNCTION_ERROR';
      // Async events are retried after any failure (runtime-reference/async-events-api, "Retries");
      // a trigger is retried only when it asks (InvocationError) or, in strict mode, after a platform-level error such as a timeout
      // (events-reference/product_events, "Retry for platform level errors").
      if (row.kind === 'consumer' || (strict && record.outcome === 'timeout'))
        retry = { retryAfter: 1, retryReason: reason, retryData: undefined };
    }
    record.finishedAt = Date.now();
    deliveries.push(record);
    const now = Date.now();
    let next: number | null = null;
    if (retry) {
      const delay = retryDelayMs(row.attempt, retry, appAsked);
      const withinLimits =
        row.kind === 'trigger' || !strict
          ? row.attempt < maxRetries // triggers: "a maximum of four times" (events-reference/product_events)
          : now + delay - row.enqueuedAt <= retentionMs; // async events: within the 24 h retention window
      if (withinLimits) next = delay;
    }
    events.finish(
      id,
      {
        at: new Date(now).toISOString(),
        attempt: row.attempt,
        outcome: record.outcome,
        ...(record.error ? { error: record.error } : {}),
        ...(next !== null ? { nextInMs: next } : {}),
      },
      next === null
        ? retry
          ? 'dropped'
          : 'done'
        : { retryAfterMs: next, reason: retry?.retryReason ?? 'FUNCTION_RETRY_REQUEST', data: retry?.retryData },
    );
    if (next !== null) scheduleEvent(id, next);
  }

  function onIssueEvent(event: IssueEvent): void {
    const scope = requestScope.getStore();
    const selfGenerated = scope !== undefined || event.atlassianId === APP_ACCOUNT_ID;
    for (const t of manifest.triggers) {
      if (!t.events.includes(event.eventType)) continue;
      if (t.ignoreSelf && selfGenerated) continue;
      const payload: Record<string, unknown> = {
        eventType: event.eventType,
        issue: event.issue,
        atlassianId: event.atlassianId,
        associatedUsers: [{ accountId: event.atlassianId }],
        ...(event.changelog ? { changelog: event.changelog } : {}),
        selfGenerated,
        context: { cloudId, moduleKey: t.key },
      };
      const snapshot = jsonRoundTrip(payload) as Record<string, unknown>;
      const filter = filters.get(t.key);
      if (filter) {
        let pass: boolean;
        try {
          pass = filter(snapshot);
        } catch (e) {
          const receive = t.onError === 'RECEIVE' || t.onError === 'RECEIVE_AND_LOG';
          if (t.onError.endsWith('_LOG'))
            log.warn(
              `[forge-sandbox] trigger ${t.key}: filter.expression failed on ${event.eventType} ${event.issue.key} (${errorMessage(e)}); ${receive ? 'delivered' : 'dropped'} (onError ${t.onError})`,
            );
          pass = receive;
          if (receive) snapshot.filterError = { message: errorMessage(e) };
        }
        filtered.push({ trigger: t.key, eventType: event.eventType, issueKey: event.issue.key, delivered: pass });
        if (!pass) continue;
      }
      const n = copies();
      for (let copy = 0; copy < n; copy++) {
        const due = delayMs + platformLag(180_000);
        const id = events.insert({
          kind: 'trigger',
          moduleKey: t.key,
          functionKey: t.function,
          event: event.eventType,
          subject: event.issue.key,
          jobId: null,
          principal: null,
          payload: snapshot,
          primary: copy === 0,
          dueInMs: due,
        });
        scheduleEvent(id, due);
      }
    }
  }

  // ---- validators ----
  async function invokeValidator(moduleKey: string, args: ValidatorInvocationArgs): Promise<ValidatorResult> {
    const mod = manifest.validators.find((v) => v.key === moduleKey);
    if (!mod)
      return {
        result: false,
        errorMessage: `Validator "${moduleKey}" could not run: the app has no jira:workflowValidator module with that key`,
      };
    if (!mod.function) {
      log.warn(`[forge-sandbox] validator ${moduleKey} is expression-based; the sandbox does not evaluate Jira expressions, so it passes`);
      return { result: true };
    }
    const payload = {
      issue: { key: args.issue.key, ...(args.issue.id ? { id: args.issue.id } : {}) },
      configuration: args.configuration ?? {},
      transition: {
        from: { id: args.transition.from.id },
        to: { id: args.transition.to.id },
        ...(args.transition.id ? { id: args.transition.id } : {}),
        ...(args.transition.name ? { name: args.transition.name } : {}),
        modifiedFields: args.modifiedFields ?? {},
      },
    };
    try {
      const result = await invoke(mod.function, 'validator', moduleKey, args.accountId, [payload, functionContext(args.accountId)]);
      if (!isRecord(result) || typeof result.result !== 'boolean') {
        return {
          result: false,
          errorMessage: `Validator "${moduleKey}" could not run: its function returned ${JSON.stringify(result)} instead of {result: boolean, errorMessage?}`,
        };
      }
      if (result.result) return { result: true };
      return {
        result: false,
        errorMessage: typeof result.errorMessage === 'string' ? result.errorMessage : `Validator "${moduleKey}" refused the transition`,
      };
    } catch (e) {
      log.error(`[forge-sandbox] validator ${moduleKey} (${mod.function}) failed: ${errorMessage(e)}`);
      const why = e instanceof ForgeFunctionTimeoutError ? `it timed out after ${e.timeoutMs} ms` : errorMessage(e);
      return { result: false, errorMessage: `Validator "${moduleKey}" could not run (${why}); the transition is refused.` };
    }
  }

  async function runValidators(call: ValidatorCall): Promise<ValidatorResult> {
    for (const v of call.validators) {
      const r = await invokeValidator(v.moduleKey, {
        issue: { key: call.issue.key, id: call.issue.id },
        configuration: v.configuration,
        transition: { from: call.transition.from, to: call.transition.to, id: call.transition.id, name: call.transition.name },
        modifiedFields: call.modifiedFields,
        accountId: call.actorAccountId,
      });
      if (!r.result) return r;
    }
    return { result: true };
  }

  // ---- resolvers ----
  async function invokeResolver(functionKey: string, resolverName: string, payload: unknown, ctx: ResolverCallContext): Promise<unknown> {
    const mod = manifest.resolverModules.find((m) => m.key === ctx.moduleKey);
    if (!mod) throw new Error(`Forge harness: no module "${ctx.moduleKey}" with a resolver in ${manifestPath}`);
    if (mod.function !== functionKey)
      throw new Error(`Forge harness: module "${ctx.moduleKey}" uses resolver function "${mod.function}", not "${functionKey}"`);
    const extensionAri = `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${ctx.moduleKey}`;
    const context = {
      accountId: ctx.accountId ?? undefined,
      accountType: ctx.accountId ? 'licensed' : 'unlicensed',
      cloudId,
      workspaceId: cloudId,
      siteUrl,
      localId: ctx.localId ?? extensionAri,
      moduleKey: ctx.moduleKey,
      extension: { type: mod.type, ...ctx.extension },
      environmentId,
      environmentType: 'DEVELOPMENT',
      installContext,
      // "A user's locale information is not directly available to Forge functions" (runtime-reference/i18n).
      ...(strict ? {} : { locale: ctx.locale ?? 'fi-FI' }),
      timezone: ctx.timezone ?? 'Europe/Helsinki',
      theme: ctx.theme ? { colorMode: ctx.theme } : undefined,
    };
    const request = { call: { functionKey: resolverName, payload: jsonRoundTrip(payload) }, context: jsonRoundTrip(context) };
    return invoke(functionKey, 'resolver', ctx.moduleKey, ctx.accountId, [request, functionContext(ctx.accountId)]);
  }

  const privacy = createPrivacyEndpoint();
  const scheduled = createScheduledTriggers({
    manifestPath,
    cloudId,
    logger: log,
    functionContext: () => functionContext(null),
    invoke: (functionKey, moduleKey, args) => invoke(functionKey, 'trigger', moduleKey, null, args),
  });
  const drain = async () => {
    while (pendingTasks.size > 0) await Promise.allSettled([...pendingTasks]);
  };

  return {
    manifest,
    functionLimitMs(functionKey: string) {
      const def = manifest.functions.get(functionKey);
      if (!def) throw new Error(`Forge harness: no function "${functionKey}" in ${manifestPath}`);
      return limitMsOf(def);
    },
    privacy,
    scheduled,
    handleControl: (req, res) => handleSandboxControls(req, res, { privacy, scheduled, drain }),
    strict,
    attachJira(baseUrl: string) {
      jiraBase = baseUrl.replace(/\/+$/, '');
      if (!opts.siteUrl) siteUrl = jiraBase;
      if (!resumed) {
        // Events accepted before the sandbox last stopped (or crashed) are delivered now.
        resumed = true;
        const now = Date.now();
        for (const e of events.resumable(now)) scheduleEvent(e.id, e.dueAt - now);
      }
    },
    emulatorHooks: { runValidators, onIssueEvent },
    invokeResolver,
    invokeValidator,
    triggers: {
      async drain() {
        while (pendingTasks.size > 0) await Promise.allSettled([...pendingTasks]);
      },
      setDelay(ms: number) {
        delayMs = Math.max(0, ms);
      },
      setDuplicates(n: number) {
        duplicates = Math.max(1, Math.floor(n));
      },
      pending: () => pendingTasks.size,
      deliveries,
      filtered,
      events: () => events.all(),
      push(queueName: string, body: unknown) {
        const state = { functionKey: '(test)', principal: null } as unknown as InvocationState;
        queuePush(state, { queueName, payload: [{ body }] });
      },
    },
    jiraLog,
    kvsLog,
    queueLog,
    setPlatformLatency(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be a non-negative number of milliseconds');
      platformLatencyMs = ms;
    },
    async invokeConsumer(consumerModuleKey: string, body: unknown) {
      const c = manifest.consumers.find((x) => x.key === consumerModuleKey);
      if (!c) throw new Error(`Forge harness: no consumer module "${consumerModuleKey}" in ${manifestPath}`);
      const jobId = randomUUID();
      return invoke(c.function, 'consumer', c.key, null, [
        { body: jsonRoundTrip(body), jobId, eventId: `${jobId}-0`, queueName: c.queue },
        functionContext(null),
      ]);
    },
    overrideJira(o: JiraOverride) {
      overrides.push({ ...o, method: o.method.toUpperCase(), left: o.times ?? 1 });
    },
    kvs: { dump: () => store.dump(), clear: () => store.clear(), settleQueries: () => store.settleQueries() },
    runInRequestScope<T>(req: IncomingMessage, fn: () => T): T {
      const raw = req.headers[INVOCATION_HEADER];
      const id = Array.isArray(raw) ? raw[0] : raw;
      const invocation = id ? live.get(id) : undefined;
      return invocation ? requestScope.run({ invocation }, fn) : fn();
    },
    async close() {
      closed = true;
      for (const [t, done] of timers) {
        clearTimeout(t);
        done();
      }
      timers.clear();
      await Promise.allSettled([...pendingTasks]);
      if (appCodeDir) rmSync(appCodeDir, { recursive: true, force: true });
    },
  };
}
