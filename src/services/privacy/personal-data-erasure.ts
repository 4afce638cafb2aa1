/** A run's last steps: the closed accounts' names, their erasure from every record (pseudonyms), and the finish. */
import { pseudonymOf, pseudonymise } from '../../core/privacy';
import { getUsersBulk } from '../../jira/client';
import * as ps from '../../storage/privacy';
import { PERSONAL_DATA_PREFIXES } from '../../storage/privacy';
import { userLocaleKey } from '../../storage/store';
import { leaveRosterFirst, removeClosedMembers, removeClosedStandIn } from './governance-data';
import { privacyTuning, type Budget, type Memo, type RunState } from './personal-data-state';

// ------------------------------------------------------------------------------ names, apply, finish
/** The display names Jira still gives for the closed accounts, to remove them from free text too. */
export async function closedNames(state: RunState): Promise<void> {
  try {
    for (let i = 0; i < state.closed.length; i += 200) {
      for (const u of await getUsersBulk('app', state.closed.slice(i, i + 200))) {
        const name = u.displayName?.trim();
        if (name && name.length >= 4 && name !== u.accountId && state.closed.includes(u.accountId)) state.names[u.accountId] = name;
      }
    }
  } catch (e) {
    // Best effort: Jira may no longer know the name of a closed account.
    console.warn(`[privacy] run ${state.runId}: display names of closed accounts not read (${e instanceof Error ? e.message : String(e)})`);
  }
}

async function replacementsOf(state: RunState, memo: Memo): Promise<Map<string, string>> {
  memo.secret ??= await ps.pseudonymSecret();
  const map = new Map<string, string>();
  for (const id of state.closed) map.set(id, pseudonymOf(id, memo.secret));
  for (const [id, name] of Object.entries(state.names)) map.set(name, pseudonymOf(id, memo.secret));
  return map;
}

interface SettingsLike {
  defaultRoster?: Record<string, { type?: string; accountId?: string }>;
}

export async function apply(state: RunState, budget: Budget, memo: Memo, save: () => Promise<void>): Promise<boolean> {
  const replacements = await replacementsOf(state, memo);
  const closed = new Set(state.closed);
  let pages = 0;
  while (pages < privacyTuning.pagesPerSave && state.scan.prefix < PERSONAL_DATA_PREFIXES.length) {
    const prefix = PERSONAL_DATA_PREFIXES[state.scan.prefix]!;
    if (prefix === 'privacy:refreshed:') {
      state.scan = { prefix: state.scan.prefix + 1 };
      continue;
    }
    if (!budget.canScan()) break;
    const page = await ps.scanPage(prefix, state.scan.cursor);
    budget.spentPage();
    pages++;
    const auditRewrites: { key: string; value: unknown }[] = [];
    for (const r of page.records) {
      if (await removeClosedStandIn(r.key, r.value, closed)) continue;
      const membersLeft = await removeClosedMembers(r.key, r.value, closed, replacements);
      if (membersLeft !== null) {
        state.stats.membersLeft = (state.stats.membersLeft ?? 0) + membersLeft;
        continue;
      }
      const roster = /^epic:([^:]+):roster:(.+)$/.exec(r.key);
      if (roster && typeof r.value === 'string' && closed.has(r.value)) {
        // The person leaves the roster (unless someone else holds the role by now), the role's next person
        // stepping up; the audit trail says so (the app's changes, with the pseudonym).
        if (!(await leaveRosterFirst(roster[1]!, roster[2]!, r.value, closed, replacements))) continue;
        state.stats.rosterRolesLeft++;
        continue;
      }
      if (!JSON.stringify(r.value).match(needleRe(replacements))) continue;
      if (r.key.startsWith('audit:')) {
        // Audit entries change only here: the closed account's id becomes its pseudonym.
        auditRewrites.push({ key: r.key, value: pseudonymise(r.value, replacements).value });
        continue;
      }
      // Other records may change at any moment: rewrite what is stored now.
      const current = await ps.get<object | string | number | boolean>(r.key);
      if (current === undefined) continue;
      let value: unknown = current;
      if (r.key.startsWith('settings:')) value = clearDefaultRoster(value as SettingsLike, closed, state);
      const next = pseudonymise(value, replacements);
      if (next.changed || value !== current) {
        await ps.put(r.key, next.value);
        state.stats.recordsRewritten++;
      }
    }
    await ps.putMany(auditRewrites);
    state.stats.recordsRewritten += auditRewrites.length;
    state.scan = page.nextCursor ? { prefix: state.scan.prefix, cursor: page.nextCursor } : { prefix: state.scan.prefix + 1 };
  }
  if (state.scan.prefix >= PERSONAL_DATA_PREFIXES.length) state.phase = 'finish';
  if (pages === 0 && state.phase === 'apply') return false;
  await save();
  return state.phase !== 'apply' || budget.canScan();
}

const reCache = new WeakMap<ReadonlyMap<string, string>, RegExp>();
function needleRe(replacements: ReadonlyMap<string, string>): RegExp {
  let re = reCache.get(replacements);
  if (!re) {
    re = new RegExp([...replacements.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    reCache.set(replacements, re);
  }
  return re;
}

/** A closed account is no project's default for a role any more. */
function clearDefaultRoster(settings: SettingsLike, closed: Set<string>, state: RunState): unknown {
  if (!settings?.defaultRoster) return settings;
  let cleared = 0;
  const defaultRoster = Object.fromEntries(
    Object.entries(settings.defaultRoster).map(([role, def]) => {
      if (def?.type === 'user' && def.accountId && closed.has(def.accountId)) {
        cleared++;
        return [role, { type: 'none' }];
      }
      return [role, def];
    }),
  );
  if (cleared === 0) return settings;
  state.stats.defaultRosterEntriesCleared += cleared;
  return { ...settings, defaultRoster };
}

export async function finish(state: RunState): Promise<void> {
  const lists: string[] = [];
  for (let n = 0; n < state.list; n++) lists.push(ps.listKey(n));
  // A closed account's remembered language (storage/store.ts userLocaleKey) goes too.
  await ps.removeMany([...lists, ...state.closed.flatMap((id) => [ps.refreshedKey(id), userLocaleKey(id)])]);
  state.stats.closed = state.closed.length;
  state.closed = [];
  state.names = {};
  state.list = 0;
  state.phase = 'done';
  state.finishedAt = new Date().toISOString();
}
