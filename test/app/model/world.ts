/**
 * The reference model of the model-based test of the panel, the settings page and the project page
 * (issue 21), and how the real sandbox is read to compare with it. One fresh sandbox per run (the
 * personal-data run erases a person for good, and the clock only moves forward), two deployment
 * epics in it. What the model keeps:
 *  - the project: the newest saved template version, the default roster, the closed accounts, when
 *    the personal-data run last started, and today (the sandbox clock, moved by the test);
 *  - per epic: its template version (and so its items), roster, which items are done, which children
 *    were deleted in Jira, the item waivers (with their expiry), the entry-gate waiver, and how many
 *    upgrades its audit trail names.
 */
import YAML from 'yaml';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../../src/core/template';
import type { RoleId } from '../../../src/core/template/schema';
import type { PanelView, Result } from '../../../src/shared/api';
import {
  ACCOUNT_IDS,
  children,
  DEFAULT_ROLE_HOLDERS,
  ok,
  panel,
  settleSearch,
  STATUS_IDS,
  wholeAudit,
  type Sandbox,
  type UserKey,
} from '../helpers';

export const DAY_MS = 86_400_000;
export const ROLES = Object.keys(DEFAULT_ROLE_HOLDERS) as RoleId[];
export const MEMBERS: UserKey[] = ['hankepaallikko', 'palvelustaVastaava', 'arkkitehti', 'toteutustiimi', 'tuotantotiimi', 'ohjausryhma'];
const base = CURRENT_TEMPLATE.items;
/** Items the completion command completes; items waivers are asked for; items whose child is deleted in Jira (disjoint). */
export const COMPLETABLE = base
  .filter((i) => i.kind === 'duty')
  .slice(0, 5)
  .map((i) => i.id);
export const WAIVABLE = base
  .filter((i) => i.kind === 'deliverable')
  .slice(0, 2)
  .map((i) => i.id);
export const DELETABLE = base
  .filter((i) => i.kind === 'duty')
  .slice(5, 7)
  .map((i) => i.id);
/** The person whose account the personal-data run finds closed (never a requester or decider of a waiver here). */
export const CLOSED_ONE: UserKey = 'tuotantotiimi';

export interface EpicModel {
  id: string;
  key: string;
  /** Minor version of the template: 1.m.0 (1.0.0 is the built-in template). */
  minor: number;
  roster: Partial<Record<RoleId, string>>;
  done: Set<string>;
  deleted: Set<string>;
  waivers: Map<string, { status: 'requested' | 'approved' | 'rejected'; expiresOn: string | null }>;
  entryWaiver: boolean;
  upgrades: number;
}

export interface Model {
  newestMinor: number;
  defaults: Partial<Record<RoleId, string>>;
  closed: Set<string>;
  privacyRunAt: number | null;
  /** Kills so far in this run (each costs three seconds of waiting for the watchdog: one a run). */
  kills: number;
  epics: EpicModel[];
}

export interface Stat {
  ran: number;
  accepted: number;
  refused: number;
}

export interface Real {
  sb: Sandbox;
  stats: Record<string, Stat>;
}

/** Today as the app sees it (UTC). */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** The item ids a template version 1.m.0 adds to the built-in one: one duty per minor version. */
export const addedItem = (m: number) => `duty.malli.lisatty-${m}`;
export const itemsOf = (minor: number): string[] => [
  ...base.map((i) => i.id),
  ...Array.from({ length: minor }, (_, k) => addedItem(k + 1)),
];

/** The template file an admin imports as version 1.m.0 (the built-in one with m duties added). */
export function templateText(minor: number): string {
  const d = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as { version: string; items: Record<string, unknown>[] };
  const duty = d.items.find((i) => i.kind === 'duty')!;
  d.version = `1.${minor}.0`;
  for (let m = 1; m <= minor; m++)
    d.items.push({
      ...duty,
      id: addedItem(m),
      text: { fi: `Lisätty tehtävä ${m}`, sv: `Tillagd uppgift ${m}`, en: `Added duty ${m}` },
      subPoints: [],
    });
  return YAML.stringify(d);
}

export const rolesOf = (e: EpicModel, who: UserKey): RoleId[] => ROLES.filter((r) => e.roster[r] === ACCOUNT_IDS[who]);
export const isPm = (e: EpicModel, who: UserKey) => e.roster['project-manager'] === ACCOUNT_IDS[who];

/** What the model says each item of the epic is, as the panel shows it. */
export function expectedItems(e: EpicModel, day: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of itemsOf(e.minor)) {
    const w = e.waivers.get(id);
    out[id] = e.deleted.has(id)
      ? 'missing'
      : e.done.has(id)
        ? 'done'
        : w?.status === 'approved' && (w.expiresOn === null || w.expiresOn >= day)
          ? 'waived'
          : 'open';
  }
  return out;
}

