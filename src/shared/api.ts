/**
 * The contract between the app's resolvers (src/resolvers) and its Custom UI (static/).
 * Both import this file; nothing here does I/O.
 */
import type { GateId, ItemKind, LocalizedText, RoleId, TemplateInput } from '../core/template/schema';
import type { DataProtectionLevel, ForgeLocale, RiskLevel, SecurityLevel } from '../core/domain';
import type { ExpiryState } from '../core/dates';
import type { PortfolioContract } from './portfolio';
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
  /** The steering group's decision: the minutes' number, or an https link to them. */
  decisionRef?: string;
  /** When the steering group reviews the decision (`YYYY-MM-DD`). */
  reviewOn?: string;
}

/** A risk acceptance as the steering group gives it (the levels are fixed vocabularies). */
export interface RiskAcceptanceInput {
  riskLevel: RiskLevel;
  securityLevel: SecurityLevel;
  dataProtectionLevel: DataProtectionLevel;
  /** The minutes' number, or an https link to them (one line, at most 500 characters). */
  decisionRef?: string;
  /** A review date (`YYYY-MM-DD`, UTC): today or later, at most five years ahead. */
  reviewOn?: string;
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
  /** An approved waiver counts through this day (`YYYY-MM-DD`, UTC) and no longer after it. */
  expiresOn?: string;
}

/** The steering group let the phase go on without the entry gate passing (revocable). */
export interface EntryGateWaiverRecord {
  waivedBy: string;
  waivedAt: string;
  /** The role the person held on the epic when waiving: always the steering group's. */
  asRole: RoleId;
  reason: string;
  /** The steering group's decision: the minutes' number, or an https link to them. */
  decisionRef?: string;
  /** When the steering group reviews the waiver (`YYYY-MM-DD`); it does not lapse then. */
  reviewOn?: string;
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
  /** While running: the run that holds the spawn claim, and when that claim lapses. A reader treats a
   * "running" status whose claim has lapsed as interrupted (the owner is gone; it resumes by itself). */
  owner?: string;
  ownerExpiresAt?: string;
}
export interface SpawnWarning {
  itemId: string;
  /** FIELDS_DROPPED: created without labels/description because they are not on the project's create screen. */
  code: 'ASSIGNEE_REJECTED' | 'CREATE_FAILED' | 'FIELDS_DROPPED';
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
    | 'entryGate.waived'
    | 'entryGate.waiverRevoked'
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
  /** When Jira resolved it (`resolutiondate`), for the closure checklist's completion date. */
  resolvedAt?: string;
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
  /** An approved waiver with an expiry: whether it lapsed (then the item is open again) and how many
   * days it still counts, judged on the day the readiness was computed. */
  waiverExpiry?: ExpiryState;
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
  /** Waive the entry gate, or revoke that waiver (the steering group's person only). */
  waiveEntryGate?: ActionPermission;
}

export interface PanelView {
  epic: EpicSummary;
  /** The template is enabled for the project. */
  enabled: boolean;
  /** The epic matches the project's deployment-epic rule. */
  isDeploymentEpic: boolean;
  /** The template version this epic uses (the project's current one before the phase starts). */
  template: TemplateInput;
  /** A newer version of the epic's template the project has (the panel offers its upgrade preview); null when none or not started. */
  newerTemplate?: { templateId: string; version: string } | null;
  phase: PhaseRecord | null;
  status: PhaseStatus;
  roster: Roster;
  readiness: Readiness;
  gates: { entry: GateEvaluation; exit: GateEvaluation };
  /** The steering group's waiver of the entry gate, when one holds. */
  entryGateWaiver: EntryGateWaiverRecord | null;
  attestations: AttestationRecord[];
  waivers: WaiverRecord[];
  permissions: PanelPermissions;
  /** The caller's roles on this epic. */
  callerRoles: RoleId[];
  callerAccountId: string;
  auditTail: AuditEntry[];
  /** Effective owner role of each item (deliverable owners may be overridden per project). */
  itemRoles: Record<string, RoleId>;
  /** The day (`YYYY-MM-DD`, UTC) the server judged the phase on: waivers' expiry and review dates are read against it. */
  today?: string;
}

export interface SpawnReport {
  status: SpawnStatus;
  /** Items created by this call. */
  createdNow: number;
}

