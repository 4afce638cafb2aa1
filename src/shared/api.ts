/**
 * The contract between the app's resolvers (src/resolvers) and its Custom UI (static/).
 * Both import this file; nothing here does I/O.
 */
import type { GateId, RoleId, TemplateInput } from '../core/template/schema';
import type { ForgeLocale, RiskLevel } from '../core/domain';
import type { PortfolioContract } from './portfolio';
import type { TemplateResolverContract } from './templates';
import type { DuplicatesContract } from './duplicates';
import type { GovernanceContract } from './governance';

// ---------------------------------------------------------------------------------------------
// The envelope every resolver returns. Resolvers never throw to the UI.
// ---------------------------------------------------------------------------------------------
// The domain model (src/core/model.ts), re-exported as the API's types.
export type {
  ActionPermission,
  AttestationRecord,
  AuditEntry,
  ChildIssue,
  ConditionResult,
  ConditionStatus,
  EntryGateWaiverRecord,
  EpicSelector,
  EpicSummary,
  GateEvaluation,
  ItemState,
  ItemStateKind,
  PanelPermissions,
  PhaseRecord,
  PhaseSnapshot,
  PhaseStatus,
  Progress,
  ProjectSettings,
  Readiness,
  RiskAcceptance,
  RiskAcceptanceInput,
  Roster,
  RosterDefault,
  RosterMembers,
  SpawnState,
  SpawnStatus,
  SpawnWarning,
  StandInRecord,
  StatusCategory,
  WaiverRecord,
  WaiverStatus,
} from '../core/model';
import type {
  AttestationRecord,
  AuditEntry,
  EntryGateWaiverRecord,
  PanelPermissions,
  PhaseSnapshot,
  ProjectSettings,
  RiskAcceptanceInput,
  Roster,
  SpawnStatus,
  WaiverRecord,
} from '../core/model';

export { ERROR_CODES, type ApiError, type ErrorCode, type Result } from './envelope';

// ---------------------------------------------------------------------------------------------
// Views and resolver payloads
// ---------------------------------------------------------------------------------------------
export interface UserSummary {
  accountId: string;
  displayName: string;
  avatarUrl?: string;
  active: boolean;
}

export interface PanelView extends PhaseSnapshot {
  /** The template is enabled for the project. */
  enabled: boolean;
  /** The epic matches the project's deployment-epic rule. */
  isDeploymentEpic: boolean;
  /** A newer version of the epic's template the project has (the panel offers its upgrade preview); null when none or not started. */
  newerTemplate?: { templateId: string; version: string } | null;
  permissions: PanelPermissions;
  /** The caller's roles on this epic. */
  callerRoles: RoleId[];
  callerAccountId: string;
  /** The people on the roster whose stand-in the caller is today (the panel offers to confirm "for" them). */
  standingFor?: string[];
  auditTail: AuditEntry[];
  /** The day (`YYYY-MM-DD`, UTC) the server judged the phase on: waivers' expiry and review dates are read against it. */
  today?: string;
  /** Issues under the epic that the app's children map does not name (people's own, or copies of its children):
   * when there are any, the panel offers its duplicates section (resolver getDuplicates, src/shared/duplicates.ts). */
  unmappedChildren?: number;
}

/** Fingerprints of the units of the panel's view it holds: unit path → fingerprint (src/shared/panel-delta.ts). */
export type ViewPrints = Record<string, string>;

/** What a panel action answers with besides its own result: the parts of the view that changed (src/shared/panel-delta.ts). */
export interface PanelDelta {
  /** The template the view belongs to: when the panel holds another version, it reads the view again (getPanel). */
  template: { id: string; version: string };
  /** The units of the view that differ from the panel's (or that it lacks), whole; never the template. */
  units: Record<string, unknown>;
  /** Units the panel holds that the view no longer has. */
  removed: string[];
}

/** A panel action's payload: may carry the fingerprints of the view the panel holds (without them, every unit is answered). */
type Since<P> = P & { since?: ViewPrints };
/** A panel action's answer: its own result and the delta the panel applies. */
type WithDelta<R> = R & { delta: PanelDelta };

