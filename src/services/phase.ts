/**
 * The panel's use cases: read the phase, attest, revoke, waive, change the roster and risk level.
 * Every action reads the epic as the caller (asUser: Jira decides whether the caller may see it),
 * then checks the caller's role on the epic with the same pure rules the panel shows.
 */
import type {
  AttestationRecord,
  PanelView,
  Readiness,
  RiskAcceptance,
  Roster,
  WaiverRecord,
} from '../shared/api';
import { evaluateGate, phaseStatus } from '../core/gate';
import { callerRoles, mayDecideWaiver, panelPermissions, type CallerFacts } from '../core/permissions';
import { isDeploymentEpic, itemRolesOf } from '../core/settings';
import { templateAndReadiness } from './templates';
import type { Locale, RoleId, Template } from '../core/template/schema';
import { assignIssue, getMyPermissions, getUsersBulk } from '../jira/client';
import { JiraError } from '../jira/errors';
import * as store from '../storage/store';
import { AppError, M, msg } from './errors';
import { loadEpicWithChildren, type EpicWithChildren } from './epic';

export interface Caller {
  accountId: string;
  locale: Locale;
}

interface Loaded {
  loaded: EpicWithChildren;
  state: store.EpicState;
  settings: Awaited<ReturnType<typeof store.getProjectSettings>>;
  template: Template;
  readiness: Readiness;
}

