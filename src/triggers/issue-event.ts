/**
 * Product events. A new epic in an enabled project spawns its children, as the app; in a project
 * whose deployment epics carry a label, an epic that gains that label does too. Events arrive
 * late, may repeat and may arrive concurrently: spawning is idempotent (see services/spawn.ts).
 * Transient failures ask Forge to deliver the event again (InvocationError).
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { JiraError } from '../jira/errors';
import { AppError } from '../services/errors';
import { spawnPhase } from '../services/spawn';
import { refreshSummaryForChildEvent } from '../services/summary';
import * as store from '../storage/store';

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
  return new InvocationError({ retryAfter: Math.max(1, Math.ceil(seconds)), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
}

export async function handleIssueEvent(event: IssueEvent): Promise<InvocationError | void> {
  await refreshSummaryForChildEvent(event);
  const key = event.issue?.key;
  if (!key || surelyNotAnEpic(event)) return;
  const projectId = event.issue?.fields?.project?.id;
  const settings = projectId ? await store.getProjectSettings(projectId) : undefined;
  if (projectId && !settings?.enabled) return; // no Jira call for projects without the template
  const created = event.eventType === 'avi:jira:created:issue';
  if (!created) {
    const selector = settings?.epicSelector;
    if (event.eventType !== 'avi:jira:updated:issue' || selector?.mode !== 'label' || !labelAdded(event, selector.label)) return;
  }
  try {
    const report = await spawnPhase({
      actor: 'app',
      requestedBy: 'app',
      epicKey: key,
      ...(event.issue?.id ? { epicId: event.issue.id } : {}),
      reason: 'trigger',
    });
    if (report.createdNow > 0) console.info(`[issue-event] ${key}: created ${report.createdNow} children (${report.status.state})`);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_ENABLED') return;
    // Jira's search may not show a just-created epic yet: ask for the event again.
    if (e instanceof AppError && e.code === 'NOT_FOUND' && created) return retryLater(5);
    if (e instanceof JiraError && e.retryable) return retryLater((e.retryAfterMs ?? 5000) / 1000);
    console.error(`[issue-event] ${key}:`, e instanceof Error ? e.message : e);
  }
}

/** The `spawn-queue` consumer: continues a spawn that ran out of invocation time. */
export async function handleSpawnContinuation(event: { body?: { epicKey?: string; epicId?: string } }): Promise<InvocationError | void> {
  const key = event.body?.epicKey;
  if (!key) return;
  try {
    await spawnPhase({ actor: 'app', requestedBy: 'app', epicKey: key, ...(event.body?.epicId ? { epicId: event.body.epicId } : {}), reason: 'queue' });
  } catch (e) {
    if (e instanceof JiraError && e.retryable) return retryLater((e.retryAfterMs ?? 5000) / 1000);
    throw e;
  }
}
