/** The Forge runtime harness's options and its interface (index.ts builds it). */
import type { IncomingMessage } from 'node:http';
import type { Database } from 'better-sqlite3';
import type { EmulatorHooks, ValidatorResult } from '../jira/types';
import type { StoredEvent } from './events';
import type { ParsedManifest } from './manifest';
import type { PrivacyEndpoint } from './privacy';
import type { ScheduledTriggers } from './scheduled';

export type Handler = (...args: unknown[]) => unknown;

export interface ForgeHarnessOptions {
  db: Database;
  manifestPath?: string;
  loadApp?: () => Record<string, unknown>;
  appId?: string;
  environmentId?: string;
  cloudId?: string;
  siteUrl?: string;
  /**
   * Real ms per platform ms for function time limits (default 1). Each function's limit comes from
   * the manifest (docs: limits-invocation): 25 s for resolvers, product-event triggers and
   * validators; 55 s, or `timeoutSeconds` (≤ 900), for a function only queue consumers and
   * scheduled triggers use. A test compresses them all with this factor.
   */
  invocationTimeScale?: number;
  /** A test knob: no invocation runs longer than this (ms), whatever the manifest allows (default: no cap). */
  invocationTimeoutMs?: number;
  /** Delay before a trigger or queue event is delivered (default 300 ms). */
  triggerDelayMs?: number;
  /** How many times every trigger/queue event is delivered, concurrently (default 1). */
  triggerDuplicates?: number;
  /** Retries after a retry request (InvocationError) or, for queue events, a failure (default 4). */
  maxEventRetries?: number;
  /** Backoff unit for those retries: delay = unit × max(retryAfter, 2^(retry-1)) (default 1000 ms). */
  retryBaseDelayMs?: number;
  /** Multiplier for a queue event's `delayInSeconds` (default 1: real seconds). */
  queueDelayScale?: number;
  /** Where harness diagnostics go (default console). */
  logger?: Pick<Console, 'error' | 'warn' | 'info'>;
  /**
   * Strict mode: the platform behaves as Atlassian documents it, where that is less convenient
   * (README.md of this package, fidelity table): `kvs.query` lags behind writes; resolver contexts carry no
   * locale; events arrive late (up to 3 platform minutes), sometimes twice, and async events are
   * retried with backoff (up to ~15 platform minutes) after every failure until acknowledged, for
   * 24 platform hours. Platform time runs `timeScale` times faster than real time.
   */
  strict?: boolean;
  /** Strict mode: how far `kvs.query` lags behind writes (default 1500 ms). */
  kvsQueryLagMs?: number;
  /**
   * Strict mode: how long an entry may still be read after its TTL has passed (Forge: up to 48 h,
   * storage-reference/kvs-api "Time-to-live"; default 48 platform hours, compressed by `timeScale`).
   */
  kvsTtlLingerMs?: number;
  /** Strict mode: real ms per platform ms for the platform's own delays (default 0.001: 24 h → 86 s). */
  timeScale?: number;
  /** Multiplier for delays the app asks for (`delayInSeconds`, `retryAfter`) in strict mode (default 1: never shortened). */
  appDelayScale?: number;
  /** Strict mode: share of events delivered one extra time (default 0.2). */
  duplicateRate?: number;
  /** Seed of the strict mode's random lags and duplicates (default 1). */
  randomSeed?: number;
  /** Latency (ms) added to every KVS request and queue push of the app (default 0; the bench sets it). */
  platformLatencyMs?: number;
}

export interface ResolverCallContext {
  accountId: string | null;
  moduleKey: string;
  extension: Record<string, unknown>;
  locale?: string;
  timezone?: string;
  theme?: string;
  localId?: string;
}

export interface ValidatorInvocationArgs {
  issue: { key: string; id?: string };
  configuration?: unknown;
  transition: { from: { id: string }; to: { id: string }; id?: string; name?: string };
  modifiedFields?: Record<string, unknown>;
  accountId: string;
}

export interface JiraCall {
  invocationId: string;
  functionKey: string;
  actor: 'user' | 'app';
  accountId: string | null;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  ms: number;
  /** When the request left the app (epoch ms). */
  at?: number;
  /** Set when the harness refused the call because the manifest lacks a scope. */
  scopeDenied?: { operation: string; missing: string[] };
}

export interface DeliveryRecord {
  kind: 'trigger' | 'consumer';
  moduleKey: string;
  functionKey: string;
  /** Event type (trigger) or queue name (consumer). */
  event: string;
  /** Issue key (trigger) or job id (consumer). */
  subject: string;
  attempt: number;
  outcome: 'ok' | 'error' | 'timeout' | 'retry-requested';
  error?: string;
  /** The stored event (one per copy of an at-least-once delivery). */
  eventId: string;
  /** When the invocation started and ended (epoch ms). */
  startedAt?: number;
  finishedAt?: number;
}

