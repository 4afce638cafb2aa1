/** Reading a deployment epic and its children from Jira, in one search, and its phase from storage. */
import type { ChildIssue, EntryGateWaiverRecord, EpicSummary, ProjectSettings, Readiness, StatusCategory } from '../../shared/api';
import { getIssue, searchAll, type JiraIssue } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type { Actor } from '../../jira/transport';
import { ITEM_PROPERTY_KEY, type ItemPropertyValue } from '../../core/spawn-plan';
import { identifyChildren, type CandidateChild } from '../../core/readiness';
import { evaluatePhase, type PhaseVerdicts } from '../../core/gate';
import { dueDateOf } from '../../core/due-dates';
import type { Template } from '../../core/template/schema';
import * as store from '../../storage/store';
import { AppError, M } from './errors';
import { templateAndReadiness } from '../templates/template-of-epic';
import { allSettledOrThrow } from '../../core/settled';

export const ISSUE_FIELDS = ['summary', 'status', 'assignee', 'issuetype', 'labels', 'project', 'parent', 'resolutiondate', 'duedate'];

/** Issue keys are validated before they go into JQL, so no JQL can be injected through them. */
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17}$/;
export function assertIssueKey(key: unknown): string {
  if (typeof key !== 'string' || !ISSUE_KEY.test(key)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, [`issue key: "${String(key)}" is not a Jira issue key`]);
  }
  return key;
}

export function statusCategoryOf(issue: JiraIssue): StatusCategory {
  const k = issue.fields.status?.statusCategory?.key;
  return k === 'done' || k === 'indeterminate' ? k : 'new';
}

export interface EpicWithChildren {
  epic: EpicSummary & { hierarchyLevel: number; issueTypeId: string };
  children: ChildIssue[];
  /** Children of the epic that carry no item property (added by people, not by the app). */
  otherChildren: number;
}

function itemIdOf(issue: JiraIssue): string | null {
  const value = issue.properties?.[ITEM_PROPERTY_KEY] as Partial<ItemPropertyValue> | undefined;
  return value && typeof value.itemId === 'string' ? value.itemId : null;
}

export function toChild(issue: JiraIssue): ChildIssue | null {
  const itemId = itemIdOf(issue);
  if (!itemId) return null;
  return {
    id: issue.id,
    key: issue.key,
    itemId,
    summary: issue.fields.summary ?? '',
    statusName: issue.fields.status?.name ?? '',
    statusCategory: statusCategoryOf(issue),
    assigneeAccountId: issue.fields.assignee?.accountId ?? null,
    ...(issue.fields.resolutiondate ? { resolvedAt: issue.fields.resolutiondate } : {}),
    ...(dueDateOf(issue.fields.duedate) ? { dueDate: issue.fields.duedate as string } : {}),
  };
}

export function toEpicSummary(issue: JiraIssue): EpicWithChildren['epic'] {
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary ?? '',
    projectId: issue.fields.project?.id ?? '',
    projectKey: issue.fields.project?.key ?? issue.key.split('-')[0] ?? '',
    statusName: issue.fields.status?.name ?? '',
    statusCategory: statusCategoryOf(issue),
    issueTypeName: issue.fields.issuetype?.name ?? '',
    issueTypeId: issue.fields.issuetype?.id ?? '',
    hierarchyLevel: issue.fields.issuetype?.hierarchyLevel ?? (issue.fields.issuetype?.subtask ? -1 : 0),
    labels: issue.fields.labels ?? [],
    ...(dueDateOf(issue.fields.duedate) ? { dueDate: issue.fields.duedate as string } : {}),
  };
}

