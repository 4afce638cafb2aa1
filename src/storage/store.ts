/**
 * Repositories over @forge/kvs (the app's own store inside Atlassian). One key per independently
 * changing fact, so two people changing different facts at the same moment never overwrite each
 * other; create-once facts use `FAIL_IF_EXISTS`.
 *
 * Keys. An epic's state is read with `kvs.batchGet` on keys derived from the template's item and
 * condition ids and the role ids, never with a prefix query: `kvs.query` is eventually consistent
 * (storage-reference/kvs, "Data consistency") and could miss a confirmation or revoke just made, or
 * the children map, while `get`/`batchGet` are strictly consistent. Only the audit trail, which is
 * append-only and only listed, is read with a query.
 *   epic:<epicId>:meta               PhaseMeta (written once, FAIL_IF_EXISTS)
 *   epic:<epicId>:roster:<roleId>    account id for that role (its first person)
 *   epic:<epicId>:members:<roleId>   the role's further people (account ids; storage/governance.ts)
 *   epic:<epicId>:risk               the epic's current risk level
 *   epic:<epicId>:spawn              SpawnStatus
 *   epic:<epicId>:children           itemId → {id, key} of the created children
 *   epic:<epicId>:op                 an operation of several steps (a template upgrade), recorded before its first
 *                                    outside write and deleted after its audit entry (FAIL_IF_EXISTS)
 *   epic:<epicId>:dedup              a duplicate cleanup's intent (storage/dedup.ts), deleted after its audit entry
 *   epic:<epicId>:inflight           itemId → {sentAt, owner}: the intent of a create request whose answer is
 *                                    not known yet (written before the request, cleared with its answer)
 *   epic:<epicId>:att:<conditionId>  AttestationRecord (FAIL_IF_EXISTS: confirmed twice = recorded once)
 *   epic:<epicId>:att:<conditionId>#<n>  a further confirmation of a condition with a quorum (n = 2…10)
 *   epic:<epicId>:waiver:<itemId>    WaiverRecord
 *   lock:<epicId>                    spawn claim (FAIL_IF_EXISTS, expires)
 *   lock:<epicId>:takeover:<expiresAt>:<owner>   who took over that stale claim (FAIL_IF_EXISTS, 1-day TTL)
 *   decision:<epicId>:<itemId>:<requestedAt>     who decided that waiver request (FAIL_IF_EXISTS)
 *   settings:<projectId>             ProjectSettings
 *   audit:<scopeId>:<inverted time>:<random>  AuditEntry, newest first in key order; never rewritten
 */
import { createHash } from 'node:crypto';
import { kvs, WhereConditions } from '@forge/kvs';
import type {
  AttestationRecord,
  AuditEntry,
  EntryGateWaiverRecord,
  PhaseRecord,
  ProjectSettings,
  Roster,
  RosterMembers,
  SpawnStatus,
  WaiverRecord,
} from '../shared/api';
import { MAX_ROLE_HOLDERS, ROLE_IDS, type RoleId } from '../core/domain';
import { TEMPLATES } from '../core/template/registry';
import {
  accountIdSchema,
  attestationSchema,
  membersSchema,
  auditEntrySchema,
  childRefsSchema,
  inflightSchema,
  operationSchema,
  dossierRecordSchema,
  parseRecord,
  phaseMetaSchema,
  riskLevelSchema,
  settingsRecordSchema,
  spawnClaimSchema,
  spawnStatusSchema,
  waiverSchema,
  type DossierRecord,
  type RecordSchema,
  type StoredOperation,
} from './records';

export { StoredRecordError } from './records';

/** What is recorded once when the phase starts: a PhaseRecord without its changing parts. */
export type PhaseMeta = Omit<PhaseRecord, 'roster' | 'riskLevel' | 'spawn'>;

