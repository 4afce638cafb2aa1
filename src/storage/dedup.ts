/**
 * The intent of a duplicate cleanup (services/items/duplicates.ts), recorded before its first deletion and
 * deleted after its audit entry:
 *   epic:<epicId>:dedup   DedupIntent (FAIL_IF_EXISTS)
 * A cleanup cut off in between is finished by the next cleanup on the epic: its deletions again (a
 * child already gone answers 404), the map, and the audit entry under the id fixed here.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { parseRecord } from './records';
import { setIfAbsent } from './store';

const ref = z.looseObject({ id: z.string().min(1), key: z.string().min(1) });

export const dedupIntentSchema = z.looseObject({
  epicId: z.string().min(1),
  /** Who started it (account id). */
  by: z.string().min(1),
  startedAt: z.string().min(1),
  /** The id of its audit entry. */
  auditId: z.string().min(1),
  /** itemId → the child kept (and put in the map). */
  keep: z.record(z.string(), ref),
  /** The surplus to delete. */
  remove: z.array(ref),
  /** Surplus left for a person (keys). */
  needsPerson: z.array(z.string()),
});
export type DedupIntent = z.infer<typeof dedupIntentSchema>;

const keyOf = (epicId: string) => `epic:${epicId}:dedup`;

/** Records a cleanup's intent; false when one is recorded already. */
export async function putDedupIntent(intent: DedupIntent): Promise<boolean> {
  return setIfAbsent(keyOf(intent.epicId), intent);
}

export async function getDedupIntent(epicId: string): Promise<DedupIntent | undefined> {
  const value = await kvs.get<unknown>(keyOf(epicId));
  return value === undefined ? undefined : parseRecord(keyOf(epicId), dedupIntentSchema, value);
}

export async function deleteDedupIntent(epicId: string): Promise<void> {
  await kvs.delete(keyOf(epicId));
}
