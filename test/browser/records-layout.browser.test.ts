/**
 * Issue 23 at the widths Jira gives, in Chromium and Finnish: the panel at 720 px (who must act is
 * never cut; days are typed d.M.yyyy, not in the browser's mm/dd/yyyy picker), the glance at 360 px
 * (the readiness bar takes the frame's width), the project page at 720 px (the table fits the frame,
 * many rows a screen), and the gadget (projects chosen from a list, counts with units). Overflow is
 * measured with getBoundingClientRect; axe-core (WCAG 2.1 A/AA) at each width; no "{" placeholder shows.
 */
import type { Frame, Page } from 'playwright-core';
import { utcDay } from '../../src/core/dates';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { Result } from '../../src/shared/api';
import { axeViolations, browserDescribe, invokePanelAs, openPanel, pageUrl, restAsAdmin, startEnv, type Env } from './helpers';

const d = browserDescribe();
const PM = 'hankepaallikko@sandbox.test';
const STEERING = 'ohjausryhma@sandbox.test';
const ARCHITECT = 'arkkitehti@sandbox.test';
const ITEM = CURRENT_TEMPLATE.items.find((i) => i.role === 'architect' && i.mandatory)!.id;

async function frameOf(page: Page, testId: string, ready: string): Promise<Frame> {
  const handle = await page.getByTestId(testId).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame ${testId}`);
  await frame.locator(`${ready}, [data-testid="error-message"]`).first().waitFor({ timeout: 20_000 });
  return frame;
}

/** How far the frame's content reaches past its own width (0: it fits). */
const overflow = (frame: Frame) =>
  frame.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let right = 0;
    // What a box clips on purpose (a one-line text ending in "…") is not overflow.
    const clipped = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && !el.closest('.visually-hidden') && !clipped(el)) right = Math.max(right, r.right);
    }
    return Math.max(0, Math.ceil(right - width), document.documentElement.scrollWidth - width);
  });

d('records and screens at the widths Jira gives (issue 23)', () => {
  let env: Env;
  let page: Page;
  const keys: string[] = [];
  const issues: { id: string; key: string }[] = [];

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    for (const summary of [
      'Asiakastietojärjestelmän käyttöönotto ja tuotantoon siirto',
      'Sähköisen asioinnin palvelu',
      'Arkistointi',
      'Kassajärjestelmä',
      'Henkilöstöhallinnon järjestelmän uudistus',
    ]) {
      const r = await restAsAdmin(env.sandbox, 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'DEMO' }, issuetype: { id: '10000' }, summary },
      });
      const issue = r.body as { id: string; key: string };
      keys.push(issue.key);
      issues.push(issue);
    }
    await env.sandbox.harness.triggers.drain();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('panel at 720 px: who must act is shown whole, nothing overflows, no placeholder, axe 0', async () => {
    await page.setViewportSize({ width: 720, height: 900 });
    const frame = await openPanel(env, page, keys[0]!, PM, { locale: 'fi-FI' });
    const owners = frame.getByTestId('blocker-owner');
    expect(await owners.count()).toBeGreaterThan(0);
    const cut = await owners.evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1).map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    expect(await owners.first().innerText()).toContain('Hankepäällikkö (Hanna Hankepäällikkö)');
    expect(await overflow(frame)).toBe(0);
    expect(await frame.locator('body').innerText()).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a waiver expiry is typed d.M.yyyy (no mm/dd/yyyy picker), a past day is named as Finnish readers write it', async () => {
    const issue = issues[1]!;
    const requested = (
      await invokePanelAs(env.sandbox, ARCHITECT, issue, 'requestWaiver', { itemId: ITEM, reason: 'Ei koske tätä hanketta' })
    ).body as Result<unknown>;
    expect(requested.ok).toBe(true);
    await page.setViewportSize({ width: 720, height: 900 });
    const frame = await openPanel(env, page, issue.key, STEERING, { locale: 'fi-FI' });
    const decision = frame.locator(`[data-testid="your-waivers"] [data-item-id="${ITEM}"]`);
    const input = decision.getByTestId('waiver-expiry');
    expect(await input.getAttribute('type')).toBe('text');
    expect(await input.getAttribute('placeholder')).toBe('p.k.vvvv');
    await input.fill('06/30/2030');
    await decision.getByTestId('approve-waiver').click();
    expect(await decision.getByRole('alert').innerText()).toBe('Anna päivä muodossa p.k.vvvv (esim. 30.6.2026)');
    await input.fill('1.1.2020');
    await decision.getByTestId('approve-waiver').click();
    const today = utcDay(new Date());
    const [y, m, dd] = today.split('-').map(Number);
    await expect(decision.getByRole('alert').innerText()).resolves.toBe(`on mennyt päivä; anna tämä päivä (${dd}.${m}.${y}) tai myöhempi`);
    expect(await frame.locator('body').innerText()).not.toContain('UTC');
    expect(await overflow(frame)).toBe(0);
    await input.fill(`${dd}.${m}.${y! + 1}`);
    await decision.getByTestId('approve-waiver').click();
    await decision.waitFor({ state: 'detached' });
    const view = (await invokePanelAs(env.sandbox, PM, issue, 'getPanel', {})).body as Result<{
      waivers: { itemId: string; expiresOn?: string }[];
    }>;
    expect(view.ok && view.data.waivers.find((w) => w.itemId === ITEM)?.expiresOn).toBe(`${y! + 1}-${today.slice(5)}`);
  });

  it('glance at 360 px: the readiness bar takes most of the frame, nothing overflows, axe 0', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(pageUrl(env.sandbox, `/browse/${keys[0]}`, { as: PM, locale: 'fi-FI' }));
    const frame = await frameOf(page, 'context-frame', '[data-testid="glance"]');
    const sizes = await frame.evaluate(() => {
      const track = document.querySelector('[data-testid="glance-progress"] .progress-track')!.getBoundingClientRect();
      return { track: track.width, frame: document.documentElement.clientWidth };
    });
    expect(sizes.track / sizes.frame).toBeGreaterThan(0.7);
    expect(await overflow(frame)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('project page at 720 px: the table fits the frame and rows are compact; axe 0', async () => {
    await page.setViewportSize({ width: 720, height: 900 });
    await page.goto(pageUrl(env.sandbox, '/projects/DEMO/kayttoonotto', { as: STEERING, locale: 'fi-FI' }));
    const frame = await frameOf(page, 'deployments-frame', '[data-testid="portfolio-table"]');
    await frame
      .locator('[data-testid="portfolio-row"]')
      .nth(keys.length - 1)
      .waitFor();
    const m = await frame.evaluate(() => {
      const table = document.querySelector('[data-testid="portfolio-table"]')!.getBoundingClientRect();
      const rows = Array.from(document.querySelectorAll('[data-testid="portfolio-row"]')).map((r) => r.getBoundingClientRect().height);
      return { right: table.right, width: document.documentElement.clientWidth, rows };
    });
    expect(m.right).toBeLessThanOrEqual(m.width);
    // At most 64 px a row: more than a dozen deployments on a 900 px screen, not three.
    expect(Math.max(...m.rows)).toBeLessThanOrEqual(64);
    expect(await overflow(frame)).toBe(0);
    expect(await frame.locator('body').innerText()).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('gadget: projects are chosen from a list, and its counts say what they count', async () => {
    await page.setViewportSize({ width: 720, height: 900 });
    await page.goto(pageUrl(env.sandbox, '/dashboard', { as: STEERING, locale: 'fi-FI' }));
    await frameOf(page, 'gadget-frame', '[data-testid="gadget-not-configured"]');
    await Promise.all([page.waitForURL(/edit=1/), page.getByTestId('edit-gadget').click()]);
    let frame = await frameOf(page, 'gadget-frame', '[data-testid="gadget-edit"]');
    const demo = frame.locator('[data-testid="gadget-project"][data-key="DEMO"]');
    await demo.waitFor();
    expect(await demo.innerText()).toContain('DEMO');
    await demo.locator('input').check();
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('edit')), frame.getByTestId('gadget-save').click()]);
    frame = await frameOf(page, 'gadget-frame', '[data-testid="gadget-view"]');
    expect(await frame.getByTestId('count-total').locator('dd').innerText()).toBe(String(keys.length));
    const blocked = await frame.getByTestId('gadget-blocked').innerText();
    expect(blocked).toMatch(/Palvelusta vastaava: estäviä kohtia \d+/);
    expect(blocked).not.toMatch(/Palvelusta vastaava: \d/);
    expect(await axeViolations(page)).toEqual([]);
  });
});
