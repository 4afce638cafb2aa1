/**
 * The panel's use cases: read the phase, attest, revoke, waive, change the roster and risk level.
 * Every action reads the epic as the caller (asUser: Jira decides whether the caller may see it),
 * then checks the caller's role on the epic with the same pure rules the panel shows.
 */
import type { AttestationRecord, PanelView, Readiness, RiskAcceptanceInput, Roster, SpawnReport, WaiverRecord } from '../shared/api';
import type { RiskLevel } from '../core/domain';
import { mayWaiveEntryGate, phaseStatus } from '../core/gate';
import { utcDay } from '../core/dates';
import { callerRoles, mayDecideWaiver, panelPermissions, type CallerFacts } from '../core/permissions';
import { approvalsVoidedBy, confirmingRole, isApprovalVoid, roleHolders, rosterChangeBlock, waiverMayBeRequested } from '../core/rules';
import { isDeploymentEpic, itemRolesOf } from '../core/settings';
import type { Locale, LocalizedText, RoleId, Template } from '../core/template/schema';
import { assignIssue, getMyPermissions } from '../jira/client';
import { JiraError } from '../jira/errors';
import * as store from '../storage/store';
import { AppError, M } from './errors';
import { loadPhase, verdictsOf, type PhaseSnapshot } from './epic';
import { spawnPhase, type SpawnReason } from './spawn';
import { requireAssignable } from './users';
import { approvalVoidedNotice, notifyPeople, waiverDeciders, waiverRequestNotice } from './notify';
import { recordConfirmation, restedOnOf, revocable } from './governance/confirm';
import * as gov from '../storage/governance';
import { standingForOf } from './governance/stand-ins';
import { refreshAfterLapse, refreshSummary } from './summary';
import { newerVersionOf } from './template-catalog';
import { l10n, perLocale } from '../core/messages';

export interface Caller {
  accountId: string;
  locale: Locale;
}

/** The epic a panel runs on: the issue id from the Forge context is its identity; the key must name the same issue. */
export interface EpicRef {
  id: string;
  key: string;
}

export interface Loaded {
  loaded: PhaseSnapshot;
  state: store.EpicState;
  settings: Awaited<ReturnType<typeof store.getProjectSettings>>;
  template: Template;
  readiness: Readiness;
  /** The people on the epic's roster whose stand-in the caller is today. */
  standingFor: string[];
}

/** The epic as the caller sees it, through the same loader as the workflow validators. */
async function load(caller: Caller, ref: EpicRef): Promise<Loaded> {
  void caller;
  let loaded: PhaseSnapshot;
  try {
    loaded = await loadPhase('user', ref);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden'))
      throw new AppError('NOT_FOUND', M.epicNotFound, [], { cause: e });
    throw e;
  }
  const standingFor = await standingForOf(caller.accountId, loaded.state, loaded.judgedAt.slice(0, 10));
  return { loaded, state: loaded.state, settings: loaded.settings, template: loaded.template, readiness: loaded.readiness, standingFor };
}

async function jiraFacts(projectId: string): Promise<CallerFacts['jira']> {
  const p = await getMyPermissions({ projectId, permissions: ['CREATE_ISSUES', 'EDIT_ISSUES', 'ADMINISTER_PROJECTS'] });
  return { createIssues: !!p.CREATE_ISSUES, editIssues: !!p.EDIT_ISSUES, administerProject: !!p.ADMINISTER_PROJECTS };
}

function facts(caller: Caller, l: Loaded, jira: CallerFacts['jira']): CallerFacts {
  return {
    accountId: caller.accountId,
    roster: l.state.roster,
    members: l.state.members,
    standingFor: l.standingFor,
    phaseStarted: !!l.state.meta,
    enabled: !!l.settings?.enabled,
    spawnComplete: l.state.spawn?.state === 'complete',
    jira,
  };
}