export type ChildRefs = Record<string, { id: string; key: string }>;
/** Items whose create request was sent (at `sentAt`, by the spawn owner `owner`) without a known answer. */
export type Inflight = Record<string, { sentAt: number; owner: string }>;

export interface EpicState {
  meta: PhaseMeta | null;
  roster: Roster;
  /** The further people of each role (several per role); empty for a roster of one person per role. */
  members: RosterMembers;
  riskLevel: string | null;
  spawn: SpawnStatus | null;
  children: ChildRefs;
  /** Create requests sent without a known answer: the items may exist in Jira already. */
  inflight?: Inflight;
  attestations: AttestationRecord[];
  waivers: WaiverRecord[];
}

const epicPrefix = (epicId: string) => `epic:${epicId}:`;

/** Forge KVS keys allow letters, digits and `:._-#` and spaces; our ids are already in that set. */
function key(...parts: string[]): string {
  return parts.join(':');
}

export function isKeyExistsError(e: unknown): boolean {
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

/** Reads one key strictly (kvs.get) and parses it. */
async function getParsed<T>(k: string, schema: RecordSchema<T>): Promise<T | undefined> {
  const value = await kvs.get<unknown>(k);
  return value === undefined ? undefined : parseRecord(k, schema, value);
}

/** Forge allows at most 25 keys per batch operation (storage-reference/kvs-batch). */
const BATCH_LIMIT = 25;

/** Reads keys strictly (kvs.batchGet, 25 per call, in parallel). Absent keys are absent from the map. */
export async function getMany(keys: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_LIMIT) batches.push(keys.slice(i, i + BATCH_LIMIT));
  await Promise.all(
    batches.map(async (batch) => {
      const r = await kvs.batchGet<unknown>(batch.map((k) => ({ key: k })));
      for (const ok of r.successfulKeys) out.set(ok.key, ok.value);
      const failed = r.failedKeys.filter((f) => f.error?.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0) {
        throw new Error(
          `Forge storage could not read ${failed.map((f) => `"${f.key}" (${f.error?.code ?? '?'}: ${f.error?.message ?? ''})`).join(', ')}`,
        );
      }
    }),
  );
  return out;
}

/** Every item id and condition id of every known template version (ids are stable across versions). */
function knownIds(): { itemIds: string[]; conditionIds: string[] } {
  const items = new Set<string>();
  const conditions = new Set<string>();
  for (const versions of Object.values(TEMPLATES)) {
    for (const t of Object.values(versions)) {
      for (const i of t.items) items.add(i.id);
      for (const c of [...t.gates.entry.conditions, ...t.gates.exit.conditions]) conditions.add(c.id);
    }
  }
  return { itemIds: [...items], conditionIds: [...conditions] };
}

/** The keys of one epic's state (the ids of every built-in template version). */
export function epicStateKeys(epicId: string): string[] {
  const { itemIds, conditionIds } = knownIds();
  return [
    key('epic', epicId, 'meta'),
    key('epic', epicId, 'risk'),
    key('epic', epicId, 'spawn'),
    key('epic', epicId, 'children'),
    key('epic', epicId, 'inflight'),
    ...ROLE_IDS.map((r) => key('epic', epicId, 'roster', r)),
    ...ROLE_IDS.map((r) => key('epic', epicId, 'members', r)),
    ...conditionIds.map((c) => key('epic', epicId, 'att', c)),
    ...itemIds.map((i) => key('epic', epicId, 'waiver', i)),
  ];
}

/** The item and condition ids of a project's saved template version (ptpl:<projectId>:<templateId>:<version>,
 * src/storage/templates.ts), read strictly; saved versions never change, so they are kept per runtime. */
