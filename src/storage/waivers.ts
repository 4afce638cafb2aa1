/** Waivers of items, the claims on their decisions, and the entry gate's waiver. */
import { kvs } from '@forge/kvs';
import type { EntryGateWaiverRecord, WaiverRecord } from '../shared/api';
import { waiverSchema } from './records';
import { getParsed, key, setIfAbsent } from './kvs-util';

export async function getWaiver(epicId: string, itemId: string): Promise<WaiverRecord | undefined> {
  return getParsed(key('epic', epicId, 'waiver', itemId), waiverSchema);
}

export async function putWaiver(epicId: string, waiver: WaiverRecord, mustBeNew: boolean): Promise<boolean> {
  const k = key('epic', epicId, 'waiver', waiver.itemId);
  if (mustBeNew) return setIfAbsent(k, waiver);
  await kvs.set(k, waiver);
  return true;
}

/** Claims the decision on one waiver request (keyed by the request's time): only one wins. */
export async function claimWaiverDecision(epicId: string, request: WaiverRecord, decision: WaiverRecord): Promise<boolean> {
  return setIfAbsent(key('decision', epicId, request.itemId, request.requestedAt.replace(/[^0-9]/g, '')), {
    by: decision.decidedBy,
    status: decision.status,
  });
}

// ------------------------------------------------------------------------------ entry gate waiver
// epic:<epicId>:entry-waiver  EntryGateWaiverRecord (read with get: strongly consistent)
export const entryGateWaiverKey = (epicId: string) => key('epic', epicId, 'entry-waiver');

export async function getEntryGateWaiver(epicId: string): Promise<EntryGateWaiverRecord | null> {
  return (await kvs.get<EntryGateWaiverRecord>(entryGateWaiverKey(epicId))) ?? null;
}

/** Records the waiver once; false when one already holds. */
export async function addEntryGateWaiver(epicId: string, waiver: EntryGateWaiverRecord): Promise<boolean> {
  return setIfAbsent(key('epic', epicId, 'entry-waiver'), waiver);
}

export async function deleteEntryGateWaiver(epicId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'entry-waiver'));
}
