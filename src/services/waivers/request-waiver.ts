/** Use case: ask for a waiver of a mandatory item. */
import type { WaiverRecord } from '../../shared/api';
import { utcDay } from '../../core/dates';
import { waiverMayBeRequested } from '../../core/rules';
import * as store from '../../storage/store';
import { AppError } from '../common/errors';
import { notifyPeople, waiverDeciders, waiverRequestNotice } from '../common/notify';
import { refreshSummary } from '../portfolio/summary';
import { type Caller, type EpicRef, P, authorize, requireItem } from '../phase/context';

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
