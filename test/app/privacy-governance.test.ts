/**
 * The personal-data run and the governance records of issue #24: a closed account among a role's
 * further people leaves the list (the rest kept in order; the audit trail says so, naming it only by
 * its pseudonym), as it leaves the roster's first slot, where the role's next person steps up; a
 * confirmation given for a closed account by its stand-in (`onBehalfOf`) and one in a quorum's further
 * slot name it by its pseudonym, as `attestedBy` does; its stand-in record goes. The trail still replays into the stored state.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { replayAudit, replayDifferences } from '../../src/core/audit-replay';
import { utcDay } from '../../src/core/dates';
import type { RunState } from '../../src/services/privacy/personal-data-run';
import { isPseudonym } from '../../src/shared/privacy';
import { approval, attestable, createEpic, ok, panel, saveEditedTemplate, startApp, storedState, wholeAudit } from './helpers';

const condition = attestable('entry').find((c) => c.approval === 'risk-acceptance')!;
const CLOSED_FIRST = ACCOUNT_IDS.ohjausryhma; // the steering group's first, away: their stand-in confirms for them
const CLOSED_FURTHER = ACCOUNT_IDS.tuotantotiimi; // in the middle of the steering group's further people
const MEMBERS = [ACCOUNT_IDS.arkkitehti, CLOSED_FURTHER, ACCOUNT_IDS.toteutustiimi];

describe('the personal-data run and a role’s further people, stand-ins and quorum slots (issue #24)', () => {
  let sb: Sandbox;
  afterAll(async () => {
    await sb?.close();
  });

  it('a closed account leaves the further people, the rest in order; its onBehalfOf and quorum slot are pseudonymised', async () => {
    sb = await startApp();
    await saveEditedTemplate(sb, (d) => {
      d.version = '1.1.0';
      d.gates.entry.conditions.find((c) => c.id === condition.id)!.quorum = 2;
    });
    const epic = await createEpic(sb, 'Tietosuoja ja ryhmä');
    await sb.harness.triggers.drain();
    ok(await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'steering-group', accountIds: MEMBERS }));
    // The first names a stand-in, who confirms for them (slot 1); a further member confirms too (slot 2).
    const today = utcDay(new Date());
    const until = utcDay(new Date(Date.now() + 3 * 86_400_000));
    ok(await panel(sb, 'ohjausryhma', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: until }));
    ok(await panel(sb, 'palvelustaVastaava', epic, 'attest', { conditionId: condition.id, approval, onBehalfOf: CLOSED_FIRST }));
    ok(await panel(sb, 'tuotantotiimi', epic, 'attest', { conditionId: condition.id, approval }));
    const before = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(before.members?.['steering-group']).toEqual(MEMBERS);
    expect(before.gates.entry.conditions.find((c) => c.conditionId === condition.id)!.passed).toBe(true);
    const dump = JSON.stringify(sb.harness.kvs.dump());
    expect(dump).toContain(CLOSED_FURTHER);
    expect(dump).toContain(CLOSED_FIRST);

    // The run scans with KVS queries, which lag 1 s behind writes in strict mode: a record written just
    // now is the next run's. This run starts after that.
    await new Promise((r) => setTimeout(r, 1_500));
    sb.harness.privacy.setAccounts({ closed: [CLOSED_FIRST, CLOSED_FURTHER] });
    await sb.harness.scheduled.run('privacy-report');
    await sb.harness.triggers.drain();
    const state = sb.harness.kvs.dump()['privacy:run'] as RunState;
    expect(state.phase).toBe('done');
    expect(state.stats).toMatchObject({ closed: 2, membersLeft: 1 });

    // Nothing the app stores holds either id.
    const stored = sb.harness.kvs.dump();
    for (const id of [CLOSED_FIRST, CLOSED_FURTHER]) expect(JSON.stringify(stored)).not.toContain(id);
    // The closed member is gone from the list, the others kept in their order; the closed first left the
    // role and the first further person who stays stepped up (the role is never without a first while it has people).
    expect(stored[`epic:${epic.id}:roster:steering-group`]).toBe(ACCOUNT_IDS.arkkitehti);
    expect(stored[`epic:${epic.id}:members:steering-group`]).toEqual([ACCOUNT_IDS.toteutustiimi]);
    const after = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(after.members?.['steering-group']).toEqual([ACCOUNT_IDS.toteutustiimi]);
    expect(after.roster['steering-group']).toBe(ACCOUNT_IDS.arkkitehti);

    // The confirmations stand, by pseudonyms: the stand-in's "for" names the closed first by theirs.
    const confirmations = after.attestations.filter((a) => a.conditionId === condition.id);
    expect(confirmations).toHaveLength(2);
    const forAbsent = confirmations.find((a) => a.attestedBy === ACCOUNT_IDS.palvelustaVastaava)!;
    const further = confirmations.find((a) => a.attestedBy !== ACCOUNT_IDS.palvelustaVastaava)!;
    expect(isPseudonym(forAbsent.onBehalfOf)).toBe(true);
    expect(isPseudonym(further.attestedBy)).toBe(true);
    expect(further.slot).toBe(2);
    expect(stored[`standin:${CLOSED_FIRST}`]).toBeUndefined();

    // The trail says who left the list, by pseudonym, and replays into what is stored.
    const audit = await wholeAudit(sb, epic);
    // Two changes of the app's: the closed member left the list, then the first further person stepped up.
    const left = audit.filter((e) => e.action === 'roster.membersChanged' && e.by === 'app');
    expect(left).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: 'steering-group',
          before: [ACCOUNT_IDS.arkkitehti, further.attestedBy, ACCOUNT_IDS.toteutustiimi],
          after: [ACCOUNT_IDS.arkkitehti, ACCOUNT_IDS.toteutustiimi],
        }),
        expect.objectContaining({
          subject: 'steering-group',
          before: [ACCOUNT_IDS.arkkitehti, ACCOUNT_IDS.toteutustiimi],
          after: [ACCOUNT_IDS.toteutustiimi],
        }),
      ]),
    );
    expect(left).toHaveLength(2);
    expect(audit.find((e) => e.action === 'roster.changed' && e.by === 'app' && e.subject === 'steering-group')).toMatchObject({
      before: forAbsent.onBehalfOf,
      after: ACCOUNT_IDS.arkkitehti,
    });
    expect(replayDifferences(replayAudit(audit), { ...storedState(after), members: after.members ?? {} })).toEqual([]);
  }, 120_000);
});
