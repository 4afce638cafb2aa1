/**
 * The spawn's queue: its first run queued by the issue trigger, continuations, and the watchdog
 * (concurrency limited per the async events API). Crash safety: whoever holds the claim first queues
 * a watchdog event for just after the claim lapses, and cancels it when it finishes. If the owner dies
 * (the sandbox is killed, Forge stops the function), the watchdog resumes the spawn; nobody has to act.
 */
import { Queue } from '@forge/events';
import { BULK_LIMIT } from '../../core/spawn-plan';

export const SPAWN_QUEUE_KEY = 'spawn-queue';

/** Tuning of spawning; exported so tests and benchmarks can exercise the continuation path. */
export const spawnTuning = {
  /** A spawn claim lapses this long after its owner's invocation must have stopped (its deadline). */
  claimMarginMs: 5_000,
  /** Issues per bulk call (Jira's limit is 50). */
  chunkSize: BULK_LIMIT,
  /** Time one bulk call may need; with less remaining time, the rest is queued. */
  timePerChunkMs: 6_000,
  /** Continuations (queued runs) of one spawn; each creates at least one chunk, so 38 items need few. */
  maxContinuations: 20,
  /** Watchdog re-arms while another run holds the claim, at most this many times. */
  maxWatchdogRearms: 10,
  /** Seconds before Forge delivers an event again after a transient failure, when Jira named no Retry-After. */
  retryAfterSeconds: 5,
  /** At most this many spawn runs at once per installation (the queue's `concurrency`): a burst of epics waits its turn. */
  concurrency: 4,
};

/** The queue's concurrency key for every spawn event (runtime-reference/async-events-api, "Controlling processing concurrency"). */
export const SPAWN_CONCURRENCY_KEY = 'spawn';

export const queue = () => new Queue({ key: SPAWN_QUEUE_KEY });

export interface SpawnEventBody {
  epicKey: string;
  epicId?: string;
  /** The first run for a new epic, queued by the issue trigger: the epic must be a deployment epic. */
  start?: boolean;
  /** Continuations before this one. */
  continuation?: number;
  /** A watchdog event: resumes the spawn if its owner died; `rearm` counts how often it waited for another owner. */
  watchdog?: boolean;
  rearm?: number;
}

export async function push(body: SpawnEventBody, delayInSeconds?: number): Promise<string | null> {
  const r = await queue().push({
    body: { ...body },
    concurrency: { key: SPAWN_CONCURRENCY_KEY, limit: spawnTuning.concurrency },
    ...(delayInSeconds ? { delayInSeconds: Math.min(900, Math.max(1, Math.ceil(delayInSeconds))) } : {}),
  });
  return r.jobId;
}

/** Queues the first run of a new epic's spawn (the issue trigger does no Jira work itself: under a
 * burst of epics the runs wait their turn in the queue instead of all running into their time limit). */
export async function queueSpawnStart(body: { epicKey: string; epicId?: string }): Promise<void> {
  await push({ ...body, start: true, continuation: 0 });
}

/** Queues a watchdog for just after `untilMs`. Never fails the caller: without one, the event's own redelivery is the fallback. */
export async function armWatchdog(body: SpawnEventBody, untilMs: number, now = Date.now()): Promise<string | null> {
  try {
    return await push({ ...body, watchdog: true }, (untilMs - now) / 1000 + 1);
  } catch (e) {
    console.warn(`[spawn] ${body.epicKey}: could not queue the watchdog:`, e instanceof Error ? e.message : e);
    return null;
  }
}

export async function disarmWatchdog(jobId: string | null): Promise<void> {
  if (!jobId) return;
  try {
    await queue().getJob(jobId).cancel();
  } catch (e) {
    // The watchdog then runs, finds nothing missing, and stops.
    console.warn('[spawn] could not cancel the watchdog:', e instanceof Error ? e.message : e);
  }
}
