/**
 * A thin typed Jira Cloud REST v3 client: one small function per endpoint the app uses. Every
 * request goes through `send` (one error taxonomy, retries with backoff in one place). Each call
 * site spells `requestJira(route`...`, { method })` literally, so Forge's permission linter maps it
 * to its scope (it only sees literal `requestJira(route..., {method: '...'})` calls).
 */
import { route } from '@forge/api';
import { send, type Actor } from './transport';

// ------------------------------------------------------------------------------------ shapes
export interface JiraUser {
  accountId: string;
  displayName?: string;
  active?: boolean;
  accountType?: string;
  avatarUrls?: Record<string, string>;
}

export interface JiraStatus {
  id?: string;
  name: string;
  statusCategory: { key: string };
}

export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary?: string;
    labels?: string[];
    status?: JiraStatus;
    assignee?: JiraUser | null;
    issuetype?: { id: string; name: string; hierarchyLevel?: number; subtask?: boolean };
    project?: { id: string; key: string; name?: string };
    parent?: { id: string; key: string };
    subtasks?: { id: string; key: string }[];
    resolutiondate?: string | null;
    /** `YYYY-MM-DD` or null. */
    duedate?: string | null;
  };
  properties?: Record<string, unknown>;
  /** With `expand=transitions`: the transitions the caller may make from the issue's status, each with its target status. */
  transitions?: { id: string; name?: string; to?: JiraStatus }[];
}

export interface SearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

export interface BulkCreateResult {
  issues: { id: string; key: string }[];
  errors: {
    status?: number;
    failedElementNumber?: number;
    elementErrors?: { errorMessages?: string[]; errors?: Record<string, string> };
  }[];
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  /** 'classic' = company-managed, 'next-gen' = team-managed. */
  style?: string;
  simplified?: boolean;
  issueTypes?: { id: string; name: string; hierarchyLevel?: number; subtask?: boolean }[];
}

export interface ProjectRoleDetail {
  id: number;
  name: string;
  actors?: { type?: string; actorUser?: { accountId: string } }[];
}

export interface WorkflowReadResult {
  workflows?: {
    id?: string;
    name?: string;
    transitions?: {
      id?: string;
      name?: string;
      type?: string;
      to?: { statusReference?: string };
      /** The target status (Jira's POST /rest/api/3/workflows answer names it here). */
      toStatusReference?: string;
      validators?: { ruleKey: string; parameters?: Record<string, string> }[];
    }[];
  }[];
  /** statusCategory: TODO | IN_PROGRESS | DONE. */
  statuses?: { id?: string; statusReference?: string; name?: string; statusCategory?: string }[];
}

interface CallOptions {
  deadline?: number;
}

// ------------------------------------------------------------------------------------ issues
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

// ------------------------------------------------------------------------------------ fields
export interface JiraField {
  id: string;
  key?: string;
  name: string;
  custom?: boolean;
  clauseNames?: string[];
  schema?: { type?: string; custom?: string; customId?: number };
}

export async function getFields(actor: Actor, opts: CallOptions = {}): Promise<JiraField[]> {
  const res = await send<JiraField[]>(
    actor,
    'getFields',
    (jira, init) => jira.requestJira(route`/rest/api/3/field`, { ...init, method: 'GET' }),
    opts,
  );
  return Array.isArray(res.data) ? res.data : [];
}

/**
 * Sets the values of the app's own custom fields (only the owning app may: OpenAPI
 * `POST /rest/api/3/app/field/value`). `generateChangelog: false`: a report's rewrite is not a change of the issue.
 */
export async function setAppFieldValues(
  updates: { customField: string; issueIds: number[]; value: unknown }[],
  opts: CallOptions = {},
): Promise<void> {
  await send(
    'app',
    'updateMultipleCustomFieldValues',
    (jira, init) => jira.requestJira(route`/rest/api/3/app/field/value?generateChangelog=false`, { ...init, method: 'POST' }),
    {
      method: 'POST',
      body: { updates },
      ...opts,
    },
  );
}

// ------------------------------------------------------------------------------------ permissions
export type PermissionKey =
  'BROWSE_PROJECTS' | 'CREATE_ISSUES' | 'EDIT_ISSUES' | 'ASSIGN_ISSUES' | 'TRANSITION_ISSUES' | 'ADMINISTER_PROJECTS' | 'ADMINISTER';

