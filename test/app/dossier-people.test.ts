/**
 * Everyone the closure dossier names is named by their Jira name, also the people issue #24 brought
 * in: a role's further person who never acted on the epic themselves, and the absent person a stand-in
 * confirmed for ("A for B"). The names are read for exactly the people the dossier lists.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, SEED_USERS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { utcDay } from '../../src/core/dates';
import type { Dossier } from '../../src/shared/dossier';
import { closeEpic } from './close-helpers';
import { createEpic, ok, panel, startApp } from './helpers';

describe('the closure dossier names every person it lists', () => {
  let sb: Sandbox;
  let dossier: Dossier;
  let html: string;
  beforeAll(async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Nimetty arkisto');
    await sb.harness.triggers.drain();
    // The project admin is the steering group's further person; away, they name a stand-in, who confirms
    // the group's approval for them. The admin never acts on the epic themselves.
    ok(await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'steering-group', accountIds: [ACCOUNT_IDS.admin] }));
    const today = utcDay(new Date());
    ok(await panel(sb, 'admin', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: today }));
    await closeEpic(sb, epic, {
      confirmer: (c) => (c.approval ? { as: 'palvelustaVastaava', onBehalfOf: ACCOUNT_IDS.admin } : undefined),
    });
    ({ dossier, html } = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {})));
  }, 120_000);
  afterAll(async () => {
    await sb.close();
  });

  it('the absent further person is listed with their name, and the record reads "A for B" by name', () => {
    const names = Object.fromEntries(SEED_USERS.map((u) => [u.accountId, u.displayName]));
    const admin = dossier.content.people.find((p) => p.accountId === ACCOUNT_IDS.admin);
    expect(admin).toEqual({ accountId: ACCOUNT_IDS.admin, displayName: names[ACCOUNT_IDS.admin] });
    expect(dossier.content.people.filter((p) => !p.displayName)).toEqual([]);
    const text = html.replace(/<span class="code">\([^)]*\)<\/span>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain(`${names[ACCOUNT_IDS.palvelustaVastaava]} sijaisena henkilölle ${names[ACCOUNT_IDS.admin]}`);
  });
});