/** One KVS request of an invocation (for tests: what the app read and wrote). */
export interface KvsCall {
  invocationId: string;
  functionKey: string;
  /** `/api/v1/get`, `/api/v1/batch/get`, `/api/v1/query`, ... */
  path: string;
  keys: string[];
}

/** One push of the app to an async-event queue (for tests and the bench: what was queued, by whom). */
export interface QueuePushCall {
  invocationId: string;
  functionKey: string;
  queueName: string;
  /** The pushed events' bodies. */
  bodies: unknown[];
}

/** A test hook: an answer Jira gives that the emulator cannot be made to give (e.g. a request-level 400). */
export interface JiraOverride {
  method: string;
  pathPrefix: string;
  status: number;
  body: unknown;
  /** How many matching requests it answers (default 1). */
  times?: number;
}

export interface FilterRecord {
  trigger: string;
  eventType: string;
  issueKey: string;
  delivered: boolean;
}

export interface ForgeHarness {
  attachJira(baseUrl: string): void;
  emulatorHooks: EmulatorHooks;
  invokeResolver(functionKey: string, resolverName: string, payload: unknown, ctx: ResolverCallContext): Promise<unknown>;
  invokeValidator(moduleKey: string, args: ValidatorInvocationArgs): Promise<ValidatorResult>;
  triggers: {
    drain(): Promise<void>;
    setDelay(ms: number): void;
    setDuplicates(n: number): void;
    pending(): number;
    /** Every trigger / queue delivery attempt and its outcome. */
    deliveries: DeliveryRecord[];
    /** Every event a trigger's `filter.expression` let through or dropped. */
    filtered: FilterRecord[];
    /** The stored events with their per-event retry logs (persisted in the sandbox database). */
    events(): StoredEvent[];
    /** Test hook: an async event on `queueName`, as if the app had pushed it (no principal). */
    push(queueName: string, body: unknown): void;
  };
  /** Whether strict mode is on. */
  strict: boolean;
  jiraLog: JiraCall[];
  /** Every KVS request, with the keys it named. */
  kvsLog: KvsCall[];
  /** Every queue push of the app. */
  queueLog: QueuePushCall[];
  /** Latency (ms) added to every KVS request and queue push (the emulator's faults add it to Jira calls). */
  setPlatformLatency(ms: number): void;
  /** Test hook: runs a consumer module's function now on one event body, as a delivery would (no retries). */
  invokeConsumer(consumerModuleKey: string, body: unknown): Promise<unknown>;
  /** Test hook: answers matching Jira requests of the app instead of the emulator. */
  overrideJira(o: JiraOverride): void;
  kvs: {
    dump(): Record<string, unknown>;
    clear(): void;
    /** Strict mode: `kvs.query` catches up with every write now (as if its lag had passed). */
    settleQueries(): void;
  };
  /**
   * Runs an emulator request handler in the scope of the app invocation that sent it (read from the
   * X-Sandbox-Invocation header), so that issue events it causes are known to be the app's own
   * (`filter.ignoreSelf`). sandbox/sandbox.ts wraps the emulator with it.
   */
  runInRequestScope<T>(req: IncomingMessage, fn: () => T): T;
  manifest: ParsedManifest;
  /** A function's time limit in this harness (ms): the manifest's limit (limits-invocation), compressed and capped as configured. */
  functionLimitMs(functionKey: string): number;
  /** The personal data reporting API (privacy.ts). */
  privacy: PrivacyEndpoint;
  /** Scheduled triggers, run on demand (scheduled.ts). */
  scheduled: ScheduledTriggers;
  /** Serves the harness's HTTP controls (`/__sandbox/privacy/**`, `/__sandbox/scheduled/**`); true when it answered. */
  handleControl(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/** Thrown to the caller when an invocation exceeds its time limit (Forge: "Function timed out"). */
export class ForgeFunctionTimeoutError extends Error {
  readonly code = 'FUNCTION_TIME_OUT';
  constructor(
    readonly functionKey: string,
    readonly timeoutMs: number,
    readonly invocationId: string,
    /** The function's limit on Forge, in seconds (limits-invocation). */
    readonly limitSeconds: number = 25,
  ) {
    super(
      `Function timed out: invocation ${invocationId} of function "${functionKey}" exceeded ${timeoutMs} ms (its limit on Forge is ${limitSeconds} s)`,
    );
    this.name = 'FUNCTION_TIME_OUT';
  }
}
