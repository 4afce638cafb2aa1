/**
 * The sandbox seed: a fixed contract (docs/ARCHITECTURE.md, "Sandbox seed").
 * Others import these constants; change them only together with ARCHITECTURE.md.
 */
import type { Database } from 'better-sqlite3';

export const SANDBOX_APP_ID = '00000000-0000-4000-8000-000000000000';
export const SANDBOX_ENV_ID = '00000000-0000-4000-8000-00000000e0e0';
export const APP_ACCOUNT_ID = 'sandbox-app';

export const EMAILS = {
  admin: 'admin@sandbox.test',
  hankepaallikko: 'hankepaallikko@sandbox.test',
  palvelustaVastaava: 'palvelusta.vastaava@sandbox.test',
  arkkitehti: 'arkkitehti@sandbox.test',
  toteutustiimi: 'toteutustiimi@sandbox.test',
  tuotantotiimi: 'tuotantotiimi@sandbox.test',
  ohjausryhma: 'ohjausryhma@sandbox.test',
  outsider: 'outsider@sandbox.test',
} as const;

export const ACCOUNT_IDS = {
  admin: 'sandbox-admin',
  hankepaallikko: 'sandbox-hankepaallikko',
  palvelustaVastaava: 'sandbox-palvelusta-vastaava',
  arkkitehti: 'sandbox-arkkitehti',
  toteutustiimi: 'sandbox-toteutustiimi',
  tuotantotiimi: 'sandbox-tuotantotiimi',
  ohjausryhma: 'sandbox-ohjausryhma',
  outsider: 'sandbox-outsider',
  app: APP_ACCOUNT_ID,
} as const;

export type SeedUserKey = keyof typeof EMAILS;

/** Template role id (src/core/template) → the seeded user who is the project's default for it. */
export const DEFAULT_ROLE_HOLDERS = {
  'project-manager': ACCOUNT_IDS.hankepaallikko,
  'service-owner': ACCOUNT_IDS.palvelustaVastaava,
  architect: ACCOUNT_IDS.arkkitehti,
  'implementation-team': ACCOUNT_IDS.toteutustiimi,
  'production-team': ACCOUNT_IDS.tuotantotiimi,
  'steering-group': ACCOUNT_IDS.ohjausryhma,
} as const;

export const DEMO_PROJECT = { id: '10000', key: 'DEMO', name: 'Käyttöönotto demo' } as const;

export const ISSUE_TYPE_IDS = { epic: '10000', task: '10001', story: '10002', subtask: '10003', bug: '10004' } as const;

export const STATUS_IDS = { toDo: '10000', inProgress: '3', done: '10001' } as const;

export const TRANSITION_IDS = { toDo: '11', inProgress: '21', done: '31' } as const;

export const VALIDATOR_MODULE_KEYS = { entry: 'entry-gate-validator', exit: 'exit-gate-validator' } as const;

export const WORKFLOW_IDS = {
  epic: '7a1b2c3d-0000-4000-8000-00000000e91c',
  standard: '7a1b2c3d-0000-4000-8000-0000000057d0',
} as const;

export const ROLE_IDS = {
  administrators: 10002,
  members: 10003,
  hankepaallikko: 10100,
  palvelustaVastaava: 10101,
  arkkitehti: 10102,
  toteutustiimi: 10103,
  tuotantotiimi: 10104,
  ohjausryhma: 10105,
} as const;

export const FIRST_ISSUE_ID = 10001;

