/**
 * The intent record of a multi-step write (intent first: docs/ARCHITECTURE.md): created once
 * (FAIL_IF_EXISTS) before the first outside write, read strictly by whoever finishes it, deleted after
 * its audit entry. One record per epic and kind, under its own key (the due-date move's, a role pick's).
 */
import { kvs } from '@forge/kvs';
import type { RecordSchema } from './records';
import { getParsed, setIfAbsent } from './kvs-util';

export interface IntentStore<T> {
  /** Records the intent; false when one is recorded already (another run finishes that one). */
  put: (epicId: string, intent: T) => Promise<boolean>;
  get: (epicId: string) => Promise<T | undefined>;
  delete: (epicId: string) => Promise<void>;
}

export function intentStore<T>(keyOf: (epicId: string) => string, schema: RecordSchema<T>): IntentStore<T> {
  return {
    put: (epicId, intent) => setIfAbsent(keyOf(epicId), intent),
    get: (epicId) => getParsed(keyOf(epicId), schema),
    delete: (epicId) => kvs.delete(keyOf(epicId)),
  };
}
