/**
 * The contract between the app's resolvers (src/resolvers) and its Custom UI (static/).
 * Both import this file; nothing here does I/O.
 */
import type { GateId, ItemKind, LocalizedText, RoleId, TemplateInput } from '../core/template/schema';
import type { TemplateResolverContract } from './templates';

// ---------------------------------------------------------------------------------------------
// The envelope every resolver returns. Resolvers never throw to the UI.
// ---------------------------------------------------------------------------------------------
export const ERROR_CODES = [
  'UNAUTHENTICATED', // no account id in the Forge context
  'FORBIDDEN', // the caller may not do this (role, Jira permission)
  'NOT_FOUND', // the issue, project or item does not exist or is not visible to the caller
  'INVALID_INPUT', // the payload is malformed; `details` names each problem
  'CONFLICT', // the state changed underneath (e.g. waiver already decided)
  'NOT_ENABLED', // the template is not enabled for this project / this is not a deployment epic
  'RATE_LIMITED', // Jira kept answering 429
  'JIRA_UNAVAILABLE', // Jira answered 5xx or could not be reached
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** In the caller's language. */
  message: string;
  details?: string[];
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------------------------------------
// Domain records (stored in Forge storage; account ids only, never names or emails)
// ---------------------------------------------------------------------------------------------
/** The person holding each role on one epic (Atlassian account ids). */
export type Roster = Partial<Record<RoleId, string>>;

export interface RiskAcceptance {
  /** The epic's risk level that the steering group accepted. */
  riskLevel: string;
  /** The information security level the production environment meets. */
  securityLevel: string;
  /** The data protection requirements met. */
  dataProtectionLevel: string;
}

export interface AttestationRecord {
  conditionId: string;
  attestedBy: string;
  attestedAt: string; // ISO 8601
  /** The role the attester held on the epic when attesting. */
  asRole: RoleId;
  evidenceUrl?: string;
  comment?: string;
  approval?: RiskAcceptance;
}

export type WaiverStatus = 'requested' | 'approved' | 'rejected';
export interface WaiverRecord {
  itemId: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: WaiverStatus;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
}

export type SpawnState = 'not-started' | 'running' | 'complete' | 'partial' | 'failed';
export interface SpawnStatus {
  state: SpawnState;
  /** Items with a child issue. */
  created: number;
  /** Items in the plan. */
  total: number;
  startedAt?: string;
  finishedAt?: string;
  /** Per-item warnings, e.g. created without the assignee because Jira refused it. */
  warnings: SpawnWarning[];
}
export interface SpawnWarning {
  itemId: string;
  code: 'ASSIGNEE_REJECTED' | 'CREATE_FAILED';
  message: string;
}

/** The phase state of one deployment epic. */
export interface PhaseRecord {
  epicId: string;
  epicKey: string;
  projectId: string;
  templateId: string;
  templateVersion: string;
  startedAt: string;
  startedBy: string; // account id, or 'app' for the trigger
  roster: Roster;
  /** The epic's current risk level (set on the panel); a change voids a risk acceptance. */
  riskLevel: string | null;
  spawn: SpawnStatus;
}

export interface AuditEntry {
  id: string;
  at: string;
  by: string; // account id or 'app'
  action:
    | 'phase.started'
    | 'roster.changed'
    | 'risk.changed'
    | 'attestation.added'
    | 'attestation.revoked'
    | 'waiver.requested'
    | 'waiver.approved'
    | 'waiver.rejected'
    | 'spawn.completed'
    | 'children.reassigned'
    | 'settings.changed'
    | 'template.saved'
    | 'template.upgraded';
  /** What the action was about: a condition id, item id or role id. */
  subject?: string;
  before?: unknown;
  after?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Evaluation results (computed by the pure core, src/core)
// ---------------------------------------------------------------------------------------------
export type StatusCategory = 'new' | 'indeterminate' | 'done';

/** One child work item of the epic, as read from Jira. */
export interface ChildIssue {
  id: string;
  key: string;
  itemId: string;
  summary: string;
  statusName: string;
  statusCategory: StatusCategory;
  assigneeAccountId: string | null;
}

export interface Progress {
  done: number;
  total: number;
  /** 0–100, rounded down. */
  percent: number;
}

export type ItemStateKind = 'done' | 'waived' | 'open' | 'missing';
export interface ItemState {
  itemId: string;
  kind: ItemKind;
  sectionId: string;
  role: RoleId;
  mandatory: boolean;
  state: ItemStateKind;
  child: ChildIssue | null;
  waiver: WaiverRecord | null;
}

export interface Readiness {
  overall: Progress;
  byRole: Record<RoleId, Progress>;
  bySection: Record<string, Progress>;
  items: ItemState[];
  /** Mandatory items neither done nor waived (missing ones included). */
  openItemIds: string[];
  /** Items whose child issue no longer exists. */
  missingItemIds: string[];
}

export type ConditionStatus = 'passed' | 'attested' | 'failed' | 'void';
export interface ConditionResult {
  conditionId: string;
  gate: GateId;
  kind: 'automatic' | 'attestation';
  mandatory: boolean;
  passed: boolean;
  status: ConditionStatus;
  /** Why it passed or failed, in every language. */
  reason: LocalizedText;
  attestation: AttestationRecord | null;
}

export interface GateEvaluation {
  gate: GateId;
  passed: boolean;
  conditions: ConditionResult[];
  /** Ids of mandatory conditions that fail. */
  unmet: string[];
  /** One message naming every unmet condition (empty strings when the gate passes). */
  message: LocalizedText;
}

export type PhaseStatus = 'not-started' | 'in-progress' | 'ready-for-done' | 'done';

// ---------------------------------------------------------------------------------------------
// Views and resolver payloads
// ---------------------------------------------------------------------------------------------
export interface UserSummary {
  accountId: string;
  displayName: string;
  avatarUrl?: string;
  active: boolean;
}

export interface EpicSummary {
  id: string;
  key: string;
  summary: string;
  projectId: string;
  projectKey: string;
  statusName: string;
  statusCategory: StatusCategory;
  issueTypeName: string;
  labels: string[];
}

export interface ActionPermission {
  allowed: boolean;
  /** Why not, in the caller's language. */
  reason?: string;
}

export interface PanelPermissions {
  startPhase: ActionPermission;
  /** Recreate missing children (after the phase has started). */
  resync: ActionPermission;
  editRoster: ActionPermission;
  setRiskLevel: ActionPermission;
  /** Per attestation condition id. */
  attest: Record<string, ActionPermission>;
  requestWaiver: ActionPermission;
  decideWaiver: ActionPermission;
}

export interface PanelView {
  epic: EpicSummary;
  /** The template is enabled for the project. */
  enabled: boolean;
  /** The epic matches the project's deployment-epic rule. */
  isDeploymentEpic: boolean;
  /** The template version this epic uses (the project's current one before the phase starts). */
  template: TemplateInput;
  phase: PhaseRecord | null;
  status: PhaseStatus;
  roster: Roster;
  readiness: Readiness;
  gates: { entry: GateEvaluation; exit: GateEvaluation };
  attestations: AttestationRecord[];
  waivers: WaiverRecord[];
  permissions: PanelPermissions;
  /** The caller's roles on this epic. */
  callerRoles: RoleId[];
  callerAccountId: string;
  auditTail: AuditEntry[];
  /** Effective owner role of each item (deliverable owners may be overridden per project). */
  itemRoles: Record<string, RoleId>;
}

export interface SpawnReport {
  status: SpawnStatus;
  /** Items created by this call. */
  createdNow: number;
}

export type RosterDefault =
  | { type: 'none' }
  | { type: 'user'; accountId: string }
  | { type: 'project-role'; projectRoleId: string };

export type EpicSelector = { mode: 'all-epics' } | { mode: 'label'; label: string };

export interface ProjectSettings {
  enabled: boolean;
  epicSelector: EpicSelector;
  /** Issue type id of the children (a standard type under an epic; a sub-task type under a standard container). */
  childIssueTypeId: string | null;
  defaultRoster: Record<RoleId, RosterDefault>;
  /** Deliverable id → owner role, overriding the template's default. */
  deliverableOwners: Record<string, RoleId>;
  templateVersion: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface ValidatorSetup {
  gate: GateId;
  /** The validator is on the transition into the gate's target status. */
  installed: boolean;
  transitionName: string | null;
}

export interface SettingsView {
  project: { id: string; key: string; name: string };
  settings: ProjectSettings;
  /** Settings were never saved; `settings` holds the defaults. */
  isDefault: boolean;
  issueTypes: { id: string; name: string; hierarchyLevel: number; subtask: boolean }[];
  projectRoles: { id: string; name: string; userAccountIds: string[] }[];
  templateVersions: string[];
  template: TemplateInput;
  validators: ValidatorSetup[] | null;
  canAdminister: boolean;
}

/** Every resolver of the panel and the settings page: name → payload and result. */
export interface ResolverContract extends TemplateResolverContract {
  // panel (function key: panel-resolver)
  getPanel: { payload: Record<string, never>; result: PanelView };
  getUsers: { payload: { accountIds: string[] }; result: UserSummary[] };
  searchUsers: { payload: { query: string }; result: UserSummary[] };
  startPhase: { payload: Record<string, never>; result: SpawnReport };
  resync: { payload: Record<string, never>; result: SpawnReport };
  setRosterMember: {
    payload: { role: RoleId; accountId: string | null };
    /** `failed`: children Jira refused to reassign, as "KEY: reason". */
    result: { roster: Roster; reassigned: number; failed: string[] };
  };
  setRiskLevel: { payload: { riskLevel: string }; result: { riskLevel: string; voidedApprovals: string[] } };
  attest: {
    payload: { conditionId: string; evidenceUrl?: string; comment?: string; approval?: RiskAcceptance };
    result: AttestationRecord;
  };
  revokeAttestation: { payload: { conditionId: string; reason: string }; result: { conditionId: string } };
  requestWaiver: { payload: { itemId: string; reason: string }; result: WaiverRecord };
  decideWaiver: { payload: { itemId: string; approve: boolean; comment?: string }; result: WaiverRecord };
  getAudit: { payload: { cursor?: string }; result: { entries: AuditEntry[]; nextCursor: string | null } };
  // settings page (function key: settings-resolver)
  getSettings: { payload: Record<string, never>; result: SettingsView };
  saveSettings: { payload: { settings: ProjectSettings }; result: SettingsView };
}
export type ResolverName = keyof ResolverContract;
export type PayloadOf<K extends ResolverName> = ResolverContract[K]['payload'];
export type ResultOf<K extends ResolverName> = ResolverContract[K]['result'];

export const PANEL_RESOLVERS = [
  'getPanel',
  'getUsers',
  'searchUsers',
  'startPhase',
  'resync',
  'setRosterMember',
  'setRiskLevel',
  'attest',
  'revokeAttestation',
  'requestWaiver',
  'decideWaiver',
  'getAudit',
] as const satisfies readonly ResolverName[];
export const SETTINGS_RESOLVERS = ['getSettings', 'saveSettings', 'searchUsers', 'getUsers'] as const satisfies readonly ResolverName[];
