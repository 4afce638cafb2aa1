/**
 * Personal data reporting (Atlassian's user privacy guide, docs: user-privacy-guidelines).
 *
 * Once a week (scheduled trigger `privacy-report`, which checks every hour whether a run is due) the app reports every account id it stores through
 * the personal data reporting API (`privacy.reportPersonalData` of @forge/api: POST
 * /app/report-accounts, at most 90 accounts a request) and acts on the answer:
 *  - `closed`: the account id, and the display name Jira still gives for it (best effort), are
 *    replaced by a stable pseudonym in every stored record, audit entries included; the person leaves
 *    every roster (recorded in the audit trail as the app's roster change) and every default roster;
 *  - `updated`: the app stores no name, email or avatar (they are read from Jira when shown), so only
 *    the account's refresh time is recorded; the next report sends it as the data's age.
 *
 * A run is a small state machine kept in KVS (`privacy:run`): collect (scan every record) → merge
 * (dedupe, oldest time per account) → report (90 a call) → names → apply (rewrite) → finish. Each
 * invocation works within a budget (time, privacy calls, pages), saves its position after each unit
 * of work, and hands over to the next invocation through the queue `privacy-queue`. Every unit is
 * idempotent, so an invocation that dies mid-way is resumed by the next one (queue retry or the next
 * scheduled run) without reporting an account twice in a run. One invocation works on a run at a
 * time: it claims the run's n-th invocation (FAIL_IF_EXISTS) and holds a lease while it works.
 */
import { Queue } from '@forge/events';
import { accountIdsOf, isReportableAccountId, mergeOldest, pseudonymOf, pseudonymise, type ReportedAccount } from '../../core/privacy';
import { getUsersBulk } from '../../jira/client';
import { getAppContext, privacy } from '@forge/api';
import * as ps from '../../storage/privacy';
import { PERSONAL_DATA_PREFIXES, FOUND_CHUNK, LIST_CHUNK } from '../../storage/privacy';
import { userLocaleKey } from '../../storage/store';
import { refreshSummary } from '../portfolio/summary';
import { removeClosedStandIn } from './governance-data';

export const PRIVACY_QUEUE_KEY = 'privacy-queue';
/** Accounts per request of the reporting API (docs: "Each request allows up to 90 accounts"). */
export const REPORT_BATCH = 90;

export const privacyTuning = {
  /**
   * A new run starts when the last one started at least this long ago (or failed). Atlassian's cycle
   * period is 7 days: each account is reported at least that often, and not more often
   * (docs: user-privacy-guidelines). The trigger fires every hour (manifest.yml) and a deployment that
   * changes a scheduled trigger restarts its schedule about 5 minutes later
   * (docs: manifest-reference/modules/scheduled-trigger), so a run starts between 7 days − 90 min and
   * 7 days − 25 min after the previous one (usually 7 days − 1 h), whenever the app is deployed. (With
   * a weekly trigger, a deployment could push the next run to two weeks.)
   */
  minHoursBetweenRuns: 7 * 24 - 1.5,
  /** A failed run is started over this long after it started, not a week later (its accounts may not
   * have been reported); not at once, so an API that keeps refusing costs a few calls a day. */
  hoursBeforeFailedRunRestarts: 6,
  /** Reporting calls per invocation (each is one egress request). */
  maxReportCallsPerInvocation: 30,
  /** KVS query pages (100 records each) per invocation. */
  maxPagesPerInvocation: 300,
  /** Pages scanned between two saves of the scan position. */
  pagesPerSave: 10,
  /** An invocation stops when less than this remains of its time. */
  reserveMs: 8_000,
  /** The longest an invocation holds the run; it holds it for its remaining time (+5 s), at most this long. */
  leaseMs: 16 * 60_000,
  /** Failed reporting calls (5xx, 400) before a run gives up; a new run starts `hoursBeforeFailedRunRestarts` after it started. */
  maxErrors: 5,
};

type Phase = 'collect' | 'merge' | 'report' | 'names' | 'apply' | 'finish' | 'done' | 'failed';

