/**
 * SQLite persistence of the emulator: every piece of Jira state lives in `jira_*` tables, so a
 * file database survives restarts and the harness can keep its own tables in the same file.
 */
import type { Database } from 'better-sqlite3';
import { statementCache, type Prepare } from '../sqlite';
import { avatarDataUri } from './seed';
import type { User } from './user';

export { createSchema, dropEmulatorTables, EMULATOR_TABLES, isEmpty } from './schema';

// ---------------------------------------------------------------------------------------------
// Row types

export interface ProjectRow {
  id: string;
  key: string;
  name: string;
  description: string;
  lead_account_id: string;
  /** 'classic' (company-managed) or 'next-gen' (team-managed), as GET /project shows it. */
  style: 'classic' | 'next-gen';
}

export interface IssueTypeRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  hierarchy_level: number;
  subtask: number;
  workflow_id: string;
  position: number;
}

export interface StatusRow {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export interface TransitionRow {
  id: string;
  name: string;
  to_status_id: string;
}

export interface RoleRow {
  id: number;
  name: string;
  description: string;
}

export interface WorkflowRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
}

export interface IssueRow {
  id: number;
  key: string;
  num: number;
  project_id: string;
  issue_type_id: string;
  parent_id: number | null;
  summary: string;
  description: string | null;
  labels: string;
  assignee: string | null;
  reporter: string | null;
  creator: string;
  status_id: string;
  created: string;
  updated: string;
  resolution_date: string | null;
  /** The due date, `YYYY-MM-DD` (Jira's `duedate`), or null. */
  duedate: string | null;
}

export interface ValidatorRow {
  workflow_id: string;
  transition_id: string;
  position: number;
  module_key: string;
  configuration: string;
  rule_id: string;
}

interface UserRow {
  account_id: string;
  email: string | null;
  display_name: string;
  account_type: 'atlassian' | 'app';
  active: number;
  time_zone: string;
  locale: string;
}

function toUser(r: UserRow): User {
  return {
    accountId: r.account_id,
    accountType: r.account_type,
    emailAddress: r.email,
    displayName: r.display_name,
    active: r.active === 1,
    timeZone: r.time_zone,
    locale: r.locale,
    avatarUrl: avatarDataUri(r.display_name, r.account_id),
  };
}

/** Told of every write to an issue (its row or its properties): strict mode's search index. */
export interface IssueWriteListener {
  beforeIssueWrite(issueId: number): void;
  afterIssueWrite(issueId: number): void;
}

/** Typed queries over the emulator tables (statements kept per SQL text: sandbox/sqlite.ts). */
export class Store {
  /** Set by the emulator (strict mode). */
  listener: IssueWriteListener | null = null;
  private readonly sql: Prepare;

  constructor(readonly db: Database) {
    this.sql = statementCache(db);
  }

  private write<T>(issueId: number, fn: () => T): T {
    this.listener?.beforeIssueWrite(issueId);
    try {
      return fn();
    } finally {
      this.listener?.afterIssueWrite(issueId);
    }
  }

  // users ---------------------------------------------------------------------------------------
  userByAccountId(id: string): User | undefined {
    const r = this.sql('SELECT * FROM jira_users WHERE account_id = ?').get(id) as UserRow | undefined;
    return r ? toUser(r) : undefined;
  }
  userByEmail(email: string): User | undefined {
    const r = this.sql('SELECT * FROM jira_users WHERE email = ? COLLATE NOCASE').get(email) as UserRow | undefined;
    return r ? toUser(r) : undefined;
  }
  allUsers(): User[] {
    return (this.sql('SELECT * FROM jira_users ORDER BY rowid').all() as UserRow[]).map(toUser);
  }
  globalPermissions(accountId: string): Set<string> {
    const rows = this.sql('SELECT permission FROM jira_global_permissions WHERE account_id = ?').all(accountId) as {
      permission: string;
    }[];
    return new Set(rows.map((r) => r.permission));
  }

