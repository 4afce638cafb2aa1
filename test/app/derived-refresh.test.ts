/**
 * What is derived from a change is refreshed by the change itself: the app's own Jira writes are
 * self-generated events, which the issue trigger (`filter.ignoreSelf: true`) never receives
 * (docs: events-reference/product_events, "Detect and filter self-generated events"). Strict mode,
 * through the sandbox.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import type { GateSummary, PortfolioPage } from '../../src/shared/portfolio';
import { ACCOUNT_IDS, DEMO_PROJECT } from '@kayttoonotto/forge-sandbox/jira/seed';
import { settingsContext } from '../../dev/sandbox/demo';
import type { Result, SettingsView } from '../../src/shared/api';
import { createEpic, gateSummaryOf, ok, panel, settleSearch, startApp, summaryWrites } from './helpers';

async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the gate summary follows what is changed from the panel', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  const summary = async (): Promise<GateSummary | undefined> => (await gateSummaryOf(sb, epic.key)) ?? undefined;

  beforeAll(async () => {
    sb = await startApp({ triggerDelayMs: 300 });
    epic = await createEpic(sb, 'Johdettu yhteenveto');
    await sb.harness.triggers.drain();
    // The spawn's own refresh has written the first summary, and nothing more is on its way.
    await poll(async () => (await summary()) ?? undefined, 10_000);
    for (let i = 0, n = -1; i < 20 && n !== summaryWrites(sb, epic.id); i++) {
      n = summaryWrites(sb, epic.id);
      await sb.harness.triggers.drain();
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 60_000);
  afterAll(async () => {
    await sb.close();
  });

  it('a team member completes an item from the panel: the summary on the epic shows the new readiness within 10 s', async () => {
    const before = ok(await panel(sb, 'toteutustiimi', epic, 'getPanel', {}));
    expect((await summary())?.readiness).toBe(before.readiness.overall.percent);
    const open = before.readiness.items.filter((i) => i.role === 'implementation-team' && i.state === 'open').slice(0, 3);
    expect(open.length).toBe(3);
    for (const item of open)
      expect(ok(await panel(sb, 'toteutustiimi', epic, 'completeItem', { itemId: item.itemId })).outcome).toBe('done');
    const after = ok(await panel(sb, 'toteutustiimi', epic, 'getPanel', {}));
    expect(after.readiness.overall.percent).toBeGreaterThan(before.readiness.overall.percent);
    // No trigger event reaches the app for its own transitions (ignoreSelf): only the app's own refresh can.
    const seen = await poll(async () => {
      const s = await summary();
      return s?.readiness === after.readiness.overall.percent ? s : undefined;
    }, 10_000);
    expect(seen.readiness).toBe(after.readiness.overall.percent);
    // The project page lists it so (its search reads the same copy, once Jira's index has caught up).
    await settleSearch(sb);
    const page = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getPortfolio',
      {},
      {
        accountId: ACCOUNT_IDS.toteutustiimi,
        moduleKey: 'deployments-page',
        extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
      },
    )) as Result<PortfolioPage>;
    expect(ok(page).rows.find((r) => r.key === epic.key)?.gate?.readiness).toBe(after.readiness.overall.percent);
  }, 30_000);

  it('waiving the entry gate (and revoking the waiver) asks for a refresh of the summary in the same operation', async () => {
    const refreshes = () =>
      sb.harness.triggers.events().filter((e) => e.event === 'summary-queue' && JSON.stringify(e.payload).includes(`"${epic.id}"`)).length;
    const reason = 'Hyväksytty ohjausryhmän kokouksessa 12/2026';
    const n0 = refreshes();
    ok(await panel(sb, 'ohjausryhma', epic, 'waiveEntryGate', { reason }));
    const n1 = refreshes();
    expect(n1).toBeGreaterThan(n0);
    await sb.harness.triggers.drain();
    await new Promise((r) => setTimeout(r, 300));
    await sb.harness.triggers.drain();
    const n2 = refreshes();
    ok(await panel(sb, 'ohjausryhma', epic, 'revokeEntryGateWaiver', { reason }));
    expect(refreshes()).toBeGreaterThan(n2);
    await sb.harness.triggers.drain();
  }, 30_000);

  it("a project admin changes a deliverable's owner role: the summaries of the project's epics follow within 10 s", async () => {
    // The refresh finds the project's epics through Jira's search, which lags behind the summary's first
    // write: the epic is found as it would be a moment after that write, whichever test ran before.
    await settleSearch(sb);
    const ctx = settingsContext(ACCOUNT_IDS.admin);
    const view = (await sb.harness.invokeResolver('settings-resolver', 'getSettings', {}, ctx)) as Result<SettingsView>;
    const current = ok(view).settings;
    const panelView = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    const open = panelView.readiness.items.find(
      (i) => i.kind === 'deliverable' && i.mandatory && i.state === 'open' && i.role !== 'architect',
    )!;
    const before = (await summary())!;
    const saved = await sb.harness.invokeResolver(
      'settings-resolver',
      'saveSettings',
      { settings: { ...current, deliverableOwners: { ...current.deliverableOwners, [open.itemId]: 'architect' } } },
      ctx,
    );
    ok(saved as Result<SettingsView>);
    const seen = await poll(async () => {
      const s = await summary();
      return s && (s.blockersByRole.architect ?? 0) === (before.blockersByRole.architect ?? 0) + 1 ? s : undefined;
    }, 10_000);
    expect(seen.blockersByRole[open.role] ?? 0).toBe((before.blockersByRole[open.role] ?? 0) - 1);
  }, 30_000);

  it('the personal-data run takes a closed account off the roster: the summary on the epic no longer names it', async () => {
    // The production team's person: no other test here acts as them, so the run's effect on every epic's
    // roster leaves the others' people in place whatever order the tests run in.
    const closed = ACCOUNT_IDS.tuotantotiimi;
    expect((await summary())?.unfilledRoles).not.toContain('production-team');
    sb.harness.privacy.setAccounts({ closed: [closed] });
    expect((await sb.harness.scheduled.run('privacy-report')).statusCode).toBe(204);
    await sb.harness.triggers.drain();
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).roster['production-team']).toBeUndefined();
    const seen = await poll(async () => {
      const s = await summary();
      return s && s.unfilledRoles.includes('production-team') ? s : undefined;
    }, 10_000);
    expect(seen.unfilledRoles).toContain('production-team');
  }, 30_000);
});
