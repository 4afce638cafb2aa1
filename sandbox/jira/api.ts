/** Handlers of the emulated Jira Cloud REST v3 operations. */
import type { IssueRow, IssueTypeRow, ProjectRow, Store } from './db';
import { errorBody, fail, failFields, intParam, isRecord, jiraTimestamp, JiraHttpError, listParam } from './http';
import { compileJql, JqlError, parseJql, sortIssues, type JqlEnvironment, type JqlIssue } from './jql';
import { Renderer } from './render';
import type { RouteName } from './routes';
import { forgeExtensionKey, GLOBAL_PERMISSIONS, PROJECT_PERMISSIONS, STATUS_IDS } from './seed';
import type { ChangelogItem, EmulatorHooks, IssueEvent, User, ValidatorResult } from './types';

export const PROPERTY_VALUE_MAX = 32768;
export const PROPERTY_KEY_MAX = 255;
export const BULK_MAX = 50;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  url: URL;
  params: Record<string, string>;
  actor: User;
  body: unknown;
  rawBody: string;
  render: Renderer;
  /** run after the response is sent */
  after: (() => void)[];
}

export interface ApiOptions {
  store: Store;
  hooks: EmulatorHooks;
  validatorTimeoutMs: number;
}

const NOT_FOUND_ISSUE = 'Issue does not exist or you do not have permission to see it.';

