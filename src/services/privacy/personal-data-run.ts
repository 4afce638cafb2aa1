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
 *
 * The steps live in their own files: personal-data-state.ts (the run's state, tuning, budget),
 * personal-data-collect.ts (collect, merge), personal-data-report.ts (report, fail) and
 * personal-data-erasure.ts (names, apply, finish).
 */
import { Queue } from '@forge/events';
import * as ps from '../../storage/privacy';
import { privacyTuning, emptyStats, remainingMs, newOwner, Budget, Memo, type RunState } from './personal-data-state';
import { collect, merge } from './personal-data-collect';
import { report } from './personal-data-report';
import { closedNames, apply, finish } from './personal-data-erasure';

export { privacyTuning, type RunStats, type RunState } from './personal-data-state';
export { REPORT_BATCH } from './personal-data-report';

export const PRIVACY_QUEUE_KEY = 'privacy-queue';

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

/** The current or last run, without account ids once it is done (for the sandbox and tests). */
export async function lastRun(): Promise<RunState | undefined> {
  return ps.get<RunState>(ps.RUN_KEY);
}
