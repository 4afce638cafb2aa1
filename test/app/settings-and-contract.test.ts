import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_SETTINGS, seedDemoSettings, settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result, SettingsView } from '../../src/shared/api';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { describeContract, validateAgainstSpec, validateRequest } from '../contract/openapi';
import { children, createEpic, jira, ok, panel, startApp, type UserKey } from './helpers';

const t = CURRENT_TEMPLATE;

async function settings(sb: Sandbox, as: UserKey, name: 'getSettings' | 'saveSettings', payload: unknown): Promise<Result<SettingsView>> {
  return (await sb.harness.invokeResolver('settings-resolver', name, payload, settingsContext(ACCOUNT_IDS[as]))) as Result<SettingsView>;
}

describe('project settings page resolvers', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('shows the admin the saved settings, the issue types, project roles and that both validators are on the epic workflow', async () => {
    const view = ok(await settings(sb, 'admin', 'getSettings', {}));
    expect(view.canAdminister).toBe(true);
    expect(view.isDefault).toBe(false);
    expect(view.settings.enabled).toBe(true);
    expect(view.issueTypes.map((i) => i.name)).toEqual(expect.arrayContaining(['Epic', 'Task', 'Sub-task']));
    expect(view.projectRoles.find((r) => r.name === 'Hankepäällikkö')?.userAccountIds).toEqual([ACCOUNT_IDS.hankepaallikko]);
    expect(view.validators).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ gate: 'entry', installed: true }),
        expect.objectContaining({ gate: 'exit', installed: true }),
      ]),
    );
    // Off every transition into the Done category (Done and Suljettu): not installed.
    sb.emulator.workflows.setValidators('DEMO', 'Epic', TRANSITION_IDS.done, []);
    sb.emulator.workflows.setValidators('DEMO', 'Epic', TRANSITION_IDS.close, []);
    try {
      const missing = ok(await settings(sb, 'admin', 'getSettings', {}));
      // missing: the transition and status it belongs on, and the workflow, by their real names
      expect(missing.validators?.find((v) => v.gate === 'exit')).toMatchObject({
        gate: 'exit',
        installed: false,
        transitionName: 'Done',
        statusName: 'Done',
        workflowName: 'DEMO: Epic workflow',
      });
    } finally {
      sb.emulator.workflows.setValidators('DEMO', 'Epic', TRANSITION_IDS.done, ['exit-gate-validator']);
      sb.emulator.workflows.setValidators('DEMO', 'Epic', TRANSITION_IDS.close, ['exit-gate-validator']);
    }
  });

  it('refuses non-admins and outsiders, and rejects bad input with path-qualified details without losing what was saved', async () => {
    const member = ok(await settings(sb, 'hankepaallikko', 'getSettings', {}));
    expect(member.canAdminister).toBe(false);
    expect(member.validators).toBeNull();
    const forbidden = await settings(sb, 'hankepaallikko', 'saveSettings', { settings: DEMO_SETTINGS });
    expect(forbidden.ok === false && forbidden.error.code).toBe('FORBIDDEN');
    const outsider = await settings(sb, 'outsider', 'getSettings', {});
    expect(outsider.ok === false && outsider.error.code).toBe('NOT_FOUND');

    const bad = await settings(sb, 'admin', 'saveSettings', {
      settings: { ...DEMO_SETTINGS, epicSelector: { mode: 'label', label: 'kaksi sanaa' }, childIssueTypeId: '10003' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_INPUT');
      expect(bad.error.details?.join('\n')).toContain('epicSelector.label');
    }
    const subtaskChild = await settings(sb, 'admin', 'saveSettings', { settings: { ...DEMO_SETTINGS, childIssueTypeId: '10003' } });
    expect(subtaskChild.ok === false && subtaskChild.error.details?.[0]).toContain('childIssueTypeId');
    const still = ok(await settings(sb, 'admin', 'getSettings', {}));
    expect(still.settings.epicSelector).toEqual({ mode: 'all-epics' });
    expect(still.settings.childIssueTypeId).toBe('10001');
  });

  it('with a label rule, only labelled epics spawn — also when the label is added later', async () => {
    await seedDemoSettings(sb, {
      force: true,
      settings: { ...DEMO_SETTINGS, epicSelector: { mode: 'label', label: 'kayttoonotto-vaihe' } },
    });
    try {
      const plain = await createEpic(sb, 'Tavallinen epic');
      const labelled = await createEpic(sb, 'Merkitty epic', 'hankepaallikko', ['kayttoonotto-vaihe']);
      await sb.harness.triggers.drain();
      expect(await children(sb, plain.key)).toHaveLength(0);
      expect(await children(sb, labelled.key)).toHaveLength(38);
      const r = await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${plain.key}`, {
        update: { labels: [{ add: 'kayttoonotto-vaihe' }] },
      });
      expect(r.status).toBe(204);
      await sb.harness.triggers.drain();
      expect(await children(sb, plain.key)).toHaveLength(38);
    } finally {
      await seedDemoSettings(sb, { force: true });
    }
  });
});

describe('roster changes', () => {
  let sb: Sandbox;
  afterAll(async () => {
    await sb.close();
  });

  it('reassign the role’s open children, never closed ones, and are audited; only allowed people may change the roster', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Roolivaihto');
    await sb.harness.triggers.drain();
    const architectRows = (await children(sb, epic.key)).filter((r) => t.items.find((i) => i.id === r.itemId)?.role === 'architect');
    expect(architectRows.length).toBeGreaterThan(1);
    const closed = architectRows[0]!;
    expect(
      (await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${closed.key}/transitions`, { transition: { id: TRANSITION_IDS.done } })).status,
    ).toBe(204);

    const denied = await panel(sb, 'toteutustiimi', epic, 'setRosterMember', { role: 'architect', accountId: ACCOUNT_IDS.toteutustiimi });
    expect(denied.ok === false && denied.error.code).toBe('FORBIDDEN');
    const r = ok(await panel(sb, 'hankepaallikko', epic, 'setRosterMember', { role: 'architect', accountId: ACCOUNT_IDS.toteutustiimi }));
    expect(r.reassigned).toBe(architectRows.length - 1);
    const after = (await children(sb, epic.key)).filter((row) => architectRows.some((a) => a.key === row.key));
    expect(after.find((row) => row.key === closed.key)!.assignee).toBe(ACCOUNT_IDS.arkkitehti);
    for (const row of after.filter((row) => row.key !== closed.key)) expect(row.assignee).toBe(ACCOUNT_IDS.toteutustiimi);
    const audit = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {}));
    expect(audit.entries.find((e) => e.action === 'roster.changed')).toMatchObject({
      subject: 'architect',
      before: ACCOUNT_IDS.arkkitehti,
      after: ACCOUNT_IDS.toteutustiimi,
    });
  });
});

