/**
 * Popups and links as Jira embeds Custom UI (issue 10, item 4): the panel's iframe has no `allow-popups`
 * (docs: manifest-reference/permissions, "Popups"), so `<a target="_blank">` and window.open do nothing;
 * the evidence link opens through the bridge's router, and the host asks before leaving for an external
 * site (docs: apis-reference/ui-api-bridge/router). No egress: example.org is answered locally.
 */
// @ts-nocheck

import type { Page } from 'playwright-core';
import type { Result } from '../../src/shared/api';
import { createEpic, invokePanelAs, pageUrl, panelFrame, restAsAdmin, startEnv, unfold, type Env, browserDescribe } from './helpers';

const d = browserDescribe();

const PM = 'hankepaallikko@sandbox.test';
const EVIDENCE = 'https://example.org/evidence/kehitys';

d('links out of the panel in Chromium', () => {
  let env: Env;
  let page: Page;

  beforeAll(async () => {
    env = await startEnv();
    await env.context.route('https://example.org/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/plain', body: 'evidence' }),
    );
    page = await env.context.newPage();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the iframe blocks popups; the evidence link asks before leaving and opens a tab only when the user continues', async () => {
    const key = await createEpic(page, env.sandbox, 'Linkkitesti', PM);
    await env.sandbox.harness.triggers.drain();
    const issue = (await restAsAdmin(env.sandbox, 'GET', `/rest/api/3/issue/${key}?fields=summary`)).body as { id: string; key: string };
    const attested = (
      await invokePanelAs(env.sandbox, PM, issue, 'attest', { conditionId: 'exit.kehittaminen-paattynyt', evidenceUrl: EVIDENCE })
    ).body as Result<unknown>;
    expect(attested.ok).toBe(true);

    await page.goto(pageUrl(env.sandbox, `/browse/${key}`, { as: PM, locale: 'en-US' }));
    const sandboxAttr = await page.getByTestId('panel-frame').getAttribute('sandbox');
    expect(sandboxAttr).toContain('allow-scripts');
    expect(sandboxAttr).not.toContain('allow-popups');
    const frame = await panelFrame(page);
    expect(await frame.evaluate(() => window.open('https://example.org/popup') === null)).toBe(true);

    await unfold(frame, 'fold-exit');
    const link = frame.locator('[data-condition-id="exit.kehittaminen-paattynyt"] [data-testid="evidence-link"]');
    await link.waitFor();
    expect(await link.getAttribute('target')).toBeNull();

    // declined: no tab
    await link.click();
    const dialog = page.getByTestId('leave-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('leave-url').innerText()).toBe(EVIDENCE);
    const pagesBefore = env.context.pages().length;
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(env.context.pages().length).toBe(pagesBefore);

    // accepted: a new tab with the evidence
    await link.click();
    await dialog.waitFor();
    const [opened] = await Promise.all([env.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Continue' }).click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(EVIDENCE);
    await opened.close();

    // the printable checklist's evidence link goes the same way (a target="_blank" would do nothing here)
    await unfold(frame, 'fold-export');
    if ((await frame.getByTestId('export-print-view').getAttribute('aria-pressed')) !== 'true')
      await frame.getByTestId('export-print-view').click();
    const printed = frame.locator('[data-testid="print-evidence"]').first();
    await printed.waitFor();
    expect(await printed.getAttribute('target')).toBeNull();
    await printed.click();
    await dialog.waitFor();
    expect(await page.getByTestId('leave-url').innerText()).toBe(EVIDENCE);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
