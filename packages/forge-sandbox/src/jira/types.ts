/**
 * Public types of the Jira Cloud REST v3 emulator (the emulator ↔ harness interface,
 * see docs/ARCHITECTURE.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import type { StrictControl, StrictOptions } from './strict';
import type { User } from './user';

export type { IssueWriteLimit, PointsQuota, StrictControl, StrictOptions, StrictState } from './strict';

export type { AccountType, User } from './user';

export interface ValidatorCall {
  issue: { id: string; key: string };
  transition: { id: string; name: string; from: { id: string }; to: { id: string } };
  validators: { moduleKey: string; configuration: unknown }[];
  actorAccountId: string;
  modifiedFields: Record<string, unknown>;
}

export interface ValidatorResult {
  result: boolean;
  errorMessage?: string;
}

export type IssueEventType = 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue';

export interface ChangelogItem {
  field: string;
  from: string | null;
  to: string | null;
  fromString?: string | null;
  toString?: string | null;
}

export interface IssueEvent {
  eventType: IssueEventType;
  issue: { id: string; key: string; fields: Record<string, unknown> };
  atlassianId: string;
  changelog?: { items: ChangelogItem[] };
}

export interface EmulatorHooks {
  runValidators?(call: ValidatorCall): Promise<ValidatorResult>;
  onIssueEvent?(event: IssueEvent): void;
}

export interface RateLimit {
  maxRequests: number;
  windowMs: number;
  retryAfterSeconds: number;
}

export interface FaultMatch {
  method?: string;
  pathPrefix?: string;
}

/** Common to every fault: `skip` matching requests pass untouched before it applies (default 0). */
interface FaultBase {
  match?: FaultMatch;
  times: number;
  skip?: number;
}

/**
 * `status`: answered with that status, the request not processed. `drop`: the connection closed, the
 * request not processed. `lost`: the request IS processed (it takes effect), then its answer is lost:
 * the connection closed, or with `status` that status instead of the real answer (a gateway timing out
 * on a request Jira still carries out).
 */
export type Fault =
  | (FaultBase & { kind: 'status'; status: 500 | 502 | 503 })
  | (FaultBase & { kind: 'drop' })
  | (FaultBase & { kind: 'lost'; status?: 502 | 503 | 504 });

export interface FaultState {
  latencyMs: number;
  rateLimit: RateLimit | null;
  faults: Fault[];
}

export interface FaultControl {
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;
  injectFaults(faults: Fault[]): void;
  clear(): void;
  state(): FaultState;
}

export interface EmulatorStats {
  readonly requests: number;
  readonly byRoute: Record<string, number>;
  reset(): void;
}

export interface ValidatorAttachment {
  moduleKey: string;
  configuration?: unknown;
}

export interface WorkflowControl {
  /** Replace the Forge validators on a transition of the workflow used by that issue type. */
  setValidators(projectKey: string, issueTypeName: string, transitionId: string, validators: (string | ValidatorAttachment)[]): void;
  getValidators(
    projectKey: string,
    issueTypeName: string,
    transitionId: string,
  ): { moduleKey: string; configuration: unknown; ruleId: string }[];
}

export interface JiraEmulatorOptions {
  db?: Database;
  /** better-sqlite3 file path; default ':memory:'. Ignored when `db` is given. */
  dbPath?: string;
  /** Seed when the database is empty (default true). */
  seed?: boolean;
  hooks?: EmulatorHooks;
  /** Base URL used in `self` links; default: from the request's Host header. */
  baseUrl?: string;
  /** How long a validator hook may take before the transition is refused (default 30 000 ms). */
  validatorTimeoutMs?: number;
  /**
   * Strict mode (sandbox/jira/strict.ts): search lags behind writes unless `reconcileIssues` names the issue,
   * per-issue write limit and points quota answer 429. `true` = the defaults. Off by default.
   */
  strict?: StrictOptions | boolean;
  /** Clock of strict mode (ms); default Date.now. */
  clock?: () => number;
}

export interface CreateScreenControl {
  /**
   * Sets the fields on the create screen of a project's issue type (by name or id); `null` = every field.
   * `project` and `issuetype` are always accepted. Persisted in the emulator's database.
   */
  set(projectKey: string, issueType: string, fields: string[] | null): void;
  /** The configured fields, or null when the screen has every field. */
  get(projectKey: string, issueType: string): string[] | null;
}

export interface JiraEmulator {
  /** Handles /rest/api/3/**, /rest/api/2/** (answers 404 with a hint) and /__sandbox/jira/**; returns false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  listen(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
  db: Database;
  faults: FaultControl;
  users: { byEmail(email: string): User | undefined; byAccountId(id: string): User | undefined; all(): User[] };
  stats: EmulatorStats;
  workflows: WorkflowControl;
  strict: StrictControl;
  createScreens: CreateScreenControl;
  /** Make a project company-managed ('classic') or team-managed ('next-gen'); GET /project shows `style` and `simplified`. */
  setProjectStyle(projectKey: string, style: 'classic' | 'next-gen'): void;
  hooks: EmulatorHooks;
  /** Wipe the emulator's tables and seed again (tables of others in the same DB are kept). */
  reset(): void;
}
