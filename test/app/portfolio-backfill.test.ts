/** Epics without a gate summary (started before summaries existed, or a lost refresh) get one from the project page's backfill. */
import type { Sandbox } from '../../sandbox/sandbox';
import { ACCOUNT_IDS, DEMO_PROJECT } from '../../sandbox/jira/seed';
import type { Result } from '../../src/shared/api';
import { SUMMARY_PROPERTY_KEY, type PortfolioPage } from '../../src/shared/portfolio';
import { createEpic, jira, ok, settleSearch, startApp } from './helpers';

const ctx = {
  accountId: ACCOUNT_IDS.ohjausryhma,
  moduleKey: 'deployments-page',
  locale: 'fi-FI',
  extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key } },
};
const page = async (sb: Sandbox) =>
  ok((await sb.harness.invokeResolver('portfolio-resolver', 'getPortfolio', {}, ctx)) as Result<PortfolioPage>);
const backfills = (sb: Sandbox) =>
  sb.harness.triggers.deliveries.filter((d) => d.moduleKey === 'summary-consumer' && d.outcome === 'ok').length;

describe('summary backfill', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('the project page schedules the epics without a summary (once an hour), and they appear', async () => {
    const epic = await createEpic(sb, 'Vanha käyttöönotto');
    await sb.harness.triggers.drain();
    expect((await jira(sb, 'admin', 'DELETE', `/rest/api/3/issue/${epic.key}/properties/${SUMMARY_PROPERTY_KEY}`)).status).toBe(204);
    await settleSearch(sb); // Jira's search is eventually consistent (strict mode): read as a person would a moment later
    expect((await page(sb)).rows).toEqual([]);
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    const rows = (await page(sb)).rows;
    expect(rows.map((r) => [r.key, r.gate?.exitGate])).toEqual([[epic.key, 'blocked']]);
    // Within the hour the page schedules no second backfill.
    const before = backfills(sb);
    await page(sb);
    await sb.harness.triggers.drain();
    expect(backfills(sb)).toBe(before);
  }, 60_000);
});
