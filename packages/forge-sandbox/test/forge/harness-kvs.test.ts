import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  createForgeHarness,
  ForgeFunctionTimeoutError,
  KVS_KEY_EXISTS_CODE,
  KVS_MAX_VALUE_BYTES,
  type ForgeHarness,
} from '../../src/forge';
import { KvsStore } from '../../src/forge/kvs-store';
import * as fixtureApp from './fixture/src/index';

const MANIFEST = join(__dirname, 'fixture', 'manifest.yml');
const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: { issue: { key: 'DEMO-1' } } };
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };

function harness(db: Database.Database, extra: Partial<Parameters<typeof createForgeHarness>[0]> = {}): ForgeHarness {
  return createForgeHarness({ db, manifestPath: MANIFEST, loadApp: () => fixtureApp, triggerDelayMs: 5, logger: quiet, ...extra });
}

describe('Forge harness: resolvers and KVS through the real SDKs', () => {
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

  it('calls a resolver through @forge/resolver with a Forge-shaped context', async () => {
    const out = (await h.invokeResolver('fixture-resolver', 'context', {}, { ...ctx, locale: 'sv-SE', theme: 'dark' })) as {
      context: Record<string, unknown>;
      appContext: Record<string, unknown>;
      remainingMs: number;
    };
    expect(out.context).toMatchObject({
      accountId: 'sandbox-hankepaallikko',
      moduleKey: 'fixture-panel',
      extension: { type: 'jira:issuePanel', issue: { key: 'DEMO-1' } },
      environmentType: 'DEVELOPMENT',
      locale: 'sv-SE',
      theme: { colorMode: 'dark' },
    });
    expect(String(out.context.installContext)).toMatch(/^ari:cloud:jira::site\//);
    expect(typeof out.context.cloudId).toBe('string');
    expect(out.appContext).toMatchObject({
      appAri: 'ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555',
      environmentType: 'DEVELOPMENT',
      moduleKey: 'fixture-panel',
    });
    expect(out.remainingMs).toBeGreaterThan(0);
    expect(out.remainingMs).toBeLessThanOrEqual(25_000);
  });

  it('refuses a resolver call for a module that does not use that function', async () => {
    await expect(h.invokeResolver('fixture-resolver', 'context', {}, { ...ctx, moduleKey: 'nope' })).rejects.toThrow(/no module "nope"/);
  });

  it('set / get / delete / query with beginsWith and cursor paging', async () => {
    for (let i = 0; i < 7; i++) await h.invokeResolver('fixture-resolver', 'kvsSet', { key: `item-${i}`, value: { i } }, ctx);
    await h.invokeResolver('fixture-resolver', 'kvsSet', { key: 'other', value: 1 }, ctx);
    expect(await h.invokeResolver('fixture-resolver', 'kvsGet', { key: 'item-3' }, ctx)).toEqual({ value: { i: 3 } });
    expect(await h.invokeResolver('fixture-resolver', 'kvsGet', { key: 'missing' }, ctx)).toEqual({ value: null });
    const q = (await h.invokeResolver('fixture-resolver', 'kvsQuery', { prefix: 'item-', limit: 3 }, ctx)) as {
      keys: string[];
      pages: number;
    };
    expect(q.keys).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    expect(q.pages).toBe(3);
    await h.invokeResolver('fixture-resolver', 'kvsDelete', { key: 'item-3' }, ctx);
    expect(await h.invokeResolver('fixture-resolver', 'kvsGet', { key: 'item-3' }, ctx)).toEqual({ value: null });
    expect(h.kvs.dump()).toMatchObject({ other: 1, 'item-0': { i: 0 } });
  });

  it('FAIL_IF_EXISTS: the second set of a key fails with the SDK error', async () => {
    expect(await h.invokeResolver('fixture-resolver', 'claim', { key: 'lock', who: 'a' }, ctx)).toEqual({ won: true });
    expect(await h.invokeResolver('fixture-resolver', 'claim', { key: 'lock', who: 'b' }, ctx)).toEqual({
      won: false,
      code: KVS_KEY_EXISTS_CODE,
      status: 409,
    });
    expect(h.kvs.dump().lock).toEqual({ who: 'a' });
  });

  it('concurrent FAIL_IF_EXISTS sets of one key: exactly one wins', async () => {
    const results = (await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.invokeResolver('fixture-resolver', 'claim', { key: 'race', who: `w${i}` }, ctx)),
    )) as { won: boolean }[];
    expect(results.filter((r) => r.won)).toHaveLength(1);
    expect(results.filter((r) => !r.won)).toHaveLength(11);
  });

  it('secrets are stored apart from plain values', async () => {
    expect(await h.invokeResolver('fixture-resolver', 'secret', { key: 'token', value: 's3cret' }, ctx)).toEqual({
      secret: 's3cret',
      plain: null,
    });
  });

  it('transactions are all-or-nothing and honour entity conditions', async () => {
    await h.invokeResolver('fixture-resolver', 'entitySet', { key: 'epic-1', value: { status: 'open' } }, ctx);
    await h.invokeResolver('fixture-resolver', 'kvsSet', { key: 'gone', value: 1 }, ctx);
    const ok = await h.invokeResolver(
      'fixture-resolver',
      'transact',
      {
        sets: [
          { key: 'a', value: 1 },
          { key: 'b', value: 2 },
        ],
        deletes: ['gone'],
        entityCheck: { key: 'epic-1', status: 'open' },
      },
      ctx,
    );
    expect(ok).toEqual({ ok: true });
    expect(h.kvs.dump()).toMatchObject({ a: 1, b: 2 });
    expect(h.kvs.dump().gone).toBeUndefined();
    const refused = await h.invokeResolver(
      'fixture-resolver',
      'transact',
      { sets: [{ key: 'c', value: 3 }], deletes: ['a'], entityCheck: { key: 'epic-1', status: 'closed' } },
      ctx,
    );
    expect(refused).toEqual({ ok: false, code: 'CONDITION_FAILED' });
    expect(h.kvs.dump().c).toBeUndefined();
    expect(h.kvs.dump().a).toBe(1);
  });

  it("a handler slower than the invocation limit fails with Forge's timeout error", async () => {
    const fast = harness(db, { invocationTimeoutMs: 50 });
    try {
      await expect(fast.invokeResolver('fixture-resolver', 'slow', { ms: 400 }, ctx)).rejects.toBeInstanceOf(ForgeFunctionTimeoutError);
      await expect(fast.invokeResolver('fixture-resolver', 'slow', { ms: 0 }, ctx)).resolves.toEqual({ done: true });
    } finally {
      await fast.close();
    }
  });

  it("a queue push reaches the consumer asynchronously with Forge's async event payload", async () => {
    const { jobId } = (await h.invokeResolver('fixture-resolver', 'push', { ids: ['x1', 'x2'] }, ctx)) as { jobId: string };
    expect(h.triggers.pending()).toBeGreaterThan(0);
    await h.triggers.drain();
    expect(h.kvs.dump()['consumed-x1']).toEqual({ jobId, queueName: 'fixture-queue', eventId: `${jobId}-0` });
    expect(h.kvs.dump()['consumed-x2']).toMatchObject({ jobId, queueName: 'fixture-queue' });
    expect(h.triggers.deliveries.filter((d) => d.kind === 'consumer' && d.outcome === 'ok')).toHaveLength(2);
  });
});

