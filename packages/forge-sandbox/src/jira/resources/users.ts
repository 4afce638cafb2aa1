/** Users: myself, lookup, search, assignable search. */
import { fail, intParam } from '../http';
import type { User } from '../types';
import { Resource, routesOf, type Reply, type RequestContext } from './resource';

export class Users extends Resource {
  getUser(c: RequestContext): Reply {
    const id = c.url.searchParams.get('accountId');
    if (!id) fail(400, 'The accountId query parameter needs to be provided.');
    const u = this.store.userByAccountId(id);
    if (!u) fail(404, `Specified user does not exist or you do not have required permissions`);
    return { status: 200, body: c.render.user(u) };
  }

  userBulk(c: RequestContext): Reply {
    const ids = c.url.searchParams.getAll('accountId');
    if (ids.length === 0) fail(400, 'The accountId query parameter needs to be provided.');
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = Math.min(intParam(c.url, 'maxResults', 10), 200);
    const users = ids.map((id) => this.store.userByAccountId(id)).filter((u): u is User => u !== undefined);
    const page = users.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= users.length;
    const self = `${c.render.base}${c.url.pathname}${c.url.search}`;
    const body: Record<string, unknown> = {
      self,
      maxResults,
      startAt,
      total: users.length,
      isLast,
      values: page.map((u) => c.render.user(u)),
    };
    if (!isLast) {
      const next = new URL(self);
      next.searchParams.set('startAt', String(startAt + maxResults));
      body.nextPage = next.toString();
    }
    return { status: 200, body };
  }

  matchUsers(query: string | null, users: User[]): User[] {
    if (query === null || query === '') return users;
    const q = query.toLowerCase();
    return users.filter(
      (u) =>
        u.displayName.toLowerCase().includes(q) ||
        (u.emailAddress ?? '').toLowerCase().startsWith(q) ||
        u.accountId.toLowerCase() === q ||
        u.displayName
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(q)),
    );
  }

  userSearch(c: RequestContext): Reply {
    const query = c.url.searchParams.get('query');
    const accountId = c.url.searchParams.get('accountId');
    if (!query && !accountId) fail(400, "One of 'query' or 'accountId' parameters is required.");
    if (!this.hasGlobal(c.actor, 'USER_PICKER')) fail(403, 'You do not have the permission to browse users.');
    let users = this.store.allUsers().filter((u) => u.active);
    if (accountId) users = users.filter((u) => u.accountId === accountId);
    users = this.matchUsers(query, users);
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = intParam(c.url, 'maxResults', 50);
    return { status: 200, body: users.slice(startAt, startAt + maxResults).map((u) => c.render.user(u)) };
  }

  usersSearch(c: RequestContext): Reply {
    if (!this.hasGlobal(c.actor, 'USER_PICKER')) fail(403, 'You do not have the permission to browse users.');
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = intParam(c.url, 'maxResults', 50);
    return {
      status: 200,
      body: this.store
        .allUsers()
        .slice(startAt, startAt + maxResults)
        .map((u) => c.render.user(u)),
    };
  }

  assignableSearch(c: RequestContext): Reply {
    const projectRef = c.url.searchParams.get('project');
    const issueKey = c.url.searchParams.get('issueKey') ?? c.url.searchParams.get('issueId');
    let projectId: string;
    if (issueKey) projectId = this.visibleIssue(c.actor, issueKey).project_id;
    else if (projectRef) projectId = this.visibleProject(c.actor, projectRef).id;
    else return fail(400, 'Either project, issueKey or issueId must be specified.');
    const ids = new Set(this.store.usersWithProjectPermission(projectId, 'ASSIGNABLE_USER'));
    let users = this.store.allUsers().filter((u) => ids.has(u.accountId) && u.active);
    const accountId = c.url.searchParams.get('accountId');
    if (accountId) users = users.filter((u) => u.accountId === accountId);
    users = this.matchUsers(c.url.searchParams.get('query'), users);
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = intParam(c.url, 'maxResults', 50);
    return { status: 200, body: users.slice(startAt, startAt + maxResults).map((u) => c.render.user(u)) };
  }
}

export const USER_ROUTES = routesOf(Users, [
  { method: 'GET', template: '/rest/api/3/myself', name: 'myself', handle: (_r, c) => ({ status: 200, body: c.render.user(c.actor) }) },
  { method: 'GET', template: '/rest/api/3/user', name: 'user', handle: (r, c) => r.getUser(c) },
  { method: 'GET', template: '/rest/api/3/user/bulk', name: 'userBulk', handle: (r, c) => r.userBulk(c) },
  { method: 'GET', template: '/rest/api/3/user/search', name: 'userSearch', handle: (r, c) => r.userSearch(c) },
  { method: 'GET', template: '/rest/api/3/users/search', name: 'usersSearch', handle: (r, c) => r.usersSearch(c) },
  { method: 'GET', template: '/rest/api/3/user/assignable/search', name: 'userAssignableSearch', handle: (r, c) => r.assignableSearch(c) },
]);
