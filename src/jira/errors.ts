/** One error taxonomy for every Jira call the app makes. */
export type JiraErrorKind =
  | 'rate-limited' // 429; `retryAfterMs` from Retry-After
  | 'not-found' // 404 (Jira also answers 404 for what the caller may not browse)
  | 'forbidden' // 403, or 401 for the caller
  | 'bad-request' // 400: Jira refused the input; `messages` has Jira's errorMessages and errors
  | 'server' // 5xx
  | 'network'; // no answer (connection dropped, timeout, proxy error)

export class JiraError extends Error {
  override readonly name = 'JiraError';
  constructor(
    readonly kind: JiraErrorKind,
    readonly status: number | null,
    readonly operation: string,
    /** Jira's own messages (errorMessages + errors values), when it sent any. */
    readonly messages: string[] = [],
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${operation}: ${kind}${status ? ` (${status})` : ''}${messages.length ? `: ${messages.join('; ')}` : ''}`);
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network';
  }
}

export function kindOfStatus(status: number): JiraErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return 'bad-request';
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
