/**
 * Personal data reporting: the scheduled trigger `privacy-report` (hourly; a run starts once a week) and the consumer of the
 * queue `privacy-queue` that continues a run (src/services/privacy/personal-data-run.ts).
 * Scheduled trigger contract (docs: function-reference/scheduled-trigger): no user in the context;
 * the function answers `{ statusCode }`, 204 being success.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { continueRun, runScheduled } from '../services/privacy/personal-data-run';

export async function handlePrivacySchedule(): Promise<{ statusCode: number; statusText?: string }> {
  try {
    const outcome = await runScheduled();
    return { statusCode: 204, statusText: outcome };
  } catch (e) {
    // Not retried by Forge; the next scheduled run resumes the run from its saved position.
    console.error('[privacy] scheduled run failed:', e);
    return { statusCode: 500, statusText: 'personal data reporting failed; it resumes on the next run' };
  }
}

/** A thrown error makes Forge deliver the event again; the run resumes from its saved position.
 * While another invocation holds the run, the event comes back when that hold ends. */
export async function handlePrivacyContinuation(event: { body?: { runId?: unknown } } | undefined): Promise<InvocationError | void> {
  const runId = typeof event?.body?.runId === 'string' ? event.body.runId : undefined;
  const { outcome, retryAfterSeconds } = await continueRun(runId);
  if (outcome === 'held')
    return new InvocationError({ retryAfter: Math.max(1, retryAfterSeconds), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
}