  // projects ------------------------------------------------------------------------------------
  allProjects(): ProjectRow[] {
    return this.sql('SELECT * FROM jira_projects ORDER BY key').all() as ProjectRow[];
  }
  projectByIdOrKey(idOrKey: string): ProjectRow | undefined {
    return this.sql('SELECT * FROM jira_projects WHERE id = ? OR key = ? COLLATE NOCASE').get(idOrKey, idOrKey) as ProjectRow | undefined;
  }
  setProjectStyle(projectId: string, style: 'classic' | 'next-gen'): void {
    this.sql('UPDATE jira_projects SET style = ? WHERE id = ?').run(style, projectId);
  }
  projectById(id: string): ProjectRow | undefined {
    return this.sql('SELECT * FROM jira_projects WHERE id = ?').get(id) as ProjectRow | undefined;
  }
  issueTypes(projectId: string): IssueTypeRow[] {
    return this.sql('SELECT * FROM jira_issue_types WHERE project_id = ? ORDER BY position').all(projectId) as IssueTypeRow[];
  }
  issueType(projectId: string, id: string): IssueTypeRow | undefined {
    return this.sql('SELECT * FROM jira_issue_types WHERE project_id = ? AND id = ?').get(projectId, id) as IssueTypeRow | undefined;
  }
  allIssueTypes(): IssueTypeRow[] {
    return this.sql('SELECT * FROM jira_issue_types ORDER BY project_id, position').all() as IssueTypeRow[];
  }
  statuses(): StatusRow[] {
    return this.sql('SELECT * FROM jira_statuses ORDER BY rowid').all() as StatusRow[];
  }
  status(id: string): StatusRow | undefined {
    return this.sql('SELECT * FROM jira_statuses WHERE id = ?').get(id) as StatusRow | undefined;
  }
  transitions(): TransitionRow[] {
    return this.sql('SELECT * FROM jira_transitions ORDER BY CAST(id AS INTEGER)').all() as TransitionRow[];
  }
  workflows(projectId?: string): WorkflowRow[] {
    if (projectId === undefined) return this.sql('SELECT * FROM jira_workflows ORDER BY name').all() as WorkflowRow[];
    return this.sql('SELECT * FROM jira_workflows WHERE project_id = ? ORDER BY name').all(projectId) as WorkflowRow[];
  }

  // roles and permissions -----------------------------------------------------------------------
  roles(): RoleRow[] {
    return this.sql('SELECT * FROM jira_roles ORDER BY id').all() as RoleRow[];
  }
  role(id: number): RoleRow | undefined {
    return this.sql('SELECT * FROM jira_roles WHERE id = ?').get(id) as RoleRow | undefined;
  }
  roleActors(projectId: string, roleId: number): string[] {
    const rows = this.sql('SELECT account_id FROM jira_role_actors WHERE project_id = ? AND role_id = ? ORDER BY rowid').all(
      projectId,
      roleId,
    ) as { account_id: string }[];
    return rows.map((r) => r.account_id);
  }
  rolesOf(projectId: string, accountId: string): number[] {
    const rows = this.sql('SELECT role_id FROM jira_role_actors WHERE project_id = ? AND account_id = ?').all(projectId, accountId) as {
      role_id: number;
    }[];
    return rows.map((r) => r.role_id);
  }
  projectPermissions(projectId: string, accountId: string): Set<string> {
    const rows = this.sql(
      `SELECT DISTINCT g.permission FROM jira_permission_grants g
         JOIN jira_role_actors a ON a.project_id = g.project_id AND a.role_id = g.role_id
         WHERE g.project_id = ? AND a.account_id = ?`,
    ).all(projectId, accountId) as { permission: string }[];
    return new Set(rows.map((r) => r.permission));
  }
  usersWithProjectPermission(projectId: string, permission: string): string[] {
    const rows = this.sql(
      `SELECT DISTINCT a.account_id FROM jira_permission_grants g
         JOIN jira_role_actors a ON a.project_id = g.project_id AND a.role_id = g.role_id
         WHERE g.project_id = ? AND g.permission = ?`,
    ).all(projectId, permission) as { account_id: string }[];
    return rows.map((r) => r.account_id);
  }

