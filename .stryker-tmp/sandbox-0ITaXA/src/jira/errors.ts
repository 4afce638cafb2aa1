/** One error taxonomy for every Jira call the app makes. */
// @ts-nocheck

import { HttpError, isForgePlatformError } from '@forge/api';

export type JiraErrorKind =
  | 'rate-limited' // 429; `retryAfterMs` from Retry-After
  | 'not-found' // 404 (Jira also answers 404 for what the caller may not browse); `subject` says what was missing
  | 'unauthorized' // 401: no valid credentials for the caller (e.g. the user's session or grant is gone)
  | 'scope' // 401 "scope does not match": the app lacks an OAuth scope for the endpoint (a fault of the app)
  | 'forbidden' // 403: the caller may not do this
  | 'bad-request' // 400: Jira refused the input; `messages` has Jira's errorMessages and errors
  | 'server' // 5xx
  | 'network'; // no answer from Jira (connection dropped, timeout)

/** What a 404 of an operation means: each client function says what it looked up. */
export type JiraSubject = 'issue' | 'project' | 'project-role' | 'user' | 'workflow';

export interface JiraErrorOptions {
  /** The underlying error (a network failure), kept for logs. */
  cause?: unknown;
  /** For not-found: what the operation looked up. */
  subject?: JiraSubject;
}

export class JiraError extends Error {
  override readonly name = 'JiraError';
  readonly subject: JiraSubject | null;
  constructor(
    readonly kind: JiraErrorKind,
    readonly status: number | null,
    readonly operation: string,
    /** Jira's own messages (errorMessages + errors values), when it sent any. */
    readonly messages: string[] = [],
    readonly retryAfterMs: number | null = null,
    options: JiraErrorOptions = {},
  ) {
    super(
      `${operation}: ${kind}${status ? ` (${status})` : ''}${messages.length ? `: ${messages.join('; ')}` : ''}`,
      options.cause !== undefined ? { cause: options.cause } : undefined,
    );
    this.subject = options.subject ?? null;
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network';
  }
}

/** Jira's answer for a request made with a token that lacks the endpoint's OAuth scope. */
const SCOPE_MISMATCH = /scope does not match/i;

/** The kind of an HTTP error status; `messages` (Jira's error body) tells a scope failure from other 401s. */
export function kindOfStatus(status: number, messages: readonly string[] = []): JiraErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 404) return 'not-found';
  if (status === 401) return messages.some((m) => SCOPE_MISMATCH.test(m)) ? 'scope' : 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/**
 * Errors thrown by `requestJira` itself, not answers of Jira: `NeedsAuthenticationError` (the user must
 * grant the app access: Forge shows the consent prompt when the function lets it propagate),
 * `ProxyRequestError`, egress refusals. They are not Jira errors and must not be retried or wrapped.
 */
export function isPlatformError(e: unknown): boolean {
  if (e instanceof HttpError) return true;
  return e instanceof Error && isForgePlatformError(e);
}

/** Jira's error body: `{errorMessages: string[], errors: {field: message}}`. */
export function messagesOf(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const out: string[] = [];
  const { errorMessages, errors, message } = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  if (Array.isArray(errorMessages)) for (const m of errorMessages) if (typeof m === 'string') out.push(m);
  if (errors && typeof errors === 'object') {
    for (const [field, m] of Object.entries(errors as Record<string, unknown>)) if (typeof m === 'string') out.push(`${field}: ${m}`);
  }
  if (typeof message === 'string' && out.length === 0) out.push(message);
  return out;
}

/** Retry-After is seconds (or an HTTP date); missing or unparsable → null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