export interface SpawnReport {
  status: SpawnStatus;
  /** Items created by this call. */
  createdNow: number;
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
  /** The standard type the README names as the default child type (Task), preselected when none is chosen. */
  defaultChildIssueTypeId?: string | null;
  /** The template a new epic of the project gets (without a label rule): the project's own newest
   * saved version when there is one, else the built-in version chosen here; `items` is how many
   * work items it creates under each epic. */
  newEpicTemplate?: { templateId: string; version: string; source: 'built-in' | 'project'; items: number };
}

/** A payload with no fields (only the locale travels with it). */
export type EmptyPayload = { [K in never]: never };

/** Every resolver of the panel and the settings page: name → payload and result. */
export interface ResolverContract extends PortfolioContract, TemplateResolverContract, DuplicatesContract, GovernanceContract {
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
  /** `voidedApprovals`: the approvals this change made void (core/rules.ts approvalsVoidedBy), not ones void already. */
  setRiskLevel: { payload: { riskLevel: RiskLevel }; result: { riskLevel: string; voidedApprovals: string[] } };
  attest: {
    /** `approval` only on the condition that takes a risk acceptance. */
    payload: Since<{ conditionId: string; evidenceUrl?: string; comment?: string; approval?: RiskAcceptanceInput; onBehalfOf?: string }>;
    result: WithDelta<AttestationRecord>;
  };
  /** Changes a confirmed condition's evidence link: its confirmations with another link turn stale (issue #24).
   * `changed: false` when every live confirmation has this link already. */
  changeEvidence: {
    payload: Since<{ conditionId: string; evidenceUrl: string; onBehalfOf?: string }>;
    result: WithDelta<{ conditionId: string; evidenceUrl: string; changed: boolean; staled: number }>;
  };
  revokeAttestation: { payload: Since<{ conditionId: string; reason: string }>; result: WithDelta<{ conditionId: string }> };
  requestWaiver: { payload: Since<{ itemId: string; reason: string }>; result: WithDelta<WaiverRecord> };
  /** `expiresOn` (`YYYY-MM-DD`, UTC) only with an approval: the waiver counts through that day. */
  decideWaiver: {
    payload: Since<{ itemId: string; approve: boolean; comment?: string; expiresOn?: string }>;
    result: WithDelta<WaiverRecord>;
  };
  getAudit: { payload: { cursor?: string }; result: { entries: AuditEntry[]; nextCursor: string | null } };
  /** The closure dossier of a closed phase (src/shared/dossier.ts). */
  getDossier: { payload: EmptyPayload; result: import('./dossier').DossierResult };
  getDossierPdf: { payload: EmptyPayload; result: import('./dossier').DossierPdfResult };
  /** Checks a dossier file (its JSON text) against the app's own record of the dossiers it gave out: on the panel,
   * for the panel's epic; on the settings page, for any epic of the project (also one deleted since). */
  verifyDossier: { payload: { text: string }; result: import('./dossier').DossierCheck };
  waiveEntryGate: { payload: Since<{ reason: string; decisionRef?: string; reviewOn?: string }>; result: WithDelta<EntryGateWaiverRecord> };
  revokeEntryGateWaiver: { payload: Since<{ reason: string }>; result: WithDelta<{ revoked: true }> };
  completeItem: { payload: Since<{ itemId: string }>; result: WithDelta<CompleteItemResult> };
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
  'changeEvidence',
  'revokeAttestation',
  'requestWaiver',
  'decideWaiver',
  'getAudit',
  'getDossier',
  'getDossierPdf',
  'verifyDossier',
  'waiveEntryGate',
  'revokeEntryGateWaiver',
  'completeItem',
] as const satisfies readonly ResolverName[];
export const SETTINGS_RESOLVERS = [
  'getSettings',
  'saveSettings',
  'searchUsers',
  'getUsers',
  'verifyDossier',
] as const satisfies readonly ResolverName[];