describeContract("the app's Jira requests and the emulator's answers match Atlassian's OpenAPI spec", () => {
  it('every request of a full flow (spawn, panel, attest, roster, waiver, settings, validator) and its response validates', async () => {
    const sb = await startApp();
    try {
      const epic = await createEpic(sb, 'Sopimustesti');
      await sb.harness.triggers.drain();
      const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
      ok(await panel(sb, 'hankepaallikko', epic, 'getUsers', { accountIds: Object.values(view.roster).filter((x): x is string => !!x) }));
      ok(await panel(sb, 'hankepaallikko', epic, 'searchUsers', { query: 'hanna' }));
      ok(await panel(sb, 'hankepaallikko', epic, 'attest', { conditionId: t.gates.entry.conditions[0]!.id }));
      ok(await panel(sb, 'hankepaallikko', epic, 'setRosterMember', { role: 'architect', accountId: ACCOUNT_IDS.toteutustiimi }));
      ok(await panel(sb, 'hankepaallikko', epic, 'startPhase', {}));
      ok(await settings(sb, 'admin', 'getSettings', {}));
      await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, { transition: { id: TRANSITION_IDS.done } });
      const log = sb.harness.jiraLog;
      expect(log.length).toBeGreaterThan(10);
      const problems: string[] = [];
      for (const call of log) {
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(call.query)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
        const url = call.path + (qs.size ? `?${qs}` : '');
        const req = validateRequest(call.method, url, call.requestBody ?? undefined);
        if (!req.valid) problems.push(`request ${call.method} ${url}: ${req.errors.slice(0, 3).join('; ')}`);
        const res = validateAgainstSpec(call.method, call.path, call.status, call.responseBody);
        if (!res.valid) problems.push(`response ${call.status} ${call.method} ${call.path}: ${res.errors.slice(0, 3).join('; ')}`);
      }
      expect([...new Set(problems)]).toEqual([]);
      const operations = new Set(log.map((c) => `${c.method} ${c.path.replace(/DEMO-\d+/g, '{key}').replace(/\d{5,}/g, '{id}')}`));
      expect(operations.size).toBeGreaterThanOrEqual(8);
    } finally {
      await sb.close();
    }
  });
});
