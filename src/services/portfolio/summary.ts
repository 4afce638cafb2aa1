/**
 * The gate summary on each deployment epic: the value of the app's read-only custom field
 * (`jira:customField` `deployment-gate`, services/portfolio/gate-field.ts), which Jira indexes for JQL
 * (`Kayttoonotto.readiness`, `.exitGate`, `.entryGate`, `.blockers`, `.pendingWaivers`, `.actRoles`,
 * `.phaseStart`, `.lastChange`) and which only this app can write (`POST /rest/api/3/app/field/value`):
 * a person who may edit the epic cannot change what JQL, the project page and the gadget report.
 *
 * - `refreshSummary(epicIdOrKey)` is the one call other code makes after anything that can change
 *   readiness (a child's status, a child added or removed, attestations, waivers, roster, risk).
 *   It never writes to the epic itself: it marks the epic dirty in KVS (create-once) and, when it
 *   was not dirty yet, pushes one `summary-queue` event. Changes arriving while an event is on its
 *   way ride on it, so bursts (38 children moved at once) cost one write, and the epic stays far
 *   below Jira's per-issue write limit (about 20 writes per 2 s per issue).
 * - The consumer (`handleSummaryRefresh`) clears the mark, recomputes the summary from Jira and
 *   storage with the same pure core as the panel, and writes the field only when it differs from
 *   the value on the epic (read in the same search), so an unchanged summary costs no write. The
 *   issue property that held the summary before (`kayttoonotto-summary`, forgeable and listing
 *   account ids) is deleted from the epic at the same time, and never read.
 * - `backfillSummaries(projectId)` gives epics that have none yet (started before this feature, or
 *   whose refresh was lost) their summary: at most once an hour per project, from the project page.
 *   It finds them by hierarchy level (the project's issue types), never by the type's name.
 * The summary is a reporting copy: nothing in the gate reads it.
 */
import { Queue, InvocationError, InvocationErrorCode } from '@forge/events';
import { kvs } from '@forge/kvs';
import { computeGateSummary, sameSummary } from '../../core/summary';
import { daysBetween } from '../../core/dates';
import type { Readiness } from '../../shared/api';
import { isDeploymentEpic } from '../../core/settings';
import { ITEM_PROPERTY_KEY, PHASE_PROPERTY_KEY } from '../../core/spawn-plan';
import type { GateSummary } from '../../shared/portfolio';
import { LEGACY_SUMMARY_PROPERTY_KEY } from '../../shared/portfolio';
import {
  deleteIssueProperty,
  getProjectIssueTypes,
  searchAll,
  searchJql,
  setAppFieldValues,
  setIssueProperty,
  type JiraIssue,
} from '../../jira/client';
import { phasePropertyOf, samePhaseProperty } from './phase-property';
import { gateClause, gateField } from './gate-field';
import { JiraError } from '../../jira/errors';
import * as store from '../../storage/store';
import { takeExpiringMark } from '../../storage/expiring';
import { ISSUE_FIELDS, toChild, toEpicSummary } from '../common/epic';
import { templateAndReadiness } from '../templates/template-of-epic';
import { allSettledOrThrow } from '../../core/settled';

export const SUMMARY_QUEUE_KEY = 'summary-queue';
/** How long changes are gathered before the summary is recomputed. */
const COALESCE_SECONDS = 1;
/** A mark older than this is taken to be orphaned (its event was lost) and is taken over. */
const STALE_MARK_MS = 60_000;

const ISSUE_REF = /^(\d{1,18}|[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17})$/;
const markKey = (ref: string) => `summary:dirty:${ref}`;
const claimKey = (eventId: string) => `summary:claim:${eventId}`;

/** Takes the mark `k` unless another run took it less than STALE_MARK_MS ago (one that is older was
 * left by a run that stopped without finishing, and is taken over). `ttlDays`: the mark expires. */
async function takeUnlessFresh(k: string, ttlDays?: number): Promise<boolean> {
  const now = Date.now();
  if (await store.setIfAbsent(k, { at: now }, ttlDays)) return true;
  const held = await kvs.get<{ at?: number }>(k);
  if (held && typeof held.at === 'number' && held.at > now - STALE_MARK_MS) return false;
  await kvs.set(k, { at: now }, ttlDays ? { ttl: { value: ttlDays, unit: 'DAYS' } } : undefined);
  return true;
}

function log(...args: unknown[]): void {
  console.warn('[summary]', ...args);
}

/**
 * Asks for the epic's summary to be recomputed soon (coalesced). Never throws: the summary is a
 * report, and the change that called this has already happened.
 */
export async function refreshSummary(epicIdOrKey: string): Promise<void> {
  const ref = String(epicIdOrKey ?? '');
  if (!ISSUE_REF.test(ref)) return;
  try {
    if (!(await takeUnlessFresh(markKey(ref)))) return; // an event is on its way
    await new Queue({ key: SUMMARY_QUEUE_KEY }).push({ body: { epic: ref }, delayInSeconds: COALESCE_SECONDS });
  } catch (e) {
    log(`${ref}: could not schedule a refresh:`, e instanceof Error ? e.message : e);
  }
}

