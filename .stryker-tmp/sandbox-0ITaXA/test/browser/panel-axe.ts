/**
 * The panel and the settings page with axe-core (WCAG 2.1 A/AA) in Chromium, in one language: light
 * and dark, at 720 and 1280 px with every section and menu open; screenshots in test-results/ (not
 * committed). One test file per language (panel-axe.<lang>.browser.test.ts), each with its own
 * sandbox and browser, so that jest runs the three beside each other and beside the panel's task tests.
 */
// @ts-nocheck

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations, createEpic, openPanel, pageUrl, panelFrame, ROOT, startEnv, unfold, type Env, browserDescribe } from './helpers';

const d = browserDescribe();

const PM = 'hankepaallikko@sandbox.test';
/**
 * The WCAG 2.1 A/AA rule of axe-core whose outcome depends on the width rather than the DOM: what
 * overflows and must scroll. Colour contrast also reads the layout (what covers what); it runs at
 * 720 px, where text wraps and overlaps the most.
 */
const LAYOUT_RULES = ['scrollable-region-focusable'];
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** The accessibility suite of one locale. */
export function panelAxeSuite(locale: 'fi-FI' | 'sv-SE' | 'en-US'): void {
  d(`phase-readiness panel and settings page: accessibility (${locale})`, () => {
    let env: Env;
    let page: Page;

    beforeAll(async () => {
      env = await startEnv();
      page = await env.context.newPage();
      page.on('pageerror', (e) => console.error('pageerror:', e.message));
    });
    afterAll(async () => {
      await env?.close();
    });

    describe(`has no WCAG 2.1 A/AA violations (axe-core) in ${locale}`, () => {
      let fresh = '';
      beforeAll(async () => {
        fresh = await createEpic(page, env.sandbox, `Saavutettavuustarkistus ${locale}`, PM);
        await env.sandbox.harness.triggers.drain();
      });

      it.each(['light', 'dark'])('%s theme, at 720 and 1280 px, every section and menu open; screenshots', async (theme) => {
        mkdirSync(SCREENSHOTS, { recursive: true });
        const report: Record<string, string[]> = {};
        await page.setViewportSize({ width: 720, height: 900 });
        const frame = await openPanel(env, page, fresh, PM, { locale, theme });
        expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
        expect(await frame.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
        await page.screenshot({ path: path.join(SCREENSHOTS, `panel-first-screen-720-${locale}-${theme}.png`) });
        for (const fold of ['fold-entry', 'fold-exit', 'items', 'fold-progress', 'fold-roster', 'fold-risk', 'fold-audit', 'fold-export'])
          await unfold(frame, fold);
        await frame.getByTestId('item-menu').first().click();
        if ((await frame.getByTestId('export-print-view').getAttribute('aria-pressed')) !== 'true')
          await frame.getByTestId('export-print-view').click();
        await page.mouse.move(0, 0);
        report[`panel 720 ${theme}`] = await axeViolations(page);
        // The same page widened: the panel renders the same DOM at every width (no width-dependent code
        // or media query, test/ui/width-independent.test.ts), so only the rules that read the layout can
        // answer differently at 1280 px.
        const narrow = await frame.evaluate(() => ({ elements: document.querySelectorAll('*').length, width: window.innerWidth }));
        await page.setViewportSize({ width: 1280, height: 900 });
        await frame.waitForFunction((width) => window.innerWidth > width, narrow.width);
        expect(await frame.evaluate(() => document.querySelectorAll('*').length)).toBe(narrow.elements);
        report[`panel 1280 ${theme}`] = await axeViolations(page, [], LAYOUT_RULES);
        await frame.getByTestId('export-print-view').click();
        await page.getByTestId('panel-frame').screenshot({ path: path.join(SCREENSHOTS, `panel-${locale}-${theme}.png`) });
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(
          pageUrl(env.sandbox, '/plugins/servlet/project-config/DEMO/apps/kayttoonotto', { as: 'admin@sandbox.test', locale, theme }),
        );
        const settings = await panelFrame(page, 'settings-frame');
        await settings.getByTestId('validators').waitFor();
        report[`settings ${theme}`] = await axeViolations(page);
        const failing = Object.entries(report).filter(([, v]) => v.length > 0);
        expect(failing).toEqual([]);
      });
    });
  });
}