/** Project permission keys with Jira's ids and names. */
export const PROJECT_PERMISSIONS: Record<string, { id: string; name: string; description: string }> = {
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', description: 'Ability to browse projects and the issues within them.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', description: 'Ability to edit issues.' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', description: 'Ability to assign issues to other people.' },
  RESOLVE_ISSUES: { id: '14', name: 'Resolve Issues', description: 'Ability to resolve and reopen issues.' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', description: 'Ability to comment on issues.' },
  DELETE_ISSUES: { id: '16', name: 'Delete Issues', description: 'Ability to delete issues.' },
  ASSIGNABLE_USER: { id: '17', name: 'Assignable User', description: 'Users with this permission may be assigned to issues.' },
  CLOSE_ISSUES: { id: '18', name: 'Close Issues', description: 'Ability to close issues.' },
  CREATE_ATTACHMENTS: { id: '19', name: 'Create Attachments', description: 'Users with this permission may create attachments.' },
  WORK_ON_ISSUES: { id: '20', name: 'Work On Issues', description: 'Ability to log work done against an issue.' },
  LINK_ISSUES: { id: '21', name: 'Link Issues', description: 'Ability to link issues together.' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', description: 'Ability to administer a project in Jira.' },
  MOVE_ISSUES: { id: '25', name: 'Move Issues', description: 'Ability to move issues between projects or between workflows.' },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', description: 'Ability to view or edit an issue\'s due date.' },
  MANAGE_WATCHERS: { id: '32', name: 'Manage Watchers', description: 'Ability to manage the watchers of an issue.' },
  VIEW_READONLY_WORKFLOW: { id: '45', name: 'View Read-Only Workflow', description: 'Users with this permission may view a read-only version of a workflow.' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', description: 'Ability to transition issues.' },
};

export const GLOBAL_PERMISSIONS: Record<string, { id: string; name: string; description: string }> = {
  ADMINISTER: { id: '0', name: 'Administer Jira', description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.' },
  USER_PICKER: { id: '27', name: 'Browse users and groups', description: 'View and select users or groups from the user picker.' },
  CREATE_SHARED_OBJECTS: { id: '22', name: 'Share dashboards and filters', description: 'Share dashboards and filters with other users.' },
};

interface SeedUser {
  accountId: string;
  email: string | null;
  displayName: string;
  accountType: 'atlassian' | 'app';
  locale: string;
}

export const SEED_USERS: readonly SeedUser[] = [
  { accountId: ACCOUNT_IDS.admin, email: EMAILS.admin, displayName: 'Aino Ylläpitäjä', accountType: 'atlassian', locale: 'fi_FI' },
  { accountId: ACCOUNT_IDS.hankepaallikko, email: EMAILS.hankepaallikko, displayName: 'Hanna Hankepäällikkö', accountType: 'atlassian', locale: 'fi_FI' },
  { accountId: ACCOUNT_IDS.palvelustaVastaava, email: EMAILS.palvelustaVastaava, displayName: 'Pirjo Palveluvastaava', accountType: 'atlassian', locale: 'fi_FI' },
  { accountId: ACCOUNT_IDS.arkkitehti, email: EMAILS.arkkitehti, displayName: 'Antti Arkkitehti', accountType: 'atlassian', locale: 'fi_FI' },
  { accountId: ACCOUNT_IDS.toteutustiimi, email: EMAILS.toteutustiimi, displayName: 'Tiina Toteuttaja', accountType: 'atlassian', locale: 'fi_FI' },
  { accountId: ACCOUNT_IDS.tuotantotiimi, email: EMAILS.tuotantotiimi, displayName: 'Tuomas Tuotannonmies', accountType: 'atlassian', locale: 'sv_SE' },
  { accountId: ACCOUNT_IDS.ohjausryhma, email: EMAILS.ohjausryhma, displayName: 'Olli Ohjausryhmäläinen', accountType: 'atlassian', locale: 'fi_FI' },
  { accountId: ACCOUNT_IDS.outsider, email: EMAILS.outsider, displayName: 'Ulla Ulkopuolinen', accountType: 'atlassian', locale: 'en_US' },
  { accountId: ACCOUNT_IDS.app, email: null, displayName: 'Käyttöönotto for Jira', accountType: 'app', locale: 'en_US' },
];

const MEMBER_IDS = [
  ACCOUNT_IDS.hankepaallikko,
  ACCOUNT_IDS.palvelustaVastaava,
  ACCOUNT_IDS.arkkitehti,
  ACCOUNT_IDS.toteutustiimi,
  ACCOUNT_IDS.tuotantotiimi,
  ACCOUNT_IDS.ohjausryhma,
];

export const SEED_ROLES: readonly { id: number; name: string; description: string; actors: string[]; permissions: string[] }[] = [
  {
    id: ROLE_IDS.administrators,
    name: 'Administrators',
    description: 'A project role that represents administrators in a project',
    actors: [ACCOUNT_IDS.admin],
    permissions: Object.keys(PROJECT_PERMISSIONS),
  },
  {
    id: ROLE_IDS.members,
    name: 'Members',
    description: 'A project role that represents members in a project',
    actors: [...MEMBER_IDS],
    permissions: Object.keys(PROJECT_PERMISSIONS).filter((p) => p !== 'ADMINISTER_PROJECTS'),
  },
  { id: ROLE_IDS.hankepaallikko, name: 'Hankepäällikkö', description: 'Käyttöönotto: project manager', actors: [ACCOUNT_IDS.hankepaallikko], permissions: [] },
  { id: ROLE_IDS.palvelustaVastaava, name: 'Palvelusta vastaava', description: 'Käyttöönotto: service owner', actors: [ACCOUNT_IDS.palvelustaVastaava], permissions: [] },
  { id: ROLE_IDS.arkkitehti, name: 'Arkkitehti', description: 'Käyttöönotto: architect', actors: [ACCOUNT_IDS.arkkitehti], permissions: [] },
  { id: ROLE_IDS.toteutustiimi, name: 'Toteutustiimi', description: 'Käyttöönotto: implementation team', actors: [ACCOUNT_IDS.toteutustiimi], permissions: [] },
  { id: ROLE_IDS.tuotantotiimi, name: 'Tuotantotiimi', description: 'Käyttöönotto: production team', actors: [ACCOUNT_IDS.tuotantotiimi], permissions: [] },
  { id: ROLE_IDS.ohjausryhma, name: 'Johto-/ohjausryhmä', description: 'Käyttöönotto: management / steering group', actors: [ACCOUNT_IDS.ohjausryhma], permissions: [] },
];

export const SEED_ISSUE_TYPES = [
  { id: ISSUE_TYPE_IDS.epic, name: 'Epic', hierarchyLevel: 1, subtask: false, description: 'Epics track collections of related bugs, stories, and tasks.', workflowId: WORKFLOW_IDS.epic },
  { id: ISSUE_TYPE_IDS.task, name: 'Task', hierarchyLevel: 0, subtask: false, description: 'Tasks track small, distinct pieces of work.', workflowId: WORKFLOW_IDS.standard },
  { id: ISSUE_TYPE_IDS.story, name: 'Story', hierarchyLevel: 0, subtask: false, description: 'Stories track functionality or features expressed as user goals.', workflowId: WORKFLOW_IDS.standard },
  { id: ISSUE_TYPE_IDS.subtask, name: 'Sub-task', hierarchyLevel: -1, subtask: true, description: 'Subtasks track small pieces of work that are part of a larger task.', workflowId: WORKFLOW_IDS.standard },
  { id: ISSUE_TYPE_IDS.bug, name: 'Bug', hierarchyLevel: 0, subtask: false, description: 'Bugs track problems or errors.', workflowId: WORKFLOW_IDS.standard },
] as const;

export const SEED_STATUSES = [
  { id: STATUS_IDS.toDo, name: 'To Do', category: 'new' },
  { id: STATUS_IDS.inProgress, name: 'In Progress', category: 'indeterminate' },
  { id: STATUS_IDS.done, name: 'Done', category: 'done' },
] as const;

export const SEED_TRANSITIONS = [
  { id: TRANSITION_IDS.toDo, name: 'To Do', toStatusId: STATUS_IDS.toDo },
  { id: TRANSITION_IDS.inProgress, name: 'In Progress', toStatusId: STATUS_IDS.inProgress },
  { id: TRANSITION_IDS.done, name: 'Done', toStatusId: STATUS_IDS.done },
] as const;

export const SEED_WORKFLOWS = [
  { id: WORKFLOW_IDS.epic, name: 'DEMO: Epic workflow', description: 'Käyttöönotto deployment epics (Forge validators on In Progress and Done).' },
  { id: WORKFLOW_IDS.standard, name: 'DEMO: Standard workflow', description: 'Tasks, stories, bugs and sub-tasks.' },
] as const;

export const SEED_VALIDATORS = [
  { workflowId: WORKFLOW_IDS.epic, transitionId: TRANSITION_IDS.inProgress, moduleKey: VALIDATOR_MODULE_KEYS.entry, ruleId: 'a0e1b2c3-0000-4000-8000-000000000021' },
  { workflowId: WORKFLOW_IDS.epic, transitionId: TRANSITION_IDS.done, moduleKey: VALIDATOR_MODULE_KEYS.exit, ruleId: 'a0e1b2c3-0000-4000-8000-000000000031' },
] as const;

/** Forge extension ARI of a module of this app, as Jira shows it in workflow rules. */
export function forgeExtensionKey(moduleKey: string): string {
  return `ari:cloud:ecosystem::extension/${SANDBOX_APP_ID}/${SANDBOX_ENV_ID}/static/${moduleKey}`;
}

/** Local avatar (a data: URI, no egress): initials on a colour derived from the account id. */
export function avatarDataUri(displayName: string, accountId: string): string {
  const initials = displayName
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
  let h = 0;
  for (const ch of accountId) h = (h * 31 + ch.charCodeAt(0)) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="24" fill="hsl(${h},55%,40%)"/><text x="24" y="30" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

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
