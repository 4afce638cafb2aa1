/**
 * Storage of the personal data reporting run, and the one allowed rewrite of the app's records:
 * replacing a closed account's id with its pseudonym (audit entries included, which are otherwise
 * never rewritten). Uses @forge/kvs directly with the key formats of src/storage/store.ts.
 *
 * Keys of this module:
 *   privacy:run                       RunState of the current or last run (account ids only while running)
 *   privacy:run-start:<runId>         claim that starts a run once (FAIL_IF_EXISTS, 8-day TTL)
 *   privacy:claim:<runId>:<n>         claim of the run's n-th invocation (FAIL_IF_EXISTS, 1-day TTL)
 *   privacy:found:<n>                 [accountId, oldestAt][] found by the scan, before merging
 *   privacy:list:<n>                  the merged, sorted accounts to report, 450 a chunk (5 calls of 90)
 *   privacy:refreshed:<accountId>     when an "updated" account's data was last refreshed (ISO)
 *   secret privacy:pseudonym-key      the installation's secret for pseudonyms (never leaves KVS)
 *
 * Every operation is counted, so a run can report how many KVS operations it made.
 */
import { randomBytes } from 'node:crypto';
import { kvs, MetadataField, WhereConditions } from '@forge/kvs';
import type { AuditAction } from '../core/domain';

/** The prefixes of every record that may hold an account id (src/storage/store.ts key list). */
export const PERSONAL_DATA_PREFIXES = ['epic:', 'audit:', 'settings:', 'decision:', 'ptpl:', 'standin:', 'privacy:refreshed:'] as const;

export const LIST_CHUNK = 450;
export const FOUND_CHUNK = 450;
const BATCH = 25;

export const kvsOps = { reads: 0, writes: 0, queries: 0, deletes: 0 };
export function resetKvsOps(): void {
  kvsOps.reads = kvsOps.writes = kvsOps.queries = kvsOps.deletes = 0;
}
export function totalKvsOps(): number {
  return kvsOps.reads + kvsOps.writes + kvsOps.queries + kvsOps.deletes;
}

function isKeyExistsError(e: unknown): boolean {
  const err = e as { code?: unknown; responseDetails?: { status?: unknown } } | null;
  const message = e instanceof Error ? e.message : String(e);
  return (
    err?.code === 'KEY_ALREADY_EXISTS' ||
    err?.code === 'KEY_CONFLICT' ||
    err?.responseDetails?.status === 409 ||
    /already exists|KEY_ALREADY_EXISTS|FAIL_IF_EXISTS/i.test(message)
  );
}

async function setIfAbsent<T>(k: string, value: T, ttlDays?: number): Promise<boolean> {
  kvsOps.writes++;
  try {
    await kvs.set(k, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttlDays ? { ttl: { value: ttlDays, unit: 'DAYS' as const } } : {}) });
    return true;
  } catch (e) {
    if (isKeyExistsError(e)) return false;
    throw e;
  }
}

export async function get<T>(k: string): Promise<T | undefined> {
  kvsOps.reads++;
  return kvs.get<T>(k);
}

export async function put<T>(k: string, value: T): Promise<void> {
  kvsOps.writes++;
  await kvs.set(k, value);
}

export async function remove(k: string): Promise<void> {
  kvsOps.deletes++;
  await kvs.delete(k);
}

/** Writes many keys, 25 a batch; throws when the store refuses any of them. */
export async function putMany(items: { key: string; value: unknown }[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    kvsOps.writes++;
    const r = await kvs.batchSet(items.slice(i, i + BATCH).map(({ key, value }) => ({ key, value })));
    if (r.failedKeys.length) throw new Error(`KVS refused ${r.failedKeys.length} of ${Math.min(BATCH, items.length - i)} writes`);
  }
}

export async function removeMany(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    kvsOps.deletes++;
    await kvs.batchDelete(keys.slice(i, i + BATCH).map((key) => ({ key })));
  }
}

export interface ScannedRecord {
  key: string;
  value: unknown;
  /** When the record was first written (ISO), when the store says. */
  createdAt: string | null;
}

function isoOf(t: unknown): string | null {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return null;
  return new Date(t < 1e12 ? t * 1000 : t).toISOString();
}

/**
 * One page (≤ 100 records, key order) of the records under `prefix`. Atlassian says query cursors
 * should not be persisted (docs: storage-reference/kvs-api-query); a run keeps one only between its
 * own invocations, and when the store no longer takes it, the scan of that prefix starts over
 * (`restarted`), which every step of a run allows (they are idempotent).
 */
export async function scanPage(
  prefix: string,
  cursor: string | undefined,
  limit = 100,
): Promise<{ records: ScannedRecord[]; nextCursor?: string; restarted: boolean }> {
  const query = (c: string | undefined) => {
    kvsOps.queries++;
    let q = kvs
      .query({ metadataFields: [MetadataField.CREATED_AT] })
      .where('key', WhereConditions.beginsWith(prefix))
      .limit(limit);
    if (c) q = q.cursor(c);
    return q.getMany<unknown>();
  };
  let restarted = false;
  let page: Awaited<ReturnType<typeof query>>;
  try {
    page = await query(cursor);
  } catch (e) {
    if (!cursor) throw e;
    restarted = true;
    page = await query(undefined);
  }
  return {
    records: page.results.map((r) => ({ key: r.key, value: r.value, createdAt: isoOf((r as { createdAt?: unknown }).createdAt) })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    restarted,
  };
}

// ------------------------------------------------------------------------------ run bookkeeping
export const RUN_KEY = 'privacy:run';
export const claimRunStart = (runId: string) => setIfAbsent(`privacy:run-start:${runId}`, { at: new Date().toISOString() }, 8);
export const claimInvocation = (runId: string, n: number) =>
  setIfAbsent(`privacy:claim:${runId}:${n}`, { at: new Date().toISOString() }, 1);
export const foundKey = (n: number) => `privacy:found:${n}`;
export const listKey = (n: number) => `privacy:list:${n}`;
export const refreshedKey = (accountId: string) => `privacy:refreshed:${accountId}`;

/** The installation's pseudonym secret, created once. */
export async function pseudonymSecret(): Promise<string> {
  const name = 'privacy:pseudonym-key';
  kvsOps.reads++;
  const existing = await kvs.getSecret<string>(name);
  if (typeof existing === 'string' && existing) return existing;
  kvsOps.writes++;
  try {
    await kvs.setSecret(name, randomBytes(32).toString('hex'), { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (e) {
    if (!isKeyExistsError(e)) throw e;
  }
  kvsOps.reads++;
  const secret = await kvs.getSecret<string>(name);
  if (typeof secret !== 'string' || !secret) throw new Error('The pseudonym secret could not be stored');
  return secret;
}

// ------------------------------------------------------------------------------ audit (key format of store.ts)
const MAX_TIME = 9_999_999_999_999;

/** Appends an audit entry in the format of store.appendAudit (`audit:<scopeId>:<inverted time>-<random>`). */
export async function appendAuditEntry(
  scopeId: string,
  entry: { by: string; action: AuditAction; subject?: string; before?: unknown; after?: unknown },
  now = new Date(),
): Promise<void> {
  const inverted = String(MAX_TIME - now.getTime()).padStart(13, '0');
  const id = `${inverted}-${Math.random().toString(36).slice(2, 10)}`;
  await setIfAbsent(`audit:${scopeId}:${id}`, { id, at: now.toISOString(), ...entry });
}
