/**
 * Issue #24: "the stand-in may act for that person's roles on the epics they share". A steering group
 * member names a stand-in who holds a role on one epic and none on another: on the first the stand-in
 * confirms for them, on the second the stand-in is nobody's and is refused.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { utcDay } from '../../src/core/dates';
import { approval, attestable, createEpic, ok, panel, startApp } from './helpers';

const approvalCondition = attestable('entry').find((c) => c.approval === 'risk-acceptance')!;

describe('a stand-in acts only on the epics they share with the absent person', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('confirms where the stand-in holds a role, and is refused where they hold none', async () => {
    const shared = await createEpic(sb, 'Yhteinen');
    const apart = await createEpic(sb, 'Erillinen');
    await sb.harness.triggers.drain();
    // On the second epic the production team's person is taken off the roster: the stand-in holds no role there.
    ok(await panel(sb, 'hankepaallikko', apart, 'setRosterMember', { role: 'production-team', accountId: null }));
    const today = utcDay(new Date());
    ok(await panel(sb, 'ohjausryhma', shared, 'nameStandIn', { standIn: ACCOUNT_IDS.tuotantotiimi, from: today, to: today }));

    const onShared = ok(await panel(sb, 'tuotantotiimi', shared, 'getPanel', {}));
    expect(onShared.standingFor).toEqual([ACCOUNT_IDS.ohjausryhma]);
    expect(onShared.permissions.attest[approvalCondition.id]!.allowed).toBe(true);

    const onApart = ok(await panel(sb, 'tuotantotiimi', apart, 'getPanel', {}));
    expect(onApart.standingFor).toEqual([]);
    expect(onApart.permissions.attest[approvalCondition.id]!.allowed).toBe(false);
    const refused = await panel(sb, 'tuotantotiimi', apart, 'attest', {
      conditionId: approvalCondition.id,
      approval,
      onBehalfOf: ACCOUNT_IDS.ohjausryhma,
    });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    expect(ok(await panel(sb, 'hankepaallikko', apart, 'getPanel', {})).attestations).toEqual([]);

    ok(
      await panel(sb, 'tuotantotiimi', shared, 'attest', {
        conditionId: approvalCondition.id,
        approval,
        onBehalfOf: ACCOUNT_IDS.ohjausryhma,
      }),
    );
    expect(ok(await panel(sb, 'hankepaallikko', shared, 'getPanel', {})).attestations).toEqual([
      expect.objectContaining({
        conditionId: approvalCondition.id,
        attestedBy: ACCOUNT_IDS.tuotantotiimi,
        onBehalfOf: ACCOUNT_IDS.ohjausryhma,
      }),
    ]);
  });
});
