/**
 * Issue 13 in Chromium: the steering group approves a waiver until a date (a past date is refused
 * before anything is sent), the waived item shows its expiry with a warning within 14 days, and the
 * day after (UTC) it shows as lapsed; the risk acceptance takes a decision reference and a review
 * date, shown with the condition; the entry gate waiver's reference is a link. axe-core (WCAG 2.1
 * A/AA) over that state.
 *
 * The sandbox runs in this process: "the day after" is reached by moving Date (only Date) forward.
 */
// @ts-nocheck

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import { addYears, utcDay } from '../../src/core/dates';
import type { Result } from '../../src/shared/api';
import { createEpic, invokePanelAs, pageUrl, panelFrame, restAsAdmin, ROOT, startEnv, unfold, type Env, browserDescribe } from './helpers';
import { clockTo } from '../clock';

const d = browserDescribe();

const PM = 'hankepaallikko@sandbox.test';
const ARCHITECT = 'arkkitehti@sandbox.test';
const STEERING = 'ohjausryhma@sandbox.test';
const ITEM = 'duty.arkkitehtuuri.koulutuksiin-osallistuminen';
const RISK = 'entry.tuotantokaytto-hyvaksytty';
const DAY_MS = 86_400_000;
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

async function openPanel(env: Env, page: Page, key: string, as: string): Promise<Frame> {
  await page.goto(pageUrl(env.sandbox, `/browse/${key}`, { as, locale: 'en-US' }));
  const frame = await panelFrame(page);
  await frame.getByTestId('items').waitFor();
  return frame;
}

d('waiver expiry and decision references in the panel', () => {
  let env: Env;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    // Noon UTC (today's or tomorrow's): "today" in the test is the server's.
    const now = Date.now();
    const noon = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS / 2;
    clockTo(noon > now ? noon : noon + DAY_MS);
  });
  afterAll(async () => {
    await env?.close();
    jest.useRealTimers();
  });

  it('approves until today, warns, shows the decision references, and the day after shows the waiver as lapsed; no axe violations', async () => {
    const key = await createEpic(page, env.sandbox, 'Poikkeuksen voimassaolo', PM);
    await env.sandbox.harness.triggers.drain();
    const answer = (await restAsAdmin(env.sandbox, 'GET', `/rest/api/3/issue/${key}?fields=summary`)).body as { id: string; key: string };
    const issue = { id: answer.id, key: answer.key };
    const requested = (
      await invokePanelAs(env.sandbox, ARCHITECT, issue, 'requestWaiver', { itemId: ITEM, reason: 'Koulutus toisessa hankkeessa' })
    ).body as Result<unknown>;
    expect(requested.ok).toBe(true);
    const today = utcDay(new Date());
    const entry = (
      await invokePanelAs(env.sandbox, STEERING, issue, 'waiveEntryGate', {
        reason: 'Riski hyväksytty kokouksessa',
        decisionRef: 'https://paatokset.example.invalid/or-3-2026',
      })
    ).body as Result<unknown>;
    expect(entry.ok).toBe(true);

    let frame = await openPanel(env, page, key, STEERING);
    const decision = frame.locator(`[data-testid="your-waivers"] [data-item-id="${ITEM}"]`);
    // A past date is refused in the browser, before anything is sent.
    await decision.getByLabel('Valid through (optional)').fill(utcDay(new Date(Date.now() - DAY_MS)));
    await decision.getByTestId('approve-waiver').click();
    await expect(decision.getByRole('alert').textContent()).resolves.toContain('is in the past');
    await decision.getByLabel('Valid through (optional)').fill(today);
    await decision.getByTestId('approve-waiver').click();
    await decision.waitFor({ state: 'detached' });

    // The risk acceptance with a reference and a review date, through the form.
    const risk = frame.locator(`[data-testid="your-conditions"] [data-condition-id="${RISK}"]`);
    await risk.getByTestId('confirm').click();
    const form = risk.getByTestId('confirm-form');
    const url = form.locator('input[type="url"]');
    if ((await url.count()) > 0) await url.fill('https://example.invalid/evidence');
    const selects = form.locator('select');
    await selects.nth(0).selectOption('medium');
    await selects.nth(1).selectOption('basic');
    await selects.nth(2).selectOption('personal-data');
    await form.getByTestId('decision-ref-input').fill('http://paatokset.example.invalid/1');
    await form.getByTestId('confirm-submit').click();
    await expect(form.textContent()).resolves.toContain('a link must be an https address');
    await form.getByTestId('decision-ref-input').fill('Steering group 3/2026 § 5');
    await form.getByTestId('review-on-input').fill(addYears(today, 1));
    await form.getByTestId('confirm-submit').click();
    await form.waitFor({ state: 'detached' });

    frame = await openPanel(env, page, key, PM);
    await unfold(frame, 'fold-entry');
    await unfold(frame, 'items');
    const riskRow = frame.locator(`[data-testid="gate-entry"] [data-condition-id="${RISK}"]`);
    await expect(riskRow.getByTestId('decision-ref').textContent()).resolves.toContain('Decision: Steering group 3/2026 § 5');
    await expect(riskRow.getByTestId('decision-ref').textContent()).resolves.toContain('review on');
    const entryWaiver = frame.getByTestId('entry-gate-waiver');
    await expect(entryWaiver.getByRole('link').getAttribute('href')).resolves.toBe('https://paatokset.example.invalid/or-3-2026');
    const item = frame.locator(`[data-testid="items"] [data-item-id="${ITEM}"]`);
    await expect(item.getAttribute('data-state')).resolves.toBe('waived');
    await expect(item.getByTestId('waiver-expires-soon').textContent()).resolves.toMatch(/Lapses soon\s*last valid day/);

    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waiver-expires-soon.png') });
    // The next day (UTC) the waiver no longer counts.
    clockTo(Date.now() + DAY_MS);
    frame = await openPanel(env, page, key, PM);
    await unfold(frame, 'items');
    const lapsed = frame.locator(`[data-testid="items"] [data-item-id="${ITEM}"]`);
    await expect(lapsed.getAttribute('data-state')).resolves.toBe('open');
    await expect(lapsed.getByTestId('waiver-lapsed').textContent()).resolves.toContain('has lapsed: the item is open again');
    await expect(lapsed.textContent()).resolves.toContain('Waiver lapsed');

    await lapsed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waiver-lapsed.png') });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
});
