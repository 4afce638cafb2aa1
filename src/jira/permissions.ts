/** Jira Cloud REST v3, permissions: one function per endpoint (see src/jira/client.ts). */
import { route } from '@forge/api';
import { send } from './transport';
import type { CallOptions } from './shapes';

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
