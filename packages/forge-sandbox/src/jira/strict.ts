/**
 * Strict mode of the emulator: Jira Cloud behaviours that a happy-path emulator hides.
 *
 * - Search lags behind writes (OpenAPI, POST /rest/api/3/search/jql: "Recent updates might not be immediately
 *   visible in the returned search results"; `reconcileIssues`, at most 50 ids, makes the named issues current).
 *   Modelled as: a search at time T sees each issue as it was at T - searchLagMs (created later: absent;
 *   deleted later: still there), except the issues named in `reconcileIssues`.
 * - Per-issue write limit (developer.atlassian.com/cloud/jira/platform/rate-limiting, "Per-issue write limits";
 *   PLATFORM-FACTS: about 20 writes per 2 s): the next write to that issue answers 429 with `Retry-After`
 *   and `RateLimit-Reason: jira-per-issue-on-write`.
 * - Points-based quota (same page, "Points-based quota"): each request of the app (Forge `asApp`/`asUser`
 *   traffic, i.e. `X-Sandbox-Actor`; a person's own Basic-auth requests are not metered, as API-token traffic
 *   is not) costs 1 point plus 1 per object returned by a read; writes cost 1. When the window's budget is
 *   spent, requests answer 429 with `Retry-After` (seconds to the window's end) and
 *   `RateLimit-Reason: jira-quota-tenant-based`, until the window ends. The real hourly budget is compressed
 *   into a configurable window.
 *
 * Create screens (POST /issue and /issue/bulk set only fields on the create screen) are configured per
 * project and issue type in both modes (sandbox/jira/resources/issue-writes.ts); they default to every field.
 */
import type { IssueRow, Store } from './db';

export interface IssueWriteLimit {
  writes: number;
  windowMs: number;
}

export interface PointsQuota {
  points: number;
  windowMs: number;
}

export interface StrictOptions {
  /** How far search lags behind writes (default 1500 ms). */
  searchLagMs?: number;
  /** Default 20 writes per 2 000 ms per issue; null = no limit. */
  issueWriteLimit?: IssueWriteLimit | null;
  /** Default none (the real quota is hourly and large); set a compressed one to exercise it. */
  pointsQuota?: PointsQuota | null;
}

export interface StrictState {
  enabled: boolean;
  searchLagMs: number;
  issueWriteLimit: IssueWriteLimit | null;
  pointsQuota: PointsQuota | null;
  pointsUsed: number;
  /** Issues whose latest writes search does not show yet. */
  lagging: number;
}

export interface StrictControl {
  /** Switch strict behaviour on or off (options keep their values). */
  enable(on: boolean): void;
  configure(opts: StrictOptions): void;
  /** The search index catches up with every write now (as if the lag had passed). */
  settleSearch(): void;
  state(): StrictState;
}

export const DEFAULT_SEARCH_LAG_MS = 1500;
export const DEFAULT_ISSUE_WRITE_LIMIT: IssueWriteLimit = { writes: 20, windowMs: 2000 };
export const RECONCILE_MAX = 50;

interface Version {
  at: number;
  row: IssueRow | null;
  props: Map<string, unknown>;
  /** Values of the app's custom fields. */
  fields: Map<string, unknown>;
}

interface Lagging {
  /** What search shows until the first pending version is old enough. */
  base: Version;
  /** States after each write not yet visible, oldest first. */
  pending: Version[];
}

export interface RateLimited {
  retryAfterSeconds: number;
  reason: 'jira-per-issue-on-write' | 'jira-quota-tenant-based';
  resetAt: number;
}

export class Strict implements StrictControl {
  private enabled: boolean;
  private searchLagMs = DEFAULT_SEARCH_LAG_MS;
  private writeLimit: IssueWriteLimit | null = { ...DEFAULT_ISSUE_WRITE_LIMIT };
  private quota: PointsQuota | null = null;
  private quotaWindowStart = 0;
  private pointsUsed = 0;
  private readonly lagging = new Map<number, Lagging>();
  private readonly writes = new Map<number, number[]>();

  constructor(
    private readonly store: Store,
    opts: StrictOptions | boolean | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = opts !== undefined && opts !== false;
    if (typeof opts === 'object') this.configure(opts);
  }