  // issues --------------------------------------------------------------------------------------
  issueByIdOrKey(idOrKey: string): IssueRow | undefined {
    if (/^\d+$/.test(idOrKey)) return this.sql('SELECT * FROM jira_issues WHERE id = ?').get(Number(idOrKey)) as IssueRow | undefined;
    return this.sql('SELECT * FROM jira_issues WHERE key = ? COLLATE NOCASE').get(idOrKey) as IssueRow | undefined;
  }
  issueById(id: number): IssueRow | undefined {
    return this.sql('SELECT * FROM jira_issues WHERE id = ?').get(id) as IssueRow | undefined;
  }
  issuesInProjects(projectIds: string[]): IssueRow[] {
    if (projectIds.length === 0) return [];
    const qs = projectIds.map(() => '?').join(',');
    return this.sql(`SELECT * FROM jira_issues WHERE project_id IN (${qs}) ORDER BY id`).all(...projectIds) as IssueRow[];
  }
  children(parentId: number): IssueRow[] {
    return this.sql('SELECT * FROM jira_issues WHERE parent_id = ? ORDER BY id').all(parentId) as IssueRow[];
  }
  nextCounter(name: string): number {
    this.sql('INSERT INTO jira_counters (name, value) VALUES (?, 0) ON CONFLICT(name) DO NOTHING').run(name);
    this.sql('UPDATE jira_counters SET value = value + 1 WHERE name = ?').run(name);
    return (this.sql('SELECT value FROM jira_counters WHERE name = ?').get(name) as { value: number }).value;
  }
  insertIssue(r: IssueRow): void {
    this.write(r.id, () => this.insertIssueRow(r));
  }
  private insertIssueRow(r: IssueRow): void {
    this.sql(
      `INSERT INTO jira_issues (id, key, num, project_id, issue_type_id, parent_id, summary, description, labels, assignee,
          reporter, creator, status_id, created, updated, resolution_date, duedate)
         VALUES (@id, @key, @num, @project_id, @issue_type_id, @parent_id, @summary, @description, @labels, @assignee,
          @reporter, @creator, @status_id, @created, @updated, @resolution_date, @duedate)`,
    ).run(r);
  }
  updateIssue(r: IssueRow): void {
    this.write(r.id, () => this.updateIssueRow(r));
  }
  private updateIssueRow(r: IssueRow): void {
    this.sql(
      `UPDATE jira_issues SET issue_type_id=@issue_type_id, parent_id=@parent_id, summary=@summary, description=@description,
          labels=@labels, assignee=@assignee, reporter=@reporter, status_id=@status_id, updated=@updated,
          resolution_date=@resolution_date, duedate=@duedate WHERE id=@id`,
    ).run(r);
  }
  deleteIssue(id: number): void {
    this.write(id, () => {
      this.sql('DELETE FROM jira_issue_properties WHERE issue_id = ?').run(id);
      this.sql('DELETE FROM jira_field_values WHERE issue_id = ?').run(id);
      this.sql('DELETE FROM jira_issues WHERE id = ?').run(id);
    });
  }

  // properties ----------------------------------------------------------------------------------
  propertyKeys(issueId: number): string[] {
    const rows = this.sql('SELECT key FROM jira_issue_properties WHERE issue_id = ? ORDER BY key').all(issueId) as { key: string }[];
    return rows.map((r) => r.key);
  }
  property(issueId: number, key: string): { found: true; value: unknown } | { found: false } {
    const r = this.sql('SELECT value FROM jira_issue_properties WHERE issue_id = ? AND key = ?').get(issueId, key) as
      { value: string } | undefined;
    return r ? { found: true, value: JSON.parse(r.value) as unknown } : { found: false };
  }
  setProperty(issueId: number, key: string, json: string): boolean {
    return this.write(issueId, () => {
      const existed = this.property(issueId, key).found;
      this.sql(
        'INSERT INTO jira_issue_properties (issue_id, key, value) VALUES (?, ?, ?) ON CONFLICT(issue_id, key) DO UPDATE SET value = excluded.value',
      ).run(issueId, key, json);
      return !existed;
    });
  }
  deleteProperty(issueId: number, key: string): boolean {
    return this.write(
      issueId,
      () => this.sql('DELETE FROM jira_issue_properties WHERE issue_id = ? AND key = ?').run(issueId, key).changes > 0,
    );
  }

