/** The harness's platform meter for the bench: KVS requests and queue pushes are logged and can be given latency. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createForgeHarness, type ForgeHarness } from '../../src/forge';
import * as fixtureApp from './fixture/src/index';

const MANIFEST = join(__dirname, 'fixture', 'manifest.yml');
const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: { issue: { key: 'DEMO-1' } } };
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };

describe('Forge harness: platform latency, queue log, direct consumer invocation', () => {
  let db: Database.Database;
  let h: ForgeHarness;
  beforeEach(() => {
    db = new Database(':memory:');
    h = createForgeHarness({ db, manifestPath: MANIFEST, loadApp: () => fixtureApp, triggerDelayMs: 60_000, logger: quiet });
  });
  afterEach(async () => {
    await h.close();
    db.close();
  });

  it('logs every queue push with its bodies and the pushing function', async () => {
    await h.invokeResolver('fixture-resolver', 'push', { ids: ['a', 'b'] }, ctx);
    expect(h.queueLog).toEqual([
      expect.objectContaining({ functionKey: 'fixture-resolver', queueName: 'fixture-queue', bodies: [{ id: 'a' }, { id: 'b' }] }),
    ]);
  });

  it('adds the platform latency to KVS requests and queue pushes', async () => {
    // Lower bounds only (the injected latency is the least a request can take; a loaded machine only adds).
    h.setPlatformLatency(300);
    let t0 = Date.now();
    await h.invokeResolver('fixture-resolver', 'kvsSet', { key: 'k', value: 2 }, ctx);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    t0 = Date.now();
    await h.invokeResolver('fixture-resolver', 'push', { ids: ['c'] }, ctx);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(() => h.setPlatformLatency(-1)).toThrow();
  });

  it('runs a consumer on one body now, whatever the delivery delay', async () => {
    await h.invokeConsumer('fixture-consumer', { id: 'now' });
    expect(h.kvs.dump()['consumed-now']).toMatchObject({ queueName: 'fixture-queue' });
    await expect(h.invokeConsumer('no-such-consumer', {})).rejects.toThrow(/no consumer module/);
  });
});
