/**
 * The project page "Käyttöönotot" and the steering group's gadget in Chromium through the sandbox's
 * host pages: three deployment epics with their gate states, keyboard sorting and filtering, the CSV
 * (semicolons in Finnish, commas in English), the gadget's edit view and counts, and the projects it
 * left out in the viewer's language; axe-core (WCAG 2.1 A/AA) with 0 violations in light and dark.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import { pageUrl, restAsAdmin, startEnv, type Env, browserDescribe } from './helpers';
import { GATE_FIELD_MODULE_KEY } from '../../src/shared/portfolio';

const d = browserDescribe();

const STEERING = 'ohjausryhma@sandbox.test';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return results.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

async function frameOf(page: Page, testId: string, ready: string): Promise<Frame> {
  const handle = await page.getByTestId(testId).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame ${testId}`);
  await frame.locator(`${ready}, [data-testid="error-message"]`).first().waitFor({ timeout: 20_000 });
  return frame;
}

d('deployments across the project and the dashboard in Chromium', () => {
  let env: Env;
  let page: Page;
  const keys: string[] = [];

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    for (const summary of ['Kassajärjestelmä', 'Asiakasportaali', 'Arkistointi']) {
      const r = await restAsAdmin(env.sandbox, 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'DEMO' }, issuetype: { id: '10000' }, summary },
      });
      keys.push((r.body as { key: string }).key);
    }
    await env.sandbox.harness.triggers.drain();
    // The first epic's summary says "passed", written as the app writes it (its read-only field; only the app may).
    const fields = (await restAsAdmin(env.sandbox, 'GET', '/rest/api/3/field')).body as { id: string; schema?: { custom?: string } }[];
    const fieldId = fields.find((f) => f.schema?.custom?.endsWith(`/static/${GATE_FIELD_MODULE_KEY}`))!.id;
    const issue = await restAsAdmin(env.sandbox, 'GET', `/rest/api/3/issue/${keys[0]}?fields=${fieldId}`);
    const epic = issue.body as { id: string; fields: Record<string, Record<string, unknown>> };
    const written = await fetch(`${env.sandbox.url}/rest/api/3/app/field/value`, {
      method: 'POST',
      headers: { 'x-sandbox-actor': 'app', 'content-type': 'application/json' },
      body: JSON.stringify({
        updates: [
          {
            customField: fieldId,
            issueIds: [Number(epic.id)],
            value: {
              ...epic.fields[fieldId],
              readiness: 100,
              exitGate: 'passed',
              entryGate: 'passed',
              blockers: 0,
              blockersByRole: {},
              actRoles: [],
            },
          },
        ],
      }),
    });
    expect(written.status).toBe(204);
    // A project the steering group may not browse.
    env.sandbox.emulator.db
      .prepare('INSERT OR IGNORE INTO jira_projects (id, key, name, description, lead_account_id) VALUES (?, ?, ?, ?, ?)')
      .run('10099', 'SALA', 'Salainen', '', 'sandbox-admin');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the project page is linked from the project, lists all three with their gates, sorts and filters by keyboard, exports CSV; axe 0 in light and dark', async () => {
    await page.goto(pageUrl(env.sandbox, '/projects/DEMO', { as: STEERING }));
    await Promise.all([page.waitForURL(/\/projects\/DEMO\/kayttoonotto/), page.getByTestId('deployments-link').click()]);
    let frame = await frameOf(page, 'deployments-frame', '[data-testid="portfolio-table"]');
    const rows = () =>
      frame.getByTestId('portfolio-row').evaluateAll((n) => n.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-exit')]));
    expect(await rows()).toEqual([
      [keys[0], 'passed'],
      [keys[1], 'blocked'],
      [keys[2], 'blocked'],
    ]);
    expect(await frame.locator('h1').innerText()).toBe('Käyttöönotot');
    // The total comes from Jira's approximate count, beside the first page.
    expect(await frame.getByTestId('portfolio-count').innerText()).toBe('3 käyttöönottoa näkyvissä, kaikkiaan noin 3');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: sort by readiness, descending on the second press.
    await frame.getByTestId('sort-readiness').focus();
    await page.keyboard.press('Enter');
    await frame.locator('th[aria-sort="ascending"]').waitFor();
    await page.keyboard.press('Enter');
    await frame.locator('th[aria-sort="descending"]').waitFor();
    // The header turns at once; the rows come with the new page from the resolver (sorting is by JQL).
    await frame
      .waitForFunction((key) => document.querySelector('[data-testid="portfolio-row"]')?.getAttribute('data-key') === key, keys[0], {
        timeout: 10_000,
      })
      .catch(() => undefined);
    expect((await rows())[0]?.[0]).toBe(keys[0]);
    await frame.getByTestId('filter-blocked').focus();
    await page.keyboard.press('Space');
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="portfolio-row"]').length === 2);
    expect((await rows()).map((r) => r[0]).sort()).toEqual([keys[1], keys[2]].sort());

    const [download] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain(';');
    expect(csv).toContain(keys[1]);

    await page.goto(pageUrl(env.sandbox, '/projects/DEMO/kayttoonotto', { as: STEERING, theme: 'dark', locale: 'en-US' }));
    frame = await frameOf(page, 'deployments-frame', '[data-testid="portfolio-table"]');
    expect(await frame.locator('h1').innerText()).toBe('Deployments');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the gadget is configured in its edit view, then counts deployments by gate and lists the blocked ones; axe 0', async () => {
    await page.goto(pageUrl(env.sandbox, '/dashboard', { as: STEERING, locale: 'sv-SE' }));
    await frameOf(page, 'gadget-frame', '[data-testid="gadget-not-configured"]');
    await Promise.all([page.waitForURL(/edit=1/), page.getByTestId('edit-gadget').click()]);
    let frame = await frameOf(page, 'gadget-frame', '[data-testid="gadget-edit"]');
    expect(await axeViolations(page)).toEqual([]);
    await frame.getByTestId('gadget-save').click();
    await frame.getByRole('alert').waitFor(); // no project key yet: a clear error, nothing saved
    await frame.getByTestId('project-keys').fill('demo, sala');
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('edit')), frame.getByTestId('gadget-save').click()]);
    frame = await frameOf(page, 'gadget-frame', '[data-testid="gadget-view"]');
    expect(await frame.getByTestId('count-total').locator('dd').innerText()).toBe('3');
    expect(await frame.getByTestId('count-exitPassed').locator('dd').innerText()).toBe('1');
    expect(
      await frame.locator('[data-testid="gadget-blocked"] li').evaluateAll((n) => n.map((li) => li.getAttribute('data-key')).sort()),
    ).toEqual([keys[1], keys[2]].sort());
    // SALA cannot be browsed by the viewer: DEMO is still shown, and the gadget says, in Swedish, what it left out.
    expect(await frame.getByTestId('gadget-left-out').innerText()).toMatch(/^Driftsättningar i dessa projekt visas inte.*: SALA\.$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(pageUrl(env.sandbox, '/dashboard', { as: STEERING, theme: 'dark' }));
    await frameOf(page, 'gadget-frame', '[data-testid="gadget-view"]');
    expect(await axeViolations(page)).toEqual([]);
  });
});
