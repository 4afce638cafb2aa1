/**
 * Product events. A new epic (or one that gains the project's deployment label) in an enabled
 * project spawns its children, as the app. Events arrive late, may repeat and may arrive
 * concurrently: spawning is idempotent (see services/spawn.ts).
 */
import { JiraError } from '../jira/errors';
import { AppError } from '../services/errors';
import { spawnPhase } from '../services/spawn';

export interface IssueEvent {
  eventType?: string;
  issue?: {
    id?: string;
    key?: string;
    fields?: { issuetype?: { hierarchyLevel?: number; name?: string }; labels?: string[] };
  };
  changelog?: { items?: { field?: string; fieldId?: string; toString?: string | null }[] };
}

function isEpic(event: IssueEvent): boolean {
  const type = event.issue?.fields?.issuetype;
  return type?.hierarchyLevel === 1 || type?.name === 'Epic';
}

function labelsChanged(event: IssueEvent): boolean {
  return (event.changelog?.items ?? []).some((i) => i.field === 'labels' || i.fieldId === 'labels');
}

export async function handleIssueEvent(event: IssueEvent): Promise<void> {
  const key = event.issue?.key;
  if (!key || !isEpic(event)) return;
  const created = event.eventType === 'avi:jira:created:issue';
  if (!created && !(event.eventType === 'avi:jira:updated:issue' && labelsChanged(event))) return;
  try {
    const report = await spawnPhase({ actor: 'app', requestedBy: 'app', epicKey: key, reason: 'trigger' });
    if (report.createdNow > 0) console.log(`[issue-event] ${key}: created ${report.createdNow} children (${report.status.state})`);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_ENABLED' || e.code === 'NOT_FOUND')) return;
    // Let Forge retry transient Jira failures; the spawn is idempotent.
    if (e instanceof JiraError && e.retryable) throw e;
    console.error(`[issue-event] ${key}:`, e instanceof Error ? e.message : e);
  }
}

/** The `spawn-queue` consumer: continues a spawn that ran out of invocation time. */
export async function handleSpawnContinuation(event: { body?: { epicKey?: string } }): Promise<void> {
  const key = event.body?.epicKey;
  if (!key) return;
  await spawnPhase({ actor: 'app', requestedBy: 'app', epicKey: key, reason: 'queue' });
}
