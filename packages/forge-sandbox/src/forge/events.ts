/**
 * The platform's event store: every trigger event and async (queue) event the harness has
 * accepted, kept in the sandbox database (table `forge_events`) until it is acknowledged, dropped
 * or cancelled. Forge delivers "at least once" (runtime-reference/async-events-api, "Delivery
 * guarantees"), so an event accepted before the sandbox stops or crashes is delivered after it
 * starts again on the same database; one that was being delivered is delivered again.
 *
 * Each event keeps its own retry log (attempt, time, outcome, error, next delay).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { statementCache, type Prepare } from '../sqlite';

export type EventKind = 'trigger' | 'consumer';
export type EventState = 'pending' | 'running' | 'done' | 'dropped' | 'cancelled';

export interface EventLogEntry {
  at: string;
  attempt: number;
  outcome: string;
  error?: string;
  nextInMs?: number;
}

export interface StoredEvent {
  id: string;
  kind: EventKind;
  moduleKey: string;
  functionKey: string;
  /** Event type (trigger) or queue name (consumer). */
  event: string;
  /** Issue key (trigger) or job id (consumer). */
  subject: string;
  jobId: string | null;
  principal: string | null;
  payload: Record<string, unknown>;
  /** False for the extra copies of an at-least-once delivery (not counted in job stats). */
  primary: boolean;
  attempt: number;
  retryReason: string | null;
  retryData: unknown;
  enqueuedAt: number;
  dueAt: number;
  state: EventState;
  log: EventLogEntry[];
}

interface Row {
  id: string;
  kind: EventKind;
  module_key: string;
  function_key: string;
  event: string;
  subject: string;
  job_id: string | null;
  principal: string | null;
  payload: string;
  is_primary: number;
  attempt: number;
  retry_reason: string | null;
  retry_data: string | null;
  enqueued_at: number;
  due_at: number;
  state: EventState;
  log: string;
}

function fromRow(r: Row): StoredEvent {
  return {
    id: r.id,
    kind: r.kind,
    moduleKey: r.module_key,
    functionKey: r.function_key,
    event: r.event,
    subject: r.subject,
    jobId: r.job_id,
    principal: r.principal,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    primary: r.is_primary === 1,
    attempt: r.attempt,
    retryReason: r.retry_reason,
    retryData: r.retry_data === null ? undefined : (JSON.parse(r.retry_data) as unknown),
    enqueuedAt: r.enqueued_at,
    dueAt: r.due_at,
    state: r.state,
    log: JSON.parse(r.log) as EventLogEntry[],
  };
}

export interface NewEvent {
  kind: EventKind;
  moduleKey: string;
  functionKey: string;
  event: string;
  subject: string;
  jobId: string | null;
  principal: string | null;
  payload: Record<string, unknown>;
  primary: boolean;
  dueInMs: number;
}

export class EventStore {
  private readonly sql: Prepare;

  constructor(private readonly db: Database) {
    this.sql = statementCache(db);
    db.exec(`CREATE TABLE IF NOT EXISTS forge_events (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      module_key TEXT NOT NULL,
      function_key TEXT NOT NULL,
      event TEXT NOT NULL,
      subject TEXT NOT NULL,
      job_id TEXT,
      principal TEXT,
      payload TEXT NOT NULL,
      is_primary INTEGER NOT NULL,
      attempt INTEGER NOT NULL DEFAULT 0,
      retry_reason TEXT,
      retry_data TEXT,
      enqueued_at INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      state TEXT NOT NULL,
      log TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX IF NOT EXISTS forge_events_state ON forge_events (state);
    CREATE INDEX IF NOT EXISTS forge_events_job ON forge_events (job_id);
    CREATE TABLE IF NOT EXISTS forge_jobs (job_id TEXT PRIMARY KEY, queue TEXT NOT NULL, created_at INTEGER NOT NULL)`);
  }