/** Lapses older than this are left to the next change of the epic. */
const LAPSE_REFRESH_DAYS = 30;

/**
 * A waiver that lapses changes the gate summary although nothing was written: the first time the
 * panel reads the epic after a lapse, one refresh is asked for (a create-once mark per lapse, kept
 * for the same 30 days). Never throws.
 */
export async function refreshAfterLapse(epicId: string, readiness: Readiness, today: string): Promise<void> {
  if (!ISSUE_REF.test(epicId)) return;
  let lapsedNow = false;
  for (const item of readiness.items) {
    const expiry = item.waiverExpiry;
    if (!expiry?.lapsed || daysBetween(expiry.expiresOn, today) > LAPSE_REFRESH_DAYS) continue;
    try {
      if (await store.setIfAbsent(`summary:lapse:${epicId}:${item.itemId}:${expiry.expiresOn}`, { at: Date.now() }, LAPSE_REFRESH_DAYS))
        lapsedNow = true;
    } catch (e) {
      log(`${epicId}: could not mark a lapse:`, e instanceof Error ? e.message : e);
    }
  }
  if (lapsedNow) await refreshSummary(epicId);
}

export interface ChildEvent {
  eventType?: string;
  issue?: { id?: string; fields?: { parent?: { id?: string } | null; project?: { id?: string } } };
  changelog?: { items?: { field?: string; fieldId?: string; from?: string | null; to?: string | null }[] };
}

/** A child was created, changed, moved or deleted: its parent's (and a former parent's) summary. */
export async function refreshSummaryForChildEvent(event: ChildEvent): Promise<void> {
  const parents = new Set<string>();
  const parentId = event.issue?.fields?.parent?.id;
  if (parentId) parents.add(String(parentId));
  for (const item of event.changelog?.items ?? []) {
    if (item.field === 'IssueParentAssociation' || item.fieldId === 'parent' || item.field === 'Parent') {
      if (item.from) parents.add(String(item.from));
      if (item.to) parents.add(String(item.to));
    }
  }
  if (parents.size === 0) return;
  try {
    const projectId = event.issue?.fields?.project?.id;
    if (projectId && !(await store.getProjectSettings(projectId))?.enabled) return; // stay out of other projects
  } catch (e) {
    log('settings unreadable:', e instanceof Error ? e.message : e);
    return;
  }
  for (const p of parents) await refreshSummary(p);
}

export type WriteOutcome = 'written' | 'unchanged' | 'not-a-deployment';

/** Recomputes the epic's summary and writes it when it changed. The app acts (asApp). */
export async function writeSummary(epicIdOrKey: string, now = new Date()): Promise<WriteOutcome> {
  if (!ISSUE_REF.test(epicIdOrKey)) return 'not-a-deployment';
  const numeric = /^\d+$/.test(epicIdOrKey);
  // The children the app created, so their latest state is read even when the search index lags.
  const known = numeric ? await store.readEpicState(epicIdOrKey) : null;
  const reconcile = numeric ? [epicIdOrKey, ...Object.values(known?.children ?? {}).map((c) => c.id)] : [];
  const field = await gateField();
  let issues: JiraIssue[];
  try {
    issues = await searchAll('app', {
      jql: numeric
        ? `id = ${epicIdOrKey} OR parent = ${epicIdOrKey} ORDER BY key ASC`
        : `key = ${epicIdOrKey} OR parent = ${epicIdOrKey} ORDER BY key ASC`,
      fields: [...ISSUE_FIELDS, field.id],
      properties: [ITEM_PROPERTY_KEY, LEGACY_SUMMARY_PROPERTY_KEY, PHASE_PROPERTY_KEY],
      reconcileIssues: reconcile,
    });
  } catch (e) {
    // Jira answers 400 to `key = X` / `id = X` when the issue no longer exists.
    if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found')) return 'not-a-deployment';
    throw e;
  }
  const epicIssue = issues.find((i) => (numeric ? i.id === epicIdOrKey : i.key === epicIdOrKey));
  if (!epicIssue) return 'not-a-deployment';
  const epic = toEpicSummary(epicIssue);
  const [state, settings] = await allSettledOrThrow([known ?? store.readEpicState(epic.id), store.getProjectSettings(epic.projectId)]);
  if (!state.meta || !isDeploymentEpic(settings, epic)) return 'not-a-deployment';
  const children = issues.filter((i) => i !== epicIssue).flatMap((i) => toChild(i) ?? []);
  const { template, readiness } = await templateAndReadiness(children, state, settings, epic, now);
  const summary = computeGateSummary(
    {
      template,
      readiness,
      roster: state.roster,
      members: state.members,
      attestations: state.attestations,
      riskLevel: state.riskLevel,
      waivers: state.waivers,
      phaseStart: state.meta.startedAt,
    },
    now.toISOString(),
  );
  // The phase property follows storage (./phase-property): written here, only when it differs.
  const phaseProperty = phasePropertyOf(state.meta, state.spawn);
  if (phaseProperty && !samePhaseProperty(epicIssue.properties?.[PHASE_PROPERTY_KEY], phaseProperty))
    await setIssueProperty('app', epic.id, PHASE_PROPERTY_KEY, phaseProperty);
  const legacy = epicIssue.properties?.[LEGACY_SUMMARY_PROPERTY_KEY] !== undefined;
  const current = (epicIssue.fields as Record<string, unknown>)[field.id];
  if (sameSummary(current, summary)) {
    if (legacy) await deleteIssueProperty('app', epic.id, LEGACY_SUMMARY_PROPERTY_KEY);
    return 'unchanged';
  }
  await setAppFieldValues([{ customField: field.id, issueIds: [Number(epic.id)], value: summary satisfies GateSummary }]);
  // Migration: the former, forgeable copy (with account ids) goes once the field holds the summary.
  if (legacy) await deleteIssueProperty('app', epic.id, LEGACY_SUMMARY_PROPERTY_KEY);
  return 'written';
}