export function expectedEpic(e: EpicModel, day: string) {
  return {
    version: `1.${e.minor}.0`,
    roster: Object.fromEntries(ROLES.filter((r) => e.roster[r]).map((r) => [r, e.roster[r]])),
    items: expectedItems(e, day),
    waivers: Object.fromEntries([...e.waivers.entries()].map(([id, w]) => [id, { status: w.status, expiresOn: w.expiresOn }])),
    entryWaiver: e.entryWaiver,
    entryGate: e.entryWaiver,
    upgrades: e.upgrades,
  };
}

export async function getPanel(sb: Sandbox, e: { id: string; key: string }): Promise<PanelView> {
  return ok(await panel(sb, 'hankepaallikko', e, 'getPanel', {}));
}

/** The epic as the app holds it, in the model's terms (read with a separate getPanel, never from an action's answer). */
export async function observeEpic(sb: Sandbox, e: EpicModel) {
  await sb.harness.triggers.drain();
  await settleSearch(sb);
  const v = await getPanel(sb, e);
  const entry = await sb.harness.invokeValidator('entry-gate-validator', {
    issue: { key: e.key },
    transition: { from: { id: STATUS_IDS.toDo }, to: { id: STATUS_IDS.inProgress } },
    accountId: ACCOUNT_IDS.hankepaallikko,
  });
  sb.harness.kvs.settleQueries();
  const audit = await wholeAudit(sb, e);
  return {
    version: v.phase?.templateVersion ?? '?',
    roster: Object.fromEntries(ROLES.filter((r) => v.roster[r]).map((r) => [r, v.roster[r]])),
    items: Object.fromEntries(v.readiness.items.map((i) => [i.itemId, i.state])),
    waivers: Object.fromEntries(v.waivers.map((w) => [w.itemId, { status: w.status, expiresOn: w.expiresOn ?? null }])),
    entryWaiver: v.entryGateWaiver !== null,
    entryGate: entry.result === true,
    upgrades: audit.filter((a) => a.action === 'template.upgraded').length,
  };
}

/** Compares the epic a command acted on (else every epic) with the model; a command on one epic that
 * changed another is caught by the next command that checks every epic (those on the project, the clock, the privacy run). */
export async function checkAll(m: Model, r: Real, label: string, only?: EpicModel): Promise<void> {
  const day = today();
  for (const e of only ? [only] : m.epics)
    expect({ label, epic: e.key, state: await observeEpic(r.sb, e) }).toEqual({ label, epic: e.key, state: expectedEpic(e, day) });
}

/** Every item of the epic's version has exactly one child of the app's in Jira (none twice, none for a deleted one): after
 * an upgrade, a re-sync or a kill, nothing was created twice or left out. */
export async function checkChildren(r: Real, e: EpicModel, label: string): Promise<void> {
  const marked = (await children(r.sb, e.key)).flatMap((c) => (c.itemId ? [c.itemId] : []));
  expect({ label, children: marked.sort() }).toEqual({
    label,
    children: itemsOf(e.minor)
      .filter((id) => !e.deleted.has(id))
      .sort(),
  });
}

/**
 * Counts one command's outcome and checks that the app accepted it exactly when the model said it
 * would, and that a refusal is a refusal (never INTERNAL).
 */
export function count(
  r: Real,
  name: string,
  predicted: boolean,
  res: Result<unknown> | { ok: boolean; detail?: unknown },
  label: string,
): void {
  const s = (r.stats[name] ??= { ran: 0, accepted: 0, refused: 0 });
  s.ran++;
  if (res.ok) s.accepted++;
  else s.refused++;
  const err = 'error' in res && !res.ok ? (res as { error: { code: string; message: string } }).error : null;
  expect({ label, accepted: res.ok, internal: err?.code === 'INTERNAL' ? err.message : null }).toEqual({
    label,
    accepted: predicted,
    internal: null,
  });
}

export function initialModel(epics: { id: string; key: string }[]): Model {
  return {
    newestMinor: 0,
    defaults: { ...DEFAULT_ROLE_HOLDERS },
    closed: new Set(),
    privacyRunAt: null,
    kills: 0,
    epics: epics.map((e) => ({
      ...e,
      minor: 0,
      roster: { ...DEFAULT_ROLE_HOLDERS },
      done: new Set(),
      deleted: new Set(),
      waivers: new Map(),
      entryWaiver: false,
      upgrades: 0,
    })),
  };
}