async function getEpicDirectly(actor: Actor, key: string, opts: { deadline?: number }): Promise<JiraIssue> {
  try {
    return await getIssue(actor, key, { fields: ISSUE_FIELDS, properties: [ITEM_PROPERTY_KEY] }, opts);
  } catch (e) {
    if (e instanceof JiraError && e.kind === 'not-found') throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
}

/** One Jira call (a JQL search, paged only beyond 100 issues): the epic and all its children,
 * identified by the item property. Only spawning uses this (to find what it may already have
 * created); the gate identifies children by the app's own map (loadPhase).
 * `reconcileIssues` (ids the caller knows exist: the epic, children it created) are returned in
 * their latest state even when Jira's search index has not caught up yet. */
export async function loadEpicWithChildren(
  actor: Actor,
  epicKey: string,
  opts: { deadline?: number; reconcileIssues?: string[]; epicFirst?: boolean } = {},
): Promise<EpicWithChildren> {
  const key = assertIssueKey(epicKey);
  // `epicFirst`: a decision rests on the epic's status (an upgrade refuses a closed phase), which the
  // search may show as it was a moment ago: the epic is read first, strongly consistent, and named in
  // the search's reconcileIssues.
  const first = opts.epicFirst ? await getEpicDirectly(actor, key, opts) : undefined;
  const reconcile = [...(first ? [first.id] : []), ...(opts.reconcileIssues ?? [])];
  let issues: JiraIssue[];
  try {
    issues = await searchAll(
      actor,
      {
        jql: `key = ${key} OR parent = ${key} ORDER BY key ASC`,
        fields: ISSUE_FIELDS,
        properties: [ITEM_PROPERTY_KEY],
        ...(reconcile.length > 0 ? { reconcileIssues: reconcile } : {}),
      },
      opts,
    );
  } catch (e) {
    // Jira answers 400 to `key = X` when X does not exist or the caller may not see it.
    if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found')) throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  // Search lags behind writes (OpenAPI, search/jql): an epic created a moment ago may not be in the
  // index yet. GET /issue is strongly consistent; it is asked only then.
  const epicIssue = first ?? issues.find((i) => i.key === key) ?? (await getEpicDirectly(actor, key, opts));
  const children: ChildIssue[] = [];
  let otherChildren = 0;
  for (const issue of issues) {
    if (issue.key === key) continue;
    const child = toChild(issue);
    if (child) children.push(child);
    else otherChildren++;
  }
  return { epic: toEpicSummary(epicIssue), children, otherChildren };
}

/**
 * Which of `ids` are children of the epic now, read consistently: Jira's search is eventually
 * consistent, but the issues named in `reconcileIssues` (at most 50) are returned in their latest
 * state (OpenAPI, POST /rest/api/3/search/jql). So the ids are asked 50 at a time, each search naming
 * exactly the ids it asks about; an id that is absent from its own reconciled search does not exist
 * (or the caller may not see it) and one whose parent is another issue has moved.
 */
export async function confirmChildren(
  actor: Actor,
  epic: { id: string; key: string },
  ids: string[],
  opts: { deadline?: number } = {},
): Promise<ChildIssue[]> {
  const numeric = [...new Set(ids.filter((id) => NUMERIC_ID.test(id)))];
  const out: ChildIssue[] = [];
  for (let i = 0; i < numeric.length; i += 50) {
    const batch = numeric.slice(i, i + 50);
    const issues = await searchAll(
      actor,
      { jql: `id in (${batch.join(', ')})`, fields: ISSUE_FIELDS, properties: [ITEM_PROPERTY_KEY], reconcileIssues: batch },
      opts,
    );
    for (const issue of issues) {
      if (issue.fields.parent?.id !== epic.id && issue.fields.parent?.key !== epic.key) continue;
      const child = toChild(issue);
      if (child) out.push(child);
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// One way to load a deployment epic's phase, for the panel and the workflow validators alike.
// ------------------------------------------------------------------------------------------------

/** What the app keeps about one epic in its storage (strongly consistent reads). */
export interface PhaseStateRead {
  state: store.EpicState;
  entryGateWaiver: EntryGateWaiverRecord | null;
}

export async function readPhaseState(epicId: string): Promise<PhaseStateRead> {
  const [state, entryGateWaiver] = await allSettledOrThrow([store.readEpicState(epicId), store.getEntryGateWaiver(epicId)]);
  return { state, entryGateWaiver };
}

export interface PhaseSnapshot extends PhaseStateRead {
  epic: EpicWithChildren['epic'];
  settings: ProjectSettings | undefined;
  /** The children that stand for the template's items, identified by the app's own map. */
  children: ChildIssue[];
  /** Issues under the epic that are not the app's children (added by people, or forged). */
  otherChildren: number;
  template: Template;
  readiness: Readiness;
  /** The moment the phase was judged at (ISO time): a waiver counts through its expiry day (UTC). */
  judgedAt: string;
}

const NUMERIC_ID = /^\d{1,18}$/;

/** An epic as a caller names it: its key, and its id when the caller knows it (the panel's
 * context, an event). The id is the identity; the key must belong to it. */
export type EpicRef = string | { key: string; id?: string };

/** The key and id of an epic. Without an id, one read of the issue (as `actor`) supplies it. */
export async function resolveEpicRef(actor: Actor, ref: EpicRef, deadline?: number): Promise<{ key: string; id: string }> {
  const key = assertIssueKey(typeof ref === 'string' ? ref : ref.key);
  const id = typeof ref === 'string' ? undefined : ref.id;
  if (id !== undefined) {
    if (typeof id !== 'string' || !NUMERIC_ID.test(id))
      throw new AppError('INVALID_INPUT', M.invalidInput, [`issue id: "${String(id)}" is not a Jira issue id`]);
    return { key, id };
  }
  try {
    const issue = await getIssue(actor, key, { fields: ['issuetype'] }, deadline ? { deadline } : {});
    if (!NUMERIC_ID.test(issue.id)) throw new AppError('NOT_FOUND', M.epicNotFound);
    // A moved issue answers under its new key; the search below needs the current one.
    return { key: ISSUE_KEY.test(issue.key) ? issue.key : key, id: issue.id };
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden' || e.kind === 'bad-request'))
      throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
}

/** At most 50 ids, the epic's first (Jira's limit for reconcileIssues). */
export function reconcileIdsOf(epicId: string, children: store.ChildRefs): string[] {
  const ids = [epicId, ...Object.values(children ?? {}).map((c) => (c && typeof c.id === 'string' ? c.id : ''))];
  return [...new Set(ids.filter((id) => NUMERIC_ID.test(id)))].slice(0, 50);
}

/**
 * The epic (by id, and the key that must belong to it), its phase state and its children: one
 * search in Jira, as `actor`. The children the app created are named in `reconcileIssues`, so a
 * child moved to Done a moment ago counts although Jira's search index has not caught up; the
 * children are identified by the app's map, never by an entity property.
 * Throws NOT_FOUND when the key does not name the issue with that id (or the actor cannot see it).
 */
export async function loadPhase(
  actor: Actor,
  epicRef: EpicRef,
  opts: { deadline?: number; known?: PhaseStateRead; settings?: ProjectSettings | undefined; now?: Date; template?: Template } = {},
): Promise<PhaseSnapshot> {
  const ref = await resolveEpicRef(actor, epicRef, opts.deadline);
  const key = ref.key;
  const known = opts.known ?? (await readPhaseState(ref.id));
  let issues: JiraIssue[];
  try {
    issues = await searchAll(
      actor,
      {
        jql: `key = ${key} OR parent = ${key} ORDER BY key ASC`,
        fields: ISSUE_FIELDS,
        reconcileIssues: reconcileIdsOf(ref.id, known.state.children),
      },
      opts.deadline ? { deadline: opts.deadline } : {},
    );
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found' || e.kind === 'forbidden')) {
      throw new AppError('NOT_FOUND', M.epicNotFound);
    }
    throw e;
  }
  const epicIssue = issues.find((i) => i.key === key);
  // The key must name the issue whose id the caller gave: two fields that disagree are refused.
  if (!epicIssue) {
    // The issue with the given id is not under that key (it is reconciled, so search lag cannot hide
    // it). Another issue may hold the key, possibly not yet in the search index: read it directly to
    // tell a mismatched context from an epic the caller cannot see.
    const holder = await getIssue(actor, key, { fields: ['issuetype'] }, opts.deadline ? { deadline: opts.deadline } : {}).catch(
      () => null,
    );
    if (holder && holder.id !== ref.id) {
      throw new AppError('INVALID_INPUT', M.contextMismatch, [`context: issue ${holder.key} has id ${holder.id}, not ${ref.id}`]);
    }
    throw new AppError('NOT_FOUND', M.epicNotFound);
  }
  if (epicIssue.id !== ref.id) {
    throw new AppError('INVALID_INPUT', M.contextMismatch, [`context: issue ${epicIssue.key} has id ${epicIssue.id}, not ${ref.id}`]);
  }
  const candidates = issues.filter((i) => i.id !== epicIssue.id && i.fields.parent?.id === epicIssue.id).map(toCandidate);
  const { children, ignored } = identifyChildren(candidates, known.state.children);
  const epic = toEpicSummary(epicIssue);
  const settings = 'settings' in opts ? opts.settings : await store.getProjectSettings(epic.projectId);
  // The time is read here, once, for the panel and the validators alike (the core is pure).
  const now = opts.now ?? new Date();
  const { template, readiness } = await templateAndReadiness(children, known.state, settings, epic, now, opts.template);
  return { ...known, epic, settings, children, otherChildren: ignored, template, readiness, judgedAt: now.toISOString() };
}

function toCandidate(issue: JiraIssue): CandidateChild {
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary ?? '',
    statusName: issue.fields.status?.name ?? '',
    statusCategory: statusCategoryOf(issue),
    assigneeAccountId: issue.fields.assignee?.accountId ?? null,
    // Jira's resolution date: the closure checklist's completion date (CSV, print).
    ...(issue.fields.resolutiondate ? { resolvedAt: issue.fields.resolutiondate } : {}),
    ...(dueDateOf(issue.fields.duedate) ? { dueDate: issue.fields.duedate as string } : {}),
  };
}

/** The panel's and the validators' verdicts on a loaded phase. */
export function verdictsOf(p: PhaseSnapshot): PhaseVerdicts {
  return evaluatePhase({
    template: p.template,
    readiness: p.readiness,
    roster: p.state.roster,
    members: p.state.members,
    attestations: p.state.attestations,
    riskLevel: p.state.riskLevel,
    entryGateWaiver: p.entryGateWaiver,
  });
}