  // values of the app's custom fields ------------------------------------------------------------
  fieldValues(issueId: number): Map<string, unknown> {
    const rows = this.sql('SELECT field_id, value FROM jira_field_values WHERE issue_id = ?').all(issueId) as {
      field_id: string;
      value: string;
    }[];
    return new Map(rows.map((r) => [r.field_id, JSON.parse(r.value) as unknown]));
  }
  fieldValue(issueId: number, fieldId: string): { found: true; value: unknown } | { found: false } {
    const r = this.sql('SELECT value FROM jira_field_values WHERE issue_id = ? AND field_id = ?').get(issueId, fieldId) as
      { value: string } | undefined;
    return r ? { found: true, value: JSON.parse(r.value) as unknown } : { found: false };
  }
  /** Sets (or, with null, clears) a custom field's value on an issue. */
  setFieldValue(issueId: number, fieldId: string, value: unknown): void {
    this.write(issueId, () => {
      if (value === null || value === undefined)
        this.sql('DELETE FROM jira_field_values WHERE issue_id = ? AND field_id = ?').run(issueId, fieldId);
      else
        this.sql(
          'INSERT INTO jira_field_values (issue_id, field_id, value) VALUES (?, ?, ?) ON CONFLICT(issue_id, field_id) DO UPDATE SET value = excluded.value',
        ).run(issueId, fieldId, JSON.stringify(value));
    });
  }

  // create screens -------------------------------------------------------------------------------
  /** Fields on the create screen of this project and issue type; undefined = not configured (every field). */
  createScreen(projectId: string, issueTypeId: string): string[] | undefined {
    const r = this.sql('SELECT fields FROM jira_create_screens WHERE project_id = ? AND issue_type_id = ?').get(projectId, issueTypeId) as
      { fields: string } | undefined;
    return r ? (JSON.parse(r.fields) as string[]) : undefined;
  }
  setCreateScreen(projectId: string, issueTypeId: string, fields: string[] | null): void {
    if (fields === null) this.sql('DELETE FROM jira_create_screens WHERE project_id = ? AND issue_type_id = ?').run(projectId, issueTypeId);
    else {
      this.sql(
        'INSERT INTO jira_create_screens (project_id, issue_type_id, fields) VALUES (?, ?, ?) ON CONFLICT(project_id, issue_type_id) DO UPDATE SET fields = excluded.fields',
      ).run(projectId, issueTypeId, JSON.stringify(fields));
    }
  }

  // validators ----------------------------------------------------------------------------------
  validators(workflowId: string, transitionId?: string): ValidatorRow[] {
    if (transitionId === undefined) {
      return this.sql('SELECT * FROM jira_workflow_validators WHERE workflow_id = ? ORDER BY transition_id, position').all(
        workflowId,
      ) as ValidatorRow[];
    }
    return this.sql('SELECT * FROM jira_workflow_validators WHERE workflow_id = ? AND transition_id = ? ORDER BY position').all(
      workflowId,
      transitionId,
    ) as ValidatorRow[];
  }
  replaceValidators(workflowId: string, transitionId: string, rows: { moduleKey: string; configuration: string; ruleId: string }[]): void {
    this.db.transaction(() => {
      this.sql('DELETE FROM jira_workflow_validators WHERE workflow_id = ? AND transition_id = ?').run(workflowId, transitionId);
      const ins = this.sql(
        'INSERT INTO jira_workflow_validators (workflow_id, transition_id, position, module_key, configuration, rule_id) VALUES (?, ?, ?, ?, ?, ?)',
      );
      rows.forEach((r, i) => ins.run(workflowId, transitionId, i, r.moduleKey, r.configuration, r.ruleId));
    })();
  }
}
