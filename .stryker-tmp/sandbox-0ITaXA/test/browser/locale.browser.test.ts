/**
 * Issue 10, item 2, in Chromium: Forge gives resolvers no locale, so the panel sends the one from
 * view.getContext() with every call; a Swedish user's refused roster change reads in Swedish.
 */
// @ts-nocheck

import type { Page } from 'playwright-core';
import { createEpic, pageUrl, panelFrame, startEnv, unfold, type Env, browserDescribe } from './helpers';

const d = browserDescribe(120_000);

const PM = 'hankepaallikko@sandbox.test';

d('the panel sends its locale', () => {
  let env: Env;
  let page: Page;
  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
  });
  afterAll(async () => {
    await env?.close();
  });

  it.each([
    ['sv-SE', /har ingen åtkomst till projektet DEMO/],
    ['en-US', /has no access to project DEMO/],
  ])(
    'in %s, naming a user without access to the project as architect is refused in that language, and nothing changes',
    async (locale, expected) => {
      const key = await createEpic(page, env.sandbox, `Kieli ${locale}`, PM);
      await env.sandbox.harness.triggers.drain();
      await page.goto(pageUrl(env.sandbox, `/browse/${key}`, { as: PM, locale }));
      const frame = await panelFrame(page);
      await frame.getByTestId('items').waitFor();
      await unfold(frame, 'fold-roster');
      const picker = frame.getByTestId('picker-architect').getByRole('combobox');
      const before = await picker.inputValue();
      await picker.fill('Ulla');
      await frame.getByRole('option', { name: /Ulla Ulkopuolinen/ }).click();
      // Changing a role's person says what it will do and asks first.
      const confirm = frame.locator('[data-testid="roster-row"][data-role="architect"]').getByTestId('roster-confirm');
      if (await confirm.count()) await confirm.getByTestId('confirm-yes').click();
      await frame.getByTestId('announcer').filter({ hasText: expected }).waitFor({ timeout: 20_000 });
      expect(await frame.getByTestId('announcer').innerText()).toMatch(expected);
      await frame.getByTestId('items').waitFor();
      await unfold(frame, 'fold-roster');
      expect(await frame.getByTestId('picker-architect').getByRole('combobox').inputValue()).toBe(before);
    },
  );
});
