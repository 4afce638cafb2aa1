/**
 * The app's platform requests (`__forge_fetch__` of the Forge runtime): KVS, Jira (as the app or the user, with the
 * manifest's scopes checked against Atlassian's OpenAPI extract), and the Atlassian API paths of @forge/events and
 * the personal data reporting API.
 */
import type { ParsedManifest } from './manifest';
import type { KvsStore } from './kvs-store';
import type { EventStore } from './events';
import type { PrivacyEndpoint } from './privacy';
import type { FetchDescriptor, ForgeFetchInit, InvocationState } from './runtime';
import { checkScopes } from './scopes';
import { PRIVACY_PATH } from './privacy';
import type { JiraCall, JiraOverride, KvsCall, QueuePushCall } from './types';
import { bodyText, errorMessage, isRecord, jsonResponse, parseMaybeJson } from './util';

export const INVOCATION_HEADER = 'x-sandbox-invocation';

export interface PlatformFetchDeps {
  manifest: ParsedManifest;
  store: KvsStore;
  events: EventStore;
  privacy: PrivacyEndpoint;
  log: Pick<Console, 'error' | 'warn' | 'info'>;
  jiraLog: JiraCall[];
  kvsLog: KvsCall[];
  queueLog: QueuePushCall[];
  overrides: (JiraOverride & { left: number })[];
  platformLatency(): Promise<void>;
  jiraBase(): string | null;
  queuePush(state: InvocationState, req: Record<string, unknown>): Response;
  unschedule(eventId: string): void;
}

