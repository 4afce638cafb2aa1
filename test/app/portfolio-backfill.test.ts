/**
 * Epics without a gate summary (started before summaries existed, or a lost refresh) get one from the
 * project page's backfill: the app's custom field is written, and the former entity property (which
 * listed account ids and could be forged) is removed. Deployment epics are found by hierarchy level,
 * so a site that renamed its Epic type ("Eepos") is backfilled too.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, DEMO_PROJECT, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result } from '../../src/shared/api';
import { LEGACY_SUMMARY_PROPERTY_KEY, type PortfolioPage } from '../../src/shared/portfolio';
import { createEpic, gateFieldOf, gateSummaryOf, jira, ok, settleSearch, startApp } from './helpers';

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

  it('the project page schedules the epics without a summary (once an hour), found by hierarchy level under a renamed Epic type, and migrates the former property', async () => {
    const epic = await createEpic(sb, 'Vanha käyttöönotto');
    await sb.harness.triggers.drain();
    // As an epic started before the field existed: no value in the field, the former property on the epic.
    const field = await gateFieldOf(sb);
    sb.emulator.db.prepare('DELETE FROM jira_field_values WHERE issue_id = ? AND field_id = ?').run(Number(epic.id), field.id);
    const legacy = { v: 1, readiness: 0, exitGate: 'blocked', members: [ACCOUNT_IDS.hankepaallikko] };
    expect((await jira(sb, 'admin', 'PUT', `/rest/api/3/issue/${epic.key}/properties/${LEGACY_SUMMARY_PROPERTY_KEY}`, legacy)).status).toBe(
      201,
    );
    // The site renamed (translated) its Epic type: JQL `issuetype = Epic` would now be refused with 400.
    sb.emulator.db.prepare('UPDATE jira_issue_types SET name = ? WHERE id = ?').run('Eepos', ISSUE_TYPE_IDS.epic);
    expect((await jira(sb, 'admin', 'POST', '/rest/api/3/search/jql', { jql: 'project = DEMO AND issuetype = Epic' })).status).toBe(400);

    await settleSearch(sb); // Jira's search is eventually consistent (strict mode): read as a person would a moment later
    expect((await page(sb)).rows).toEqual([]);
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    const rows = (await page(sb)).rows;
    expect(rows.map((r) => [r.key, r.gate?.exitGate])).toEqual([[epic.key, 'blocked']]);
    expect(await gateSummaryOf(sb, epic.key)).toMatchObject({ v: 1, exitGate: 'blocked' });
    expect((await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${epic.key}/properties/${LEGACY_SUMMARY_PROPERTY_KEY}`)).status).toBe(404);
    // No backfill search named a type.
    const searches = sb.harness.jiraLog.filter((c) => c.functionKey === 'summary-refresh' && c.path === '/rest/api/3/search/jql');
    expect(searches.length).toBeGreaterThan(0);
    for (const c of searches) expect(JSON.stringify(c.requestBody)).not.toMatch(/issuetype\s*=\s*"?(Epic|Eepos)/i);
    // Within the hour the page schedules no second backfill.
    const before = backfills(sb);
    await page(sb);
    await sb.harness.triggers.drain();
    expect(backfills(sb)).toBe(before);
  }, 60_000);
});