/** Everything the panel needs for its first render: one search and one permission check in Jira. */
export async function getPanel(caller: Caller, ref: EpicRef, sentLocale?: string): Promise<PanelView> {
  // The person's Jira language, for the workflow validator's answer (store.userLocaleKey); never fails the panel.
  const remembered = sentLocale ? store.rememberUserLocale(caller.accountId, sentLocale).catch(() => undefined) : undefined;
  const l = await load(caller, ref);
  const jira = await jiraFacts(l.loaded.epic.projectId);
  const verdicts = verdictsOf(l.loaded);
  const { entry, exit } = verdicts;
  const meta = l.state.meta;
  const [audit, newer] = await Promise.all([
    store.readAudit(l.loaded.epic.id, 20),
    // A closed phase keeps its version: no upgrade is offered.
    meta && l.loaded.epic.statusCategory !== 'done' ? newerVersionOf(meta.projectId, meta.templateId, meta.templateVersion) : null,
  ]);
  await refreshAfterLapse(l.loaded.epic.id, l.readiness, l.loaded.judgedAt.slice(0, 10));
  await remembered;
  const { hierarchyLevel: _h, issueTypeId: _t, ...epic } = l.loaded.epic;
  return {
    epic,
    enabled: !!l.settings?.enabled,
    isDeploymentEpic: isDeploymentEpic(l.settings, l.loaded.epic),
    template: l.template,
    newerTemplate: meta && newer ? { templateId: meta.templateId, version: newer } : null,
    phase: store.toPhaseRecord(l.state),
    status: phaseStatus({ started: !!l.state.meta, epicStatusCategory: l.loaded.epic.statusCategory, done: verdicts.done }),
    roster: l.state.roster,
    readiness: l.readiness,
    gates: { entry, exit },
    entryGateWaiver: l.loaded.entryGateWaiver,
    attestations: l.state.attestations,
    waivers: l.state.waivers,
    permissions: {
      ...panelPermissions(l.template, facts(caller, l, jira), caller.locale),
      waiveEntryGate: mayWaiveEntryGate(facts(caller, l, jira), caller.locale),
    },
    callerRoles: callerRoles(caller.accountId, l.state.roster, l.state.members),
    members: l.state.members,
    standingFor: l.standingFor,
    callerAccountId: caller.accountId,
    auditTail: audit.entries,
    itemRoles: itemRolesOf(l.template, l.settings),
    today: l.loaded.judgedAt.slice(0, 10),
    unmappedChildren: l.loaded.otherChildren,
  };
}

function deny(reason: string | undefined): never {
  throw new AppError('FORBIDDEN', reason ? perLocale(() => reason) : M.jiraForbidden);
}

/** Loads, and checks one permission of the panel's rules. Jira permissions are read only when needed. */
export async function authorize(
  caller: Caller,
  epic: EpicRef,
  pick: (p: ReturnType<typeof panelPermissions>) => { allowed: boolean; reason?: string } | undefined,
  needJira = false,
  /** The epic as the caller already read it in this invocation, so it is not read twice. */
  preloaded?: Loaded,
): Promise<Loaded & { jira: CallerFacts['jira'] }> {
  const l = preloaded ?? (await load(caller, epic));
  if (!l.settings?.enabled) throw new AppError('NOT_ENABLED', M.notEnabled);
  if (!l.state.meta) throw new AppError('NOT_ENABLED', M.notStarted);
  const jira = needJira ? await jiraFacts(l.loaded.epic.projectId) : { createIssues: false, editIssues: false, administerProject: false };
  const perm = pick(panelPermissions(l.template, facts(caller, l, jira), caller.locale));
  if (!perm) throw new AppError('INVALID_INPUT', P.unknownCondition, [P.unknownCondition]);
  if (!perm.allowed) deny(perm.reason);
  return { ...l, jira };
}

/** Problems with a payload that only the template and the epic's state can tell, in three languages. */
const P = {
  unknownCondition: l10n('server.phase.unknownCondition'),
  unknownItem: l10n('server.phase.unknownItem'),
  evidenceRequired: l10n('server.phase.evidenceRequired'),
  approvalNotTaken: l10n('server.phase.approvalNotTaken'),
  approvalRequired: l10n('server.phase.approvalRequired'),
  approvalRiskMismatch: (current: string) => l10n('server.phase.approvalRiskLevelMismatch', { current }),
  notConfirmed: l10n('server.phase.notConfirmed'),
  waiverExists: l10n('server.phase.waiverExists'),
  noOpenWaiver: l10n('server.phase.noOpenWaiver'),
  waiverRaced: l10n('server.phase.waiverRaced'),
  expiryOnlyWithApproval: l10n('server.phase.expiryOnlyWithApproval'),
  badCursor: l10n('server.phase.badCursor'),
};

