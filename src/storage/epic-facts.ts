/** The separately changing facts of an epic's phase: its meta, roster, risk level, spawn status,
 * children and the create requests in flight. */
import { kvs } from '@forge/kvs';
import type { Roster, SpawnStatus } from '../shared/api';
import { ROLE_IDS, type RoleId } from '../core/domain';
import { accountIdSchema, childRefsSchema, parseRecord, phaseMetaSchema, spawnStatusSchema } from './records';
import { getMany, getParsed, key, setIfAbsent } from './kvs-util';
import type { ChildRefs, Inflight, PhaseMeta } from './epic-state';
import { allSettledOrThrow } from '../core/settled';

/** The children map alone (strict read). */
export async function getChildren(epicId: string): Promise<ChildRefs> {
  return (await getParsed(key('epic', epicId, 'children'), childRefsSchema)) ?? {};
}

/** The spawn status alone (strict read). */
export async function getSpawnStatus(epicId: string): Promise<SpawnStatus | undefined> {
  return getParsed(key('epic', epicId, 'spawn'), spawnStatusSchema);
}

/** Creates the phase meta once; returns the meta that holds (ours or the earlier one). */
export async function createPhaseMeta(meta: PhaseMeta): Promise<{ created: boolean; meta: PhaseMeta }> {
  const k = key('epic', meta.epicId, 'meta');
  if (await setIfAbsent(k, meta)) return { created: true, meta };
  const existing = await getParsed(k, phaseMetaSchema);
  return { created: false, meta: existing ?? meta };
}

export async function setRosterMember(epicId: string, role: RoleId, accountId: string | null): Promise<void> {
  const k = key('epic', epicId, 'roster', role);
  if (accountId) await kvs.set(k, accountId);
  else await kvs.delete(k);
}

/** Who holds a role on each of these epics (strict reads: kvs.batchGet). The "mine" filter of the project page. */
export async function readRosterMembers(epicIds: string[]): Promise<Map<string, Set<string>>> {
  const keys = epicIds.flatMap((id) => ROLE_IDS.map((r) => key('epic', id, 'roster', r)));
  const values = await getMany(keys);
  const out = new Map<string, Set<string>>(epicIds.map((id) => [id, new Set<string>()]));
  for (const [k, value] of values) {
    const epicId = k.split(':')[1] ?? '';
    out.get(epicId)?.add(parseRecord(k, accountIdSchema, value));
  }
  return out;
}

/** Fills roster roles that are still empty (never overwrites a person already named). */
export async function initRoster(epicId: string, roster: Roster): Promise<void> {
  await allSettledOrThrow(
    Object.entries(roster).map(([role, accountId]) =>
      accountId ? setIfAbsent(key('epic', epicId, 'roster', role), accountId) : Promise.resolve(false),
    ),
  );
}

export async function setRiskLevel(epicId: string, riskLevel: string): Promise<void> {
  await kvs.set(key('epic', epicId, 'risk'), riskLevel);
}

export async function setSpawnStatus(epicId: string, status: SpawnStatus): Promise<void> {
  await kvs.set(key('epic', epicId, 'spawn'), status);
}

export async function setChildren(epicId: string, children: ChildRefs): Promise<void> {
  await kvs.set(key('epic', epicId, 'children'), children);
}

/** Records (or, when empty, clears) the create requests whose answer is not known. */
export async function setInflight(epicId: string, inflight: Inflight): Promise<void> {
  const k = key('epic', epicId, 'inflight');
  if (Object.keys(inflight).length === 0) await kvs.delete(k);
  else await kvs.set(k, inflight);
}
