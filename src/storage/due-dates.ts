/**
 * Due dates the app set (issue 24), and a move of them in progress:
 *   epic:<epicId>:due        DueRecord: per item, the date the app gave its child last (null: none)
 *   epic:<epicId>:due-move   DueMoveIntent (FAIL_IF_EXISTS): the children to move, recorded before the
 *                            first edit and deleted after the move's audit entry
 * Neither holds personal data (the intent names who moved the epic's date only as `by`, an account id
 * or 'app'; the personal-data run covers it: services/privacy/personal-data-run.ts).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { parseRecord } from './records';
import { intentStore } from './intents';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const dueRecordSchema = z.looseObject({
  /** itemId → the date the app set on its child (null: the app set none). */
  children: z.record(z.string(), day.nullable()),
});
export type DueRecord = z.infer<typeof dueRecordSchema>;

export const dueMoveIntentSchema = z.looseObject({
  epicId: z.string().min(1),
  epicKey: z.string().min(1),
  /** The epic's due date before and after (null: none). */
  from: day.nullable(),
  to: day.nullable(),
  /** Who changed the epic's date (account id; 'app' when unknown). */
  by: z.string().min(1),
  startedAt: z.string().min(1),
  /** The id of its audit entry. */
  auditId: z.string().min(1),
  moves: z.array(
    z.looseObject({ itemId: z.string().min(1), id: z.string().min(1), key: z.string().min(1), from: day.nullable(), to: day.nullable() }),
  ),
  /** Children kept at a date a person gave them (keys). */
  kept: z.array(z.string()),
});
export type DueMoveIntent = z.infer<typeof dueMoveIntentSchema>;

export const dueRecordKey = (epicId: string) => `epic:${epicId}:due`;
export const dueMoveKey = (epicId: string) => `epic:${epicId}:due-move`;

export async function getDueRecord(epicId: string): Promise<DueRecord> {
  const value = await kvs.get<unknown>(dueRecordKey(epicId));
  return value === undefined ? { children: {} } : parseRecord(dueRecordKey(epicId), dueRecordSchema, value);
}

/** Records the dates the app set (or is about to set) on these items' children, keeping the others. */
export async function recordAppDueDates(epicId: string, dates: Readonly<Record<string, string | null>>): Promise<void> {
  if (Object.keys(dates).length === 0) return;
  const current = await getDueRecord(epicId);
  await kvs.set(dueRecordKey(epicId), { children: { ...current.children, ...dates } });
}

const moveIntents = intentStore(dueMoveKey, dueMoveIntentSchema);

/** Records a move's intent; false when one is recorded already. */
export async function putDueMoveIntent(intent: DueMoveIntent): Promise<boolean> {
  return moveIntents.put(intent.epicId, intent);
}

export async function getDueMoveIntent(epicId: string): Promise<DueMoveIntent | undefined> {
  return moveIntents.get(epicId);
}

export async function deleteDueMoveIntent(epicId: string): Promise<void> {
  await moveIntents.delete(epicId);
}
