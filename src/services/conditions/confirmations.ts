/**
 * Recording a confirmation (services/phase.ts attest): once per person, and for a condition with a
 * quorum (template `quorum` above 1) one record per different person, each in its own slot
 * (storage/governance.ts). The rules are the core's (core/rules.ts): one person counts once, also
 * through a stand-in; a void or stale confirmation of one's own is replaced by the new one.
 */
import type { AttestationRecord, Readiness } from '../../core/model';
import type { Condition } from '../../core/template/schema';
import { isApprovalVoid, isOpenItem, isStale, principalOf, quorumOf } from '../../core/rules';
import { l10n } from '../../core/messages';
import * as store from '../../storage/store';
import * as gov from '../../storage/governance';
import { AppError } from '../common/errors';

const E = {
  reconfirmRaced: l10n('server.phase.reconfirmRaced'),
  quorumFull: l10n('server.governance.quorumFull'),
};

type AttestationCondition = Extract<Condition, { kind: 'attestation' }>;

/** Whether `record` already stands for one of the people of `next` (its giver or the absent person). */
function samePeople(record: AttestationRecord, next: Pick<AttestationRecord, 'attestedBy' | 'onBehalfOf'>): boolean {
  const mine = new Set([next.attestedBy, principalOf(next)]);
  return mine.has(record.attestedBy) || mine.has(principalOf(record));
}

/**
 * Records `record` for its condition and writes its audit entry. Returns the record that holds: the new
 * one, or the one the same person (or the person they stand in for) gave already and that still counts.
 */
export async function recordConfirmation(
  epicId: string,
  existingAll: readonly AttestationRecord[],
  condition: AttestationCondition,
  record: AttestationRecord,
  riskLevel: string | null,
  readiness: Pick<Readiness, 'items'>,
): Promise<{ created: boolean; record: AttestationRecord }> {
  const existing = existingAll.filter((a) => a.conditionId === condition.id);
  const open = new Set(readiness.items.filter(isOpenItem).map((i) => i.itemId));
  const outdated = (a: AttestationRecord) => isApprovalVoid(a.approval, riskLevel) || isStale(a, (id) => open.has(id));
  if (quorumOf(condition) === 1) {
    // One record per condition, whoever gives it: confirming twice records once.
    const first = existing.find((a) => !a.slot);
    const replacing = first && outdated(first) ? first : undefined;
    if (replacing) await store.deleteAttestation(epicId, condition.id);
    const result = await store.addAttestation(epicId, record);
    if (result.created) await audit(epicId, record, replacing);
    else if (outdated(result.record)) throw new AppError('CONFLICT', E.reconfirmRaced);
    return result;
  }
  const own = existing.filter((a) => samePeople(a, record));
  const holding = own.find((a) => !outdated(a));
  if (holding) return { created: false, record: holding };
  // The person's own void or stale confirmations give way to the new one.
  for (const old of own) await gov.deleteConfirmation(epicId, old);
  const taken = new Set(existing.filter((a) => !own.includes(a)).map((a) => a.slot ?? 1));
  const stored = await gov.addConfirmationInSlot(epicId, record, taken);
  if (!stored) throw new AppError('CONFLICT', E.quorumFull);
  await audit(epicId, stored, own[0]);
  return { created: true, record: stored };
}

async function audit(epicId: string, record: AttestationRecord, replacing: AttestationRecord | undefined): Promise<void> {
  await store.appendAudit(epicId, {
    by: record.attestedBy,
    ...(record.onBehalfOf ? { onBehalfOf: record.onBehalfOf } : {}),
    action: 'attestation.added',
    subject: record.conditionId,
    ...(replacing ? { before: replacing } : {}),
    after: record,
  });
}

/** Which confirmation a person revokes: their own (given by them or for them), else the condition's first. */
export function revocable(
  attestations: readonly AttestationRecord[],
  conditionId: string,
  accountId: string,
): Pick<AttestationRecord, 'conditionId' | 'slot'> {
  const own = attestations.find((a) => a.conditionId === conditionId && samePeople(a, { attestedBy: accountId }));
  return own ?? { conditionId };
}

/** The items the condition rests on that are done now: the confirmation is given on them (core/rules.ts isStale). */
export function restedOnOf(condition: AttestationCondition, readiness: Pick<Readiness, 'items'>): Pick<AttestationRecord, 'restedOn'> {
  if (!condition.restsOn?.length) return {};
  const done = readiness.items.filter((i) => condition.restsOn?.includes(i.itemId) && !isOpenItem(i)).map((i) => i.itemId);
  return { restedOn: done };
}
