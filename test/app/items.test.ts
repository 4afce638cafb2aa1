/** Completing an item from the panel: Jira's own transition to Done, as the user (resolver completeItem). */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { pickDoneTransition } from '../../src/services/items/complete-item';
import { children, createEpic, ok, panel, startApp } from './helpers';

describe('completeItem: an open child moved to Done through Jira, as the user', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Kohtien kuittaus');
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('moves the child to Done, and the panel counts it at once', async () => {
    const before = ok(await panel(sb, 'toteutustiimi', epic, 'getPanel', {}));
    const item = before.readiness.items.find((i) => i.role === 'implementation-team' && i.state === 'open')!;
    const result = ok(await panel(sb, 'toteutustiimi', epic, 'completeItem', { itemId: item.itemId }));
    // The action's own result; beside it the delta the panel applies (test/app/panel-actions.test.ts).
    const { delta, ...own } = result;
    expect(own).toEqual({ itemId: item.itemId, key: item.child!.key, outcome: 'done', statusName: 'Done', transitionNames: ['Done'] });
    expect(Object.keys(delta.units).some((unit) => unit.startsWith('readiness'))).toBe(true);
    const row = (await children(sb, epic.key)).find((c) => c.key === item.child!.key);
    expect(row?.status).toBe('done');
    const after = ok(await panel(sb, 'toteutustiimi', epic, 'getPanel', {}));
    expect(after.readiness.overall.done).toBe(before.readiness.overall.done + 1);
    // twice is harmless
    expect(ok(await panel(sb, 'toteutustiimi', epic, 'completeItem', { itemId: item.itemId })).outcome).toBe('already-done');
  });

  it('refuses the outsider (Jira does not show them the epic), an unknown item, and extra fields', async () => {
    const outsider = await panel(sb, 'outsider', epic, 'completeItem', { itemId: 'duty.ohjaus.tuotantoon-siirrot' });
    expect(outsider.ok).toBe(false);
    if (!outsider.ok) expect(outsider.error.code).toBe('NOT_FOUND');
    const unknown = await panel(sb, 'hankepaallikko', epic, 'completeItem', { itemId: 'duty.no-such-item' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('NOT_FOUND');
    const extra = await panel(sb, 'hankepaallikko', epic, 'completeItem', {
      itemId: 'duty.ohjaus.tuotantoon-siirrot',
      key: 'DEMO-1',
    } as never);
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error.code).toBe('INVALID_INPUT');
  });
});

describe('pickDoneTransition', () => {
  const done = { statusCategory: { key: 'done' } };
  it('takes an available transition into a Done-category status without a screen or required fields', () => {
    const { pick } = pickDoneTransition([
      { id: '21', to: { statusCategory: { key: 'indeterminate' } } },
      { id: '31', name: 'Done', to: done },
    ]);
    expect(pick?.id).toBe('31');
  });
  it('never takes one that needs a screen or a required field, and names them', () => {
    const { pick, blocked } = pickDoneTransition([
      { id: '31', name: 'Resolve', hasScreen: true, to: done },
      { id: '41', name: 'Close', to: done, fields: { resolution: { required: true } } },
      { id: '51', name: 'Unavailable', isAvailable: false, to: done },
    ]);
    expect(pick).toBeNull();
    expect(blocked.map((t) => t.name)).toEqual(['Resolve', 'Close']);
  });
  it('takes one whose required field has a default', () => {
    expect(pickDoneTransition([{ id: '41', to: done, fields: { resolution: { required: true, hasDefaultValue: true } } }]).pick?.id).toBe(
      '41',
    );
  });
});

describe('notifications through Jira (POST /rest/api/3/issue/{key}/notify, as the user who acted)', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Ilmoitukset');
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await sb.close();
  });
  const notifications = (from: number) =>
    sb.harness.jiraLog.slice(from).filter((c) => c.method === 'POST' && c.path === `/rest/api/3/issue/${epic.key}/notify`);

  it('a waiver request goes to those who may decide it (project manager, steering group), not to the requester', async () => {
    const from = sb.harness.jiraLog.length;
    ok(
      await panel(sb, 'toteutustiimi', epic, 'requestWaiver', {
        itemId: 'duty.tietoturva.haavoittuvuuskorjaukset',
        reason: 'Toimittaja vastaa korjauksista.',
      }),
    );
    const sent = notifications(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.status).toBe(204);
    expect(sent[0]?.actor).toBe('user');
    const body = sent[0]?.requestBody as { subject: string; textBody: string; to: { users: { accountId: string }[] } };
    expect(body.to.users.map((u) => u.accountId).sort()).toEqual(['sandbox-hankepaallikko', 'sandbox-ohjausryhma']);
    expect(body.textBody).toContain('Toimittaja vastaa korjauksista.');
  });

  it('a risk change that voids an approval tells the steering group, with the levels by name', async () => {
    const approval = { riskLevel: 'low', securityLevel: 'basic', dataProtectionLevel: 'personal-data' } as const;
    ok(await panel(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel: 'low' }));
    ok(
      await panel(sb, 'ohjausryhma', epic, 'attest', {
        conditionId: 'entry.tuotantokaytto-hyvaksytty',
        evidenceUrl: 'https://e.invalid/ok',
        approval,
      }),
    );
    const from = sb.harness.jiraLog.length;
    const changed = ok(await panel(sb, 'hankepaallikko', epic, 'setRiskLevel', { riskLevel: 'high' }));
    expect(changed.voidedApprovals).toEqual(['entry.tuotantokaytto-hyvaksytty']);
    const sent = notifications(from);
    expect(sent).toHaveLength(1);
    const body = sent[0]?.requestBody as { textBody: string; to: { users: { accountId: string }[] } };
    expect(body.to.users).toEqual([{ accountId: 'sandbox-ohjausryhma' }]);
    expect(body.textBody).toContain('Matala → Korkea');
    expect(body.textBody).not.toMatch(/\blow\b|\bhigh\b/);
    // no approval voided: nobody is told
    const quiet = sb.harness.jiraLog.length;
    ok(await panel(sb, 'hankepaallikko', epic, 'setRiskLevel', { riskLevel: 'medium' }));
    expect(notifications(quiet)).toHaveLength(0);
  });
});
