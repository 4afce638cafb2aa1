/**
 * Issue 24 in Chromium: an overdue item is marked on the panel with a word ("Myöhässä", not a colour
 * only), an item due later shows its date, the project page fills in the epic's "N myöhässä" badge
 * after its rows (getPortfolioOverdue), the settings page has the reminders section; axe-core
 * (WCAG 2.1 A/AA) finds nothing on either.
 */
import type { Page } from 'playwright-core';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { saveTemplateWithDueDays, dayFromToday } from '../app/due-helpers';
import { settleSearch } from '../app/helpers';
import { axeViolations, browserDescribe, openPanel, pageUrl, panelFrame, restAsAdmin, startEnv, type Env } from './helpers';

const d = browserDescribe();
const [late, later] = CURRENT_TEMPLATE.items.filter((i) => i.kind === 'duty' && i.role === 'architect') as [
  (typeof CURRENT_TEMPLATE.items)[number],
  (typeof CURRENT_TEMPLATE.items)[number],
];
const ARCHITECT = 'arkkitehti@sandbox.test';

d('due dates on the panel and reminders on the settings page', () => {
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

  it('marks an overdue item with a word and shows a later date; the project page shows the overdue badge; the reminders settings are there; no axe violations', async () => {
    await saveTemplateWithDueDays(env.sandbox, { [late.id]: -10, [later.id]: 30 });
    const created = await restAsAdmin(env.sandbox, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { id: '10000' }, summary: 'Myöhässä olevat', duedate: dayFromToday(-3) },
    });
    expect(created.status).toBe(201);
    const key = (created.body as { key: string }).key;
    await env.sandbox.harness.triggers.drain();

    // The architect's own items are listed first (Your turn).
    const frame = await openPanel(env, page, key, ARCHITECT, { locale: 'fi-FI' });
    const overdue = frame.locator(`[data-item-id="${late.id}"] [data-testid="item-overdue"]`).first();
    await overdue.waitFor({ state: 'attached' });
    expect((await overdue.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^Myöhässä määräpäivä \d+\.\d+\.\d{4}, myöhässä 13 pv$/);
    expect(await frame.locator(`[data-item-id="${later.id}"] [data-testid="item-due"]`).first().textContent()).toMatch(
      /^Määräpäivä \d+\.\d+\.\d{4}$/,
    );
    expect(await axeViolations(page)).toEqual([]);

    // The project page shows the rows first, then fills in the badge from its own call (one item is overdue).
    await settleSearch(env.sandbox);
    await page.goto(pageUrl(env.sandbox, '/projects/DEMO/kayttoonotto', { as: ARCHITECT, locale: 'fi-FI' }));
    const deployments = await (await page.getByTestId('deployments-frame').elementHandle())?.contentFrame();
    if (!deployments) throw new Error('no frame deployments-frame');
    const badge = deployments.locator(`[data-testid="portfolio-row"][data-key="${key}"] [data-testid="overdue-count"]`);
    await badge.waitFor({ timeout: 20_000 });
    expect((await badge.textContent())?.trim()).toBe('1 myöhässä');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(
      pageUrl(env.sandbox, '/plugins/servlet/project-config/DEMO/apps/kayttoonotto', { as: 'admin@sandbox.test', locale: 'fi-FI' }),
    );
    const settings = await panelFrame(page, 'settings-frame');
    await settings.getByTestId('reminders-settings').waitFor();
    expect(await settings.getByTestId('reminders-enabled').isChecked()).toBe(true);
    expect(await settings.getByTestId('reminders-escalation-days').inputValue()).toBe('7');
    await settings.getByTestId('reminders-escalation-days').fill('0');
    expect(await settings.getByTestId('reminders-settings').innerText()).toContain('Anna kokonaisluku väliltä 1–365.');
    expect(await axeViolations(page)).toEqual([]);
  });
});