export interface RunStats {
  invocations: number;
  reportCalls: number;
  kvsOps: number;
  recordsScanned: number;
  recordsRewritten: number;
  rosterRolesLeft: number;
  defaultRosterEntriesCleared: number;
  closed: number;
  updated: number;
}

export interface RunState {
  number: number;
  runId: string;
  startedAt: string;
  phase: Phase;
  /** The next invocation's number (claimed once). */
  invocation: number;
  lease: { owner: string; until: number } | null;
  /** Collect and apply: which prefix of PERSONAL_DATA_PREFIXES, and the query cursor within it. */
  scan: { prefix: number; cursor?: string };
  found: number;
  list: number;
  accounts: number;
  /** Index of the next account to report. */
  next: number;
  /** Closed account ids (only while the run works; emptied when it finishes). */
  closed: string[];
  /** Display names of closed accounts that Jira still gave (same lifetime). */
  names: Record<string, string>;
  errors: number;
  lastError?: string;
  stats: RunStats;
  lastProgressAt: string;
  finishedAt?: string;
}

const emptyStats = (): RunStats => ({
  invocations: 0,
  reportCalls: 0,
  kvsOps: 0,
  recordsScanned: 0,
  recordsRewritten: 0,
  rosterRolesLeft: 0,
  defaultRosterEntriesCleared: 0,
  closed: 0,
  updated: 0,
});

/** The invocation's remaining time (Forge's runtime tells; outside Forge, 25 s). */
function remainingMs(): number {
  try {
    const ms = getAppContext().invocationRemainingTimeInMillis();
    if (Number.isFinite(ms)) return ms;
  } catch {
    // not in a Forge invocation
  }
  return 25_000;
}

