/** An epic's whole state, read strictly in batches (the keys are listed in store.ts). */
import { kvs } from '@forge/kvs';
import type { AttestationRecord, PhaseRecord, Roster, RosterMembers, SpawnStatus, WaiverRecord } from '../shared/api';
import { ROLE_IDS, type RoleId } from '../core/domain';
import { MAX_ROLE_HOLDERS } from '../core/domain';
import { TEMPLATES } from '../core/template/registry';
import {
  accountIdSchema,
  attestationSchema,
  membersSchema,
  childRefsSchema,
  inflightSchema,
  parseRecord,
  phaseMetaSchema,
  riskLevelSchema,
  spawnStatusSchema,
  waiverSchema,
} from './records';
import { getMany, key } from './kvs-util';

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
