/** An operation of several steps (a template upgrade), recorded before its first outside write. */
import { kvs } from '@forge/kvs';
import { operationSchema, type StoredOperation } from './records';
import { getParsed, key, setIfAbsent } from './kvs-util';

export type { StoredOperation };

/** Records an operation's intent; false when another is recorded for the epic. */
export async function putOperation(epicId: string, op: StoredOperation): Promise<boolean> {
  return setIfAbsent(key('epic', epicId, 'op'), op);
}

export async function getOperation(epicId: string): Promise<StoredOperation | undefined> {
  return getParsed(key('epic', epicId, 'op'), operationSchema);
}

export async function deleteOperation(epicId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'op'));
}
