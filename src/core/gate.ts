/**
 * Gate evaluation: every condition of the entry or exit gate with pass/fail and a reason, the
 * verdict, and one message in fi, sv and en naming every unmet condition. The panel, the workflow
 * validators and the exports all call these functions, so they cannot disagree.
 *
 * The rules of the gate, in one place:
 * - an attestation counts only from an allowed role, with its evidence when required, and — for a
 *   risk acceptance — at the epic's current risk level: a void approval never counts, in any gate;
 * - the phase may start (a status in the In Progress category) when the entry gate passes or the
 *   steering group has waived it;
 * - the phase may end (any status in the Done category, whatever the transition is called) only
 *   when the exit gate passes AND the entry gate passed or was waived by the steering group.
 */
import type {
  AttestationRecord,
  ConditionResult,
  EntryGateWaiverRecord,
  GateEvaluation,
  PhaseStatus,
  Readiness,
  Roster,
  RosterMembers,
  StatusCategory,
} from './model';
import type { Condition, GateId, Locale, LocalizedText, RoleId, Template } from './template/schema';
import { l10n } from './server-texts';
import { perLocale } from './localize';
import {
  blocksItemsDone,
  conditionHolders,
  isApprovalVoid,
  isOpenItem,
  isQuorumUnreachable,
  isStale,
  mayConfirmAs,
  quorumCount,
  quorumOf,
} from './rules';

export interface GateInput {
  template: Template;
  gate: GateId;
  readiness: Readiness;
  roster: Roster;
  /** The further holders of each role (several people per role); none: one person per role. */
  members?: RosterMembers;
  attestations: readonly AttestationRecord[];
  /** The epic's current risk level; a risk acceptance recorded at another level is void. */
  riskLevel: string | null;
}

const T = {
  passedAutomatic: l10n('ui.gate.passed'),
  attested: l10n('ui.condition.status.attested'),
  notAttested: l10n('server.gate.notAttested'),
  evidenceMissing: l10n('server.gate.evidenceMissing'),
  attesterRoleInvalid: l10n('server.gate.attesterRoleInvalid'),
  approvalMissing: l10n('server.gate.approvalMissing'),
  approvalVoid: (given: string, current: string) => l10n('server.gate.approvalVoid', { given, current }),
  rosterMissing: l10n('server.gate.rosterMissing'),
  stale: l10n('server.gate.stale'),
  quorumMore: (more: number, counted: number, needed: number) => l10n('server.gate.quorumMore', { more, counted, needed }),
  quorumUnreachable: (holders: number) => l10n('server.gate.quorumUnreachable', { holders }),
  openItems: (count: number) => l10n('server.gate.openItems', { count }),
  missingChild: l10n('server.gate.missingChild'),
  header: {
    entry: l10n('server.gate.entry'),
    exit: l10n('server.gate.exit'),
  },
  entryNotSatisfied: l10n('server.gate.entryNotSatisfied'),
  whereToFix: l10n('server.gate.whereToFix'),
} as const;

/** How many open items a reason names before summarising the rest. */
export const MAX_ITEMS_NAMED = 40;

