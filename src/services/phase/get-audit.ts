/** Use case: read the epic's audit trail, a page at a time. */
import * as store from '../../storage/store';
import { AppError } from '../common/errors';
import { type Caller, type EpicRef, P, load } from './context';

/** KVS refuses a cursor it did not give out with a 400 (ForgeKvsAPIError). */
export function isRefusedCursor(e: unknown): boolean {
  const err = e as { responseDetails?: { status?: unknown }; code?: unknown } | null;
  return err?.responseDetails?.status === 400 || err?.code === 'BAD_REQUEST' || err?.code === 'INVALID_CURSOR';
}

export async function getAudit(caller: Caller, epic: EpicRef, cursor?: string) {
  const l = await load(caller, epic);
  try {
    return await store.readAudit(l.loaded.epic.id, 50, cursor);
  } catch (e) {
    if (cursor && isRefusedCursor(e)) throw new AppError('INVALID_INPUT', P.badCursor, [], { cause: e });
    throw e;
  }
}
