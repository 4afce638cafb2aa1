/**
 * The app's marks with a TTL under Forge's lazy deletion: "Expired data deletion is asynchronous …
 * Deletion may take up to 48 hours. During this window, read operations may still return expired
 * results" (docs: storage-reference/kvs-api, "Time-to-live"). Strict mode keeps expired entries for
 * 48 real hours here, and the clock (test/clock.ts) moves past each mark's expiry: every mark must be
 * decided by the expiry stored in its value, never by its entry disappearing.
 */
import type { Sandbox } from '../../sandbox/sandbox';
import { ACCOUNT_IDS, DEMO_PROJECT } from '../../sandbox/jira/seed';
import type { Result } from '../../src/shared/api';
import type { PortfolioPage } from '../../src/shared/portfolio';
import { clockTo } from '../clock';
import { ok, startApp } from './helpers';

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
