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
