/**
 * The sandbox seed = Jira's fixed catalogue (./catalogue) + the demo data (./demo-data).
 * Others import the constants from here (docs/ARCHITECTURE.md, "Sandbox seed").
 */
import type { Database } from 'better-sqlite3';
import { SEED_STATUSES, SEED_TRANSITIONS } from './catalogue';
import {
  ACCOUNT_IDS,
  DEMO_PROJECT,
  FIRST_ISSUE_ID,
  SEED_ISSUE_TYPES,
  SEED_ROLES,
  SEED_USERS,
  SEED_VALIDATORS,
  SEED_WORKFLOWS,
} from './demo-data';

export * from './catalogue';
export * from './demo-data';

/** Inserts the seed into empty emulator tables (the schema must exist). */
export function seedDatabase(db: Database): void {
  const tx = db.transaction(() => {
    const insUser = db.prepare(
      'INSERT INTO jira_users (account_id, email, display_name, account_type, active, time_zone, locale) VALUES (?, ?, ?, ?, 1, ?, ?)',
    );
    for (const u of SEED_USERS) insUser.run(u.accountId, u.email, u.displayName, u.accountType, 'Europe/Helsinki', u.locale);

    db.prepare('INSERT INTO jira_global_permissions (account_id, permission) VALUES (?, ?)').run(ACCOUNT_IDS.admin, 'ADMINISTER');
    const insGlobal = db.prepare('INSERT INTO jira_global_permissions (account_id, permission) VALUES (?, ?)');
    for (const u of SEED_USERS) {
      insGlobal.run(u.accountId, 'USER_PICKER');
      insGlobal.run(u.accountId, 'CREATE_SHARED_OBJECTS');
    }

    db.prepare('INSERT INTO jira_projects (id, key, name, description, lead_account_id) VALUES (?, ?, ?, ?, ?)').run(
      DEMO_PROJECT.id,
      DEMO_PROJECT.key,
      DEMO_PROJECT.name,
      'Käyttöönotto-mallipohjalla (KEHMET) varustettu demoprojekti.',
      ACCOUNT_IDS.hankepaallikko,
    );

    const insWf = db.prepare('INSERT INTO jira_workflows (id, project_id, name, description) VALUES (?, ?, ?, ?)');
    for (const w of SEED_WORKFLOWS) insWf.run(w.id, DEMO_PROJECT.id, w.name, w.description);

    const insType = db.prepare(
      'INSERT INTO jira_issue_types (id, project_id, name, description, hierarchy_level, subtask, workflow_id, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    SEED_ISSUE_TYPES.forEach((t, i) =>
      insType.run(t.id, DEMO_PROJECT.id, t.name, t.description, t.hierarchyLevel, t.subtask ? 1 : 0, t.workflowId, i),
    );

    const insStatus = db.prepare('INSERT INTO jira_statuses (id, name, category) VALUES (?, ?, ?)');
    for (const s of SEED_STATUSES) insStatus.run(s.id, s.name, s.category);
    const insTr = db.prepare('INSERT INTO jira_transitions (id, name, to_status_id) VALUES (?, ?, ?)');
    for (const t of SEED_TRANSITIONS) insTr.run(t.id, t.name, t.toStatusId);

    const insRole = db.prepare('INSERT INTO jira_roles (id, name, description) VALUES (?, ?, ?)');
    const insActor = db.prepare('INSERT INTO jira_role_actors (project_id, role_id, account_id) VALUES (?, ?, ?)');
    const insGrant = db.prepare('INSERT INTO jira_permission_grants (project_id, role_id, permission) VALUES (?, ?, ?)');
    for (const r of SEED_ROLES) {
      insRole.run(r.id, r.name, r.description);
      for (const a of r.actors) insActor.run(DEMO_PROJECT.id, r.id, a);
      for (const p of r.permissions) insGrant.run(DEMO_PROJECT.id, r.id, p);
    }

    const insVal = db.prepare(
      'INSERT INTO jira_workflow_validators (workflow_id, transition_id, position, module_key, configuration, rule_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const v of SEED_VALIDATORS) insVal.run(v.workflowId, v.transitionId, 0, v.moduleKey, '{}', v.ruleId);

    const insCounter = db.prepare('INSERT INTO jira_counters (name, value) VALUES (?, ?)');
    insCounter.run('issue_id', FIRST_ISSUE_ID - 1);
    insCounter.run(`issue_num:${DEMO_PROJECT.id}`, 0);
  });
  tx();
}
