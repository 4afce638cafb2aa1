/** The emulator's SQLite schema: every piece of Jira state in `jira_*` tables (db.ts reads and writes them). */
import type { Database } from 'better-sqlite3';

export const EMULATOR_TABLES = [
  'jira_users',
  'jira_global_permissions',
  'jira_projects',
  'jira_workflows',
  'jira_issue_types',
  'jira_statuses',
  'jira_transitions',
  'jira_roles',
  'jira_role_actors',
  'jira_permission_grants',
  'jira_issues',
  'jira_issue_properties',
  'jira_field_values',
  'jira_workflow_validators',
  'jira_counters',
  'jira_create_screens',
] as const;

export function createSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS jira_users (
      account_id TEXT PRIMARY KEY, email TEXT UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL,
      account_type TEXT NOT NULL, active INTEGER NOT NULL, time_zone TEXT NOT NULL, locale TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jira_global_permissions (
      account_id TEXT NOT NULL, permission TEXT NOT NULL, PRIMARY KEY (account_id, permission));
    CREATE TABLE IF NOT EXISTS jira_projects (
      id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL, lead_account_id TEXT NOT NULL,
      style TEXT NOT NULL DEFAULT 'classic');
    CREATE TABLE IF NOT EXISTS jira_workflows (
      id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jira_issue_types (
      id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
      hierarchy_level INTEGER NOT NULL, subtask INTEGER NOT NULL, workflow_id TEXT NOT NULL, position INTEGER NOT NULL,
      PRIMARY KEY (project_id, id));
    CREATE TABLE IF NOT EXISTS jira_statuses (id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jira_transitions (id TEXT PRIMARY KEY, name TEXT NOT NULL, to_status_id TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jira_roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS jira_role_actors (
      project_id TEXT NOT NULL, role_id INTEGER NOT NULL, account_id TEXT NOT NULL, PRIMARY KEY (project_id, role_id, account_id));
    CREATE TABLE IF NOT EXISTS jira_permission_grants (
      project_id TEXT NOT NULL, role_id INTEGER NOT NULL, permission TEXT NOT NULL, PRIMARY KEY (project_id, role_id, permission));
    CREATE TABLE IF NOT EXISTS jira_issues (
      id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, num INTEGER NOT NULL, project_id TEXT NOT NULL,
      issue_type_id TEXT NOT NULL, parent_id INTEGER, summary TEXT NOT NULL, description TEXT,
      labels TEXT NOT NULL, assignee TEXT, reporter TEXT, creator TEXT NOT NULL, status_id TEXT NOT NULL,
      created TEXT NOT NULL, updated TEXT NOT NULL, resolution_date TEXT, duedate TEXT);
    CREATE INDEX IF NOT EXISTS jira_issues_parent ON jira_issues (parent_id);
    CREATE TABLE IF NOT EXISTS jira_issue_properties (
      issue_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (issue_id, key));
    CREATE TABLE IF NOT EXISTS jira_field_values (
      issue_id INTEGER NOT NULL, field_id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (issue_id, field_id));
    CREATE TABLE IF NOT EXISTS jira_workflow_validators (
      workflow_id TEXT NOT NULL, transition_id TEXT NOT NULL, position INTEGER NOT NULL,
      module_key TEXT NOT NULL, configuration TEXT NOT NULL, rule_id TEXT NOT NULL,
      PRIMARY KEY (workflow_id, transition_id, position));
    CREATE TABLE IF NOT EXISTS jira_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS jira_create_screens (
      project_id TEXT NOT NULL, issue_type_id TEXT NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (project_id, issue_type_id));
  `);
  // databases made before projects had a style
  const columns = db.prepare('PRAGMA table_info(jira_projects)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'style')) db.exec("ALTER TABLE jira_projects ADD COLUMN style TEXT NOT NULL DEFAULT 'classic'");
  // databases made before issues had a due date
  const issueColumns = db.prepare('PRAGMA table_info(jira_issues)').all() as { name: string }[];
  if (!issueColumns.some((c) => c.name === 'duedate')) db.exec('ALTER TABLE jira_issues ADD COLUMN duedate TEXT');
}

export function dropEmulatorTables(db: Database): void {
  for (const t of EMULATOR_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
}

export function isEmpty(db: Database): boolean {
  const row = db.prepare('SELECT COUNT(*) AS n FROM jira_users').get() as { n: number };
  return row.n === 0;
}
