/**
 * Jira Cloud REST v3 emulator of the local sandbox.
 *
 *   const jira = createJiraEmulator({ hooks });
 *   http.createServer(async (req, res) => { if (!(await jira.handle(req, res))) next(req, res); });
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { createSchema, dropEmulatorTables, isEmpty, Store } from './db';
import { Faults } from './faults';
import { errorBody, isRecord, JiraHttpError, parseJson, readRaw, sendJson } from './http';
import { Renderer } from './render';
import { Resources, type Reply, type RequestContext } from './resources/resource';
import { matchRoute } from './routes';
import { APP_ACCOUNT_ID, seedDatabase } from './seed';
import { CREATE_SCREEN_FIELDS } from './resources/issue-writes';
import { rateLimitHeaders, Strict, type RateLimited, type StrictOptions } from './strict';
import type {
  CreateScreenControl,
  EmulatorHooks,
  Fault,
  JiraEmulator,
  JiraEmulatorOptions,
  RateLimit,
  User,
  ValidatorAttachment,
  WorkflowControl,
} from './types';

export type * from './types';
export { matchRoute, ROUTES } from './routes';
export { parseJql, JqlError } from './jql';
export * as seed from './seed';

const SANDBOX_PREFIX = '/__sandbox/jira';
const DEFAULT_VALIDATOR_TIMEOUT_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Who acts: `X-Sandbox-Actor` (harness) or HTTP Basic (outside clients). */
export function resolveActor(store: Store, req: IncomingMessage): User | undefined {
  const actorHeader = req.headers['x-sandbox-actor'];
  const actor = Array.isArray(actorHeader) ? actorHeader[0] : actorHeader;
  if (actor !== undefined) {
    if (actor === 'app') return store.userByAccountId(APP_ACCOUNT_ID);
    if (actor.startsWith('user:')) {
      const u = store.userByAccountId(actor.slice('user:'.length));
      return u && u.accountType !== 'app' ? u : undefined;
    }
    return undefined;
  }
  const auth = req.headers.authorization;
  if (auth && /^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const idx = decoded.indexOf(':');
    if (idx <= 0) return undefined;
    const email = decoded.slice(0, idx);
    const token = decoded.slice(idx + 1);
    if (token.length === 0) return undefined;
    const u = store.userByEmail(email);
    return u && u.active ? u : undefined;
  }
  return undefined;
}

