/**
 * Issue #24, due dates on a project whose create screen lacks Due date: Jira refuses `duedate` in the bulk
 * create (strict mode), the children are created again without it and the refusal reported. A date Jira
 * refused is not the app's: when the epic's date then moves (or the screen gains the field first), the
 * children get the date their offsets give, as any child whose date is still the app's.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { appDates, createEpicDue, dueDates, moveEpicDue, saveTemplateWithDueDays } from './due-helpers';
import { ok, panel, startApp } from './helpers';

const [A, B] = CURRENT_TEMPLATE.items.slice(0, 2).map((i) => i.id) as [string, string];

describe('due dates where the create screen has no Due date', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('children are created without the date and reported; a move of the epic later gives them their dates', async () => {
    sb = await startApp();
    await saveTemplateWithDueDays(sb, { [A]: -30, [B]: 0 });
    sb.emulator.createScreens.set('DEMO', 'Task', ['summary', 'description', 'parent', 'labels', 'assignee', 'reporter']);
    const epic = await createEpicDue(sb, 'Ei eräpäivää luontinäkymässä', '2027-03-01');
    await sb.harness.triggers.drain();
    const created = await dueDates(sb, epic.key);
    expect(created.size).toBe(CURRENT_TEMPLATE.items.length);
    expect([created.get(A)?.due, created.get(B)?.due]).toEqual([null, null]);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.spawn.warnings.filter((w) => w.code === 'FIELDS_DROPPED').map((w) => w.itemId)).toEqual(
      expect.arrayContaining([A, B]),
    );
    // The app's record says what Jira holds: no date of the app's on those children.
    expect([appDates(sb, epic.id)[A], appDates(sb, epic.id)[B]]).toEqual([null, null]);

    // Due date on the screen now; the go-live moves: the children get their offsets' dates (no person gave one).
    sb.emulator.createScreens.set('DEMO', 'Task', null);
    await moveEpicDue(sb, epic.key, '2027-04-01');
    const moved = await dueDates(sb, epic.key);
    expect([moved.get(A)?.due, moved.get(B)?.due]).toEqual(['2027-03-02', '2027-04-01']);
  });
});
