/**
 * Manifest scope enforcement for Jira requests, from the committed extract of Atlassian's
 * OpenAPI description (sandbox/forge/jira-scopes.json, made by scripts/extract-jira-scopes.ts).
 */
import extract from './jira-scopes.json';

interface Op {
  method: string;
  path: string;
  scopes: string[][];
  segments: string[];
  regex: RegExp;
  literalCount: number;
}

export interface ScopeDecision {
  /** The operation found in the spec (path template), or null when the path is not in the spec. */
  operation: { method: string; path: string } | null;
  allowed: boolean;
  /** The scope sets the operation accepts (any one of them suffices). */
  required: string[][];
  /** Scopes of the first (classic) set that the manifest lacks; empty when allowed. */
  missing: string[];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ops: Op[] = extract.operations.map((o) => {
  const segments = o.path.split('/').filter(Boolean);
  const regex = new RegExp('^/' + segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : escape(s))).join('/') + '/?$');
  return { ...o, segments, regex, literalCount: segments.filter((s) => !s.startsWith('{')).length };
});

/** Literal segments beat parameters, left to right (so /issue/bulk wins over /issue/{issueIdOrKey}). */
function moreSpecific(a: Op, b: Op): boolean {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const al = !(a.segments[i] ?? '').startsWith('{');
    const bl = !(b.segments[i] ?? '').startsWith('{');
    if (al !== bl) return al;
  }
  return a.literalCount > b.literalCount;
}

export function findOperation(method: string, path: string): { method: string; path: string; scopes: string[][] } | null {
  const m = method.toUpperCase();
  let best: Op | null = null;
  for (const op of ops) {
    if (op.method !== m || !op.regex.test(path)) continue;
    if (!best || moreSpecific(op, best)) best = op;
  }
  return best ? { method: best.method, path: best.path, scopes: best.scopes } : null;
}

export function checkScopes(method: string, path: string, granted: ReadonlySet<string>): ScopeDecision {
  const op = findOperation(method, path.split('?')[0] ?? path);
  if (!op) return { operation: null, allowed: true, required: [], missing: [] };
  if (op.scopes.length === 0) return { operation: { method: op.method, path: op.path }, allowed: true, required: [], missing: [] };
  const allowed = op.scopes.some((set) => set.every((s) => granted.has(s)));
  const first = op.scopes[0] ?? [];
  return {
    operation: { method: op.method, path: op.path },
    allowed,
    required: op.scopes,
    missing: allowed ? [] : first.filter((s) => !granted.has(s)),
  };
}

export const scopeSource: string = extract.source;
