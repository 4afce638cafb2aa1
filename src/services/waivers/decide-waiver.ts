/** Use case: approve or reject a waiver request (never one's own; a stand-in decides for the absent decider, never
 * a request of theirs or of the absent person's). */
import type { WaiverRecord } from '../../shared/api';
import { mayDecideWaiver } from '../../core/permissions';
import { waiverDecidingAs } from '../../core/rules';
import * as store from '../../storage/store';
import { AppError } from '../common/errors';
import { refreshSummary } from '../portfolio/summary';
import { perLocale } from '../../core/messages';
import { type Caller, type EpicRef, P, authorize, requireItem } from '../phase/context';

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
  // A decider decides as themselves; a stand-in for the absent decider ("A for B").
  const as = waiverDecidingAs(caller.accountId, l.standingFor, l.state.roster, l.state.members) ?? {};
  const perm = mayDecideWaiver({ allowed: true }, existing, caller.accountId, caller.locale, as.onBehalfOf);
  if (!perm.allowed)
    throw new AppError(
      'FORBIDDEN',
      perLocale(() => perm.reason ?? ''),
    );
  const decided: WaiverRecord = {
    ...existing,
    status: input.approve ? 'approved' : 'rejected',
    decidedBy: caller.accountId,
    ...(as.onBehalfOf ? { onBehalfOf: as.onBehalfOf } : {}),
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
    ...(as.onBehalfOf ? { onBehalfOf: as.onBehalfOf } : {}),
    action: input.approve ? 'waiver.approved' : 'waiver.rejected',
    subject: input.itemId,
    before: existing,
    after: decided,
  });
  await refreshSummary(l.loaded.epic.id);
  return decided;
}
