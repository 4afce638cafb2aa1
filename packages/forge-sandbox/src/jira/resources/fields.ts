/**
 * Fields: the field list (`GET /field`) and the app-only value writes of the app's own custom fields
 * (`PUT /app/field/{fieldIdOrKey}/value`, `POST /app/field/value`; OpenAPI: "Only the app that owns the
 * custom field or custom field type can update its values with this operation").
 */
import { appFieldByIdOrKey, appFields, invalidValue, type AppField } from '../app-fields';
import { fail, isRecord } from '../http';
import { rateLimitHeaders } from '../strict';
import { Resource, routesOf, type Reply, type RequestContext } from './resource';

/** The system fields the emulator knows (FieldDetails, enough for a client that looks a field up). */
const SYSTEM_FIELDS: { id: string; name: string; type: string }[] = [
  { id: 'summary', name: 'Summary', type: 'string' },
  { id: 'description', name: 'Description', type: 'string' },
  { id: 'issuetype', name: 'Issue Type', type: 'issuetype' },
  { id: 'project', name: 'Project', type: 'project' },
  { id: 'parent', name: 'Parent', type: 'issuelink' },
  { id: 'labels', name: 'Labels', type: 'array' },
  { id: 'assignee', name: 'Assignee', type: 'user' },
  { id: 'reporter', name: 'Reporter', type: 'user' },
  { id: 'status', name: 'Status', type: 'status' },
  { id: 'created', name: 'Created', type: 'datetime' },
  { id: 'updated', name: 'Updated', type: 'datetime' },
];

export function fieldDetails(f: AppField): Record<string, unknown> {
  return {
    id: f.id,
    key: f.key,
    name: f.name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${f.number}]`, f.name],
    schema: { type: f.list ? 'array' : f.type === 'object' ? 'any' : f.type, custom: f.custom, customId: f.number },
  };
}

interface Update {
  fieldId: string;
  issueIds: number[];
  value: unknown;
}

export class Fields extends Resource {
  getFields(): Reply {
    return {
      status: 200,
      body: [
        ...SYSTEM_FIELDS.map((f) => ({
          id: f.id,
          key: f.id,
          name: f.name,
          custom: false,
          orderable: true,
          navigable: true,
          searchable: true,
          clauseNames: [f.id],
          schema: { type: f.type, system: f.id },
        })),
        ...appFields().map(fieldDetails),
      ],
    };
  }

  private readUpdates(c: RequestContext, fieldFromPath: string | undefined): Update[] {
    const b = c.body;
    if (!isRecord(b) || !Array.isArray(b.updates)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const out: Update[] = [];
    for (const u of b.updates as unknown[]) {
      if (!isRecord(u) || !Array.isArray(u.issueIds) || !('value' in u))
        fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
      const fieldId = fieldFromPath ?? (typeof u.customField === 'string' ? u.customField : undefined);
      if (fieldId === undefined) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
      const ids = u.issueIds.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN));
      if (ids.some((n) => !Number.isSafeInteger(n))) fail(400, 'Issue ids must be numbers.');
      out.push({ fieldId, issueIds: ids, value: u.value });
    }
    return out;
  }

  /** Checks every update (who, which field, which issues, which value), then writes them all. */
  private apply(c: RequestContext, updates: Update[]): Reply {
    const seen = new Set<string>();
    const writes: { field: AppField; issueId: number; value: unknown }[] = [];
    for (const u of updates) {
      const field = appFieldByIdOrKey(u.fieldId);
      if (!field) fail(404, `The custom field '${u.fieldId}' was not found.`);
      // Only the owning app: a person (Basic auth or asUser) is refused whatever their permissions.
      if (!this.isApp(c.actor)) fail(403, 'Only the app that owns the custom field can update its values.');
      const problem = invalidValue(field, u.value);
      if (problem) fail(400, problem);
      for (const id of u.issueIds) {
        if (!this.store.issueById(id)) fail(404, `Issue ${id} was not found.`);
        const k = `${field.id}:${id}`;
        if (seen.has(k)) fail(400, 'Combinations of custom field and issue must be unique within the request.');
        seen.add(k);
        writes.push({ field, issueId: id, value: u.value });
      }
    }
    // Each issue written counts against Jira's per-issue write limit (strict mode).
    for (const id of new Set(writes.map((w) => w.issueId))) {
      const limited = this.o.strict.checkIssueWrite(id);
      if (limited)
        return { status: 429, body: { errorMessages: ['Rate limit exceeded.'], errors: {} }, headers: rateLimitHeaders(limited) };
    }
    for (const w of writes) this.store.setFieldValue(w.issueId, w.field.id, w.value);
    return { status: 204 };
  }

  setFieldValue(c: RequestContext): Reply {
    return this.apply(c, this.readUpdates(c, c.params.fieldIdOrKey ?? ''));
  }

  setFieldValues(c: RequestContext): Reply {
    return this.apply(c, this.readUpdates(c, undefined));
  }
}

export const FIELD_ROUTES = routesOf(Fields, [
  { method: 'GET', template: '/rest/api/3/field', name: 'getFields', handle: (r) => r.getFields() },
  {
    method: 'PUT',
    template: '/rest/api/3/app/field/{fieldIdOrKey}/value',
    name: 'updateCustomFieldValue',
    handle: (r, c) => r.setFieldValue(c),
  },
  {
    method: 'POST',
    template: '/rest/api/3/app/field/value',
    name: 'updateMultipleCustomFieldValues',
    handle: (r, c) => r.setFieldValues(c),
  },
]);
