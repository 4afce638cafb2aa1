/**
 * KVS time-to-live (docs: storage-reference/kvs-api, "Time-to-live"): "Expired data deletion is
 * asynchronous … Deletion may take up to 48 hours. During this window, read operations may still
 * return expired results. If your app requires strict expiry semantics, request EXPIRE_TIME metadata
 * and ignore values where expireTime is in the past." Strict mode keeps an expired entry readable for
 * `kvsTtlLingerMs` after its expiry (here 1 s for a 1 s TTL).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createForgeHarness, type ForgeHarness, type ForgeHarnessOptions } from '../../src/forge';
import * as fixtureApp from './fixture/src/index';

const MANIFEST = join(__dirname, 'fixture', 'manifest.yml');
const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: { issue: { key: 'DEMO-1' } } };
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function harness(db: Database.Database, extra: Partial<ForgeHarnessOptions>): ForgeHarness {
  return createForgeHarness({ db, manifestPath: MANIFEST, loadApp: () => fixtureApp, logger: quiet, duplicateRate: 0, ...extra });
}

describe('KVS entries with a TTL', () => {
  let db: Database.Database;
  let h: ForgeHarness;
  afterEach(async () => {
    await h.close();
    db.close();
  });
  const call = (name: string, payload: unknown) => h.invokeResolver('fixture-resolver', name, payload, ctx);

  it('strict mode: an expired entry may still be read (get, query, EXPIRE_TIME in the past) and still blocks FAIL_IF_EXISTS, until it is deleted', async () => {
    db = new Database(':memory:');
    h = harness(db, { strict: true, kvsQueryLagMs: 0, kvsTtlLingerMs: 1500 });
    expect(await call('kvsSetTtl', { key: 'mark:a', value: { n: 1 }, seconds: 1 })).toEqual({ ok: true });
    await sleep(1200);
    const read = (await call('kvsGetExpiry', { key: 'mark:a' })) as { value: unknown; expireTime: string } | null;
    expect(read?.value).toEqual({ n: 1 });
    expect(Date.parse(read?.expireTime ?? '')).toBeLessThan(Date.now());
    expect(await call('kvsQuery', { prefix: 'mark:', limit: 10 })).toMatchObject({ keys: ['mark:a'] });
    expect(await call('kvsSetTtl', { key: 'mark:a', value: { n: 2 }, seconds: 1, failIfExists: true })).toEqual({
      ok: false,
      code: 'KEY_CONFLICT',
    });
    expect(h.kvs.dump()['mark:a']).toEqual({ n: 1 });
    await sleep(1500);
    expect(await call('kvsGet', { key: 'mark:a' })).toEqual({ value: null });
    expect(await call('kvsQuery', { prefix: 'mark:', limit: 10 })).toMatchObject({ keys: [] });
    expect(await call('kvsSetTtl', { key: 'mark:a', value: { n: 3 }, seconds: 1, failIfExists: true })).toEqual({ ok: true });
  });

  it('convenient mode: an expired entry is gone at once', async () => {
    db = new Database(':memory:');
    h = harness(db, { strict: false });
    expect(await call('kvsSetTtl', { key: 'mark:b', value: 1, seconds: 1 })).toEqual({ ok: true });
    expect(await call('kvsGet', { key: 'mark:b' })).toEqual({ value: 1 });
    await sleep(1100);
    expect(await call('kvsGet', { key: 'mark:b' })).toEqual({ value: null });
    expect(await call('kvsSetTtl', { key: 'mark:b', value: 2, seconds: 1, failIfExists: true })).toEqual({ ok: true });
  });

  it('strict mode lingers 48 platform hours by default (compressed by timeScale)', async () => {
    db = new Database(':memory:');
    h = harness(db, { strict: true, kvsQueryLagMs: 0, timeScale: 0.00001 }); // 48 h → 1.7 s
    await call('kvsSetTtl', { key: 'mark:c', value: 1, seconds: 1 });
    await sleep(1300);
    expect(await call('kvsGet', { key: 'mark:c' })).toEqual({ value: 1 });
  });
});