export function createJiraEmulator(opts: JiraEmulatorOptions = {}): JiraEmulator {
  const db = opts.db ?? new BetterSqlite3(opts.dbPath ?? ':memory:');
  if (!opts.db) db.pragma('journal_mode = WAL');
  createSchema(db);
  const store = new Store(db);
  if (opts.seed !== false && isEmpty(db)) seedDatabase(db);

  const hooks: EmulatorHooks = opts.hooks ?? {};
  const faults = new Faults();
  const strict = new Strict(store, opts.strict, opts.clock);
  store.listener = strict;
  const resources = new Resources({ store, hooks, validatorTimeoutMs: opts.validatorTimeoutMs ?? DEFAULT_VALIDATOR_TIMEOUT_MS, strict });
  let requests = 0;
  let byRoute: Record<string, number> = {};

  const stats = {
    get requests() {
      return requests;
    },
    get byRoute() {
      return { ...byRoute };
    },
    reset() {
      requests = 0;
      byRoute = {};
    },
  };

  const workflows: WorkflowControl = {
    setValidators(projectKey, issueTypeName, transitionId, validators) {
      const { workflowId } = locateWorkflow(projectKey, issueTypeName, transitionId);
      const list: ValidatorAttachment[] = validators.map((v) => (typeof v === 'string' ? { moduleKey: v } : v));
      store.replaceValidators(
        workflowId,
        transitionId,
        list.map((v, i) => ({
          moduleKey: v.moduleKey,
          configuration: JSON.stringify(v.configuration ?? {}),
          ruleId: `${workflowId.slice(0, 24)}${transitionId.padStart(6, '0')}${String(i).padStart(6, '0')}`,
        })),
      );
    },
    getValidators(projectKey, issueTypeName, transitionId) {
      const { workflowId } = locateWorkflow(projectKey, issueTypeName, transitionId);
      return store
        .validators(workflowId, transitionId)
        .map((v) => ({ moduleKey: v.module_key, configuration: JSON.parse(v.configuration) as unknown, ruleId: v.rule_id }));
    },
  };

  function locateWorkflow(projectKey: string, issueTypeName: string, transitionId: string): { workflowId: string } {
    const p = store.projectByIdOrKey(projectKey);
    if (!p) throw new Error(`unknown project ${projectKey}`);
    const t = store.issueTypes(p.id).find((x) => x.name.toLowerCase() === issueTypeName.toLowerCase() || x.id === issueTypeName);
    if (!t) throw new Error(`unknown issue type ${issueTypeName} in ${projectKey}`);
    if (!store.transitions().some((x) => x.id === transitionId)) throw new Error(`unknown transition ${transitionId}`);
    return { workflowId: t.workflow_id };
  }

  const createScreens: CreateScreenControl = {
    set(projectKey, issueType, fields) {
      const { projectId, issueTypeId } = locateIssueType(projectKey, issueType);
      if (fields !== null) {
        const unknown = fields.filter((f) => !CREATE_SCREEN_FIELDS.includes(f) && f !== 'project' && f !== 'issuetype');
        if (unknown.length > 0)
          throw new Error(`unknown create screen fields: ${unknown.join(', ')} (known: ${CREATE_SCREEN_FIELDS.join(', ')})`);
      }
      store.setCreateScreen(projectId, issueTypeId, fields === null ? null : fields.filter((f) => f !== 'project' && f !== 'issuetype'));
    },
    get(projectKey, issueType) {
      const { projectId, issueTypeId } = locateIssueType(projectKey, issueType);
      return store.createScreen(projectId, issueTypeId) ?? null;
    },
  };

  function locateIssueType(projectKey: string, issueType: string): { projectId: string; issueTypeId: string } {
    const p = store.projectByIdOrKey(projectKey);
    if (!p) throw new Error(`unknown project ${projectKey}`);
    const t = store.issueTypes(p.id).find((x) => x.name.toLowerCase() === issueType.toLowerCase() || x.id === issueType);
    if (!t) throw new Error(`unknown issue type ${issueType} in ${projectKey}`);
    return { projectId: p.id, issueTypeId: t.id };
  }

  function reset(): void {
    dropEmulatorTables(db);
    createSchema(db);
    seedDatabase(db);
    faults.clear();
    stats.reset();
    strict.reset();
  }

  async function handleSandbox(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(SANDBOX_PREFIX.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const raw = await readRaw(req);
      const body = parseJson(raw);
      if (path === '/faults' && method === 'GET') return sendJson(res, 200, faults.state());
      if (path === '/faults' && method === 'DELETE') {
        faults.clear();
        return sendJson(res, 200, faults.state());
      }
      if (path === '/faults' && method === 'POST') {
        if (!isRecord(body)) return sendJson(res, 400, errorBody('Expected {latencyMs?, rateLimit?, faults?, clear?}'));
        if (body.clear === true) faults.clear();
        if (typeof body.latencyMs === 'number') faults.setLatency(body.latencyMs);
        if (body.rateLimit !== undefined) faults.setRateLimit(body.rateLimit as RateLimit | null);
        if (Array.isArray(body.faults)) faults.injectFaults(body.faults as Fault[]);
        return sendJson(res, 200, faults.state());
      }
      if (path === '/reset' && method === 'POST') {
        reset();
        return sendJson(res, 200, { reset: true });
      }
      if (path === '/stats' && method === 'GET') return sendJson(res, 200, { requests: stats.requests, byRoute: stats.byRoute });
      if (path === '/stats' && method === 'DELETE') {
        stats.reset();
        return sendJson(res, 200, { requests: 0, byRoute: {} });
      }
      if (path === '/users' && method === 'GET') return sendJson(res, 200, store.allUsers());
      if (path === '/strict' && method === 'GET') return sendJson(res, 200, strict.state());
      if (path === '/strict' && method === 'POST') {
        if (!isRecord(body))
          return sendJson(res, 400, errorBody('Expected {enabled?, searchLagMs?, issueWriteLimit?, pointsQuota?, settleSearch?}'));
        if (typeof body.enabled === 'boolean') strict.enable(body.enabled);
        strict.configure(body as StrictOptions);
        if (body.settleSearch === true) strict.settleSearch();
        return sendJson(res, 200, strict.state());
      }
      if (path === '/create-screens' && (method === 'GET' || method === 'PUT' || method === 'POST')) {
        const src = method === 'GET' ? Object.fromEntries(url.searchParams) : isRecord(body) ? body : {};
        const projectKey = String(src.projectKey ?? '');
        const issueType = String(src.issueType ?? src.issueTypeName ?? '');
        if (method !== 'GET') {
          const fields = src.fields === null ? null : Array.isArray(src.fields) ? src.fields.map(String) : undefined;
          if (fields === undefined) return sendJson(res, 400, errorBody('Expected {projectKey, issueType, fields: string[] | null}'));
          createScreens.set(projectKey, issueType, fields);
        }
        return sendJson(res, 200, { projectKey, issueType, fields: createScreens.get(projectKey, issueType) });
      }
      if (path === '/workflow-validators' && (method === 'GET' || method === 'PUT' || method === 'POST')) {
        const src = method === 'GET' ? Object.fromEntries(url.searchParams) : isRecord(body) ? body : {};
        const projectKey = String(src.projectKey ?? '');
        const issueTypeName = String(src.issueTypeName ?? src.issueType ?? '');
        const transitionId = String(src.transitionId ?? '');
        if (method !== 'GET') {
          const list = Array.isArray(src.validators) ? (src.validators as (string | ValidatorAttachment)[]) : [];
          workflows.setValidators(projectKey, issueTypeName, transitionId, list);
        }
        return sendJson(res, 200, {
          projectKey,
          issueTypeName,
          transitionId,
          validators: workflows.getValidators(projectKey, issueTypeName, transitionId),
        });
      }
      return sendJson(res, 404, errorBody(`Unknown sandbox control ${method} ${SANDBOX_PREFIX}${path}`));
    } catch (e) {
      if (e instanceof JiraHttpError) return sendJson(res, e.status, e.body, e.headers);
      return sendJson(res, 400, errorBody(e instanceof Error ? e.message : String(e)));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const host = req.headers.host ?? 'localhost';
    const base = (opts.baseUrl ?? `http://${host}`).replace(/\/$/, '');
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (path === SANDBOX_PREFIX || path.startsWith(`${SANDBOX_PREFIX}/`)) {
      await handleSandbox(req, res, url);
      return true;
    }
    if (path.startsWith('/rest/api/2/') || path === '/rest/api/2') {
      sendJson(res, 404, errorBody('The sandbox emulates Jira Cloud REST API v3 only; use /rest/api/3/...'));
      return true;
    }
    if (!path.startsWith('/rest/api/3/') && path !== '/rest/api/3') return false;

    const method = (req.method ?? 'GET').toUpperCase();
    const match = matchRoute(method, path);
    const routeKey = match && 'name' in match ? `${method} ${match.template}` : `${method} ${path}`;
    requests++;
    byRoute[routeKey] = (byRoute[routeKey] ?? 0) + 1;

    if (faults.latency > 0) await sleep(faults.latency);
    const fault = faults.takeFault(method, path);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return true;
    }
    if (fault?.kind === 'status') {
      sendJson(res, fault.status, errorBody(`Injected fault: HTTP ${fault.status} from the sandbox Jira emulator.`));
      return true;
    }
    const retryAfter = faults.checkRateLimit(Date.now());
    if (retryAfter !== undefined) {
      sendJson(res, 429, errorBody('Rate limit exceeded.'), { 'Retry-After': String(retryAfter) });
      return true;
    }

    const actor = resolveActor(store, req);
    if (!actor) {
      sendJson(res, 401, errorBody('Client must be authenticated to access this resource.'), {
        'WWW-Authenticate': 'Basic realm="sandbox-jira"',
      });
      return true;
    }
    if (!match) {
      sendJson(res, 404, errorBody(`The sandbox Jira emulator does not implement ${method} ${path}.`));
      return true;
    }
    if (!('name' in match)) {
      sendJson(res, 405, errorBody(`Method ${method} is not allowed on ${path}.`));
      return true;
    }

    // strict mode: the app's traffic (Forge asApp/asUser) is metered in points; writes to one issue are limited
    const metered = req.headers['x-sandbox-actor'] !== undefined;
    const limited = (metered ? strict.checkQuota() : undefined) ?? issueWriteLimit(method, match.params);
    if (limited) {
      sendJson(res, 429, errorBody('Rate limit exceeded.'), rateLimitHeaders(limited));
      return true;
    }

    const after: (() => void)[] = [];
    let reply: Reply;
    try {
      const rawBody = method === 'GET' || method === 'DELETE' ? '' : await readRaw(req);
      const ctx: RequestContext = {
        method,
        url,
        params: match.params,
        actor,
        body: parseJson(rawBody),
        rawBody,
        render: new Renderer(store, base),
        after,
      };
      reply = await match.route.handle(resources, ctx);
    } catch (e) {
      after.length = 0;
      if (e instanceof JiraHttpError) reply = { status: e.status, body: e.body, headers: e.headers };
      else {
        reply = {
          status: 500,
          body: errorBody(`Internal error in the sandbox Jira emulator: ${e instanceof Error ? e.message : String(e)}`),
        };
      }
    }
    if (metered) strict.charge(method, reply.status, reply.body);
    // The write's events are stored before its answer is sent.
    for (const fn of after) fn();
    if (fault?.kind === 'lost') {
      // The request took effect; its answer never reaches the caller.
      if (fault.status) sendJson(res, fault.status, errorBody(`Injected fault: HTTP ${fault.status} after the request was carried out.`));
      else req.socket.destroy();
    } else if (!res.headersSent && !res.destroyed) sendJson(res, reply.status, reply.body, reply.headers);
    return true;
  }

  /** Per-issue write limit: every non-GET operation on one issue (edit, assign, transition, delete, properties). */
  function issueWriteLimit(method: string, params: Record<string, string>): RateLimited | undefined {
    const ref = params.issueIdOrKey;
    if (method === 'GET' || ref === undefined) return undefined;
    const row = store.issueByIdOrKey(ref);
    return row ? strict.checkIssueWrite(row.id) : undefined;
  }

  async function listen(port: number, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
    const server = createServer((req, res) => {
      handle(req, res)
        .then((handled) => {
          if (!handled) sendJson(res, 404, errorBody(`Not found: ${req.url ?? ''}`));
        })
        .catch((e: unknown) => {
          if (!res.headersSent) sendJson(res, 500, errorBody(e instanceof Error ? e.message : String(e)));
        });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
    return {
      url,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.closeAllConnections();
          server.close((err) => (err ? reject(err) : resolve()));
        }),
    };
  }

  return {
    handle,
    listen,
    db,
    faults,
    users: {
      byEmail: (email) => store.userByEmail(email),
      byAccountId: (id) => store.userByAccountId(id),
      all: () => store.allUsers(),
    },
    stats,
    workflows,
    strict,
    createScreens,
    setProjectStyle(projectKey, style) {
      const p = store.projectByIdOrKey(projectKey);
      if (!p) throw new Error(`unknown project ${projectKey}`);
      store.setProjectStyle(p.id, style);
    },
    hooks,
    reset,
  };
}
