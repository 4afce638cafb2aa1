/**
 * Function time limits per module (docs: limits-invocation, "Invocation limits";
 * runtime-reference/async-events-api and manifest-reference/modules/scheduled-trigger on
 * `timeoutSeconds`): resolvers and product-event triggers 25 s; a function only queue consumers or
 * scheduled triggers use 55 s, or its `timeoutSeconds` (at most 900); a function that also serves a
 * 25 s module keeps 25 s. The harness reads each limit from the manifest; the tests compress them a
 * fiftyfold (`invocationTimeScale: 0.02`: 25 s → 500 ms, 55 s → 1.1 s).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createForgeHarness, type ForgeHarness, type ForgeHarnessOptions } from '../../src/forge';
import { loadManifest } from '../../src/forge/manifest';
import type { IssueEvent, IssueEventType } from '../../src/jira/types';
import * as fixtureApp from './fixture/src/index';

const MANIFEST = join(__dirname, 'fixture', 'manifest-limits.yml');
const SCALE = 0.02;
const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'limits-panel', extension: { issue: { key: 'DEMO-1' } } };

function harness(db: Database.Database, extra: Partial<ForgeHarnessOptions> = {}): ForgeHarness {
  const h = createForgeHarness({
    db,
    manifestPath: MANIFEST,
    loadApp: () => fixtureApp,
    triggerDelayMs: 5,
    maxEventRetries: 0,
    invocationTimeScale: SCALE,
    logger: { error: () => undefined, warn: () => undefined, info: () => undefined },
    ...extra,
  });
  h.attachJira('http://127.0.0.1:9'); // no handler here calls Jira
  return h;
}

const issueEvent = (eventType: IssueEventType, summary: string): IssueEvent => ({
  eventType,
  issue: { id: '10001', key: 'DEMO-1', fields: { summary } },
  atlassianId: 'sandbox-hankepaallikko',
});

describe('function time limits come from the manifest (limits-invocation)', () => {
  let db: Database.Database;
  let h: ForgeHarness;
  beforeEach(() => {
    db = new Database(':memory:');
    h = harness(db);
  });
  afterEach(async () => {
    await h.close();
    db.close();
  });

  const started = (id: string) => h.kvs.dump()[`started-${id}`] as { remainingMs: number } | undefined;
  const outcome = (moduleKey: string) => h.triggers.deliveries.filter((d) => d.moduleKey === moduleKey).map((d) => d.outcome);

  it('each function gets the limit of the modules that name it: 25 s, 55 s by default, timeoutSeconds, 25 s when shared', () => {
    expect(
      Object.fromEntries(
        ['limits-resolver', 'limits-trigger', 'limits-consumer', 'limits-long', 'limits-scheduled', 'limits-shared'].map((f) => [
          f,
          h.functionLimitMs(f),
        ]),
      ),
    ).toEqual({
      'limits-resolver': 500,
      'limits-trigger': 500,
      'limits-consumer': 1100,
      'limits-long': 1800,
      'limits-scheduled': 2400,
      'limits-shared': 500,
    });
  });

  it('getAppContext().invocationRemainingTimeInMillis() counts down from that limit', async () => {
    const resolver = (await h.invokeResolver('limits-resolver', 'context', {}, ctx)) as { remainingMs: number };
    h.triggers.push('limits-default', { id: 'default' });
    h.triggers.push('limits-long', { id: 'long' });
    h.triggers.push('limits-shared', { id: 'shared' });
    h.emulatorHooks.onIssueEvent?.(issueEvent('avi:jira:created:issue', 'trigger 0'));
    const scheduled = await h.scheduled.run('limits-scheduled');
    await h.triggers.drain();
    const within = (ms: number | undefined, limit: number) => ms !== undefined && ms <= limit && ms > limit - 200;
    expect({
      resolver: within(resolver.remainingMs, 500),
      trigger: within(started('trigger')?.remainingMs, 500),
      consumer: within(started('default')?.remainingMs, 1100),
      long: within(started('long')?.remainingMs, 1800),
      shared: within(started('shared')?.remainingMs, 500),
      scheduled: within((JSON.parse(String((scheduled.result as { body: string }).body)) as { remainingMs: number }).remainingMs, 2400),
    }).toEqual({ resolver: true, trigger: true, consumer: true, long: true, shared: true, scheduled: true });
  });

  it('a consumer may run past 25 s (up to 55 s) where a trigger, or a function that also serves a trigger, is stopped', async () => {
    h.triggers.push('limits-default', { id: 'consumer-800', ms: 800 });
    h.triggers.push('limits-shared', { id: 'shared-800', ms: 800 });
    h.emulatorHooks.onIssueEvent?.(issueEvent('avi:jira:created:issue', 'trigger-800 800'));
    await h.triggers.drain();
    expect(outcome('limits-default-consumer')).toEqual(['ok']);
    expect(outcome('limits-shared-consumer')).toEqual(['timeout']);
    expect(outcome('limits-trigger')).toEqual(['timeout']);
    const dump = h.kvs.dump();
    expect(dump['finished-consumer-800']).toBe(true);
    // A stopped function no longer reaches the platform (its KVS write is refused).
    await new Promise((r) => setTimeout(r, 500));
    expect(h.kvs.dump()['finished-trigger-800']).toBeUndefined();
  });

  it('a consumer past its 55 s default is stopped; timeoutSeconds: 90 lets another run on', async () => {
    h.triggers.push('limits-default', { id: 'default-1400', ms: 1400 });
    h.triggers.push('limits-long', { id: 'long-1400', ms: 1400 });
    await h.triggers.drain();
    expect(outcome('limits-default-consumer')).toEqual(['timeout']);
    expect(outcome('limits-long-consumer')).toEqual(['ok']);
  });

  it('invocationTimeoutMs caps every limit (a test knob)', async () => {
    const capped = harness(db, { invocationTimeScale: 1, invocationTimeoutMs: 300 });
    try {
      expect(['limits-resolver', 'limits-consumer', 'limits-scheduled'].map((f) => capped.functionLimitMs(f))).toEqual([300, 300, 300]);
    } finally {
      await capped.close();
    }
  });
});

describe('the manifest loader checks timeoutSeconds as Forge does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forge-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const withTimeout = (value: string) => {
    const file = join(dir, `manifest-${value}.yml`);
    writeFileSync(file, readFileSync(MANIFEST, 'utf8').replace('timeoutSeconds: 90', `timeoutSeconds: ${value}`));
    return file;
  };

  it.each(['0', '901', '1.5', '"60"'])('refuses timeoutSeconds: %s (an integer from 1 to 900)', (value) => {
    expect(() => loadManifest(withTimeout(value))).toThrow(/timeoutSeconds .*integer from 1 to 900/);
  });

  it('names a timeoutSeconds that does not apply, and warns when the harness starts', async () => {
    expect(loadManifest(MANIFEST).functions.get('limits-shared')).toMatchObject({
      limitSeconds: 25,
      usedBy: ['trigger', 'consumer'],
      timeoutIgnored: expect.stringContaining('keeps the 25 s limit') as unknown,
    });
    const warnings: string[] = [];
    const db = new Database(':memory:');
    const h = createForgeHarness({
      db,
      manifestPath: MANIFEST,
      loadApp: () => fixtureApp,
      logger: { ...console, warn: (m: string) => warnings.push(m) },
    });
    await h.close();
    db.close();
    expect(warnings).toEqual([expect.stringContaining('function limits-shared sets timeoutSeconds 300')]);
  });
});
