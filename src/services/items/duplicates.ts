/**
 * Duplicate children that exist anyway (issue 19, "Exactly once"): an older version of the app, or a
 * person who cloned a child, left more than one issue under the epic carrying the app's item marker
 * (`kayttoonotto-item`) for the same item. The panel shows them (getDuplicates, called when its
 * section loads), the project manager or a project admin cleans them up after a preview
 * (cleanUpDuplicates), and the settings page lists the project's epics that have them.
 *
 * What is kept and what goes is the core's rule (core/duplicates.ts): the child in the app's map,
 * else the oldest; surplus someone has worked on is never deleted. The cleanup:
 * - holds the epic's spawn claim (no spawn or upgrade runs meanwhile) and refuses while an upgrade
 *   or a create request is unfinished;
 * - reads the children again consistently (by id, reconciled) and decides on that, deleting only
 *   the surplus the person confirmed (`deleteKeys`, from the preview);
 * - records its intent (storage/dedup.ts) before the first deletion, deletes as the user
 *   (`DELETE /rest/api/3/issue/{key}`: Jira checks Delete issues; a refusal is reported, not fatal;
 *   404 = deleted already), puts the kept child in the map, writes one audit entry
 *   (`children.deduplicated`) under the id fixed in the intent, and then forgets the intent. A cleanup
 *   cut off in between is finished by the next one. Run again, it changes nothing.
 * The app's own deletions are not heard by the issue trigger (ignoreSelf), so the gate summary is
 * refreshed here. A deleted surplus child was never in the map, so nothing recreates it (a re-sync
 * recreates only mapped children Jira no longer shows).
 */
import { findDuplicates, type ItemDuplicates, type MarkedChild } from '../../core/duplicates';
import { mayCleanDuplicates, type CallerFacts } from '../../core/permissions';
import { APP_LABEL, ITEM_PROPERTY_KEY, type ItemPropertyValue } from '../../core/spawn-plan';
import { l10n, perLocale } from '../../core/messages';
import { deleteIssue, getMyPermissions, searchAll, searchJql, type JiraIssue, type SearchPage } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type { ActionPermission } from '../../shared/api';
import type {
  DeduplicateReport,
  DuplicateChildView,
  DuplicateItemView,
  DuplicatesView,
  ProjectDuplicatesView,
} from '../../shared/duplicates';
import * as dedup from '../../storage/dedup';
import * as store from '../../storage/store';
import { assertIssueKey, reconcileIdsOf, resolveEpicRef, statusCategoryOf, type EpicRef } from '../common/epic';
import { AppError, M } from '../common/errors';
import type { Caller } from '../phase/context';
import { loadProject } from '../settings/project-settings';
import { refreshSummary } from '../portfolio/summary';
import { findTemplate } from '../templates/catalog';
import { requireTemplate } from '../templates/template-of-epic';
import { spawnTuning } from './spawn-queue';
import { invocationDeadline } from '../../jira/transport';

const FIELDS = ['summary', 'status', 'created', 'parent', 'project'];
const BUSY = l10n('server.duplicates.busy');
/** Tuning, exported so tests can exercise the bound. */
export const duplicateTuning = {
  /** The settings page looks at this many children of the project at most. */
  projectScanLimit: 500,
};

/** The item id the issue's marker names for this epic (null: none, or another epic's). */
function markerOf(issue: JiraIssue, epicKey: string): string | null {
  const v = issue.properties?.[ITEM_PROPERTY_KEY] as Partial<ItemPropertyValue> | undefined;
  if (!v || typeof v.itemId !== 'string' || !v.itemId) return null;
  if (typeof v.epicKey === 'string' && v.epicKey !== epicKey) return null;
  return v.itemId;
}

function marked(issue: JiraIssue, epic: { id: string; key: string }): MarkedChild | null {
  if (issue.fields.parent?.id !== epic.id) return null;
  const itemId = markerOf(issue, epic.key);
  if (!itemId) return null;
  return {
    id: issue.id,
    key: issue.key,
    itemId,
    created: (issue.fields as { created?: string }).created ?? '',
    statusCategory: statusCategoryOf(issue),
    summary: issue.fields.summary ?? '',
  };
}