/**
 * Confirms a condition. An `approval` is taken only by the condition that takes a risk acceptance
 * (and that condition's roles are the only ones that may confirm it). Confirming twice records
 * once; confirming a void approval again records a fresh approval at the epic's current risk level
 * (the void record is kept in the audit entry's `before`).
 */
export async function attest(
  caller: Caller,
  epic: EpicRef,
  input: { conditionId: string; evidenceUrl?: string; comment?: string; approval?: RiskAcceptanceInput; onBehalfOf?: string },
): Promise<AttestationRecord> {
  const l0 = await load(caller, epic);
  const condition = [...l0.template.gates.entry.conditions, ...l0.template.gates.exit.conditions].find((c) => c.id === input.conditionId);
  if (!condition || condition.kind !== 'attestation')
    throw new AppError('INVALID_INPUT', P.unknownCondition, [`conditionId: ${input.conditionId}`]);
  const problems: LocalizedText[] = [];
  if (condition.evidence === 'required' && !input.evidenceUrl) problems.push(P.evidenceRequired);
  if (condition.approval === 'risk-acceptance') {
    if (!input.approval) problems.push(P.approvalRequired);
    else if (l0.state.riskLevel && isApprovalVoid(input.approval, l0.state.riskLevel))
      problems.push(P.approvalRiskMismatch(l0.state.riskLevel));
  } else if (input.approval) {
    problems.push(P.approvalNotTaken);
  }
  if (problems.length) throw new AppError('INVALID_INPUT', problems[0] ?? M.invalidInput, problems);
  const l = await authorize(caller, epic, (p) => p.attest[input.conditionId], false, l0);
  // A stand-in confirms in the absent person's role ("A for B"), only while that person's stand-in holds.
  const principal = input.onBehalfOf && l.standingFor.includes(input.onBehalfOf) ? input.onBehalfOf : caller.accountId;
  const asRole = confirmingRole(condition, principal, l.state.roster, l.state.members);
  if (!asRole || (input.onBehalfOf && principal !== input.onBehalfOf)) deny(undefined);
  const record: AttestationRecord = {
    conditionId: condition.id,
    attestedBy: caller.accountId,
    ...(principal !== caller.accountId ? { onBehalfOf: principal } : {}),
    attestedAt: new Date().toISOString(),
    asRole,
    ...(input.evidenceUrl ? { evidenceUrl: input.evidenceUrl } : {}),
    ...(input.comment ? { comment: input.comment } : {}),
    ...(input.approval ? { approval: { ...input.approval } } : {}),
    ...restedOnOf(condition, l.readiness),
  };
  const epicId = l.loaded.epic.id;
  let riskLevel = l.state.riskLevel;
  if (record.approval && !riskLevel) {
    // The approval fixes the epic's risk level if none was recorded yet.
    riskLevel = record.approval.riskLevel;
    await store.setRiskLevel(epicId, riskLevel);
    await store.appendAudit(epicId, { by: caller.accountId, action: 'risk.changed', before: null, after: riskLevel });
  }
  // Once per person; a void or stale one of one's own is replaced (never answers success with one that does not count).
  const result = await recordConfirmation(epicId, l.state.attestations, condition, record, riskLevel, l.readiness);
  await refreshSummary(l.loaded.epic.id);
  return result.record;
}

export async function revokeAttestation(
  caller: Caller,
  epic: EpicRef,
  input: { conditionId: string; reason: string },
): Promise<{ conditionId: string }> {
  const l = await authorize(caller, epic, (p) => p.attest[input.conditionId]);
  // One's own confirmation (a quorum's further ones are each their giver's), else the condition's first.
  const at = revocable(l.state.attestations, input.conditionId, caller.accountId);
  const existing = await gov.getConfirmation(l.loaded.epic.id, at);
  if (!existing) throw new AppError('CONFLICT', P.notConfirmed);
  await gov.deleteConfirmation(l.loaded.epic.id, existing);
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: 'attestation.revoked',
    subject: input.conditionId,
    before: existing,
    after: { reason: input.reason },
  });
  await refreshSummary(l.loaded.epic.id);
  return { conditionId: input.conditionId };
}