/** The caller's own permissions (asUser) in a project or on an issue. */
export async function getMyPermissions(
  args: { projectId?: string; issueKey?: string; permissions: PermissionKey[] },
  opts: CallOptions = {},
): Promise<Record<string, boolean>> {
  const query = new URLSearchParams({ permissions: args.permissions.join(',') });
  if (args.projectId) query.set('projectId', args.projectId);
  if (args.issueKey) query.set('issueKey', args.issueKey);
  const res = await send<{ permissions: Record<string, { havePermission?: boolean }> }>(
    'user',
    'getMyPermissions',
    (jira, init) => jira.requestJira(route`/rest/api/3/mypermissions?${query}`, { ...init, method: 'GET' }),
    { notFound: args.issueKey ? 'issue' : 'project', ...opts },
  );
  return Object.fromEntries(args.permissions.map((p) => [p, res.data.permissions?.[p]?.havePermission === true]));
}

// ------------------------------------------------------------------------------------ users
export async function getUsersBulk(actor: Actor, accountIds: string[], opts: CallOptions = {}): Promise<JiraUser[]> {
  if (accountIds.length === 0) return [];
  const query = new URLSearchParams({ maxResults: String(Math.min(accountIds.length, 200)) });
  for (const id of accountIds.slice(0, 200)) query.append('accountId', id);
  const res = await send<{ values?: JiraUser[] }>(
    actor,
    'bulkGetUsers',
    (jira, init) => jira.requestJira(route`/rest/api/3/user/bulk?${query}`, { ...init, method: 'GET' }),
    {
      notFound: 'user',
      ...opts,
    },
  );
  return res.data.values ?? [];
}

export async function searchUsers(actor: Actor, text: string, opts: CallOptions = {}): Promise<JiraUser[]> {
  const query = new URLSearchParams({ query: text, maxResults: '20' });
  const res = await send<JiraUser[]>(
    actor,
    'findUsers',
    (jira, init) => jira.requestJira(route`/rest/api/3/user/search?${query}`, { ...init, method: 'GET' }),
    opts,
  );
  return res.data ?? [];
}

/**
 * Users who can be assigned issues in a project (`GET /rest/api/3/user/assignable/search`); with
 * `accountId`, that one user when assignable, else nothing. Jira checks that the user is active
 * and holds the Assignable User permission in the project.
 */
export async function findAssignableUsers(
  actor: Actor,
  args: { project: string; accountId: string },
  opts: CallOptions = {},
): Promise<JiraUser[]> {
  const query = new URLSearchParams({ project: args.project, accountId: args.accountId });
  const res = await send<JiraUser[]>(
    actor,
    'findAssignableUsers',
    (jira, init) => jira.requestJira(route`/rest/api/3/user/assignable/search?${query}`, { ...init, method: 'GET' }),
    opts,
  );
  return Array.isArray(res.data) ? res.data : [];
}

// ------------------------------------------------------------------------------------ projects
export async function getProject(actor: Actor, projectIdOrKey: string, opts: CallOptions = {}): Promise<JiraProject> {
  const res = await send<JiraProject>(
    actor,
    'getProject',
    (jira, init) => jira.requestJira(route`/rest/api/3/project/${projectIdOrKey}`, { ...init, method: 'GET' }),
    {
      notFound: 'project',
      ...opts,
    },
  );
  return res.data;
}

/** The projects the caller may browse, by name, optionally those whose key or name contains `query` (first page). */
export async function browsableProjects(actor: Actor, query: string, opts: CallOptions = {}): Promise<JiraProject[]> {
  const params = new URLSearchParams({ maxResults: '100', orderBy: 'name' });
  if (query) params.set('query', query);
  const res = await send<{ values?: JiraProject[] }>(
    actor,
    'searchProjects',
    (jira, init) => jira.requestJira(route`/rest/api/3/project/search?${params}`, { ...init, method: 'GET' }),
    opts,
  );
  return res.data?.values ?? [];
}