interface Loaded {
  epic: { id: string; key: string; projectId: string; summary: string };
  children: MarkedChild[];
  state: store.EpicState;
}

/** The epic (its key must name the id) and the children carrying its item marker, as the caller sees them. */
async function load(ref: EpicRef): Promise<Loaded> {
  const { id, key } = await resolveEpicRef('user', ref);
  const state = await store.readEpicState(id);
  let issues: JiraIssue[];
  try {
    issues = await searchAll('user', {
      jql: `key = ${key} OR parent = ${key} ORDER BY key ASC`,
      fields: FIELDS,
      properties: [ITEM_PROPERTY_KEY],
      reconcileIssues: reconcileIdsOf(id, state.children),
    });
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found' || e.kind === 'forbidden'))
      throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  const epicIssue = issues.find((i) => i.key === key);
  if (!epicIssue || epicIssue.id !== id) throw new AppError('NOT_FOUND', M.epicNotFound);
  const epic = { id, key, projectId: epicIssue.fields.project?.id ?? state.meta?.projectId ?? '', summary: epicIssue.fields.summary ?? '' };
  const children = issues.flatMap((i) => marked(i, epic) ?? []);
  return { epic, children, state };
}

/** The children named by id, read consistently (reconciled, 50 at a time), still under the epic and marked. */
async function reread(epic: { id: string; key: string }, ids: string[]): Promise<MarkedChild[]> {
  const out: MarkedChild[] = [];
  const unique = [...new Set(ids.filter((id) => /^\d{1,18}$/.test(id)))];
  for (let i = 0; i < unique.length; i += 50) {
    const batch = unique.slice(i, i + 50);
    const issues = await searchAll('user', {
      jql: `id in (${batch.join(', ')})`,
      fields: FIELDS,
      properties: [ITEM_PROPERTY_KEY],
      reconcileIssues: batch,
    });
    for (const issue of issues) {
      const c = marked(issue, epic);
      if (c) out.push(c);
    }
  }
  return out;
}

const viewOf = (c: MarkedChild): DuplicateChildView => ({
  id: c.id,
  key: c.key,
  summary: c.summary ?? '',
  created: c.created,
  statusCategory: c.statusCategory,
});

const itemView = (d: ItemDuplicates): DuplicateItemView => ({
  itemId: d.itemId,
  keep: viewOf(d.keep),
  keepInMap: d.keepInMap,
  remove: d.remove.map(viewOf),
  needsPerson: d.needsPerson.map(viewOf),
});

/** Whether the caller may clean up (core/permissions.ts): the project manager on the roster, or a project admin. */
async function cleanupPermission(caller: Caller, l: Loaded): Promise<ActionPermission> {
  const settings = await store.getProjectSettings(l.epic.projectId);
  const meta = l.state.meta;
  const template = meta
    ? ((await findTemplate(meta.projectId, meta.templateId, meta.templateVersion)) ??
      requireTemplate(meta.templateId, meta.templateVersion))
    : requireTemplate('kayttoonotto', settings?.templateVersion);
  const isManager = l.state.roster['project-manager'] === caller.accountId;
  // Jira's answer is asked only when the roster does not already allow it.
  const admin =
    !isManager && !!settings?.enabled && !!meta
      ? !!(await getMyPermissions({ projectId: l.epic.projectId, permissions: ['ADMINISTER_PROJECTS'] })).ADMINISTER_PROJECTS
      : false;
  const facts: CallerFacts = {
    accountId: caller.accountId,
    roster: l.state.roster,
    phaseStarted: !!meta,
    enabled: !!settings?.enabled,
    spawnComplete: l.state.spawn?.state === 'complete',
    jira: { createIssues: false, editIssues: false, administerProject: admin },
  };
  return mayCleanDuplicates(template, facts, caller.locale);
}

/** The epic's duplicate children, for the panel's section. */
export async function getDuplicates(caller: Caller, ref: EpicRef): Promise<DuplicatesView> {
  const l = await load(ref);
  const found = findDuplicates(l.children, l.state.children);
  if (found.length === 0) return { items: [], cleanup: { allowed: false } };
  return { items: found.map(itemView), cleanup: await cleanupPermission(caller, l) };
}

/** Carries out a recorded cleanup to its end; every step may run again without a second effect. */
async function runIntent(intent: dedup.DedupIntent): Promise<DeduplicateReport> {
  const report: DeduplicateReport = { kept: {}, deleted: [], alreadyGone: [], refused: [], needsPerson: intent.needsPerson };
  for (const c of intent.remove) {
    try {
      if ((await deleteIssue('user', c.key)) === 'gone') report.alreadyGone.push(c.key);
      else report.deleted.push(c.key);
    } catch (e) {
      // Jira's refusal (no Delete issues, a subtask, …) is reported; anything else stops here and the intent stays.
      if (!(e instanceof JiraError) || e.retryable) throw e;
      report.refused.push(`${c.key}: ${e.messages.join('; ') || e.kind}`);
    }
  }
  const children = await store.getChildren(intent.epicId);
  let changed = false;
  for (const [itemId, keep] of Object.entries(intent.keep)) {
    report.kept[itemId] = keep.key;
    if (children[itemId]?.id !== keep.id) {
      children[itemId] = { id: keep.id, key: keep.key };
      changed = true;
    }
  }
  if (changed) await store.setChildren(intent.epicId, children);
  await store.appendAudit(
    intent.epicId,
    {
      by: intent.by,
      action: 'children.deduplicated',
      after: {
        kept: report.kept,
        deleted: report.deleted,
        alreadyGone: report.alreadyGone,
        refused: report.refused,
        needsPerson: report.needsPerson,
      },
    },
    new Date(intent.startedAt),
    intent.auditId,
  );
  await dedup.deleteDedupIntent(intent.epicId);
  await refreshSummary(intent.epicId);
  return report;
}

/** What an unfinished cleanup finished first and what this one did, as one answer. */
function merged(first: DeduplicateReport | null, then: DeduplicateReport): DeduplicateReport {
  if (!first) return then;
  return {
    kept: { ...first.kept, ...then.kept },
    deleted: [...first.deleted, ...then.deleted],
    alreadyGone: [...first.alreadyGone, ...then.alreadyGone],
    refused: [...first.refused, ...then.refused],
    needsPerson: then.needsPerson,
  };
}

/**
 * Deletes the surplus the person confirmed (`deleteKeys`, from the preview) and maps the kept child
 * of each item. Returns what it did; nothing changes when there is nothing left to do.
 */
export async function cleanUpDuplicates(caller: Caller, ref: EpicRef, input: { deleteKeys: string[] }): Promise<DeduplicateReport> {
  const confirmed = new Set(input.deleteKeys.map((k) => assertIssueKey(k)));
  const l = await load(ref);
  const perm = await cleanupPermission(caller, l);
  if (!perm.allowed) throw new AppError('FORBIDDEN', perm.reason ? perLocale(() => perm.reason ?? '') : M.jiraForbidden);
  const epic = l.epic;
  const owner = `dedup-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const claimUntil = Math.max(invocationDeadline(), Date.now()) + spawnTuning.claimMarginMs;
  if (!(await store.claimSpawn(epic.id, owner, claimUntil - Date.now())).claimed) throw new AppError('CONFLICT', BUSY);
  try {
    // A cleanup cut off earlier is finished first.
    const unfinished = await dedup.getDedupIntent(epic.id);
    const resumed = unfinished ? await runIntent(unfinished) : null;
    const state = await store.readEpicState(epic.id);
    if ((await store.getOperation(epic.id)) || Object.keys(state.inflight ?? {}).length > 0) throw new AppError('CONFLICT', BUSY);
    // Decided on a consistent read of every child of an item that has duplicates (the search may lag).
    const suspects = findDuplicates(l.children, state.children);
    const ids = suspects.flatMap((d) => [d.keep, ...d.remove, ...d.needsPerson].map((c) => c.id));
    const found = findDuplicates(await reread(epic, ids), state.children);
    const keep: Record<string, { id: string; key: string }> = {};
    for (const d of found) if (!d.keepInMap) keep[d.itemId] = { id: d.keep.id, key: d.keep.key };
    const remove = found.flatMap((d) => d.remove.filter((c) => confirmed.has(c.key)).map((c) => ({ id: c.id, key: c.key })));
    const needsPerson = found.flatMap((d) => d.needsPerson.map((c) => c.key));
    if (remove.length === 0 && Object.keys(keep).length === 0)
      return merged(resumed, { kept: {}, deleted: [], alreadyGone: [], refused: [], needsPerson });
    // The kept child of every item touched is named in the entry (and the map), not only the changed ones.
    for (const d of found) if (d.remove.some((c) => confirmed.has(c.key))) keep[d.itemId] = { id: d.keep.id, key: d.keep.key };
    const startedAt = new Date();
    const intent: dedup.DedupIntent = {
      epicId: epic.id,
      by: caller.accountId,
      startedAt: startedAt.toISOString(),
      auditId: store.auditIdAt(startedAt),
      keep,
      remove,
      needsPerson,
    };
    // Intent first: recorded before the first deletion.
    if (!(await dedup.putDedupIntent(intent))) throw new AppError('CONFLICT', BUSY);
    return merged(resumed, await runIntent(intent));
  } finally {
    await store.releaseSpawn(epic.id, owner);
  }
}

/**
 * The JQL of the project's children, in order of preference: every issue with a parent; and, should a
 * site refuse `parent IS NOT EMPTY` (not verified against a live site: the emulator accepts it), the
 * issues carrying the app's label, which its children get when created (a copy keeps it).
 */
export const projectChildrenJql: readonly ((projectId: string) => string)[] = [
  (projectId) => `project = ${projectId} AND parent IS NOT EMPTY ORDER BY created ASC`,
  (projectId) => `project = ${projectId} AND labels = ${APP_LABEL} ORDER BY created ASC`,
];

/**
 * The project's epics with duplicate children, for the settings page: one search over the project's
 * children as the caller (at most `duplicateTuning.projectScanLimit`, oldest first; `more` says when there are more),
 * grouped by parent and item marker. Which child is kept is decided on the panel.
 */
export async function getProjectDuplicates(caller: Caller, projectIdOrKey: string): Promise<ProjectDuplicatesView> {
  void caller;
  const project = await loadProject(projectIdOrKey);
  if (!/^\d{1,18}$/.test(project.id)) throw new AppError('NOT_FOUND', M.projectNotFound);
  const limit = duplicateTuning.projectScanLimit;
  const issues: JiraIssue[] = [];
  let token: string | undefined;
  let more = false;
  let jql = projectChildrenJql[0]!(project.id);
  while (issues.length < limit) {
    let page: SearchPage;
    try {
      page = await searchJql('user', {
        jql,
        fields: FIELDS,
        properties: [ITEM_PROPERTY_KEY],
        maxResults: Math.min(100, limit - issues.length),
        ...(token ? { nextPageToken: token } : {}),
      });
    } catch (e) {
      // A site whose JQL refuses the first form is asked the second, from the start.
      const fallback = projectChildrenJql[1]!(project.id);
      if (!(e instanceof JiraError && e.kind === 'bad-request') || jql === fallback || token) throw e;
      jql = fallback;
      continue;
    }
    issues.push(...page.issues);
    token = page.nextPageToken;
    if (!token || page.isLast) break;
    if (issues.length >= limit) more = true;
  }
  const byEpic = new Map<string, { key: string; children: MarkedChild[] }>();
  for (const issue of issues) {
    const parent = issue.fields.parent;
    if (!parent) continue;
    const c = marked(issue, parent);
    if (!c) continue;
    const entry = byEpic.get(parent.id) ?? { key: parent.key, children: [] };
    entry.children.push(c);
    byEpic.set(parent.id, entry);
  }
  const epics: ProjectDuplicatesView['epics'] = [];
  for (const [id, e] of byEpic) {
    const found = findDuplicates(e.children, {});
    if (found.length === 0) continue;
    const summary = (issues.find((i) => i.fields.parent?.id === id)?.fields.parent as { fields?: { summary?: string } } | undefined)?.fields
      ?.summary;
    epics.push({
      id,
      key: e.key,
      summary: summary ?? '',
      items: found.length,
      surplus: found.reduce((n, d) => n + d.remove.length + d.needsPerson.length, 0),
    });
  }
  epics.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { epics, scanned: issues.length, limit, more };
}