  insert(e: NewEvent, now = Date.now()): string {
    const id = randomUUID();
    this.sql(
      `INSERT INTO forge_events (id, kind, module_key, function_key, event, subject, job_id, principal, payload, is_primary, enqueued_at, due_at, state)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    ).run(
      id,
      e.kind,
      e.moduleKey,
      e.functionKey,
      e.event,
      e.subject,
      e.jobId,
      e.principal,
      JSON.stringify(e.payload),
      e.primary ? 1 : 0,
      now,
      now + e.dueInMs,
    );
    return id;
  }

  get(id: string): StoredEvent | undefined {
    const r = this.sql('SELECT * FROM forge_events WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  markRunning(id: string): void {
    this.sql("UPDATE forge_events SET state = 'running' WHERE id = ?").run(id);
  }

  /** Records one delivery attempt; the event is acknowledged, dropped, or due again after `retry.retryAfterMs`. */
  finish(
    id: string,
    entry: EventLogEntry,
    outcome: 'done' | 'dropped' | { retryAfterMs: number; reason: string; data: unknown },
    now = Date.now(),
  ): void {
    const row = this.get(id);
    if (!row) return;
    const log = JSON.stringify([...row.log, entry]);
    if (typeof outcome === 'string') {
      this.sql('UPDATE forge_events SET state = ?, log = ? WHERE id = ?').run(outcome, log, id);
      return;
    }
    this.sql(
      `UPDATE forge_events SET state = 'pending', attempt = attempt + 1, retry_reason = ?, retry_data = ?, due_at = ?, log = ? WHERE id = ?`,
    ).run(outcome.reason, outcome.data === undefined ? null : JSON.stringify(outcome.data), now + outcome.retryAfterMs, log, id);
  }

  /**
   * After a restart: every event still pending is due again; one that was being delivered when the
   * sandbox stopped is delivered again, as a platform-level retry (which does not count as a retry
   * of the app: runtime-reference/async-events-api, RetryContext `retryCount`).
   */
  resumable(now = Date.now()): StoredEvent[] {
    const interrupted = this.sql("SELECT * FROM forge_events WHERE state = 'running'").all() as Row[];
    for (const r of interrupted) {
      const log = JSON.stringify([
        ...(JSON.parse(r.log) as EventLogEntry[]),
        { at: new Date(now).toISOString(), attempt: r.attempt, outcome: 'interrupted (the sandbox stopped during the delivery)' },
      ]);
      this.sql(
        "UPDATE forge_events SET state = 'pending', retry_reason = 'FUNCTION_PLATFORM_UNKNOWN_ERROR', due_at = ?, log = ? WHERE id = ?",
      ).run(now, log, r.id);
    }
    return (this.sql("SELECT * FROM forge_events WHERE state = 'pending' ORDER BY due_at").all() as Row[]).map(fromRow);
  }

  registerJob(jobId: string, queue: string, now = Date.now()): void {
    this.sql('INSERT OR IGNORE INTO forge_jobs (job_id, queue, created_at) VALUES (?, ?, ?)').run(jobId, queue, now);
  }

  /** `getJob(jobId).getStats()`: counted over the job's events (not their extra copies). */
  jobStats(jobId: string): { success: number; inProgress: number; failed: number } | null {
    if (!this.sql('SELECT 1 FROM forge_jobs WHERE job_id = ?').get(jobId)) return null;
    const rows = this.sql('SELECT state, COUNT(*) AS n FROM forge_events WHERE job_id = ? AND is_primary = 1 GROUP BY state').all(
      jobId,
    ) as { state: EventState; n: number }[];
    const count = (...states: EventState[]) => rows.filter((r) => states.includes(r.state)).reduce((a, r) => a + r.n, 0);
    return { success: count('done'), inProgress: count('pending', 'running'), failed: count('dropped', 'cancelled') };
  }

  /** `getJob(jobId).cancel()`: the job's pending events are not delivered. Returns their ids, or null for an unknown job. */
  cancelJob(jobId: string): string[] | null {
    if (!this.sql('SELECT 1 FROM forge_jobs WHERE job_id = ?').get(jobId)) return null;
    const ids = (this.sql("SELECT id FROM forge_events WHERE job_id = ? AND state = 'pending'").all(jobId) as { id: string }[]).map(
      (r) => r.id,
    );
    this.sql("UPDATE forge_events SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'").run(jobId);
    return ids;
  }

  all(): StoredEvent[] {
    return (this.sql('SELECT * FROM forge_events ORDER BY enqueued_at, id').all() as Row[]).map(fromRow);
  }
}