function requireItem(l: Loaded, itemId: string): void {
  if (!l.template.items.some((i) => i.id === itemId)) throw new AppError('INVALID_INPUT', P.unknownItem, [`itemId: ${itemId}`]);
}

/** Asks for a waiver; the reason is already normalised and at least 5 characters (schemas.ts). */
export async function requestWaiver(caller: Caller, epic: EpicRef, input: { itemId: string; reason: string }): Promise<WaiverRecord> {
  const l = await authorize(caller, epic, (p) => p.requestWaiver);
  requireItem(l, input.itemId);
  const existing = await store.getWaiver(l.loaded.epic.id, input.itemId);
  // A rejected request, or an approval whose expiry has passed, may be asked for again.
  if (!waiverMayBeRequested(existing, utcDay(l.loaded.judgedAt))) throw new AppError('CONFLICT', P.waiverExists);
  const waiver: WaiverRecord = {
    itemId: input.itemId,
    reason: input.reason,
    requestedBy: caller.accountId,
    requestedAt: new Date().toISOString(),
    status: 'requested',
  };
  const ok = await store.putWaiver(l.loaded.epic.id, waiver, !existing);
  if (!ok) throw new AppError('CONFLICT', P.waiverExists);
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: 'waiver.requested',
    subject: input.itemId,
    before: existing ?? null,
    after: waiver,
  });
  await notifyPeople(
    l.loaded.epic.key,
    waiverDeciders(l.state.roster, caller.accountId, l.state.members),
    waiverRequestNotice(l.template, l.loaded.epic.key, input.itemId, waiver.reason),
  );
  await refreshSummary(l.loaded.epic.id);
  return waiver;
}

export async function decideWaiver(
  caller: Caller,
  epic: EpicRef,
  input: { itemId: string; approve: boolean; comment?: string; expiresOn?: string },
): Promise<WaiverRecord> {
  if (input.expiresOn !== undefined && !input.approve)
    throw new AppError('INVALID_INPUT', P.expiryOnlyWithApproval, [P.expiryOnlyWithApproval]);
  const l = await authorize(caller, epic, (p) => p.decideWaiver);
  requireItem(l, input.itemId);
  const existing = await store.getWaiver(l.loaded.epic.id, input.itemId);
  if (!existing || existing.status !== 'requested') throw new AppError('CONFLICT', P.noOpenWaiver);
  const perm = mayDecideWaiver({ allowed: true }, existing, caller.accountId, caller.locale);
  if (!perm.allowed)
    throw new AppError(
      'FORBIDDEN',
      perLocale(() => perm.reason ?? ''),
    );
  const decided: WaiverRecord = {
    ...existing,
    status: input.approve ? 'approved' : 'rejected',
    decidedBy: caller.accountId,
    decidedAt: new Date().toISOString(),
    ...(input.comment ? { decisionComment: input.comment } : {}),
    // The schema checked the day against today (UTC); the waiver counts through it (core/readiness.ts).
    ...(input.approve && input.expiresOn ? { expiresOn: input.expiresOn } : {}),
  };
  // One decision per request, even when two people decide at the same moment.
  if (!(await store.claimWaiverDecision(l.loaded.epic.id, existing, decided))) throw new AppError('CONFLICT', P.waiverRaced);
  await store.putWaiver(l.loaded.epic.id, decided, false);
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: input.approve ? 'waiver.approved' : 'waiver.rejected',
    subject: input.itemId,
    before: existing,
    after: decided,
  });
  await refreshSummary(l.loaded.epic.id);
  return decided;
}