function roleNames(template: Template, roleIds: readonly string[], l: Locale): string {
  return roleIds.map((id) => template.roles.find((r) => r.id === id)?.name[l] ?? id).join(', ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function evaluateCondition(input: GateInput, condition: Condition): ConditionResult {
  const { template, gate, readiness, roster, attestations, riskLevel } = input;
  const base = { conditionId: condition.id, gate, kind: condition.kind, mandatory: condition.mandatory };

  if (condition.kind === 'automatic') {
    const rule = condition.rule;
    if (rule.type === 'roster-filled') {
      const missing = rule.roles.filter((r) => !roster[r]);
      const passed = missing.length === 0;
      return {
        ...base,
        passed,
        status: passed ? 'passed' : 'failed',
        reason: passed ? T.passedAutomatic : perLocale((l) => T.rosterMissing[l] + roleNames(template, missing, l)),
        attestation: null,
      };
    }
    const kinds = rule.itemKinds;
    const open = readiness.items.filter((i) => blocksItemsDone(i, kinds));
    const passed = open.length === 0;
    const itemText = (itemId: string, l: Locale) => template.items.find((i) => i.id === itemId)?.text[l] ?? itemId;
    return {
      ...base,
      passed,
      status: passed ? 'passed' : 'failed',
      reason: passed
        ? T.passedAutomatic
        : perLocale((l) => {
            const named = open.slice(0, MAX_ITEMS_NAMED).map((i) => {
              const label = truncate(itemText(i.itemId, l), 80);
              return i.child ? `${i.child.key} ${label}` : `${label} (${T.missingChild[l]})`;
            });
            const rest = open.length - named.length;
            return T.openItems(open.length)[l] + named.join('; ') + (rest > 0 ? ` (+${rest})` : '');
          }),
      attestation: null,
    };
  }

  const records = attestations.filter((a) => a.conditionId === condition.id);
  const notAttested = perLocale((l) => T.notAttested[l] + roleNames(template, condition.attestRoles, l));
  const open = new Set(input.readiness.items.filter(isOpenItem).map((i) => i.itemId));
  const judged = records.map((record) => ({ record, ...judgeConfirmation(condition, record, riskLevel, (id) => open.has(id)) }));
  const counting = judged.filter((j) => j.counts).map((j) => j.record);
  const quorum = quorumOf(condition);
  const counted = quorumCount(counting);
  if (quorum === 1) {
    // One confirmation is enough: the first that counts, else why the first one given does not.
    const first = judged.find((j) => j.counts) ?? judged[0];
    if (!first) return { ...base, passed: false, status: 'failed', reason: notAttested, attestation: null };
    if (first.counts) return { ...base, passed: true, status: 'attested', reason: T.attested, attestation: first.record };
    return { ...base, passed: false, status: first.status, reason: first.reason, attestation: first.record };
  }
  const holders = conditionHolders(condition.attestRoles, input.roster, input.members).length;
  const tally = { counted, needed: quorum, holders };
  const attestation = counting[0] ?? records[0] ?? null;
  if (counted >= quorum) return { ...base, passed: true, status: 'attested', reason: T.attested, attestation, quorum: tally };
  const more = quorum - counted;
  const reason = perLocale(
    (l) =>
      T.quorumMore(more, counted, quorum)[l] +
      roleNames(template, condition.attestRoles, l) +
      (isQuorumUnreachable(quorum, holders) ? ` ${T.quorumUnreachable(holders)[l]}` : ''),
  );
  const status = judged.some((j) => j.status === 'stale') ? 'stale' : judged.some((j) => j.status === 'void') ? 'void' : 'failed';
  return { ...base, passed: false, status, reason, attestation, quorum: tally };
}

/** Whether one confirmation counts for its condition, and if not, why (in every language). */
function judgeConfirmation(
  condition: Extract<Condition, { kind: 'attestation' }>,
  attestation: AttestationRecord,
  riskLevel: string | null,
  isOpen: (itemId: string) => boolean,
): { counts: boolean; status: ConditionResult['status']; reason: LocalizedText } {
  const no = (status: ConditionResult['status'], reason: LocalizedText) => ({ counts: false, status, reason });
  if (!mayConfirmAs(condition, attestation.asRole)) return no('failed', T.attesterRoleInvalid);
  if (condition.evidence === 'required' && !attestation.evidenceUrl) return no('failed', T.evidenceMissing);
  if (condition.approval === 'risk-acceptance') {
    const approval = attestation.approval;
    if (!approval || !approval.riskLevel || !approval.securityLevel || !approval.dataProtectionLevel)
      return no('failed', T.approvalMissing);
    if (isApprovalVoid(approval, riskLevel)) return no('void', T.approvalVoid(approval.riskLevel, riskLevel ?? '–'));
  }
  if (isStale(attestation, isOpen)) return no('stale', T.stale);
  return { counts: true, status: 'attested', reason: T.attested };
}

function unmetLines(template: Template, gate: GateId, conditions: readonly ConditionResult[], l: Locale): string[] {
  const gateDef = template.gates[gate];
  const textOf = (id: string) => gateDef.conditions.find((c) => c.id === id)?.text[l] ?? id;
  return conditions.filter((c) => c.mandatory && !c.passed).map((c) => `• ${textOf(c.conditionId)} — ${c.reason[l]}`);
}

export function evaluateGate(input: GateInput): GateEvaluation {
  const gateDef = input.template.gates[input.gate];
  const conditions = gateDef.conditions.map((c) => evaluateCondition(input, c));
  const failing = conditions.filter((c) => c.mandatory && !c.passed);
  const message: LocalizedText =
    failing.length === 0
      ? { fi: '', sv: '', en: '' }
      : perLocale((l) => [T.header[input.gate][l], ...unmetLines(input.template, input.gate, conditions, l), T.whereToFix[l]].join('\n'));
  return {
    gate: input.gate,
    passed: failing.length === 0,
    conditions,
    unmet: failing.map((c) => c.conditionId),
    message,
  };
}

/** The only role that may waive the entry gate: the steering group accepts the risk of starting. */
export const ENTRY_WAIVER_ROLE: RoleId = 'steering-group';
export const ENTRY_WAIVER_MIN_REASON = 5;

/** A waiver of the entry gate counts only when the steering group gave it, with a written reason. */
export function isEntryGateWaiverEffective(waiver: EntryGateWaiverRecord | null | undefined): boolean {
  return (
    !!waiver &&
    waiver.asRole === ENTRY_WAIVER_ROLE &&
    typeof waiver.waivedBy === 'string' &&
    waiver.waivedBy.length > 0 &&
    typeof waiver.reason === 'string' &&
    waiver.reason.trim().length >= ENTRY_WAIVER_MIN_REASON
  );
}

const W = {
  notEnabled: l10n('server.gate.notEnabled'),
  notStarted: l10n('server.gate.notStarted'),
  onlySteering: l10n('server.gate.onlySteering'),
} as const;

/** Whom a person waives the entry gate as: themselves when they hold the steering group's role on the roster;
 * else that person's stand-in today (`standingFor`) waives it for them ("A for B"); null when neither. */
export function entryGateWaiverAs(accountId: string, roster: Roster, standingFor: readonly string[] = []): { onBehalfOf?: string } | null {
  const holder = roster[ENTRY_WAIVER_ROLE];
  if (!accountId || !holder) return null;
  if (holder === accountId) return {};
  return standingFor.includes(holder) ? { onBehalfOf: holder } : null;
}

/** Who may waive the entry gate (and revoke the waiver): the person holding the steering group's
 * role on the epic's roster, or their stand-in for them, once the phase has started; nobody else,
 * whatever Jira lets them do. */
export function mayWaiveEntryGate(
  facts: { accountId: string; roster: Roster; standingFor?: readonly string[]; phaseStarted: boolean; enabled: boolean },
  l: Locale,
): { allowed: boolean; reason?: string } {
  if (!facts.enabled) return { allowed: false, reason: W.notEnabled[l] };
  if (!facts.phaseStarted) return { allowed: false, reason: W.notStarted[l] };
  if (!entryGateWaiverAs(facts.accountId, facts.roster, facts.standingFor)) return { allowed: false, reason: W.onlySteering[l] };
  return { allowed: true };
}

/** Everything the phase's two verdicts are computed from. */
export type PhaseInput = Omit<GateInput, 'gate'> & { entryGateWaiver: EntryGateWaiverRecord | null };

export interface PhaseVerdicts {
  entry: GateEvaluation;
  exit: GateEvaluation;
  /** The steering group's waiver of the entry gate holds. */
  entryWaived: boolean;
  /** May the phase start: the entry gate passed, or was waived. */
  start: { passed: boolean; message: LocalizedText };
  /** May the epic reach a status in the Done category: the exit gate passed AND the phase may start. */
  done: { passed: boolean; message: LocalizedText };
}

const EMPTY: LocalizedText = { fi: '', sv: '', en: '' };

/** The entry and exit gates and what they allow: one function for the panel and the validators. */
export function evaluatePhase(input: PhaseInput): PhaseVerdicts {
  const entry = evaluateGate({ ...input, gate: 'entry' });
  const exit = evaluateGate({ ...input, gate: 'exit' });
  const entryWaived = isEntryGateWaiverEffective(input.entryGateWaiver);
  const startPassed = entry.passed || entryWaived;
  const donePassed = startPassed && exit.passed;
  const doneMessage: LocalizedText = donePassed
    ? EMPTY
    : perLocale((l) => {
        const parts: string[] = [];
        if (!startPassed) parts.push(T.entryNotSatisfied[l], ...unmetLines(input.template, 'entry', entry.conditions, l));
        if (!exit.passed) parts.push(T.header.exit[l], ...unmetLines(input.template, 'exit', exit.conditions, l));
        parts.push(T.whereToFix[l]);
        return parts.join('\n');
      });
  return {
    entry,
    exit,
    entryWaived,
    start: { passed: startPassed, message: startPassed ? EMPTY : entry.message },
    done: { passed: donePassed, message: doneMessage },
  };
}

/**
 * What a workflow validator guards, judged by the category of the status the transition goes to
 * (never by the transition's name: global transitions, renamed statuses and other Done-category
 * statuses are all ways into Done):
 * - a Done-category target needs the whole Done rule, whichever of the two validators sits there;
 * - an In Progress-category target needs the entry gate (from the entry validator; the exit
 *   validator has nothing to say about it);
 * - a To Do-category target needs nothing;
 * - an unknown target (the status could not be read) is judged by the strictest rule.
 */
export type ValidatorScope = 'none' | 'start' | 'done';
export function validatorScope(validator: GateId, target: StatusCategory | null): ValidatorScope {
  if (target === null || target === 'done') return 'done';
  if (target === 'indeterminate') return validator === 'entry' ? 'start' : 'none';
  return 'none';
}

/** The verdict of a validator whose scope is not 'none'. */
export function validatorVerdict(
  scope: Exclude<ValidatorScope, 'none'>,
  verdicts: PhaseVerdicts,
): { passed: boolean; message: LocalizedText } {
  return scope === 'start' ? verdicts.start : verdicts.done;
}

/** The validator's message lives in ./gate-message (short, the caller's language, grouped by who acts). */
export { validatorMessage } from './gate-message';

/**
 * Whether an issue can be a deployment epic, from what could be read. The validators let an issue
 * pass when the answer is 'no' (even when storage or Jira is failing) and refuse when it is
 * 'unknown'. 'no' needs proof:
 * - a sub-task (hierarchy level below 0) never holds a phase (the app refuses to start one there);
 * - with storage read: no phase was started on it and the project's settings do not select it;
 * - without storage: a standard issue (level 0) with no sub-tasks and without the app's phase
 *   property (the only way a standard issue holds a phase is as the container of sub-tasks the
 *   app created). Epics and higher levels stay 'unknown' without storage.
 */
export interface IssueFacts {
  hierarchyLevel: number;
  hasSubtasks: boolean;
  hasPhaseProperty: boolean;
}
export type DeploymentEpicAnswer = 'yes' | 'no' | 'unknown';
export function isPossiblyDeploymentEpic(
  issue: IssueFacts,
  storage: { phaseStarted: boolean; selectedBySettings: boolean } | null,
): DeploymentEpicAnswer {
  if (issue.hierarchyLevel < 0) return 'no';
  if (storage) return storage.phaseStarted || storage.selectedBySettings ? 'yes' : 'no';
  if (issue.hierarchyLevel === 0 && !issue.hasSubtasks && !issue.hasPhaseProperty) return 'no';
  return 'unknown';
}

/** The phase's status as the panel shows it; 'ready-for-done' only when the Done rule passes. */
export function phaseStatus(args: { started: boolean; epicStatusCategory: StatusCategory; done: { passed: boolean } }): PhaseStatus {
  if (args.epicStatusCategory === 'done') return 'done';
  if (!args.started) return 'not-started';
  return args.done.passed ? 'ready-for-done' : 'in-progress';
}
