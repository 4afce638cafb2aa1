/**
 * Storage of the governance facts (issue #24): a role's further people, the further confirmations of a
 * condition with a quorum, and each person's stand-in. Keys (layout: src/storage/store.ts):
 *   epic:<epicId>:members:<roleId>        the role's further people, after the roster's first (account ids)
 *   epic:<epicId>:att:<conditionId>#<n>   the n-th confirmation of a condition with a quorum (n = 2…10; FAIL_IF_EXISTS)
 *   standin:<accountId>                   that person's stand-in (StandInRecord; personal data, see docs/DATA-MAP.md)
 * Every read is strict (get/batchGet).
 */
import { kvs } from '@forge/kvs';
import type { AttestationRecord, StandInRecord } from '../core/model';
import { MAX_ROLE_HOLDERS, type RoleId } from '../core/domain';
import { getMany, setIfAbsent } from './store';
import { attestationSchema, parseRecord, standInSchema } from './records';

const attKey = (epicId: string, record: Pick<AttestationRecord, 'conditionId' | 'slot'>) =>
  `epic:${epicId}:att:${record.conditionId}${record.slot && record.slot > 1 ? `#${record.slot}` : ''}`;

/** Sets a role's further people (none: the key is deleted). */
export async function setRoleMembers(epicId: string, role: RoleId, accountIds: readonly string[]): Promise<void> {
  const k = `epic:${epicId}:members:${role}`;
  if (accountIds.length === 0) await kvs.delete(k);
  else await kvs.set(k, [...accountIds]);
}

/**
 * Records a confirmation of a condition with a quorum in the first free slot (1…MAX_ROLE_HOLDERS), each
 * slot created once (FAIL_IF_EXISTS), so two people confirming at the same moment both get a slot.
 * `taken`: the slots known to be in use. Returns the record as stored, or null when every slot is taken.
 */
export async function addConfirmationInSlot(
  epicId: string,
  record: Omit<AttestationRecord, 'slot'>,
  taken: ReadonlySet<number>,
): Promise<AttestationRecord | null> {
  for (let slot = 1; slot <= MAX_ROLE_HOLDERS; slot++) {
    if (taken.has(slot)) continue;
    const stored: AttestationRecord = slot > 1 ? { ...record, slot } : { ...record };
    if (await setIfAbsent(attKey(epicId, stored), stored)) return stored;
  }
  return null;
}

/** Deletes one confirmation (the first or a further one). */
export async function deleteConfirmation(epicId: string, record: Pick<AttestationRecord, 'conditionId' | 'slot'>): Promise<void> {
  await kvs.delete(attKey(epicId, record));
}

/** Rewrites one confirmation where it is (turning it stale). */
export async function putConfirmation(epicId: string, record: AttestationRecord): Promise<void> {
  await kvs.set(attKey(epicId, record), record);
}

/** Reads one confirmation where it is (strict). */
export async function getConfirmation(
  epicId: string,
  at: Pick<AttestationRecord, 'conditionId' | 'slot'>,
): Promise<AttestationRecord | undefined> {
  const k = attKey(epicId, at);
  const value = await kvs.get<unknown>(k);
  return value === undefined ? undefined : parseRecord(k, attestationSchema, value);
}

// ------------------------------------------------------------------------------ stand-ins
const standInKey = (accountId: string) => `standin:${accountId}`;

export async function getStandIn(accountId: string): Promise<StandInRecord | undefined> {
  const value = await kvs.get<unknown>(standInKey(accountId));
  return value === undefined ? undefined : parseRecord(standInKey(accountId), standInSchema, value);
}

/** The stand-ins these people named (strict batch reads), by the absent person. */
export async function getStandIns(accountIds: readonly string[]): Promise<Map<string, StandInRecord>> {
  const unique = [...new Set(accountIds)];
  const values = await getMany(unique.map(standInKey));
  const out = new Map<string, StandInRecord>();
  for (const [k, v] of values) out.set(k.slice('standin:'.length), parseRecord(k, standInSchema, v));
  return out;
}

export async function putStandIn(record: StandInRecord): Promise<void> {
  await kvs.set(standInKey(record.accountId), record);
}

export async function deleteStandIn(accountId: string): Promise<void> {
  await kvs.delete(standInKey(accountId));
}
