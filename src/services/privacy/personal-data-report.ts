/** A run's reports to Atlassian (90 accounts a call), and the end of a run that gives up. */
import { privacy } from '@forge/api';
import type { ReportedAccount } from '../../core/privacy';
import * as ps from '../../storage/privacy';
import { LIST_CHUNK } from '../../storage/privacy';
import { privacyTuning, type Budget, type Memo, type RunState } from './personal-data-state';

/** Accounts per request of the reporting API (docs: "Each request allows up to 90 accounts"). */
export const REPORT_BATCH = 90;

// ------------------------------------------------------------------------------ report
interface ResponseLike {
  status: number;
  headers?: { get(name: string): string | null };
}
function isResponseLike(e: unknown): e is ResponseLike {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number';
}

export async function report(state: RunState, budget: Budget, memo: Memo, save: () => Promise<void>): Promise<boolean> {
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