function notFoundProject(idOrKey: string): never {
  return fail(404, `No project could be found with key '${idOrKey}'.`);
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

interface IssueInput {
  fields: Record<string, unknown>;
  update: Record<string, unknown>;
  properties: { key: string; value: unknown }[];
}

export class JiraApi {
  constructor(private readonly o: ApiOptions) {}

  private get store(): Store {
    return this.o.store;
  }

  // ---------------------------------------------------------------------------------------------
  // permissions

  isApp(u: User): boolean {
    return u.accountType === 'app';
  }

  hasGlobal(u: User, perm: string): boolean {
    if (this.isApp(u)) return true;
    return this.store.globalPermissions(u.accountId).has(perm);
  }

  hasProject(u: User, projectId: string, perm: string): boolean {
    if (this.isApp(u)) return true;
    return this.store.projectPermissions(projectId, u.accountId).has(perm);
  }

  private visibleProject(u: User, idOrKey: string): ProjectRow {
    const p = this.store.projectByIdOrKey(idOrKey);
    if (!p || !this.hasProject(u, p.id, 'BROWSE_PROJECTS')) notFoundProject(idOrKey);
    return p;
  }

  private visibleIssue(u: User, idOrKey: string): IssueRow {
    const i = this.store.issueByIdOrKey(idOrKey);
    if (!i || !this.hasProject(u, i.project_id, 'BROWSE_PROJECTS')) fail(404, NOT_FOUND_ISSUE);
    return i;
  }

  private visibleProjects(u: User): ProjectRow[] {
    return this.store.allProjects().filter((p) => this.hasProject(u, p.id, 'BROWSE_PROJECTS'));
  }

  // ---------------------------------------------------------------------------------------------
  // dispatch

  async dispatch(name: RouteName, c: RequestContext): Promise<Reply> {
    switch (name) {
      case 'myself':
        return { status: 200, body: c.render.user(c.actor) };
      case 'user':
        return this.getUser(c);
      case 'userBulk':
        return this.userBulk(c);
      case 'userSearch':
        return this.userSearch(c);
      case 'usersSearch':
        return this.usersSearch(c);
      case 'userAssignableSearch':
        return this.assignableSearch(c);
      case 'projectSearch':
        return this.projectSearch(c);
      case 'project':
        return { status: 200, body: c.render.project(this.visibleProject(c.actor, c.params.projectIdOrKey ?? ''), new Set(), true) };
      case 'projectRoles': {
        const p = this.visibleProject(c.actor, c.params.projectIdOrKey ?? '');
        return { status: 200, body: c.render.roleLinks(p) };
      }
      case 'projectRole':
        return this.projectRole(c);
      case 'issueTypesForProject':
        return this.issueTypesForProject(c);
      case 'projectStatuses':
        return this.projectStatuses(c);
      case 'myPermissions':
        return this.myPermissions(c);
      case 'permissionsCheck':
        return this.permissionsCheck(c);
      case 'createIssue':
        return this.createIssue(c);
      case 'createIssues':
        return this.createIssues(c);
      case 'getIssue':
        return this.getIssue(c);
      case 'editIssue':
        return this.editIssue(c);
      case 'deleteIssue':
        return this.deleteIssue(c);
      case 'assignIssue':
        return this.assignIssue(c);
      case 'searchJqlGet':
        return this.searchJql(c, {
          jql: c.url.searchParams.get('jql') ?? '',
          nextPageToken: c.url.searchParams.get('nextPageToken') ?? undefined,
          maxResults: intParam(c.url, 'maxResults', 50),
          fields: listParam(c.url, 'fields'),
          properties: listParam(c.url, 'properties'),
          expand: listParam(c.url, 'expand'),
        });
      case 'searchJqlPost':
        return this.searchJqlPost(c);
      case 'searchRemoved':
        return {
          status: 410,
          body: errorBody(
            'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
          ),
        };
      case 'getTransitions':
        return this.getTransitions(c);
      case 'doTransition':
        return this.doTransition(c);
      case 'getPropertyKeys':
        return this.getPropertyKeys(c);
      case 'getProperty':
        return this.getProperty(c);
      case 'setProperty':
        return this.setProperty(c);
      case 'deleteProperty':
        return this.deleteProperty(c);
      case 'workflowsSearch':
        return this.workflowsSearch(c);
      case 'workflowsRead':
        return this.workflowsRead(c);
      case 'workflowSchemeProject':
        return this.workflowSchemeProject(c);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // users

  private getUser(c: RequestContext): Reply {
    const id = c.url.searchParams.get('accountId');
    if (!id) fail(400, 'The accountId query parameter needs to be provided.');
    const u = this.store.userByAccountId(id);
    if (!u) fail(404, `Specified user does not exist or you do not have required permissions`);
    return { status: 200, body: c.render.user(u) };
  }

  private userBulk(c: RequestContext): Reply {
    const ids = c.url.searchParams.getAll('accountId');
    if (ids.length === 0) fail(400, 'The accountId query parameter needs to be provided.');
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = Math.min(intParam(c.url, 'maxResults', 10), 200);
    const users = ids.map((id) => this.store.userByAccountId(id)).filter((u): u is User => u !== undefined);
    const page = users.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= users.length;
    const self = `${c.render.base}${c.url.pathname}${c.url.search}`;
    const body: Record<string, unknown> = { self, maxResults, startAt, total: users.length, isLast, values: page.map((u) => c.render.user(u)) };
    if (!isLast) {
      const next = new URL(self);
      next.searchParams.set('startAt', String(startAt + maxResults));
      body.nextPage = next.toString();
    }
    return { status: 200, body };
  }

  private matchUsers(query: string | null, users: User[]): User[] {
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

  private userSearch(c: RequestContext): Reply {
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

  private usersSearch(c: RequestContext): Reply {
    if (!this.hasGlobal(c.actor, 'USER_PICKER')) fail(403, 'You do not have the permission to browse users.');
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = intParam(c.url, 'maxResults', 50);
    return { status: 200, body: this.store.allUsers().slice(startAt, startAt + maxResults).map((u) => c.render.user(u)) };
  }

  private assignableSearch(c: RequestContext): Reply {
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

  // ---------------------------------------------------------------------------------------------
  // projects

  private projectSearch(c: RequestContext): Reply {
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

  private projectRole(c: RequestContext): Reply {
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

  private issueTypesForProject(c: RequestContext): Reply {
    const projectId = c.url.searchParams.get('projectId');
    if (!projectId) fail(400, 'The projectId query parameter needs to be provided.');
    const p = this.store.projectById(projectId);
    if (!p || !this.hasProject(c.actor, p.id, 'BROWSE_PROJECTS')) fail(404, 'The project is not found or you do not have permission to view it.');
    const level = c.url.searchParams.get('level');
    let types = this.store.issueTypes(p.id);
    if (level !== null) types = types.filter((t) => String(t.hierarchy_level) === level);
    return { status: 200, body: types.map((t) => c.render.issueType(t)) };
  }

  private projectStatuses(c: RequestContext): Reply {
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

  // ---------------------------------------------------------------------------------------------
  // permissions

  private myPermissions(c: RequestContext): Reply {
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
      permissions[key] = { id: def.id, key, name: def.name, type: g ? 'GLOBAL' : 'PROJECT', description: def.description, havePermission: have };
    }
    return { status: 200, body: { permissions } };
  }

  private permissionsCheck(c: RequestContext): Reply {
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
          return i !== undefined && this.hasProject(subject, i.project_id, perm) && this.hasProject(subject, i.project_id, 'BROWSE_PROJECTS');
        });
        projectPermissions.push({ permission: perm, projects: grantedProjects.map(Number), issues: grantedIssues.map(Number) });
      }
    }
    return { status: 200, body: { globalPermissions, projectPermissions } };
  }

  // ---------------------------------------------------------------------------------------------
  // issues: input handling

  private readInput(raw: unknown): IssueInput {
    if (!isRecord(raw)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const fields = raw.fields === undefined ? {} : raw.fields;
    const update = raw.update === undefined ? {} : raw.update;
    if (!isRecord(fields) || !isRecord(update)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const properties: { key: string; value: unknown }[] = [];
    if (raw.properties !== undefined) {
      if (!Array.isArray(raw.properties)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
      for (const p of raw.properties) {
        if (!isRecord(p) || typeof p.key !== 'string') fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
        properties.push({ key: p.key, value: p.value });
      }
    }
    return { fields, update, properties };
  }

  private checkProperty(key: string, value: unknown): string {
    if (key.length === 0) fail(400, 'The property key cannot be empty.');
    if (key.length > PROPERTY_KEY_MAX) fail(400, `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`);
    if (value === undefined) fail(400, 'The property value must be a valid JSON value.');
    const json = JSON.stringify(value);
    if (json.length > PROPERTY_VALUE_MAX) fail(400, `The property value cannot be longer than ${PROPERTY_VALUE_MAX} characters.`);
    return json;
  }

  private findType(projectId: string, ref: unknown): IssueTypeRow | undefined {
    if (!isRecord(ref)) return undefined;
    const id = asString(ref.id);
    const name = asString(ref.name);
    return this.store
      .issueTypes(projectId)
      .find((t) => (id !== undefined && t.id === id) || (id === undefined && name !== undefined && t.name.toLowerCase() === name.toLowerCase()));
  }

  private resolveUserRef(ref: unknown, field: string, errors: Record<string, string>): string | null | undefined {
    if (ref === null) return null;
    if (!isRecord(ref)) {
      errors[field] = `Specify a valid value for ${field}`;
      return undefined;
    }
    const id = asString(ref.accountId) ?? asString(ref.id);
    if (id === undefined || id === '-1') return null;
    if (!this.store.userByAccountId(id)) {
      errors[field] = `Specified user does not exist or you do not have required permissions`;
      return undefined;
    }
    return id;
  }

  private checkAssignable(projectId: string, accountId: string | null, errors: Record<string, string>): void {
    if (accountId === null) return;
    const u = this.store.userByAccountId(accountId);
    if (!u || u.accountType === 'app' || !this.store.projectPermissions(projectId, accountId).has('ASSIGNABLE_USER')) {
      errors.assignee = `User '${accountId}' cannot be assigned issues.`;
    }
  }

  private checkLabels(v: unknown, errors: Record<string, string>): string[] | undefined {
    if (!Array.isArray(v) || v.some((l) => typeof l !== 'string')) {
      errors.labels = 'Specify the labels as an array of strings.';
      return undefined;
    }
    const labels = v as string[];
    for (const l of labels) {
      if (/\s/.test(l)) {
        errors.labels = `The label '${l}' contains spaces which is invalid.`;
        return undefined;
      }
      if (l.length > 255) {
        errors.labels = 'The label must not exceed 255 characters.';
        return undefined;
      }
    }
    return [...new Set(labels)];
  }

  private checkDescription(v: unknown, errors: Record<string, string>): string | null | undefined {
    if (v === null) return null;
    if (!isRecord(v) || v.type !== 'doc' || !Array.isArray(v.content)) {
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      return undefined;
    }
    return JSON.stringify(v);
  }

  private checkSummary(v: unknown, errors: Record<string, string>): string | undefined {
    if (typeof v !== 'string' || v.trim() === '') {
      errors.summary = 'You must specify a summary of the issue.';
      return undefined;
    }
    if (v.length > 255) {
      errors.summary = 'Summary must be less than 255 characters.';
      return undefined;
    }
    if (/[\r\n]/.test(v)) {
      errors.summary = 'The summary is invalid because it contains newline characters.';
      return undefined;
    }
    return v;
  }

  /** Jira's hierarchy rules. Returns the parent row or records errors. */
  private checkParent(actor: User, projectId: string, type: IssueTypeRow, ref: unknown, errors: Record<string, string>, selfId?: number): IssueRow | null | undefined {
    if (ref === undefined || ref === null) {
      if (type.subtask === 1) errors.issuetype = 'Issue type is a sub-task but parent issue key or id not specified.';
      return null;
    }
    if (!isRecord(ref)) {
      errors.parent = 'Could not find issue by id or key.';
      return undefined;
    }
    const key = asString(ref.key) ?? asString(ref.id);
    const parent = key !== undefined ? this.store.issueByIdOrKey(key) : undefined;
    if (!parent || !this.hasProject(actor, parent.project_id, 'BROWSE_PROJECTS')) {
      errors.parent = 'Could not find issue by id or key.';
      return undefined;
    }
    if (selfId !== undefined && parent.id === selfId) {
      errors.parentId = 'An issue cannot be its own parent.';
      return undefined;
    }
    const parentType = this.store.issueType(parent.project_id, parent.issue_type_id);
    if (!parentType || parentType.hierarchy_level !== type.hierarchy_level + 1) {
      errors.parentId = 'Given parent work item does not belong to appropriate hierarchy.';
      return undefined;
    }
    if (parent.project_id !== projectId) {
      errors.parentId = 'The parent work item must be in the same project as its child (sandbox emulator rule).';
      return undefined;
    }
    return parent;
  }

  private knownCreateFields = new Set(['project', 'issuetype', 'summary', 'description', 'parent', 'labels', 'assignee', 'reporter']);

  /** Validates and inserts one issue; returns the row or throws a JiraHttpError (400 with field errors). */
  private createOne(actor: User, input: IssueInput): IssueRow {
    const f = input.fields;
    const errors: Record<string, string> = {};
    const projRef = f.project;
    const projKey = isRecord(projRef) ? (asString(projRef.id) ?? asString(projRef.key)) : undefined;
    const project = projKey !== undefined ? this.store.projectByIdOrKey(projKey) : undefined;
    if (!project || !this.hasProject(actor, project.id, 'BROWSE_PROJECTS')) failFields(400, { project: 'valid project is required' });
    if (!this.hasProject(actor, project.id, 'CREATE_ISSUES')) failFields(400, { project: 'You do not have permission to create issues in this project.' });
    const type = this.findType(project.id, f.issuetype);
    if (!type) failFields(400, { issuetype: 'Specify a valid issue type' });
    for (const k of Object.keys(f)) {
      if (!this.knownCreateFields.has(k)) errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
    for (const k of Object.keys(input.update)) {
      if (k !== 'labels') errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
    const summary = this.checkSummary(f.summary, errors);
    const description = f.description === undefined ? null : this.checkDescription(f.description, errors);
    let labels: string[] = [];
    if (f.labels !== undefined) labels = this.checkLabels(f.labels, errors) ?? [];
    if (isRecord(input.update) && input.update.labels !== undefined) labels = this.applyLabelOps(labels, input.update.labels, errors);
    let assignee: string | null = null;
    if (f.assignee !== undefined) {
      const a = this.resolveUserRef(f.assignee, 'assignee', errors);
      if (a !== undefined) {
        if (a !== null && !this.hasProject(actor, project.id, 'ASSIGN_ISSUES') && a !== actor.accountId) {
          errors.assignee = 'You do not have permission to assign issues.';
        } else this.checkAssignable(project.id, a, errors);
        assignee = a ?? null;
      }
    }
    let reporter: string | null = actor.accountId;
    if (f.reporter !== undefined) {
      const r = this.resolveUserRef(f.reporter, 'reporter', errors);
      if (r !== undefined) reporter = r;
    }
    const parent = this.checkParent(actor, project.id, type, f.parent, errors);
    const props: { key: string; json: string }[] = [];
    for (const p of input.properties) {
      try {
        props.push({ key: p.key, json: this.checkProperty(p.key, p.value) });
      } catch (e) {
        if (e instanceof JiraHttpError && isRecord(e.body) && Array.isArray(e.body.errorMessages)) errors.properties = String(e.body.errorMessages[0]);
        else throw e;
      }
    }
    if (Object.keys(errors).length > 0 || summary === undefined || description === undefined) failFields(400, errors);

    const now = jiraTimestamp();
    let row: IssueRow | undefined;
    this.store.db.transaction(() => {
      const id = this.store.nextCounter('issue_id');
      const num = this.store.nextCounter(`issue_num:${project.id}`);
      row = {
        id,
        key: `${project.key}-${num}`,
        num,
        project_id: project.id,
        issue_type_id: type.id,
        parent_id: parent ? parent.id : null,
        summary,
        description,
        labels: JSON.stringify(labels),
        assignee,
        reporter,
        creator: actor.accountId,
        status_id: STATUS_IDS.toDo,
        created: now,
        updated: now,
        resolution_date: null,
      };
      this.store.insertIssue(row);
      for (const p of props) this.store.setProperty(id, p.key, p.json);
    })();
    return row as IssueRow;
  }

  private applyLabelOps(current: string[], ops: unknown, errors: Record<string, string>): string[] {
    if (!Array.isArray(ops)) {
      errors.labels = 'Specify the label operations as an array.';
      return current;
    }
    let labels = [...current];
    for (const op of ops) {
      if (!isRecord(op)) continue;
      if (op.add !== undefined) {
        const l = this.checkLabels([op.add], errors);
        if (l) labels = [...new Set([...labels, ...l])];
      }
      if (op.remove !== undefined) labels = labels.filter((x) => x !== op.remove);
      if (op.set !== undefined) labels = this.checkLabels(op.set, errors) ?? labels;
    }
    return labels;
  }

  private emit(c: RequestContext, event: Omit<IssueEvent, 'atlassianId'>): void {
    const hook = this.o.hooks.onIssueEvent;
    if (!hook) return;
    const full: IssueEvent = { ...event, atlassianId: c.actor.accountId };
    c.after.push(() => {
      setImmediate(() => {
        try {
          hook(full);
        } catch {
          // fire-and-forget: a failing listener must not affect Jira
        }
      });
    });
  }

  private createdIssue(c: RequestContext, row: IssueRow): Record<string, unknown> {
    return { id: String(row.id), key: row.key, self: `${c.render.base}/rest/api/3/issue/${row.id}` };
  }

  private createIssue(c: RequestContext): Reply {
    const input = this.readInput(c.body);
    const row = this.createOne(c.actor, input);
    this.emit(c, { eventType: 'avi:jira:created:issue', issue: { id: String(row.id), key: row.key, fields: c.render.fields(row) } });
    return { status: 201, body: this.createdIssue(c, row) };
  }

  private createIssues(c: RequestContext): Reply {
    if (!isRecord(c.body) || !Array.isArray(c.body.issueUpdates)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const updates = c.body.issueUpdates as unknown[];
    if (updates.length > BULK_MAX) {
      return {
        status: 400,
        body: {
          issues: [],
          errors: [
            {
              status: 400,
              elementErrors: errorBody(`The number of issues to create in one request must not exceed ${BULK_MAX}. This request has ${updates.length}.`),
              failedElementNumber: BULK_MAX,
            },
          ],
        },
      };
    }
    const issues: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    updates.forEach((u, i) => {
      try {
        const row = this.createOne(c.actor, this.readInput(u));
        issues.push(this.createdIssue(c, row));
        this.emit(c, { eventType: 'avi:jira:created:issue', issue: { id: String(row.id), key: row.key, fields: c.render.fields(row) } });
      } catch (e) {
        if (!(e instanceof JiraHttpError)) throw e;
        errors.push({ status: e.status, elementErrors: e.body, failedElementNumber: i });
      }
    });
    return { status: issues.length > 0 ? 201 : 400, body: { issues, errors } };
  }

  private issueOptions(c: RequestContext, dflt: string[]): { fields: string[]; properties: string[]; expand: Set<string> } {
    const fields = listParam(c.url, 'fields');
    return { fields: fields.length > 0 ? fields : dflt, properties: listParam(c.url, 'properties'), expand: new Set(listParam(c.url, 'expand')) };
  }

  private getIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    const opts = this.issueOptions(c, ['*all']);
    return { status: 200, body: c.render.issue(row, { ...opts, transitions: opts.expand.has('transitions') ? this.transitionsFor(c, row) : [] }) };
  }

  /** Applies `fields`/`update` of an edit; returns the changelog items. */
  private applyEdit(actor: User, row: IssueRow, input: IssueInput): ChangelogItem[] {
    const f = input.fields;
    const errors: Record<string, string> = {};
    const items: ChangelogItem[] = [];
    const next: IssueRow = { ...row };
    const editable = new Set(['summary', 'description', 'labels', 'assignee', 'parent', 'issuetype', 'reporter']);
    for (const k of [...Object.keys(f), ...Object.keys(input.update)]) {
      if (!editable.has(k)) errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
    const upd = input.update;
    const setOp = (name: string): unknown => {
      const ops = upd[name];
      if (!Array.isArray(ops)) return undefined;
      const s = ops.find((o): o is Record<string, unknown> => isRecord(o) && 'set' in o);
      return s ? s.set : undefined;
    };
    const summaryIn = f.summary !== undefined ? f.summary : setOp('summary');
    if (summaryIn !== undefined) {
      const s = this.checkSummary(summaryIn, errors);
      if (s !== undefined && s !== row.summary) {
        items.push({ field: 'summary', from: null, to: null, fromString: row.summary, toString: s });
        next.summary = s;
      }
    }
    const descIn = f.description !== undefined ? f.description : setOp('description');
    if (descIn !== undefined) {
      const d = this.checkDescription(descIn, errors);
      if (d !== undefined && d !== row.description) {
        items.push({ field: 'description', from: null, to: null, fromString: null, toString: null });
        next.description = d;
      }
    }
    let labels = JSON.parse(row.labels) as string[];
    if (f.labels !== undefined) labels = this.checkLabels(f.labels, errors) ?? labels;
    if (upd.labels !== undefined) labels = this.applyLabelOps(labels, upd.labels, errors);
    const newLabels = JSON.stringify(labels);
    if (newLabels !== row.labels) {
      const before = (JSON.parse(row.labels) as string[]).join(' ');
      items.push({ field: 'labels', from: null, to: null, fromString: before, toString: labels.join(' ') });
      next.labels = newLabels;
    }
    if (f.assignee !== undefined) {
      const a = this.resolveUserRef(f.assignee, 'assignee', errors);
      if (a !== undefined) {
        if (!this.hasProject(actor, row.project_id, 'ASSIGN_ISSUES')) errors.assignee = 'You do not have permission to assign issues.';
        else this.checkAssignable(row.project_id, a, errors);
        if (a !== row.assignee) {
          items.push(this.userChange('assignee', row.assignee, a));
          next.assignee = a;
        }
      }
    }
    if (f.reporter !== undefined) {
      const r = this.resolveUserRef(f.reporter, 'reporter', errors);
      if (r !== undefined && r !== row.reporter) {
        items.push(this.userChange('reporter', row.reporter, r));
        next.reporter = r;
      }
    }
    let type = this.store.issueType(row.project_id, row.issue_type_id) as IssueTypeRow;
    if (f.issuetype !== undefined) {
      const t = this.findType(row.project_id, f.issuetype);
      if (!t) errors.issuetype = 'Specify a valid issue type';
      else if (t.hierarchy_level !== type.hierarchy_level) {
        errors.issuetype = 'The issue type can only be changed to a type of the same hierarchy level. Use Move for other changes.';
      } else if (t.id !== type.id) {
        items.push({ field: 'issuetype', from: type.id, to: t.id, fromString: type.name, toString: t.name });
        next.issue_type_id = t.id;
        type = t;
      }
    }
    if (f.parent !== undefined) {
      const p = this.checkParent(actor, row.project_id, type, f.parent, errors, row.id);
      const newParent = p ? p.id : p === null ? null : row.parent_id;
      if (p !== undefined && newParent !== row.parent_id) {
        const old = row.parent_id !== null ? this.store.issueById(row.parent_id) : undefined;
        items.push({ field: 'IssueParentAssociation', from: row.parent_id === null ? null : String(row.parent_id), to: newParent === null ? null : String(newParent), fromString: old?.key ?? null, toString: p ? p.key : null });
        next.parent_id = newParent;
      }
    }
    const props: { key: string; json: string }[] = [];
    for (const p of input.properties) props.push({ key: p.key, json: this.checkProperty(p.key, p.value) });
    if (Object.keys(errors).length > 0) failFields(400, errors);
    if (items.length > 0) next.updated = jiraTimestamp();
    this.store.db.transaction(() => {
      if (items.length > 0) this.store.updateIssue(next);
      for (const p of props) this.store.setProperty(row.id, p.key, p.json);
    })();
    return items;
  }

  private userChange(field: string, from: string | null, to: string | null): ChangelogItem {
    const name = (id: string | null): string | null => (id === null ? null : (this.store.userByAccountId(id)?.displayName ?? id));
    return { field, from, to, fromString: name(from), toString: name(to) };
  }

  private editIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'EDIT_ISSUES')) fail(403, 'You do not have permission to edit issues in this project.');
    const items = this.applyEdit(c.actor, row, this.readInput(c.body));
    const after = this.store.issueById(row.id) as IssueRow;
    if (items.length > 0) {
      this.emit(c, { eventType: 'avi:jira:updated:issue', issue: { id: String(after.id), key: after.key, fields: c.render.fields(after) }, changelog: { items } });
    }
    if (c.url.searchParams.get('returnIssue') === 'true') {
      return { status: 200, body: c.render.issue(after, { ...this.issueOptions(c, ['*all']), expand: new Set(listParam(c.url, 'expand')) }) };
    }
    return { status: 204 };
  }

  private assignIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!isRecord(c.body)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    if (!this.hasProject(c.actor, row.project_id, 'ASSIGN_ISSUES')) fail(403, 'You do not have permission to assign issues.');
    const raw = c.body.accountId;
    let target: string | null;
    if (raw === null || raw === '-1' || raw === undefined) target = null;
    else if (typeof raw === 'string') target = raw;
    else return fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    if (target !== null && !this.store.userByAccountId(target)) failFields(400, { assignee: `User '${target}' does not exist.` });
    const errors: Record<string, string> = {};
    this.checkAssignable(row.project_id, target, errors);
    if (Object.keys(errors).length > 0) failFields(400, errors);
    if (target !== row.assignee) {
      const next = { ...row, assignee: target, updated: jiraTimestamp() };
      this.store.updateIssue(next);
      this.emit(c, {
        eventType: 'avi:jira:updated:issue',
        issue: { id: String(row.id), key: row.key, fields: c.render.fields(next) },
        changelog: { items: [this.userChange('assignee', row.assignee, target)] },
      });
    }
    return { status: 204 };
  }

  private deleteIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'DELETE_ISSUES')) fail(403, 'You do not have permission to delete issues in this project.');
    const deleteSubtasks = c.url.searchParams.get('deleteSubtasks') === 'true';
    const children = this.store.children(row.id);
    const subtasks = children.filter((ch) => this.store.issueType(ch.project_id, ch.issue_type_id)?.subtask === 1);
    if (subtasks.length > 0 && !deleteSubtasks) {
      fail(400, `The issue '${row.key}' has subtasks. Set deleteSubtasks to true to delete the issue with its subtasks.`);
    }
    const deleted: IssueRow[] = [row, ...subtasks];
    const orphans = children.filter((ch) => !subtasks.includes(ch));
    const fieldsBefore = new Map(deleted.map((r) => [r.id, c.render.fields(r)]));
    const now = jiraTimestamp();
    this.store.db.transaction(() => {
      for (const o of orphans) this.store.updateIssue({ ...o, parent_id: null, updated: now });
      for (const d of deleted) this.store.deleteIssue(d.id);
    })();
    for (const d of deleted) {
      this.emit(c, { eventType: 'avi:jira:deleted:issue', issue: { id: String(d.id), key: d.key, fields: fieldsBefore.get(d.id) ?? {} } });
    }
    for (const o of orphans) {
      const after = this.store.issueById(o.id) as IssueRow;
      this.emit(c, {
        eventType: 'avi:jira:updated:issue',
        issue: { id: String(o.id), key: o.key, fields: c.render.fields(after) },
        changelog: { items: [{ field: 'IssueParentAssociation', from: String(row.id), to: null, fromString: row.key, toString: null }] },
      });
    }
    return { status: 204 };
  }

  // ---------------------------------------------------------------------------------------------
  // search

  private searchJqlPost(c: RequestContext): Promise<Reply> | Reply {
    const b = c.body === undefined ? {} : c.body;
    if (!isRecord(b)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : []);
    const maxResults = b.maxResults === undefined ? 50 : Number(b.maxResults);
    if (!Number.isInteger(maxResults)) fail(400, 'maxResults must be an integer.');
    return this.searchJql(c, {
      jql: typeof b.jql === 'string' ? b.jql : '',
      nextPageToken: typeof b.nextPageToken === 'string' ? b.nextPageToken : undefined,
      maxResults,
      fields: strList(b.fields),
      properties: strList(b.properties),
      expand: strList(b.expand),
    });
  }

  jqlEnvironment(actor: User): { env: JqlEnvironment; issues: JqlIssue[]; rows: Map<string, IssueRow> } {
    const projects = this.visibleProjects(actor);
    const rows = this.store.issuesInProjects(projects.map((p) => p.id));
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const byKey = new Map(rows.map((r) => [r.key.toUpperCase(), r]));
    const keyOf = new Map(projects.map((p) => [p.id, p.key]));
    const store = this.store;
    const issues: JqlIssue[] = rows.map((r) => ({
      id: String(r.id),
      key: r.key,
      num: r.num,
      projectId: r.project_id,
      projectKey: keyOf.get(r.project_id) ?? '',
      issueTypeId: r.issue_type_id,
      statusId: r.status_id,
      parentId: r.parent_id === null ? null : String(r.parent_id),
      labels: JSON.parse(r.labels) as string[],
      assignee: r.assignee,
      reporter: r.reporter,
      summary: r.summary,
      created: r.created,
      updated: r.updated,
      property: (key: string) => store.property(r.id, key),
    }));
    const types = new Map<string, { id: string; name: string; subtask: boolean }>();
    for (const t of this.store.allIssueTypes()) types.set(t.id, { id: t.id, name: t.name, subtask: t.subtask === 1 });
    const env: JqlEnvironment = {
      currentAccountId: actor.accountId,
      projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
      issueTypes: [...types.values()],
      statuses: this.store.statuses(),
      findIssue: (k) => {
        const r = byId.get(k) ?? byKey.get(k.toUpperCase());
        return r ? { id: String(r.id), key: r.key } : undefined;
      },
    };
    return { env, issues, rows: byId };
  }

  private searchJql(
    c: RequestContext,
    q: { jql: string; nextPageToken: string | undefined; maxResults: number; fields: string[]; properties: string[]; expand: string[] },
  ): Reply {
    let query;
    try {
      query = parseJql(q.jql);
    } catch (e) {
      if (e instanceof JqlError) fail(400, e.message);
      throw e;
    }
    if (query.where === null) {
      fail(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    }
    const { env, issues, rows } = this.jqlEnvironment(c.actor);
    let predicate;
    try {
      predicate = compileJql(query, env);
    } catch (e) {
      if (e instanceof JqlError) fail(400, e.message);
      throw e;
    }
    if (q.properties.length > 5) fail(400, 'At most 5 issue properties can be requested.');
    const fields = q.fields.length > 0 ? q.fields : ['id'];
    const idsOnly = fields.every((f) => f === 'id' || f === 'key');
    const max = Math.max(0, Math.min(q.maxResults, idsOnly ? 5000 : 100));
    let offset = 0;
    if (q.nextPageToken !== undefined && q.nextPageToken !== '') {
      offset = decodePageToken(q.nextPageToken, q.jql);
    }
    const matched = sortIssues(
      issues.filter((i) => predicate(i)),
      query.orderBy,
    );
    const page = matched.slice(offset, offset + max);
    const isLast = offset + max >= matched.length;
    const expand = new Set(q.expand);
    const out: Record<string, unknown> = {
      issues: page.map((i) => {
        const row = rows.get(i.id) as IssueRow;
        return c.render.issue(row, { fields, properties: q.properties, expand, transitions: expand.has('transitions') ? this.transitionsFor(c, row) : [] });
      }),
    };
    if (!isLast) out.nextPageToken = encodePageToken(offset + max, q.jql);
    out.isLast = isLast;
    return { status: 200, body: out };
  }

  // ---------------------------------------------------------------------------------------------
  // transitions

  private transitionsFor(c: RequestContext, row: IssueRow): Record<string, unknown>[] {
    if (!this.hasProject(c.actor, row.project_id, 'TRANSITION_ISSUES')) return [];
    return this.store
      .transitions()
      .filter((t) => t.to_status_id !== row.status_id)
      .map((t) => {
        const st = this.store.status(t.to_status_id);
        return {
          id: t.id,
          name: t.name,
          to: st ? c.render.status(st) : undefined,
          hasScreen: false,
          isGlobal: true,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        };
      });
  }

  private getTransitions(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    let transitions = this.transitionsFor(c, row);
    const only = c.url.searchParams.get('transitionId');
    if (only) transitions = transitions.filter((t) => t.id === only);
    return { status: 200, body: { expand: 'transitions', transitions } };
  }

  private workflowIdFor(row: IssueRow): string | undefined {
    return this.store.issueType(row.project_id, row.issue_type_id)?.workflow_id;
  }

  private async doTransition(c: RequestContext): Promise<Reply> {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!isRecord(c.body)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    if (!this.hasProject(c.actor, row.project_id, 'TRANSITION_ISSUES')) fail(400, 'You do not have permission to transition this issue.');
    const tr = c.body.transition;
    const tid = isRecord(tr) ? asString(tr.id) : undefined;
    if (tid === undefined) fail(400, "Missing 'transition' identifier");
    const t = this.store.transitions().find((x) => x.id === tid);
    if (!t || t.to_status_id === row.status_id) fail(400, `Transition id '${tid}' is not valid for this issue.`);
    const input = this.readInput({ fields: c.body.fields, update: c.body.update, properties: c.body.properties });

    const workflowId = this.workflowIdFor(row);
    const validators = workflowId ? this.store.validators(workflowId, t.id) : [];
    const run = this.o.hooks.runValidators;
    if (validators.length > 0 && run) {
      let result: ValidatorResult;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), this.o.validatorTimeoutMs);
        });
        result = await Promise.race([
          run({
            issue: { id: String(row.id), key: row.key },
            transition: { id: t.id, name: t.name, from: { id: row.status_id }, to: { id: t.to_status_id } },
            validators: validators.map((v) => ({ moduleKey: v.module_key, configuration: JSON.parse(v.configuration) as unknown })),
            actorAccountId: c.actor.accountId,
            modifiedFields: input.fields,
          }),
          timeout,
        ]);
      } catch {
        return { status: 400, body: errorBody('The transition could not be validated: a workflow validator failed to respond. Try again later.') };
      } finally {
        if (timer) clearTimeout(timer);
      }
      if (!result.result) {
        return { status: 400, body: errorBody(result.errorMessage && result.errorMessage.trim() !== '' ? result.errorMessage : 'The transition was refused by a workflow validator.') };
      }
    }

    // the issue may have changed while the validator ran
    const current = this.store.issueById(row.id);
    if (!current) fail(404, NOT_FOUND_ISSUE);
    if (current.status_id === t.to_status_id) fail(409, `The issue is already in the status of transition '${t.id}'.`);
    const items = Object.keys(input.fields).length > 0 || Object.keys(input.update).length > 0 || input.properties.length > 0 ? this.applyEdit(c.actor, current, input) : [];
    const base = this.store.issueById(row.id) as IssueRow;
    const from = this.store.status(base.status_id);
    const to = this.store.status(t.to_status_id);
    const now = jiraTimestamp();
    const wasDone = from?.category === 'done';
    const isDone = to?.category === 'done';
    const next: IssueRow = { ...base, status_id: t.to_status_id, updated: now, resolution_date: isDone ? (wasDone ? base.resolution_date : now) : null };
    this.store.updateIssue(next);
    items.push({ field: 'status', from: base.status_id, to: t.to_status_id, fromString: from?.name ?? null, toString: to?.name ?? null });
    if (wasDone !== isDone) items.push({ field: 'resolution', from: wasDone ? '10000' : null, to: isDone ? '10000' : null, fromString: wasDone ? 'Done' : null, toString: isDone ? 'Done' : null });
    this.emit(c, { eventType: 'avi:jira:updated:issue', issue: { id: String(next.id), key: next.key, fields: c.render.fields(next) }, changelog: { items } });
    return { status: 204 };
  }

  // ---------------------------------------------------------------------------------------------
  // properties

  private getPropertyKeys(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    return {
      status: 200,
      body: {
        keys: this.store
          .propertyKeys(row.id)
          .map((key) => ({ self: `${c.render.base}/rest/api/3/issue/${row.id}/properties/${encodeURIComponent(key)}`, key })),
      },
    };
  }

  private getProperty(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    const key = c.params.propertyKey ?? '';
    const p = this.store.property(row.id, key);
    if (!p.found) fail(404, `The property with key '${key}' does not exist.`);
    return { status: 200, body: { key, value: p.value } };
  }

  private setProperty(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'EDIT_ISSUES')) fail(403, 'You do not have permission to edit this issue.');
    const key = c.params.propertyKey ?? '';
    if (c.rawBody.trim() === '') fail(400, 'The property value must be a valid JSON value.');
    if (c.rawBody.length > PROPERTY_VALUE_MAX && JSON.stringify(c.body).length > PROPERTY_VALUE_MAX) {
      fail(400, `The property value cannot be longer than ${PROPERTY_VALUE_MAX} characters.`);
    }
    const json = this.checkProperty(key, c.body);
    const created = this.store.setProperty(row.id, key, json);
    return { status: created ? 201 : 200 };
  }

  private deleteProperty(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'EDIT_ISSUES')) fail(403, 'You do not have permission to edit this issue.');
    const key = c.params.propertyKey ?? '';
    if (!this.store.deleteProperty(row.id, key)) fail(404, `The property with key '${key}' does not exist.`);
    return { status: 204 };
  }

  // ---------------------------------------------------------------------------------------------
  // workflows

  /**
   * The workflow APIs need *Administer Jira* for global (company-managed) workflows. The spec documents 401
   * ("or the caller doesn't have permissions") for searchWorkflows/readWorkflows and 403 for the scheme API.
   */
  private requireAdmin(c: RequestContext, status: 401 | 403): void {
    if (!this.hasGlobal(c.actor, 'ADMINISTER')) fail(status, 'You are not authorized to perform this action. Administrator privileges are required.');
  }

  private workflowStatuses(): Record<string, unknown>[] {
    const cat = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' } as const;
    return this.store.statuses().map((s) => ({ id: s.id, name: s.name, statusReference: s.id, statusCategory: cat[s.category], scope: { type: 'GLOBAL' } }));
  }

  private workflow(id: string, withTransitions: boolean): Record<string, unknown> {
    const w = this.store.workflows().find((x) => x.id === id);
    if (!w) return {};
    const statuses = this.store.statuses().map((s, i) => ({ statusReference: s.id, deprecated: false, layout: { x: 120 + i * 200, y: 0 }, properties: {} }));
    const out: Record<string, unknown> = {
      id: w.id,
      name: w.name,
      description: w.description,
      scope: { type: 'GLOBAL' },
      isEditable: true,
      startPointLayout: { x: -100, y: 0 },
      statuses,
      version: { id: `${w.id.slice(0, -4)}0001`, versionNumber: 1 },
    };
    if (withTransitions) {
      const transitions: Record<string, unknown>[] = [
        { id: '1', type: 'INITIAL', name: 'Create', toStatusReference: STATUS_IDS.toDo, links: [], actions: [], validators: [], triggers: [], properties: {} },
      ];
      for (const t of this.store.transitions()) {
        transitions.push({
          id: t.id,
          type: 'GLOBAL',
          name: t.name,
          toStatusReference: t.to_status_id,
          links: [],
          actions: [],
          validators: this.store.validators(w.id, t.id).map((v) => ({
            id: v.rule_id,
            ruleKey: 'forge:expression-validator',
            parameters: { key: forgeExtensionKey(v.module_key), config: v.configuration, id: v.rule_id, disabled: 'false' },
          })),
          triggers: [],
          properties: {},
        });
      }
      out.transitions = transitions;
    }
    return out;
  }

  private workflowsSearch(c: RequestContext): Reply {
    this.requireAdmin(c, 401);
    const startAt = intParam(c.url, 'startAt', 0);
    const maxResults = Math.min(intParam(c.url, 'maxResults', 50), 200);
    const expand = new Set(listParam(c.url, 'expand'));
    const projectRef = c.url.searchParams.get('projectId') ?? c.url.searchParams.get('projectIdOrKey');
    const queryString = (c.url.searchParams.get('queryString') ?? '').toLowerCase();
    const scope = c.url.searchParams.get('scope');
    let wfs = this.store.workflows();
    if (projectRef) {
      const p = this.store.projectByIdOrKey(projectRef);
      wfs = p ? wfs.filter((w) => w.project_id === p.id) : [];
    }
    if (queryString) wfs = wfs.filter((w) => w.name.toLowerCase().includes(queryString));
    if (scope && scope.toUpperCase() !== 'GLOBAL') wfs = [];
    const page = wfs.slice(startAt, startAt + maxResults);
    const isLast = startAt + maxResults >= wfs.length;
    const body: Record<string, unknown> = {
      self: `${c.render.base}${c.url.pathname}${c.url.search}`,
      maxResults,
      startAt,
      total: wfs.length,
      isLast,
      values: page.map((w) => this.workflow(w.id, expand.has('values.transitions'))),
      statuses: this.workflowStatuses(),
    };
    return { status: 200, body };
  }

  private workflowsRead(c: RequestContext): Reply {
    this.requireAdmin(c, 401);
    const b = isRecord(c.body) ? c.body : {};
    const ids = new Set<string>();
    const all = this.store.workflows();
    if (Array.isArray(b.workflowIds)) for (const id of b.workflowIds) if (all.some((w) => w.id === id)) ids.add(String(id));
    if (Array.isArray(b.workflowNames)) for (const n of b.workflowNames) for (const w of all) if (w.name === n) ids.add(w.id);
    if (Array.isArray(b.projectAndIssueTypes)) {
      for (const pair of b.projectAndIssueTypes) {
        if (!isRecord(pair)) continue;
        const t = this.store.issueType(String(pair.projectId), String(pair.issueTypeId));
        if (t) ids.add(t.workflow_id);
      }
    }
    return { status: 200, body: { workflows: [...ids].map((id) => this.workflow(id, true)), statuses: this.workflowStatuses() } };
  }

  private workflowSchemeProject(c: RequestContext): Reply {
    this.requireAdmin(c, 403);
    const projectIds = listParam(c.url, 'projectId');
    if (projectIds.length === 0) fail(400, 'The projectId query parameter needs to be provided.');
    const values: Record<string, unknown>[] = [];
    for (const pid of projectIds) {
      const p = this.store.projectById(pid);
      if (!p) continue;
      const names = new Map(this.store.workflows(p.id).map((w) => [w.id, w.name]));
      const issueTypeMappings: Record<string, string> = {};
      for (const t of this.store.issueTypes(p.id)) issueTypeMappings[t.id] = names.get(t.workflow_id) ?? '';
      values.push({
        projectIds: [p.id],
        workflowScheme: {
          id: Number(p.id) + 10000,
          name: `${p.key}: Workflow Scheme`,
          description: `Workflow scheme of ${p.name}`,
          defaultWorkflow: names.get(this.store.issueTypes(p.id).find((t) => t.hierarchy_level === 0)?.workflow_id ?? '') ?? 'jira',
          issueTypeMappings,
          self: `${c.render.base}/rest/api/3/workflowscheme/${Number(p.id) + 10000}`,
        },
      });
    }
    return { status: 200, body: { values } };
  }
}

function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, h: hash(jql) }), 'utf8').toString('base64url');
}

function decodePageToken(token: string, jql: string): number {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (isRecord(v) && typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.h === hash(jql)) return v.o;
  } catch {
    // fall through
  }
  return fail(400, 'The provided next page token is invalid or expired.');
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
