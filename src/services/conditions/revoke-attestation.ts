/** Use case: revoke a confirmation, with a reason. */
import * as store from '../../storage/store';
import { AppError } from '../common/errors';
import { revocable } from './confirmations';
import * as gov from '../../storage/governance';
import { refreshSummary } from '../portfolio/summary';
import { type Caller, type EpicRef, P, authorize } from '../phase/context';

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
