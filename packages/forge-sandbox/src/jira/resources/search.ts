/** Search: JQL search (GET and POST /search/jql); the removed /search answers 410. */
import type { IssueRow } from '../db';
import { errorBody, fail, intParam, isRecord, listParam } from '../http';
import { compileJql, JqlError, parseJql, sortIssues, type JqlEnvironment, type JqlIssue } from '../jql';
import { RECONCILE_MAX } from '../strict';
import type { User } from '../types';
import { Resource, routesOf, type Reply, type RequestContext } from './resource';

const SEARCH_REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

export class Search extends Resource {
  searchJqlGet(c: RequestContext): Reply {
    return this.searchJql(c, {
      jql: c.url.searchParams.get('jql') ?? '',
      nextPageToken: c.url.searchParams.get('nextPageToken') ?? undefined,
      maxResults: intParam(c.url, 'maxResults', 50),
      fields: listParam(c.url, 'fields'),
      properties: listParam(c.url, 'properties'),
      expand: listParam(c.url, 'expand'),
      reconcileIssues: listParam(c.url, 'reconcileIssues'),
    });
  }

  searchJqlPost(c: RequestContext): Promise<Reply> | Reply {
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
      reconcileIssues: b.reconcileIssues === undefined ? [] : Array.isArray(b.reconcileIssues) ? b.reconcileIssues : [b.reconcileIssues],
    });
  }

  /**
   * What JQL runs over: the visible issues as the search index has them (strict mode: lagging behind
   * writes, except the issues named in `reconcileIssues`).
   */
  jqlEnvironment(
    actor: User,
    reconcile: ReadonlySet<number> = new Set(),
  ): { env: JqlEnvironment; issues: JqlIssue[]; rows: Map<string, IssueRow> } {
    const projects = this.visibleProjects(actor);
    const view = this.o.strict.searchView(
      projects.map((p) => p.id),
      reconcile,
    );
    const rows = view.rows;
    const visibleIds = new Set(projects.map((p) => p.id));
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const byKey = new Map(rows.map((r) => [r.key.toUpperCase(), r]));
    const keyOf = new Map(projects.map((p) => [p.id, p.key]));
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
      duedate: r.duedate,
      property: (key: string) => view.property(r, key),
      field: (fieldId: string) => view.field(r, fieldId),
    }));
    const types = new Map<string, { id: string; name: string; subtask: boolean }>();
    for (const t of this.store.allIssueTypes()) types.set(t.id, { id: t.id, name: t.name, subtask: t.subtask === 1 });
    const env: JqlEnvironment = {
      currentAccountId: actor.accountId,
      projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
      issueTypes: [...types.values()],
      statuses: this.store.statuses(),
      // a key or id in the query resolves against Jira's database, not the index
      findIssue: (k) => {
        const r = byId.get(k) ?? byKey.get(k.toUpperCase()) ?? this.store.issueByIdOrKey(k);
        return r && visibleIds.has(r.project_id) ? { id: String(r.id), key: r.key } : undefined;
      },
    };
    return { env, issues, rows: byId };
  }

  /**
   * `POST /search/approximate-count`: how many issues the caller may see match a bounded query, from the
   * same (strict mode: lagging) index as search ("Recent updates might not be immediately visible").
   */
  count(c: RequestContext, jql: string): Reply {
    let query;
    try {
      query = parseJql(jql);
    } catch (e) {
      if (e instanceof JqlError) fail(400, e.message);
      throw e;
    }
    if (query.where === null) fail(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    const { env, issues } = this.jqlEnvironment(c.actor);
    let predicate;
    try {
      predicate = compileJql(query, env);
    } catch (e) {
      if (e instanceof JqlError) fail(400, e.message);
      throw e;
    }
    return { status: 200, body: { count: issues.filter((i) => predicate(i)).length } };
  }

  searchJql(
    c: RequestContext,
    q: {
      jql: string;
      nextPageToken: string | undefined;
      maxResults: number;
      fields: string[];
      properties: string[];
      expand: string[];
      reconcileIssues: unknown[];
    },
  ): Reply {
    // OpenAPI: "Strong consistency issue ids to be reconciled with search results. Accepts max 50 ids."
    if (q.reconcileIssues.length > RECONCILE_MAX) fail(400, `reconcileIssues accepts at most ${RECONCILE_MAX} issue ids.`);
    const reconcile = new Set<number>();
    for (const v of q.reconcileIssues) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n)) fail(400, `The reconcileIssues value '${String(v)}' is not a valid issue id.`);
      reconcile.add(n);
    }
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
    const { env, issues, rows } = this.jqlEnvironment(c.actor, reconcile);
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
        return c.render.issue(row, {
          fields,
          properties: q.properties,
          expand,
          transitions: expand.has('transitions') ? this.transitionsFor(c, row) : [],
        });
      }),
    };
    if (!isLast) out.nextPageToken = encodePageToken(offset + max, q.jql);
    out.isLast = isLast;
    return { status: 200, body: out };
  }
}

export function approximateCount(search: Search, c: RequestContext): Reply {
  const b = c.body === undefined ? {} : c.body;
  if (!isRecord(b) || (b.jql !== undefined && typeof b.jql !== 'string'))
    fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
  return search.count(c, typeof b.jql === 'string' ? b.jql : '');
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

export const SEARCH_ROUTES = routesOf(Search, [
  { method: 'GET', template: '/rest/api/3/search/jql', name: 'searchJqlGet', handle: (r, c) => r.searchJqlGet(c) },
  { method: 'POST', template: '/rest/api/3/search/jql', name: 'searchJqlPost', handle: (r, c) => r.searchJqlPost(c) },
  { method: 'POST', template: '/rest/api/3/search/approximate-count', name: 'countIssues', handle: (r, c) => approximateCount(r, c) },
  {
    method: 'GET',
    template: '/rest/api/3/search',
    name: 'searchRemoved',
    handle: () => ({ status: 410, body: errorBody(SEARCH_REMOVED) }),
  },
  {
    method: 'POST',
    template: '/rest/api/3/search',
    name: 'searchRemoved',
    handle: () => ({ status: 410, body: errorBody(SEARCH_REMOVED) }),
  },
]);
