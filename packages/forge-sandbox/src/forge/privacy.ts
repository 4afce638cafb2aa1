/**
 * The personal data reporting API, as the app reaches it: `privacy.reportPersonalData` of @forge/api
 * sends `POST /app/report-accounts` through `__requestAtlassianAsApp` (fpp/stargate), at most 90
 * accounts a request. Documented behaviour (docs: user-privacy-guidelines, "Personal data reporting
 * API reference"):
 *  - request `{ accounts: [{ accountId, updatedAt }] }`, 1–90 accounts, `accountId` 1–128 of
 *    `[A-Za-z0-9:-]`, `updatedAt` an RFC 3339 date-time; anything else → 400 `{errorType, errorMessage}`;
 *  - 200 `{ accounts: [{ accountId, status: 'closed' | 'updated' }] }` when something must be done,
 *    204 when nothing;
 *  - 429 with `Retry-After` (seconds) when rate limited.
 * Which accounts are closed or updated is set by a test (`harness.privacy.setAccounts`) or over HTTP
 * (`POST /__sandbox/privacy/accounts`). An `updated` account is answered as updated only when the
 * reported `updatedAt` is older than the account's change, as the API tells apps whose copy is stale.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ScheduledTriggers } from './scheduled';

export const PRIVACY_PATH = '/app/report-accounts';
export const PRIVACY_LIMIT = 90;

const ACCOUNT_ID_RE = /^[A-Za-z0-9:-]{1,128}$/;
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export type AccountStatus = { status: 'closed' } | { status: 'updated'; changedAt: string };

export interface PrivacyCall {
  at: string;
  accounts: { accountId: string; updatedAt: string }[];
  status: number;
  answered: { accountId: string; status: 'closed' | 'updated' }[];
}

export interface PrivacyEndpoint {
  /** Marks accounts closed, updated (changed now, or at `changedAt`) or active again. */
  setAccounts(change: { closed?: string[]; updated?: string[]; active?: string[]; changedAt?: string }): void;
  /** The next `times` requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(times: number, retryAfterSeconds: number): void;
  /** The next `times` requests answer `status` (a 5xx or 400) with an error body. */
  failNext(times: number, status?: number): void;
  /** The next `times` requests are answered after `ms` (to let an invocation run out of time). */
  delay(times: number, ms: number): void;
  accounts(): Record<string, AccountStatus>;
  /** Every request the app sent, in order. */
  calls: PrivacyCall[];
  reset(): void;
  handle(method: string, bodyText: string | undefined): Promise<Response>;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function createPrivacyEndpoint(): PrivacyEndpoint {
  const state = new Map<string, AccountStatus>();
  const calls: PrivacyCall[] = [];
  let limited = { times: 0, retryAfter: 1 };
  let slow = { times: 0, ms: 0 };
  let failing = { times: 0, status: 500 };

  function bad(message: string): Response {
    return json(400, { errorType: 'BAD_REQUEST', errorMessage: message });
  }

  return {
    calls,
    setAccounts(change) {
      const at = change.changedAt ?? new Date().toISOString();
      for (const id of change.closed ?? []) state.set(id, { status: 'closed' });
      for (const id of change.updated ?? []) state.set(id, { status: 'updated', changedAt: at });
      for (const id of change.active ?? []) state.delete(id);
    },
    rateLimit(times, retryAfterSeconds) {
      limited = { times: Math.max(0, times), retryAfter: Math.max(1, retryAfterSeconds) };
    },
    failNext(times, status = 500) {
      failing = { times: Math.max(0, times), status };
    },
    delay(times, ms) {
      slow = { times: Math.max(0, times), ms: Math.max(0, ms) };
    },
    accounts: () => Object.fromEntries(state),
    reset() {
      state.clear();
      calls.length = 0;
      limited = { times: 0, retryAfter: 1 };
      slow = { times: 0, ms: 0 };
      failing = { times: 0, status: 500 };
    },
    async handle(method, bodyText) {
      if (slow.times > 0) {
        slow.times--;
        await new Promise((r) => setTimeout(r, slow.ms));
      }
      const at = new Date().toISOString();
      if (method.toUpperCase() !== 'POST')
        return json(405, { errorType: 'METHOD_NOT_ALLOWED', errorMessage: `${method} ${PRIVACY_PATH}: use POST` });
      let body: unknown;
      try {
        body = bodyText ? (JSON.parse(bodyText) as unknown) : undefined;
      } catch {
        return bad('The request body is not JSON');
      }
      const accounts = (body as { accounts?: unknown } | undefined)?.accounts;
      if (!Array.isArray(accounts) || accounts.length === 0) return bad('"accounts" must be a non-empty array');
      if (accounts.length > PRIVACY_LIMIT) return bad(`At most ${PRIVACY_LIMIT} accounts a request (got ${accounts.length})`);
      const parsed: { accountId: string; updatedAt: string }[] = [];
      for (const [i, a] of accounts.entries()) {
        const { accountId, updatedAt } = (a ?? {}) as { accountId?: unknown; updatedAt?: unknown };
        if (typeof accountId !== 'string' || !ACCOUNT_ID_RE.test(accountId) || accountId === 'unknown')
          return bad(`accounts[${i}].accountId is not an account id`);
        if (typeof updatedAt !== 'string' || !RFC3339_RE.test(updatedAt) || Number.isNaN(Date.parse(updatedAt)))
          return bad(`accounts[${i}].updatedAt is not an RFC 3339 date-time`);
        parsed.push({ accountId, updatedAt });
      }
      if (failing.times > 0) {
        failing.times--;
        calls.push({ at, accounts: parsed, status: failing.status, answered: [] });
        return json(failing.status, { errorType: 'INTERNAL', errorMessage: 'Injected failure (sandbox)' });
      }
      if (limited.times > 0) {
        limited.times--;
        calls.push({ at, accounts: parsed, status: 429, answered: [] });
        return json(429, { errorType: 'RATE_LIMITED', errorMessage: 'Too many requests' }, { 'retry-after': String(limited.retryAfter) });
      }
      const answered: PrivacyCall['answered'] = [];
      for (const a of parsed) {
        const s = state.get(a.accountId);
        if (s?.status === 'closed') answered.push({ accountId: a.accountId, status: 'closed' });
        else if (s?.status === 'updated' && Date.parse(a.updatedAt) < Date.parse(s.changedAt))
          answered.push({ accountId: a.accountId, status: 'updated' });
      }
      calls.push({ at, accounts: parsed, status: answered.length ? 200 : 204, answered });
      return answered.length ? json(200, { accounts: answered }) : json(204, null);
    },
  };
}

