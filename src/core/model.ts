/**
 * The domain model: the records the app stores and the results the pure core computes from them
 * (readiness, gate evaluations, permissions). One definition: src/shared/api.ts re-exports these
 * as the API's types (type-only, so the UI bundle carries no core code), and src/storage/records.ts
 * parses stored values into them.
 */
import type { GateId, ItemKind, LocalizedText, RoleId, TemplateInput } from './template/schema';
import type { AuditAction, DataProtectionLevel, RiskLevel, SecurityLevel } from './domain';
import type { ExpiryState } from './dates';

// ---------------------------------------------------------------------------------------------
// Domain records (stored in Forge storage; account ids only, never names or emails)
// ---------------------------------------------------------------------------------------------
/** The person holding each role on one epic (Atlassian account ids). */
export type Roster = Partial<Record<RoleId, string>>;
/** The further people holding each role on one epic, after the roster's first person (account ids;
 * at most MAX_ROLE_HOLDERS − 1 a role). Stored beside the roster, so a roster of one person per role
 * (every record written before several were allowed) reads as it always did. */
export type RosterMembers = Partial<Record<RoleId, string[]>>;

/** A person's stand-in while they are away (stored per person): `standIn` may act for `accountId`'s
 * roster roles on the epics they share, from `from` through `to` (`YYYY-MM-DD`, UTC), and no longer. */
export interface StandInRecord {
  accountId: string;
  standIn: string;
  from: string;
  to: string;
  namedAt: string;
}

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
  /** Where a further confirmation of a condition with a quorum is stored (2 and up; the first has none). */
  slot?: number;
  /** Given by a stand-in: the absent person whose role it was given in ("A for B": attestedBy for onBehalfOf). */
  onBehalfOf?: string;
  /** The items the condition rests on (template `restsOn`) that were done when it was given: one of them open again makes it stale. */
  restedOn?: string[];
  /** The confirmation turned stale (an item it rests on was reopened, or its evidence changed): it no longer counts.
   * `evidenceUrl`: the condition's new evidence link, when a change of it made this one stale. */
  stale?: { at: string; reason: 'reopened' | 'evidence-changed'; itemId?: string; evidenceUrl?: string };
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
  /** Decided by a stand-in: the absent person whose deciding role it was decided in ("A for B": decidedBy for onBehalfOf). */
  onBehalfOf?: string;
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
  /** Waived by a stand-in: the steering group's person it was waived for ("A for B": waivedBy for onBehalfOf). */
  onBehalfOf?: string;
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

export type { AuditAction };

export interface AuditEntry {
  id: string;
  at: string;
  by: string; // account id or 'app'
  action: AuditAction;
  /** Done by a stand-in: the absent person it was done for ("A for B": by for onBehalfOf). */
  onBehalfOf?: string;
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
  /** Its Jira due date (`duedate`, `YYYY-MM-DD`), when it has one. */
  dueDate?: string;
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

export type ConditionStatus = 'passed' | 'attested' | 'failed' | 'void' | 'stale';
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
  /** A condition with a quorum above one: how many different people's confirmations count, and how many it needs. */
  quorum?: { counted: number; needed: number; holders: number };
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

/** A gate's state in the gate summary. */
export type GateState = 'passed' | 'blocked';

/**
 * An epic's gate state as Jira indexes it for search (the value of the app's read-only custom field).
 * The gate never reads it (validators and the panel compute from Jira and storage every time). Only
 * the app writes it. It holds no personal data: no account id (Jira indexes every value for JQL;
 * Atlassian's entity-property guide and the user privacy guide ask apps to keep personal data out of
 * what the product indexes).
 */
export interface GateSummary {
  v: 1;
  /** Percent of duties and deliverables done or waived (0–100). */
  readiness: number;
  entryGate: GateState;
  exitGate: GateState;
  /** What still blocks Done: each open mandatory item and each other unmet mandatory exit condition. */
  blockers: number;
  /** The same blockers, by the role that must act. */
  blockersByRole: Partial<Record<RoleId, number>>;
  /** Roles with at least one blocker (JQL: `Kayttoonotto.actRoles = architect`). */
  actRoles: RoleId[];
  /** Roles with nobody named. */
  unfilledRoles: RoleId[];
  /** Waiver requests waiting for a decision. */
  pendingWaivers: number;
  templateVersion: string;
  /** When the phase started: `YYYY-MM-DDThh:mm:ssZ`, no fractions of a second (the JQL date-time format). */
  phaseStart: string | null;
  /** When this summary last changed, in the same format. */
  lastChange: string;
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
  /** The epic's Jira due date (`duedate`): the planned go-live. */
  dueDate?: string;
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
  /** Per attestation condition id that takes evidence: change its evidence link (who may confirm it, or a project admin). */
  changeEvidence?: Record<string, ActionPermission>;
  requestWaiver: ActionPermission;
  decideWaiver: ActionPermission;
  /** Waive the entry gate, or revoke that waiver (the steering group's person only). */
  waiveEntryGate?: ActionPermission;
  /** Pick which of a role's people gets the role's items (core/permissions.ts mayPickRoleAssignee). */
  pickRoleAssignee?: ActionPermission;
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
  /** Daily reminders of overdue work and escalation to the project manager (issue 24); absent: the defaults (core/reminders.ts). */
  reminders?: ReminderSettings;
  updatedAt?: string;
  updatedBy?: string;
}

export interface ReminderSettings {
  /** Whether the daily reminders are sent. */
  enabled: boolean;
  /** An item overdue by more than this many days is also reported to the project manager. */
  escalationDays: number;
}

/** An epic's phase as the core judges it: what the panel shows (src/shared/api.ts PanelView extends
 * it) and what the closure dossier records (src/core/dossier.ts). */
export interface PhaseSnapshot {
  epic: EpicSummary;
  /** The template version this epic uses (the project's current one before the phase starts). */
  template: TemplateInput;
  phase: PhaseRecord | null;
  status: PhaseStatus;
  roster: Roster;
  /** The further people of each role (several per role); absent or empty: one person per role. */
  members?: RosterMembers;
  readiness: Readiness;
  gates: { entry: GateEvaluation; exit: GateEvaluation };
  /** The steering group's waiver of the entry gate, when one holds. */
  entryGateWaiver: EntryGateWaiverRecord | null;
  attestations: AttestationRecord[];
  waivers: WaiverRecord[];
  /** Effective owner role of each item (deliverable owners may be overridden per project). */
  itemRoles: Record<string, RoleId>;
}
