/**
 * Server side of Forge's Key-Value Store and Custom Entity Store, for the paths and bodies that
 * @forge/kvs 1.6.x sends (out/storage-api.js, out/transaction-api.js), kept in SQLite tables of
 * the sandbox database (so they persist with the emulator's file).
 *
 * Limits (as documented for Forge KVS): key 1–500 bytes matching /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/,
 * JSON value at most 128 KiB, query limit 1–100 (default 10), a transaction at most 25 operations
 * on distinct keys. Errors are answered as `{code, message}` bodies, which the SDK turns into
 * ForgeKvsAPIError with that code.
 *
 * Error codes: KEY_NOT_FOUND (404; the SDK turns it into `undefined`), BAD_REQUEST (400),
 * KEY_CONFLICT (409) for a `keyPolicy: 'FAIL_IF_EXISTS'` set of an existing key,
 * CONDITION_FAILED (409) for a transaction whose condition does not hold (nothing is written),
 * PERMISSION_DENIED (403) when the manifest lacks `storage:app`.
 * KEY_CONFLICT / CONDITION_FAILED are this sandbox's choice: the SDK (1.6.5) does not name them.
 */
import type { Database } from 'better-sqlite3';
import { statementCache, type Prepare } from '../sqlite';

export const KVS_KEY_EXISTS_CODE = 'KEY_CONFLICT';
export const KVS_CONDITION_FAILED_CODE = 'CONDITION_FAILED';
export const KVS_MAX_VALUE_BYTES = 128 * 1024;
export const KVS_MAX_KEY_BYTES = 500;
export const KVS_MAX_TRANSACTION_OPS = 25;
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

type Ns = 'kv' | 'secret' | 'entity';

export interface KvsReply {
  status: number;
  body?: unknown;
}

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Row {
  ns: Ns;
  entity: string;
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(message: string): KvsError {
  return new KvsError(400, 'BAD_REQUEST', message);
}

function reqKey(body: Record<string, unknown>): string {
  const key = body.key;
  if (typeof key !== 'string' || key.length === 0) throw bad('Provided request body is invalid: key must be a non-empty string');
  if (Buffer.byteLength(key) > KVS_MAX_KEY_BYTES) throw bad(`Key is longer than ${KVS_MAX_KEY_BYTES} bytes`);
  if (!KEY_PATTERN.test(key)) throw bad(`Key "${key}" does not match ${KEY_PATTERN.source}`);
  return key;
}

function reqEntityName(body: Record<string, unknown>): string {
  const n = body.entityName;
  if (typeof n !== 'string' || !n) throw bad('Provided request body is invalid: entityName must be a non-empty string');
  return n;
}

function serialise(value: unknown): string {
  if (value === undefined) throw bad('Provided request body is invalid: value is required');
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > KVS_MAX_VALUE_BYTES) {
    throw bad(`Value of ${Buffer.byteLength(text)} bytes exceeds the ${KVS_MAX_VALUE_BYTES}-byte (128 KiB) limit`);
  }
  return text;
}

function ttlMs(options: unknown): number | null {
  if (!isRecord(options) || !isRecord(options.ttl)) return null;
  const { value, unit } = options.ttl;
  if (typeof value !== 'number' || value <= 0) throw bad('ttl.value must be a positive number');
  const mult = { SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 }[String(unit)];
  if (!mult) throw bad(`ttl.unit must be SECONDS, MINUTES, HOURS or DAYS`);
  return value * mult;
}

