/**
 * The personal data report's cadence (docs: user-privacy-guidelines: report each account at least
 * every cycle period, 7 days by default, and not more often) under Forge's schedule: "Every time any
 * changes are made to any scheduled triggers module, all scheduled triggers will be recreated and
 * their start times reset", the first run "about 5 minutes after app deployment"
 * (docs: manifest-reference/modules/scheduled-trigger). The harness models that schedule
 * (`scheduled.deploy`, `scheduled.dueTimes`); the clock (test/clock.ts) moves to each time Forge
 * would invoke the trigger. Strict mode, with expired KVS entries readable for 48 h (the run's claims
 * have TTLs: storage-reference/kvs-api, "Time-to-live").
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { privacyTuning, type RunState } from '../../src/services/privacy/personal-data-run';
import { clockTo } from '../clock';
import { startApp } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CYCLE = 7 * DAY;
const tuningDefaults = { ...privacyTuning };

let sb: Sandbox;
beforeEach(async () => {
  sb = await startApp({ kvsTtlLingerMs: 48 * HOUR });
});
afterEach(async () => {
  jest.useRealTimers();
  await sb.close();
});

const runState = () => sb.harness.kvs.dump()['privacy:run'] as RunState | undefined;

/** Invokes the trigger at every time Forge would within [from, until); records the start of every run. */
async function live(from: number, until: number, starts: Map<number, number>): Promise<void> {
  for (const at of sb.harness.scheduled.dueTimes('privacy-report', from, until)) {
    clockTo(Math.max(at, Date.now()));
    const run = await sb.harness.scheduled.run('privacy-report');
    expect(run.statusCode).toBe(204);
    await sb.harness.triggers.drain();
    const state = runState();
    if (state) starts.set(state.number, Date.parse(state.startedAt));
  }
}

describe('the personal data report keeps its 7-day cycle across deployments', () => {
  it('every run starts within the cycle and not much before it ends, with deployments at awkward moments', async () => {
    const t0 = Date.now();
    const starts = new Map<number, number>();
    // A deployment at t0; the first run about 5 minutes later.
    sb.harness.scheduled.deploy(t0);
    // Redeployments: 3 days in; just before the second run falls due; and just after a run.
    const deployments = [t0 + 3 * DAY + 7 * HOUR, t0 + CYCLE + CYCLE - 3 * HOUR, t0 + 3 * CYCLE + 10 * 60_000];
    let from = t0;
    for (const d of deployments) {
      await live(from, d, starts);
      clockTo(Math.max(d, Date.now()));
      sb.harness.scheduled.deploy(d);
      from = d;
    }
    await live(from, t0 + 5 * CYCLE, starts);
    const times = [...starts.entries()].sort(([a], [b]) => a - b).map(([, at]) => at);
    expect(runState()?.phase).toBe('done');
    // Each run reported the stored accounts (the demo settings' default roster).
    expect(sb.harness.privacy.calls.length).toBeGreaterThanOrEqual(times.length);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Within the cycle (never late), and not much before it ends.
    const early = privacyTuning.minHoursBetweenRuns * HOUR;
    expect(gaps.filter((g) => g > CYCLE || g < early).map((g) => `${(g / HOUR).toFixed(2)} h`)).toEqual([]);
    expect(times.length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

describe('a run that failed', () => {
  it('is started over a few hours later, not a week later', async () => {
    const t0 = Date.now();
    sb.harness.scheduled.deploy(t0);
    Object.assign(privacyTuning, { maxErrors: 1 });
    sb.harness.privacy.failNext(1, 503);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const starts = new Map<number, number>();
    try {
      await live(t0, t0 + 10 * 60_000, starts); // the first run, 5 minutes after the deployment
      expect(runState()).toMatchObject({ number: 1, phase: 'failed' });
      await live(t0 + 10 * 60_000, t0 + 12 * HOUR, starts);
    } finally {
      errors.mockRestore();
      privacyTuning.maxErrors = tuningDefaults.maxErrors;
    }
    expect(runState()).toMatchObject({ number: 2, phase: 'done' });
    expect(starts.get(2)! - starts.get(1)!).toBe(privacyTuning.hoursBeforeFailedRunRestarts * HOUR);
  });
});