async function load(caller: Caller, epicKey: string): Promise<Loaded> {
  let loaded: EpicWithChildren;
  try {
    loaded = await loadEpicWithChildren('user', epicKey);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden')) throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  const [state, settings] = await Promise.all([store.readEpicState(loaded.epic.id), store.getProjectSettings(loaded.epic.projectId)]);
    const { template, readiness } = await templateAndReadiness(loaded.children, state, settings, loaded.epic);
  return { loaded, state, settings, template, readiness };
}

async function jiraFacts(projectId: string): Promise<CallerFacts['jira']> {
  const p = await getMyPermissions({ projectId, permissions: ['CREATE_ISSUES', 'EDIT_ISSUES', 'ADMINISTER_PROJECTS'] });
  return { createIssues: !!p.CREATE_ISSUES, editIssues: !!p.EDIT_ISSUES, administerProject: !!p.ADMINISTER_PROJECTS };
}

function facts(caller: Caller, l: Loaded, jira: CallerFacts['jira']): CallerFacts {
  return {
    accountId: caller.accountId,
    roster: l.state.roster,
    phaseStarted: !!l.state.meta,
    enabled: !!l.settings?.enabled,
    spawnComplete: l.state.spawn?.state === 'complete',
    jira,
  };
}

/** Everything the panel needs for its first render: one search and one permission check in Jira. */
export async function getPanel(caller: Caller, epicKey: string): Promise<PanelView> {
  const l = await load(caller, epicKey);
  const jira = await jiraFacts(l.loaded.epic.projectId);
  const gateInput = {
    template: l.template,
    readiness: l.readiness,
    roster: l.state.roster,
    attestations: l.state.attestations,
    riskLevel: l.state.riskLevel,
  };
  const entry = evaluateGate({ ...gateInput, gate: 'entry' });
  const exit = evaluateGate({ ...gateInput, gate: 'exit' });
  const audit = await store.readAudit(l.loaded.epic.id, 20);
  const { hierarchyLevel: _h, issueTypeId: _t, ...epic } = l.loaded.epic;
  return {
    epic,
    enabled: !!l.settings?.enabled,
    isDeploymentEpic: isDeploymentEpic(l.settings, l.loaded.epic),
    template: l.template,
    phase: store.toPhaseRecord(l.state),
    status: phaseStatus({ started: !!l.state.meta, epicStatusCategory: l.loaded.epic.statusCategory, exitGate: exit }),
    roster: l.state.roster,
    readiness: l.readiness,
    gates: { entry, exit },
    attestations: l.state.attestations,
    waivers: l.state.waivers,
    permissions: panelPermissions(l.template, facts(caller, l, jira), caller.locale),
    callerRoles: callerRoles(caller.accountId, l.state.roster),
    callerAccountId: caller.accountId,
    auditTail: audit.entries,
    itemRoles: itemRolesOf(l.template, l.settings),
  };
}

function deny(reason: string | undefined): never {
  throw new AppError('FORBIDDEN', reason ? msg(reason, reason, reason) : M.jiraForbidden);
}

/** Loads, and checks one permission of the panel's rules. Jira permissions are read only when needed. */
async function authorize(
  caller: Caller,
  epicKey: string,
  pick: (p: ReturnType<typeof panelPermissions>) => { allowed: boolean; reason?: string } | undefined,
  needJira = false,
  /** The epic as the caller already read it in this invocation, so it is not read twice. */
  preloaded?: Loaded,
): Promise<Loaded & { jira: CallerFacts['jira'] }> {
  const l = preloaded ?? (await load(caller, epicKey));
  if (!l.settings?.enabled) throw new AppError('NOT_ENABLED', M.notEnabled);
  if (!l.state.meta) throw new AppError('NOT_ENABLED', M.notStarted);
  const jira = needJira ? await jiraFacts(l.loaded.epic.projectId) : { createIssues: false, editIssues: false, administerProject: false };
  const perm = pick(panelPermissions(l.template, facts(caller, l, jira), caller.locale));
  if (!perm) throw new AppError('INVALID_INPUT', M.invalidInput, ['unknown condition or item']);
  if (!perm.allowed) deny(perm.reason);
  return { ...l, jira };
}

const URL_RE = /^https?:\/\/[^\s]+$/i;

export async function attest(
  caller: Caller,
  epicKey: string,
  input: { conditionId: string; evidenceUrl?: string; comment?: string; approval?: RiskAcceptance },
): Promise<AttestationRecord> {
  const l0 = await load(caller, epicKey);
  const condition = [...l0.template.gates.entry.conditions, ...l0.template.gates.exit.conditions].find((c) => c.id === input.conditionId);
  if (!condition || condition.kind !== 'attestation') {
    throw new AppError('INVALID_INPUT', M.invalidInput, [`conditionId: "${input.conditionId}" is not a condition that is confirmed by a person`]);
  }
  const problems: string[] = [];
  if (input.evidenceUrl && !URL_RE.test(input.evidenceUrl)) problems.push('evidenceUrl: must be an http(s) address');
  if (condition.evidence === 'required' && !input.evidenceUrl) problems.push('evidenceUrl: this condition needs an evidence link');
  if (condition.approval === 'risk-acceptance') {
    const a = input.approval;
    if (!a?.riskLevel?.trim()) problems.push('approval.riskLevel: required');
    if (!a?.securityLevel?.trim()) problems.push('approval.securityLevel: required');
    if (!a?.dataProtectionLevel?.trim()) problems.push('approval.dataProtectionLevel: required');
    if (a?.riskLevel && l0.state.riskLevel && a.riskLevel.trim() !== l0.state.riskLevel) {
      problems.push(`approval.riskLevel: the epic's risk level is "${l0.state.riskLevel}"; approve that level or change the epic's risk level first`);
    }
  }
  if (problems.length) throw new AppError('INVALID_INPUT', M.invalidInput, problems);
  const l = await authorize(caller, epicKey, (p) => p.attest[input.conditionId], false, l0);
  const roles = callerRoles(caller.accountId, l.state.roster).filter((r) => condition.attestRoles.includes(r));
  const asRole = roles[0];
  if (!asRole) deny(undefined);
  const record: AttestationRecord = {
    conditionId: condition.id,
    attestedBy: caller.accountId,
    attestedAt: new Date().toISOString(),
    asRole,
    ...(input.evidenceUrl ? { evidenceUrl: input.evidenceUrl } : {}),
    ...(input.comment?.trim() ? { comment: input.comment.trim().slice(0, 2000) } : {}),
    ...(input.approval
      ? {
          approval: {
            riskLevel: input.approval.riskLevel.trim(),
            securityLevel: input.approval.securityLevel.trim(),
            dataProtectionLevel: input.approval.dataProtectionLevel.trim(),
          },
        }
      : {}),
  };
  if (record.approval && !l.state.riskLevel) {
    // The approval fixes the epic's risk level if none was recorded yet.
    await store.setRiskLevel(l.loaded.epic.id, record.approval.riskLevel);
    await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'risk.changed', before: null, after: record.approval.riskLevel });
  }
  const result = await store.addAttestation(l.loaded.epic.id, record);
  if (result.created) {
    await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'attestation.added', subject: condition.id, after: record });
  }
  return result.record;
}