export type RosterDefault = { type: 'none' } | { type: 'user'; accountId: string } | { type: 'project-role'; projectRoleId: string };

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
  /** The transition it is on; when missing, the transition it belongs on (into the gate's status category). */
  transitionName: string | null;
  /** Transitions into a status this gate guards (the Done category, for the exit gate) that lack
   * the validator: each is a way around the gate. */
  unguarded?: { transitionId: string; transitionName: string; statusName: string }[];
  /** That transition's target status. */
  statusName?: string | null;
  /** The epic workflow's name. */
  workflowName?: string | null;
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
  /** A team-managed project: its workflow rules are set in the project's own workflow editor. */
  teamManaged?: boolean;
}

/** A payload with no fields (only the locale travels with it). */
export type EmptyPayload = { [K in never]: never };

/** Every resolver of the panel and the settings page: name → payload and result. */
export interface ResolverContract extends PortfolioContract, TemplateResolverContract {
  // panel (function key: panel-resolver)
  getPanel: { payload: EmptyPayload; result: PanelView };
  getUsers: { payload: { accountIds: string[] }; result: UserSummary[] };
  searchUsers: { payload: { query: string }; result: UserSummary[] };
  startPhase: { payload: EmptyPayload; result: SpawnReport };
  resync: { payload: EmptyPayload; result: SpawnReport };
  setRosterMember: {
    payload: { role: RoleId; accountId: string | null };
    /** `failed`: children Jira refused to reassign, as "KEY: reason". */
    result: { roster: Roster; reassigned: number; failed: string[] };
  };
  setRiskLevel: { payload: { riskLevel: RiskLevel }; result: { riskLevel: string; voidedApprovals: string[] } };
  attest: {
    /** `approval` only on the condition that takes a risk acceptance. */
    payload: { conditionId: string; evidenceUrl?: string; comment?: string; approval?: RiskAcceptanceInput };
    result: AttestationRecord;
  };
  revokeAttestation: { payload: { conditionId: string; reason: string }; result: { conditionId: string } };
  requestWaiver: { payload: { itemId: string; reason: string }; result: WaiverRecord };
  /** `expiresOn` (`YYYY-MM-DD`, UTC) only with an approval: the waiver counts through that day. */
  decideWaiver: { payload: { itemId: string; approve: boolean; comment?: string; expiresOn?: string }; result: WaiverRecord };
  getAudit: { payload: { cursor?: string }; result: { entries: AuditEntry[]; nextCursor: string | null } };
  /** The closure dossier of a closed phase (src/shared/dossier.ts). */
  getDossier: { payload: EmptyPayload; result: import('./dossier').DossierResult };
  waiveEntryGate: { payload: { reason: string; decisionRef?: string; reviewOn?: string }; result: EntryGateWaiverRecord };
  revokeEntryGateWaiver: { payload: { reason: string }; result: { revoked: true } };
  completeItem: { payload: { itemId: string }; result: CompleteItemResult };
  // settings page (function key: settings-resolver)
  getSettings: { payload: EmptyPayload; result: SettingsView };
  saveSettings: { payload: { settings: ProjectSettings }; result: SettingsView };
}
export type ResolverName = keyof ResolverContract;

/** What completing an item from the panel did (resolver `completeItem`). */
export interface CompleteItemResult {
  itemId: string;
  key: string;
  /** `needs-jira`: no transition to Done that a click can make (none, or it needs a screen or fields). */
  outcome: 'done' | 'already-done' | 'needs-jira';
  statusName: string | null;
  /** The transition taken, or the ones to Done that need more than a click. */
  transitionNames: string[];
}
export type PayloadOf<K extends ResolverName> = ResolverContract[K]['payload'];
/**
 * What the UI sends: the payload plus the caller's locale. Forge gives resolvers no locale
 * (runtime-reference/i18n: "A user's locale information is not directly available to Forge
 * functions"), so the UI sends the one `view.getContext()` has; without it, messages are Finnish.
 */
export type WirePayload<K extends ResolverName> = PayloadOf<K> & { locale?: ForgeLocale };
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
  'getDossier',
  'waiveEntryGate',
  'revokeEntryGateWaiver',
  'completeItem',
] as const satisfies readonly ResolverName[];
export const SETTINGS_RESOLVERS = ['getSettings', 'saveSettings', 'searchUsers', 'getUsers'] as const satisfies readonly ResolverName[];