  get on(): boolean {
    return this.enabled;
  }

  enable(on: boolean): void {
    this.enabled = on;
    if (!on) this.reset();
  }

  configure(opts: StrictOptions): void {
    if (opts.searchLagMs !== undefined) {
      if (!Number.isFinite(opts.searchLagMs) || opts.searchLagMs < 0) throw new Error('searchLagMs must be >= 0');
      this.searchLagMs = opts.searchLagMs;
    }
    if (opts.issueWriteLimit !== undefined) {
      const l = opts.issueWriteLimit;
      if (l && (!Number.isInteger(l.writes) || l.writes < 1 || !(l.windowMs > 0)))
        throw new Error('issueWriteLimit needs writes >= 1 and windowMs > 0');
      this.writeLimit = l ? { ...l } : null;
      this.writes.clear();
    }
    if (opts.pointsQuota !== undefined) {
      const q = opts.pointsQuota;
      if (q && (!(q.points > 0) || !(q.windowMs > 0))) throw new Error('pointsQuota needs points > 0 and windowMs > 0');
      this.quota = q ? { ...q } : null;
      this.quotaWindowStart = this.now();
      this.pointsUsed = 0;
    }
  }

  settleSearch(): void {
    this.lagging.clear();
  }

  /** Forgets runtime counters and the lag (the database was reset). */
  reset(): void {
    this.lagging.clear();
    this.writes.clear();
    this.pointsUsed = 0;
    this.quotaWindowStart = this.now();
  }

  state(): StrictState {
    this.prune();
    return {
      enabled: this.enabled,
      searchLagMs: this.searchLagMs,
      issueWriteLimit: this.writeLimit ? { ...this.writeLimit } : null,
      pointsQuota: this.quota ? { ...this.quota } : null,
      pointsUsed: this.pointsUsed,
      lagging: this.lagging.size,
    };
  }

  // ---- search lag -------------------------------------------------------------------------------

  private snapshot(issueId: number): Version {
    const row = this.store.issueById(issueId) ?? null;
    const props = new Map<string, unknown>();
    if (row) {
      for (const key of this.store.propertyKeys(issueId)) {
        const p = this.store.property(issueId, key);
        if (p.found) props.set(key, p.value);
      }
    }
    return { at: this.now(), row, props, fields: row ? this.store.fieldValues(issueId) : new Map() };
  }

  /** Called by the store before any write to an issue (its row or its properties). */
  beforeIssueWrite(issueId: number): void {
    if (!this.enabled || this.searchLagMs === 0) return;
    if (!this.lagging.has(issueId)) this.lagging.set(issueId, { base: this.snapshot(issueId), pending: [] });
  }

  /** Called by the store after any write to an issue. */
  afterIssueWrite(issueId: number): void {
    const l = this.lagging.get(issueId);
    if (!l) return;
    const v = this.snapshot(issueId);
    const last = l.pending[l.pending.length - 1];
    if (last && last.at === v.at) l.pending[l.pending.length - 1] = v;
    else l.pending.push(v);
  }

  private prune(): void {
    const horizon = this.now() - this.searchLagMs;
    for (const [id, l] of this.lagging) {
      while (l.pending.length > 0 && (l.pending[0] as Version).at <= horizon) l.base = l.pending.shift() as Version;
      if (l.pending.length === 0) this.lagging.delete(id);
    }
  }

