/**
 * Issue #24's screens with axe-core (WCAG 2.1 A/AA) in all three languages and both themes: the panel
 * at 720 px and narrow (360 px) with the roster fold open (a role's further people, the caller's stand-in
 * named, whom the caller stands in for), a quorum condition at 1/2 confirmed by a stand-in, and overdue
 * items; the project page at 720 px with the epic's overdue badge; the settings page's reminders section
 * (with a refused value's message). One sandbox and one browser page for all six runs.
 */
import type { Frame, Page } from 'playwright-core';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { utcDay } from '../../src/core/dates';
import { dayFromToday } from '../app/due-helpers';
import { ACCOUNT_IDS, approval, attestable, ok, panel, saveEditedTemplate, settleSearch } from '../app/helpers';
import { axeViolations, browserDescribe, openPanel, pageUrl, panelFrame, restAsAdmin, startEnv, unfold, type Env } from './helpers';

const d = browserDescribe(480_000);
const approvalCondition = attestable('entry').find((c) => c.approval === 'risk-acceptance')!;
const late = CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty' && i.role === 'architect')!;
const STEERING = 'ohjausryhma@sandbox.test';
const STAND_IN = 'palvelusta.vastaava@sandbox.test';
const ARCHITECT = 'arkkitehti@sandbox.test';
/** The WCAG 2.1 A/AA rules of axe-core whose outcome depends on the width: what overflows and must scroll,
 * and contrast (what wraps onto or under what). */
const NARROW_RULES = ['scrollable-region-focusable', 'color-contrast'];

/** The panel's governance parts are on screen: the quorum at 1/2, the roster fold, an overdue item. */
async function governanceShown(frame: Frame, standIn: 'mine' | 'standing-for'): Promise<void> {
  for (const fold of ['fold-entry', 'fold-roster', 'items']) await unfold(frame, fold);
  const row = frame.locator(`[data-condition-id="${approvalCondition.id}"]`).first();
  await expect(row.getByTestId('quorum').textContent()).resolves.toContain('1/2');
  await frame.getByTestId('role-members').waitFor();
  await frame.getByTestId(standIn === 'mine' ? 'my-stand-in' : 'standing-for').waitFor();
  await frame.getByTestId('stand-in-form').waitFor();
  await frame.locator(`[data-item-id="${late.id}"] [data-testid="item-overdue"]`).first().waitFor({ state: 'attached' });
}

d('issue #24 screens in light and dark, fi/sv/en: axe-core', () => {
  let env: Env;
  let page: Page;
  let key = '';

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    const sb = env.sandbox;
    // The steering group's approval needs two people; one of the architect's duties is due 10 days before the epic.
    await saveEditedTemplate(sb, (t) => {
      t.version = '1.1.0';
      t.gates.entry.conditions.find((c) => c.id === approvalCondition.id)!.quorum = 2;
      for (const item of t.items) if (item.id === late.id) item.dueDays = -10;
    });
    const created = await restAsAdmin(sb, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { id: '10000' }, summary: 'Päätösvaltaisuus ja sijaiset', duedate: dayFromToday(-3) },
    });
    expect(created.status).toBe(201);
    const epic = created.body as { id: string; key: string };
    key = epic.key;
    await sb.harness.triggers.drain();
    ok(await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'steering-group', accountIds: [ACCOUNT_IDS.arkkitehti] }));
    const today = utcDay(new Date());
    ok(await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: dayFromToday(3) }));
    ok(
      await panel(sb, 'palvelustaVastaava', epic, 'attest', {
        conditionId: approvalCondition.id,
        approval,
        onBehalfOf: ACCOUNT_IDS.ohjausryhma,
      }),
    );
    await settleSearch(sb);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  const cases = (['fi-FI', 'sv-SE', 'en-US'] as const).flatMap((locale) =>
    (['light', 'dark'] as const).map((theme) => [locale, theme] as const),
  );

  it.each(cases)('%s, %s theme: panel 720 and 360 px, project page 720 px, reminders settings', async (locale, theme) => {
    const report: Record<string, string[]> = {};
    const frameTheme = (frame: Frame) => frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'));

    // The absent steering group member: their stand-in named, the further member, 1/2, the overdue duty.
    await page.setViewportSize({ width: 720, height: 900 });
    let frame = await openPanel(env, page, key, STEERING, { locale, theme });
    expect(await frameTheme(frame)).toBe(theme);
    await governanceShown(frame, 'mine');
    await page.mouse.move(0, 0);
    report['panel 720, steering group'] = await axeViolations(page);
    await page.setViewportSize({ width: 360, height: 800 });
    await frame.waitForFunction(() => window.innerWidth <= 360);
    // The same DOM narrower (the panel has no width-dependent code): the rules that read the layout.
    report['panel 360, steering group'] = await axeViolations(page, [], NARROW_RULES);

    // The stand-in: whom they stand in for, and the confirmation given "for" them.
    await page.setViewportSize({ width: 720, height: 900 });
    frame = await openPanel(env, page, key, STAND_IN, { locale, theme });
    await governanceShown(frame, 'standing-for');
    await page.mouse.move(0, 0);
    report['panel 720, stand-in'] = await axeViolations(page);

    // The project page with the epic's overdue badge.
    await page.goto(pageUrl(env.sandbox, '/projects/DEMO/kayttoonotto', { as: ARCHITECT, locale, theme }));
    const deployments = await (await page.getByTestId('deployments-frame').elementHandle())?.contentFrame();
    if (!deployments) throw new Error('no frame deployments-frame');
    await deployments
      .locator(`[data-testid="portfolio-row"][data-key="${key}"] [data-testid="overdue-count"]`)
      .waitFor({ timeout: 20_000 });
    expect(await frameTheme(deployments)).toBe(theme);
    report['project page 720'] = await axeViolations(page);

    // The settings page's reminders section, with a refused value's message shown.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(
      pageUrl(env.sandbox, '/plugins/servlet/project-config/DEMO/apps/kayttoonotto', { as: 'admin@sandbox.test', locale, theme }),
    );
    const settings = await panelFrame(page, 'settings-frame');
    expect(await frameTheme(settings)).toBe(theme);
    await settings.getByTestId('reminders-settings').waitFor();
    await settings.getByTestId('reminders-escalation-days').fill('0');
    await settings.locator('[data-testid="reminders-settings"] .error-text').first().waitFor();
    report['settings, reminders'] = await axeViolations(page);

    expect(Object.entries(report).filter(([, v]) => v.length > 0)).toEqual([]);
  });
});
