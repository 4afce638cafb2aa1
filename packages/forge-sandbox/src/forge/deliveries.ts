/**
 * The harness's asynchronous deliveries: product-event triggers and queue events (@forge/events), persisted in the
 * sandbox database (forge_events), delivered late, at least once, retried and bounded by concurrency keys as Forge
 * documents (runtime-reference/async-events-api; events-reference/product_events).
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IssueEvent } from '../jira/types';
import type { EventStore } from './events';
import type { ParsedManifest } from './manifest';
import { invocationStorage, type InvocationState } from './runtime';
import { ForgeFunctionTimeoutError, type DeliveryRecord, type FilterRecord } from './types';
import { errorMessage, isRecord, jsonResponse, jsonRoundTrip, retrySignal, type RetrySignal } from './util';

export const APP_ACCOUNT_ID = 'sandbox-app';

export interface DeliveryDeps {
  manifest: ParsedManifest;
  events: EventStore;
  log: Pick<Console, 'error' | 'warn' | 'info'>;
  strict: boolean;
  random: () => number;
  /** Real ms per platform ms for the platform's own delays (strict mode). */
  timeScale: number;
  duplicateRate: number;
  retentionMs: number;
  maxRetries: number;
  retryUnit: number;
  appDelayScale: number;
  delayMs: number;
  duplicates: number;
  cloudId: string;
  filters: Map<string, (event: unknown) => boolean>;
  requestScope: AsyncLocalStorage<{ invocation: InvocationState }>;
  deliveries: DeliveryRecord[];
  filtered: FilterRecord[];
  isClosed(): boolean;
  invoke(
    functionKey: string,
    kind: InvocationState['kind'],
    moduleKey: string,
    principal: string | null,
    args: unknown[],
  ): Promise<unknown>;
  functionContext(principal: string | null): Record<string, unknown>;
}