type TemplateIds = { itemIds: string[]; conditionIds: string[]; quorumConditionIds: string[] };
const projectTemplateIds = new Map<string, TemplateIds>();
async function idsOfProjectTemplate(meta: PhaseMeta): Promise<TemplateIds> {
  const k = `ptpl:${meta.projectId}:${meta.templateId}:${meta.templateVersion}`;
  const record = await kvs.get<{ savedAt?: string; template?: unknown }>(k);
  if (!record) return { itemIds: [], conditionIds: [], quorumConditionIds: [] };
  const cacheKey = `${k}:${record.savedAt ?? ''}`;
  const cached = projectTemplateIds.get(cacheKey);
  if (cached) return cached;
  const ids = (list: unknown): string[] =>
    Array.isArray(list)
      ? list.flatMap((x) =>
          x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string' ? [(x as { id: string }).id] : [],
        )
      : [];
  const t = (record.template ?? {}) as { items?: unknown; gates?: { entry?: { conditions?: unknown }; exit?: { conditions?: unknown } } };
  const conditions = [t.gates?.entry?.conditions, t.gates?.exit?.conditions].flatMap((c) => (Array.isArray(c) ? (c as unknown[]) : []));
  const out = {
    itemIds: ids(t.items),
    conditionIds: [...ids(t.gates?.entry?.conditions), ...ids(t.gates?.exit?.conditions)],
    // Conditions with a quorum keep their further confirmations under slot keys (storage/governance.ts).
    quorumConditionIds: ids(conditions.filter((c) => Number((c as { quorum?: unknown } | null)?.quorum) > 1)),
  };
  projectTemplateIds.set(cacheKey, out);
  return out;
}

/** The slots of a condition's further confirmations (a quorum of at most MAX_ROLE_HOLDERS people). */
const FURTHER_SLOTS = Array.from({ length: MAX_ROLE_HOLDERS - 1 }, (_, i) => i + 2);

/** Keys of the epic's own template (a project's saved version) that no built-in version has: their
 * confirmations and waivers are part of the state too. */
async function extraStateKeys(epicId: string, meta: PhaseMeta): Promise<string[]> {
  const known = knownIds();
  const own = await idsOfProjectTemplate(meta);
  const items = new Set(known.itemIds);
  const conditions = new Set(known.conditionIds);
  return [
    ...own.conditionIds.filter((c) => !conditions.has(c)).map((c) => key('epic', epicId, 'att', c)),
    ...own.quorumConditionIds.flatMap((c) => FURTHER_SLOTS.map((n) => key('epic', epicId, 'att', `${c}#${n}`))),
    ...own.itemIds.filter((i) => !items.has(i)).map((i) => key('epic', epicId, 'waiver', i)),
  ];
}

// ------------------------------------------------------------------------------ epic state
/** An epic's whole state, read strictly (batchGet on derived keys) and parsed. */
export async function readEpicState(epicId: string): Promise<EpicState> {
  return (await readEpicStateWith(epicId, [])).state;
}

/** The key of a project's index of saved template versions (storage/templates.ts). */
export const templateIndexKey = (projectId: string) => `ptplindex:${projectId}`;

/**
 * Whether an epic's template version is a built-in one, by the project's index of saved versions:
 * not listed there, and a built-in version with that id exists. A saved version that the index
 * missed (a crash between its two writes) cannot share a built-in's id and version: a project can
 * only save a version newer than the built-in one (template-admin.ts).
 */
export function isBuiltInVersion(index: unknown, templateId: string, version: string): boolean {
  const listed = Array.isArray(index) && index.some((e) => Array.isArray(e) && e[0] === templateId && e[1] === version);
  return !listed && Object.hasOwn(TEMPLATES, templateId) && Object.hasOwn(TEMPLATES[templateId] ?? {}, version);
}

/**
 * An epic's whole state and, in the same strict batch reads, the values of `alsoRead` (absent keys
 * are absent from the map). When `projectId` is given, the project's template index is read too, so
 * an epic on a built-in template costs no further read (only an epic on a project's own version
 * reads that version's ids: one more strict read).
 */
