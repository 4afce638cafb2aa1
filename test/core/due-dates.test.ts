import { addDays, changedDueDays, isAppsDate, itemDueDate, planDueMoves, planUpgradeDueMoves } from '../../src/core/due-dates';
import { daysOverdue, isOverdue } from '../../src/core/dates';
import { buildDigests, digestNotice, reminderSettingsOf, waitingConditions } from '../../src/core/reminders';
import { validateSettings } from '../../src/core/settings';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { DEMO_SETTINGS } from '../../dev/sandbox/demo';

const items = [
  { id: 'a', dueDays: -10 },
  { id: 'b', dueDays: 0 },
  { id: 'c' }, // no offset
] as unknown as typeof CURRENT_TEMPLATE.items;

describe('due dates (core/due-dates.ts)', () => {
  it('offsets count calendar days across months and years, negative before the go-live', () => {
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(itemDueDate('2027-03-01', -30)).toBe('2027-01-30');
    expect(itemDueDate(null, -30)).toBeNull();
    expect(itemDueDate('2027-03-01', undefined)).toBeNull();
  });

  it('moves only children whose date is still the one the app set; a person`s date is kept', () => {
    const children = [
      { itemId: 'a', id: '1', key: 'D-1', current: '2027-02-19' }, // the app's
      { itemId: 'b', id: '2', key: 'D-2', current: '2027-02-20' }, // a person's (the app set 2027-03-01)
      { itemId: 'c', id: '3', key: 'D-3', current: null },
    ];
    const plan = planDueMoves({ items }, '2027-04-01', children, { a: '2027-02-19', b: '2027-03-01' });
    expect(plan.moves).toEqual([{ itemId: 'a', id: '1', key: 'D-1', from: '2027-02-19', to: '2027-03-22' }]);
    expect(plan.kept).toEqual(['D-2']);
    // Nothing recorded and no date: nobody set one, the app may.
    expect(isAppsDate(null, undefined)).toBe(true);
    expect(isAppsDate('2027-01-01', undefined)).toBe(false);
  });

  it('an upgrade moves only the children whose item`s offset changed, by the same rule (a person`s date kept)', () => {
    const next = [
      { id: 'a', dueDays: -12 }, // changed
      { id: 'b', dueDays: 0 }, // unchanged
      { id: 'c', dueDays: 3 }, // given one
      { id: 'd', dueDays: 1 }, // added: its child is created, not moved
    ] as unknown as typeof CURRENT_TEMPLATE.items;
    expect([...changedDueDays({ items }, { items: next })].sort()).toEqual(['a', 'c']);
    const children = [
      { itemId: 'a', id: '1', key: 'D-1', current: '2027-02-19' }, // the app's
      { itemId: 'b', id: '2', key: 'D-2', current: '2027-02-01' }, // the app's, but the offset is unchanged
      { itemId: 'c', id: '3', key: 'D-3', current: null },
    ];
    const plan = planUpgradeDueMoves({ items }, { items: next }, '2027-03-01', children, { a: '2027-02-19', b: '2027-02-01' });
    expect(plan.moves).toEqual([
      { itemId: 'a', id: '1', key: 'D-1', from: '2027-02-19', to: '2027-02-17' },
      { itemId: 'c', id: '3', key: 'D-3', from: null, to: '2027-03-04' },
    ]);
    // A person's date on a changed item is kept.
    expect(planUpgradeDueMoves({ items }, { items: next }, '2027-03-01', children, { a: '2027-02-20' })).toMatchObject({ kept: ['D-1'] });
  });

  it('an item is overdue the day after its date, unless done', () => {
    expect(isOverdue('2027-03-01', false, '2027-03-01')).toBe(false);
    expect(isOverdue('2027-03-01', false, '2027-03-02')).toBe(true);
    expect(isOverdue('2027-03-01', true, '2027-03-02')).toBe(false);
    expect(isOverdue(null, false, '2027-03-02')).toBe(false);
    expect(daysOverdue('2027-03-01', '2027-03-11')).toBe(10);
  });
});

describe('reminders (core/reminders.ts)', () => {
  const item = (key: string, assignee: string, due: string) => ({ key, summary: key, epicKey: 'D-1', projectId: '1', due, assignee });

  it('one digest per person; beyond the escalation days the project manager hears too', () => {
    const digests = buildDigests({
      today: '2027-03-20',
      overdue: [item('D-2', 'anna', '2027-03-01'), item('D-3', 'anna', '2027-03-18'), item('D-4', 'pm', '2027-03-01')],
      conditions: [{ epicKey: 'D-1', text: { fi: 'E', sv: 'E', en: 'E' }, people: ['bo'] }],
      epics: new Map([['D-1', { projectManager: 'pm', escalationDays: 7 }]]),
    });
    expect(digests.map((d) => d.accountId)).toEqual(['anna', 'bo', 'pm']);
    expect(digests[0]!.overdue.map((i) => i.days)).toEqual([19, 2]);
    expect(digests[2]!.escalated.map((i) => i.key)).toEqual(['D-2']); // not D-3 (2 days), not the PM's own D-4
    expect(digests[1]!.conditions).toHaveLength(1);
  });

  it('is written in the person`s language, in Finnish and English when it is unknown', () => {
    const [d] = buildDigests({ today: '2027-03-20', overdue: [item('D-2', 'anna', '2027-03-01')], conditions: [], epics: new Map() });
    expect(digestNotice(d!, 'sv').subject).toBe('Ibruktagande: dina försenade uppgifter');
    const both = digestNotice(d!, null);
    expect(both.subject).toBe('Käyttöönotto: myöhässä olevat tehtäväsi / Deployment: your overdue work');
    expect(both.textBody).toContain('myöhässä 19 pv');
    expect(both.textBody).toContain('19 days overdue');
  });

  it('a condition waits for the holders of the roles that may confirm it, until confirmed', () => {
    const roster = { 'project-manager': 'pm', 'steering-group': 'sg', architect: 'ar' };
    const waiting = waitingConditions({ template: CURRENT_TEMPLATE, gate: 'entry', roster, attestations: [], riskLevel: null });
    expect(waiting.length).toBeGreaterThan(0);
    const plain = CURRENT_TEMPLATE.gates.entry.conditions.find((c) => c.kind === 'attestation' && !c.approval)!;
    const first = waiting.find((c) => c.conditionId === plain.id)!;
    expect(first.people.length).toBeGreaterThan(0);
    const confirmed = waitingConditions({
      template: CURRENT_TEMPLATE,
      gate: 'entry',
      roster,
      attestations: [
        { conditionId: plain.id, attestedBy: first.people[0]!, attestedAt: '2027-01-01T00:00:00Z', asRole: 'project-manager' },
      ],
      riskLevel: null,
    });
    expect(confirmed.map((c) => c.conditionId)).not.toContain(plain.id);
    expect(confirmed).toHaveLength(waiting.length - 1);
  });

  it('settings: reminders default on (7 days); the escalation days are a whole number from 1 to 365', () => {
    expect(reminderSettingsOf(undefined)).toEqual({ enabled: true, escalationDays: 7 });
    const check = (escalationDays: number) =>
      validateSettings({ ...DEMO_SETTINGS, reminders: { enabled: true, escalationDays } }, CURRENT_TEMPLATE, [CURRENT_TEMPLATE.version])
        .problems;
    expect(check(14)).toEqual([]);
    for (const bad of [0, 366, 2.5])
      expect(check(bad)).toEqual(['reminders.escalationDays: The escalation days must be a whole number from 1 to 365.']);
  });
});
