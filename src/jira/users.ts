/** Jira Cloud REST v3, users: one function per endpoint (see src/jira/client.ts). */
import { route } from '@forge/api';
import { send, type Actor } from './transport';
import type { JiraUser, CallOptions } from './shapes';

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
