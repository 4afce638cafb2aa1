/**
 * The whole path of issue 6 in Debian's Chromium through the sandbox's host pages:
 * create an epic in DEMO; the panel lists 38 items by role; the project manager confirms a condition
 * (keyboard only, visible focus); the outsider cannot; a waiver requested and approved by two people;
 * the closure checklist exports (CSV downloaded and checked, printable view); after all is done the
 * epic goes to Done. axe-core (WCAG 2.1 A/AA) in fi/sv/en × light/dark: panel-axe.<lang>.browser.test.ts.
 * Issue 11 (daily work, at 720 px): the project manager's default view of a new epic fits in 1,600 px;
 * a team member completes an item from the panel with the keyboard and Jira shows it Done; the steering
 * group sees what waits for its decision in the first screen; each role's first screen is saved.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { PanelView, Result } from '../../src/shared/api';
import { ROLE_IDS } from '../../src/core/template/schema';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { DEMO_SETTINGS, SEEDED_ROLE_USERS, seedDemoSettings } from '../../dev/sandbox/demo';
import { createEpic as createEpicOverRest } from '../app/helpers';
import {
  axeViolations,
  createEpic,
  invokePanelAs,
  openPanel,
  pageUrl,
  panelFrame,
  restAsAdmin,
  ROOT,
  startEnv,
  unfold,
  type Env,
  type IssueRef,
  browserDescribe,
} from './helpers';

const d = browserDescribe();

const PM = 'hankepaallikko@sandbox.test';
const TEAM = 'toteutustiimi@sandbox.test';
const OUTSIDER = 'outsider@sandbox.test';
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Forgets every remembered view choice (filters, open sections) in the panel's frame, and reloads. */
async function forgetViewChoices(page: Page, frame: Frame): Promise<Frame> {
  await frame.evaluate(() => localStorage.clear());
  await page.reload();
  const again = await panelFrame(page);
  await again.getByTestId('items').waitFor();
  return again;
}

async function issueRef(env: Env, key: string): Promise<IssueRef> {
  const answer = await restAsAdmin(env.sandbox, 'GET', `/rest/api/3/issue/${key}?fields=summary`);
  const body = answer.body as { id: string; key: string };
  return { id: body.id, key: body.key };
}

