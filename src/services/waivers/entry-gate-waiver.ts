/**
 * The steering group's waiver of the entry gate: the phase may then start, and end, without every
 * entry condition confirmed. Only the person holding the steering group's role on the epic (or their
 * stand-in, for them: "A for B") may give it or revoke it; both are recorded in the audit trail. The rule that Done needs the entry
 * gate passed or waived is in the pure core (core/gate.ts, evaluatePhase).
 */
import type { EntryGateWaiverRecord } from '../../shared/api';
import { ENTRY_WAIVER_MIN_REASON, ENTRY_WAIVER_ROLE, entryGateWaiverAs, mayWaiveEntryGate } from '../../core/gate';
import { standingForOf } from '../roster/stand-ins';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import { loadPhase, type EpicRef, type PhaseSnapshot } from '../common/epic';
import { refreshSummary } from '../portfolio/summary';
import type { Caller } from '../phase/context';
import { l10n, perLocale } from '../../core/messages';

const E = {
  reason: l10n('server.entryGate.reason', { min: ENTRY_WAIVER_MIN_REASON }),
  already: l10n('server.entryGate.already'),
  none: l10n('server.entryGate.none'),
};

/** Trimmed, NFC, no control or bidi-override characters, 5–2000 characters. */
function cleanReason(input: unknown): string {
  const reason = typeof input === 'string' ? input.normalize('NFC').trim() : '';
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
  if (reason.length < ENTRY_WAIVER_MIN_REASON || reason.length > 2000 || bad.test(reason)) {
    throw new AppError('INVALID_INPUT', E.reason, ['reason: 5–2000 characters of text, without control characters']);
  }
  return reason;
}

async function authorized(caller: Caller, epic: EpicRef): Promise<PhaseSnapshot & { as: { onBehalfOf?: string } }> {
  const p = await loadPhase('user', epic);
  const standingFor = await standingForOf(caller.accountId, p.state, p.judgedAt.slice(0, 10));
  const perm = mayWaiveEntryGate(
    { accountId: caller.accountId, roster: p.state.roster, standingFor, phaseStarted: !!p.state.meta, enabled: !!p.settings?.enabled },
    caller.locale,
  );
  if (!perm.allowed) {
    const reason = perm.reason ?? '';
    throw new AppError(
      !p.settings?.enabled || !p.state.meta ? 'NOT_ENABLED' : 'FORBIDDEN',
      reason ? perLocale(() => reason) : M.jiraForbidden,
    );
  }
  return { ...p, as: entryGateWaiverAs(caller.accountId, p.state.roster, standingFor) ?? {} };
}

/** `decisionRef` and `reviewOn` come checked by the resolver's schema (a reference of one line or an https
 * link; a day from today to five years ahead). */
export async function waiveEntryGate(
  caller: Caller,
  epic: EpicRef,
  input: { reason: string; decisionRef?: string; reviewOn?: string },
): Promise<EntryGateWaiverRecord> {
  const reason = cleanReason(input?.reason);
  const p = await authorized(caller, epic);
  const waiver: EntryGateWaiverRecord = {
    waivedBy: caller.accountId,
    waivedAt: new Date().toISOString(),
    asRole: ENTRY_WAIVER_ROLE,
    ...(p.as.onBehalfOf ? { onBehalfOf: p.as.onBehalfOf } : {}),
    reason,
    ...(input.decisionRef ? { decisionRef: input.decisionRef } : {}),
    ...(input.reviewOn ? { reviewOn: input.reviewOn } : {}),
  };
  // Waived twice at the same moment: recorded once, the second is told so.
  if (!(await store.addEntryGateWaiver(p.epic.id, waiver))) throw new AppError('CONFLICT', E.already);
  const onBehalfOf = p.as.onBehalfOf ? { onBehalfOf: p.as.onBehalfOf } : {};
  await store.appendAudit(p.epic.id, { by: caller.accountId, ...onBehalfOf, action: 'entryGate.waived', before: null, after: waiver });
  await refreshSummary(p.epic.id);
  return waiver;
}

export async function revokeEntryGateWaiver(caller: Caller, epic: EpicRef, input: { reason: string }): Promise<{ revoked: true }> {
  const reason = cleanReason(input?.reason);
  const p = await authorized(caller, epic);
  const existing = await store.getEntryGateWaiver(p.epic.id);
  if (!existing) throw new AppError('CONFLICT', E.none);
  await store.deleteEntryGateWaiver(p.epic.id);
  const onBehalfOf = p.as.onBehalfOf ? { onBehalfOf: p.as.onBehalfOf } : {};
  await store.appendAudit(p.epic.id, {
    by: caller.accountId,
    ...onBehalfOf,
    action: 'entryGate.waiverRevoked',
    before: existing,
    after: { reason },
  });
  await refreshSummary(p.epic.id);
  return { revoked: true };
}
