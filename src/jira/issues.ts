/** Jira Cloud REST v3, issues: one function per endpoint (see src/jira/client.ts). */
import { route } from '@forge/api';
import { send, type Actor } from './transport';
import type { JiraIssue, SearchPage, BulkCreateResult, CallOptions } from './shapes';

export async function searchJql(
  actor: Actor,
  args: {
    jql: string;
    fields: string[];
    properties?: string[];
    maxResults?: number;
    nextPageToken?: string;
    /** Issue ids whose latest state must be in the results although the search index may lag (≤ 50). */
    reconcileIssues?: string[];
  },
  opts: CallOptions = {},
): Promise<SearchPage> {
  const reconcile = [...new Set(args.reconcileIssues ?? [])]
    .filter((id) => /^\d+$/.test(id))
    .slice(0, 50)
    .map(Number);
  const body = {
    jql: args.jql,
    fields: args.fields,
    maxResults: args.maxResults ?? 100,
    ...(reconcile.length ? { reconcileIssues: reconcile } : {}),
    ...(args.properties ? { properties: args.properties } : {}),
    ...(args.nextPageToken ? { nextPageToken: args.nextPageToken } : {}),
  };
  // A read: safe to retry even though it is a POST.
  const res = await send<SearchPage>(
    actor,
    'searchJql',
    (jira, init) => jira.requestJira(route`/rest/api/3/search/jql`, { ...init, method: 'POST' }),
    {
      method: 'POST',
      body,
      retryUnsafe: true,
      ...opts,
    },
  );
  return res.data;
}

/** How many issues the caller may see match a bounded query (`POST /search/approximate-count`: "Recent updates might not be immediately visible"). */
export async function countIssues(actor: Actor, jql: string, opts: CallOptions = {}): Promise<number> {
  // A read: safe to retry even though it is a POST.
  const res = await send<{ count?: number }>(
    actor,
    'countIssues',
    (jira, init) => jira.requestJira(route`/rest/api/3/search/approximate-count`, { ...init, method: 'POST' }),
    { method: 'POST', body: { jql }, retryUnsafe: true, ...opts },
  );
  return typeof res.data?.count === 'number' ? res.data.count : 0;
}

/** All pages of a search (bounded: at most `maxPages`). */
export async function searchAll(
  actor: Actor,
  args: { jql: string; fields: string[]; properties?: string[]; reconcileIssues?: string[] },
  opts: CallOptions & { maxPages?: number } = {},
): Promise<JiraIssue[]> {
  const out: JiraIssue[] = [];
  let token: string | undefined;
  for (let page = 0; page < (opts.maxPages ?? 20); page++) {
    const res = await searchJql(actor, { ...args, ...(token ? { nextPageToken: token } : {}) }, opts);
    out.push(...res.issues);
    if (!res.nextPageToken || res.isLast) break;
    token = res.nextPageToken;
  }
  return out;
}

export async function getIssue(
  actor: Actor,
  issueIdOrKey: string,
  args: { fields: string[]; properties?: string[]; expand?: string[] },
  opts: CallOptions = {},
): Promise<JiraIssue> {
  const query = new URLSearchParams({ fields: args.fields.join(',') });
  if (args.properties) query.set('properties', args.properties.join(','));
  if (args.expand) query.set('expand', args.expand.join(','));
  const res = await send<JiraIssue>(
    actor,
    'getIssue',
    (jira, init) => jira.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?${query}`, { ...init, method: 'GET' }),
    {
      notFound: 'issue',
      ...opts,
    },
  );
  return res.data;
}

export async function createIssuesBulk(
  actor: Actor,
  issueUpdates: unknown[],
  opts: CallOptions & { retryUnsafe?: boolean } = {},
): Promise<BulkCreateResult> {
  const res = await send<BulkCreateResult>(
    actor,
    'createIssues',
    (jira, init) => jira.requestJira(route`/rest/api/3/issue/bulk`, { ...init, method: 'POST' }),
    {
      method: 'POST',
      body: { issueUpdates },
      // Jira answers 400 when every element failed; the per-element errors are still the answer.
      acceptStatuses: [400],
      ...opts,
    },
  );
  const data = res.data ?? { issues: [], errors: [] };
  return { issues: data.issues ?? [], errors: data.errors ?? [] };
}

export async function assignIssue(actor: Actor, issueIdOrKey: string, accountId: string | null, opts: CallOptions = {}): Promise<void> {
  await send(
    actor,
    'assignIssue',
    (jira, init) => jira.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/assignee`, { ...init, method: 'PUT' }),
    {
      method: 'PUT',
      body: { accountId },
      notFound: 'issue',
      ...opts,
    },
  );
}

/** Edits an issue's fields (`fields`: set, `update`: operations such as `{ labels: [{ add: 'x' }] }`). */
export async function editIssue(
  actor: Actor,
  issueIdOrKey: string,
  body: { fields?: Record<string, unknown>; update?: Record<string, unknown> },
  opts: CallOptions = {},
): Promise<void> {
  await send(actor, 'editIssue', (jira, init) => jira.requestJira(route`/rest/api/3/issue/${issueIdOrKey}`, { ...init, method: 'PUT' }), {
    method: 'PUT',
    body,
    ...opts,
  });
}

/** Deletes an issue (`DELETE /rest/api/3/issue/{issueIdOrKey}`, scope write:jira-work; Jira checks Browse
 * and Delete issues). Answers 'gone' when Jira says there is no such issue (404): deleted already. */
export async function deleteIssue(actor: Actor, issueIdOrKey: string, opts: CallOptions = {}): Promise<'deleted' | 'gone'> {
  const res = await send(
    actor,
    'deleteIssue',
    (jira, init) => jira.requestJira(route`/rest/api/3/issue/${issueIdOrKey}`, { ...init, method: 'DELETE' }),
    {
      method: 'DELETE',
      acceptStatuses: [404],
      ...opts,
    },
  );
  return res.status === 404 ? 'gone' : 'deleted';
}

export async function setIssueProperty(
  actor: Actor,
  issueIdOrKey: string,
  propertyKey: string,
  value: unknown,
  opts: CallOptions = {},
): Promise<void> {
  await send(
    actor,
    'setIssueProperty',
    (jira, init) => jira.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/properties/${propertyKey}`, { ...init, method: 'PUT' }),
    {
      method: 'PUT',
      body: value,
      notFound: 'issue',
      ...opts,
    },
  );
}

export async function deleteIssueProperty(actor: Actor, issueIdOrKey: string, propertyKey: string, opts: CallOptions = {}): Promise<void> {
  await send(
    actor,
    'deleteIssueProperty',
    (jira, init) => jira.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/properties/${propertyKey}`, { ...init, method: 'DELETE' }),
    {
      method: 'DELETE',
      // already gone: nothing to delete
      acceptStatuses: [404],
      ...opts,
    },
  );
}
