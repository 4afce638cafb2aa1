/** Small helpers of the harness: JSON, responses, retry signals, a seeded PRNG. */

/** A small seeded PRNG (mulberry32), so strict-mode runs are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonRoundTrip(v: unknown): unknown {
  return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown);
}

export function parseMaybeJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (body instanceof URLSearchParams) return body.toString();
  throw new Error(`Forge runtime (sandbox): unsupported request body type ${Object.prototype.toString.call(body)}`);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const nullBody = status === 204 || status === 205 || status === 304 || body === undefined;
  return new Response(nullBody ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export interface RetrySignal {
  retryAfter: number;
  retryReason: string;
  retryData: unknown;
}

/** An `InvocationError` of @forge/events (serialises to `{_retry: true, retryOptions}`), or a QueueResponse with retry(). */
export function retrySignal(result: unknown): RetrySignal | null {
  if (!isRecord(result) || result._retry !== true) return null;
  const o = isRecord(result.retryOptions) ? result.retryOptions : {};
  return {
    retryAfter: typeof o.retryAfter === 'number' ? Math.min(900, Math.max(1, o.retryAfter)) : 1,
    retryReason: typeof o.retryReason === 'string' ? o.retryReason : 'FUNCTION_RETRY_REQUEST',
    retryData: o.retryData,
  };
}