export async function revokeAttestation(caller: Caller, epicKey: string, input: { conditionId: string; reason: string }): Promise<{ conditionId: string }> {
  if (!input.reason?.trim()) throw new AppError('INVALID_INPUT', M.invalidInput, ['reason: write why the confirmation is revoked']);
  const l = await authorize(caller, epicKey, (p) => p.attest[input.conditionId]);
  const existing = await store.getAttestation(l.loaded.epic.id, input.conditionId);
  if (!existing) throw new AppError('CONFLICT', msg('Ehtoa ei ole vahvistettu.', 'Villkoret är inte bekräftat.', 'The condition is not confirmed.'));
  await store.deleteAttestation(l.loaded.epic.id, input.conditionId);
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: 'attestation.revoked',
    subject: input.conditionId,
    before: existing,
    after: { reason: input.reason.trim() },
  });
  return { conditionId: input.conditionId };
}

export async function requestWaiver(caller: Caller, epicKey: string, input: { itemId: string; reason: string }): Promise<WaiverRecord> {
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 5) throw new AppError('INVALID_INPUT', M.invalidInput, ['reason: a waiver needs a written reason (at least 5 characters)']);
  const l = await authorize(caller, epicKey, (p) => p.requestWaiver);
  if (!l.template.items.some((i) => i.id === input.itemId)) throw new AppError('INVALID_INPUT', M.invalidInput, [`itemId: unknown item "${input.itemId}"`]);
  const existing = await store.getWaiver(l.loaded.epic.id, input.itemId);
  if (existing && existing.status !== 'rejected') {
    throw new AppError('CONFLICT', msg('Kohdalle on jo poikkeuspyyntö.', 'Punkten har redan en begäran om undantag.', 'The item already has a waiver request.'));
  }
  const waiver: WaiverRecord = { itemId: input.itemId, reason: reason.slice(0, 2000), requestedBy: caller.accountId, requestedAt: new Date().toISOString(), status: 'requested' };
  const ok = await store.putWaiver(l.loaded.epic.id, waiver, !existing);
  if (!ok) throw new AppError('CONFLICT', msg('Kohdalle on jo poikkeuspyyntö.', 'Punkten har redan en begäran om undantag.', 'The item already has a waiver request.'));
  await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'waiver.requested', subject: input.itemId, before: existing ?? null, after: waiver });
  return waiver;
}

export async function decideWaiver(caller: Caller, epicKey: string, input: { itemId: string; approve: boolean; comment?: string }): Promise<WaiverRecord> {
  const l = await authorize(caller, epicKey, (p) => p.decideWaiver);
  const existing = await store.getWaiver(l.loaded.epic.id, input.itemId);
  if (!existing || existing.status !== 'requested') {
    throw new AppError('CONFLICT', msg('Poikkeuspyyntöä ei ole tai se on jo käsitelty.', 'Det finns ingen öppen begäran om undantag.', 'There is no open waiver request.'));
  }
  const perm = mayDecideWaiver({ allowed: true }, existing, caller.accountId, caller.locale);
  if (!perm.allowed) throw new AppError('FORBIDDEN', msg(perm.reason ?? '', perm.reason ?? '', perm.reason ?? ''));
  const decided: WaiverRecord = {
    ...existing,
    status: input.approve ? 'approved' : 'rejected',
    decidedBy: caller.accountId,
    decidedAt: new Date().toISOString(),
    ...(input.comment?.trim() ? { decisionComment: input.comment.trim().slice(0, 2000) } : {}),
  };
  // One decision per request, even when two people decide at the same moment.
  if (!(await store.claimWaiverDecision(l.loaded.epic.id, existing, decided))) {
    throw new AppError('CONFLICT', msg('Joku muu ehti jo käsitellä pyynnön.', 'Någon annan har redan beslutat om begäran.', 'Someone else has already decided this request.'));
  }
  await store.putWaiver(l.loaded.epic.id, decided, false);
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: input.approve ? 'waiver.approved' : 'waiver.rejected',
    subject: input.itemId,
    before: existing,
    after: decided,
  });
  return decided;
}

