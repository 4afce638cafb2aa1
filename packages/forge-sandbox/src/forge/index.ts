/**
 * Forge runtime harness: runs the app's real Forge handlers (real @forge/api, @forge/kvs,
 * @forge/resolver, @forge/events code) against the local Jira emulator and a local store.
 * See README.md (this folder) for what is emulated and where it knowingly differs from Forge.
 */
// Must come first: installs global.__forge_runtime__ / __forge_fetch__ before anything imports @forge/kvs.
import { invocationStorage, type InvocationState } from './runtime';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { defaultManifestPath } from '../app-dir';
import { appHandlers, bundleTranslations } from './app-code';
import { APP_ACCOUNT_ID, createDeliveries } from './deliveries';
import { createEntryPoints } from './entry-points';
import { EventStore } from './events';
import { compileFilterExpression } from './expression';
import { KvsStore } from './kvs-store';
import { loadManifest, type FunctionDef } from './manifest';
import { createPlatformFetch, INVOCATION_HEADER } from './platform-fetch';
import { createPrivacyEndpoint, handleSandboxControls } from './privacy';
import { createScheduledTriggers } from './scheduled';
import {
  ForgeFunctionTimeoutError,
  type DeliveryRecord,
  type FilterRecord,
  type ForgeHarness,
  type ForgeHarnessOptions,
  type JiraCall,
  type JiraOverride,
  type KvsCall,
  type QueuePushCall,
} from './types';
import { errorMessage, jsonRoundTrip, seededRandom } from './util';

export { KVS_KEY_EXISTS_CODE, KVS_CONDITION_FAILED_CODE, KVS_MAX_VALUE_BYTES, KVS_MAX_KEY_BYTES } from './kvs-store';
export * from './types';
export { APP_ACCOUNT_ID };