async function issueView(env: Env, key: string): Promise<PanelView> {
  const answer = (await invokePanelAs(env.sandbox, PM, await issueRef(env, key), 'getPanel', {})).body as Result<PanelView>;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

async function act(env: Env, as: string, issue: IssueRef, name: string, payload: unknown): Promise<void> {
  const answer = (await invokePanelAs(env.sandbox, as, issue, name, payload)).body as Result<unknown>;
  if (!answer.ok) throw new Error(`${name} as ${as} on ${issue.key}: ${answer.error.code} ${answer.error.message}`);
}

/** A new epic in DEMO, created over Jira's REST as the project manager, its 38 items spawned (about a second). */
async function newEpic(env: Env, summary: string): Promise<IssueRef> {
  const epic = await createEpicOverRest(env.sandbox, summary);
  await env.sandbox.harness.triggers.drain();
  return epic;
}

/** A new epic that is started: the steering group waives the entry gate and Jira moves it to In Progress. */
async function startedEpic(env: Env, summary: string): Promise<IssueRef> {
  const epic = await newEpic(env, summary);
  await act(env, SEEDED_ROLE_USERS['steering-group'].email, epic, 'waiveEntryGate', { reason: 'Aloitettu ohjausryhmän päätöksellä' });
  const moved = await restAsAdmin(env.sandbox, 'POST', `/rest/api/3/issue/${epic.key}/transitions`, { transition: { id: '21' } });
  if (moved.status !== 204) throw new Error(`${epic.key} to In Progress: ${moved.status}`);
  return epic;
}

/** The project manager confirms that development ended, as the keyboard test does in the panel. */
async function confirmDevelopmentEnded(env: Env, epic: IssueRef): Promise<void> {
  await act(env, PM, epic, 'attest', {
    conditionId: 'exit.kehittaminen-paattynyt',
    evidenceUrl: 'https://example.org/kehitys-paattynyt',
    comment: 'Viimeinen sprintti hyväksytty.',
  });
}

/**
 * Finishes the work of an epic: every open child done, the risk level low, every other confirmation
 * (all but the project manager's "development ended") by a holder of an allowed role.
 */
async function finishWork(env: Env, issue: IssueRef): Promise<void> {
  const panel = (await invokePanelAs(env.sandbox, PM, issue, 'getPanel', {})).body as Result<PanelView>;
  if (!panel.ok) throw new Error(panel.error.message);
  for (const item of panel.data.readiness.items) {
    if (item.child && item.state === 'open') {
      const moved = await restAsAdmin(env.sandbox, 'POST', `/rest/api/3/issue/${item.child.key}/transitions`, {
        transition: { id: '31' },
      });
      expect(moved.status).toBe(204);
    }
  }
  const steering = SEEDED_ROLE_USERS['steering-group'].email;
  const risk = (await invokePanelAs(env.sandbox, steering, issue, 'setRiskLevel', { riskLevel: 'low' })).body as Result<unknown>;
  expect(risk.ok).toBe(true);
  for (const gate of [panel.data.template.gates.entry, panel.data.template.gates.exit]) {
    for (const condition of gate.conditions) {
      if (condition.kind !== 'attestation' || condition.id === 'exit.kehittaminen-paattynyt') continue;
      const role = condition.attestRoles[0] ?? 'project-manager';
      const payload = {
        conditionId: condition.id,
        evidenceUrl: `https://example.org/${condition.id}`,
        ...(condition.approval === 'risk-acceptance'
          ? { approval: { riskLevel: 'low', securityLevel: 'basic', dataProtectionLevel: 'personal-data' } }
          : {}),
      };
      const answer = (await invokePanelAs(env.sandbox, SEEDED_ROLE_USERS[role].email, issue, 'attest', payload)).body as Result<unknown>;
      expect([condition.id, answer.ok]).toEqual([condition.id, true]);
    }
  }
  await env.sandbox.harness.triggers.drain();
}

// Every test sets up the epic it needs in the state it needs (its own epic, made over Jira's REST and
// the app's resolvers, except where the UI path is what is tested): any test runs alone or in any order.
d('phase-readiness panel in Chromium', () => {
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
  beforeEach(async () => {
    // The panel remembers view choices per account in its frame's localStorage (same origin as the
    // host pages): each test starts with none, as when it runs alone.
    await page.goto(pageUrl(env.sandbox, '/projects/DEMO', { as: PM }));
    await page.evaluate(() => localStorage.clear());
  });

  it('creates an epic in DEMO through the form; the panel lists 38 items by role', async () => {
    const epicKey = await createEpic(page, env.sandbox, 'Asiakasportaalin käyttöönotto', PM);
    await env.sandbox.harness.triggers.drain();
    const frame = await openPanel(env, page, epicKey, PM);
    // first complete render: getPanel, then getUsers for the names (no more)
    await frame.getByTestId('your-turn').waitFor();
    expect(await frame.evaluate(() => (window as { __kayttoonottoCalls?: string[] }).__kayttoonottoCalls)).toEqual([
      'getPanel',
      'getUsers',
    ]);
    await unfold(frame, 'fold-roster');
    expect(await frame.locator('[data-testid="roster-row"][data-role="project-manager"]').innerText()).toContain('Hanna Hankepäällikkö');
    await unfold(frame, 'items');
    await frame.getByTestId('group-role').click();
    await expectCount(frame.locator('[data-testid="items"] [data-testid="item"]'), 38);
    const groups = await frame
      .getByTestId('item-group')
      .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-group'), n.querySelectorAll('[data-testid="item"]').length] as const));
    expect(groups.every(([role]) => (ROLE_IDS as readonly (string | null)[]).includes(role))).toBe(true);
    expect(groups.reduce((sum, [, n]) => sum + n, 0)).toBe(38);
    expect(await frame.getByTestId('panel').getAttribute('data-status')).toBe('in-progress');
    // one honest summary: Jira's own status, no "children created 100 %" bar
    expect(await frame.getByTestId('jira-status').innerText()).toMatch(/to do/i);
    expect(await frame.getByTestId('spawn-status').count()).toBe(0);
    // the glance beside the epic's fields (jira:issueContext): Jira's status, readiness and the blocker count
    const glanceHandle = await page.getByTestId('context-frame').elementHandle();
    const glance = await glanceHandle?.contentFrame();
    if (!glance) throw new Error('no issue-context frame');
    await glance.getByTestId('glance').waitFor({ timeout: 20_000 });
    const unmet = (await issueView(env, epicKey)).gates.exit.unmet.length;
    expect(await glance.getByTestId('glance-blockers').getAttribute('data-count')).toBe(String(unmet));
    expect(await glance.getByTestId('glance-blockers').innerText()).toContain(String(unmet));
    expect(await glance.getByTestId('glance-your-turn').innerText()).toMatch(/Odottaa sinua: \d+/);
    // the host shows the same 38 children
    expect(await page.getByTestId('child-row').count()).toBe(38);
  });

  it("at 720 px the project manager's default view of a new epic is at most 1,600 px tall", async () => {
    const { key: epicKey } = await newEpic(env, 'Uusi epiikki 720 px');
    await page.setViewportSize({ width: 720, height: 900 });
    try {
      let frame = await openPanel(env, page, epicKey, PM);
      frame = await forgetViewChoices(page, frame);
      const height = await frame.evaluate(() => document.documentElement.scrollHeight);
      console.info(`panel height, project manager, new epic, 720 px: ${height} px`);
      expect(height).toBeLessThanOrEqual(1600);
      // what is in it: their turn first, then what blocks Done with owners, every other section folded
      // The epic is To Do: only the entry gate's conditions are their turn yet (issue 23).
      const entryForPm = CURRENT_TEMPLATE.gates.entry.conditions.filter(
        (c) => c.kind === 'attestation' && c.attestRoles.includes('project-manager'),
      ).length;
      expect(await frame.locator('[data-testid="your-conditions"] [data-testid="condition"]').count()).toBe(entryForPm);
      expect(await frame.locator('[data-testid="your-conditions"] [data-condition-id^="exit."]').count()).toBe(0);
      expect(await frame.locator('[data-testid="blocker"]').count()).toBeGreaterThan(0);
      for (const owner of await frame.getByTestId('blocker-owner').allInnerTexts()) expect(owner).toMatch(/\(.+\)/);
      expect(
        await frame.locator('[data-testid="fold-items-toggle"], [data-testid="items-toggle"]').first().getAttribute('aria-expanded'),
      ).toBe('false');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('a team member completes one of their items from the panel with the keyboard, and Jira shows it Done', async () => {
    const { key: epicKey } = await newEpic(env, 'Tiimin tehtävä näppäimistöllä');
    await page.setViewportSize({ width: 720, height: 900 });
    try {
      const frame = await openPanel(env, page, epicKey, TEAM);
      const before = await frame.getByTestId('overall-progress').locator('[role="progressbar"]').getAttribute('aria-valuetext');
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      let reached: string | null = null;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await frame.evaluate(() => {
          const el = document.activeElement;
          return el?.getAttribute('data-testid') === 'complete-item' && el.closest('[data-testid="your-items"]')
            ? el.getAttribute('aria-label')
            : null;
        });
      }
      expect(reached).toMatch(/^Merkitse DEMO-\d+ valmiiksi$/);
      const key = /DEMO-\d+/.exec(reached ?? '')?.[0] ?? '';
      await page.keyboard.press('Enter');
      await frame.locator(`[data-testid="your-items"] a:text-is("${key}")`).waitFor({ state: 'detached' });
      const issue = await restAsAdmin(env.sandbox, 'GET', `/rest/api/3/issue/${key}?fields=status`);
      expect((issue.body as { fields: { status: { statusCategory: { key: string } } } }).fields.status.statusCategory.key).toBe('done');
      expect(await frame.getByTestId('overall-progress').locator('[role="progressbar"]').getAttribute('aria-valuetext')).not.toBe(before);
      expect(await frame.getByTestId('overall-progress').innerText()).toMatch(/^.*1\/38/m);
      // focus stayed in the list, on the next item's control (keyboard users keep their place)
      expect(await frame.evaluate(() => !!document.activeElement?.closest('[data-testid="your-turn"]'))).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("the steering group sees what waits for its decision in the first screen; each role's first screen is saved", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const issue = await newEpic(env, 'Ohjausryhmän ensimmäinen näkymä');
    const epicKey = issue.key;
    const waiver = (
      await invokePanelAs(env.sandbox, SEEDED_ROLE_USERS['architect'].email, issue, 'requestWaiver', {
        itemId: 'duty.arkkitehtuuri.koulutuksiin-osallistuminen',
        reason: 'Koulutukset järjestetään toisessa hankkeessa.',
      })
    ).body as Result<unknown>;
    expect(waiver.ok).toBe(true);
    await page.setViewportSize({ width: 720, height: 900 });
    try {
      for (const role of ROLE_IDS) {
        const frame = await openPanel(env, page, epicKey, SEEDED_ROLE_USERS[role].email);
        await frame.getByTestId('your-turn').waitFor();
        await page.screenshot({ path: path.join(SCREENSHOTS, `first-screen-720-${role}.png`) });
        console.info(`panel height at 720 px, ${role}: ${await frame.evaluate(() => document.documentElement.scrollHeight)} px`);
        if (role !== 'steering-group') continue;
        const approval = frame.locator('[data-testid="your-conditions"] [data-condition-id="entry.tuotantokaytto-hyvaksytty"]');
        const decision = frame.locator('[data-testid="your-waivers"] [data-item-id="duty.arkkitehtuuri.koulutuksiin-osallistuminen"]');
        for (const target of [approval, decision]) {
          const box = await target.boundingBox();
          expect(box).not.toBeNull();
          expect((box?.y ?? 1e9) + (box?.height ?? 0)).toBeLessThanOrEqual(900);
        }
        expect(await decision.getByTestId('approve-waiver').isEnabled()).toBe(true);
        // the steering group decides (here: rejects) and the waiver leaves its list
        await decision.getByTestId('reject-waiver').click();
        await decision.waitFor({ state: 'detached' });
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('the project manager confirms a condition with the keyboard only, with visible focus', async () => {
    // The epic is started (the steering group waives the entry gate, Jira moves it to In Progress):
    // the exit gate's conditions are now the project manager's turn (issue 23).
    const issue = await newEpic(env, 'Vahvistus näppäimistöllä');
    const epicKey = issue.key;
    const steering = SEEDED_ROLE_USERS['steering-group'].email;
    const waived = (await invokePanelAs(env.sandbox, steering, issue, 'waiveEntryGate', { reason: 'Aloitettu ohjausryhmän päätöksellä' }))
      .body as Result<unknown>;
    expect(waived.ok).toBe(true);
    expect((await restAsAdmin(env.sandbox, 'POST', `/rest/api/3/issue/${epicKey}/transitions`, { transition: { id: '21' } })).status).toBe(
      204,
    );
    const frame = await openPanel(env, page, epicKey, PM);
    const target = frame.locator('[data-condition-id="exit.kehittaminen-paattynyt"] [data-testid="confirm"]');
    expect(await target.isEnabled()).toBe(true);
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    let reached = false;
    for (let i = 0; i < 400 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await frame.evaluate(() => {
        const el = document.activeElement;
        return (
          !!el &&
          el.getAttribute('data-testid') === 'confirm' &&
          el.closest('[data-condition-id]')?.getAttribute('data-condition-id') === 'exit.kehittaminen-paattynyt'
        );
      });
    }
    expect(reached).toBe(true);
    const outline = await frame.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    const form = frame.getByTestId('confirm-form');
    await form.waitFor();
    expect(await frame.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.keyboard.type('https://example.org/kehitys-paattynyt');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Viimeinen sprintti hyväksytty.');
    await page.keyboard.press('Tab'); // submit
    await frame.evaluate(() => ((window as { __kayttoonottoCalls?: string[] }).__kayttoonottoCalls = []));
    await page.keyboard.press('Enter');
    // confirmed: it leaves "your turn" and its blocker, focus goes to the list's heading
    await frame.locator('[data-testid="your-conditions"] [data-condition-id="exit.kehittaminen-paattynyt"]').waitFor({ state: 'detached' });
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('your-turn-heading');
    expect(await frame.locator('[data-testid="blocker"][data-condition-id="exit.kehittaminen-paattynyt"]').count()).toBe(0);
    await unfold(frame, 'fold-exit');
    await frame.locator('[data-condition-id="exit.kehittaminen-paattynyt"][data-status="attested"]').waitFor();
    const text = await frame.locator('[data-condition-id="exit.kehittaminen-paattynyt"] [data-testid="attestation"]').innerText();
    expect(text).toContain('Hanna');
    // One resolver call: the answer's delta is applied, the panel is not read again (issue 22).
    expect(await frame.evaluate(() => (window as { __kayttoonottoCalls?: string[] }).__kayttoonottoCalls)).toEqual(['attest']);
  });

  it('the outsider cannot: no access to the epic, and the resolver refuses', async () => {
    // a started epic: the exit gate's conditions are live, yet not the team member's to confirm
    const { key: epicKey } = await startedEpic(env, 'Ulkopuolisen pääsy');
    const response = await page.goto(pageUrl(env.sandbox, `/browse/${epicKey}`, { as: OUTSIDER }));
    expect(response?.status()).toBeGreaterThanOrEqual(400);
    expect(await page.getByTestId('panel-frame').count()).toBe(0);
    const answer = await invokePanelAs(env.sandbox, OUTSIDER, await issueRef(env, epicKey), 'attest', { conditionId: 'exit.kaytossa' });
    const result = answer.body as Result<unknown>;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']).toContain(result.error.code);
    // a team member without the role is not offered the action at all; the row names who confirms it
    const frame = await openPanel(env, page, epicKey, TEAM);
    await unfold(frame, 'fold-exit');
    const row = frame.locator('[data-testid="condition"][data-condition-id="exit.kaytossa"]');
    await row.waitFor();
    expect(await row.getByTestId('confirm').count()).toBe(0);
    expect(await row.innerText()).toMatch(/Palvelusta vastaava \(Pirjo/);
  });

  it('a waiver is requested by one person and approved by another, who finds it waiting at the top', async () => {
    const { key: epicKey } = await startedEpic(env, 'Poikkeuksen pyyntö ja hyväksyntä');
    let frame = await openPanel(env, page, epicKey, TEAM);
    const item = frame.locator('[data-testid="your-items"] [data-testid="item"]').first();
    const itemId = await item.getAttribute('data-item-id');
    expect(itemId).toBeTruthy();
    await item.getByTestId('item-menu').click();
    await item.getByTestId('request-waiver').click();
    // too short for the server (5 characters after trimming): the form says so in Finnish, sends nothing
    await item.getByLabel('Perustelu').fill('  abc  ');
    await item.getByTestId('waiver-submit').click();
    expect(await item.getByTestId('waiver-form').locator('.error-text').innerText()).toBe(
      'Kirjoita perustelu, jossa on vähintään 5 merkkiä',
    );
    expect(await frame.evaluate(() => (window as { __kayttoonottoCalls?: string[] }).__kayttoonottoCalls)).not.toContain('requestWaiver');
    await item.getByLabel('Perustelu').fill('Ei koske tätä hanketta: ei datamigraatiota.');
    await item.getByTestId('waiver-submit').click();
    await unfold(frame, 'items');
    const row = (f: Frame) => f.locator(`[data-testid="items"] [data-item-id="${itemId}"]`);
    await row(frame).getByTestId('waiver').waitFor();
    // not a decider: no decision buttons, and the row says who decides
    expect(await row(frame).getByTestId('approve-waiver').count()).toBe(0);
    expect(await row(frame).getByTestId('waiver').innerText()).toMatch(/Odottaa hankepäällikön/);

    frame = await openPanel(env, page, epicKey, PM);
    const waiting = frame.locator(`[data-testid="your-waivers"] [data-item-id="${itemId}"]`);
    await waiting.getByTestId('approve-waiver').click();
    await waiting.waitFor({ state: 'detached' });
    await unfold(frame, 'items');
    await frame.locator(`[data-testid="items"] [data-item-id="${itemId}"][data-state="waived"]`).waitFor();
    const summary = await row(frame).getByTestId('waiver').innerText();
    expect(summary).toContain('Tiina');
    expect(summary).toContain('Hanna');

    // a decider is never offered a decision on their own request
    const own = frame.locator('[data-testid="your-items"] [data-testid="item"]').first();
    const ownId = await own.getAttribute('data-item-id');
    await own.getByTestId('item-menu').click();
    await own.getByTestId('request-waiver').click();
    await own.getByLabel('Perustelu').fill('Hoidetaan toisen hankkeen kautta.');
    await own.getByTestId('waiver-submit').click();
    const ownRow = frame.locator(`[data-testid="items"] [data-item-id="${ownId}"]`);
    await ownRow.getByTestId('waiver').waitFor();
    expect(await ownRow.getByTestId('approve-waiver').count()).toBe(0);
    expect(await frame.locator(`[data-testid="your-waivers"] [data-item-id="${ownId}"]`).count()).toBe(0);
  });

  it('exports the phase-closure checklist as CSV and as a printable page', async () => {
    // A started epic: the project manager confirmed that development ended, a team member's item was
    // waived on their request with the project manager's approval (its work item stays To Do).
    const issue = await startedEpic(env, 'Tarkistuslistan vienti');
    const epicKey = issue.key;
    await confirmDevelopmentEnded(env, issue);
    const teamItem = (await issueView(env, epicKey)).readiness.items.find(
      (i) => i.role === 'implementation-team' && i.state === 'open' && i.child,
    );
    if (!teamItem) throw new Error('no open item of the implementation team');
    await act(env, TEAM, issue, 'requestWaiver', { itemId: teamItem.itemId, reason: 'Ei koske tätä hanketta: ei datamigraatiota.' });
    await act(env, PM, issue, 'decideWaiver', { itemId: teamItem.itemId, approve: true });
    const frame = await openPanel(env, page, epicKey, PM);
    const conditions =
      (await issueView(env, epicKey)).template.gates.entry.conditions.length +
      (await issueView(env, epicKey)).template.gates.exit.conditions.length;
    await unfold(frame, 'fold-export');
    const [download] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe(`tarkistuslista-${epicKey}.csv`);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r\n/);
    // Finnish Excel: semicolons; separate key, Jira status and completion-date (ISO) columns
    expect(lines[0]).toBe(
      'Tyyppi;Portti tai osio;Tunniste;Jira-avain;Kuvaus;Tila;Tila Jirassa;Kuka;Valmistunut;Näyttö;Poikkeuksen perustelu;Lisätiedot',
    );
    expect(lines.length - 1).toBe(conditions + 38);
    const cells = (line: string | undefined) => (line ?? '').split(';');
    const attested = cells(lines.find((l) => l.includes(';exit.kehittaminen-paattynyt;')));
    expect(attested[5]).toBe('Vahvistettu');
    expect(attested[7]).toBe('Hanna Hankepäällikkö');
    expect(attested[8]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(attested[9]).toBe('https://example.org/kehitys-paattynyt');
    const waived = lines.filter((l) => l.includes('Ohitettu poikkeuksella')).map(cells);
    expect(waived).toHaveLength(1);
    expect(waived[0]?.[3]).toMatch(/^DEMO-\d+$/);
    expect(waived[0]?.[6]).toBe('To Do');
    expect(waived[0]?.[8]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(waived[0]?.[10]).toBe('Ei koske tätä hanketta: ei datamigraatiota.');
    await frame.getByTestId('export-print-view').click();
    await expectCount(frame.locator('[data-testid="print-view"] tbody tr'), conditions + 38);
    // the print view carries the evidence links and the waiver reasons, and fits A4 portrait (≤ 718 CSS px at 96 dpi minus margins)
    expect(await frame.locator('[data-testid="print-evidence"]').first().getAttribute('href')).toBe(
      'https://example.org/kehitys-paattynyt',
    );
    expect(await frame.locator('[data-testid="print-waiver-reason"]').allInnerTexts()).toContain(
      'Perustelu: Ei koske tätä hanketta: ei datamigraatiota.',
    );
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 718, height: 1000 });
    const widths = await frame.evaluate(() => [
      document.documentElement.scrollWidth,
      document.querySelector('[data-testid="print-view"] table')?.scrollWidth ?? 0,
    ]);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(Math.max(...widths)).toBeLessThanOrEqual(718);
  });

  it('blocks Done with the validator message, and after everything is done the epic goes to Done', async () => {
    // A started epic on which the project manager confirmed that development ended; the rest is open.
    const issue = await startedEpic(env, 'Valmiiksi vasta kun kaikki on tehty');
    const epicKey = issue.key;
    await confirmDevelopmentEnded(env, issue);
    await page.goto(pageUrl(env.sandbox, `/browse/${epicKey}`, { as: PM }));
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-testid="transition"][data-transition="31"]').click()]);
    const refusal = await page.getByTestId('transition-error').innerText();
    expect(refusal).toMatch(/Varsinainen kehittäminen|Tuotantoonsiirto|tehtävät/);
    expect(await page.getByTestId('issue-status').innerText()).not.toMatch(/Done|Valmis/);

    // Finish the work: every child done, every confirmation by a holder of an allowed role.
    await finishWork(env, issue);

    await page.goto(pageUrl(env.sandbox, `/browse/${epicKey}`, { as: PM }));
    let frame = await panelFrame(page);
    await frame.getByTestId('items').waitFor();
    expect(await frame.getByTestId('blocker').count()).toBe(0);
    expect(await frame.getByTestId('no-blockers').count()).toBe(1);
    // Already In Progress (started when the steering group waived the entry gate): straight to Done.
    await Promise.all([page.waitForURL(/flash=moved/), page.locator('[data-testid="transition"][data-transition="31"]').click()]);
    expect(await page.getByTestId('transition-error').count()).toBe(0);
    expect(await page.getByTestId('issue-status').innerText()).toMatch(/Done|Valmis/);
    frame = await panelFrame(page);
    await frame.locator('[data-testid="panel"][data-status="done"]').waitFor();
  });

  it('clearing a role and changing the risk level say what they will do and ask first; Done with the gate unmet is flagged', async () => {
    // An epic Done with everything done: the risk level low, the steering group's risk acceptance at low.
    const issue = await startedEpic(env, 'Valmis epiikki, riskitaso muuttuu');
    const epicKey = issue.key;
    await confirmDevelopmentEnded(env, issue);
    await finishWork(env, issue);
    const done = await restAsAdmin(env.sandbox, 'POST', `/rest/api/3/issue/${epicKey}/transitions`, { transition: { id: '31' } });
    expect(done.status).toBe(204);
    const frame = await openPanel(env, page, epicKey, PM);
    expect(await frame.getByTestId('done-gate-unmet').count()).toBe(0);
    await unfold(frame, 'fold-roster');
    const architect = frame.locator('[data-testid="roster-row"][data-role="architect"]');
    await architect.getByRole('button', { name: /^Tyhjennä/ }).click();
    const confirm = architect.getByTestId('roster-confirm');
    expect(await confirm.innerText()).toMatch(/Tyhjennetäänkö rooli Arkkitehti\?[\s\S]*\d+ avointa tehtävää jää ilman vastuuhenkilöä/);
    await confirm.getByTestId('confirm-no').click();
    expect(await frame.evaluate(() => (window as { __kayttoonottoCalls?: string[] }).__kayttoonottoCalls)).not.toContain('setRosterMember');
    await unfold(frame, 'fold-risk');
    await frame.getByLabel('Epiikin riskitaso').selectOption('high');
    await frame.getByTestId('risk-save').click();
    const riskConfirm = frame.getByTestId('risk-confirm');
    const said = await riskConfirm.innerText();
    expect(said).toContain('Matala → Korkea');
    expect(said).toMatch(/hyväksyntöjä mitätöityy: 1/);
    expect(said).not.toMatch(/\b(low|high)\b/);
    await riskConfirm.getByTestId('confirm-yes').click();
    await unfold(frame, 'fold-entry');
    const approval = frame.locator('[data-testid="fold-entry"] [data-condition-id="entry.tuotantokaytto-hyvaksytty"][data-status="void"]');
    await approval.waitFor();
    expect(await approval.innerText()).toMatch(/riskitasolla Matala, mutta riskitaso on nyt Korkea/);
    // the epic is Done in Jira; once an exit condition no longer holds, the summary says so
    const revoked = (
      await invokePanelAs(env.sandbox, PM, issue, 'revokeAttestation', {
        conditionId: 'exit.kehittaminen-paattynyt',
        reason: 'Kehitys jatkuu.',
      })
    ).body as Result<unknown>;
    expect(revoked.ok).toBe(true);
    const again = await openPanel(env, page, epicKey, PM);
    await again.getByTestId('done-gate-unmet').waitFor();
    expect(await again.getByTestId('jira-status').innerText()).toMatch(/done/i);
  });

  it('the settings page saves through the resolver as admin, validates client side, and is read-only for others', async () => {
    // DEMO's settings as the sandbox seeds them, whatever ran before
    await seedDemoSettings(env.sandbox, { force: true });
    await page.goto(
      pageUrl(env.sandbox, '/plugins/servlet/project-config/DEMO/apps/kayttoonotto', { as: 'admin@sandbox.test', locale: 'en-US' }),
    );
    let frame = await panelFrame(page, 'settings-frame');
    expect(await frame.getByTestId('enabled').isChecked()).toBe(true);
    expect(await frame.getByTestId('child-type').inputValue()).toBe('10001');
    await frame.getByLabel('Epics with a label').check();
    await frame.getByLabel('Label', { exact: true }).fill('two words');
    await frame.getByTestId('save-settings').click();
    expect(await frame.getByText('A label cannot contain spaces').count()).toBe(1);
    await frame.getByLabel('Every epic of the project').check();
    // all epics: a clear warning first; unsaved changes are marked until saved
    expect(await frame.getByTestId('all-epics-warning').innerText()).toContain('38 work items');
    await frame.getByTestId('enabled').uncheck();
    expect(await frame.getByTestId('unsaved').count()).toBe(1);
    await frame.getByTestId('enabled').check();
    expect(await frame.getByTestId('unsaved').count()).toBe(0);
    await frame.getByTestId('save-settings').click();
    await frame.locator('[data-testid="settings-status"]', { hasText: 'Settings saved' }).waitFor();
    // the current person is the field's value, not a placeholder
    expect(await frame.locator('[data-testid="roster-default"][data-role="architect"] input[role="combobox"]').inputValue()).toBe(
      'Antti Arkkitehti',
    );

    // a validator missing from the workflow: the help names the workflow, the real transition and status, and links to the workflows
    // (the exit validator sits on every transition into a Done-category status: Done '31' and Sulje '41')
    const exitValidators = env.sandbox.emulator.workflows.getValidators('DEMO', 'Epic', '31');
    const closeValidators = env.sandbox.emulator.workflows.getValidators('DEMO', 'Epic', '41');
    env.sandbox.emulator.workflows.setValidators('DEMO', 'Epic', '31', []);
    env.sandbox.emulator.workflows.setValidators('DEMO', 'Epic', '41', []);
    try {
      await page.reload();
      frame = await panelFrame(page, 'settings-frame');
      const help = frame.locator('[data-testid="validator"][data-installed="false"] [data-testid="validator-help"]');
      expect(await help.innerText()).toMatch(
        /^In the workflow "DEMO: Epic workflow", add the validator ".+" to the transition "Done" \(into the status "Done"\)/,
      );
      expect(await help.locator('a').getAttribute('href')).toBe('/secure/admin/workflows/ListWorkflows.jspa');
    } finally {
      env.sandbox.emulator.workflows.setValidators('DEMO', 'Epic', '31', exitValidators);
      env.sandbox.emulator.workflows.setValidators('DEMO', 'Epic', '41', closeValidators);
    }

    await page.goto(pageUrl(env.sandbox, '/plugins/servlet/project-config/DEMO/apps/kayttoonotto', { as: PM, locale: 'en-US' }));
    frame = await panelFrame(page, 'settings-frame');
    await frame.getByTestId('read-only').waitFor();
    expect(await frame.getByTestId('save-settings').isDisabled()).toBe(true);
  });

  it('lists spawn warnings as localized text with the item, the technical message only collapsed', async () => {
    // Saving settings checks that the architect is assignable; then the architect loses access to
    // DEMO, so Jira refuses them as the architect items' assignee. Their access is restored after.
    await seedDemoSettings(env.sandbox, { force: true, settings: DEMO_SETTINGS });
    const db = env.sandbox.emulator.db;
    const access = db.prepare('SELECT * FROM jira_role_actors WHERE account_id = ?').all('sandbox-arkkitehti') as Record<string, unknown>[];
    db.prepare('DELETE FROM jira_role_actors WHERE account_id = ?').run('sandbox-arkkitehti');
    try {
      const { key } = await newEpic(env, 'Väärä arkkitehti');
      const frame = await openPanel(env, page, key, PM, { locale: 'en-US' });
      const warnings = frame.getByTestId('spawn-warning');
      await warnings.first().waitFor();
      const texts = await warnings.allInnerTexts();
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text).toMatch(/: the work item was created without an assignee because Jira did not accept the role holder as assignee\./);
        expect(text).not.toContain('sandbox-outsider');
      }
      const details = frame.locator('[data-testid="spawn-warnings"] details');
      expect(await details.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      for (const row of access) {
        const columns = Object.keys(row);
        db.prepare(`INSERT INTO jira_role_actors (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
          ...columns.map((c) => row[c]),
        );
      }
      await seedDemoSettings(env.sandbox, { force: true });
    }
  });
});

async function expectCount(locator: import('playwright-core').Locator, n: number): Promise<void> {
  await locator.nth(n - 1).waitFor();
  expect(await locator.count()).toBe(n);
}
