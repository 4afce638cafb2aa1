/**
 * The rules of Forge's Key-Value Store that kvs-store.ts applies: limits, key and value checks, TTLs, query filters
 * and cursors (limits and codes: kvs-store.ts's header).
 */

export const KVS_KEY_EXISTS_CODE = 'KEY_CONFLICT';
export const KVS_CONDITION_FAILED_CODE = 'CONDITION_FAILED';
export const KVS_MAX_VALUE_BYTES = 128 * 1024;
export const KVS_MAX_KEY_BYTES = 500;
export const KVS_MAX_TRANSACTION_OPS = 25;
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

export type Ns = 'kv' | 'secret' | 'entity';

export interface KvsReply {
  status: number;
  body?: unknown;
}

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Row {
  ns: Ns;
  entity: string;
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function bad(message: string): KvsError {
  return new KvsError(400, 'BAD_REQUEST', message);
}

export function reqKey(body: Record<string, unknown>): string {
  const key = body.key;
  if (typeof key !== 'string' || key.length === 0) throw bad('Provided request body is invalid: key must be a non-empty string');
  if (Buffer.byteLength(key) > KVS_MAX_KEY_BYTES) throw bad(`Key is longer than ${KVS_MAX_KEY_BYTES} bytes`);
  if (!KEY_PATTERN.test(key)) throw bad(`Key "${key}" does not match ${KEY_PATTERN.source}`);
  return key;
}

export function reqEntityName(body: Record<string, unknown>): string {
  const n = body.entityName;
  if (typeof n !== 'string' || !n) throw bad('Provided request body is invalid: entityName must be a non-empty string');
  return n;
}

export function serialise(value: unknown): string {
  if (value === undefined) throw bad('Provided request body is invalid: value is required');
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > KVS_MAX_VALUE_BYTES) {
    throw bad(`Value of ${Buffer.byteLength(text)} bytes exceeds the ${KVS_MAX_VALUE_BYTES}-byte (128 KiB) limit`);
  }
  return text;
}

export function ttlMs(options: unknown): number | null {
  if (!isRecord(options) || !isRecord(options.ttl)) return null;
  const { value, unit } = options.ttl;
  if (typeof value !== 'number' || value <= 0) throw bad('ttl.value must be a positive number');
  const mult = { SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 }[String(unit)];
  if (!mult) throw bad(`ttl.unit must be SECONDS, MINUTES, HOURS or DAYS`);
  return value * mult;
}

export function metadata(row: Row, fields: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { key: row.key, value: JSON.parse(row.value) as unknown };
  const f = Array.isArray(fields) ? fields : [];
  if (f.includes('CREATED_AT')) out.createdAt = row.created_at;
  if (f.includes('UPDATED_AT')) out.updatedAt = row.updated_at;
  if (f.includes('EXPIRE_TIME') && row.expire_at !== null) out.expireTime = new Date(row.expire_at).toISOString();
  return out;
}

export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Evaluates one where/filter clause of @forge/kvs against a value. */
export function clauseHolds(actual: unknown, condition: string, values: unknown[]): boolean {
  const [v0, v1] = values;
  switch (condition) {
    case 'EXISTS':
      return actual !== undefined && actual !== null;
    case 'NOT_EXISTS':
      return actual === undefined || actual === null;
    case 'EQUAL_TO':
      return actual === v0;
    case 'NOT_EQUAL_TO':
      return actual !== v0;
    case 'BEGINS_WITH':
      return (typeof actual === 'string' || typeof actual === 'number') && String(actual).startsWith(String(v0));
    case 'CONTAINS':
      return (typeof actual === 'string' && actual.includes(String(v0))) || (Array.isArray(actual) && actual.includes(v0));
    case 'NOT_CONTAINS':
      return !((typeof actual === 'string' && actual.includes(String(v0))) || (Array.isArray(actual) && actual.includes(v0)));
    case 'GREATER_THAN':
      return actual !== undefined && compare(actual, v0) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, v0) >= 0;
    case 'LESS_THAN':
      return actual !== undefined && compare(actual, v0) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, v0) <= 0;
    case 'BETWEEN':
      return actual !== undefined && compare(actual, v0) >= 0 && compare(actual, v1) <= 0;
    default:
      throw bad(`Unsupported condition ${condition}`);
  }
}

export function filtersHold(value: unknown, filters: unknown): boolean {
  if (filters === undefined || filters === null) return true;
  if (!isRecord(filters)) throw bad('conditions/filters must be an object {and: [...]} or {or: [...]}');
  const rec = isRecord(value) ? value : {};
  const check = (f: unknown): boolean => {
    if (!isRecord(f) || typeof f.property !== 'string' || typeof f.condition !== 'string') throw bad('Invalid filter clause');
    return clauseHolds(rec[f.property], f.condition, Array.isArray(f.values) ? f.values : []);
  };
  if (Array.isArray(filters.and)) return filters.and.every(check);
  if (Array.isArray(filters.or)) return filters.or.some(check);
  return true;
}

export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(c: unknown): unknown[] | null {
  if (typeof c !== 'string' || !c) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    return Array.isArray(v) ? v : null;
  } catch {
    throw bad('Invalid cursor');
  }
}

export function queryLimit(v: unknown): number {
  if (v === undefined || v === null) return 10;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100) throw bad('limit must be an integer between 1 and 100');
  return v;
}

export interface KvsStoreOptions {
  /** Custom entity indexes from the manifest (`app.storage.entities`), when any. */
  entityIndexes?: Map<string, Map<string, { partition: string[]; range: string }>>;
  now?: () => number;
  /**
   * Strict mode: `kvs.query` is eventually consistent (storage-reference/kvs, "Data consistency"),
   * so it answers from the store as it was this many ms ago; `get`, `set`, `delete`, batches and
   * transactions stay strictly consistent. 0 (default): queries see every write at once.
   */
  queryLagMs?: number;
  /**
   * Strict mode: an entry whose TTL has passed is deleted asynchronously, "up to 48 hours" later, and
   * "read operations may still return expired results" (storage-reference/kvs-api, "Time-to-live").
   * The store keeps such an entry, for every operation, until this many ms after its expiry: get,
   * batch get, query and transaction conditions still see it, and a `FAIL_IF_EXISTS` set of its key
   * conflicts (the docs do not say; the least convenient reading). 0 (default): gone at expiry.
   */
  ttlLingerMs?: number;
}
