/**
 * Issue #24 on the panel, in Chromium with axe-core (WCAG 2.1 A/AA): a condition with a quorum shows its
 * count ("Vahvistuksia 1/2") and a stand-in's confirmation as "A for B"; the roster fold shows the role's
 * further people, whom the caller stands in for, and the caller's own stand-in form. No violations.
 */
import YAML from 'yaml';
import type { Page } from 'playwright-core';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { settingsContext } from '../../dev/sandbox/demo';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { utcDay } from '../../src/core/dates';
import type { Result } from '../../src/shared/api';
import { approval, attestable, jira, ok, panel } from '../app/helpers';
import { axeViolations, browserDescribe, createEpic, openPanel, startEnv, unfold, type Env } from './helpers';

const d = browserDescribe();
const approvalCondition = attestable('entry').find((c) => c.approval === 'risk-acceptance')!;

d('governance on the panel: quorum, stand-ins, further people (fi-FI)', () => {
  let env: Env;
  let page: Page;
  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('shows 1/2 and "A for B", the further people and whom the caller stands in for, with no axe violations', async () => {
    const sb = env.sandbox;
    const t = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as {
      version: string;
      gates: { entry: { conditions: { id: string; quorum?: number }[] } };
    };
    t.version = '1.1.0';
    t.gates.entry.conditions.find((c) => c.id === approvalCondition.id)!.quorum = 2;
    ok(
      (await sb.harness.invokeResolver(
        'settings-resolver',
        'saveProjectTemplate',
        { text: YAML.stringify(t), locale: 'en-US' },
        settingsContext(ACCOUNT_IDS.admin),
      )) as Result<unknown>,
    );
    const key = await createEpic(page, sb, 'Päätösvaltaisuus paneelissa');
    await sb.harness.triggers.drain();
    const epic = { key, id: ((await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${key}`)).body as { id: string }).id };
    ok(await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'steering-group', accountIds: [ACCOUNT_IDS.arkkitehti] }));
    const today = utcDay(new Date());
    ok(await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: today }));
    ok(
      await panel(sb, 'palvelustaVastaava', epic, 'attest', {
        conditionId: approvalCondition.id,
        approval,
        onBehalfOf: ACCOUNT_IDS.ohjausryhma,
      }),
    );

    const frame = await openPanel(env, page, key, 'palvelusta.vastaava@sandbox.test', { locale: 'fi-FI' });
    for (const fold of ['fold-entry', 'fold-roster']) await unfold(frame, fold);
    const row = frame.locator(`[data-condition-id="${approvalCondition.id}"]`).first();
    await expect(row.getByTestId('quorum').textContent()).resolves.toContain('Vahvistuksia 1/2');
    await expect(row.getByTestId('confirmation').first().textContent()).resolves.toMatch(/sijaisena henkilölle/);
    await expect(frame.getByTestId('role-members').textContent()).resolves.toContain('Johto-/ohjausryhmä');
    await expect(frame.getByTestId('standing-for').count()).resolves.toBe(1);
    await frame.getByTestId('stand-in-form').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'test-results/governance-panel.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });
});

const shared = attestable('entry').find((c) => c.attestRoles.includes('service-owner') && c.attestRoles.includes('project-manager'))!;
const waived = CURRENT_TEMPLATE.items.find((i) => i.mandatory)!;
const EVIDENCE_TITLE = {
  'fi-FI': 'Vaihda todisteen osoite',
  'sv-SE': 'Byt underlagets adress',
  'en-US': 'Change the evidence link',
} as const;

d('governance on the panel: the evidence link changed, and "A for B" in the audit list (fi-FI, sv-SE, en-US)', () => {
  let env: Env;
  let page: Page;
  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the evidence form has no axe violations in three languages; changed, the confirmation is stale and the new link shown; the audit list says who stood in for whom', async () => {
    const sb = env.sandbox;
    const key = await createEpic(page, sb, 'Todisteen vaihto paneelissa');
    await sb.harness.triggers.drain();
    const epic = { key, id: ((await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${key}`)).body as { id: string }).id };
    ok(await panel(sb, 'palvelustaVastaava', epic, 'attest', { conditionId: shared.id, evidenceUrl: 'https://wiki.example.org/v1' }));
    // A stand-in's decision, for the audit list.
    const today = utcDay(new Date());
    ok(await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: today }));
    ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: waived.id, reason: 'Ei tarvita tässä palvelussa' }));
    ok(await panel(sb, 'palvelustaVastaava', epic, 'decideWaiver', { itemId: waived.id, approve: true }));
    ok(await panel(sb, 'ohjausryhma', epic, 'endStandIn', {}));

    for (const locale of ['sv-SE', 'en-US', 'fi-FI'] as const) {
      const frame = await openPanel(env, page, key, 'hankepaallikko@sandbox.test', { locale });
      await unfold(frame, 'fold-entry');
      const row = frame.locator(`[data-condition-id="${shared.id}"]`).first();
      await row.getByTestId('condition-menu').click();
      await row.getByTestId('change-evidence').click();
      const form = row.getByTestId('evidence-form');
      await expect(form.locator('h3').textContent()).resolves.toContain(EVIDENCE_TITLE[locale]);
      await expect(form.getByTestId('evidence-input').inputValue()).resolves.toBe('https://wiki.example.org/v1');
      // A link that is no http(s) link is refused in the form, named by the field.
      await form.getByTestId('evidence-input').fill('ftp://wiki.example.org/v2');
      await form.getByTestId('evidence-submit').click();
      await form.locator('.error-text').waitFor();
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);
      if (locale !== 'fi-FI') continue;
      await form.getByTestId('evidence-input').fill('https://wiki.example.org/v2');
      await form.getByTestId('evidence-submit').click();
      await form.waitFor({ state: 'detached' });
      await expect(row.getAttribute('data-status')).resolves.toBe('stale');
      await expect(row.getByTestId('current-evidence-link').getAttribute('href')).resolves.toBe('https://wiki.example.org/v2');
      await unfold(frame, 'fold-audit');
      const decided = frame.locator('[data-testid="audit-entry"][data-action="waiver.approved"]');
      await expect(decided.textContent()).resolves.toMatch(/\(sijaisena henkilölle [^)]+\)/);
      await expect(frame.locator('[data-testid="audit-entry"][data-action="evidence.changed"]').count()).resolves.toBe(1);
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
