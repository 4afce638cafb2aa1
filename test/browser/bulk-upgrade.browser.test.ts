/**
 * Issue 13 in Chromium: the bulk upgrade of running deployment epics from the project page. Seven
 * epics on 1.0.0, a project version 1.1.0 with one added duty; the project manager of six of them
 * finds the upgrades, reads one epic's details, selects all they may upgrade by keyboard, confirms,
 * and the page upgrades them in batches with progress ("5 of 6"), then lists each result: the six
 * gain exactly the new child and keep their confirmation, the seventh is not offered (with the
 * reason). axe-core (WCAG 2.1 A/AA) at 1,280 and 720 px, in Finnish and in English dark.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import YAML from 'yaml';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import type { Result } from '../../src/shared/api';
import { BULK_UPGRADE_BATCH } from '../../src/shared/portfolio';
import { children, createEpic, ok, panel } from '../app/helpers';
import { pageUrl, ROOT, startEnv, type Env, browserDescribe } from './helpers';

const d = browserDescribe();

const MANAGER = 'hankepaallikko@sandbox.test';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NEW_DUTY = {
  id: 'duty.tietoturva.saavutettavuus',
  kind: 'duty',
  sectionId: CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty')!.sectionId,
  role: 'architect',
  text: { fi: 'Saavutettavuusarvio tehty', sv: 'Tillgänglighetsbedömning gjord', en: 'Accessibility review done' },
  subPoints: [],
  mandatory: true,
};
const KEPT = CURRENT_TEMPLATE.gates.entry.conditions.find(
  (c) => c.kind === 'attestation' && !c.approval && c.attestRoles.includes('project-manager'),
)!;

const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** axe at each width the project page is checked at; a screenshot of each (test-results/screenshots/bulk-upgrade-<name>-<width>.png). */
async function axeAt(page: Page, name: string, widths = [1280, 720]): Promise<Record<number, string[]>> {
  const out: Record<number, string[]> = {};
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `bulk-upgrade-${name}-${width}.png`), fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    out[width] = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return out;
}

async function frameOf(page: Page, ready: string): Promise<Frame> {
  const handle = await page.getByTestId('deployments-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no deployments frame');
  await frame.locator(`${ready}, [data-testid="error-message"]`).first().waitFor({ timeout: 20_000 });
  return frame;
}

