/**
 * Issue #24: stand-ins. A steering group member names a stand-in for a period; the stand-in confirms in
 * that member's role ("A for B"), which counts once for the member (never a second time in the quorum);
 * a stand-in is named only by the person themselves, acts only for who named them, and ends when ended.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { utcDay } from '../../src/core/dates';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { approval, attestable, createEpic, ok, panel, startApp, saveEditedTemplate, wholeAudit } from './helpers';

const approvalCondition = attestable('entry').find((c) => c.approval === 'risk-acceptance')!;
const [firstItem, secondItem, thirdItem] = CURRENT_TEMPLATE.items.filter((i) => i.mandatory);
const today = utcDay(new Date());
const inDays = (n: number) => utcDay(new Date(Date.now() + n * 86_400_000));

describe('stand-ins', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
    await saveEditedTemplate(sb, (d) => {
      d.version = '1.1.0';
      d.gates.entry.conditions.find((c) => c.id === approvalCondition.id)!.quorum = 2;
    });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('a stand-in confirms for the absent member, shown as both; the member and the stand-in count once together', async () => {
    const epic = await createEpic(sb, 'Sijainen');
    await sb.harness.triggers.drain();
    ok(
      await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', {
        role: 'steering-group',
        accountIds: [ACCOUNT_IDS.arkkitehti, ACCOUNT_IDS.tuotantotiimi],
      }),
    );
    // Only one's own stand-in: a payload naming whose it is is refused by the strict schema.
    const forSomeoneElse = await panel(sb, 'palvelustaVastaava', epic, 'nameStandIn', {
      standIn: ACCOUNT_IDS.palvelustaVastaava,
      from: today,
      to: inDays(3),
      accountId: ACCOUNT_IDS.ohjausryhma,
    } as never);
    expect(!forSomeoneElse.ok && forSomeoneElse.error.code).toBe('INVALID_INPUT');
    const self = await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.ohjausryhma, from: today, to: inDays(3) });
    expect(!self.ok && self.error.code).toBe('INVALID_INPUT');
    const named = ok(
      await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: inDays(3) }),
    );
    expect(named).toMatchObject({ accountId: ACCOUNT_IDS.ohjausryhma, standIn: ACCOUNT_IDS.palvelustaVastaava });
    expect(ok(await panel(sb, 'ohjausryhma', epic, 'getStandIn', {})).mine).toMatchObject({ to: inDays(3) });

    // The stand-in sees whom they stand in for, and may confirm the steering group's approval for them.
    const view = ok(await panel(sb, 'palvelustaVastaava', epic, 'getPanel', {}));
    expect(view.standingFor).toEqual([ACCOUNT_IDS.ohjausryhma]);
    expect(view.permissions.attest[approvalCondition.id]!.allowed).toBe(true);
    // Not for someone who did not name them.
    const notNamed = await panel(sb, 'palvelustaVastaava', epic, 'attest', {
      conditionId: approvalCondition.id,
      approval,
      onBehalfOf: ACCOUNT_IDS.arkkitehti,
    });
    expect(!notNamed.ok && notNamed.error.code).toBe('FORBIDDEN');
    const given = ok(
      await panel(sb, 'palvelustaVastaava', epic, 'attest', {
        conditionId: approvalCondition.id,
        approval,
        onBehalfOf: ACCOUNT_IDS.ohjausryhma,
      }),
    );
    expect(given).toMatchObject({
      attestedBy: ACCOUNT_IDS.palvelustaVastaava,
      onBehalfOf: ACCOUNT_IDS.ohjausryhma,
      asRole: 'steering-group',
    });

    // The absent member confirming too does not count a second time.
    ok(await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: approvalCondition.id, approval }));
    const once = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(once.gates.entry.conditions.find((c) => c.conditionId === approvalCondition.id)!.quorum).toMatchObject({
      counted: 1,
      needed: 2,
    });
    expect(once.attestations.filter((a) => a.conditionId === approvalCondition.id)).toHaveLength(1);
    // The audit trail records both people.
    const audit = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {})).entries.find(
      (e) => e.action === 'attestation.added' && e.subject === approvalCondition.id,
    );
    expect(audit).toMatchObject({ by: ACCOUNT_IDS.palvelustaVastaava, after: { onBehalfOf: ACCOUNT_IDS.ohjausryhma } });

    // A second member makes the quorum.
    ok(await panel(sb, 'arkkitehti', epic, 'attest', { conditionId: approvalCondition.id, approval }));
    const passed = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(passed.gates.entry.conditions.find((c) => c.conditionId === approvalCondition.id)!.passed).toBe(true);

    // Ended: the stand-in no longer acts.
    expect(ok(await panel(sb, 'ohjausryhma', epic, 'endStandIn', {})).ended).toBe(true);
    const after = ok(await panel(sb, 'palvelustaVastaava', epic, 'getPanel', {}));
    expect(after.standingFor).toEqual([]);
    expect(after.permissions.attest[approvalCondition.id]!.allowed).toBe(false);
  });

  it('a stand-in decides a waiver for the absent decider ("A for B"), but neither a request of the absent person nor their own', async () => {
    const epic = await createEpic(sb, 'Sijainen päättää poikkeuksesta');
    await sb.harness.triggers.drain();
    // The service owner decides no waivers of their own; as the steering group member's stand-in they may.
    expect(ok(await panel(sb, 'palvelustaVastaava', epic, 'getPanel', {})).permissions.decideWaiver.allowed).toBe(false);
    ok(await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: inDays(2) }));
    expect(ok(await panel(sb, 'palvelustaVastaava', epic, 'getPanel', {})).permissions.decideWaiver.allowed).toBe(true);

    ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: firstItem!.id, reason: 'Ei tarvita tässä palvelussa' }));
    const decided = ok(await panel(sb, 'palvelustaVastaava', epic, 'decideWaiver', { itemId: firstItem!.id, approve: true }));
    expect(decided).toMatchObject({ status: 'approved', decidedBy: ACCOUNT_IDS.palvelustaVastaava, onBehalfOf: ACCOUNT_IDS.ohjausryhma });
    const entry = (await wholeAudit(sb, epic)).find((e) => e.action === 'waiver.approved' && e.subject === firstItem!.id);
    expect(entry).toMatchObject({ by: ACCOUNT_IDS.palvelustaVastaava, onBehalfOf: ACCOUNT_IDS.ohjausryhma });

    // A request of the absent person: not for their stand-in to decide.
    ok(await panel(sb, 'ohjausryhma', epic, 'requestWaiver', { itemId: secondItem!.id, reason: 'Ohjausryhmän oma pyyntö' }));
    const absents = await panel(sb, 'palvelustaVastaava', epic, 'decideWaiver', { itemId: secondItem!.id, approve: true });
    expect(!absents.ok && absents.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('sijainen olet') });
    const absentsEn = await panel(sb, 'palvelustaVastaava', epic, 'decideWaiver', { itemId: secondItem!.id, approve: false }, 'en-US');
    expect(!absentsEn.ok && absentsEn.error.message).toContain('the person you stand in for');
    // Nor their own.
    ok(await panel(sb, 'palvelustaVastaava', epic, 'requestWaiver', { itemId: thirdItem!.id, reason: 'Sijaisen oma pyyntö' }));
    const own = await panel(sb, 'palvelustaVastaava', epic, 'decideWaiver', { itemId: thirdItem!.id, approve: true });
    expect(!own.ok && own.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('omaa poikkeuspyyntöäsi') });
    // The other decider still decides both.
    ok(await panel(sb, 'hankepaallikko', epic, 'decideWaiver', { itemId: secondItem!.id, approve: true }));
    // The steering group's waiver of the entry gate too: the stand-in gives it for the absent member.
    const gate = ok(await panel(sb, 'palvelustaVastaava', epic, 'waiveEntryGate', { reason: 'Ohjausryhmän päätös kokouksessa' }));
    expect(gate).toMatchObject({ waivedBy: ACCOUNT_IDS.palvelustaVastaava, onBehalfOf: ACCOUNT_IDS.ohjausryhma });
    expect((await wholeAudit(sb, epic)).find((e) => e.action === 'entryGate.waived')).toMatchObject({
      by: ACCOUNT_IDS.palvelustaVastaava,
      onBehalfOf: ACCOUNT_IDS.ohjausryhma,
    });
    ok(await panel(sb, 'ohjausryhma', epic, 'endStandIn', {}));
    // The stand-in ended: neither waivers nor the entry gate are theirs to decide.
    const after = await panel(sb, 'palvelustaVastaava', epic, 'revokeEntryGateWaiver', { reason: 'Ei enää voimassa' });
    expect(!after.ok && after.error.code).toBe('FORBIDDEN');
    expect(ok(await panel(sb, 'palvelustaVastaava', epic, 'getPanel', {})).permissions.decideWaiver.allowed).toBe(false);
  });
});