export function createDeliveries(deps: DeliveryDeps) {
  const { manifest, events, log, strict, random, timeScale, duplicateRate, retentionMs, maxRetries, retryUnit, appDelayScale } = deps;
  const { cloudId, filters, requestScope, deliveries, filtered, invoke, functionContext } = deps;
  let { delayMs, duplicates } = deps;

  /** Strict mode: how late the platform delivers (trigger: "up to 3 minutes", manifest-reference/modules/trigger), compressed. */
  function platformLag(maxPlatformMs: number): number {
    return strict ? Math.round(random() * maxPlatformMs * timeScale) : 0;
  }

  /** How many copies of one event are delivered: `triggerDuplicates`, and in strict mode sometimes one more (at least once). */
  function copies(): number {
    return duplicates + (strict && random() < duplicateRate ? 1 : 0);
  }

  function queuePush(state: InvocationState, req: Record<string, unknown>): Response {
    const queueName = typeof req.queueName === 'string' ? req.queueName : '';
    const jobId = typeof req.jobId === 'string' ? req.jobId : randomUUID();
    const pushed = Array.isArray(req.payload) ? req.payload.filter(isRecord) : [];
    const consumers = manifest.consumers.filter((c) => c.queue === queueName);
    if (consumers.length === 0)
      log.warn(`[forge-sandbox] ${state.functionKey} pushed to queue "${queueName}", which no consumer module of the manifest reads`);
    events.registerJob(jobId, queueName);
    pushed.forEach((ev, i) => {
      const delayInSeconds = typeof ev.delayInSeconds === 'number' ? Math.min(900, Math.max(0, ev.delayInSeconds)) : undefined;
      const asyncEvent: Record<string, unknown> = {
        body: ev.body,
        jobId,
        eventId: `${jobId}-${i}`,
        queueName,
        ...(delayInSeconds !== undefined ? { delayInSeconds } : {}),
        ...(isRecord(ev.concurrency) ? { concurrency: ev.concurrency } : {}),
      };
      for (const c of consumers) {
        const n = copies();
        for (let copy = 0; copy < n; copy++) {
          // The delay the app asked for is never shortened (appDelayScale, default 1); the platform's own lag is compressed.
          const due = delayMs + (delayInSeconds ?? 0) * 1000 * appDelayScale + platformLag(60_000);
          const id = events.insert({
            kind: 'consumer',
            moduleKey: c.key,
            functionKey: c.function,
            event: queueName,
            subject: jobId,
            jobId,
            principal: state.principal,
            payload: asyncEvent,
            primary: copy === 0,
            dueInMs: due,
          });
          scheduleEvent(id, due);
        }
      }
    });
    return jsonResponse(201, {});
  }

  // ---- async deliveries (triggers, queue), persisted in the sandbox database (forge_events) ----
  const timers = new Map<NodeJS.Timeout, () => void>();
  const eventTimers = new Map<string, NodeJS.Timeout>();
  const pendingTasks = new Set<Promise<void>>();
  function schedule(ms: number, task: () => Promise<void>, eventId?: string): void {
    if (deps.isClosed()) return;
    const p = new Promise<void>((done) => {
      // Start from a clean async context: not inside the pushing invocation or the emulator request.
      invocationStorage.exit(() =>
        requestScope.exit(() => {
          const t = setTimeout(
            () => {
              timers.delete(t);
              if (eventId) eventTimers.delete(eventId);
              task()
                .catch((e: unknown) => log.error(`[forge-sandbox] delivery failed: ${errorMessage(e)}`))
                .finally(done);
            },
            Math.max(0, ms),
          );
          timers.set(t, done);
          if (eventId) eventTimers.set(eventId, t);
        }),
      );
    });
    pendingTasks.add(p);
    void p.finally(() => pendingTasks.delete(p));
  }
  function unschedule(eventId: string): void {
    const t = eventTimers.get(eventId);
    if (!t) return;
    clearTimeout(t);
    eventTimers.delete(eventId);
    timers.get(t)?.();
    timers.delete(t);
  }
  function scheduleEvent(id: string, ms: number): void {
    schedule(ms, () => deliverEvent(id), id);
  }

  /** Forge's retry delay: the app's `retryAfter` as asked; else the platform's backoff (up to ~15 min). */
  function retryDelayMs(attempt: number, retry: RetrySignal, appAsked: boolean): number {
    if (!strict) return retryUnit * Math.max(retry.retryAfter, 2 ** attempt);
    if (appAsked) return retry.retryAfter * 1000 * appDelayScale;
    return Math.min(900, 2 ** (attempt + 1)) * 1000 * timeScale;
  }

  /**
   * `concurrency: {key, limit}` on a pushed event: at most `limit` events with that key are processed
   * at once, across the installation's queues; without it, processing is unbounded
   * (runtime-reference/async-events-api, "Controlling processing concurrency"). An event over the
   * limit waits, pending, until a slot frees.
   */
  const runningByKey = new Map<string, number>();
  function concurrencyOf(payload: Record<string, unknown>): { key: string; limit: number } | null {
    const c = payload.concurrency;
    if (!isRecord(c) || typeof c.key !== 'string' || typeof c.limit !== 'number' || !(c.limit >= 1)) return null;
    return { key: c.key, limit: Math.floor(c.limit) };
  }

  async function deliverEvent(id: string): Promise<void> {
    const row = events.get(id);
    if (!row || row.state !== 'pending') return;
    const concurrency = row.kind === 'consumer' ? concurrencyOf(row.payload) : null;
    if (concurrency) {
      const running = runningByKey.get(concurrency.key) ?? 0;
      if (running >= concurrency.limit) {
        scheduleEvent(id, 100 + Math.floor(random() * 200));
        return;
      }
      runningByKey.set(concurrency.key, running + 1);
    }
    try {
      await deliverNow(id, row);
    } finally {
      if (concurrency) runningByKey.set(concurrency.key, Math.max(0, (runningByKey.get(concurrency.key) ?? 1) - 1));
    }
  }

  async function deliverNow(id: string, row: NonNullable<ReturnType<typeof events.get>>): Promise<void> {
    events.markRunning(id);
    const base = row.payload;
    const retryContext = row.retryReason
      ? {
          retryCount: row.attempt,
          retryReason: row.retryReason,
          retryData: row.retryData,
          ...(row.kind === 'consumer' && strict
            ? {
                retentionWindow: {
                  startTime: new Date(row.enqueuedAt).toISOString(),
                  remainingTimeMs: Math.max(0, row.enqueuedAt + retentionMs - Date.now()),
                },
              }
            : {}),
        }
      : undefined;
    const payload = retryContext ? { ...base, retryContext } : base;
    const subject = row.kind === 'trigger' ? String((isRecord(base.issue) ? base.issue.key : '') ?? '') : row.subject;
    const record: DeliveryRecord = {
      kind: row.kind,
      moduleKey: row.moduleKey,
      functionKey: row.functionKey,
      event: row.event,
      subject,
      attempt: row.attempt,
      outcome: 'ok',
      eventId: id,
      startedAt: Date.now(),
    };
    let retry: RetrySignal | null = null;
    let appAsked = false;
    try {
      const result = await invoke(row.functionKey, row.kind, row.moduleKey, row.principal, [
        jsonRoundTrip(payload),
        functionContext(row.principal),
      ]);
      retry = retrySignal(result);
      if (retry) {
        record.outcome = 'retry-requested';
        appAsked = true;
      }
    } catch (e) {
      record.outcome = e instanceof ForgeFunctionTimeoutError ? 'timeout' : 'error';
      record.error = errorMessage(e);
      log.error(`[forge-sandbox] ${row.kind} ${row.moduleKey} (${row.functionKey}) failed on ${row.event} ${subject}: ${record.error}`);
      const reason = record.outcome === 'timeout' ? 'FUNCTION_TIME_OUT' : 'FUNCTION_ERROR';
      // Async events are retried after any failure (runtime-reference/async-events-api, "Retries");
      // a trigger is retried only when it asks (InvocationError) or, in strict mode, after a platform-level error such as a timeout
      // (events-reference/product_events, "Retry for platform level errors").
      if (row.kind === 'consumer' || (strict && record.outcome === 'timeout'))
        retry = { retryAfter: 1, retryReason: reason, retryData: undefined };
    }
    record.finishedAt = Date.now();
    deliveries.push(record);
    const now = Date.now();
    let next: number | null = null;
    if (retry) {
      const delay = retryDelayMs(row.attempt, retry, appAsked);
      const withinLimits =
        row.kind === 'trigger' || !strict
          ? row.attempt < maxRetries // triggers: "a maximum of four times" (events-reference/product_events)
          : now + delay - row.enqueuedAt <= retentionMs; // async events: within the 24 h retention window
      if (withinLimits) next = delay;
    }
    events.finish(
      id,
      {
        at: new Date(now).toISOString(),
        attempt: row.attempt,
        outcome: record.outcome,
        ...(record.error ? { error: record.error } : {}),
        ...(next !== null ? { nextInMs: next } : {}),
      },
      next === null
        ? retry
          ? 'dropped'
          : 'done'
        : { retryAfterMs: next, reason: retry?.retryReason ?? 'FUNCTION_RETRY_REQUEST', data: retry?.retryData },
    );
    if (next !== null) scheduleEvent(id, next);
  }

  function onIssueEvent(event: IssueEvent): void {
    const scope = requestScope.getStore();
    const selfGenerated = scope !== undefined || event.atlassianId === APP_ACCOUNT_ID;
    for (const t of manifest.triggers) {
      if (!t.events.includes(event.eventType)) continue;
      if (t.ignoreSelf && selfGenerated) continue;
      const payload: Record<string, unknown> = {
        eventType: event.eventType,
        issue: event.issue,
        atlassianId: event.atlassianId,
        associatedUsers: [{ accountId: event.atlassianId }],
        ...(event.changelog ? { changelog: event.changelog } : {}),
        selfGenerated,
        context: { cloudId, moduleKey: t.key },
      };
      const snapshot = jsonRoundTrip(payload) as Record<string, unknown>;
      const filter = filters.get(t.key);
      if (filter) {
        let pass: boolean;
        try {
          pass = filter(snapshot);
        } catch (e) {
          const receive = t.onError === 'RECEIVE' || t.onError === 'RECEIVE_AND_LOG';
          if (t.onError.endsWith('_LOG'))
            log.warn(
              `[forge-sandbox] trigger ${t.key}: filter.expression failed on ${event.eventType} ${event.issue.key} (${errorMessage(e)}); ${receive ? 'delivered' : 'dropped'} (onError ${t.onError})`,
            );
          pass = receive;
          if (receive) snapshot.filterError = { message: errorMessage(e) };
        }
        filtered.push({ trigger: t.key, eventType: event.eventType, issueKey: event.issue.key, delivered: pass });
        if (!pass) continue;
      }
      const n = copies();
      for (let copy = 0; copy < n; copy++) {
        const due = delayMs + platformLag(180_000);
        const id = events.insert({
          kind: 'trigger',
          moduleKey: t.key,
          functionKey: t.function,
          event: event.eventType,
          subject: event.issue.key,
          jobId: null,
          principal: null,
          payload: snapshot,
          primary: copy === 0,
          dueInMs: due,
        });
        scheduleEvent(id, due);
      }
    }
  }

  return {
    timers,
    pendingTasks,
    queuePush,
    onIssueEvent,
    scheduleEvent,
    unschedule,
    setDelay(ms: number) {
      delayMs = Math.max(0, ms);
    },
    setDuplicates(n: number) {
      duplicates = Math.max(1, Math.floor(n));
    },
  };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