d('bulk upgrade of running epics from the project page in Chromium', () => {
  let env: Env;
  let page: Page;
  const epics: { id: string; key: string }[] = [];

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    const sb = env.sandbox;
    for (let i = 0; i < 7; i++) epics.push(await createEpic(sb, `Käyttöönotto ${i + 1}`));
    await sb.harness.triggers.drain();
    for (const e of epics)
      ok(await panel(sb, 'hankepaallikko', e, 'attest', { conditionId: KEPT.id, evidenceUrl: 'https://example.invalid/e' }));
    ok(await panel(sb, 'admin', epics[6]!, 'setRosterMember', { role: 'project-manager', accountId: ACCOUNT_IDS.toteutustiimi }));
    const doc = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as { version: string; items: unknown[] };
    doc.version = '1.1.0';
    doc.items.push(NEW_DUTY);
    ok(
      (await sb.harness.invokeResolver(
        'settings-resolver',
        'saveProjectTemplate',
        { text: YAML.stringify(doc) },
        settingsContext(ACCOUNT_IDS.admin),
      )) as Result<unknown>,
    );
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('previews, selects by keyboard, upgrades in batches with progress, lists each result; the epics gain exactly the new child; axe 0', async () => {
    const sb = env.sandbox;
    const before = await Promise.all(epics.map((e) => children(sb, e.key)));
    await page.goto(pageUrl(sb, '/projects/DEMO/kayttoonotto', { as: MANAGER }));
    const frame = await frameOf(page, '[data-testid="portfolio-table"]');
    expect(await frame.getByTestId('bulk-upgrade').locator('h2').innerText()).toBe('Mallin päivitykset');

    // Keyboard: find the upgrades.
    await frame.getByTestId('bulk-check').focus();
    await page.keyboard.press('Enter');
    await frame.getByTestId('bulk-table').waitFor();
    const rows = () =>
      frame
        .getByTestId('bulk-row')
        .evaluateAll((n) =>
          n.map((r) => [
            r.getAttribute('data-key'),
            r.getAttribute('data-allowed'),
            r.querySelector('[data-testid="bulk-version"]')?.textContent,
          ]),
        );
    expect(await rows()).toEqual(epics.map((e, i) => [e.key, String(i < 6), '1.0.0 → 1.1.0']));
    expect(await frame.getByTestId('bulk-row').first().getByTestId('bulk-counts').innerText()).toContain(
      '1 lisätään, 0 poistuu, 0 muuttuu',
    );
    const refused = frame.locator(`[data-testid="bulk-row"][data-key="${epics[6]!.key}"]`);
    expect(await refused.getByTestId('bulk-not-allowed').innerText()).toContain('Vain epiikin hankepäällikkö tai projektin ylläpitäjä');
    expect(await refused.getByTestId('bulk-select').isDisabled()).toBe(true);

    // One epic's details, opened by keyboard: the added duty by name.
    await frame.getByTestId('bulk-details').first().locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await frame.getByTestId('bulk-details').first().innerText()).toContain(NEW_DUTY.text.fi);
    expect(await axeAt(page, 'preview')).toEqual({ 1280: [], 720: [] });

    // Select all they may upgrade, then Upgrade → the confirmation takes the focus.
    await frame.getByTestId('bulk-select-all').focus();
    await page.keyboard.press('Space');
    expect(await frame.getByTestId('bulk-run').innerText()).toBe('Päivitä valitut (6)');
    await frame.getByTestId('bulk-run').focus();
    await page.keyboard.press('Enter');
    await frame.getByTestId('bulk-confirm').waitFor();
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-yes');
    expect(await axeAt(page, 'confirm')).toEqual({ 1280: [], 720: [] });

    // Progress, as a screen reader hears it (the live region's texts).
    await frame.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="bulk-progress-text"]')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.keyboard.press('Enter');
    await frame.getByTestId('bulk-results').waitFor({ timeout: 60_000 });
    const progress = await frame.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(progress).toEqual(['Päivitetty 0 / 6', `Päivitetty ${BULK_UPGRADE_BATCH} / 6`]);
    const calls = await frame.evaluate(() => (globalThis as { __kayttoonottoCalls?: string[] }).__kayttoonottoCalls ?? []);
    expect(calls.filter((c) => c === 'bulkUpgrade')).toHaveLength(Math.ceil(6 / BULK_UPGRADE_BATCH));

    const results = await frame
      .getByTestId('bulk-result')
      .evaluateAll((n) => n.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-outcome')]));
    expect(results).toEqual(epics.slice(0, 6).map((e) => [e.key, 'upgraded']));
    expect(await frame.getByTestId('bulk-result').first().innerText()).toContain('päivitetty versioon 1.1.0: 1 tehtävää luotu');
    // The results heading takes the focus when the run ends.
    await frame.waitForFunction(() => document.activeElement?.tagName === 'H3');
    // The list is read again: only the epic they may not upgrade is left.
    await frame.waitForFunction(
      (key) => [...document.querySelectorAll('[data-testid="bulk-row"]')].map((r) => r.getAttribute('data-key')).join() === key,
      epics[6]!.key,
    );
    expect(await axeAt(page, 'results')).toEqual({ 1280: [], 720: [] });

    const after = await Promise.all(epics.map((e) => children(sb, e.key)));
    for (let i = 0; i < 6; i++) {
      const added = after[i]!.filter((x) => !before[i]!.some((y) => y.key === x.key));
      expect(added.map((x) => [x.itemId, x.assignee])).toEqual([[NEW_DUTY.id, ACCOUNT_IDS.arkkitehti]]);
      const view = ok(await panel(sb, 'hankepaallikko', epics[i]!, 'getPanel', {}));
      expect([view.phase?.templateVersion, view.attestations.map((a) => a.conditionId)]).toEqual(['1.1.0', [KEPT.id]]);
    }
    expect(after[6]).toEqual(before[6]);

    // English, dark theme: the results-free page with the one refused epic is clean too.
    await page.goto(pageUrl(sb, '/projects/DEMO/kayttoonotto', { as: MANAGER, locale: 'en-US', theme: 'dark' }));
    const en = await frameOf(page, '[data-testid="portfolio-table"]');
    await en.getByTestId('bulk-check').click();
    await en.getByTestId('bulk-table').waitFor();
    expect(await en.getByTestId('bulk-run').innerText()).toBe('Upgrade selected (0)');
    expect(await en.getByTestId('bulk-not-allowed').innerText()).toContain("Only the epic's project manager or a project admin");
    expect(await axeAt(page, 'en-dark')).toEqual({ 1280: [], 720: [] });
  });
});
