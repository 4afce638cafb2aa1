/**
 * Duplicate children in Chromium (issue 19): a person clones a work item of a deployment epic; the
 * panel offers its "duplicates" section, lists the copy, and after the confirmation the cleanup deletes
 * it; the settings page lists the epic before, with a link to it. axe-core (WCAG 2.1 A/AA) on the
 * opened section and the confirmation, and on the settings page's list.
 */
import type { Page } from 'playwright-core';
import { DEMO_PROJECT, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { children, createEpic, jira } from '../app/helpers';
import { axeViolations, openPanel, pageUrl, panelFrame, startEnv, unfold, type Env, browserDescribe } from './helpers';

const d = browserDescribe();
const PM = 'hankepaallikko@sandbox.test';

d('duplicate children in Chromium', () => {
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

  it('the settings page lists the epic; the panel shows the copy and deletes it after the confirmation', async () => {
    const sb = env.sandbox;
    const epic = await createEpic(sb, 'Kopioitu tehtävä');
    await sb.harness.triggers.drain();
    const [original] = await children(sb, epic.key);
    const prop = await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${original!.key}/properties/kayttoonotto-item`);
    const copy = await jira(sb, 'toteutustiimi', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: DEMO_PROJECT.key }, parent: { key: epic.key }, issuetype: { id: ISSUE_TYPE_IDS.task }, summary: 'Kopio' },
      properties: [{ key: 'kayttoonotto-item', value: (prop.body as { value: unknown }).value }],
    });
    expect(copy.status).toBe(201);
    const copyKey = (copy.body as { key: string }).key;
    await sb.harness.triggers.drain();

    await page.goto(pageUrl(sb, '/plugins/servlet/project-config/DEMO/apps/kayttoonotto', { as: 'admin@sandbox.test', locale: 'en-US' }));
    const settings = await panelFrame(page, 'settings-frame');
    await settings.getByTestId('settings-duplicates-find').click();
    await settings.getByTestId('settings-duplicates-list').waitFor();
    expect(await settings.locator(`[data-epic-key="${epic.key}"] a`).getAttribute('href')).toBe(`/browse/${epic.key}`);
    expect(await axeViolations(page)).toEqual([]);

    const frame = await openPanel(env, page, epic.key, PM, { locale: 'en-US' });
    await unfold(frame, 'duplicates');
    await frame.getByTestId('duplicates-list').waitFor();
    expect(await frame.getByTestId('duplicates-remove').innerText()).toContain(copyKey);
    await frame.getByTestId('duplicates-run').click();
    const confirm = frame.getByTestId('duplicates-confirm');
    await confirm.waitFor();
    // The confirmation takes the focus (its first button), as the panel's other confirmations do.
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-yes');
    expect(await axeViolations(page)).toEqual([]);
    await confirm.getByTestId('confirm-yes').click();
    await frame.getByTestId('duplicates-result').waitFor();
    expect((await children(sb, epic.key)).map((c) => c.key)).not.toContain(copyKey);
  });
});
