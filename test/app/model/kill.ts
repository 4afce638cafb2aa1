/**
 * A Forge function killed mid-invocation, in process: the next invocation of `functionKey` (a
 * resolver call) is cut off at its `afterRequests`-th platform request (Jira, KVS, queue). That
 * request is sent (it takes effect) but its answer never reaches the function, and every later
 * request of the invocation fails before it leaves: what a process killed right after sending it
 * leaves behind. The real @forge/api and @forge/kvs send every request through the runtime's
 * `global.__forge_fetch__`, read at each call, so wrapping it is enough. (The child-process crash
 * tests, test/app/*-crash.test.ts, kill the whole sandbox with SIGKILL; this is their in-process
 * equivalent, fast enough to run inside the model-based test.)
 */
import { invocationStorage } from '../helpers';

type ForgeFetch = (descriptor: unknown, path: string, init?: unknown) => Promise<Response>;
const g = globalThis as { __forge_fetch__?: ForgeFetch };

export interface Kill {
  /** Whether the cut happened (false: the invocation made fewer requests and ended by itself). */
  readonly happened: boolean;
  /** Requests the invocation made before it was cut off (the last one's answer lost). */
  readonly sent: number;
  disarm(): void;
}

export function armKill(functionKey: string, afterRequests: number): Kill {
  const original = g.__forge_fetch__;
  if (!original) throw new Error('the Forge runtime globals are not installed');
  let target: string | null = null;
  let sent = 0;
  let happened = false;
  const wrapper: ForgeFetch = async (descriptor, path, init) => {
    const s = invocationStorage.getStore();
    if (!s || s.kind !== 'resolver' || s.functionKey !== functionKey || (target !== null && s.invocationId !== target))
      return original(descriptor, path, init);
    target ??= s.invocationId;
    if (happened) throw new Error('killed (sandbox): the function is no longer running');
    sent++;
    if (sent < afterRequests) return original(descriptor, path, init);
    happened = true;
    // Sent, and its effect stays; the answer is lost with the process.
    await original(descriptor, path, init).catch(() => undefined);
    throw new Error('killed (sandbox): the function stopped while waiting for this answer');
  };
  g.__forge_fetch__ = wrapper;
  return {
    get happened() {
      return happened;
    },
    get sent() {
      return sent;
    },
    disarm() {
      if (g.__forge_fetch__ === wrapper) g.__forge_fetch__ = original;
    },
  };
}