export async function readEpicStateWith(
  epicId: string,
  alsoRead: string[],
  projectId?: string,
): Promise<{ state: EpicState; also: Map<string, unknown>; builtInTemplate: boolean }> {
  const prefix = epicPrefix(epicId);
  const indexKey = projectId ? templateIndexKey(projectId) : null;
  const stateKeys = epicStateKeys(epicId);
  const values = await getMany([...stateKeys, ...alsoRead, ...(indexKey ? [indexKey] : [])]);
  const also = new Map<string, unknown>();
  for (const k of alsoRead) {
    if (values.has(k)) also.set(k, values.get(k));
    if (!k.startsWith(prefix) || !stateKeys.includes(k)) values.delete(k);
  }
  const index = indexKey ? values.get(indexKey) : undefined;
  if (indexKey) values.delete(indexKey);
  // An epic on a project's own template version may have confirmations and waivers under ids no
  // built-in version has: read those keys too (one more strict read, only for such epics).
  const metaKey = key('epic', epicId, 'meta');
  const metaValue = values.get(metaKey);
  const meta = metaValue === undefined ? null : parseRecord(metaKey, phaseMetaSchema, metaValue);
  const builtInTemplate = !!meta && !!indexKey && isBuiltInVersion(index, meta.templateId, meta.templateVersion);
  if (meta && !builtInTemplate) {
    const extra = await extraStateKeys(epicId, meta);
    if (extra.length) for (const [k, v] of await getMany(extra)) values.set(k, v);
  }
  const state: EpicState = {
    meta,
    roster: {},
    members: {},
    riskLevel: null,
    spawn: null,
    children: {},
    attestations: [],
    waivers: [],
  };
  for (const [k, value] of values) {
    const rest = k.slice(prefix.length);
    const [kind, sub] = [rest.split(':')[0], rest.split(':').slice(1).join(':')];
    if (kind === 'roster') state.roster[sub as RoleId] = parseRecord(k, accountIdSchema, value);
    else if (kind === 'members') state.members[sub as RoleId] = parseRecord(k, membersSchema, value);
    else if (kind === 'risk') state.riskLevel = parseRecord(k, riskLevelSchema, value);
    else if (kind === 'spawn') state.spawn = parseRecord(k, spawnStatusSchema, value);
    else if (kind === 'children') state.children = parseRecord(k, childRefsSchema, value);
    else if (kind === 'inflight') state.inflight = parseRecord(k, inflightSchema, value);
    else if (kind === 'att') state.attestations.push(parseRecord(k, attestationSchema, value));
    else if (kind === 'waiver') state.waivers.push(parseRecord(k, waiverSchema, value));
  }
  // Key order, as the prefix query gave them before.
  state.attestations.sort((a, b) =>
    a.conditionId < b.conditionId ? -1 : a.conditionId > b.conditionId ? 1 : (a.slot ?? 1) - (b.slot ?? 1),
  );
  state.waivers.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return { state, also, builtInTemplate };
}

/** The children map alone (strict read). */
export async function getChildren(epicId: string): Promise<ChildRefs> {
  return (await getParsed(key('epic', epicId, 'children'), childRefsSchema)) ?? {};
}

/** The spawn status alone (strict read). */
export async function getSpawnStatus(epicId: string): Promise<SpawnStatus | undefined> {
  return getParsed(key('epic', epicId, 'spawn'), spawnStatusSchema);
}

/** A "running" spawn whose owner's claim has lapsed is not running: its owner is gone (it resumes by itself). */
export function effectiveSpawnStatus(spawn: SpawnStatus | null, now = Date.now()): SpawnStatus {
  if (!spawn) return { state: 'not-started', created: 0, total: 0, warnings: [] };
  if (spawn.state !== 'running') return spawn;
  const expires = spawn.ownerExpiresAt ? Date.parse(spawn.ownerExpiresAt) : NaN;
  // A status written before owners were recorded carries no expiry: read it as interrupted too.
  if (Number.isFinite(expires) && expires > now) return spawn;
  return { ...spawn, state: spawn.created >= spawn.total && spawn.total > 0 ? 'complete' : 'partial' };
}

