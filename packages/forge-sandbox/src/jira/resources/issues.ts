/** Issues: create (single and bulk), read, edit, assign, delete. */
import type { IssueRow } from '../db';
import { errorBody, fail, failFields, isRecord, jiraTimestamp, JiraHttpError, listParam } from '../http';
import { BULK_MAX, routesOf, type Reply, type RequestContext } from './resource';
import { IssueWrites } from './issue-writes';

export class Issues extends IssueWrites {
  createdIssue(c: RequestContext, row: IssueRow): Record<string, unknown> {
    return { id: String(row.id), key: row.key, self: `${c.render.base}/rest/api/3/issue/${row.id}` };
  }

  createIssue(c: RequestContext): Reply {
    const input = this.readInput(c.body);
    const row = this.createOne(c.actor, input);
    this.emit(c, { eventType: 'avi:jira:created:issue', issue: { id: String(row.id), key: row.key, fields: c.render.fields(row) } });
    return { status: 201, body: this.createdIssue(c, row) };
  }

  createIssues(c: RequestContext): Reply {
    if (!isRecord(c.body) || !Array.isArray(c.body.issueUpdates))
      fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const updates = c.body.issueUpdates as unknown[];
    if (updates.length > BULK_MAX) {
      return {
        status: 400,
        body: {
          issues: [],
          errors: [
            {
              status: 400,
              elementErrors: errorBody(
                `The number of issues to create in one request must not exceed ${BULK_MAX}. This request has ${updates.length}.`,
              ),
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

  issueOptions(c: RequestContext, dflt: string[]): { fields: string[]; properties: string[]; expand: Set<string> } {
    const fields = listParam(c.url, 'fields');
    return {
      fields: fields.length > 0 ? fields : dflt,
      properties: listParam(c.url, 'properties'),
      expand: new Set(listParam(c.url, 'expand')),
    };
  }

  getIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    const opts = this.issueOptions(c, ['*all']);
    return {
      status: 200,
      body: c.render.issue(row, { ...opts, transitions: opts.expand.has('transitions') ? this.transitionsFor(c, row) : [] }),
    };
  }

  editIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'EDIT_ISSUES')) fail(403, 'You do not have permission to edit issues in this project.');
    const items = this.applyEdit(c.actor, row, this.readInput(c.body));
    const after = this.store.issueById(row.id) as IssueRow;
    if (items.length > 0) {
      this.emit(c, {
        eventType: 'avi:jira:updated:issue',
        issue: { id: String(after.id), key: after.key, fields: c.render.fields(after) },
        changelog: { items },
      });
    }
    if (c.url.searchParams.get('returnIssue') === 'true') {
      return {
        status: 200,
        body: c.render.issue(after, { ...this.issueOptions(c, ['*all']), expand: new Set(listParam(c.url, 'expand')) }),
      };
    }
    return { status: 204 };
  }

  assignIssue(c: RequestContext): Reply {
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

  deleteIssue(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'DELETE_ISSUES'))
      fail(403, 'You do not have permission to delete issues in this project.');
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
}

export const ISSUE_ROUTES = routesOf(Issues, [
  { method: 'POST', template: '/rest/api/3/issue', name: 'createIssue', handle: (r, c) => r.createIssue(c) },
  { method: 'POST', template: '/rest/api/3/issue/bulk', name: 'createIssues', handle: (r, c) => r.createIssues(c) },
  { method: 'GET', template: '/rest/api/3/issue/{issueIdOrKey}', name: 'getIssue', handle: (r, c) => r.getIssue(c) },
  { method: 'PUT', template: '/rest/api/3/issue/{issueIdOrKey}', name: 'editIssue', handle: (r, c) => r.editIssue(c) },
  { method: 'DELETE', template: '/rest/api/3/issue/{issueIdOrKey}', name: 'deleteIssue', handle: (r, c) => r.deleteIssue(c) },
  { method: 'PUT', template: '/rest/api/3/issue/{issueIdOrKey}/assignee', name: 'assignIssue', handle: (r, c) => r.assignIssue(c) },
]);
