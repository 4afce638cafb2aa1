/** JSON representations, shaped like Jira Cloud REST v3 responses. */
import type { IssueRow, IssueTypeRow, ProjectRow, StatusRow, Store } from './db';
import type { User } from './types';
import { appFields } from './app-fields';

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

const TYPE_COLOURS: Record<string, string> = { Epic: '#904ee2', Task: '#4bade8', Story: '#63ba3c', 'Sub-task': '#4bade8', Bug: '#e5493a' };

function iconDataUri(colour: string, letter: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" rx="3" fill="${colour}"/><text x="8" y="12" font-family="sans-serif" font-size="10" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** Every field the emulator knows, in Jira's navigable order. */
export const ALL_FIELDS = [
  'summary',
  'description',
  'issuetype',
  'project',
  'parent',
  'subtasks',
  'labels',
  'assignee',
  'reporter',
  'creator',
  'status',
  'statuscategorychangedate',
  'created',
  'updated',
  'resolution',
  'resolutiondate',
  'duedate',
] as const;

export class Renderer {
  constructor(
    private readonly store: Store,
    readonly base: string,
  ) {}

  avatarUrls(url: string): Record<'16x16' | '24x24' | '32x32' | '48x48', string> {
    return { '48x48': url, '24x24': url, '16x16': url, '32x32': url };
  }

  /** User as `/myself` and `/user` return it (schema User). */
  user(u: User): Record<string, unknown> {
    return { ...this.userDetails(u), locale: u.locale };
  }

  /** User as issue fields (assignee, reporter, creator) carry it (schema UserDetails: no locale). */
  userDetails(u: User): Record<string, unknown> {
    const out: Record<string, unknown> = {
      self: `${this.base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      accountType: u.accountType,
    };
    if (u.emailAddress) out.emailAddress = u.emailAddress;
    out.avatarUrls = this.avatarUrls(u.avatarUrl);
    out.displayName = u.displayName;
    out.active = u.active;
    out.timeZone = u.timeZone;
    return out;
  }

  userById(accountId: string | null): Record<string, unknown> | null {
    if (accountId === null) return null;
    const u = this.store.userByAccountId(accountId);
    if (!u) return { accountId, accountType: 'unknown', active: false, displayName: 'Former user' };
    return this.userDetails(u);
  }

  issueType(t: IssueTypeRow): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      description: t.description,
      iconUrl: iconDataUri(TYPE_COLOURS[t.name] ?? '#4bade8', t.name[0] ?? '?'),
      name: t.name,
      subtask: t.subtask === 1,
      avatarId: 10300 + Number(t.id) - 10000,
      hierarchyLevel: t.hierarchy_level,
    };
  }

  statusCategory(category: StatusRow['category']): Record<string, unknown> {
    const c = CATEGORIES[category];
    return { self: `${this.base}/rest/api/3/statuscategory/${c.id}`, id: c.id, key: c.key, colorName: c.colorName, name: c.name };
  }

  status(s: StatusRow): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/status/${s.id}`,
      description: '',
      iconUrl: `${this.base}/images/icons/statuses/generic.png`,
      name: s.name,
      id: s.id,
      statusCategory: this.statusCategory(s.category),
    };
  }

  projectAvatar(p: ProjectRow): Record<string, string> {
    return this.avatarUrls(iconDataUri('#0c66e4', p.key[0] ?? 'P'));
  }

  projectRef(p: ProjectRow): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/project/${p.id}`,
      id: p.id,
      key: p.key,
      name: p.name,
      projectTypeKey: 'software',
      simplified: p.style === 'next-gen',
      avatarUrls: this.projectAvatar(p),
    };
  }

  project(p: ProjectRow, expand: Set<string>, full: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {
      expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
      self: `${this.base}/rest/api/3/project/${p.id}`,
      id: p.id,
      key: p.key,
    };
    if (full || expand.has('description')) out.description = p.description;
    if (full || expand.has('lead')) out.lead = this.userById(p.lead_account_id);
    if (full || expand.has('issueTypes')) out.issueTypes = this.store.issueTypes(p.id).map((t) => this.issueType(t));
    out.name = p.name;
    out.avatarUrls = this.projectAvatar(p);
    out.projectTypeKey = 'software';
    out.simplified = p.style === 'next-gen';
    out.style = p.style;
    out.isPrivate = false;
    out.properties = {};
    if (full) {
      out.assigneeType = 'UNASSIGNED';
      out.roles = this.roleLinks(p);
    }
    return out;
  }

  roleLinks(p: ProjectRow): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.store.roles()) out[r.name] = `${this.base}/rest/api/3/project/${p.id}/role/${r.id}`;
    return out;
  }

  resolution(): Record<string, unknown> {
    return {
      self: `${this.base}/rest/api/3/resolution/10000`,
      id: '10000',
      description: 'Work has been completed on this issue.',
      name: 'Done',
    };
  }

  private issueRef(r: IssueRow): Record<string, unknown> {
    const st = this.store.status(r.status_id);
    const t = this.store.issueType(r.project_id, r.issue_type_id);
    return {
      id: String(r.id),
      key: r.key,
      self: `${this.base}/rest/api/3/issue/${r.id}`,
      fields: {
        summary: r.summary,
        status: st ? this.status(st) : null,
        priority: {
          self: `${this.base}/rest/api/3/priority/3`,
          iconUrl: `${this.base}/images/icons/priorities/medium.svg`,
          name: 'Medium',
          id: '3',
        },
        issuetype: t ? this.issueType(t) : null,
      },
    };
  }

  /** All fields of an issue (the `*all` representation). */
  fields(r: IssueRow): Record<string, unknown> {
    const project = this.store.projectById(r.project_id);
    const t = this.store.issueType(r.project_id, r.issue_type_id);
    const st = this.store.status(r.status_id);
    const parent = r.parent_id !== null ? this.store.issueById(r.parent_id) : undefined;
    const f: Record<string, unknown> = {
      summary: r.summary,
      description: r.description === null ? null : (JSON.parse(r.description) as unknown),
      issuetype: t ? this.issueType(t) : null,
      project: project ? this.projectRef(project) : null,
      subtasks: t && t.hierarchy_level === 0 ? this.store.children(r.id).map((c) => this.issueRef(c)) : [],
      labels: JSON.parse(r.labels) as string[],
      assignee: this.userById(r.assignee),
      reporter: this.userById(r.reporter),
      creator: this.userById(r.creator),
      status: st ? this.status(st) : null,
      statuscategorychangedate: r.updated,
      created: r.created,
      updated: r.updated,
      resolution: r.resolution_date ? this.resolution() : null,
      resolutiondate: r.resolution_date,
      duedate: r.duedate,
    };
    if (parent) f.parent = this.issueRef(parent);
    return f;
  }

  /**
   * Issue bean. `fields`: the requested field list (Jira's syntax: names, `*all`, `*navigable`, `-name`).
   * `idOnly` (search/jql default): Jira returns just the id.
   */
  issue(
    r: IssueRow,
    opts: { fields: string[]; properties: string[]; expand: Set<string>; transitions?: unknown[] },
  ): Record<string, unknown> {
    const wanted = selectFields(opts.fields);
    const custom = selectAppFields(opts.fields);
    const out: Record<string, unknown> = {};
    if (wanted.size === 0 && custom.length === 0) {
      // ids-only request (the /search/jql default): Jira returns just the id (and the key when asked for)
      out.id = String(r.id);
      if (opts.fields.includes('key')) {
        out.self = `${this.base}/rest/api/3/issue/${r.id}`;
        out.key = r.key;
      }
    } else {
      out.expand = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
      out.id = String(r.id);
      out.self = `${this.base}/rest/api/3/issue/${r.id}`;
      out.key = r.key;
      const all = this.fields(r);
      const fields: Record<string, unknown> = {};
      for (const name of ALL_FIELDS) if (wanted.has(name) && name in all) fields[name] = all[name];
      // the app's custom fields: their value, or null when the issue has none
      for (const id of custom) {
        const v = this.store.fieldValue(r.id, id);
        fields[id] = v.found ? v.value : null;
      }
      out.fields = fields;
    }
    if (opts.expand.has('transitions')) out.transitions = opts.transitions ?? [];
    if (opts.properties.length > 0) {
      const props: Record<string, unknown> = {};
      const keys = opts.properties.includes('*all') ? this.store.propertyKeys(r.id) : opts.properties;
      for (const k of keys) {
        const p = this.store.property(r.id, k);
        if (p.found) props[k] = p.value;
      }
      out.properties = props;
    }
    return out;
  }
}

/** The app's custom fields (ids) that Jira's `fields` syntax asks for: by id, or every field with `*all`/`*navigable`. */
export function selectAppFields(requested: string[]): string[] {
  const asked = requested.map((f) => f.trim().toLowerCase());
  const all = asked.includes('*all') || asked.includes('*navigable');
  return appFields()
    .map((f) => f.id)
    .filter((id) => (all || asked.includes(id)) && !asked.includes(`-${id}`));
}

/** Resolves Jira's `fields` syntax to the set of field names to include. */
export function selectFields(requested: string[]): Set<string> {
  const include = new Set<string>();
  const exclude = new Set<string>();
  let all = false;
  for (const raw of requested) {
    const f = raw.trim();
    if (f === '*all' || f === '*navigable') all = true;
    else if (f.startsWith('-')) exclude.add(f.slice(1).toLowerCase());
    else if (f !== '' && f !== 'id' && f !== 'key') include.add(f.toLowerCase());
  }
  if (!all && include.size === 0 && exclude.size > 0) all = true;
  const out = new Set<string>();
  for (const name of ALL_FIELDS) {
    if ((all || include.has(name)) && !exclude.has(name)) out.add(name);
  }
  return out;
}
