/**
 * Repositories over @forge/kvs (the app's own store inside Atlassian). One key per independently
 * changing fact, so two people changing different facts at the same moment never overwrite each
 * other; create-once facts use `FAIL_IF_EXISTS`.
 *
 * Keys (all under one prefix per epic, so one paged query reads an epic's whole state):
 *   epic:<epicId>:meta               PhaseMeta (written once, FAIL_IF_EXISTS)
 *   epic:<epicId>:roster:<roleId>    account id for that role
 *   epic:<epicId>:risk               the epic's current risk level
 *   epic:<epicId>:spawn              SpawnStatus
 *   epic:<epicId>:children           itemId → {id, key} of the created children
 *   epic:<epicId>:att:<conditionId>  AttestationRecord (FAIL_IF_EXISTS: confirmed twice = recorded once)
 *   epic:<epicId>:waiver:<itemId>    WaiverRecord
 *   lock:<epicId>                    spawn claim (FAIL_IF_EXISTS, expires)
 *   lock:<epicId>:takeover:<expiresAt>:<owner>   who took over that stale claim (FAIL_IF_EXISTS, 1-day TTL)
 *   decision:<epicId>:<itemId>:<requestedAt>     who decided that waiver request (FAIL_IF_EXISTS)
 *   settings:<projectId>             ProjectSettings
 *   audit:<scopeId>:<inverted time>:<random>  AuditEntry, newest first in key order; never rewritten
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type {
  AttestationRecord,
  AuditEntry,
  EntryGateWaiverRecord,
  PhaseRecord,
  ProjectSettings,
  Roster,
  SpawnStatus,
  WaiverRecord,
} from '../shared/api';
import { ROLE_IDS, type RoleId } from '../core/template/schema';

/** What is recorded once when the phase starts: a PhaseRecord without its changing parts. */
export type PhaseMeta = Omit<PhaseRecord, 'roster' | 'riskLevel' | 'spawn'>;

export type ChildRefs = Record<string, { id: string; key: string }>;

export interface EpicState {
  meta: PhaseMeta | null;
  roster: Roster;
  riskLevel: string | null;
  spawn: SpawnStatus | null;
  children: ChildRefs;
  attestations: AttestationRecord[];
  waivers: WaiverRecord[];
}

const epicPrefix = (epicId: string) => `epic:${epicId}:`;

/** Forge KVS keys allow letters, digits and `:._-#` and spaces; our ids are already in that set. */
function key(...parts: string[]): string {
  return parts.join(':');
}

function isKeyExistsError(e: unknown): boolean {
  const err = e as { code?: unknown; responseDetails?: { status?: unknown } } | null;
  const message = e instanceof Error ? e.message : String(e);
  return (
    err?.code === 'KEY_ALREADY_EXISTS' ||
    err?.code === 'KEY_CONFLICT' ||
    err?.responseDetails?.status === 409 ||
    /already exists|KEY_ALREADY_EXISTS|FAIL_IF_EXISTS/i.test(message)
  );
}

/** Sets a key only if absent. Returns false (instead of throwing) when it already exists. */
export async function setIfAbsent<T>(k: string, value: T, ttlDays?: number): Promise<boolean> {
  try {
    await kvs.set(k, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttlDays ? { ttl: { value: ttlDays, unit: 'DAYS' as const } } : {}) });
    return true;
  } catch (e) {
    if (isKeyExistsError(e)) return false;
    throw e;
  }
}

async function queryPrefix<T>(prefix: string, limit = 100, max = 1000): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany<T>();
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

// ------------------------------------------------------------------------------ epic state
export async function readEpicState(epicId: string): Promise<EpicState> {
  const prefix = epicPrefix(epicId);
  const rows = await queryPrefix<unknown>(prefix);
  const state: EpicState = {
    meta: null,
    roster: {},
    riskLevel: null,
    spawn: null,
    children: {},
    attestations: [],
    waivers: [],
  };
  for (const { key: k, value } of rows) {
    const rest = k.slice(prefix.length);
    const [kind, sub] = [rest.split(':')[0], rest.split(':').slice(1).join(':')];
    if (kind === 'meta') state.meta = value as PhaseMeta;
    else if (kind === 'roster' && (ROLE_IDS as readonly string[]).includes(sub) && typeof value === 'string') {
      state.roster[sub as RoleId] = value;
    } else if (kind === 'risk') state.riskLevel = typeof value === 'string' ? value : null;
    else if (kind === 'spawn') state.spawn = value as SpawnStatus;
    else if (kind === 'children') state.children = value as ChildRefs;
    else if (kind === 'att') state.attestations.push(value as AttestationRecord);
    else if (kind === 'waiver') state.waivers.push(value as WaiverRecord);
  }
  return state;
}

export function toPhaseRecord(state: EpicState): PhaseRecord | null {
  if (!state.meta) return null;
  return {
    ...state.meta,
    roster: state.roster,
    riskLevel: state.riskLevel,
    spawn: state.spawn ?? { state: 'not-started', created: 0, total: 0, warnings: [] },
  };
}

/** Creates the phase meta once; returns the meta that holds (ours or the earlier one). */
export async function createPhaseMeta(meta: PhaseMeta): Promise<{ created: boolean; meta: PhaseMeta }> {
  const k = key('epic', meta.epicId, 'meta');
  if (await setIfAbsent(k, meta)) return { created: true, meta };
  const existing = await kvs.get<PhaseMeta>(k);
  return { created: false, meta: existing ?? meta };
}

