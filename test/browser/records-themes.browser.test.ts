/**
 * Issue 23's screens in both themes and all three languages, at the widths Jira gives: axe-core
 * (WCAG 2.1 A/AA) on the glance at 360 px, the project page and the gadget (its view and its edit
 * view) at 720 px, and the printable closure dossier (dark text on white, also when the browser asks
 * for dark). The panel and the settings page are in panel-axe.ts. Screenshots in test-results/screenshots
 * (not committed).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { approval, attestable, HOLDER, jira, ok, panel } from '../app/helpers';
import { axeViolations, browserDescribe, pageUrl, restAsAdmin, ROOT, startEnv, type Env } from './helpers';

const d = browserDescribe(360_000);
const PM = 'hankepaallikko@sandbox.test';
const STEERING = 'ohjausryhma@sandbox.test';
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

async function frameOf(page: Page, testId: string, ready: string): Promise<Frame> {
  const handle = await page.getByTestId(testId).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame ${testId}`);
  await frame.locator(`${ready}, [data-testid="error-message"]`).first().waitFor({ timeout: 20_000 });
  return frame;
}

d('issue 23 screens in light and dark, fi/sv/en: axe-core', () => {
  let env: Env;
  let page: Page;
  let open: { id: string; key: string };
  let closed: { id: string; key: string };

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    const sb = env.sandbox;
    const create = async (summary: string) =>
      (await restAsAdmin(sb, 'POST', '/rest/api/3/issue', { fields: { project: { key: 'DEMO' }, issuetype: { id: '10000' }, summary } }))
        .body as { id: string; key: string };
    open = await create('Asiakastietojärjestelmän käyttöönotto ja tuotantoon siirto');
    closed = await create('Arkistoitava vaihe');
    await sb.harness.triggers.drain();
    for (const c of attestable('entry'))
      ok(
        await panel(sb, HOLDER[c.attestRoles[0]!], closed, 'attest', {
          conditionId: c.id,
          evidenceUrl: 'https://example.invalid/paatos-7',
          ...(c.approval ? { approval } : {}),
        }),
      );
    const view = ok(await panel(sb, 'hankepaallikko', closed, 'getPanel', {}));
    for (const item of view.readiness.items)
      expect(
        (await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${item.child!.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
          .status,
      ).toBe(204);
    for (const c of attestable('exit'))
      ok(await panel(sb, HOLDER[c.attestRoles[0]!], closed, 'attest', { conditionId: c.id, evidenceUrl: 'https://example.invalid/e' }));
    expect(
      (await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${closed.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
        .status,
    ).toBe(204);
    // The gadget, configured once for DEMO.
    await page.goto(pageUrl(sb, '/dashboard', { as: STEERING, locale: 'fi-FI' }));
    await frameOf(page, 'gadget-frame', '[data-testid="gadget-not-configured"]');
    await Promise.all([page.waitForURL(/edit=1/), page.getByTestId('edit-gadget').click()]);
    const edit = await frameOf(page, 'gadget-frame', '[data-testid="gadget-edit"]');
    await edit.locator('[data-testid="gadget-project"][data-key="DEMO"] input').check();
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('edit')), edit.getByTestId('gadget-save').click()]);
    await frameOf(page, 'gadget-frame', '[data-testid="gadget-view"]');
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  const cases = (['fi-FI', 'sv-SE', 'en-US'] as const).flatMap((locale) =>
    (['light', 'dark'] as const).map((theme) => [locale, theme] as const),
  );

  it.each(cases)('%s, %s theme: glance 360 px, project page and gadget 720 px, printable dossier', async (locale, theme) => {
    const report: Record<string, string[]> = {};
    const shot = (name: string) => path.join(SCREENSHOTS, `${name}-${locale}-${theme}.png`);
    const frameTheme = (frame: Frame) => frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'));

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(pageUrl(env.sandbox, `/browse/${open.key}`, { as: PM, locale, theme }));
    const glance = await frameOf(page, 'context-frame', '[data-testid="glance"]');
    expect(await frameTheme(glance)).toBe(theme);
    report.glance = await axeViolations(page);
    await page.getByTestId('context-frame').screenshot({ path: shot('glance-360') });

    await page.setViewportSize({ width: 720, height: 900 });
    await page.goto(pageUrl(env.sandbox, '/projects/DEMO/kayttoonotto', { as: STEERING, locale, theme }));
    const project = await frameOf(page, 'deployments-frame', '[data-testid="portfolio-table"]');
    await project.locator('[data-testid="portfolio-row"]').nth(1).waitFor();
    expect(await frameTheme(project)).toBe(theme);
    report['project page'] = await axeViolations(page);
    await page.screenshot({ path: shot('project-page-720'), fullPage: true });

    await page.goto(pageUrl(env.sandbox, '/dashboard', { as: STEERING, locale, theme }));
    const gadget = await frameOf(page, 'gadget-frame', '[data-testid="gadget-view"]');
    expect(await frameTheme(gadget)).toBe(theme);
    report.gadget = await axeViolations(page);
    await page.screenshot({ path: shot('gadget-720'), fullPage: true });
    await Promise.all([page.waitForURL(/edit=1/), page.getByTestId('edit-gadget').click()]);
    await frameOf(page, 'gadget-frame', '[data-testid="gadget-edit"]');
    report['gadget edit'] = await axeViolations(page);

    const dossier = ok(await panel(env.sandbox, 'hankepaallikko', closed, 'getDossier', {}, locale));
    const printed = await env.context.newPage();
    await printed.emulateMedia({ colorScheme: theme });
    await printed.setViewportSize({ width: 720, height: 900 });
    await printed.setContent(dossier.html);
    // A record reads dark on white whatever the reader's theme (axe cannot judge contrast on the canvas).
    const colours = await printed.evaluate(() => ({
      canvas: getComputedStyle(document.documentElement).backgroundColor,
      text: getComputedStyle(document.body).color,
      scheme: getComputedStyle(document.documentElement).colorScheme,
    }));
    expect(colours).toEqual({ canvas: 'rgb(255, 255, 255)', text: 'rgb(23, 43, 77)', scheme: 'light' });
    report.dossier = await axeViolations(printed);
    await printed.screenshot({ path: shot('dossier-720') });
    await printed.close();

    expect(Object.entries(report).filter(([, v]) => v.length > 0)).toEqual([]);
  });
});
