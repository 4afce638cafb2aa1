/** Use case: change the epic's risk level (voids the risk acceptance's approvals, after the panel asked). */
import type { RiskLevel } from '../../core/domain';
import { approvalsVoidedBy, roleHolders } from '../../core/rules';
import * as store from '../../storage/store';
import { approvalVoidedNotice, notifyPeople } from '../common/notify';
import { refreshSummary } from '../portfolio/summary';
import { type Caller, type EpicRef, authorize } from './context';

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
