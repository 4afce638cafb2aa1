/**
 * Issue #24 on the panel, in Chromium with axe-core (WCAG 2.1 A/AA), in fi, sv and en: the roster fold's
 * editor of a role's further people. The project manager adds a person with the user picker and removes
 * one (asked first), each change the whole list through `setRoleMembers`; a refusal (nobody adds
 * themselves) shows the server's message in the caller's language; focus stays in the editor and the
 * outcome is announced; the project manager gives the role's items to a further person
 * (`pickRoleAssignee`). No violations with the editor and its question open.
 */
import type { Frame, Page } from 'playwright-core';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import type { PanelView } from '../../src/shared/api';
import { jira, ok, panel } from '../app/helpers';
import { axeViolations, browserDescribe, createEpic, openPanel, startEnv, unfold, type Env } from './helpers';

const d = browserDescribe(480_000);

const TEXTS = {
  'fi-FI': { added: 'lisätty rooliin', removed: 'poistettu roolista', self: 'Et voi nimetä itseäsi', picked: 'tehtävät annettu' },
  'sv-SE': {
    added: 'tillagd i rollen',
    removed: 'borttagen från rollen',
    self: 'Du kan inte utse dig själv',
    picked: 'uppgifter gavs till',
  },
  'en-US': { added: 'added to the role', removed: 'removed from the role', self: 'You cannot name yourself', picked: 'were given to' },
} as const;

async function addPerson(frame: Frame, name: string): Promise<void> {
  const picker = frame.getByTestId('add-member-architect');
  const box = picker.getByRole('combobox');
  await box.click();
  await box.fill(name.split(' ')[0]!);
  await picker.getByRole('option', { name }).click();
}

const activeTestId = (frame: Frame) =>
  frame.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName ?? ''} ${el?.closest('[data-testid]')?.getAttribute('data-testid') ?? ''}`;
  });

d("the editor of a role's further people on the panel (fi, sv, en)", () => {
  let env: Env;
  let page: Page;
  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const locale of ['fi-FI', 'sv-SE', 'en-US'] as const) {
    it(`${locale}: adds a further person, refuses adding oneself with the server's message, removes one after asking, gives the items to one; no axe violations`, async () => {
      const sb = env.sandbox;
      const text = TEXTS[locale];
      const key = await createEpic(page, sb, `Roolin henkilöt ${locale}`);
      await sb.harness.triggers.drain();
      const epic = { key, id: ((await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${key}`)).body as { id: string }).id };
      const members = async () => (ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})) as PanelView).members?.architect ?? [];

      const frame = await openPanel(env, page, key, 'hankepaallikko@sandbox.test', { locale });
      await unfold(frame, 'fold-roster');
      const editor = frame.locator('[data-testid="role-members-editor"][data-role="architect"]');
      await editor.getByTestId('members-none').waitFor();

      // Add two people: each lands in the list, is announced, and focus is back in the add field.
      await addPerson(frame, 'Tiina Toteuttaja');
      await editor.locator(`[data-account-id="${ACCOUNT_IDS.toteutustiimi}"]`).waitFor();
      await expect(frame.getByTestId('announcer').textContent()).resolves.toContain(text.added);
      await expect(activeTestId(frame)).resolves.toBe('INPUT add-member-architect');
      await addPerson(frame, 'Tuomas Tuotannonmies');
      await editor.locator(`[data-account-id="${ACCOUNT_IDS.tuotantotiimi}"]`).waitFor();
      expect(await members()).toEqual([ACCOUNT_IDS.toteutustiimi, ACCOUNT_IDS.tuotantotiimi]);

      // Nobody adds themselves: the server refuses, in the caller's language.
      await addPerson(frame, 'Hanna Hankepäällikkö');
      await expect(editor.getByTestId('members-error').textContent()).resolves.toContain(text.self);
      expect(await members()).toHaveLength(2);

      // Remove one: asked first (axe with the editor and its question open), then gone, announced, focus on the list's heading.
      await editor.locator(`[data-account-id="${ACCOUNT_IDS.toteutustiimi}"]`).getByTestId('remove-member').click();
      await editor.getByTestId('remove-confirm').waitFor();
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);
      await editor.getByTestId('remove-confirm').getByTestId('confirm-yes').click();
      await editor.locator(`[data-account-id="${ACCOUNT_IDS.toteutustiimi}"]`).waitFor({ state: 'detached' });
      await expect(frame.getByTestId('announcer').textContent()).resolves.toContain(text.removed);
      await expect(activeTestId(frame)).resolves.toBe('P role-members-editor');
      expect(await members()).toEqual([ACCOUNT_IDS.tuotantotiimi]);

      // The project manager gives the role's items to the further person: they become the first.
      await editor.locator(`[data-account-id="${ACCOUNT_IDS.tuotantotiimi}"]`).getByTestId('pick-assignee').click();
      await editor.getByTestId('pick-confirm').getByTestId('confirm-yes').click();
      await editor.locator(`[data-account-id="${ACCOUNT_IDS.arkkitehti}"]`).waitFor();
      await expect(frame.getByTestId('announcer').textContent()).resolves.toContain(text.picked);
      const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
      expect(view.roster.architect).toBe(ACCOUNT_IDS.tuotantotiimi);
      expect(view.members?.architect).toEqual([ACCOUNT_IDS.arkkitehti]);
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
