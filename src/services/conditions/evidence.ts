/**
 * Use case: change a confirmed condition's evidence link (issue #24). The condition's live confirmations whose
 * link differs from the new one turn stale (core/rules.ts confirmationsStaledByEvidence), no longer count, each
 * gets an `attestation.stale` audit entry, and their confirmers (and the absent person, for a stand-in's) are
 * told in their language (./stale.ts tellConfirmers); one `evidence.changed` entry records the change. The new
 * link stays on the stale records (`stale.evidenceUrl`): the panel shows it and offers it for the next
 * confirmation (core/rules.ts currentEvidenceUrl).
 *
 * Several records are written, so the change goes intent first (as services/schedule/due-move.ts): the intent
 * (`epic:<id>:evidence-change:<conditionId>`, create-once) holds the marked records and the ids of every audit
 * entry before the first write; each step is idempotent (a record is marked only while it is still the one the
 * intent saw, else adopted or left; audit entries are written under their fixed ids); the `evidence.changed`
 * entry comes last, then the intent goes. A run cut off in between is finished by the retry (the next change of
 * that condition's link) before it looks again; a notice may then be sent twice, never lost.
 */
import type { AttestationRecord } from '../../shared/api';
import { confirmationsStaledByEvidence, confirmingRole, currentEvidenceUrl } from '../../core/rules';
import type { Template } from '../../core/template/schema';
import { l10n } from '../../core/messages';
import * as store from '../../storage/store';
import * as gov from '../../storage/governance';
import * as intents from '../../storage/evidence-change';
import { AppError } from '../common/errors';
import { refreshSummary } from '../portfolio/summary';
import { type Caller, type EpicRef, P, authorize, deny, load } from '../phase/context';
import { tellConfirmers } from './stale';

const E = {
  noEvidence: l10n('server.governance.noEvidence'),
  raced: l10n('server.governance.evidenceRaced'),
};

export interface EvidenceChange {
  conditionId: string;
  evidenceUrl: string;
  /** false: every live confirmation has this link already (nothing was written). */
  changed: boolean;
  /** How many confirmations turned stale. */
  staled: number;
}

const sameConfirmation = (a: AttestationRecord, b: AttestationRecord) =>
  a.attestedBy === b.attestedBy && a.attestedAt === b.attestedAt && (a.slot ?? 1) === (b.slot ?? 1);

/** Finishes a recorded change: marks each record (idempotent), its audit entry, the notices, the change's entry, then the intent goes. */
async function finish(intent: intents.EvidenceChangeIntent, template: Pick<Template, 'gates'>): Promise<number> {
  let staled = 0;
  for (const [i, marked] of intent.staled.entries()) {
    const current = await gov.getConfirmation(intent.epicId, marked);
    // Someone confirmed or revoked meanwhile: what is there now is theirs, not this change's.
    if (!current || !sameConfirmation(current, marked)) continue;
    if (!current.stale) await gov.putConfirmation(intent.epicId, marked);
    else if (current.stale.at !== intent.at || current.stale.reason !== 'evidence-changed') continue;
    const before: AttestationRecord = { ...marked };
    delete before.stale;
    await store.appendAudit(
      intent.epicId,
      {
        by: intent.by,
        ...(intent.onBehalfOf ? { onBehalfOf: intent.onBehalfOf } : {}),
        action: 'attestation.stale',
        subject: marked.conditionId,
        before,
        after: marked,
      },
      new Date(intent.at),
      intent.staleAuditIds[i],
    );
    await tellConfirmers(
      intent.epicKey,
      template,
      marked,
      { reason: 'evidence-changed', evidenceUrl: intent.evidenceUrl },
      'user',
      intent.by,
    );
    staled++;
  }
  await store.appendAudit(
    intent.epicId,
    {
      by: intent.by,
      ...(intent.onBehalfOf ? { onBehalfOf: intent.onBehalfOf } : {}),
      action: 'evidence.changed',
      subject: intent.conditionId,
      before: { evidenceUrl: intent.staled.map((a) => a.evidenceUrl ?? null) },
      after: { evidenceUrl: intent.evidenceUrl, staled: intent.staled.map((a) => ({ attestedBy: a.attestedBy, slot: a.slot ?? 1 })) },
    },
    new Date(intent.at),
    intent.auditId,
  );
  await intents.deleteEvidenceChange(intent.epicId, intent.conditionId);
  return staled;
}

export async function changeEvidence(
  caller: Caller,
  epic: EpicRef,
  input: { conditionId: string; evidenceUrl: string; onBehalfOf?: string },
): Promise<EvidenceChange> {
  const l0 = await load(caller, epic);
  const condition = [...l0.template.gates.entry.conditions, ...l0.template.gates.exit.conditions].find((c) => c.id === input.conditionId);
  if (!condition || condition.kind !== 'attestation')
    throw new AppError('INVALID_INPUT', P.unknownCondition, [`conditionId: ${input.conditionId}`]);
  if (condition.evidence === 'none') throw new AppError('INVALID_INPUT', E.noEvidence, [E.noEvidence]);
  // Who may confirm the condition (a stand-in too), or a project admin (core/permissions.ts mayChangeEvidence).
  const l = await authorize(caller, epic, (p) => p.changeEvidence?.[condition.id], true, l0);
  // "A for B" when a stand-in changes it through the absent person's role only (as attest.ts checks it).
  const ownRole = confirmingRole(condition, caller.accountId, l.state.roster, l.state.members);
  const absent = input.onBehalfOf && !ownRole && l.standingFor.includes(input.onBehalfOf) ? input.onBehalfOf : undefined;
  if (input.onBehalfOf && !absent) deny(undefined);
  const epicId = l.loaded.epic.id;
  let attestations = l.state.attestations;
  const unfinished = await intents.getEvidenceChange(epicId, condition.id);
  if (unfinished) {
    await finish(unfinished, l.template);
    attestations = (await store.readEpicState(epicId)).attestations;
  }
  const at = new Date();
  const staled = confirmationsStaledByEvidence(attestations, condition.id, input.evidenceUrl, at.toISOString());
  if (staled.length === 0) {
    // The link is this one already (every live confirmation has it, or the last change set it): nothing changes.
    const confirmed = attestations.some((a) => a.conditionId === condition.id && !a.stale);
    if (!confirmed && currentEvidenceUrl(attestations, condition.id) !== input.evidenceUrl) throw new AppError('CONFLICT', P.notConfirmed);
    return { conditionId: condition.id, evidenceUrl: input.evidenceUrl, changed: false, staled: 0 };
  }
  const intent: intents.EvidenceChangeIntent = {
    epicId,
    epicKey: l.loaded.epic.key,
    conditionId: condition.id,
    evidenceUrl: input.evidenceUrl,
    by: caller.accountId,
    ...(absent ? { onBehalfOf: absent } : {}),
    at: at.toISOString(),
    auditId: store.auditIdAt(at),
    staleAuditIds: staled.map(() => store.auditIdAt(at)),
    staled,
  };
  if (!(await intents.putEvidenceChange(intent))) throw new AppError('CONFLICT', E.raced);
  const count = await finish(intent, l.template);
  await refreshSummary(epicId);
  return { conditionId: condition.id, evidenceUrl: input.evidenceUrl, changed: true, staled: count };
}
