/** The project page's commands of the model-based test (issue 21): the list of deployments and the bulk upgrade. */
import type { BulkUpgradeResult } from '../../../src/shared/portfolio';
import { settleSearch, type UserKey } from '../helpers';
import { always, mayUpgrade, page, TEMPLATE_ID, type Cmd } from './calls';
import { checkAll, count } from './world';

// ---------------------------------------------------------------------------------------------
// Project page
// ---------------------------------------------------------------------------------------------

/** The project page's list of deployments: the project's members see every epic with its gate state; the outsider nothing. */
export const portfolioCmd = (who: UserKey): Cmd => ({
  ...always,
  toString: () => `portfolio(${who})`,
  run: async (m, r) => {
    await r.sb.harness.triggers.drain();
    await settleSearch(r.sb);
    const predicted = who !== 'outsider';
    const res = await page(r.sb, who, 'getPortfolio', {});
    count(r, 'portfolio', predicted, res, `portfolio ${who}`);
    if (res.ok) {
      type Row = { key: string; gate: { entryGate: string; templateVersion: string; pendingWaivers: number } | null };
      const rows = (res.data as { rows: Row[] }).rows;
      // Each epic with its gate summary: the version, the waiver requests waiting, and the entry gate by its own
      // conditions (none confirmed in this test: a steering group's waiver lets the epic start, but does not pass the gate).
      expect(
        Object.fromEntries(
          rows.map((row) => [row.key, row.gate && [row.gate.templateVersion, row.gate.pendingWaivers, row.gate.entryGate]]),
        ),
      ).toEqual(
        Object.fromEntries(
          m.epics.map((e) => [
            e.key,
            [`1.${e.minor}.0`, [...e.waivers.values()].filter((w) => w.status === 'requested').length, 'blocked'],
          ]),
        ),
      );
    }
  },
});

/** The project page's bulk upgrade: the preview lists the epics on an older version and whether the caller may upgrade each; each epic is upgraded or refused by the panel's rule. */
export const bulkUpgradeCmd = (who: UserKey): Cmd => ({
  ...always,
  toString: () => `bulkUpgrade(${who})`,
  run: async (m, r) => {
    await r.sb.harness.triggers.drain();
    await settleSearch(r.sb);
    r.sb.harness.kvs.settleQueries();
    const preview = await page(r.sb, who, 'previewBulkUpgrade', {});
    if (!preview.ok) throw new Error(`previewBulkUpgrade: ${preview.error.code} ${preview.error.message}`);
    const candidates = (preview.data as { candidates: { key: string; allowed: boolean; plan: { to: { version: string } } }[] }).candidates;
    const older = m.epics.filter((e) => e.minor < m.newestMinor);
    expect(Object.fromEntries(candidates.map((c) => [c.key, [c.plan.to.version, c.allowed]]))).toEqual(
      Object.fromEntries(older.map((e) => [e.key, [`1.${m.newestMinor}.0`, mayUpgrade(e, who)]])),
    );
    if (candidates.length === 0) return;
    const res = await page(r.sb, who, 'bulkUpgrade', {
      epics: candidates.map((c) => ({ key: c.key, toTemplateId: TEMPLATE_ID, toVersion: c.plan.to.version })),
    });
    if (!res.ok) throw new Error(`bulkUpgrade: ${res.error.code} ${res.error.message}`);
    for (const result of (res.data as { results: BulkUpgradeResult[] }).results) {
      const e = m.epics.find((x) => x.key === result.key)!;
      const predicted = mayUpgrade(e, who);
      count(r, 'bulkUpgrade', predicted, { ok: result.outcome === 'upgraded' }, `bulkUpgrade ${e.key} ${who} ${result.outcome}`);
      if (result.outcome !== 'upgraded') expect(result.outcome).toBe('refused');
      if (predicted) {
        e.minor = m.newestMinor;
        e.upgrades++;
      }
    }
    await checkAll(m, r, `bulkUpgrade ${who}`);
  },
});