  /**
   * The issues search sees in these projects: current rows, except lagging issues (shown as the index has
   * them) unless reconciled. `property` reads the same version.
   */
  searchView(
    projectIds: string[],
    reconcile: ReadonlySet<number>,
  ): {
    rows: IssueRow[];
    property: (row: IssueRow, key: string) => { found: true; value: unknown } | { found: false };
    field: (row: IssueRow, fieldId: string) => { found: true; value: unknown } | { found: false };
  } {
    const current = this.store.issuesInProjects(projectIds);
    const live = (row: IssueRow, key: string) => this.store.property(row.id, key);
    const liveField = (row: IssueRow, fieldId: string) => this.store.fieldValue(row.id, fieldId);
    if (!this.enabled || this.lagging.size === 0) return { rows: current, property: live, field: liveField };
    this.prune();
    const inProjects = new Set(projectIds);
    const stale = new Map<number, Version>();
    for (const [id, l] of this.lagging) if (!reconcile.has(id)) stale.set(id, l.base);
    const rows: IssueRow[] = [];
    for (const r of current) {
      const v = stale.get(r.id);
      if (!v) rows.push(r);
      else if (v.row && inProjects.has(v.row.project_id)) rows.push(v.row);
    }
    // deleted (or moved away) since the index last saw them
    for (const [id, v] of stale) if (v.row && inProjects.has(v.row.project_id) && !current.some((r) => r.id === id)) rows.push(v.row);
    rows.sort((a, b) => a.id - b.id);
    return {
      rows,
      property: (row, key) => {
        const v = stale.get(row.id);
        if (!v) return live(row, key);
        return v.props.has(key) ? { found: true, value: v.props.get(key) } : { found: false };
      },
      field: (row, fieldId) => {
        const v = stale.get(row.id);
        if (!v) return liveField(row, fieldId);
        return v.fields.has(fieldId) ? { found: true, value: v.fields.get(fieldId) } : { found: false };
      },
    };
  }

  // ---- rate limits ------------------------------------------------------------------------------

  /** Counts a write to one issue; returns the 429 to answer when over the per-issue limit. */
  checkIssueWrite(issueId: number): RateLimited | undefined {
    const limit = this.writeLimit;
    if (!this.enabled || !limit) return undefined;
    const now = this.now();
    const recent = (this.writes.get(issueId) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.writes) {
      const resetAt = (recent[0] as number) + limit.windowMs;
      this.writes.set(issueId, recent);
      return { retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)), reason: 'jira-per-issue-on-write', resetAt };
    }
    recent.push(now);
    this.writes.set(issueId, recent);
    return undefined;
  }

  private rollQuotaWindow(now: number): void {
    const q = this.quota;
    if (q && now - this.quotaWindowStart >= q.windowMs) {
      this.quotaWindowStart = now - ((now - this.quotaWindowStart) % q.windowMs);
      this.pointsUsed = 0;
    }
  }

  /** Before an app request: the 429 to answer when the quota is spent. */
  checkQuota(): RateLimited | undefined {
    const q = this.quota;
    if (!this.enabled || !q) return undefined;
    const now = this.now();
    this.rollQuotaWindow(now);
    if (this.pointsUsed < q.points) return undefined;
    const resetAt = this.quotaWindowStart + q.windowMs;
    return { retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)), reason: 'jira-quota-tenant-based', resetAt };
  }

  /** After an app request: charge its points (1, plus 1 per object a read returned). */
  charge(method: string, status: number, body: unknown): void {
    if (!this.enabled || !this.quota) return;
    this.rollQuotaWindow(this.now());
    this.pointsUsed += 1 + (method === 'GET' || method === 'POST' ? objectsIn(method, status, body) : 0);
  }
}

/** Objects a read returned (issues, users, projects, values…); a single object counts 1; writes count 0. */
function objectsIn(method: string, status: number, body: unknown): number {
  if (status >= 400 || body === undefined || body === null) return 0;
  if (Array.isArray(body)) return body.length;
  if (typeof body !== 'object') return 0;
  // a create (201) is a write: base cost only, also for the bulk create's list
  if (method === 'POST' && status === 201) return 0;
  const b = body as Record<string, unknown>;
  for (const k of ['issues', 'values', 'workflows']) if (Array.isArray(b[k])) return (b[k] as unknown[]).length;
  return method === 'GET' ? 1 : 0;
}

/** Headers of a rate-limited answer (developer.atlassian.com/cloud/jira/platform/rate-limiting, "Rate limit responses"). */
export function rateLimitHeaders(r: RateLimited): Record<string, string> {
  return {
    'Retry-After': String(r.retryAfterSeconds),
    'RateLimit-Reason': r.reason,
    // "yyyy-MM-ddTHH:mmZ"
    'X-RateLimit-Reset': `${new Date(r.resetAt).toISOString().slice(0, 16)}Z`,
  };
}
