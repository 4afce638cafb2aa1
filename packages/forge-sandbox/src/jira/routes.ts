/**
 * The route table: every operation the emulator serves, declared once in its resource module
 * (method, Jira path template spelled exactly as in Atlassian's OpenAPI spec, handler).
 */
import { FIELD_ROUTES } from './resources/fields';
import { ISSUE_ROUTES } from './resources/issues';
import { NOTIFY_ROUTES } from './resources/notify';
import { PERMISSION_ROUTES } from './resources/permissions';
import { PROJECT_ROUTES } from './resources/projects';
import { PROPERTY_ROUTES } from './resources/properties';
import type { Route } from './resources/resource';
import { SEARCH_ROUTES } from './resources/search';
import { TRANSITION_ROUTES } from './resources/transitions';
import { USER_ROUTES } from './resources/users';
import { WORKFLOW_ROUTES } from './resources/workflows';

export type { Route } from './resources/resource';
export type RouteName = string;

export const ROUTES: readonly Route[] = [
  ...USER_ROUTES,
  ...PROJECT_ROUTES,
  ...PERMISSION_ROUTES,
  ...ISSUE_ROUTES,
  ...SEARCH_ROUTES,
  ...TRANSITION_ROUTES,
  ...PROPERTY_ROUTES,
  ...WORKFLOW_ROUTES,
  ...NOTIFY_ROUTES,
  ...FIELD_ROUTES,
];

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  paramNames: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => {
  const paramNames: string[] = [];
  const pattern = route.template
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
  return { route, regex: new RegExp(`^${pattern}/?$`), paramNames };
});

export interface RouteMatch {
  name: RouteName;
  template: string;
  params: Record<string, string>;
  route: Route;
}

/**
 * Finds the route of a concrete path. Literal segments win over parameters
 * (`/project/search` is not `/project/{projectIdOrKey}`), as in Jira.
 * Returns `{ methodNotAllowed: true }` when the path exists for another method.
 */
export function matchRoute(method: string, path: string): RouteMatch | { methodNotAllowed: true } | undefined {
  const candidates = COMPILED.filter((r) => r.regex.test(path));
  if (candidates.length === 0) return undefined;
  const best = (list: CompiledRoute[]): CompiledRoute | undefined => [...list].sort((a, b) => a.paramNames.length - b.paramNames.length)[0];
  const forMethod = best(candidates.filter((r) => r.route.method === method.toUpperCase()));
  if (!forMethod) return { methodNotAllowed: true };
  const m = forMethod.regex.exec(path) as RegExpExecArray;
  const params: Record<string, string> = {};
  forMethod.paramNames.forEach((n, i) => {
    params[n] = decodeURIComponent(m[i + 1] as string);
  });
  return { name: forMethod.route.name, template: forMethod.route.template, params, route: forMethod.route };
}
