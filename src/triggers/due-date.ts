/**
 * The epic's due date changed (issue 24): its children's dates move with it (services/schedule/due-move.ts).
 * Transient failures and a busy epic ask for the event again; a permanent one is logged.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { AppError } from '../services/common/errors';
import { moveDueDates } from '../services/schedule/due-move';

interface ChangelogEvent {
  changelog?: { items?: { field?: string; fieldId?: string }[] };
}

/** The update changed the due date (`duedate` in the changelog). */
export function dueDateChanged(event: ChangelogEvent): boolean {
  return (event.changelog?.items ?? []).some((i) => i.field === 'duedate' || i.fieldId === 'duedate');
}

/** Moves the children's dates; an InvocationError when the event should come again. */
export async function moveDueDatesOnEvent(
  epic: { id: string; key: string },
  by: string | undefined,
  isTransient: (e: unknown) => boolean,
): Promise<InvocationError | void> {
  try {
    const out = await moveDueDates(epic, by && by.length > 0 ? by : 'app');
    if (out.moved.length > 0) console.info(`[due-dates] ${epic.key}: moved ${out.moved.length}, kept ${out.kept.length}`);
  } catch (e) {
    if ((e instanceof AppError && e.code === 'CONFLICT') || isTransient(e)) {
      return new InvocationError({ retryAfter: 30, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
    }
    console.error(`[due-dates] ${epic.key}: not retried (permanent):`, e instanceof Error ? `${e.name}: ${e.message}` : e);
  }
}