export async function setRisk(
  caller: Caller,
  epic: EpicRef,
  input: { riskLevel: RiskLevel },
): Promise<{ riskLevel: string; voidedApprovals: string[] }> {
  const riskLevel = input.riskLevel;
  const l = await authorize(caller, epic, (p) => p.setRiskLevel);
  const before = l.state.riskLevel;
  if (before === riskLevel) return { riskLevel, voidedApprovals: [] };
  await store.setRiskLevel(l.loaded.epic.id, riskLevel);
  // The approvals this change made void (not the ones void already): the answer, and the steering group's notice.
  const voided = approvalsVoidedBy(l.state.attestations, before, riskLevel);
  await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'risk.changed', before, after: riskLevel });
  const steering = roleHolders(l.state.roster, l.state.members, 'steering-group');
  if (voided.length > 0 && steering.length > 0) {
    await notifyPeople(
      l.loaded.epic.key,
      steering,
      approvalVoidedNotice(l.template, l.loaded.epic.key, voided, { before: before ?? '–', after: riskLevel }),
    );
  }
  await refreshSummary(l.loaded.epic.id);
  return { riskLevel, voidedApprovals: voided };
}

const ROSTER_RULES = {
  self: l10n('server.phase.rosterSelf'),
  steering: l10n('server.phase.rosterSteering'),
};

/** Changes a role's person; that role's open children are reassigned (closed ones never).
 * Nobody names themselves to a role they do not hold (unless a project admin), and the steering
 * group's person — who accepts the risk — is changed only by that person or a project admin.
 * The person must be an active, assignable user of the epic's project (checked in Jira before
 * anything changes). */
export async function setRosterMember(
  caller: Caller,
  epic: EpicRef,
  input: { role: RoleId; accountId: string | null },
): Promise<{ roster: Roster; reassigned: number; failed: string[] }> {
  const l = await authorize(caller, epic, (p) => p.editRoster, true);
  const before = l.state.roster[input.role] ?? null;
  const after = input.accountId;
  if (before === after) return { roster: l.state.roster, reassigned: 0, failed: [] };
  const block = rosterChangeBlock({ by: caller.accountId, role: input.role, before, after, admin: l.jira.administerProject });
  if (block) throw new AppError('FORBIDDEN', ROSTER_RULES[block]);
  if (after) await requireAssignable('user', { id: l.loaded.epic.projectId, key: l.loaded.epic.projectKey }, after, 'accountId');
  await store.setRosterMember(l.loaded.epic.id, input.role, after);
  await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'roster.changed', subject: input.role, before, after });
  const roles = itemRolesOf(l.template, l.settings);
  const toReassign = l.readiness.items.filter((i) => roles[i.itemId] === input.role && i.child && i.child.statusCategory !== 'done');
  let reassigned = 0;
  const failed: string[] = [];
  for (const item of toReassign) {
    if (!item.child || item.child.assigneeAccountId === after) continue;
    try {
      await assignIssue('user', item.child.key, after);
      reassigned++;
    } catch (e) {
      failed.push(`${item.child.key}: ${e instanceof JiraError ? e.messages.join('; ') || e.kind : 'failed'}`);
    }
  }
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: 'children.reassigned',
    subject: input.role,
    after: { reassigned, failed },
  });
  await refreshSummary(l.loaded.epic.id);
  return { roster: { ...l.state.roster, [input.role]: after ?? undefined }, reassigned, failed };
}

/** KVS refuses a cursor it did not give out with a 400 (ForgeKvsAPIError). */
function isRefusedCursor(e: unknown): boolean {
  const err = e as { responseDetails?: { status?: unknown }; code?: unknown } | null;
  return err?.responseDetails?.status === 400 || err?.code === 'BAD_REQUEST' || err?.code === 'INVALID_CURSOR';
}

export async function getAudit(caller: Caller, epic: EpicRef, cursor?: string) {
  const l = await load(caller, epic);
  try {
    return await store.readAudit(l.loaded.epic.id, 50, cursor);
  } catch (e) {
    if (cursor && isRefusedCursor(e)) throw new AppError('INVALID_INPUT', P.badCursor, [], { cause: e });
    throw e;
  }
}

/**
 * Starts the phase (or re-creates missing children). Spawning reads the epic by key and refuses,
 * before it writes anything, when that issue's id is not the context's id (services/spawn.ts).
 */
export async function startPhase(caller: Caller, epic: EpicRef, reason: Extract<SpawnReason, 'manual' | 'resync'>): Promise<SpawnReport> {
  return spawnPhase({ actor: 'user', requestedBy: caller.accountId, epicKey: epic.key, epicId: epic.id, reason });
}
