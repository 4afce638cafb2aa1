/** Route table: Jira path templates (spelled exactly as in Atlassian's OpenAPI spec) → handler names. */

export type RouteName =
  | 'myself'
  | 'user'
  | 'userBulk'
  | 'userSearch'
  | 'usersSearch'
  | 'userAssignableSearch'
  | 'projectSearch'
  | 'project'
  | 'projectRoles'
  | 'projectRole'
  | 'issueTypesForProject'
  | 'projectStatuses'
  | 'myPermissions'
  | 'permissionsCheck'
  | 'createIssue'
  | 'createIssues'
  | 'getIssue'
  | 'editIssue'
  | 'deleteIssue'
  | 'assignIssue'
  | 'searchJqlGet'
  | 'searchJqlPost'
  | 'searchRemoved'
  | 'getTransitions'
  | 'doTransition'
  | 'getPropertyKeys'
  | 'getProperty'
  | 'setProperty'
  | 'deleteProperty'
  | 'workflowsSearch'
  | 'workflowsRead'
  | 'workflowSchemeProject';

interface RouteDef {
  method: string;
  template: string;
  name: RouteName;
}

export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', template: '/rest/api/3/myself', name: 'myself' },
  { method: 'GET', template: '/rest/api/3/user', name: 'user' },
  { method: 'GET', template: '/rest/api/3/user/bulk', name: 'userBulk' },
  { method: 'GET', template: '/rest/api/3/user/search', name: 'userSearch' },
  { method: 'GET', template: '/rest/api/3/users/search', name: 'usersSearch' },
  { method: 'GET', template: '/rest/api/3/user/assignable/search', name: 'userAssignableSearch' },
  { method: 'GET', template: '/rest/api/3/project/search', name: 'projectSearch' },
  { method: 'GET', template: '/rest/api/3/project/{projectIdOrKey}', name: 'project' },
  { method: 'GET', template: '/rest/api/3/project/{projectIdOrKey}/role', name: 'projectRoles' },
  { method: 'GET', template: '/rest/api/3/project/{projectIdOrKey}/role/{id}', name: 'projectRole' },
  { method: 'GET', template: '/rest/api/3/issuetype/project', name: 'issueTypesForProject' },
  { method: 'GET', template: '/rest/api/3/project/{projectIdOrKey}/statuses', name: 'projectStatuses' },
  { method: 'GET', template: '/rest/api/3/mypermissions', name: 'myPermissions' },
  { method: 'POST', template: '/rest/api/3/permissions/check', name: 'permissionsCheck' },
  { method: 'POST', template: '/rest/api/3/issue', name: 'createIssue' },
  { method: 'POST', template: '/rest/api/3/issue/bulk', name: 'createIssues' },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}', name: 'getIssue' },
  { method: 'PUT', template: '/rest/api/3/issue/{issueIdOrKey}', name: 'editIssue' },
  { method: 'DELETE', template: '/rest/api/3/issue/{issueIdOrKey}', name: 'deleteIssue' },
  { method: 'PUT', template: '/rest/api/3/issue/{issueIdOrKey}/assignee', name: 'assignIssue' },
  { method: 'GET', template: '/rest/api/3/search/jql', name: 'searchJqlGet' },
  { method: 'POST', template: '/rest/api/3/search/jql', name: 'searchJqlPost' },
  { method: 'GET', template: '/rest/api/3/search', name: 'searchRemoved' },
  { method: 'POST', template: '/rest/api/3/search', name: 'searchRemoved' },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}/transitions', name: 'getTransitions' },
  { method: 'POST', template: '/rest/api/3/issue/{issueIdOrKey}/transitions', name: 'doTransition' },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}/properties', name: 'getPropertyKeys' },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', name: 'getProperty' },
  { method: 'PUT', template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', name: 'setProperty' },
  { method: 'DELETE', template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', name: 'deleteProperty' },
  { method: 'GET', template: '/rest/api/3/workflows/search', name: 'workflowsSearch' },
  { method: 'POST', template: '/rest/api/3/workflows', name: 'workflowsRead' },
  { method: 'GET', template: '/rest/api/3/workflowscheme/project', name: 'workflowSchemeProject' },
];

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  paramNames: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((r) => {
  const paramNames: string[] = [];
  const pattern = r.template
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m) {
        paramNames.push(m[1] as string);
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...r, regex: new RegExp(`^${pattern}/?$`), paramNames };
});

export interface RouteMatch {
  name: RouteName;
  template: string;
  params: Record<string, string>;
}

/**
 * Finds the route of a concrete path. Literal segments win over parameters
 * (`/project/search` is not `/project/{projectIdOrKey}`), as in Jira.
 * Returns `{ methodNotAllowed: true }` when the path exists for another method.
 */
export function matchRoute(method: string, path: string): RouteMatch | { methodNotAllowed: true } | undefined {
  const candidates = COMPILED.filter((r) => r.regex.test(path));
  if (candidates.length === 0) return undefined;
  const best = (list: CompiledRoute[]): CompiledRoute | undefined =>
    [...list].sort((a, b) => a.paramNames.length - b.paramNames.length)[0];
  const forMethod = best(candidates.filter((r) => r.method === method.toUpperCase()));
  if (!forMethod) return { methodNotAllowed: true };
  const m = forMethod.regex.exec(path) as RegExpExecArray;
  const params: Record<string, string> = {};
  forMethod.paramNames.forEach((n, i) => {
    params[n] = decodeURIComponent(m[i + 1] as string);
  });
  return { name: forMethod.name, template: forMethod.template, params };
}