export function createPlatformFetch(deps: PlatformFetchDeps) {
  const { manifest, store, events, privacy, log, jiraLog, kvsLog, queueLog, overrides, platformLatency, queuePush, unschedule } = deps;

  async function platformFetch(
    state: InvocationState,
    d: FetchDescriptor,
    path: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    if (d.type === 'kvs') {
      const parsed = parseMaybeJson(bodyText(init?.body) ?? '');
      const items = Array.isArray(parsed) ? parsed : [parsed];
      kvsLog.push({
        invocationId: state.invocationId,
        functionKey: state.functionKey,
        path,
        keys: items
          .filter(isRecord)
          .map((i) => i.key)
          .filter((k): k is string => typeof k === 'string'),
      });
      await platformLatency();
      return kvsFetch(path, init);
    }
    if (d.type === 'fpp' && d.remote === 'jira') return jiraFetch(state, d, path, init);
    if (d.type === 'fpp' && d.remote === 'stargate') return stargateFetch(state, path, init);
    log.error(`[forge-sandbox] ${state.functionKey}: unsupported platform request ${JSON.stringify(d)} ${path}`);
    return jsonResponse(
      400,
      { message: `The Forge sandbox does not emulate ${d.type}/${d.remote ?? d.provider ?? ''} requests (${path})` },
      { 'forge-proxy-error': 'INVALID_REMOTE_ERR' },
    );
  }

  async function kvsFetch(path: string, init: ForgeFetchInit | undefined): Promise<Response> {
    if (!manifest.scopes.has('storage:app')) {
      log.error(`[forge-sandbox] KVS ${path} refused: the manifest does not declare the "storage:app" scope`);
      return jsonResponse(403, {
        code: 'PERMISSION_DENIED',
        message: 'The app does not have the storage:app scope required by the Forge KVS',
      });
    }
    const text = bodyText(init?.body);
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : {};
    } catch {
      return jsonResponse(400, { code: 'BAD_REQUEST', message: 'Provided request body is invalid' });
    }
    const reply = store.handle(path, body);
    return jsonResponse(reply.status, reply.body);
  }

  async function jiraFetch(
    state: InvocationState,
    d: FetchDescriptor,
    fullPath: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    const started = Date.now();
    const actor: 'user' | 'app' = d.provider === 'user' ? 'user' : 'app';
    const accountId = actor === 'user' ? (d.accountId ?? state.principal) : null;
    const method = (init?.method ?? 'GET').toUpperCase();
    const qIndex = fullPath.indexOf('?');
    const path = qIndex >= 0 ? fullPath.slice(0, qIndex) : fullPath;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(qIndex >= 0 ? fullPath.slice(qIndex + 1) : '')) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const reqText = bodyText(init?.body);
    const entry: JiraCall = {
      invocationId: state.invocationId,
      functionKey: state.functionKey,
      actor,
      accountId,
      method,
      path,
      query,
      requestBody: reqText === undefined ? undefined : parseMaybeJson(reqText),
      status: 0,
      responseBody: null,
      ms: 0,
      at: started,
    };
    const finish = (status: number, responseBody: unknown): void => {
      entry.status = status;
      entry.responseBody = responseBody;
      entry.ms = Date.now() - started;
      jiraLog.push(entry);
    };

    if (actor === 'user' && !accountId) {
      log.error(
        `[forge-sandbox] ${state.functionKey}: asUser() ${method} ${path} has no user in the invocation context (${state.kind}); Forge refuses it`,
      );
      finish(401, { message: 'Authentication required: no user in the invocation context' });
      return jsonResponse(
        401,
        { message: 'Authentication required: no user in the invocation context' },
        { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
      );
    }

    const decision = checkScopes(method, path, manifest.scopes);
    if (!decision.allowed && decision.operation) {
      const op = `${decision.operation.method} ${decision.operation.path}`;
      const body = {
        code: 401,
        message: 'Unauthorized; scope does not match',
        sandbox:
          `Jira endpoint ${op} requires the "${decision.missing.join('", "')}" scope, which manifest.yml does not declare (permissions.scopes). ` +
          `Accepted scope sets: ${decision.required.map((s) => s.join(' + ')).join(' | ')}`,
      };
      log.error(`[forge-sandbox] SCOPE DENIED in function "${state.functionKey}": ${body.sandbox}`);
      entry.scopeDenied = { operation: op, missing: decision.missing };
      finish(401, body);
      return jsonResponse(401, body);
    }

    const override = overrides.find((o) => o.left > 0 && o.method === method && path.startsWith(o.pathPrefix));
    if (override) {
      override.left--;
      finish(override.status, override.body);
      return jsonResponse(override.status, override.body);
    }
    const jiraBase = deps.jiraBase();
    if (!jiraBase) throw new Error('Forge harness: attachJira(baseUrl) has not been called; no Jira to send requests to');
    const headers = new Headers(
      init?.headers instanceof Headers || Array.isArray(init?.headers) || isRecord(init?.headers)
        ? (init?.headers as HeadersInit)
        : undefined,
    );
    headers.set('x-sandbox-actor', actor === 'user' ? `user:${accountId ?? ''}` : 'app');
    headers.set(INVOCATION_HEADER, state.invocationId);
    let res: Response;
    try {
      res = await fetch(jiraBase + fullPath, { method, headers, body: reqText });
    } catch (e) {
      finish(0, { error: errorMessage(e) });
      throw e;
    }
    const text = await res.text();
    finish(res.status, parseMaybeJson(text));
    const outHeaders = new Headers(res.headers);
    outHeaders.delete('content-encoding');
    outHeaders.delete('content-length');
    outHeaders.delete('transfer-encoding');
    const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
    return new Response(nullBody ? null : text, { status: res.status, statusText: res.statusText, headers: outHeaders });
  }

  // @forge/events sends through __requestAtlassianAsApp (fpp/stargate) to these paths (templates kept literally).
  async function stargateFetch(state: InvocationState, path: string, init: ForgeFetchInit | undefined): Promise<Response> {
    const text = bodyText(init?.body);
    const body = text ? parseMaybeJson(text) : {};
    const rec = isRecord(body) ? body : {};
    if (path.replace(/[?#].*$/, '').replace(/\/+$/, '') === PRIVACY_PATH) return privacy.handle(init?.method ?? 'GET', text);
    if (path.startsWith('/webhook/queue/publish/')) {
      queueLog.push({
        invocationId: state.invocationId,
        functionKey: state.functionKey,
        queueName: typeof rec.queueName === 'string' ? rec.queueName : '',
        bodies: Array.isArray(rec.payload) ? rec.payload.map((e: unknown) => (isRecord(e) ? e.body : undefined)) : [],
      });
      await platformLatency();
      return queuePush(state, rec);
    }
    if (path.startsWith('/webhook/queue/stats/')) {
      const stats = typeof rec.jobId === 'string' ? events.jobStats(rec.jobId) : null;
      if (!stats) return jsonResponse(404, { message: 'Job not found' });
      return jsonResponse(200, stats);
    }
    if (path.startsWith('/webhook/queue/cancel/')) {
      const ids = typeof rec.jobId === 'string' ? events.cancelJob(rec.jobId) : null;
      if (!ids) return jsonResponse(404, { message: 'Job not found' });
      for (const id of ids) unschedule(id);
      return jsonResponse(204, undefined);
    }
    log.error(`[forge-sandbox] ${state.functionKey}: the sandbox does not emulate the Atlassian API path ${path}`);
    return jsonResponse(404, { message: `The Forge sandbox does not emulate ${path}` });
  }

  return platformFetch;
}
