/**
 * Scheduled triggers (`scheduledTrigger` modules of manifest.yml), run on demand: Forge runs them on
 * their interval (`fiveMinute`, `hour`, `day`, `week`); the sandbox runs one when a test or a person
 * asks (`harness.scheduled.run(key)`, or `POST /__sandbox/scheduled/<key>/run`).
 * As Forge calls it (docs: function-reference/scheduled-trigger, manifest-reference/modules/scheduled-trigger):
 * request `{ context: { cloudId, moduleKey }, contextToken }`, context without a user (`principal`
 * undefined), and the function answers `{ statusCode, body?, headers?, statusText? }` — 204 is
 * success, 5xx an error, anything that is not such an object is recorded as `424 Failed dependency`.
 * A failed run is not retried (the next interval runs it again).
 * The schedule itself is modelled, not run: `deploy(at)` records a deployment that changes the
 * scheduled-trigger modules (Forge recreates the schedules; the first run about 5 minutes later, then
 * every interval) and `dueTimes(key, from, until)` says when Forge would invoke the trigger, so a test
 * can move the clock (test/clock.ts) to each of those times and `run(key)`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const SCHEDULED_INTERVALS = ['fiveMinute', 'hour', 'day', 'week'] as const;

export interface ScheduledTriggerDef {
  key: string;
  function: string;
  interval: (typeof SCHEDULED_INTERVALS)[number];
}

export interface ScheduledRun {
  key: string;
  at: string;
  /** The status code the function answered (424 when its answer is not a response object, 500 when it threw). */
  statusCode: number;
  result: unknown;
  error?: string;
}

export interface ScheduledTriggers {
  list(): ScheduledTriggerDef[];
  run(key: string): Promise<ScheduledRun>;
  runs: ScheduledRun[];
  /**
   * Records a deployment that changes the scheduled-trigger modules at `at` (default now): Forge
   * recreates every schedule and starts it "about 5 minutes after app deployment", then runs it every
   * interval (docs: manifest-reference/modules/scheduled-trigger).
   */
  deploy(at?: number): void;
  /** When Forge would invoke the trigger `key` within [from, until), given the deployments recorded so far. */
  dueTimes(key: string, from: number, until: number): number[];
}

/** The documented intervals (manifest-reference/modules/scheduled-trigger). */
export const INTERVAL_MS: Record<ScheduledTriggerDef['interval'], number> = {
  fiveMinute: 5 * 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};
/** "about 5 minutes after app deployment" (manifest-reference/modules/scheduled-trigger). */
export const FIRST_RUN_AFTER_DEPLOY_MS = 5 * 60_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readScheduledTriggers(manifestPath: string): ScheduledTriggerDef[] {
  const doc: unknown = parse(readFileSync(manifestPath, 'utf8'));
  const modules = isRecord(doc) && isRecord(doc.modules) ? doc.modules : {};
  const list = Array.isArray(modules.scheduledTrigger) ? modules.scheduledTrigger.filter(isRecord) : [];
  return list.map((m) => {
    const key = typeof m.key === 'string' ? m.key : '';
    const fn = typeof m.function === 'string' ? m.function : '';
    const interval = m.interval as ScheduledTriggerDef['interval'];
    if (!key || !fn) throw new Error(`Forge manifest ${manifestPath}: a scheduledTrigger needs a key and a function`);
    if (!SCHEDULED_INTERVALS.includes(interval)) {
      throw new Error(
        `Forge manifest ${manifestPath}: scheduledTrigger ${key} has interval "${String(m.interval)}"; Forge accepts ${SCHEDULED_INTERVALS.join(', ')}`,
      );
    }
    return { key, function: fn, interval };
  });
}

export function createScheduledTriggers(opts: {
  manifestPath: string;
  cloudId: string;
  /** Invokes a function as a trigger without a user; `args` are passed to the handler. */
  invoke(functionKey: string, moduleKey: string, args: unknown[]): Promise<unknown>;
  /** The function context without a principal. */
  functionContext(): Record<string, unknown>;
  logger: Pick<Console, 'error'>;
}): ScheduledTriggers {
  const defs = readScheduledTriggers(opts.manifestPath);
  const runs: ScheduledRun[] = [];
  const deployments: number[] = [];
  const defOf = (key: string): ScheduledTriggerDef => {
    const def = defs.find((d) => d.key === key);
    if (!def)
      throw new Error(
        `Forge harness: no scheduledTrigger "${key}" in the manifest (known: ${defs.map((d) => d.key).join(', ') || 'none'})`,
      );
    return def;
  };
  return {
    runs,
    list: () => defs.map((d) => ({ ...d })),
    deploy(at = Date.now()) {
      if (deployments.length > 0 && at < deployments[deployments.length - 1]!) throw new Error('deployments are recorded in time order');
      deployments.push(at);
    },
    dueTimes(key, from, until) {
      const every = INTERVAL_MS[defOf(key).interval];
      const out: number[] = [];
      deployments.forEach((d, i) => {
        // Each deployment recreates the schedule: its runs last until the next deployment.
        const end = Math.min(until, deployments[i + 1] ?? Number.POSITIVE_INFINITY);
        for (let t = d + FIRST_RUN_AFTER_DEPLOY_MS; t < end; t += every) if (t >= from) out.push(t);
      });
      return out;
    },
    async run(key) {
      const def = defOf(key);
      const request = { context: { cloudId: opts.cloudId, moduleKey: key }, contextToken: 'sandbox-context-token' };
      const record: ScheduledRun = { key, at: new Date().toISOString(), statusCode: 0, result: undefined };
      try {
        record.result = await opts.invoke(def.function, key, [request, opts.functionContext()]);
        const code = isRecord(record.result) ? record.result.statusCode : undefined;
        record.statusCode = typeof code === 'number' && Number.isInteger(code) ? code : 424;
      } catch (e) {
        record.statusCode = 500;
        record.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        opts.logger.error(`[forge-sandbox] scheduled trigger ${key} (${def.function}) failed: ${record.error}`);
      }
      runs.push(record);
      return record;
    },
  };
}
