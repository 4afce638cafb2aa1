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
import {
  bad,
  clauseHolds,
  compare,
  decodeCursor,
  encodeCursor,
  filtersHold,
  isRecord,
  KVS_CONDITION_FAILED_CODE,
  KVS_KEY_EXISTS_CODE,
  KVS_MAX_TRANSACTION_OPS,
  KvsError,
  metadata,
  queryLimit,
  reqEntityName,
  reqKey,
  serialise,
  ttlMs,
  type KvsReply,
  type KvsStoreOptions,
  type Ns,
  type Row,
} from './kvs-rules';

export {
  KVS_CONDITION_FAILED_CODE,
  KVS_KEY_EXISTS_CODE,
  KVS_MAX_KEY_BYTES,
  KVS_MAX_TRANSACTION_OPS,
  KVS_MAX_VALUE_BYTES,
  type KvsReply,
  type KvsStoreOptions,
} from './kvs-rules';

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
