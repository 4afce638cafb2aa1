/** Issue entity properties. */
import { fail } from '../http';
import { IssueWrites } from './issue-writes';
import { PROPERTY_VALUE_MAX, routesOf, type Reply, type RequestContext } from './resource';

export class Properties extends IssueWrites {
  getPropertyKeys(c: RequestContext): Reply {
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

  getProperty(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    const key = c.params.propertyKey ?? '';
    const p = this.store.property(row.id, key);
    if (!p.found) fail(404, `The property with key '${key}' does not exist.`);
    return { status: 200, body: { key, value: p.value } };
  }

  setProperty(c: RequestContext): Reply {
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

  deleteProperty(c: RequestContext): Reply {
    const row = this.visibleIssue(c.actor, c.params.issueIdOrKey ?? '');
    if (!this.hasProject(c.actor, row.project_id, 'EDIT_ISSUES')) fail(403, 'You do not have permission to edit this issue.');
    const key = c.params.propertyKey ?? '';
    if (!this.store.deleteProperty(row.id, key)) fail(404, `The property with key '${key}' does not exist.`);
    return { status: 204 };
  }
}

export const PROPERTY_ROUTES = routesOf(Properties, [
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties',
    name: 'getPropertyKeys',
    handle: (r, c) => r.getPropertyKeys(c),
  },
  {
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    name: 'getProperty',
    handle: (r, c) => r.getProperty(c),
  },
  {
    method: 'PUT',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    name: 'setProperty',
    handle: (r, c) => r.setProperty(c),
  },
  {
    method: 'DELETE',
    template: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    name: 'deleteProperty',
    handle: (r, c) => r.deleteProperty(c),
  },
]);
