/**
 * Product events. A new epic in an enabled project spawns its children, as the app; in a project
 * whose deployment epics carry a label, an epic that gains that label does too. The trigger only
 * queues the spawn: the `spawn-queue` consumer runs it, a few at a time (the queue's `concurrency`),
 * so a burst of epics waits its turn. Events arrive late, may repeat and may arrive concurrently:
 * spawning is idempotent (see services/items/spawn.ts).
 *
 * Only transient failures (Jira 429/5xx/network, storage 5xx) ask Forge to deliver the event again
 * (InvocationError). Permanent ones (template not enabled, forbidden, Jira refusing the input, a
 * malformed record) are logged and the event is acknowledged: Forge retries async events for 24
 * hours (runtime-reference/async-events-api, "Retries"), and retrying those would change nothing.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { JiraError } from '../jira/errors';
import { AppError } from '../services/common/errors';
import { spawnPhase } from '../services/items/spawn';
import { armWatchdog, queueSpawnStart, spawnTuning, type SpawnEventBody } from '../services/items/spawn-queue';
import { refreshSummaryForChildEvent } from '../services/portfolio/summary';
import { projectSettingsOf } from '../services/settings/project-settings';
import { markStaleOnReopen } from '../services/conditions/stale';
import { dueDateChanged, moveDueDatesOnEvent } from './due-date';

export interface IssueEvent {
  eventType?: string;
  issue?: {
    id?: string;
    key?: string;
    fields?: {
      issuetype?: { hierarchyLevel?: number; subtask?: boolean; name?: string };
      project?: { id?: string };
      labels?: string[];
    };
  };
  /** Who made the change. */
  atlassianId?: string;
  changelog?: { items?: { field?: string; fieldId?: string; fromString?: string | null; toString?: string | null }[] };
}

/** Jira's event payload may omit the hierarchy level; only what is surely not an epic is skipped
 * here (the spawn reads the issue type from Jira before it does anything). */
function surelyNotAnEpic(event: IssueEvent): boolean {
  const type = event.issue?.fields?.issuetype;
  return type?.subtask === true || (typeof type?.hierarchyLevel === 'number' && type.hierarchyLevel !== 1);
}

const words = (s: string | null | undefined) => new Set((s ?? '').split(/\s+/).filter(Boolean));

/** The labels change added `label` (labels appear space-separated in the changelog). */
export function labelAdded(event: IssueEvent, label: string): boolean {
  return (event.changelog?.items ?? []).some(
    (i) => (i.field === 'labels' || i.fieldId === 'labels') && words(i.toString).has(label) && !words(i.fromString).has(label),
  );
}

function retryLater(seconds: number): InvocationError {
  return new InvocationError({
    retryAfter: Math.min(900, Math.max(1, Math.ceil(seconds))),
    retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}

/** Worth another delivery: Jira or storage may answer later. Everything else is permanent. */
export function isTransient(e: unknown): boolean {
  if (e instanceof JiraError) return e.retryable;
  if (e instanceof AppError) return false;
  const status = (e as { responseDetails?: { status?: unknown } } | null)?.responseDetails?.status;
  if (typeof status === 'number') return status === 429 || status >= 500;
  // No answer at all (a dropped connection) is transient; a programming error is not.
  return e instanceof Error && (e.name === 'FetchError' || /fetch failed|ECONNRESET|ECONNREFUSED|socket hang up|network/i.test(e.message));
}

function retryDelaySeconds(e: unknown): number {
  const ms = e instanceof JiraError ? e.retryAfterMs : null;
  return ms !== null ? ms / 1000 : spawnTuning.retryAfterSeconds;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export async function handleIssueEvent(event: IssueEvent): Promise<InvocationError | void> {
  await markStaleOnReopen(event);
  await refreshSummaryForChildEvent(event);
  const key = event.issue?.key;
  if (!key || surelyNotAnEpic(event)) return;
  const projectId = event.issue?.fields?.project?.id;
  let settings: Awaited<ReturnType<typeof projectSettingsOf>>;
  try {
    settings = projectId ? await projectSettingsOf(projectId) : undefined;
  } catch (e) {
    if (isTransient(e)) return retryLater(retryDelaySeconds(e));
    console.error(`[issue-event] ${key}: cannot read the project's settings, event dropped:`, describe(e));
    return;
  }
  if (projectId && !settings?.enabled) return; // no Jira call for projects without the template
  if (event.eventType === 'avi:jira:updated:issue' && dueDateChanged(event) && event.issue?.id) {
    const outcome = await moveDueDatesOnEvent({ id: event.issue.id, key }, event.atlassianId, isTransient);
    if (outcome) return outcome;
  }
  const created = event.eventType === 'avi:jira:created:issue';
  if (!created) {
    const selector = settings?.epicSelector;
    if (event.eventType !== 'avi:jira:updated:issue' || selector?.mode !== 'label' || !labelAdded(event, selector.label)) return;
  }
  try {
    // The spawn runs in the queue's consumer, a few at a time (backpressure): a burst of new epics
    // waits its turn instead of running into the trigger's time limit all at once.
    await queueSpawnStart({ epicKey: key, ...(event.issue?.id ? { epicId: event.issue.id } : {}) });
  } catch (e) {
    if (isTransient(e) || !(e instanceof AppError)) return retryLater(retryDelaySeconds(e));
    console.error(`[issue-event] ${key}: not retried (permanent):`, describe(e));
  }
}

/** The `spawn-queue` consumer: continues a spawn that ran out of invocation time, or resumes one whose owner died (watchdog). */
export async function handleSpawnContinuation(event: { body?: Partial<SpawnEventBody> }): Promise<InvocationError | void> {
  const body = event.body;
  const key = body?.epicKey;
  if (typeof key !== 'string' || !key) return;
  try {
    const outcome = await spawnPhase({
      actor: 'app',
      requestedBy: 'app',
      epicKey: key,
      ...(typeof body?.epicId === 'string' ? { epicId: body.epicId } : {}),
      reason: body?.start === true ? 'trigger' : 'queue',
      continuation: typeof body?.continuation === 'number' ? body.continuation : 0,
    });
    if (outcome.createdNow > 0) console.info(`[spawn-queue] ${key}: created ${outcome.createdNow} children (${outcome.status.state})`);
    // A watchdog that finds the claim still held (its owner may be the one that died) waits for the claim to lapse.
    const rearm = (typeof body?.rearm === 'number' ? body.rearm : 0) + 1;
    if (body?.watchdog && outcome.busyUntil !== undefined && rearm <= spawnTuning.maxWatchdogRearms) {
      await armWatchdog(
        { epicKey: key, ...(body.epicId ? { epicId: body.epicId } : {}), continuation: body.continuation ?? 0, rearm },
        outcome.busyUntil,
      );
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_ENABLED') return;
    // An unfinished upgrade waits for a create request in doubt: come back when it can be decided.
    if (e instanceof AppError && e.code === 'CONFLICT') return retryLater(spawnTuning.retryAfterSeconds);
    // Jira's search may not show a just-created epic yet: ask for the event again.
    if (e instanceof AppError && e.code === 'NOT_FOUND' && body?.start === true) return retryLater(spawnTuning.retryAfterSeconds);
    if (isTransient(e)) return retryLater(retryDelaySeconds(e));
    console.error(`[spawn-queue] ${key}: not retried (permanent):`, describe(e));
  }
}