export async function setRosterMember(epicId: string, role: RoleId, accountId: string | null): Promise<void> {
  const k = key('epic', epicId, 'roster', role);
  if (accountId) await kvs.set(k, accountId);
  else await kvs.delete(k);
}

/** Fills roster roles that are still empty (never overwrites a person already named). */
export async function initRoster(epicId: string, roster: Roster): Promise<void> {
  await Promise.all(
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

/** Records an attestation once. Returns the record that holds. */
export async function addAttestation(epicId: string, record: AttestationRecord): Promise<{ created: boolean; record: AttestationRecord }> {
  const k = key('epic', epicId, 'att', record.conditionId);
  if (await setIfAbsent(k, record)) return { created: true, record };
  const existing = await kvs.get<AttestationRecord>(k);
  return { created: false, record: existing ?? record };
}

export async function getAttestation(epicId: string, conditionId: string): Promise<AttestationRecord | undefined> {
  return kvs.get<AttestationRecord>(key('epic', epicId, 'att', conditionId));
}

export async function deleteAttestation(epicId: string, conditionId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'att', conditionId));
}

export async function getWaiver(epicId: string, itemId: string): Promise<WaiverRecord | undefined> {
  return kvs.get<WaiverRecord>(key('epic', epicId, 'waiver', itemId));
}

export async function putWaiver(epicId: string, waiver: WaiverRecord, mustBeNew: boolean): Promise<boolean> {
  const k = key('epic', epicId, 'waiver', waiver.itemId);
  if (mustBeNew) return setIfAbsent(k, waiver);
  await kvs.set(k, waiver);
  return true;
}

/** Claims the decision on one waiver request (keyed by the request's time): only one wins. */
export async function claimWaiverDecision(epicId: string, request: WaiverRecord, decision: WaiverRecord): Promise<boolean> {
  return setIfAbsent(key('decision', epicId, request.itemId, request.requestedAt.replace(/[^0-9]/g, '')), { by: decision.decidedBy, status: decision.status });
}

// ------------------------------------------------------------------------------ entry gate waiver
// epic:<epicId>:entry-waiver  EntryGateWaiverRecord (read with get: strongly consistent)
export async function getEntryGateWaiver(epicId: string): Promise<EntryGateWaiverRecord | null> {
  return (await kvs.get<EntryGateWaiverRecord>(key('epic', epicId, 'entry-waiver'))) ?? null;
}

/** Records the waiver once; false when one already holds. */
export async function addEntryGateWaiver(epicId: string, waiver: EntryGateWaiverRecord): Promise<boolean> {
  return setIfAbsent(key('epic', epicId, 'entry-waiver'), waiver);
}

export async function deleteEntryGateWaiver(epicId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'entry-waiver'));
}

// ------------------------------------------------------------------------------ spawn claim
export interface SpawnClaim {
  owner: string;
  expiresAt: number;
}

/** Claims the right to spawn an epic's children. An expired claim is taken over by exactly one
 * claimant: the takeover of that particular stale claim is itself a create-once key. */
export async function claimSpawn(epicId: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const k = key('lock', epicId);
  const claim: SpawnClaim = { owner, expiresAt: now + ttlMs };
  if (await setIfAbsent(k, claim)) return true;
  const existing = await kvs.get<SpawnClaim>(k);
  if (!existing) return setIfAbsent(k, claim); // released in the meantime
  if (existing.expiresAt > now) return false;
  const takeover = key('lock', epicId, 'takeover', String(existing.expiresAt), existing.owner);
  if (!(await setIfAbsent(takeover, { owner, at: now }, 1))) return false;
  await kvs.set(k, claim);
  return true;
}

export async function releaseSpawn(epicId: string, owner: string): Promise<void> {
  const k = key('lock', epicId);
  const existing = await kvs.get<SpawnClaim>(k);
  if (existing?.owner === owner) await kvs.delete(k);
}

// ------------------------------------------------------------------------------ settings
export async function getProjectSettings(projectId: string): Promise<ProjectSettings | undefined> {
  return kvs.get<ProjectSettings>(key('settings', projectId));
}

export async function putProjectSettings(projectId: string, settings: ProjectSettings): Promise<void> {
  await kvs.set(key('settings', projectId), settings);
}

// ------------------------------------------------------------------------------ audit trail
const MAX_TIME = 9_999_999_999_999;

/** Appends an entry; entries are never rewritten. `scopeId` is the epic id (or `project-<id>`). */
export async function appendAudit(scopeId: string, entry: Omit<AuditEntry, 'id' | 'at'>, now = new Date()): Promise<AuditEntry> {
  const inverted = String(MAX_TIME - now.getTime()).padStart(13, '0');
  const random = Math.random().toString(36).slice(2, 10);
  const id = `${inverted}-${random}`;
  const full: AuditEntry = { id, at: now.toISOString(), ...entry };
  await setIfAbsent(key('audit', scopeId, id), full);
  return full;
}

/** Newest first. */
export async function readAudit(scopeId: string, limit: number, cursor?: string): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  let q = kvs.query().where('key', WhereConditions.beginsWith(`audit:${scopeId}:`)).limit(Math.min(Math.max(limit, 1), 100));
  if (cursor) q = q.cursor(cursor);
  const page = await q.getMany<AuditEntry>();
  const entries = page.results.map((r) => r.value).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entries, nextCursor: page.nextCursor ?? null };
}
