/** Reading a deployment epic and its children from Jira, in one search. */
import type { ChildIssue, EpicSummary, StatusCategory } from '../shared/api';
import { searchAll, type JiraIssue } from '../jira/client';
import { JiraError } from '../jira/errors';
import type { Actor } from '../jira/transport';
import { ITEM_PROPERTY_KEY, type ItemPropertyValue } from '../core/spawn-plan';
import { AppError, M } from './errors';

export const ISSUE_FIELDS = ['summary', 'status', 'assignee', 'issuetype', 'labels', 'project', 'parent', 'resolutiondate'];

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
  };
}

/** One Jira call (a JQL search, paged only beyond 100 issues): the epic and all its children.
 * `reconcileIssues` (ids the caller knows exist: the epic, children it created) are returned in
 * their latest state even when Jira's search index has not caught up yet. */
export async function loadEpicWithChildren(
  actor: Actor,
  epicKey: string,
  opts: { deadline?: number; reconcileIssues?: string[] } = {},
): Promise<EpicWithChildren> {
  const key = assertIssueKey(epicKey);
  let issues: JiraIssue[];
  try {
    issues = await searchAll(
      actor,
      {
        jql: `key = ${key} OR parent = ${key} ORDER BY key ASC`,
        fields: ISSUE_FIELDS,
        properties: [ITEM_PROPERTY_KEY],
        ...(opts.reconcileIssues ? { reconcileIssues: opts.reconcileIssues } : {}),
      },
      opts,
    );
  } catch (e) {
    // Jira answers 400 to `key = X` when X does not exist or the caller may not see it.
    if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found')) throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  const epicIssue = issues.find((i) => i.key === key);
  if (!epicIssue) throw new AppError('NOT_FOUND', M.epicNotFound);
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
