/**
 * The sandbox's demo data: seeded users, the DEMO project, its KEHMET roles and their holders, its
 * workflows with the app's validators attached. A fixed contract (docs/ARCHITECTURE.md, "Sandbox seed"):
 * tests import these constants; change them only together with ARCHITECTURE.md.
 */
import { APP_ACCOUNT_ID, DEFAULT_ROLE_IDS, PROJECT_PERMISSIONS, STANDARD_ISSUE_TYPES, TRANSITION_IDS } from './catalogue';

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

export const VALIDATOR_MODULE_KEYS = { entry: 'entry-gate-validator', exit: 'exit-gate-validator' } as const;

export const WORKFLOW_IDS = {
  epic: '7a1b2c3d-0000-4000-8000-00000000e91c',
  standard: '7a1b2c3d-0000-4000-8000-0000000057d0',
} as const;

export const ROLE_IDS = {
  ...DEFAULT_ROLE_IDS,
  hankepaallikko: 10100,
  palvelustaVastaava: 10101,
  arkkitehti: 10102,
  toteutustiimi: 10103,
  tuotantotiimi: 10104,
  ohjausryhma: 10105,
} as const;

export const FIRST_ISSUE_ID = 10001;

interface SeedUser {
  accountId: string;
  email: string | null;
  displayName: string;
  accountType: 'atlassian' | 'app';
  locale: string;
}

export const SEED_USERS: readonly SeedUser[] = [
  { accountId: ACCOUNT_IDS.admin, email: EMAILS.admin, displayName: 'Aino Ylläpitäjä', accountType: 'atlassian', locale: 'fi_FI' },
  {
    accountId: ACCOUNT_IDS.hankepaallikko,
    email: EMAILS.hankepaallikko,
    displayName: 'Hanna Hankepäällikkö',
    accountType: 'atlassian',
    locale: 'fi_FI',
  },
  {
    accountId: ACCOUNT_IDS.palvelustaVastaava,
    email: EMAILS.palvelustaVastaava,
    displayName: 'Pirjo Palveluvastaava',
    accountType: 'atlassian',
    locale: 'fi_FI',
  },
  {
    accountId: ACCOUNT_IDS.arkkitehti,
    email: EMAILS.arkkitehti,
    displayName: 'Antti Arkkitehti',
    accountType: 'atlassian',
    locale: 'fi_FI',
  },
  {
    accountId: ACCOUNT_IDS.toteutustiimi,
    email: EMAILS.toteutustiimi,
    displayName: 'Tiina Toteuttaja',
    accountType: 'atlassian',
    locale: 'fi_FI',
  },
  {
    accountId: ACCOUNT_IDS.tuotantotiimi,
    email: EMAILS.tuotantotiimi,
    displayName: 'Tuomas Tuotannonmies',
    accountType: 'atlassian',
    locale: 'sv_SE',
  },
  {
    accountId: ACCOUNT_IDS.ohjausryhma,
    email: EMAILS.ohjausryhma,
    displayName: 'Olli Ohjausryhmäläinen',
    accountType: 'atlassian',
    locale: 'fi_FI',
  },
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
  {
    id: ROLE_IDS.hankepaallikko,
    name: 'Hankepäällikkö',
    description: 'Käyttöönotto: project manager',
    actors: [ACCOUNT_IDS.hankepaallikko],
    permissions: [],
  },
  {
    id: ROLE_IDS.palvelustaVastaava,
    name: 'Palvelusta vastaava',
    description: 'Käyttöönotto: service owner',
    actors: [ACCOUNT_IDS.palvelustaVastaava],
    permissions: [],
  },
  {
    id: ROLE_IDS.arkkitehti,
    name: 'Arkkitehti',
    description: 'Käyttöönotto: architect',
    actors: [ACCOUNT_IDS.arkkitehti],
    permissions: [],
  },
  {
    id: ROLE_IDS.toteutustiimi,
    name: 'Toteutustiimi',
    description: 'Käyttöönotto: implementation team',
    actors: [ACCOUNT_IDS.toteutustiimi],
    permissions: [],
  },
  {
    id: ROLE_IDS.tuotantotiimi,
    name: 'Tuotantotiimi',
    description: 'Käyttöönotto: production team',
    actors: [ACCOUNT_IDS.tuotantotiimi],
    permissions: [],
  },
  {
    id: ROLE_IDS.ohjausryhma,
    name: 'Johto-/ohjausryhmä',
    description: 'Käyttöönotto: management / steering group',
    actors: [ACCOUNT_IDS.ohjausryhma],
    permissions: [],
  },
];

/** The standard issue types in the DEMO project: epics on their own workflow, the rest on the standard one. */
export const SEED_ISSUE_TYPES = STANDARD_ISSUE_TYPES.map((t) => ({
  ...t,
  workflowId: t.hierarchyLevel === 1 ? WORKFLOW_IDS.epic : WORKFLOW_IDS.standard,
}));

export const SEED_WORKFLOWS = [
  {
    id: WORKFLOW_IDS.epic,
    name: 'DEMO: Epic workflow',
    description: 'Käyttöönotto deployment epics (Forge validators on In Progress and Done).',
  },
  { id: WORKFLOW_IDS.standard, name: 'DEMO: Standard workflow', description: 'Tasks, stories, bugs and sub-tasks.' },
] as const;

export const SEED_VALIDATORS = [
  {
    workflowId: WORKFLOW_IDS.epic,
    transitionId: TRANSITION_IDS.inProgress,
    moduleKey: VALIDATOR_MODULE_KEYS.entry,
    ruleId: 'a0e1b2c3-0000-4000-8000-000000000021',
  },
  {
    workflowId: WORKFLOW_IDS.epic,
    transitionId: TRANSITION_IDS.done,
    moduleKey: VALIDATOR_MODULE_KEYS.exit,
    ruleId: 'a0e1b2c3-0000-4000-8000-000000000031',
  },
  {
    workflowId: WORKFLOW_IDS.epic,
    transitionId: TRANSITION_IDS.close,
    moduleKey: VALIDATOR_MODULE_KEYS.exit,
    ruleId: 'a0e1b2c3-0000-4000-8000-000000000041',
  },
] as const;
