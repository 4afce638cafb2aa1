/**
 * The one place where Jira requests are sent and retried.
 * - 429: wait for Retry-After (or backoff) and retry, for every method (Jira did not process it).
 * - 5xx / network: retry with exponential backoff, but only for idempotent requests unless the
 *   caller says the request is safe to repeat (bulk create is made safe by reconciliation upstream).
 * - Never waits past the deadline (the invocation's remaining time minus a margin).
 * - Errors of the Forge platform thrown by `requestJira` itself (`NeedsAuthenticationError`,
 *   `ProxyRequestError`, …) are rethrown untouched: not retried, not wrapped, so that Forge can show the
 *   user-consent prompt (see errors.ts, `isPlatformError`).
 */
// @ts-nocheck

import api, { getAppContext, type APIResponse, type RequestInit } from '@forge/api';
import { isPlatformError, JiraError, kindOfStatus, messagesOf, parseRetryAfter, type JiraSubject } from './errors';

export type Actor = 'user' | 'app';

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Epoch ms after which no retry is attempted. Default: the invocation's remaining time − 3 s. */
  deadline?: number;
  /** Retry 5xx and network errors even for a non-idempotent method. */
  retryUnsafe?: boolean;
  /** Statuses that are answers, not errors (e.g. 404 for "no such property"). */
  acceptStatuses?: number[];
  /** What a 404 means for this operation. */
  notFound?: JiraSubject;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const retryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

const SAFETY_MARGIN_MS = 3000;
const DEFAULT_BUDGET_MS = 20_000;

export function invocationDeadline(now = Date.now()): number {
  try {
    // The public API (runtime-reference/app-context-api), not the runtime's internals.
    const remaining = getAppContext().invocationRemainingTimeInMillis();
    if (Number.isFinite(remaining)) return now + Math.max(0, remaining - SAFETY_MARGIN_MS);
  } catch {
    // Outside a Forge invocation (unit tests): use a fixed budget.
  }
  return now + DEFAULT_BUDGET_MS;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits before the `attempt`-th repetition of a step that failed for a transient reason (the same backoff
 * as the transport's own retries). Resolves false, without waiting, when the wait would pass the deadline.
 */
export async function pauseBeforeRetry(attempt: number, deadline: number): Promise<boolean> {
  const wait = backoffDelay(attempt);
  if (Date.now() + wait > deadline) return false;
  await sleep(wait);
  return true;
}

export function backoffDelay(attempt: number, policy: RetryPolicy = retryPolicy): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export interface JiraResponse<T> {
  status: number;
  data: T;
}

/** What a client function gets to make its request: `jira.requestJira(route`...`, {...init, method})`.
 * Each call site spells the route and the method literally, so Forge's permission linter sees them. */
export type RequestJira = { requestJira(path: import('@forge/api').Route, init?: RequestInit): Promise<APIResponse> };
export type MakeRequest = (jira: RequestJira, init: RequestInit) => Promise<APIResponse>;

/** Sends one request, retrying as described above. Throws `JiraError`. */
export async function send<T>(actor: Actor, operation: string, request: MakeRequest, options: SendOptions = {}): Promise<JiraResponse<T>> {
  const method = options.method ?? 'GET';
  const idempotent = method === 'GET' || method === 'PUT' || method === 'DELETE';
  const deadline = options.deadline ?? invocationDeadline();
  const requester = actor === 'user' ? api.asUser() : api.asApp();
  const init: RequestInit = {
    method,
    headers: { Accept: 'application/json', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  };

  for (let attempt = 0; ; attempt++) {
    let error: JiraError;
    try {
      const response = await request(requester, init);
      const text = await response.text();
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      if (response.ok || options.acceptStatuses?.includes(response.status)) {
        return { status: response.status, data: body as T };
      }
      const messages = messagesOf(body);
      error = new JiraError(
        kindOfStatus(response.status, messages),
        response.status,
        operation,
        messages,
        parseRetryAfter(response.headers.get('retry-after')),
        {
          ...(response.status === 404 && options.notFound ? { subject: options.notFound } : {}),
        },
      );
    } catch (e) {
      if (e instanceof JiraError || isPlatformError(e)) throw e;
      error = new JiraError('network', null, operation, [e instanceof Error ? e.message : String(e)], null, { cause: e });
    }

    const mayRetry = error.kind === 'rate-limited' || (error.retryable && (idempotent || options.retryUnsafe === true));
    if (!mayRetry || attempt + 1 >= retryPolicy.maxAttempts) throw error;
    const wait = error.retryAfterMs ?? backoffDelay(attempt);
    if (Date.now() + wait > deadline) throw error;
    await sleep(wait);
  }
}
