/** Use case: confirm a gate condition (with a risk acceptance where the condition takes one). */
import type { AttestationRecord, RiskAcceptanceInput } from '../../shared/api';
import { confirmingRole, isApprovalVoid } from '../../core/rules';
import type { LocalizedText } from '../../core/template/schema';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import { recordConfirmation, restedOnOf } from './confirmations';
import { refreshSummary } from '../portfolio/summary';
import { type Caller, type EpicRef, P, authorize, deny, load } from '../phase/context';

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