/** The projects among `keys` that the caller may browse (Jira leaves the others out). */
export async function searchProjectsByKeys(actor: Actor, keys: string[], opts: CallOptions = {}): Promise<JiraProject[]> {
  const query = new URLSearchParams({ maxResults: '50' });
  for (const k of keys) query.append('keys', k);
  const res = await send<{ values?: JiraProject[] }>(
    actor,
    'searchProjects',
    (jira, init) => jira.requestJira(route`/rest/api/3/project/search?${query}`, { ...init, method: 'GET' }),
    opts,
  );
  return res.data?.values ?? [];
}

/** The issue types of a project, with their hierarchy levels (1: epic level, whatever the type is called). */
export async function getProjectIssueTypes(
  actor: Actor,
  projectId: string,
  opts: CallOptions = {},
): Promise<{ id: string; name: string; hierarchyLevel: number; subtask?: boolean }[]> {
  const query = new URLSearchParams({ projectId });
  const res = await send<{ id: string; name: string; hierarchyLevel: number; subtask?: boolean }[]>(
    actor,
    'getIssueTypesForProject',
    (jira, init) => jira.requestJira(route`/rest/api/3/issuetype/project?${query}`, { ...init, method: 'GET' }),
    { notFound: 'project', ...opts },
  );
  return Array.isArray(res.data) ? res.data : [];
}

/** Project roles: name → self URL (the id is the URL's last segment). */
export async function getProjectRoles(
  actor: Actor,
  projectIdOrKey: string,
  opts: CallOptions = {},
): Promise<{ id: string; name: string }[]> {
  const res = await send<Record<string, string>>(
    actor,
    'getProjectRoles',
    (jira, init) => jira.requestJira(route`/rest/api/3/project/${projectIdOrKey}/role`, { ...init, method: 'GET' }),
    {
      notFound: 'project',
      ...opts,
    },
  );
  return Object.entries(res.data ?? {}).map(([name, self]) => ({ name, id: String(self).split('/').pop() ?? '' }));
}

export async function getProjectRole(
  actor: Actor,
  projectIdOrKey: string,
  roleId: string,
  opts: CallOptions = {},
): Promise<ProjectRoleDetail> {
  const res = await send<ProjectRoleDetail>(
    actor,
    'getProjectRole',
    (jira, init) => jira.requestJira(route`/rest/api/3/project/${projectIdOrKey}/role/${roleId}`, { ...init, method: 'GET' }),
    {
      notFound: 'project-role',
      ...opts,
    },
  );
  return res.data;
}

/** The statuses of each issue type of a project, with their categories. */
export async function getProjectStatuses(
  actor: Actor,
  projectIdOrKey: string,
  opts: CallOptions = {},
): Promise<{ id: string; name: string; statuses?: JiraStatus[] }[]> {
  const res = await send<{ id: string; name: string; statuses?: JiraStatus[] }[]>(
    actor,
    'getAllStatuses',
    (jira, init) => jira.requestJira(route`/rest/api/3/project/${projectIdOrKey}/statuses`, { ...init, method: 'GET' }),
    opts,
  );
  return Array.isArray(res.data) ? res.data : [];
}

/** The workflow of one issue type in a project, with transitions and rules (Jira admin only). */
export async function readWorkflow(
  actor: Actor,
  args: { projectId: string; issueTypeId: string },
  opts: CallOptions = {},
): Promise<WorkflowReadResult> {
  const res = await send<WorkflowReadResult>(
    actor,
    'readWorkflows',
    (jira, init) => jira.requestJira(route`/rest/api/3/workflows`, { ...init, method: 'POST' }),
    {
      method: 'POST',
      body: { projectAndIssueTypes: [{ projectId: args.projectId, issueTypeId: args.issueTypeId }] },
      retryUnsafe: true, // a read
      notFound: 'workflow',
      ...opts,
    },
  );
  return res.data;
}

/** One user, with the locale Jira shows them (asApp; used for the validator's message language). */
export async function getUser(actor: Actor, accountId: string, opts: CallOptions = {}): Promise<JiraUser & { locale?: string }> {
  const query = new URLSearchParams({ accountId });
  const res = await send<JiraUser & { locale?: string }>(
    actor,
    'getUser',
    (jira, init) => jira.requestJira(route`/rest/api/3/user?${query}`, { ...init, method: 'GET' }),
    {
      notFound: 'user',
      ...opts,
    },
  );
  return res.data;
}
