/** Workflows: search, read, and the workflow scheme of a project (Forge validators shown as rules). */
import { fail, intParam, isRecord, listParam } from '../http';
import { forgeExtensionKey, STATUS_IDS } from '../seed';
import { Resource, routesOf, type Reply, type RequestContext } from './resource';

export class Workflows extends Resource {
  /**
   * The workflow APIs need *Administer Jira* for global (company-managed) workflows. The spec documents 401
   * ("or the caller doesn't have permissions") for searchWorkflows/readWorkflows and 403 for the scheme API.
   */
  requireAdmin(c: RequestContext, status: 401 | 403): void {
    if (!this.hasGlobal(c.actor, 'ADMINISTER'))
      fail(status, 'You are not authorized to perform this action. Administrator privileges are required.');
  }

  workflowStatuses(): Record<string, unknown>[] {
    const cat = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' } as const;
    return this.store
      .statuses()
      .map((s) => ({ id: s.id, name: s.name, statusReference: s.id, statusCategory: cat[s.category], scope: { type: 'GLOBAL' } }));
  }

  workflow(id: string, withTransitions: boolean): Record<string, unknown> {
    const w = this.store.workflows().find((x) => x.id === id);
    if (!w) return {};
    const statuses = this.store
      .statuses()
      .map((s, i) => ({ statusReference: s.id, deprecated: false, layout: { x: 120 + i * 200, y: 0 }, properties: {} }));
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
        {
          id: '1',
          type: 'INITIAL',
          name: 'Create',
          toStatusReference: STATUS_IDS.toDo,
          links: [],
          actions: [],
          validators: [],
          triggers: [],
          properties: {},
        },
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

  workflowsSearch(c: RequestContext): Reply {
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

  workflowsRead(c: RequestContext): Reply {
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

  workflowSchemeProject(c: RequestContext): Reply {
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

export const WORKFLOW_ROUTES = routesOf(Workflows, [
  { method: 'GET', template: '/rest/api/3/workflows/search', name: 'workflowsSearch', handle: (r, c) => r.workflowsSearch(c) },
  { method: 'POST', template: '/rest/api/3/workflows', name: 'workflowsRead', handle: (r, c) => r.workflowsRead(c) },
  {
    method: 'GET',
    template: '/rest/api/3/workflowscheme/project',
    name: 'workflowSchemeProject',
    handle: (r, c) => r.workflowSchemeProject(c),
  },
]);
