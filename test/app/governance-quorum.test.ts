/**
 * Issue #24, "Done when": a template with `quorum: 2` on the steering group's approval, three members of
 * the steering group on the roster: one approval leaves the entry validator refusing (naming one more
 * needed), the same person approving again does not count twice, and a second member's approval lets the
 * epic into In Progress. Through the sandbox: the app's real resolvers, trigger and validator.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { approval, attestable, createEpic, HOLDER, jira, ok, panel, startApp, saveEditedTemplate } from './helpers';

const approvalCondition = attestable('entry').find((c) => c.approval === 'risk-acceptance')!;

async function saveQuorumTemplate(sb: Sandbox, version = '1.1.0', text?: { fi: string; sv: string; en: string }): Promise<void> {
  await saveEditedTemplate(sb, (d) => {
    d.version = version;
    const c = d.gates.entry.conditions.find((c) => c.id === approvalCondition.id)!;
    c.quorum = 2;
    if (text) c.text = text;
  });
}

describe('quorum: several steering group members approve', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
    await saveQuorumTemplate(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('one approval is not enough, the same person twice counts once, a second member lets the epic start', async () => {
    const epic = await createEpic(sb, 'Ohjausryhmän päätösvaltaisuus');
    await sb.harness.triggers.drain();
    // Three people in the steering group: the roster's first, and two more (checked against Jira).
    const members = ok(
      await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', {
        role: 'steering-group',
        accountIds: [ACCOUNT_IDS.arkkitehti, ACCOUNT_IDS.tuotantotiimi],
      }),
    );
    expect(members.accountIds).toEqual([ACCOUNT_IDS.arkkitehti, ACCOUNT_IDS.tuotantotiimi]);
    for (const c of attestable('entry').filter((c) => c.id !== approvalCondition.id))
      ok(await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id }));
    ok(await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: approvalCondition.id, approval }));

    const refused = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, {
      transition: { id: TRANSITION_IDS.inProgress },
    });
    expect(refused.status).toBe(400);
    const message = (refused.body as { errorMessages: string[] }).errorMessages.join('\n');
    expect(message).toContain('(vielä 1 vahvistus(ta), 1/2)');
    expect(message).toContain('Johto-/ohjausryhmä vahvistaa');

    // The panel shows 1/2 and what is still needed.
    const view = ok(await panel(sb, 'ohjausryhma', epic, 'getPanel', {}));
    const result = view.gates.entry.conditions.find((c) => c.conditionId === approvalCondition.id)!;
    expect(result.passed).toBe(false);
    expect(result.quorum).toEqual({ counted: 1, needed: 2, holders: 3 });
    expect(result.reason.en).toContain('1 more confirmation(s) needed (1/2)');

    // The same member again: recorded once, still 1/2.
    const again = ok(await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: approvalCondition.id, approval }));
    expect(again.attestedBy).toBe(ACCOUNT_IDS.ohjausryhma);
    const still = ok(await panel(sb, 'ohjausryhma', epic, 'getPanel', {}));
    expect(still.attestations.filter((a) => a.conditionId === approvalCondition.id)).toHaveLength(1);
    expect(still.gates.entry.conditions.find((c) => c.conditionId === approvalCondition.id)!.quorum?.counted).toBe(1);
    const stillRefused = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, {
      transition: { id: TRANSITION_IDS.inProgress },
    });
    expect(stillRefused.status).toBe(400);

    // A second member: 2/2, and the epic moves into In Progress.
    const second = ok(await panel(sb, 'arkkitehti', epic, 'attest', { conditionId: approvalCondition.id, approval }));
    expect(second.slot).toBe(2);
    const passed = ok(await panel(sb, 'ohjausryhma', epic, 'getPanel', {}));
    expect(passed.gates.entry.conditions.find((c) => c.conditionId === approvalCondition.id)).toMatchObject({
      passed: true,
      quorum: { counted: 2, needed: 2, holders: 3 },
    });
    const moved = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, {
      transition: { id: TRANSITION_IDS.inProgress },
    });
    expect(moved.status).toBe(204);

    // An upgrade that rewords the approval voids every one of its confirmations, the further ones too.
    await saveQuorumTemplate(sb, '1.2.0', { fi: 'Uusi sanamuoto', sv: 'Ny formulering', en: 'New wording' });
    ok(await panel(sb, 'hankepaallikko', epic, 'upgradeEpic', { toTemplateId: 'kayttoonotto', toVersion: '1.2.0' }));
    const upgraded = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(upgraded.attestations.filter((a) => a.conditionId === approvalCondition.id)).toEqual([]);
    expect(upgraded.gates.entry.conditions.find((c) => c.conditionId === approvalCondition.id)!.quorum?.counted).toBe(0);
  });
});
