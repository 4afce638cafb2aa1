/**
 * Personal data in the app's stored records: which Atlassian account ids a record holds (for the
 * personal data reporting API), and how a record reads once closed accounts are replaced by their
 * pseudonyms. Pure: no I/O. The storage side is src/storage/privacy.ts, the run src/services/privacy/personal-data-run.ts.
 *
 * Atlassian's user privacy guide (docs: user-privacy-guidelines): an account id is 1–128 characters,
 * letters, digits, `-` and `:`; the account `unknown` is never reported.
 */
import { createHmac } from 'node:crypto';
import { PSEUDONYM_PREFIX, isPseudonym } from './domain';

const ACCOUNT_ID_RE = /^[A-Za-z0-9:-]{1,128}$/;

/** An id the app must report: a well-formed account id that is not the app, `unknown` or a pseudonym. */
export function isReportableAccountId(id: unknown): id is string {
  return typeof id === 'string' && ACCOUNT_ID_RE.test(id) && id !== 'unknown' && id !== 'app' && !isPseudonym(id);
}

/** Field names whose string value is an account id, wherever they appear in a stored record. */
const ACCOUNT_FIELDS = new Set([
  'by',
  'attestedBy',
  'requestedBy',
  'decidedBy',
  'updatedBy',
  'startedBy',
  'waivedBy',
  'savedBy',
  'accountId',
  'onBehalfOf',
  'standIn',
]);

/**
 * The account ids one stored record holds, by its KVS key (layout: src/storage/store.ts):
 * any field named in ACCOUNT_FIELDS, every value of a `roster` object, a roster key's value, and
 * the before/after of a `roster.changed` audit entry, and a role's people as a pick records them.
 */
export function accountIdsOf(key: string, value: unknown): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (isReportableAccountId(v)) out.add(v);
  };
  if (/^epic:[^:]+:roster:/.test(key)) add(value);
  if (/^epic:[^:]+:members:/.test(key) && Array.isArray(value)) value.forEach(add);
  /** A role's people as a pick records them ({first, members}: audit entry and intent). */
  const addHolders = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const h = v as { first?: unknown; members?: unknown };
    add(h.first);
    if (Array.isArray(h.members)) h.members.forEach(add);
  };
  if (/^epic:[^:]+:pick$/.test(key) && value && typeof value === 'object') {
    const i = value as { picked?: unknown; before?: unknown; after?: unknown };
    add(i.picked);
    addHolders(i.before);
    addHolders(i.after);
  }
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (ACCOUNT_FIELDS.has(k)) add(x);
      if (k === 'roster' && x && typeof x === 'object' && !Array.isArray(x))
        for (const r of Object.values(x as Record<string, unknown>)) add(r);
      walk(x, depth + 1);
    }
  };
  walk(value, 0);
  if (key.startsWith('audit:') && value && typeof value === 'object') {
    const e = value as { action?: unknown; before?: unknown; after?: unknown };
    if (e.action === 'roster.changed') {
      add(e.before);
      add(e.after);
    }
    if (e.action === 'roster.membersChanged') for (const v of [e.before, e.after]) if (Array.isArray(v)) v.forEach(add);
    if (e.action === 'roster.assigneePicked') for (const v of [e.before, e.after]) addHolders(v);
  }
  return [...out];
}

/**
 * The stable pseudonym of a closed account: a keyed hash (HMAC-SHA-256 with the installation's own
 * secret), so the same account gets the same pseudonym in every record and every run, while nobody
 * without the secret can tell which account it was by hashing candidate ids.
 */
export function pseudonymOf(accountId: string, secret: string): string {
  return PSEUDONYM_PREFIX + createHmac('sha256', secret).update(accountId, 'utf8').digest('hex').slice(0, 20);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of each `replacements` key (an account id, or a closed account's
 * display name) in every string and object key of `value` with its pseudonym. Returns the new value
 * and whether anything changed. Longer needles first, so an id never shadows a longer one.
 */
export function pseudonymise<T>(value: T, replacements: ReadonlyMap<string, string>): { value: T; changed: boolean } {
  const needles = [...replacements.keys()].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  if (needles.length === 0) return { value, changed: false };
  const re = new RegExp(needles.map(escapeRe).join('|'), 'g');
  let changed = false;
  const fix = (s: string): string => {
    re.lastIndex = 0;
    if (!re.test(s)) return s;
    changed = true;
    re.lastIndex = 0;
    return s.replace(re, (m) => replacements.get(m) ?? m);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[fix(k)] = walk(x);
      return out;
    }
    return v;
  };
  const result = walk(value) as T;
  return { value: changed ? result : value, changed };
}

/** One account to report: its id and the oldest time the app obtained data about it (RFC 3339). */
export interface ReportedAccount {
  accountId: string;
  updatedAt: string;
}

/** Keeps, per account, the oldest time seen (the age the privacy API asks for). */
export function mergeOldest(into: Map<string, string>, accountId: string, at: string): void {
  const prev = into.get(accountId);
  if (prev === undefined || at < prev) into.set(accountId, at);
}

/** A role's further people without the closed accounts, in their order (null: none of them is closed). */
export function membersWithoutClosed(members: readonly unknown[], closed: ReadonlySet<string>): string[] | null {
  const kept = members.filter((id): id is string => typeof id === 'string' && !closed.has(id));
  return kept.length === members.length ? null : kept;
}
