/** A personal data run's state (kept in KVS, `privacy:run`), its tuning, and what one invocation may still do. */
import { getAppContext } from '@forge/api';
import type { ReportedAccount } from '../../core/privacy';

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
  /** Closed accounts taken off a role's further people (absent in a run started before this was counted). */
  membersLeft?: number;
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

export const emptyStats = (): RunStats => ({
  invocations: 0,
  reportCalls: 0,
  kvsOps: 0,
  recordsScanned: 0,
  recordsRewritten: 0,
  rosterRolesLeft: 0,
  membersLeft: 0,
  defaultRosterEntriesCleared: 0,
  closed: 0,
  updated: 0,
});

/** The invocation's remaining time (Forge's runtime tells; outside Forge, 25 s). */
export function remainingMs(): number {
  try {
    const ms = getAppContext().invocationRemainingTimeInMillis();
    if (Number.isFinite(ms)) return ms;
  } catch {
    // not in a Forge invocation
  }
  return 25_000;
}

export function newOwner(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** What one invocation may still do. The first unit of work is always allowed, so every invocation makes progress. */
export class Budget {
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

/** What one invocation keeps in memory: the list chunk being reported, the pseudonym secret. */
export class Memo {
  chunk: { n: number; accounts: ReportedAccount[] } | null = null;
  secret: string | null = null;
}