export function createForgeHarness(opts: ForgeHarnessOptions): ForgeHarness {
  const manifestPath = opts.manifestPath ?? defaultManifestPath();
  const manifest = loadManifest(manifestPath);
  const appId = opts.appId ?? manifest.appId;
  const environmentId = opts.environmentId ?? '00000000-0000-4000-8000-0000000000e1';
  const cloudId = opts.cloudId ?? '00000000-0000-4000-8000-00000000c10d';
  let siteUrl = opts.siteUrl ?? 'http://localhost';
  const installContext = `ari:cloud:jira::site/${cloudId}`;
  const installationId = `00000000-0000-4000-8000-0000000001a5`;
  const invocationScale = opts.invocationTimeScale ?? 1;
  /** The time limit of one function, as the manifest decides it (compressed / capped for tests). */
  const limitMsOf = (def: FunctionDef): number =>
    Math.min(def.limitSeconds * 1000 * invocationScale, opts.invocationTimeoutMs ?? Number.POSITIVE_INFINITY);
  const delayMs = opts.triggerDelayMs ?? 300;
  const duplicates = Math.max(1, opts.triggerDuplicates ?? 1);
  const maxRetries = opts.maxEventRetries ?? 4;
  const retryUnit = opts.retryBaseDelayMs ?? 1000;
  const strict = opts.strict === true;
  const appDelayScale = strict ? (opts.appDelayScale ?? 1) : (opts.queueDelayScale ?? 1);
  const timeScale = opts.timeScale ?? 0.001;
  const duplicateRate = opts.duplicateRate ?? 0.2;
  const retentionMs = 24 * 3_600_000 * timeScale;
  const random = seededRandom(opts.randomSeed ?? 1);
  const log = opts.logger ?? console;
  const store = new KvsStore(opts.db, {
    queryLagMs: strict ? (opts.kvsQueryLagMs ?? 1500) : 0,
    ttlLingerMs: strict ? (opts.kvsTtlLingerMs ?? 48 * 3_600_000 * timeScale) : 0,
  });
  const events = new EventStore(opts.db);
  const jiraLog: JiraCall[] = [];
  const kvsLog: KvsCall[] = [];
  const queueLog: QueuePushCall[] = [];
  let platformLatencyMs = Math.max(0, opts.platformLatencyMs ?? 0);
  const platformLatency = () => (platformLatencyMs > 0 ? new Promise<void>((r) => setTimeout(r, platformLatencyMs)) : Promise.resolve());
  const overrides: (JiraOverride & { left: number })[] = [];
  const deliveries: DeliveryRecord[] = [];
  const filtered: FilterRecord[] = [];
  const live = new Map<string, InvocationState>();
  const requestScope = new AsyncLocalStorage<{ invocation: InvocationState }>();
  let jiraBase: string | null = null;
  let closed = false;
  let resumed = false;
  for (const def of manifest.functions.values()) if (def.timeoutIgnored) log.warn(`[forge-sandbox] ${def.timeoutIgnored}`);
  const filters = new Map<string, (event: unknown) => boolean>();
  for (const t of manifest.triggers) {
    if (!t.expression) continue;
    try {
      filters.set(t.key, compileFilterExpression(t.expression));
    } catch (e) {
      // Forge refuses to deploy such a manifest; the sandbox refuses to start with it.
      throw new Error(`Forge harness: trigger "${t.key}" has a filter.expression the sandbox cannot evaluate: ${errorMessage(e)}`, {
        cause: e,
      });
    }
  }

  const appCodeDir = bundleTranslations(manifest, manifestPath);
  const handlerOf = appHandlers(manifestPath, opts.loadApp);

  function functionContext(principal: string | null): Record<string, unknown> {
    return {
      installContext,
      ...(principal ? { principal: { accountId: principal } } : {}),
      license: undefined,
      installation: {
        ari: { installationId, toString: () => `ari:cloud:ecosystem::installation/${installationId}` },
        contexts: [installContext],
      },
      workspaceId: cloudId,
    };
  }

  // ---- invocation ----
  async function invoke(
    functionKey: string,
    kind: InvocationState['kind'],
    moduleKey: string,
    principal: string | null,
    args: unknown[],
  ): Promise<unknown> {
    if (closed) throw new Error('Forge harness is closed');
    const def = manifest.functions.get(functionKey);
    if (!def) throw new Error(`Forge harness: no function "${functionKey}" in ${manifestPath}`);
    const handler = handlerOf(def);
    const invocationId = randomUUID();
    const timeoutMs = limitMsOf(def);
    const state: InvocationState = {
      invocationId,
      functionKey,
      moduleKey,
      kind,
      principal,
      deadline: Date.now() + timeoutMs,
      timedOut: false,
      appCodeDir,
      appContext: {
        appId,
        appVersion: '1.0.0',
        environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId,
        installationId,
        moduleKey,
        license: undefined,
        installation: undefined,
        permissions: { scopes: [...manifest.scopes], external: {} },
      },
      fetch: (d, p, i) => platformFetch(state, d, p, i),
    };
    live.set(invocationId, state);
    let timer: NodeJS.Timeout | undefined;
    const run = invocationStorage.run(state, () => Promise.resolve().then(() => handler(...args)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        state.timedOut = true;
        reject(new ForgeFunctionTimeoutError(functionKey, timeoutMs, invocationId, def.limitSeconds));
      }, timeoutMs);
    });
    run.catch(() => undefined); // a handler that fails after its timeout must not become an unhandled rejection
    try {
      return jsonRoundTrip(await Promise.race([run, timeout]));
    } finally {
      clearTimeout(timer);
      // Keep the state known for a short while: the emulator may still be answering its last request.
      setTimeout(() => live.delete(invocationId), 1000).unref();
    }
  }

  const privacy = createPrivacyEndpoint();
  const delivery = createDeliveries({
    manifest,
    events,
    log,
    strict,
    random,
    timeScale,
    duplicateRate,
    retentionMs,
    maxRetries,
    retryUnit,
    appDelayScale,
    delayMs,
    duplicates,
    cloudId,
    filters,
    requestScope,
    deliveries,
    filtered,
    isClosed: () => closed,
    invoke,
    functionContext,
  });
  const { timers, pendingTasks, queuePush, onIssueEvent, scheduleEvent } = delivery;
  const platformFetch = createPlatformFetch({
    manifest,
    store,
    events,
    privacy,
    log,
    jiraLog,
    kvsLog,
    queueLog,
    overrides,
    platformLatency,
    jiraBase: () => jiraBase,
    queuePush,
    unschedule: delivery.unschedule,
  });
  const { invokeValidator, runValidators, invokeResolver } = createEntryPoints({
    manifest,
    manifestPath,
    log,
    strict,
    appId,
    environmentId,
    cloudId,
    installContext,
    siteUrl: () => siteUrl,
    invoke,
    functionContext,
  });

  const scheduled = createScheduledTriggers({
    manifestPath,
    cloudId,
    logger: log,
    functionContext: () => functionContext(null),
    invoke: (functionKey, moduleKey, args) => invoke(functionKey, 'trigger', moduleKey, null, args),
  });
  const drain = async () => {
    while (pendingTasks.size > 0) await Promise.allSettled([...pendingTasks]);
  };

  return {
    manifest,
    functionLimitMs(functionKey: string) {
      const def = manifest.functions.get(functionKey);
      if (!def) throw new Error(`Forge harness: no function "${functionKey}" in ${manifestPath}`);
      return limitMsOf(def);
    },
    privacy,
    scheduled,
    handleControl: (req, res) => handleSandboxControls(req, res, { privacy, scheduled, drain }),
    strict,
    attachJira(baseUrl: string) {
      jiraBase = baseUrl.replace(/\/+$/, '');
      if (!opts.siteUrl) siteUrl = jiraBase;
      if (!resumed) {
        // Events accepted before the sandbox last stopped (or crashed) are delivered now.
        resumed = true;
        const now = Date.now();
        for (const e of events.resumable(now)) scheduleEvent(e.id, e.dueAt - now);
      }
    },
    emulatorHooks: { runValidators, onIssueEvent },
    invokeResolver,
    invokeValidator,
    triggers: {
      async drain() {
        while (pendingTasks.size > 0) await Promise.allSettled([...pendingTasks]);
      },
      setDelay: delivery.setDelay,
      setDuplicates: delivery.setDuplicates,
      pending: () => pendingTasks.size,
      deliveries,
      filtered,
      events: () => events.all(),
      push(queueName: string, body: unknown) {
        const state = { functionKey: '(test)', principal: null } as unknown as InvocationState;
        queuePush(state, { queueName, payload: [{ body }] });
      },
    },
    jiraLog,
    kvsLog,
    queueLog,
    setPlatformLatency(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be a non-negative number of milliseconds');
      platformLatencyMs = ms;
    },
    async invokeConsumer(consumerModuleKey: string, body: unknown) {
      const c = manifest.consumers.find((x) => x.key === consumerModuleKey);
      if (!c) throw new Error(`Forge harness: no consumer module "${consumerModuleKey}" in ${manifestPath}`);
      const jobId = randomUUID();
      return invoke(c.function, 'consumer', c.key, null, [
        { body: jsonRoundTrip(body), jobId, eventId: `${jobId}-0`, queueName: c.queue },
        functionContext(null),
      ]);
    },
    overrideJira(o: JiraOverride) {
      overrides.push({ ...o, method: o.method.toUpperCase(), left: o.times ?? 1 });
    },
    kvs: { dump: () => store.dump(), clear: () => store.clear(), settleQueries: () => store.settleQueries() },
    runInRequestScope<T>(req: IncomingMessage, fn: () => T): T {
      const raw = req.headers[INVOCATION_HEADER];
      const id = Array.isArray(raw) ? raw[0] : raw;
      const invocation = id ? live.get(id) : undefined;
      return invocation ? requestScope.run({ invocation }, fn) : fn();
    },
    async close() {
      closed = true;
      for (const [t, done] of timers) {
        clearTimeout(t);
        done();
      }
      timers.clear();
      await Promise.allSettled([...pendingTasks]);
      if (appCodeDir) rmSync(appCodeDir, { recursive: true, force: true });
    },
  };
}
