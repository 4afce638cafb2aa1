/** Permissions: my permissions and the bulk permission check. */
import { fail, isRecord, listParam } from '../http';
import { GLOBAL_PERMISSIONS, PROJECT_PERMISSIONS } from '../seed';
import { asString, NOT_FOUND_ISSUE, notFoundProject, Resource, routesOf, type Reply, type RequestContext } from './resource';

export class Permissions extends Resource {
  myPermissions(c: RequestContext): Reply {
    const keys = listParam(c.url, 'permissions');
    if (keys.length === 0) fail(400, "The 'permissions' query parameter is required.");
    let projectId: string | undefined;
    const pKey = c.url.searchParams.get('projectKey') ?? c.url.searchParams.get('projectId');
    const iKey = c.url.searchParams.get('issueKey') ?? c.url.searchParams.get('issueId');
    if (iKey) {
      const i = this.store.issueByIdOrKey(iKey);
      if (!i) fail(404, NOT_FOUND_ISSUE);
      projectId = i.project_id;
    } else if (pKey) {
      const p = this.store.projectByIdOrKey(pKey);
      if (!p) notFoundProject(pKey);
      projectId = p.id;
    }
    const permissions: Record<string, unknown> = {};
    for (const key of keys) {
      const g = GLOBAL_PERMISSIONS[key];
      const pr = PROJECT_PERMISSIONS[key];
      if (!g && !pr) fail(400, `Unrecognized permission key: '${key}'.`);
      let have: boolean;
      if (g) have = this.hasGlobal(c.actor, key);
      else if (projectId !== undefined) have = this.hasProject(c.actor, projectId, key);
      else have = this.store.allProjects().some((p) => this.hasProject(c.actor, p.id, key));
      const def = (g ?? pr) as { id: string; name: string; description: string };
      permissions[key] = {
        id: def.id,
        key,
        name: def.name,
        type: g ? 'GLOBAL' : 'PROJECT',
        description: def.description,
        havePermission: have,
      };
    }
    return { status: 200, body: { permissions } };
  }

  permissionsCheck(c: RequestContext): Reply {
    const body = isRecord(c.body) ? c.body : {};
    let subject = c.actor;
    const accountId = asString(body.accountId);
    if (accountId !== undefined && accountId !== c.actor.accountId) {
      if (!this.hasGlobal(c.actor, 'ADMINISTER')) fail(403, 'Only Jira administrators and apps can check the permissions of other users.');
      const u = this.store.userByAccountId(accountId);
      if (!u) fail(400, `The user with account ID '${accountId}' does not exist.`);
      subject = u;
    }
    const globalWanted = Array.isArray(body.globalPermissions) ? body.globalPermissions.map(String) : [];
    const globalPermissions: string[] = [];
    for (const g of globalWanted) {
      if (!GLOBAL_PERMISSIONS[g]) fail(400, `Unrecognized global permission key: '${g}'.`);
      if (this.hasGlobal(subject, g)) globalPermissions.push(g);
    }
    const projectPermissions: { permission: string; projects: number[]; issues: number[] }[] = [];
    const wanted = Array.isArray(body.projectPermissions) ? body.projectPermissions : [];
    for (const w of wanted) {
      if (!isRecord(w)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
      const perms = Array.isArray(w.permissions) ? w.permissions.map(String) : [];
      const projects = Array.isArray(w.projects) ? w.projects.map((x) => String(x)) : [];
      const issues = Array.isArray(w.issues) ? w.issues.map((x) => String(x)) : [];
      for (const perm of perms) {
        if (!PROJECT_PERMISSIONS[perm]) fail(400, `Unrecognized project permission key: '${perm}'.`);
        const grantedProjects = projects.filter((pid) => {
          const p = this.store.projectById(pid);
          return p !== undefined && this.hasProject(subject, p.id, perm);
        });
        const grantedIssues = issues.filter((iid) => {
          const i = this.store.issueByIdOrKey(iid);
          return (
            i !== undefined && this.hasProject(subject, i.project_id, perm) && this.hasProject(subject, i.project_id, 'BROWSE_PROJECTS')
          );
        });
        projectPermissions.push({ permission: perm, projects: grantedProjects.map(Number), issues: grantedIssues.map(Number) });
      }
    }
    return { status: 200, body: { globalPermissions, projectPermissions } };
  }
}

export const PERMISSION_ROUTES = routesOf(Permissions, [
  { method: 'GET', template: '/rest/api/3/mypermissions', name: 'myPermissions', handle: (r, c) => r.myPermissions(c) },
  { method: 'POST', template: '/rest/api/3/permissions/check', name: 'permissionsCheck', handle: (r, c) => r.permissionsCheck(c) },
]);