export function toPhaseRecord(state: EpicState, now = Date.now()): PhaseRecord | null {
  if (!state.meta) return null;
  return {
    ...state.meta,
    roster: state.roster,
    riskLevel: state.riskLevel,
    spawn: effectiveSpawnStatus(state.spawn, now),
  };
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

export type { StoredOperation };

/** Records an operation's intent; false when another is recorded for the epic. */
export async function putOperation(epicId: string, op: StoredOperation): Promise<boolean> {
  return setIfAbsent(key('epic', epicId, 'op'), op);
}

export async function getOperation(epicId: string): Promise<StoredOperation | undefined> {
  return getParsed(key('epic', epicId, 'op'), operationSchema);
}

export async function deleteOperation(epicId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'op'));
}

/** Records (or, when empty, clears) the create requests whose answer is not known. */
export async function setInflight(epicId: string, inflight: Inflight): Promise<void> {
  const k = key('epic', epicId, 'inflight');
  if (Object.keys(inflight).length === 0) await kvs.delete(k);
  else await kvs.set(k, inflight);
}

/** Records an attestation once. Returns the record that holds. */
export async function addAttestation(epicId: string, record: AttestationRecord): Promise<{ created: boolean; record: AttestationRecord }> {
  const k = key('epic', epicId, 'att', record.conditionId);
  if (await setIfAbsent(k, record)) return { created: true, record };
  const existing = await getParsed(k, attestationSchema);
  return { created: false, record: existing ?? record };
}

export async function getAttestation(epicId: string, conditionId: string): Promise<AttestationRecord | undefined> {
  return getParsed(key('epic', epicId, 'att', conditionId), attestationSchema);
}

export async function deleteAttestation(epicId: string, conditionId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'att', conditionId));
}

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

// ------------------------------------------------------------------------------ closure dossiers given out
// epic:<epicId>:dossier:<sha-256 hex>  DossierRecord: the digest of a dossier the app built and gave
// out, so that an archived copy can be checked for authenticity (a digest anyone can recompute after
// editing proves integrity only). Written once, never rewritten (no user can write the app's storage).
export async function recordDossier(epicId: string, record: DossierRecord): Promise<boolean> {
  return setIfAbsent(key('epic', epicId, 'dossier', record.digest), record);
}

export async function getDossierRecord(epicId: string, digest: string): Promise<DossierRecord | undefined> {
  if (!/^[0-9a-f]{64}$/.test(digest)) return undefined;
  return getParsed(key('epic', epicId, 'dossier', digest), dossierRecordSchema);
}

// ------------------------------------------------------------------------------ spawn claim
export interface SpawnClaim {
  owner: string;
  expiresAt: number;
}

/** Claims the right to spawn an epic's children until `now + ttlMs`. An expired claim is taken over
 * by exactly one claimant: the takeover of that particular stale claim is itself a create-once key.
 * When the claim is held by someone else, `holder` says by whom and until when. */
export async function claimSpawn(
  epicId: string,
  owner: string,
  ttlMs: number,
  now = Date.now(),
): Promise<{ claimed: boolean; holder?: SpawnClaim }> {
  const k = key('lock', epicId);
  const claim: SpawnClaim = { owner, expiresAt: now + ttlMs };
  if (await setIfAbsent(k, claim)) return { claimed: true };
  const existing = await getParsed(k, spawnClaimSchema);
  if (!existing)
    return (await setIfAbsent(k, claim))
      ? { claimed: true }
      : { claimed: false, holder: (await getParsed(k, spawnClaimSchema)) ?? undefined }; // released in the meantime
  if (existing.expiresAt > now) return { claimed: false, holder: existing };
  const takeover = key('lock', epicId, 'takeover', String(existing.expiresAt), existing.owner);
  if (!(await setIfAbsent(takeover, { owner, at: now }, 1)))
    return { claimed: false, holder: (await getParsed(k, spawnClaimSchema)) ?? existing };
  await kvs.set(k, claim);
  return { claimed: true };
}

