/**
 * POST /rest/api/3/issue/{issueIdOrKey}/notify: Jira queues an email about the issue (204).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-notify-post
 * Browse permission on the issue is needed (404 otherwise); the body's recipients are `to.users[].accountId`
 * (and reporter/assignee/watchers/voters flags, groups). The sandbox sends no mail: the app's request
 * and Jira's answer are in the harness's Jira log.
 */
import { fail, isRecord } from '../http';
import { INVALID_PAYLOAD_MESSAGE, Resource, routesOf, type Reply, type RequestContext } from './resource';

export class Notify extends Resource {
  notify(c: RequestContext): Reply {
    this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    const body = c.body;
    if (!isRecord(body)) fail(400, INVALID_PAYLOAD_MESSAGE);
    for (const key of ['subject', 'textBody', 'htmlBody'] as const) {
      if (body[key] !== undefined && typeof body[key] !== 'string') fail(400, INVALID_PAYLOAD_MESSAGE);
    }
    const to = body.to;
    if (to !== undefined && !isRecord(to)) fail(400, INVALID_PAYLOAD_MESSAGE);
    const users = isRecord(to) && to.users !== undefined ? to.users : [];
    if (!Array.isArray(users) || users.some((u) => !isRecord(u) || (typeof u.accountId !== 'string' && typeof u.accountId !== 'undefined')))
      fail(400, INVALID_PAYLOAD_MESSAGE);
    for (const u of users as { accountId?: string }[]) {
      if (u.accountId && !this.store.userByAccountId(u.accountId)) fail(400, `The user with account ID ${u.accountId} does not exist.`);
    }
    return { status: 204 };
  }
}

export const NOTIFY_ROUTES = routesOf(Notify, [
  { method: 'POST', template: '/rest/api/3/issue/{issueIdOrKey}/notify', name: 'notify', handle: (r, c) => r.notify(c) },
]);