function metadata(row: Row, fields: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { key: row.key, value: JSON.parse(row.value) as unknown };
  const f = Array.isArray(fields) ? fields : [];
  if (f.includes('CREATED_AT')) out.createdAt = row.created_at;
  if (f.includes('UPDATED_AT')) out.updatedAt = row.updated_at;
  if (f.includes('EXPIRE_TIME') && row.expire_at !== null) out.expireTime = new Date(row.expire_at).toISOString();
  return out;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Evaluates one where/filter clause of @forge/kvs against a value. */
function clauseHolds(actual: unknown, condition: string, values: unknown[]): boolean {
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

function filtersHold(value: unknown, filters: unknown): boolean {
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

function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(c: unknown): unknown[] | null {
  if (typeof c !== 'string' || !c) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    return Array.isArray(v) ? v : null;
  } catch {
    throw bad('Invalid cursor');
  }
}

function queryLimit(v: unknown): number {
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

/** The value history of one KVS key within the query lag window (in memory: after a restart the index has caught up). */
interface KeyHistory {
  /** The row before the first write inside the window (undefined: the key did not exist). */
  before: Row | undefined;
  changes: { at: number; row: Row | undefined }[];
}

export class KvsStore {
  private readonly now: () => number;
  private readonly sql: Prepare;
  private readonly history = new Map<string, KeyHistory>();

  constructor(
    private readonly db: Database,
    private readonly opts: KvsStoreOptions = {},
  ) {
    this.now = opts.now ?? (() => Date.now()); // read late: a test may move the clock (test/clock.ts)
    this.sql = statementCache(db);
    db.exec(`CREATE TABLE IF NOT EXISTS forge_kvs (
      ns TEXT NOT NULL,
      entity TEXT NOT NULL DEFAULT '',
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      expire_at INTEGER,
      PRIMARY KEY (ns, entity, key)
    )`);
  }

  // ---- low level ----
  /** Entries that expired before this moment are gone; later ones may still be read (strict: `ttlLingerMs`). */
  private goneBefore(): number {
    return this.now() - (this.opts.ttlLingerMs ?? 0);
  }

  private row(ns: Ns, entity: string, key: string): Row | undefined {
    const r = this.sql('SELECT * FROM forge_kvs WHERE ns = ? AND entity = ? AND key = ?').get(ns, entity, key) as Row | undefined;
    if (r && r.expire_at !== null && r.expire_at <= this.goneBefore()) {
      this.sql('DELETE FROM forge_kvs WHERE ns = ? AND entity = ? AND key = ?').run(ns, entity, key);
      return undefined;
    }
    return r;
  }

  private write(ns: Ns, entity: string, key: string, text: string, ttl: number | null, prev: Row | undefined): Row {
    const now = this.now();
    const row: Row = {
      ns,
      entity,
      key,
      value: text,
      created_at: prev?.created_at ?? now,
      updated_at: now,
      expire_at: ttl === null ? null : now + ttl,
    };
    this.remember(ns, key, prev, row);
    this.sql(
      `INSERT INTO forge_kvs (ns, entity, key, value, created_at, updated_at, expire_at) VALUES (@ns, @entity, @key, @value, @created_at, @updated_at, @expire_at)
      ON CONFLICT (ns, entity, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, expire_at = excluded.expire_at`,
    ).run(row);
    return row;
  }

  private remove(ns: Ns, entity: string, key: string): void {
    if (ns === 'kv' && (this.opts.queryLagMs ?? 0) > 0) this.remember(ns, key, this.row(ns, entity, key), undefined);
    this.sql('DELETE FROM forge_kvs WHERE ns = ? AND entity = ? AND key = ?').run(ns, entity, key);
  }

  /** Strict mode: keeps what a lagging query must still see of a KVS key. */
  private remember(ns: Ns, key: string, prev: Row | undefined, next: Row | undefined): void {
    if (ns !== 'kv' || (this.opts.queryLagMs ?? 0) <= 0) return;
    const h = this.history.get(key) ?? { before: prev, changes: [] };
    h.changes.push({ at: this.now(), row: next });
    this.history.set(key, h);
  }

  /** The KVS rows as a query sees them: as they were `queryLagMs` ago. */
  private laggedRows(prefix: string, current: Row[]): Row[] {
    const lag = this.opts.queryLagMs ?? 0;
    if (lag <= 0) return current;
    const cutoff = this.now() - lag;
    const byKey = new Map(current.map((r) => [r.key, r] as const));
    for (const [key, h] of this.history) {
      // Every change is older than the window: the index has caught up, forget the history.
      if (h.changes.every((c) => c.at <= cutoff)) {
        this.history.delete(key);
        continue;
      }
      if (!key.startsWith(prefix)) continue;
      const seen = [...h.changes].reverse().find((c) => c.at <= cutoff);
      const row = seen ? seen.row : h.before;
      if (row) byKey.set(key, row);
      else byKey.delete(key);
    }
    return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  // ---- operations ----
  private get(ns: Ns, body: Record<string, unknown>): KvsReply {
    const entity = ns === 'entity' ? reqEntityName(body) : '';
    const r = this.row(ns, entity, reqKey(body));
    if (!r) return { status: 404, body: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } };
    return { status: 200, body: metadata(r, isRecord(body.options) ? body.options.metadataFields : undefined) };
  }

  private set(ns: Ns, body: Record<string, unknown>): KvsReply {
    const entity = ns === 'entity' ? reqEntityName(body) : '';
    const key = reqKey(body);
    const text = serialise(body.value);
    const options = isRecord(body.options) ? body.options : {};
    const ttl = ttlMs(options);
    const policy = options.keyPolicy ?? 'OVERRIDE';
    if (policy !== 'OVERRIDE' && policy !== 'FAIL_IF_EXISTS') throw bad(`keyPolicy must be OVERRIDE or FAIL_IF_EXISTS`);
    // Synchronous check-and-write: atomic in this single-threaded process, so of N concurrent
    // FAIL_IF_EXISTS sets of one key exactly one succeeds.
    const prev = this.row(ns, entity, key);
    if (policy === 'FAIL_IF_EXISTS' && prev) {
      throw new KvsError(409, KVS_KEY_EXISTS_CODE, `Key "${key}" already exists (keyPolicy FAIL_IF_EXISTS)`);
    }
    const next = this.write(ns, entity, key, text, ttl, prev);
    if (options.returnValue === 'PREVIOUS') return { status: 200, body: prev ? metadata(prev, options.returnMetadataFields) : undefined };
    if (options.returnValue === 'LATEST') return { status: 200, body: metadata(next, options.returnMetadataFields) };
    return { status: 204 };
  }

  private del(ns: Ns, body: Record<string, unknown>): KvsReply {
    const entity = ns === 'entity' ? reqEntityName(body) : '';
    this.remove(ns, entity, reqKey(body));
    return { status: 204 };
  }

  private query(body: Record<string, unknown>): KvsReply {
    const limit = queryLimit(body.limit);
    let prefix = '';
    if (Array.isArray(body.where)) {
      for (const w of body.where) {
        if (!isRecord(w) || w.property !== 'key' || w.condition !== 'BEGINS_WITH' || !Array.isArray(w.values)) {
          throw bad('Only where("key", WhereConditions.beginsWith(...)) is supported by kvs.query');
        }
        prefix = String(w.values[0] ?? '');
      }
    }
    const after = decodeCursor(body.after);
    const afterKey = after ? String(after[0]) : null;
    const now = this.goneBefore();
    const lagged = (this.opts.queryLagMs ?? 0) > 0;
    let rows = this.sql(
      `SELECT * FROM forge_kvs WHERE ns = 'kv' AND entity = '' AND substr(key, 1, ?) = ?
      AND (? IS NULL OR key > ?) AND (expire_at IS NULL OR expire_at > ?) ORDER BY key ${lagged ? '' : 'LIMIT ?'}`,
    ).all(...[prefix.length, prefix, afterKey, afterKey, now, ...(lagged ? [] : [limit + 1])]) as Row[];
    if (lagged) {
      rows = this.laggedRows(prefix, rows)
        .filter((r) => (afterKey === null || r.key > afterKey) && (r.expire_at === null || r.expire_at > now))
        .slice(0, limit + 1);
    }
    const page = rows.slice(0, limit);
    const opts = isRecord(body.options) ? body.options : {};
    const data = page.map((r) => metadata(r, opts.metadataFields));
    const last = page[page.length - 1];
    return { status: 200, body: rows.length > limit && last ? { data, cursor: encodeCursor([last.key]) } : { data } };
  }

  private entityQuery(body: Record<string, unknown>): KvsReply {
    const entity = reqEntityName(body);
    const indexName = typeof body.indexName === 'string' ? body.indexName : '';
    const index = this.opts.entityIndexes?.get(entity)?.get(indexName);
    const limit = queryLimit(body.limit);
    const all = (
      this.sql(`SELECT * FROM forge_kvs WHERE ns = 'entity' AND entity = ? AND (expire_at IS NULL OR expire_at > ?)`).all(
        entity,
        this.goneBefore(),
      ) as Row[]
    ).map((r) => ({ row: r, value: JSON.parse(r.value) as unknown }));
    const prop = (v: unknown, p: string): unknown => (isRecord(v) ? v[p] : undefined);
    const rangeAttr = index?.range ?? 'key';
    const sortVal = (x: { row: Row; value: unknown }): unknown => (rangeAttr === 'key' ? x.row.key : prop(x.value, rangeAttr));
    let items = all;
    if (index && Array.isArray(body.partition)) {
      const part = body.partition;
      items = items.filter((x) => index.partition.every((p, i) => prop(x.value, p) === part[i]));
    }
    if (isRecord(body.range)) {
      const { condition, values } = body.range;
      items = items.filter((x) => clauseHolds(sortVal(x), String(condition), Array.isArray(values) ? values : []));
    }
    items = items.filter((x) => filtersHold(x.value, body.filters));
    const desc = body.sort === 'DESC';
    items.sort((a, b) => (desc ? -1 : 1) * (compare(sortVal(a), sortVal(b)) || compare(a.row.key, b.row.key)));
    const after = decodeCursor(body.cursor);
    if (after) {
      const idx = items.findIndex((x) => x.row.key === after[0]);
      items = idx >= 0 ? items.slice(idx + 1) : items;
    }
    const page = items.slice(0, limit);
    const data = page.map((x) => metadata(x.row, body.metadataFields));
    const last = page[page.length - 1];
    return { status: 200, body: items.length > limit && last ? { data, cursor: encodeCursor([last.row.key]) } : { data } };
  }

  private batch(kind: 'get' | 'set' | 'delete', body: unknown): KvsReply {
    if (!Array.isArray(body)) throw bad('Batch body must be an array');
    if (body.length > 25) throw bad('A batch holds at most 25 items');
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of body) {
      const rec = isRecord(item) ? item : {};
      const ns: Ns = typeof rec.entityName === 'string' ? 'entity' : 'kv';
      const ident = { key: rec.key, ...(ns === 'entity' ? { entityName: rec.entityName } : {}) };
      try {
        if (kind === 'get') {
          const r = this.get(ns, rec);
          if (r.status === 404) failedKeys.push({ ...ident, error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } });
          else successfulKeys.push({ ...(isRecord(r.body) ? r.body : {}), ...ident });
        } else {
          if (kind === 'set') this.set(ns, rec);
          else this.del(ns, rec);
          successfulKeys.push(ident);
        }
      } catch (e) {
        if (!(e instanceof KvsError)) throw e;
        failedKeys.push({ ...ident, error: { code: e.code, message: e.message } });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private transaction(body: Record<string, unknown>): KvsReply {
    const sets = Array.isArray(body.set) ? body.set : [];
    const deletes = Array.isArray(body.delete) ? body.delete : [];
    const checks = Array.isArray(body.check) ? body.check : [];
    const ops = sets.length + deletes.length + checks.length;
    if (ops === 0) throw bad('A transaction needs at least one operation');
    if (ops > KVS_MAX_TRANSACTION_OPS) throw bad(`A transaction holds at most ${KVS_MAX_TRANSACTION_OPS} operations`);
    const seen = new Set<string>();
    const ident = (rec: Record<string, unknown>): { ns: Ns; entity: string; key: string } => {
      const ns: Ns = typeof rec.entityName === 'string' ? 'entity' : 'kv';
      const entity = ns === 'entity' ? reqEntityName(rec) : '';
      const key = reqKey(rec);
      const id = `${entity}\u0000${key}`;
      if (seen.has(id)) throw bad(`Key "${key}"${entity ? ` of entity ${entity}` : ''} appears more than once in one transaction`);
      seen.add(id);
      return { ns, entity, key };
    };
    const checkConditions = (ns: Ns, entity: string, key: string, conditions: unknown): void => {
      if (conditions === undefined || conditions === null) return;
      const r = this.row(ns, entity, key);
      const value: unknown = r ? JSON.parse(r.value) : undefined;
      if (!filtersHold(value, conditions)) {
        throw new KvsError(
          409,
          KVS_CONDITION_FAILED_CODE,
          `Transaction condition failed for key "${key}"${entity ? ` of entity ${entity}` : ''}; nothing was written`,
        );
      }
    };
    const run = this.db.transaction(() => {
      const plannedSets = sets.map((s) => {
        const rec = isRecord(s) ? s : {};
        return { ...ident(rec), rec };
      });
      const plannedDeletes = deletes.map((d) => {
        const rec = isRecord(d) ? d : {};
        return { ...ident(rec), rec };
      });
      for (const c of checks) {
        const rec = isRecord(c) ? c : {};
        const { ns, entity, key } = ident(rec);
        checkConditions(ns, entity, key, rec.conditions);
      }
      for (const p of [...plannedSets, ...plannedDeletes]) checkConditions(p.ns, p.entity, p.key, p.rec.conditions);
      for (const p of plannedSets) {
        const text = serialise(p.rec.value);
        this.write(p.ns, p.entity, p.key, text, ttlMs(p.rec.options), this.row(p.ns, p.entity, p.key));
      }
      for (const p of plannedDeletes) this.remove(p.ns, p.entity, p.key);
    });
    run();
    return { status: 204 };
  }

  /** Answers one @forge/kvs request (`path` as sent by the SDK, `/api/v1/...`). */
  handle(path: string, rawBody: unknown): KvsReply {
    try {
      const body = isRecord(rawBody) ? rawBody : {};
      switch (path) {
        case '/api/v1/get':
          return this.get('kv', body);
        case '/api/v1/set':
          return this.set('kv', body);
        case '/api/v1/delete':
          return this.del('kv', body);
        case '/api/v1/query':
          return this.query(body);
        case '/api/v1/secret/get':
          return this.get('secret', body);
        case '/api/v1/secret/set':
          return this.set('secret', body);
        case '/api/v1/secret/delete':
          return this.del('secret', body);
        case '/api/v1/entity/get':
          return this.get('entity', body);
        case '/api/v1/entity/set':
          return this.set('entity', body);
        case '/api/v1/entity/delete':
          return this.del('entity', body);
        case '/api/v1/entity/query':
          return this.entityQuery(body);
        case '/api/v1/batch/get':
          return this.batch('get', rawBody);
        case '/api/v1/batch/set':
          return this.batch('set', rawBody);
        case '/api/v1/batch/delete':
          return this.batch('delete', rawBody);
        case '/api/v1/transaction':
          return this.transaction(body);
        default:
          return { status: 404, body: { code: 'NOT_FOUND', message: `The sandbox KVS does not implement ${path}` } };
      }
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: { code: e.code, message: e.message } };
      throw e;
    }
  }

  /** Every value a read could return (in strict mode, expired ones still lingering included), for tests and the debugging UI: `key` for KVS, `secret:key`, `entity:<name>:key`. */
  dump(): Record<string, unknown> {
    const rows = this.sql('SELECT * FROM forge_kvs WHERE expire_at IS NULL OR expire_at > ? ORDER BY ns, entity, key').all(
      this.goneBefore(),
    ) as Row[];
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      const name = r.ns === 'kv' ? r.key : r.ns === 'secret' ? `secret:${r.key}` : `entity:${r.entity}:${r.key}`;
      out[name] = JSON.parse(r.value) as unknown;
    }
    return out;
  }

  /** Strict mode: the query index catches up with every write now (as if the lag had passed). */
  settleQueries(): void {
    this.history.clear();
  }

  clear(): void {
    this.history.clear();
    this.db.exec('DELETE FROM forge_kvs');
  }
}
