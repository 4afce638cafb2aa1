/** Transitions: the available transitions and performing one (with the Forge workflow validators). */
import type { IssueRow } from '../db';
import { errorBody, fail, isRecord, jiraTimestamp } from '../http';
import type { ValidatorResult } from '../types';
import { asString, NOT_FOUND_ISSUE, routesOf, type Reply, type RequestContext } from './resource';
import { IssueWrites } from './issue-writes';

export class Transitions extends IssueWrites {
  getTransitions(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    let transitions = this.transitionsFor(c, row);
    const only = c.url.searchParams.get('transitionId');
    if (only) transitions = transitions.filter((t) => t.id === only);
    return { status: 200, body: { expand: 'transitions', transitions } };
  }

  workflowIdFor(row: IssueRow): string | undefined {
    return this.store.issueType(row.project_id, row.issue_type_id)?.workflow_id;
  }

  async doTransition(c: RequestContext): Promise<Reply> {
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
        return {
          status: 400,
          body: errorBody('The transition could not be validated: a workflow validator failed to respond. Try again later.'),
        };
      } finally {
        if (timer) clearTimeout(timer);
      }
      if (!result.result) {
        return {
          status: 400,
          body: errorBody(
            result.errorMessage && result.errorMessage.trim() !== ''
              ? result.errorMessage
              : 'The transition was refused by a workflow validator.',
          ),
        };
      }
    }

    // the issue may have changed while the validator ran
    const current = this.store.issueById(row.id);
    if (!current) fail(404, NOT_FOUND_ISSUE);
    if (current.status_id === t.to_status_id) fail(409, `The issue is already in the status of transition '${t.id}'.`);
    const items =
      Object.keys(input.fields).length > 0 || Object.keys(input.update).length > 0 || input.properties.length > 0
        ? this.applyEdit(c.actor, current, input)
        : [];
    const base = this.store.issueById(row.id) as IssueRow;
    const from = this.store.status(base.status_id);
    const to = this.store.status(t.to_status_id);
    const now = jiraTimestamp();
    const wasDone = from?.category === 'done';
    const isDone = to?.category === 'done';
    const next: IssueRow = {
      ...base,
      status_id: t.to_status_id,
      updated: now,
      resolution_date: isDone ? (wasDone ? base.resolution_date : now) : null,
    };
    this.store.updateIssue(next);
    items.push({ field: 'status', from: base.status_id, to: t.to_status_id, fromString: from?.name ?? null, toString: to?.name ?? null });
    if (wasDone !== isDone)
      items.push({
        field: 'resolution',
        from: wasDone ? '10000' : null,
        to: isDone ? '10000' : null,
        fromString: wasDone ? 'Done' : null,
        toString: isDone ? 'Done' : null,
      });
    this.emit(c, {
      eventType: 'avi:jira:updated:issue',
      issue: { id: String(next.id), key: next.key, fields: c.render.fields(next) },
      changelog: { items },
    });
    return { status: 204 };
  }
}

export const TRANSITION_ROUTES = routesOf(Transitions, [
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/transitions',
    name: 'getTransitions',
    handle: (r, c) => r.getTransitions(c),
  },
  { method: 'POST', template: '/rest/api/3/issue/{issueIdOrKey}/transitions', name: 'doTransition', handle: (r, c) => r.doTransition(c) },
]);