export async function setRisk(caller: Caller, epicKey: string, input: { riskLevel: string }): Promise<{ riskLevel: string; voidedApprovals: string[] }> {
  const riskLevel = input.riskLevel?.trim() ?? '';
  if (!riskLevel || riskLevel.length > 200) throw new AppError('INVALID_INPUT', M.invalidInput, ['riskLevel: 1–200 characters']);
  const l = await authorize(caller, epicKey, (p) => p.setRiskLevel);
  const before = l.state.riskLevel;
  if (before === riskLevel) return { riskLevel, voidedApprovals: [] };
  await store.setRiskLevel(l.loaded.epic.id, riskLevel);
  const voided = l.state.attestations.filter((a) => a.approval && a.approval.riskLevel !== riskLevel).map((a) => a.conditionId);
  await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'risk.changed', before, after: riskLevel });
  return { riskLevel, voidedApprovals: voided };
}

const ROSTER_RULES = {
  self: msg(
    'Et voi nimetä itseäsi rooliin, jota sinulla ei ole. Pyydä projektin ylläpitäjää.',
    'Du kan inte utse dig själv till en roll som du inte har. Be en projektadministratör.',
    'You cannot name yourself to a role you do not hold. Ask a project admin.',
  ),
  steering: msg(
    'Johto-/ohjausryhmän edustajan voi vaihtaa vain nykyinen edustaja tai projektin ylläpitäjä.',
    'Endast nuvarande representant för lednings-/styrgruppen eller en projektadministratör kan byta den.',
    "Only the steering group's current member or a project admin can change the steering group's person.",
  ),
  unknownUser: msg('Käyttäjää ei löydy.', 'Användaren finns inte.', 'The user does not exist.'),
};

/** Changes a role's person; that role's open children are reassigned (closed ones never).
 * Nobody names themselves to a role they do not hold (unless a project admin), and the steering
 * group's person — who accepts the risk — is changed only by that person or a project admin. */
export async function setRosterMember(
  caller: Caller,
  epicKey: string,
  input: { role: RoleId; accountId: string | null },
): Promise<{ roster: Roster; reassigned: number; failed: string[] }> {
  const l = await authorize(caller, epicKey, (p) => p.editRoster, true);
  const before = l.state.roster[input.role] ?? null;
  const after = input.accountId?.trim() || null;
  if (before === after) return { roster: l.state.roster, reassigned: 0, failed: [] };
  const admin = l.jira.administerProject;
  if (!admin && after === caller.accountId) throw new AppError('FORBIDDEN', ROSTER_RULES.self);
  if (!admin && input.role === 'steering-group' && before && before !== caller.accountId) throw new AppError('FORBIDDEN', ROSTER_RULES.steering);
  if (after) {
    const found = await getUsersBulk('user', [after]);
    if (!found.some((u) => u.accountId === after && u.active !== false)) {
      throw new AppError('INVALID_INPUT', ROSTER_RULES.unknownUser, [`accountId: no active user "${after}"`]);
    }
  }
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
  await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'children.reassigned', subject: input.role, after: { reassigned, failed } });
  return { roster: { ...l.state.roster, [input.role]: after ?? undefined }, reassigned, failed };
}

export async function getAudit(caller: Caller, epicKey: string, cursor?: string) {
  const l = await load(caller, epicKey);
  return store.readAudit(l.loaded.epic.id, 50, cursor);
}

