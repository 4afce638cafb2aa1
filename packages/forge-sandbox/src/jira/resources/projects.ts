/** Projects, their roles, issue types and statuses. */
import { fail, intParam, listParam } from '../http';
import { Resource, routesOf, type Reply, type RequestContext } from './resource';

export class Projects extends Resource {
  projectSearch(c: RequestContext): Reply {
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = Math.min(intParam(c.url, 'maxResults', 50), 100);
    const keys = listParam(c.url, 'keys').map((k) => k.toUpperCase());
    const ids = listParam(c.url, 'id');
    const query = (c.url.searchParams.get('query') ?? '').toLowerCase();
    const expand = new Set(listParam(c.url, 'expand'));
    let projects = this.visibleProjects(c.actor);
    if (keys.length > 0) projects = projects.filter((p) => keys.includes(p.key.toUpperCase()));
    if (ids.length > 0) projects = projects.filter((p) => ids.includes(p.id));
    if (query) projects = projects.filter((p) => p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query));
    const page = projects.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= projects.length;
    const self = `${c.render.base}${c.url.pathname}${c.url.search}`;
    const body: Record<string, unknown> = {
      self,
      maxResults,
      startAt,
      total: projects.length,
      isLast,
      values: page.map((p) => c.render.project(p, expand, false)),
    };
    if (!isLast) {
      const next = new URL(self);
      next.searchParams.set('startAt', String(startAt + maxResults));
      body.nextPage = next.toString();
    }
    return { status: 200, body };
  }

  projectRole(c: RequestContext): Reply {
    const p = this.visibleProject(c.actor, c.params.projectIdOrKey ?? '');
    // Jira: needs "Administer Projects" for the project or "Administer Jira"; otherwise 404
    // ("the user does not have administrative permission").
    if (!this.hasProject(c.actor, p.id, 'ADMINISTER_PROJECTS') && !this.hasGlobal(c.actor, 'ADMINISTER')) {
      fail(404, 'You cannot view the actors of this project role: it needs the Administer Projects permission.');
    }
    const id = Number(c.params.id);
    const role = Number.isInteger(id) ? this.store.role(id) : undefined;
    if (!role) fail(404, `Can not retrieve a role actor for a null project role.`);
    const actors = this.store.roleActors(p.id, role.id).map((accountId, i) => {
      const u = this.store.userByAccountId(accountId);
      return {
        id: role.id * 100 + i,
        displayName: u?.displayName ?? accountId,
        type: 'atlassian-user-role-actor',
        actorUser: { accountId },
      };
    });
    return {
      status: 200,
      body: {
        self: `${c.render.base}/rest/api/3/project/${p.id}/role/${role.id}`,
        name: role.name,
        id: role.id,
        description: role.description,
        actors,
        scope: { type: 'PROJECT', project: { id: p.id, key: p.key, name: p.name } },
      },
    };
  }

  issueTypesForProject(c: RequestContext): Reply {
    const projectId = c.url.searchParams.get('projectId');
    if (!projectId) fail(400, 'The projectId query parameter needs to be provided.');
    const p = this.store.projectById(projectId);
    if (!p || !this.hasProject(c.actor, p.id, 'BROWSE_PROJECTS'))
      fail(404, 'The project is not found or you do not have permission to view it.');
    const level = c.url.searchParams.get('level');
    let types = this.store.issueTypes(p.id);
    if (level !== null) types = types.filter((t) => String(t.hierarchy_level) === level);
    return { status: 200, body: types.map((t) => c.render.issueType(t)) };
  }

  projectStatuses(c: RequestContext): Reply {
    const p = this.visibleProject(c.actor, c.params.projectIdOrKey ?? '');
    const statuses = this.store.statuses().map((s) => c.render.status(s));
    return {
      status: 200,
      body: this.store.issueTypes(p.id).map((t) => ({
        self: `${c.render.base}/rest/api/3/issuetype/${t.id}`,
        id: t.id,
        name: t.name,
        subtask: t.subtask === 1,
        statuses,
      })),
    };
  }
}

export const PROJECT_ROUTES = routesOf(Projects, [
  { method: 'GET', template: '/rest/api/3/project/search', name: 'projectSearch', handle: (r, c) => r.projectSearch(c) },
  {
    method: 'GET',
    template: '/rest/api/3/project/{projectIdOrKey}',
    name: 'project',
    handle: (r, c) => ({ status: 200, body: c.render.project(r.visibleProject(c.actor, c.params.projectIdOrKey ?? ''), new Set(), true) }),
  },
  {
    method: 'GET',
    template: '/rest/api/3/project/{projectIdOrKey}/role',
    name: 'projectRoles',
    handle: (r, c) => ({ status: 200, body: c.render.roleLinks(r.visibleProject(c.actor, c.params.projectIdOrKey ?? '')) }),
  },
  { method: 'GET', template: '/rest/api/3/project/{projectIdOrKey}/role/{id}', name: 'projectRole', handle: (r, c) => r.projectRole(c) },
  { method: 'GET', template: '/rest/api/3/issuetype/project', name: 'issueTypesForProject', handle: (r, c) => r.issueTypesForProject(c) },
  {
    method: 'GET',
    template: '/rest/api/3/project/{projectIdOrKey}/statuses',
    name: 'projectStatuses',
    handle: (r, c) => r.projectStatuses(c),
  },
]);