const BACKFILL_BATCH = 50;

/** Asks for the epics of a project that carry no summary to get one (at most once an hour). Never throws. */
export async function backfillSummaries(projectId: string): Promise<void> {
  if (!/^\d{1,18}$/.test(projectId)) return;
  try {
    // The mark's own expiry decides, not its TTL: KVS may return an expired entry for up to 48 h.
    if (!(await takeExpiringMark(`summary:backfill:${projectId}`, 3_600_000))) return; // done within the hour
    await new Queue({ key: SUMMARY_QUEUE_KEY }).push({ body: { backfill: projectId } });
  } catch (e) {
    log(`project ${projectId}: could not schedule a backfill:`, e instanceof Error ? e.message : e);
  }
}

/** One batch of epics without a summary; another event takes the next batch. */
async function runBackfill(projectId: string, nextPageToken?: string): Promise<void> {
  const settings = await store.getProjectSettings(projectId);
  if (!settings?.enabled) return;
  const label =
    settings.epicSelector.mode === 'label' ? ` AND labels = "${settings.epicSelector.label.replace(/["\\]/g, (c) => `\\${c}`)}"` : '';
  // Deployment epics are the project's issues of hierarchy level 1, whatever the site calls that type
  // ("Epic", "Eepos", …): their type ids come from the project's issue types, never a name in JQL.
  const epicTypes = (await getProjectIssueTypes('app', projectId)).filter((t) => t.hierarchyLevel === 1).map((t) => t.id);
  if (epicTypes.length === 0 || epicTypes.some((id) => !/^\d{1,18}$/.test(id))) return;
  const field = await gateField();
  const page = await searchJql('app', {
    jql: `project = ${projectId} AND issuetype in (${epicTypes.join(', ')})${label} AND ${gateClause(field)} IS EMPTY ORDER BY key ASC`,
    fields: ['issuetype'],
    maxResults: BACKFILL_BATCH,
    ...(nextPageToken ? { nextPageToken } : {}),
  });
  for (const issue of page.issues) if ((issue.fields.issuetype?.hierarchyLevel ?? 1) === 1) await refreshSummary(issue.id);
  if (page.isLast === false && page.nextPageToken) {
    await new Queue({ key: SUMMARY_QUEUE_KEY }).push({
      body: { backfill: projectId, nextPageToken: page.nextPageToken },
      delayInSeconds: COALESCE_SECONDS,
    });
  }
}

/** The `summary-queue` consumer: clears the mark first (a change after this schedules a new
 * event), then recomputes. Transient Jira failures ask Forge to deliver the event again. */
export async function handleSummaryRefresh(event: {
  body?: { epic?: string; backfill?: string; nextPageToken?: string };
  eventId?: string;
}): Promise<InvocationError | void> {
  const project = event.body?.backfill;
  const ref = event.body?.epic;
  if (typeof project === 'string' && /^\d{1,18}$/.test(project)) {
    try {
      await runBackfill(project, typeof event.body?.nextPageToken === 'string' ? event.body.nextPageToken : undefined);
    } catch (e) {
      if (e instanceof JiraError && e.retryable)
        return new InvocationError({ retryAfter: 5, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
      log(`backfill ${project}:`, e instanceof Error ? e.message : e);
    }
    return;
  }
  if (typeof ref !== 'string' || !ISSUE_REF.test(ref)) return;
  // Forge delivers an event at least once, sometimes twice at the same moment: one delivery works, a
  // duplicate acknowledges (both would read the old copy and write the same summary twice).
  const claim = typeof event.eventId === 'string' && event.eventId.length <= 200 ? claimKey(event.eventId) : undefined;
  if (claim && !(await takeUnlessFresh(claim, 1))) return; // claims expire after a day
  await kvs.delete(markKey(ref));
  try {
    await writeSummary(ref);
  } catch (e) {
    if (e instanceof JiraError && e.retryable) {
      if (claim) await kvs.delete(claim); // the retry of this event works again
      return new InvocationError({
        retryAfter: Math.max(1, Math.ceil((e.retryAfterMs ?? 5000) / 1000)),
        retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      });
    }
    log(`${ref}:`, e instanceof Error ? e.message : e);
  }
}
