/**
 * Jira's fixed catalogue, as a new Jira Cloud site has it: permission keys, the standard issue types of
 * a company-managed software project, the default statuses and transitions, the default project roles,
 * the app's identity. Not demo data: the app relies on these being what Jira documents.
 */

export const SANDBOX_APP_ID = '00000000-0000-4000-8000-000000000000';
export const SANDBOX_ENV_ID = '00000000-0000-4000-8000-00000000e0e0';
export const APP_ACCOUNT_ID = 'sandbox-app';

export const ISSUE_TYPE_IDS = { epic: '10000', task: '10001', story: '10002', subtask: '10003', bug: '10004' } as const;

export const STATUS_IDS = { toDo: '10000', inProgress: '3', done: '10001', closed: '10002' } as const;

export const TRANSITION_IDS = { toDo: '11', inProgress: '21', done: '31', close: '41' } as const;

/** Jira's default project roles (every site has them). */
export const DEFAULT_ROLE_IDS = { administrators: 10002, members: 10003 } as const;

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
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', description: "Ability to view or edit an issue's due date." },
  MANAGE_WATCHERS: { id: '32', name: 'Manage Watchers', description: 'Ability to manage the watchers of an issue.' },
  VIEW_READONLY_WORKFLOW: {
    id: '45',
    name: 'View Read-Only Workflow',
    description: 'Users with this permission may view a read-only version of a workflow.',
  },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', description: 'Ability to transition issues.' },
};

export const GLOBAL_PERMISSIONS: Record<string, { id: string; name: string; description: string }> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.',
  },
  USER_PICKER: { id: '27', name: 'Browse users and groups', description: 'View and select users or groups from the user picker.' },
  CREATE_SHARED_OBJECTS: { id: '22', name: 'Share dashboards and filters', description: 'Share dashboards and filters with other users.' },
};

export const SEED_STATUSES = [
  { id: STATUS_IDS.toDo, name: 'To Do', category: 'new' },
  { id: STATUS_IDS.inProgress, name: 'In Progress', category: 'indeterminate' },
  { id: STATUS_IDS.done, name: 'Done', category: 'done' },
  // A second status in the Done category: a way into Done that is not called "Done".
  { id: STATUS_IDS.closed, name: 'Suljettu', category: 'done' },
] as const;

export const SEED_TRANSITIONS = [
  { id: TRANSITION_IDS.toDo, name: 'To Do', toStatusId: STATUS_IDS.toDo },
  { id: TRANSITION_IDS.inProgress, name: 'In Progress', toStatusId: STATUS_IDS.inProgress },
  { id: TRANSITION_IDS.done, name: 'Done', toStatusId: STATUS_IDS.done },
  { id: TRANSITION_IDS.close, name: 'Sulje', toStatusId: STATUS_IDS.closed },
] as const;

/** The standard issue types (without workflows: which workflow a type uses is the project's configuration). */
export const STANDARD_ISSUE_TYPES = [
  {
    id: ISSUE_TYPE_IDS.epic,
    name: 'Epic',
    hierarchyLevel: 1,
    subtask: false,
    description: 'Epics track collections of related bugs, stories, and tasks.',
  },
  { id: ISSUE_TYPE_IDS.task, name: 'Task', hierarchyLevel: 0, subtask: false, description: 'Tasks track small, distinct pieces of work.' },
  {
    id: ISSUE_TYPE_IDS.story,
    name: 'Story',
    hierarchyLevel: 0,
    subtask: false,
    description: 'Stories track functionality or features expressed as user goals.',
  },
  {
    id: ISSUE_TYPE_IDS.subtask,
    name: 'Sub-task',
    hierarchyLevel: -1,
    subtask: true,
    description: 'Subtasks track small pieces of work that are part of a larger task.',
  },
  { id: ISSUE_TYPE_IDS.bug, name: 'Bug', hierarchyLevel: 0, subtask: false, description: 'Bugs track problems or errors.' },
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