export async function releaseSpawn(epicId: string, owner: string): Promise<void> {
  const k = key('lock', epicId);
  const existing = await getParsed(k, spawnClaimSchema);
  if (existing?.owner === owner) await kvs.delete(k);
}

// ------------------------------------------------------------------------------ settings
export async function getProjectSettings(projectId: string): Promise<ProjectSettings | undefined> {
  return getParsed(key('settings', projectId), settingsRecordSchema);
}

export const settingsKey = (projectId: string) => key('settings', projectId);
export const entryGateWaiverKey = (epicId: string) => key('epic', epicId, 'entry-waiver');

/** A project's settings as read in a batch (undefined when absent). */
export function parseProjectSettings(projectId: string, value: unknown): ProjectSettings | undefined {
  return value === undefined ? undefined : parseRecord(settingsKey(projectId), settingsRecordSchema, value);
}

// ------------------------------------------------------------------------------ a person's language
/**
 * The language a person's Jira profile had when they last used the app (the panel sends its
 * context's locale), so that the workflow validator can answer in it without asking Jira. The key
 * holds a hash of the account id, the value only the locale; it expires after LOCALE_TTL_DAYS (and
 * is written again on the person's next use), so a closed account's entry goes by itself.
 */
export const LOCALE_TTL_DAYS = 30;
export const userLocaleKey = (accountId: string) =>
  `ulocale:${createHash('sha256').update(`kayttoonotto:${accountId}`).digest('hex').slice(0, 40)}`;

export function parseUserLocale(value: unknown): string | null {
  const v = value as { locale?: unknown } | undefined;
  return v && typeof v.locale === 'string' && /^[a-z]{2}[-_][A-Z]{2}$/.test(v.locale) ? v.locale : null;
}

export async function rememberUserLocale(accountId: string, locale: string): Promise<void> {
  await kvs.set(userLocaleKey(accountId), { locale }, { ttl: { value: LOCALE_TTL_DAYS, unit: 'DAYS' } });
}

export async function putProjectSettings(projectId: string, settings: ProjectSettings): Promise<void> {
  await kvs.set(key('settings', projectId), settings);
}

// ------------------------------------------------------------------------------ audit trail
const MAX_TIME = 9_999_999_999_999;

/** A new audit entry id for the moment `now`: newest first in key order. */
export function auditIdAt(now: Date): string {
  const inverted = String(MAX_TIME - now.getTime()).padStart(13, '0');
  return `${inverted}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Appends an entry; entries are never rewritten. `scopeId` is the epic id (or `project-<id>`).
 * With `fixedId` (an operation's entry, its id chosen when its intent was recorded) it is written once
 * however often the operation's last step runs. */
export async function appendAudit(
  scopeId: string,
  entry: Omit<AuditEntry, 'id' | 'at'>,
  now = new Date(),
  fixedId?: string,
): Promise<AuditEntry> {
  const id = fixedId ?? auditIdAt(now);
  const full: AuditEntry = { id, at: now.toISOString(), ...entry };
  await setIfAbsent(key('audit', scopeId, id), full);
  return full;
}

/** Newest first. */
export async function readAudit(
  scopeId: string,
  limit: number,
  cursor?: string,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  let q = kvs
    .query()
    .where('key', WhereConditions.beginsWith(`audit:${scopeId}:`))
    .limit(Math.min(Math.max(limit, 1), 100));
  if (cursor) q = q.cursor(cursor);
  const page = await q.getMany<unknown>();
  const entries = page.results
    .map((r) => parseRecord(r.key, auditEntrySchema, r.value))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entries, nextCursor: page.nextCursor ?? null };
}