// ------------------------------------------------------------------------------ HTTP controls

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body, null, 2));
  return true;
}

const ids = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/**
 * `GET  /__sandbox/privacy/accounts` → the accounts set closed/updated and every request the app sent;
 * `POST /__sandbox/privacy/accounts` `{closed?, updated?, active?, changedAt?, rateLimit?: {times, retryAfterSeconds}}`;
 * `DELETE /__sandbox/privacy/accounts` forgets both;
 * `GET  /__sandbox/scheduled` → the scheduled triggers of the manifest and past runs;
 * `POST /__sandbox/scheduled/<key>/run` runs one now, waits for the deliveries it caused (queue
 * continuations) and answers `{ run, privacyCalls }`.
 */
export async function handleSandboxControls(
  req: IncomingMessage,
  res: ServerResponse,
  h: { privacy: PrivacyEndpoint; scheduled: ScheduledTriggers; drain(): Promise<void> },
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    if (url.pathname === '/__sandbox/privacy/accounts') {
      if (method === 'GET') return send(res, 200, { accounts: h.privacy.accounts(), calls: h.privacy.calls });
      if (method === 'DELETE') {
        h.privacy.reset();
        return send(res, 200, { accounts: {} });
      }
      if (method === 'POST') {
        const b = (await readBody(req)) as Record<string, unknown>;
        const changedAt = typeof b.changedAt === 'string' ? b.changedAt : undefined;
        h.privacy.setAccounts({
          closed: ids(b.closed),
          updated: ids(b.updated),
          active: ids(b.active),
          ...(changedAt ? { changedAt } : {}),
        });
        const rl = b.rateLimit as { times?: unknown; retryAfterSeconds?: unknown } | undefined;
        if (rl && typeof rl.times === 'number')
          h.privacy.rateLimit(rl.times, typeof rl.retryAfterSeconds === 'number' ? rl.retryAfterSeconds : 1);
        return send(res, 200, { accounts: h.privacy.accounts() });
      }
      return send(res, 405, { error: `${method} is not supported here` });
    }
    if (url.pathname === '/__sandbox/scheduled' && method === 'GET')
      return send(res, 200, { triggers: h.scheduled.list(), runs: h.scheduled.runs });
    const m = /^\/__sandbox\/scheduled\/([A-Za-z0-9_-]+)\/run$/.exec(url.pathname);
    if (m) {
      if (method !== 'POST') return send(res, 405, { error: 'use POST' });
      const callsBefore = h.privacy.calls.length;
      const run = await h.scheduled.run(m[1]!);
      await h.drain();
      return send(res, 200, { run, privacyCalls: h.privacy.calls.length - callsBefore });
    }
  } catch (e) {
    return send(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
  return false;
}