describe('Forge harness: KVS persistence', () => {
  it('keeps KVS values across reopening a file database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-kvs-'));
    try {
      const file = join(dir, 'sandbox.db');
      const db1 = new Database(file);
      const h1 = harness(db1);
      await h1.invokeResolver('fixture-resolver', 'kvsSet', { key: 'persisted', value: { n: 42 } }, ctx);
      await h1.close();
      db1.close();
      const db2 = new Database(file);
      const h2 = harness(db2);
      expect(await h2.invokeResolver('fixture-resolver', 'kvsGet', { key: 'persisted' }, ctx)).toEqual({ value: { n: 42 } });
      await h2.close();
      db2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KvsStore (server side) details', () => {
  it('entity query filters and pages; batch and limits answer as the SDK expects', () => {
    const db = new Database(':memory:');
    const store = new KvsStore(db);
    for (const [k, status] of [
      ['e1', 'open'],
      ['e2', 'done'],
      ['e3', 'open'],
      ['e4', 'open'],
    ] as const) {
      expect(store.handle('/api/v1/entity/set', { entityName: 'phase', key: k, value: { status } }).status).toBe(204);
    }
    const page1 = store.handle('/api/v1/entity/query', {
      entityName: 'phase',
      indexName: 'by-status',
      limit: 2,
      filters: { and: [{ property: 'status', condition: 'EQUAL_TO', values: ['open'] }] },
    });
    const body1 = page1.body as { data: { key: string }[]; cursor?: string };
    expect(body1.data.map((d) => d.key)).toEqual(['e1', 'e3']);
    const page2 = store.handle('/api/v1/entity/query', {
      entityName: 'phase',
      indexName: 'by-status',
      limit: 2,
      cursor: body1.cursor,
      filters: { and: [{ property: 'status', condition: 'EQUAL_TO', values: ['open'] }] },
    });
    expect(page2.body as { data: { key: string }[]; cursor?: string }).toEqual({ data: [{ key: 'e4', value: { status: 'open' } }] });
    expect(store.handle('/api/v1/batch/get', [{ key: 'nope' }]).body).toEqual({
      successfulKeys: [],
      failedKeys: [{ key: 'nope', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } }],
    });
    expect(store.handle('/api/v1/set', { key: 'bad/key', value: 1 })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(store.handle('/api/v1/set', { key: 'big', value: 'x'.repeat(KVS_MAX_VALUE_BYTES) })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect(store.handle('/api/v1/get', { key: 'big' }).status).toBe(404);
    db.close();
  });
});
