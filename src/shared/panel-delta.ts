/**
 * What a panel action answers with (issue 22): the parts of the panel's view that changed, not the
 * whole view and never the template. Shared by the resolvers (deltaOf) and the panel (applyDelta);
 * nothing here does I/O.
 *
 * The view is cut into units: each top-level part (not the template), each field of the readiness
 * and of each gate, each element of the readiness items and of a gate's conditions (by position),
 * and each entry of the audit tail, attestations and waivers (by id, with the ids' order as a unit
 * of its own). The panel sends a fingerprint of every unit it holds (printsOf) with the action;
 * the resolver answers with the units whose fingerprint differs from the view after the action,
 * and the units the panel holds that are gone. A change someone else made in between travels too:
 * the comparison is with what the panel holds, not with the state before the action.
 *
 * Texts travel in the panel's language only: a LocalizedText ({fi, sv, en}) in a unit is sent as
 * that language's text ({[lang]: text}) and the panel holds it in every language slot; fingerprints
 * are taken of the same projection, so a text counts as changed only when the panel's language's
 * does. A gate's `message` (the workflow validator's text, which the panel does not show) is no
 * unit: a delta leaves it out and the panel's view after an action has none.
 *
 * The template travels once per version: the delta names the template id and version the state
 * belongs to; when the panel holds another one it reads the whole view again (getPanel).
 */
import type { PanelDelta, PanelView, ViewPrints } from './api';
import type { Locale } from './domain';

export type { PanelDelta, ViewPrints } from './api';

/** Limits on what a panel may send (the resolvers' schema, src/resolvers/panel-actions.ts). */
export const PRINT_LIMITS = { units: 2000, pathChars: 300, printChars: 16 } as const;

/** Arrays whose elements are units by position. */
const INDEXED = new Set(['readiness.items', 'gates.entry.conditions', 'gates.exit.conditions']);
/** Arrays whose elements are units by id: the field naming it. */
const KEYED: Record<string, string> = { auditTail: 'id', attestations: 'conditionId', waivers: 'itemId' };
/** Objects whose fields are units. */
const SPLIT = new Set(['readiness', 'gates.entry', 'gates.exit']);

/** JSON with object keys sorted, so that the same value gives the same text on both sides. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const LANGS = ['fi', 'sv', 'en'] as const;

function isLocalizedText(v: unknown): v is Record<Locale, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 3 && LANGS.every((l) => typeof (v as Record<string, unknown>)[l] === 'string');
}

/** A unit with every LocalizedText cut to one language's text ({[lang]: text}). */
export function inLanguage(value: unknown, lang: Locale): unknown {
  if (isLocalizedText(value)) return { [lang]: value[lang] };
  if (Array.isArray(value)) return value.map((v) => inLanguage(v, lang));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inLanguage(v, lang)]));
  return value;
}

/** A unit as the panel holds it: every one-language text ({[lang]: text}) in all three slots. */
function expanded(value: unknown, lang: Locale): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === lang && typeof (value as Record<string, unknown>)[lang] === 'string') {
      const text = (value as Record<string, string>)[lang]!;
      return { fi: text, sv: text, en: text };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expanded(v, lang)]));
  }
  if (Array.isArray(value)) return value.map((v) => expanded(v, lang));
  return value;
}

/** A 53-bit fingerprint (cyrb53) of a unit, in base 36. */
export function fingerprint(value: unknown): string {
  const text = stableJson(value);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function addUnits(units: Record<string, unknown>, path: string, value: unknown): void {
  if (INDEXED.has(path) && Array.isArray(value)) {
    units[`${path}#length`] = value.length;
    value.forEach((v, i) => (units[`${path}#${i}`] = v));
  } else if (path in KEYED && Array.isArray(value)) {
    const idField = KEYED[path]!;
    const ids = value.map((v) => String((v as Record<string, unknown>)[idField]));
    units[path] = ids;
    value.forEach((v, i) => (units[`${path}@${ids[i]}`] = v));
  } else if ((SPLIT.has(path) || path === 'gates') && value !== null && typeof value === 'object') {
    units[`${path}#object`] = true;
    for (const [k, v] of Object.entries(value)) if (!(path.startsWith('gates.') && k === 'message')) addUnits(units, `${path}.${k}`, v);
  } else units[path] = value;
}

/** The view cut into units (the template left out). */
export function unitsOf(view: PanelView): Record<string, unknown> {
  const units: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) if (k !== 'template' && v !== undefined) addUnits(units, k, v);
  return units;
}

/** What the panel sends with an action: a fingerprint of every unit of the view it holds, in its language. */
export function printsOf(view: PanelView, lang: Locale): ViewPrints {
  const prints: ViewPrints = {};
  for (const [path, v] of Object.entries(unitsOf(view))) prints[path] = fingerprint(inLanguage(v, lang));
  return prints;
}

/** The resolver's answer: the units of `after` that the panel (its `since`) does not hold as they are, in the caller's language. */
export function deltaOf(after: PanelView, since: ViewPrints | undefined, lang: Locale): PanelDelta {
  const units = unitsOf(after);
  const changed: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(units)) {
    const shown = inLanguage(v, lang);
    if (!since || since[path] !== fingerprint(shown)) changed[path] = shown;
  }
  const removed = since ? Object.keys(since).filter((p) => !(p in units)) : [];
  return { template: { id: after.template.id, version: after.template.version }, units: changed, removed };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

/** The view rebuilt from units (the template given). */
function viewOf(units: Record<string, unknown>, template: PanelView['template']): PanelView {
  const view: Record<string, unknown> = { template };
  const indexed = new Map<string, unknown[]>();
  const keyed = new Map<string, Map<string, unknown>>();
  const entries = Object.entries(units);
  for (const [path, v] of entries) {
    const at = path.indexOf('@');
    const hash = path.indexOf('#');
    if (at > 0 && path.slice(0, at) in KEYED) {
      const k = path.slice(0, at);
      if (!keyed.has(k)) keyed.set(k, new Map());
      keyed.get(k)!.set(path.slice(at + 1), v);
    } else if (hash > 0) {
      const base = path.slice(0, hash);
      const suffix = path.slice(hash + 1);
      if (suffix === 'object') {
        setPath(view, base, {});
      } else if (suffix === 'length') {
        if (!indexed.has(base)) indexed.set(base, []);
      } else {
        if (!indexed.has(base)) indexed.set(base, []);
        indexed.get(base)![Number(suffix)] = v;
      }
    }
  }
  for (const [path, v] of entries) if (!path.includes('@') && !path.includes('#')) setPath(view, path, v);
  for (const [base, arr] of indexed) {
    const length = Number(units[`${base}#length`] ?? arr.length);
    setPath(
      view,
      base,
      Array.from({ length }, (_, i) => arr[i]),
    );
  }
  for (const k of Object.keys(KEYED)) {
    const ids = units[k];
    if (!Array.isArray(ids)) continue;
    const byId = keyed.get(k) ?? new Map<string, unknown>();
    setPath(
      view,
      k,
      ids.map((id) => byId.get(String(id))),
    );
  }
  return view as unknown as PanelView;
}

/** The panel's view after an action; null when the delta belongs to another template version (read the view again). */
export function applyDelta(view: PanelView, delta: PanelDelta, lang: Locale): PanelView | null {
  if (delta.template.id !== view.template.id || delta.template.version !== view.template.version) return null;
  const units = unitsOf(view);
  for (const [path, v] of Object.entries(delta.units)) units[path] = expanded(v, lang);
  for (const path of delta.removed) delete units[path];
  return viewOf(units, view.template);
}
