import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { createEpicDue, dueDates, saveTemplateWithDueDays } from './due-helpers';
import { jira, startApp, wholeAudit } from './helpers';

/** Offsets given to the first items of the built-in template (the rest have none). */
const OFFSETS: Record<string, number> = {};
CURRENT_TEMPLATE.items.slice(0, 4).forEach((item, n) => (OFFSETS[item.id] = [-30, -7, 0, 14][n]!));

describe('due dates (issue 24): the epic due date is the go-live, items carry dueDays', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('every child gets the date its offset gives, in the bulk create; moving the epic moves them, keeping a date a person set', async () => {
    sb = await startApp();
    await saveTemplateWithDueDays(sb, OFFSETS);
    const epic = await createEpicDue(sb, 'Go-live 1.3.', '2027-03-01');
    await sb.harness.triggers.drain();

    let dates = await dueDates(sb, epic.key);
    expect(dates.size).toBe(CURRENT_TEMPLATE.items.length);
    const [a, b, c, d] = Object.keys(OFFSETS) as [string, string, string, string];
    expect(dates.get(a)?.due).toBe('2027-01-30');
    expect(dates.get(b)?.due).toBe('2027-02-22');
    expect(dates.get(c)?.due).toBe('2027-03-01');
    expect(dates.get(d)?.due).toBe('2027-03-15');
    const withoutOffset = CURRENT_TEMPLATE.items.find((i) => !(i.id in OFFSETS))!.id;
    expect(dates.get(withoutOffset)?.due).toBeNull();
    // The dates came with the bulk create: no child was edited afterwards.
    expect(sb.harness.jiraLog.filter((x) => x.method === 'PUT' && /\/rest\/api\/3\/issue\/\d+$/.test(x.path))).toHaveLength(0);

    // A person gives one child a date of their own; then the go-live moves by a month.
    expect(
      (await jira(sb, 'toteutustiimi', 'PUT', `/rest/api/3/issue/${dates.get(b)!.key}`, { fields: { duedate: '2027-02-10' } })).status,
    ).toBe(204);
    await sb.harness.triggers.drain();
    expect((await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${epic.key}`, { fields: { duedate: '2027-04-01' } })).status).toBe(
      204,
    );
    await sb.harness.triggers.drain();

    dates = await dueDates(sb, epic.key);
    expect(dates.get(a)?.due).toBe('2027-03-02');
    expect(dates.get(b)?.due).toBe('2027-02-10'); // the person's date is kept
    expect(dates.get(c)?.due).toBe('2027-04-01');
    expect(dates.get(d)?.due).toBe('2027-04-15');
    expect(dates.get(withoutOffset)?.due).toBeNull();

    const moved = (await wholeAudit(sb, epic)).filter((e) => e.action === 'dueDates.moved');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      by: ACCOUNT_IDS.hankepaallikko,
      before: { dueDate: '2027-03-01' },
      after: { dueDate: '2027-04-01', kept: [dates.get(b)!.key] },
    });
    expect(Object.keys((moved[0]!.after as { moved: Record<string, unknown> }).moved)).toHaveLength(3);

    // Moved again, the app's dates follow and the person's stays; the event delivered twice changes nothing more.
    expect((await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${epic.key}`, { fields: { duedate: '2027-03-25' } })).status).toBe(
      204,
    );
    await sb.harness.triggers.drain();
    dates = await dueDates(sb, epic.key);
    expect(dates.get(a)?.due).toBe('2027-02-23');
    expect(dates.get(b)?.due).toBe('2027-02-10');
    expect((await wholeAudit(sb, epic)).filter((e) => e.action === 'dueDates.moved')).toHaveLength(2);
  });
});
