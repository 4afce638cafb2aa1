/**
 * The harness's strict mode: the platform as Atlassian documents it where that is least convenient
 * (README.md, fidelity table). Each test names the page it follows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createForgeHarness, type ForgeHarness, type ForgeHarnessOptions } from '../../src/forge';
import * as fixtureApp from './fixture/src/index';

const MANIFEST = join(__dirname, 'fixture', 'manifest.yml');
const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: { issue: { key: 'DEMO-1' } }, locale: 'sv-SE' };
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };

function harness(db: Database.Database, extra: Partial<ForgeHarnessOptions> = {}): ForgeHarness {
  const h = createForgeHarness({
    db,
    manifestPath: MANIFEST,
    loadApp: () => fixtureApp,
    triggerDelayMs: 5,
    logger: quiet,
    strict: true,
    duplicateRate: 0,
    ...extra,
  });
  // No Jira is needed by these handlers; attaching one starts delivering the stored events.
  h.attachJira('http://127.0.0.1:9');
  return h;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('strict mode: Forge storage (storage-reference/kvs, "Data consistency")', () => {
  let db: Database.Database;
  let h: ForgeHarness;
  beforeEach(() => {
    db = new Database(':memory:');
    h = harness(db, { kvsQueryLagMs: 300 });
  });
  afterEach(async () => {
    await h.close();
    db.close();
  });

  it('kvs.query lags behind a write and a delete while kvs.get is immediate; it catches up after the lag', async () => {
    await h.invokeResolver('fixture-resolver', 'kvsSet', { key: 'lag:a', value: 1 }, ctx);
    expect(await h.invokeResolver('fixture-resolver', 'kvsGet', { key: 'lag:a' }, ctx)).toEqual({ value: 1 });
    expect(await h.invokeResolver('fixture-resolver', 'kvsQuery', { prefix: 'lag:', limit: 10 }, ctx)).toMatchObject({ keys: [] });
    await sleep(350);
    expect(await h.invokeResolver('fixture-resolver', 'kvsQuery', { prefix: 'lag:', limit: 10 }, ctx)).toMatchObject({ keys: ['lag:a'] });
    await h.invokeResolver('fixture-resolver', 'kvsDelete', { key: 'lag:a' }, ctx);
    expect(await h.invokeResolver('fixture-resolver', 'kvsGet', { key: 'lag:a' }, ctx)).toEqual({ value: null });
    expect(await h.invokeResolver('fixture-resolver', 'kvsQuery', { prefix: 'lag:', limit: 10 }, ctx)).toMatchObject({ keys: ['lag:a'] });
    h.kvs.settleQueries();
    expect(await h.invokeResolver('fixture-resolver', 'kvsQuery', { prefix: 'lag:', limit: 10 }, ctx)).toMatchObject({ keys: [] });
  });

  it('without strict mode a query sees every write at once', async () => {
    const loose = createForgeHarness({ db, manifestPath: MANIFEST, loadApp: () => fixtureApp, logger: quiet });
    try {
      await loose.invokeResolver('fixture-resolver', 'kvsSet', { key: 'now:a', value: 1 }, ctx);
      expect(await loose.invokeResolver('fixture-resolver', 'kvsQuery', { prefix: 'now:', limit: 10 }, ctx)).toMatchObject({
        keys: ['now:a'],
      });
    } finally {
      await loose.close();
    }
  });
});

describe('strict mode: resolver context (runtime-reference/i18n)', () => {
  it('carries no locale: "A user\'s locale information is not directly available to Forge functions"', async () => {
    const db = new Database(':memory:');
    const h = harness(db);
    try {
      const out = (await h.invokeResolver('fixture-resolver', 'context', {}, ctx)) as { context: Record<string, unknown> };
      expect(out.context).not.toHaveProperty('locale');
      expect(out.context).toMatchObject({ accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel' });
    } finally {
      await h.close();
      db.close();
    }
  });
});

describe('strict mode: async events (runtime-reference/async-events-api, "Retries", "Delivery guarantees")', () => {
  let db: Database.Database;
  afterEach(() => db?.close());

  it('a consumer that throws is retried with growing backoff until it succeeds, with a per-event retry log and retry context', async () => {
    db = new Database(':memory:');
    const h = harness(db, { timeScale: 0.00005 });
    try {
      await h.invokeResolver('fixture-resolver', 'push', { events: [{ body: { id: 'flaky', failTimes: 6 } }] }, ctx);
      await h.triggers.drain();
      expect(h.kvs.dump()['attempts-flaky']).toBe(7); // more than the 4 retries of the convenient mode
      expect(h.kvs.dump()['consumed-flaky']).toMatchObject({
        retryContext: { retryCount: 6, retryReason: 'FUNCTION_ERROR', retentionWindow: { remainingTimeMs: expect.any(Number) } },
      });
      const [event] = h.triggers.events();
      expect(event).toMatchObject({ kind: 'consumer', state: 'done', attempt: 6 });
      expect(event!.log.map((l) => l.outcome)).toEqual(['error', 'error', 'error', 'error', 'error', 'error', 'ok']);
      const waits = event!.log.slice(0, 6).map((l) => l.nextInMs ?? 0);
      for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
    } finally {
      await h.close();
    }
  });

  it('a consumer that keeps failing is dropped only when the 24 h retention window (compressed) has passed', async () => {
    db = new Database(':memory:');
    const timeScale = 0.00001; // 24 h → 864 ms
    const h = harness(db, { timeScale });
    try {
      const started = Date.now();
      await h.invokeResolver('fixture-resolver', 'push', { events: [{ body: { id: 'doomed', failTimes: 1_000_000 } }] }, ctx);
      await h.triggers.drain();
      const [event] = h.triggers.events();
      expect(event?.state).toBe('dropped');
      expect(event!.log.length).toBeGreaterThan(4);
      expect(Date.now() - started).toBeGreaterThanOrEqual(24 * 3_600_000 * timeScale * 0.9);
    } finally {
      await h.close();
    }
  });

  it('the delay an app asks for (delayInSeconds, retryAfter) is never shortened', async () => {
    db = new Database(':memory:');
    const h = harness(db, { appDelayScale: 0.2 });
    try {
      const started = Date.now();
      await h.invokeResolver(
        'fixture-resolver',
        'push',
        { events: [{ body: { id: 'later', failTimes: 1, retryAfter: 1 }, delayInSeconds: 1 }] },
        ctx,
      );
      await h.triggers.drain();
      // 1 s delay + 1 s retryAfter, at the test's scale of 0.2.
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(h.kvs.dump()['consumed-later']).toMatchObject({ retryContext: { retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST' } });
    } finally {
      await h.close();
    }
  });

  it('delivers some events twice (at least once), each copy with its own retry log', async () => {
    db = new Database(':memory:');
    const h = harness(db, { duplicateRate: 1 });
    try {
      await h.invokeResolver('fixture-resolver', 'push', { events: [{ body: { id: 'twice' } }] }, ctx);
      await h.triggers.drain();
      expect(h.kvs.dump()['attempts-twice']).toBe(2);
      expect(h.triggers.events().map((e) => [e.primary, e.state])).toEqual(
        expect.arrayContaining([
          [true, 'done'],
          [false, 'done'],
        ]),
      );
    } finally {
      await h.close();
    }
  });

  it('a cancelled job is not delivered, and drain() does not wait for it', async () => {
    db = new Database(':memory:');
    const h = harness(db);
    try {
      const { jobId } = (await h.invokeResolver(
        'fixture-resolver',
        'push',
        { events: [{ body: { id: 'cancelled' }, delayInSeconds: 600 }] },
        ctx,
      )) as { jobId: string };
      await h.invokeResolver('fixture-resolver', 'cancelJob', { jobId }, ctx);
      await h.triggers.drain();
      expect(h.kvs.dump()['attempts-cancelled']).toBeUndefined();
      expect(h.triggers.events()[0]?.state).toBe('cancelled');
    } finally {
      await h.close();
    }
  });
});

describe('events survive a restart (persisted in the sandbox database)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'forge-events-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an event accepted before the sandbox stopped is delivered after it starts again', async () => {
    const file = join(dir, 'sandbox.db');
    const db1 = new Database(file);
    const h1 = harness(db1, { appDelayScale: 0.5 });
    await h1.invokeResolver('fixture-resolver', 'push', { events: [{ body: { id: 'across' }, delayInSeconds: 1 }] }, ctx);
    await h1.close();
    db1.close();
    const db2 = new Database(file);
    const h2 = harness(db2);
    try {
      await h2.triggers.drain();
      expect(h2.kvs.dump()['consumed-across']).toBeDefined();
      expect(h2.triggers.events()[0]?.state).toBe('done');
    } finally {
      await h2.close();
      db2.close();
    }
  });

  it('an event whose delivery was cut off by a crash is delivered again, as a platform-level retry', async () => {
    const file = join(dir, 'sandbox.db');
    const db1 = new Database(file);
    const h1 = harness(db1, { appDelayScale: 1 });
    await h1.invokeResolver('fixture-resolver', 'push', { events: [{ body: { id: 'cut' }, delayInSeconds: 600 }] }, ctx);
    // What a SIGKILL in the middle of the delivery leaves behind.
    db1.prepare("UPDATE forge_events SET state = 'running'").run();
    await h1.close();
    db1.close();
    const db2 = new Database(file);
    db2.prepare('UPDATE forge_events SET due_at = 0').run();
    const h2 = harness(db2);
    try {
      await h2.triggers.drain();
      expect(h2.kvs.dump()['consumed-cut']).toMatchObject({
        retryContext: { retryCount: 0, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' },
      });
      expect(h2.triggers.events()[0]?.log.map((l) => l.outcome)).toEqual([expect.stringContaining('interrupted'), 'ok']);
    } finally {
      await h2.close();
      db2.close();
    }
  });
});
