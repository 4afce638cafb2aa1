/**
 * The process-wide Forge runtime globals (`global.__forge_runtime__`, `global.__forge_fetch__`)
 * that the real @forge/api and @forge/kvs read. They hold no state of their own: every read goes
 * to the invocation found in AsyncLocalStorage, so concurrent invocations (and several harnesses
 * in one process, as in tests) do not see each other's principal, function or deadline.
 *
 * Importing this module installs the globals; sandbox/forge/index.ts imports it first, before
 * anything can import @forge/kvs (which picks its transport when it is first imported).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface FetchDescriptor {
  type?: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

export interface ForgeFetchInit {
  method?: string;
  headers?: unknown;
  body?: unknown;
}

export interface InvocationAppContext {
  appId: string;
  appVersion: string;
  environmentId: string;
  environmentType: string;
  invocationId: string;
  installationId: string;
  moduleKey: string;
  license: unknown;
  installation: unknown;
  permissions: { scopes: string[]; external: Record<string, unknown> };
}

/** What the runtime knows about the invocation that is running. */
export interface InvocationState {
  invocationId: string;
  functionKey: string;
  moduleKey: string;
  kind: 'resolver' | 'trigger' | 'consumer' | 'validator' | 'function';
  /** The user the invocation acts for (asUser()); null when there is none (triggers). */
  principal: string | null;
  deadline: number;
  timedOut: boolean;
  appContext: InvocationAppContext;
  appCodeDir: string | undefined;
  /** The harness that serves this invocation's platform calls. */
  fetch(descriptor: FetchDescriptor, path: string, init: ForgeFetchInit | undefined): Promise<Response>;
}

export const invocationStorage = new AsyncLocalStorage<InvocationState>();

function current(what: string): InvocationState {
  const s = invocationStorage.getStore();
  if (!s) {
    throw new Error(
      `Forge runtime (sandbox): ${what} was used outside a Forge function invocation. ` +
        'Call the function through the harness (invokeResolver, triggers, validators, queue).',
    );
  }
  return s;
}

const noopTimer = { measure: () => ({ stop: () => undefined }) };
const noopCounter = { incr: () => undefined, decr: () => undefined };
const metrics = {
  counter: () => noopCounter,
  timing: () => noopTimer,
  gauge: () => ({ set: () => undefined }),
};

/** The object @forge/api reads through `__getRuntime()`. Every field is read from the current invocation. */
const runtime = {
  get appContext(): InvocationAppContext {
    return current('getAppContext()').appContext;
  },
  get lambdaContext() {
    const s = current('the lambda context');
    return { getRemainingTimeInMillis: () => Math.max(0, s.deadline - Date.now()) };
  },
  get aaid(): string | undefined {
    return invocationStorage.getStore()?.principal ?? undefined;
  },
  get container() {
    return { appCodeDir: invocationStorage.getStore()?.appCodeDir };
  },
  metrics,
  // No `kvs.url`/`kvs.host`: @forge/kvs then sends through __forge_fetch__({type:'kvs', ...}).
  kvs: undefined,
  proxy: { token: 'sandbox', url: 'http://sandbox.invalid' },
  tracing: { traceId: 'sandbox', spanId: 'sandbox' },
  externalAuth: [],
  rms: undefined,
};

async function forgeFetch(descriptor: FetchDescriptor, path: string, init?: ForgeFetchInit): Promise<Response> {
  const s = current(`a platform request (${descriptor.type ?? '?'} ${path})`);
  if (s.timedOut || Date.now() > s.deadline) {
    throw new Error(
      `Forge runtime (sandbox): invocation ${s.invocationId} of function "${s.functionKey}" has timed out; ` +
        'Forge stops a function at its time limit, so this request is refused.',
    );
  }
  return s.fetch(descriptor, path, init);
}

interface ForgeGlobals {
  __forge_runtime__?: unknown;
  __forge_fetch__?: unknown;
}

export function installForgeGlobals(): void {
  const g = globalThis as ForgeGlobals;
  g.__forge_runtime__ = runtime;
  g.__forge_fetch__ = forgeFetch;
}

installForgeGlobals();
