/**
 * The app's marks with a TTL under Forge's lazy deletion: "Expired data deletion is asynchronous …
 * Deletion may take up to 48 hours. During this window, read operations may still return expired
 * results" (docs: storage-reference/kvs-api, "Time-to-live"). Strict mode keeps expired entries for
 * 48 real hours here, and the clock (test/clock.ts) moves past each mark's expiry: every mark must be
 * decided by the expiry stored in its value, never by its entry disappearing.
 */
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import Resolver from '@forge/resolver';
import { createForgeHarness, type ForgeHarness } from '@kayttoonotto/forge-sandbox/forge';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, DEMO_PROJECT } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result } from '../../src/shared/api';
import type { PortfolioPage } from '../../src/shared/portfolio';
import { clockTo } from '../clock';
import { takeExpiringMark } from '../../src/storage/expiring';
import { claimSpawn } from '../../src/storage/store';
import * as fixtureApp from '@kayttoonotto/forge-sandbox/test/forge/fixture/src/index';
import { ok, quiet, startApp } from './helpers';

const HOUR = 3_600_000;
const ctx = {
  accountId: ACCOUNT_IDS.ohjausryhma,
  moduleKey: 'deployments-page',
  locale: 'fi-FI',
  extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key } },
};

describe('TTL marks in strict mode, with expired entries still readable for 48 h', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp({ kvsTtlLingerMs: 48 * HOUR });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await sb.close();
  });

  /** Backfill events the project page asked for (queue `summary-queue`, body `{backfill}`). */
  const backfills = () =>
    sb.harness.triggers
      .events()
      .filter(
        (e) =>
          e.event === 'summary-queue' && e.primary && (e.payload.body as { backfill?: string } | undefined)?.backfill === DEMO_PROJECT.id,
      ).length;
  const openPage = async () => {
    ok((await sb.harness.invokeResolver('portfolio-resolver', 'getPortfolio', {}, ctx)) as Result<PortfolioPage>);
    await sb.harness.triggers.drain();
  };

  it('the summary backfill runs at most once an hour, and again once its mark has expired although KVS still returns it', async () => {
    await openPage();
    expect(backfills()).toBe(1);
    await openPage();
    expect(backfills()).toBe(1); // within the hour
    const markKey = `summary:backfill:${DEMO_PROJECT.id}`;
    clockTo(Date.now() + HOUR + 60_000);
    expect(sb.harness.kvs.dump()[markKey]).toBeDefined(); // expired, still returned by KVS
    await openPage();
    expect(backfills()).toBe(2);
    await openPage();
    expect(backfills()).toBe(2); // the new mark holds for the next hour
  }, 60_000);
});

describe("the app's create-once marks through the harness KVS (strict, expired entries readable for 48 h)", () => {
  const MANIFEST = join(dirname(require.resolve('@kayttoonotto/forge-sandbox/package.json')), 'test', 'forge', 'fixture', 'manifest.yml');
  const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: { issue: { key: 'DEMO-1' } } };
  let db: Database.Database;
  let h: ForgeHarness;
  beforeEach(() => {
    const r = new Resolver();
    r.define('mark', ({ payload }) => takeExpiringMark((payload as { key: string }).key, HOUR));
    r.define('claim', ({ payload }) => {
      const p = payload as { owner: string; now: number };
      return claimSpawn('10001', p.owner, 60_000, p.now);
    });
    db = new Database(':memory:');
    h = createForgeHarness({
      db,
      manifestPath: MANIFEST,
      loadApp: () => ({ ...fixtureApp, resolver: r.getDefinitions() }),
      strict: true,
      duplicateRate: 0,
      kvsQueryLagMs: 0,
      kvsTtlLingerMs: 48 * HOUR,
      logger: quiet,
    });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await h.close();
    db.close();
  });
  const mark = (key: string) => h.invokeResolver('fixture-resolver', 'mark', { key }, ctx) as Promise<boolean>;
  const claim = (owner: string, now = Date.now()) =>
    h.invokeResolver('fixture-resolver', 'claim', { owner, now }, ctx) as Promise<{ claimed: boolean }>;

  it('an expiring mark holds until its expiresAt, then exactly one of the callers racing for it takes it, although KVS still returns the old one', async () => {
    expect(await mark('m:1')).toBe(true);
    expect(await mark('m:1')).toBe(false);
    clockTo(Date.now() + HOUR + 60_000);
    expect(h.kvs.dump()['m:1']).toBeDefined(); // expired, not yet deleted
    const racing = await Promise.all(Array.from({ length: 5 }, () => mark('m:1')));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await mark('m:1')).toBe(false);
    clockTo(Date.now() + 3 * HOUR);
    expect(await mark('m:1')).toBe(true);
  });

  it('spawn claims: a stale claim is taken over once, also after the takeover marks (1-day TTL) have expired but are still returned', async () => {
    const t = Date.now();
    expect(await claim('a', t)).toEqual({ claimed: true });
    expect(await claim('b', t + 70_000)).toEqual({ claimed: true }); // a's claim lapsed: b takes it over
    clockTo(t + 2 * 24 * HOUR); // b's takeover mark has expired; strict KVS still returns it
    const racing = await Promise.all([claim('c'), claim('d')]);
    expect(racing.filter((r) => r.claimed)).toHaveLength(1);
    expect(await claim('e')).toMatchObject({ claimed: false });
  });
});
