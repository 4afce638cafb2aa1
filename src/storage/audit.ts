/** The audit trail: append-only, newest first in key order, only listed (kvs.query). */
import { kvs, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../shared/api';
import { auditEntrySchema, parseRecord } from './records';
import { key, setIfAbsent } from './kvs-util';

const MAX_TIME = 9_999_999_999_999;

/** A new audit entry id for the moment `now`: newest first in key order. */
export function auditIdAt(now: Date): string {
  const inverted = String(MAX_TIME - now.getTime()).padStart(13, '0');
  return `${inverted}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Appends an entry; entries are never rewritten. `scopeId` is the epic id (or `project-<id>`).
 * With `fixedId` (an operation's entry, its id chosen when its intent was recorded) it is written once
 * however often the operation's last step runs. */
export async function appendAudit(
  scopeId: string,
  entry: Omit<AuditEntry, 'id' | 'at'>,
  now = new Date(),
  fixedId?: string,
): Promise<AuditEntry> {
  const id = fixedId ?? auditIdAt(now);
  const full: AuditEntry = { id, at: now.toISOString(), ...entry };
  await setIfAbsent(key('audit', scopeId, id), full);
  return full;
}

/** Newest first. */
export async function readAudit(
  scopeId: string,
  limit: number,
  cursor?: string,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  let q = kvs
    .query()
    .where('key', WhereConditions.beginsWith(`audit:${scopeId}:`))
    .limit(Math.min(Math.max(limit, 1), 100));
  if (cursor) q = q.cursor(cursor);
  const page = await q.getMany<unknown>();
  const entries = page.results
    .map((r) => parseRecord(r.key, auditEntrySchema, r.value))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entries, nextCursor: page.nextCursor ?? null };
}
