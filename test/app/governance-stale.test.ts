/**
 * Issue #24, "Done when": a confirmed condition whose item is reopened is stale, and the exit validator
 * refuses Done. A project template of two items whose architect's exit condition rests on the
 * deliverable (`restsOn`); through the sandbox: the app's resolvers, issue trigger and validator.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { approval, attestable, children, createEpic, HOLDER, jira, ok, panel, startApp, wholeAudit, saveEditedTemplate } from './helpers';

const duty = CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty')!;
const deliverable = CURRENT_TEMPLATE.items.find((i) => i.kind === 'deliverable')!;
const resting = attestable('exit').find((c) => c.attestRoles.includes('architect'))!;

async function saveRestingTemplate(sb: Sandbox): Promise<void> {
  await saveEditedTemplate(sb, (d) => {
    d.version = '1.1.0';
    d.items = d.items.filter((i) => i.id === duty.id || i.id === deliverable.id);
    d.gates.exit.conditions.find((c) => c.id === resting.id)!.restsOn = [deliverable.id];
  });
}

const move = (sb: Sandbox, key: string, id: string) =>
  jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id } });

describe('stale confirmations: the work a confirmation rests on is reopened', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
    await saveRestingTemplate(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('reopening the item makes the confirmation stale, its confirmer is told, and the exit validator refuses Done', async () => {
    const epic = await createEpic(sb, 'Vanhentuva vahvistus');
    await sb.harness.triggers.drain();
    for (const c of attestable('entry'))
      ok(await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id, ...(c.approval ? { approval } : {}) }));
    expect((await move(sb, epic.key, TRANSITION_IDS.inProgress)).status).toBe(204);
    const rows = await children(sb, epic.key);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect((await move(sb, r.key, TRANSITION_IDS.done)).status).toBe(204);
    await sb.harness.triggers.drain();
    for (const c of attestable('exit'))
      ok(await panel(sb, c.id === resting.id ? 'arkkitehti' : HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id }));
    const ready = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(ready.gates.exit.passed).toBe(true);
    expect(ready.attestations.find((a) => a.conditionId === resting.id)!.restedOn).toEqual([deliverable.id]);

    // The deliverable is reopened: the trigger sees its child leave Done.
    const child = rows.find((r) => r.itemId === deliverable.id)!;
    const notifiesBefore = sb.harness.jiraLog.filter((c) => c.method === 'POST' && c.path.endsWith(`/issue/${epic.key}/notify`)).length;
    expect((await move(sb, child.key, TRANSITION_IDS.toDo)).status).toBe(204);
    await sb.harness.triggers.drain();

    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.gates.exit.conditions.find((c) => c.conditionId === resting.id)).toMatchObject({ passed: false, status: 'stale' });
    expect(view.attestations.find((a) => a.conditionId === resting.id)!.stale).toMatchObject({
      reason: 'reopened',
      itemId: deliverable.id,
    });
    expect((await wholeAudit(sb, epic)).filter((e) => e.action === 'attestation.stale').map((e) => e.subject)).toEqual([resting.id]);
    const told = sb.harness.jiraLog
      .filter((c) => c.method === 'POST' && c.path.endsWith(`/issue/${epic.key}/notify`))
      .slice(notifiesBefore)
      .map((c) => c.requestBody as { to: { users: { accountId: string }[] } });
    expect(told.flatMap((b) => b.to.users.map((u) => u.accountId))).toContain(ACCOUNT_IDS.arkkitehti);

    // Done the item again: the stale confirmation still does not count, and the exit validator refuses Done.
    expect((await move(sb, child.key, TRANSITION_IDS.done)).status).toBe(204);
    await sb.harness.triggers.drain();
    const refused = await move(sb, epic.key, TRANSITION_IDS.done);
    expect(refused.status).toBe(400);
    expect((refused.body as { errorMessages: string[] }).errorMessages.join('\n')).toContain('vahvistus vanhentunut');
    // Confirming again counts.
    ok(await panel(sb, 'arkkitehti', epic, 'attest', { conditionId: resting.id }));
    expect((await move(sb, epic.key, TRANSITION_IDS.done)).status).toBe(204);
  });
});
