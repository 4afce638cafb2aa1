/** Jira Cloud REST v3, projects: one function per endpoint (see src/jira/client.ts). */
import { route } from '@forge/api';
import { send, type Actor } from './transport';
import type { JiraUser, JiraStatus, JiraProject, ProjectRoleDetail, WorkflowReadResult, CallOptions } from './shapes';

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