function newOwner(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** What one invocation may still do. The first unit of work is always allowed, so every invocation makes progress. */
class Budget {
  private calls = 0;
  private pages = 0;
  private readonly deadline = Date.now() + remainingMs();
  /** Set when the reporting API asks to wait: the invocation stops and the continuation is delayed. */
  retryAfterSeconds = 0;
  spentCall(): void {
    this.calls++;
  }
  spentPage(): void {
    this.pages++;
  }
  canCall(): boolean {
    return this.calls < privacyTuning.maxReportCallsPerInvocation && this.hasTime();
  }
  canScan(): boolean {
    return this.pages < privacyTuning.maxPagesPerInvocation && this.hasTime();
  }
  hasTime(): boolean {
    if (this.retryAfterSeconds > 0) return false;
    return this.calls + this.pages === 0 || Date.now() + privacyTuning.reserveMs < this.deadline;
  }
}

export type RunOutcome = 'started' | 'resumed' | 'not-due' | 'busy' | 'held' | 'done' | 'continued' | 'waiting' | 'failed' | 'none';

/** The hourly trigger: starts a run when one is due (about weekly), or resumes an unfinished one. */
export async function runScheduled(now = new Date()): Promise<RunOutcome> {
  const state = await ps.get<RunState>(ps.RUN_KEY);
  if (state && state.phase !== 'done' && state.phase !== 'failed') {
    const r = await advance(state.runId);
    return r === 'busy' || r === 'held' ? 'busy' : 'resumed';
  }
  // Measured from the last run's start, not its end: the next run then reports each account about as
  // far into it as the last one did, so a long run does not push the cycle later.
  const waitHours = state?.phase === 'failed' ? privacyTuning.hoursBeforeFailedRunRestarts : privacyTuning.minHoursBetweenRuns;
  if (state && now.getTime() - Date.parse(state.startedAt) < waitHours * 3_600_000) return 'not-due';
  const number = (state?.number ?? 0) + 1;
  const runId = String(number);
  if (!(await ps.claimRunStart(runId))) return 'busy';
  const fresh: RunState = {
    number,
    runId,
    startedAt: now.toISOString(),
    phase: 'collect',
    invocation: 0,
    lease: null,
    scan: { prefix: 0 },
    found: 0,
    list: 0,
    accounts: 0,
    next: 0,
    closed: [],
    names: {},
    errors: 0,
    stats: emptyStats(),
    lastProgressAt: now.toISOString(),
  };
  await ps.put(ps.RUN_KEY, fresh);
  await advance(runId);
  return 'started';
}

/**
 * The queue consumer: continues the run named in the event. `held` (another invocation holds the
 * run) comes with the seconds until its hold ends: the consumer asks Forge to deliver the event again
 * then, so a run whose invocation died (time limit) is picked up without waiting for the next week.
 */
export async function continueRun(runId: string | undefined): Promise<{ outcome: RunOutcome; retryAfterSeconds: number }> {
  if (!runId) return { outcome: 'none', retryAfterSeconds: 0 };
  const outcome = await advance(runId);
  if (outcome !== 'held') return { outcome, retryAfterSeconds: 0 };
  const state = await ps.get<RunState>(ps.RUN_KEY);
  const waitMs = state?.runId === runId && state.lease ? state.lease.until - Date.now() : 0;
  return { outcome, retryAfterSeconds: waitMs > 0 ? Math.min(900, Math.ceil(waitMs / 1000)) : 1 };
}

async function advance(runId: string): Promise<RunOutcome> {
  let opsCounted = ps.totalKvsOps();
  const loaded = await ps.get<RunState>(ps.RUN_KEY);
  if (!loaded || loaded.runId !== runId) return 'none';
  if (loaded.phase === 'done' || loaded.phase === 'failed') return 'done';
  const now = Date.now();
  if (loaded.lease && loaded.lease.until > now) return 'held';
  if (!(await ps.claimInvocation(runId, loaded.invocation))) return 'busy';
  const owner = newOwner();
  const state: RunState = {
    ...loaded,
    invocation: loaded.invocation + 1,
    lease: { owner, until: now + Math.min(privacyTuning.leaseMs, remainingMs() + 5000) },
  };
  state.stats.invocations++;
  const save = async () => {
    state.lastProgressAt = new Date().toISOString();
    state.stats.kvsOps += ps.totalKvsOps() + 1 - opsCounted;
    opsCounted = ps.totalKvsOps() + 1;
    await ps.put(ps.RUN_KEY, state);
  };
  await save();
  const budget = new Budget();
  const memo = new Memo();
  try {
    while (state.phase !== 'done' && state.phase !== 'failed') {
      const progressed = await step(state, budget, memo, save);
      if (!progressed) break;
    }
  } finally {
    state.lease = null;
    await save();
  }
  if (state.phase === 'done') return 'done';
  if (state.phase === 'failed') return 'failed';
  await pushContinuation(runId, budget.retryAfterSeconds);
  return budget.retryAfterSeconds > 0 ? 'waiting' : 'continued';
}

async function pushContinuation(runId: string, delayInSeconds: number): Promise<void> {
  await new Queue({ key: PRIVACY_QUEUE_KEY }).push({
    body: { runId },
    ...(delayInSeconds > 0 ? { delayInSeconds: Math.min(900, delayInSeconds) } : {}),
  });
}

/** What one invocation keeps in memory: the list chunk being reported, the pseudonym secret. */
class Memo {
  chunk: { n: number; accounts: ReportedAccount[] } | null = null;
  secret: string | null = null;
}

/** One unit of work. Returns false when the invocation's budget is spent. */
async function step(state: RunState, budget: Budget, memo: Memo, save: () => Promise<void>): Promise<boolean> {
  switch (state.phase) {
    case 'collect':
      return collect(state, budget, save);
    case 'merge':
      await merge(state);
      await save();
      return true;
    case 'report':
      return report(state, budget, memo, save);
    case 'names':
      await closedNames(state);
      state.phase = 'apply';
      state.scan = { prefix: 0 };
      await save();
      return true;
    case 'apply':
      return apply(state, budget, memo, save);
    case 'finish':
      await finish(state);
      await save();
      return true;
    default:
      return false;
  }
}

// ------------------------------------------------------------------------------ collect
async function collect(state: RunState, budget: Budget, save: () => Promise<void>): Promise<boolean> {
  const found = new Map<string, { at: string; refreshed?: string }>();
  let pages = 0;
  let scan = { ...state.scan };
  while (pages < privacyTuning.pagesPerSave && scan.prefix < PERSONAL_DATA_PREFIXES.length) {
    if (!budget.canScan()) break;
    const prefix = PERSONAL_DATA_PREFIXES[scan.prefix]!;
    const page = await ps.scanPage(prefix, scan.cursor);
    budget.spentPage();
    pages++;
    state.stats.recordsScanned += page.records.length;
    for (const r of page.records) {
      if (prefix === 'privacy:refreshed:') {
        const id = r.key.slice(prefix.length);
        if (isReportableAccountId(id) && typeof r.value === 'string') {
          const prev = found.get(id);
          found.set(id, { at: prev?.at ?? '~', refreshed: r.value });
        }
        continue;
      }
      // The data's age: when the audit entry was made, else when the record was first stored.
      const entryAt = r.key.startsWith('audit:') ? (r.value as { at?: unknown } | null)?.at : undefined;
      const at = typeof entryAt === 'string' && !Number.isNaN(Date.parse(entryAt)) ? entryAt : (r.createdAt ?? state.startedAt);
      for (const id of accountIdsOf(r.key, r.value)) {
        const prev = found.get(id);
        if (!prev || prev.at === '~' || at < prev.at) found.set(id, { at, ...(prev?.refreshed ? { refreshed: prev.refreshed } : {}) });
      }
    }
    scan = page.nextCursor ? { prefix: scan.prefix, cursor: page.nextCursor } : { prefix: scan.prefix + 1 };
  }
  if (pages === 0) return false;
  // Save what was found, then the position (a rerun after a crash rewrites the same chunk numbers).
  const rows = [...found].map(([id, f]) => (f.refreshed ? [id, f.at, f.refreshed] : [id, f.at]));
  const chunks: { key: string; value: unknown }[] = [];
  for (let i = 0; i < rows.length; i += FOUND_CHUNK)
    chunks.push({ key: ps.foundKey(state.found + chunks.length), value: rows.slice(i, i + FOUND_CHUNK) });
  await ps.putMany(chunks);
  state.found += chunks.length;
  state.scan = scan;
  if (scan.prefix >= PERSONAL_DATA_PREFIXES.length) state.phase = 'merge';
  await save();
  return state.phase !== 'collect' || budget.canScan();
}

// ------------------------------------------------------------------------------ merge
async function merge(state: RunState): Promise<void> {
  const oldest = new Map<string, string>();
  const refreshed = new Map<string, string>();
  const foundKeys: string[] = [];
  for (let n = 0; n < state.found; n++) {
    foundKeys.push(ps.foundKey(n));
    const rows = (await ps.get<[string, string, string?][]>(ps.foundKey(n))) ?? [];
    for (const [id, at, r] of rows) {
      if (at !== '~') mergeOldest(oldest, id, at);
      if (r && (!refreshed.has(id) || r > refreshed.get(id)!)) refreshed.set(id, r);
    }
  }
  // A refresh marker of an account that is stored nowhere else any more is removed, not reported.
  const staleMarkers = [...refreshed.keys()].filter((id) => !oldest.has(id)).map((id) => ps.refreshedKey(id));
  const accounts: ReportedAccount[] = [...oldest.keys()].sort().map((accountId) => {
    const at = oldest.get(accountId)!;
    const r = refreshed.get(accountId);
    return { accountId, updatedAt: r && r > at ? r : at };
  });
  const lists: { key: string; value: unknown }[] = [];
  for (let i = 0; i < accounts.length; i += LIST_CHUNK)
    lists.push({ key: ps.listKey(lists.length), value: accounts.slice(i, i + LIST_CHUNK) });
  await ps.putMany(lists);
  await ps.removeMany([...foundKeys, ...staleMarkers]);
  state.found = 0;
  state.list = lists.length;
  state.accounts = accounts.length;
  state.next = 0;
  state.phase = 'report';
}

// ------------------------------------------------------------------------------ report
interface ResponseLike {
  status: number;
  headers?: { get(name: string): string | null };
}
function isResponseLike(e: unknown): e is ResponseLike {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number';
}

async function report(state: RunState, budget: Budget, memo: Memo, save: () => Promise<void>): Promise<boolean> {
  if (state.next >= state.accounts) {
    state.phase = state.closed.length > 0 ? 'names' : 'finish';
    await save();
    return true;
  }
  if (!budget.canCall()) return false;
  const n = Math.floor(state.next / LIST_CHUNK);
  if (!memo.chunk || memo.chunk.n !== n) memo.chunk = { n, accounts: (await ps.get<ReportedAccount[]>(ps.listKey(n))) ?? [] };
  const offset = state.next - n * LIST_CHUNK;
  const batch = memo.chunk.accounts.slice(offset, offset + REPORT_BATCH);
  if (batch.length === 0) {
    // The chunk is shorter than expected (it cannot be, unless it was removed): skip it.
    state.next = (n + 1) * LIST_CHUNK;
    await save();
    return true;
  }
  budget.spentCall();
  state.stats.reportCalls++;
  let answer: { accountId: string; status: 'closed' | 'updated' }[];
  try {
    answer = await privacy.reportPersonalData(batch);
  } catch (e) {
    const status = isResponseLike(e) ? e.status : 0;
    if (status === 429) {
      const retryAfter = Number(e && isResponseLike(e) ? e.headers?.get('retry-after') : NaN);
      budget.retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : 60;
      return false;
    }
    state.errors++;
    state.lastError = status ? `the reporting API answered ${status}` : e instanceof Error ? e.message : String(e);
    console.error(`[privacy] run ${state.runId}: ${state.lastError}`);
    if (state.errors >= privacyTuning.maxErrors) await fail(state);
    else budget.retryAfterSeconds = 60 * state.errors;
    await save();
    return false;
  }
  const updated: string[] = [];
  for (const a of answer) {
    if (!batch.some((b) => b.accountId === a.accountId)) continue; // only what was asked about
    if (a.status === 'closed' && !state.closed.includes(a.accountId)) state.closed.push(a.accountId);
    if (a.status === 'updated') updated.push(a.accountId);
  }
  // Nothing about an account is cached (names are read from Jira when shown): refreshing means
  // recording that the data is current as of now, so the next report sends that age.
  const at = new Date().toISOString();
  await ps.putMany(updated.filter((id) => !state.closed.includes(id)).map((id) => ({ key: ps.refreshedKey(id), value: at })));
  state.stats.updated += updated.length;
  state.next += batch.length;
  await save();
  return true;
}

// ------------------------------------------------------------------------------ names, apply, finish
/** The display names Jira still gives for the closed accounts, to remove them from free text too. */
async function closedNames(state: RunState): Promise<void> {
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

async function apply(state: RunState, budget: Budget, memo: Memo, save: () => Promise<void>): Promise<boolean> {
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
      const roster = /^epic:([^:]+):roster:(.+)$/.exec(r.key);
      if (roster && typeof r.value === 'string' && closed.has(r.value)) {
        // The person leaves the roster (unless someone else holds the role by now); the audit trail
        // says so (the app's change, with the pseudonym).
        const holder = await ps.get<string>(r.key);
        if (holder !== r.value) continue;
        await ps.appendAuditEntry(roster[1]!, {
          by: 'app',
          action: 'roster.changed',
          subject: roster[2]!,
          before: replacements.get(r.value),
          after: null,
        });
        await ps.remove(r.key);
        state.stats.rosterRolesLeft++;
        // The epic's gate summary lists the roster's people (and whether the role is filled): it is
        // refreshed now, so Jira's copy drops the closed account too (no trigger follows a KVS write).
        await refreshSummary(roster[1]!);
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

async function finish(state: RunState): Promise<void> {
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

/** A run that gives up keeps no account ids: the next run finds them again. */
async function fail(state: RunState): Promise<void> {
  const lists: string[] = [];
  for (let n = 0; n < state.list; n++) lists.push(ps.listKey(n));
  for (let n = 0; n < state.found; n++) lists.push(ps.foundKey(n));
  await ps.removeMany(lists);
  state.closed = [];
  state.names = {};
  state.list = 0;
  state.found = 0;
  state.phase = 'failed';
  state.finishedAt = new Date().toISOString();
}

/** The current or last run, without account ids once it is done (for the sandbox and tests). */
export async function lastRun(): Promise<RunState | undefined> {
  return ps.get<RunState>(ps.RUN_KEY);
}
