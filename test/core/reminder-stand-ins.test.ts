/** Reminders reach stand-ins (issue 24): a stand-in gets what their absent person would, in their one digest of the day. */
import { digestsByRecipient, type Digest } from '../../src/core/reminders';
import type { StandInRecord } from '../../src/core/model';

const item = (key: string, assignee: string) => ({
  key,
  summary: `Tehtävä ${key}`,
  epicKey: 'DEMO-1',
  projectId: '10000',
  due: '2026-12-01',
  assignee,
  days: 6,
});
const digest = (accountId: string, keys: string[]): Digest => ({
  accountId,
  overdue: keys.map((k) => item(k, accountId)),
  conditions: [],
  escalated: [],
});
const away = (accountId: string, standIn: string, from: string, to: string): [string, StandInRecord] => [
  accountId,
  { accountId, standIn, from, to, namedAt: '2026-11-30T08:00:00.000Z' },
];

describe('digestsByRecipient', () => {
  it('gives the stand-in the absent person’s items merged into their own one digest; the absent person keeps theirs', () => {
    const out = digestsByRecipient(
      [digest('anna', ['DEMO-2', 'DEMO-3']), digest('bertil', ['DEMO-4'])],
      new Map([away('anna', 'bertil', '2026-12-01', '2026-12-10')]),
      '2026-12-07',
    );
    expect(out.map((d) => d.accountId).sort()).toEqual(['anna', 'bertil']);
    expect(out.find((d) => d.accountId === 'anna')!.overdue.map((o) => o.key)).toEqual(['DEMO-2', 'DEMO-3']);
    expect(
      out
        .find((d) => d.accountId === 'bertil')!
        .overdue.map((o) => o.key)
        .sort(),
    ).toEqual(['DEMO-2', 'DEMO-3', 'DEMO-4']);
  });

  it('a stand-in with no work of their own still gets one digest', () => {
    const out = digestsByRecipient(
      [digest('anna', ['DEMO-2'])],
      new Map([away('anna', 'cecilia', '2026-12-07', '2026-12-07')]),
      '2026-12-07',
    );
    expect(out.map((d) => [d.accountId, d.overdue.map((o) => o.key)])).toEqual([
      ['anna', ['DEMO-2']],
      ['cecilia', ['DEMO-2']],
    ]);
  });

  it('outside the period (before its first day, after its last) the stand-in gets nothing of the absent person', () => {
    for (const day of ['2026-11-30', '2026-12-11']) {
      const out = digestsByRecipient(
        [digest('anna', ['DEMO-2']), digest('bertil', ['DEMO-4'])],
        new Map([away('anna', 'bertil', '2026-12-01', '2026-12-10')]),
        day,
      );
      expect(out.find((d) => d.accountId === 'bertil')!.overdue.map((o) => o.key)).toEqual(['DEMO-4']);
    }
  });

  it('lists an item, an escalation and a waiting condition once even when it reaches the person twice', () => {
    const shared: Digest = {
      accountId: 'anna',
      overdue: [item('DEMO-2', 'anna')],
      conditions: [{ epicKey: 'DEMO-1', text: { fi: 'Ehto', sv: 'Villkor', en: 'Condition' } }],
      escalated: [item('DEMO-9', 'dora')],
    };
    const own: Digest = { ...shared, accountId: 'bertil' };
    const out = digestsByRecipient([shared, own], new Map([away('anna', 'bertil', '2026-12-01', '2026-12-10')]), '2026-12-07');
    const bertil = out.find((d) => d.accountId === 'bertil')!;
    expect([bertil.overdue.length, bertil.conditions.length, bertil.escalated.length]).toEqual([1, 1, 1]);
  });

  it('a record that names someone else, or the person themselves, is no stand-in', () => {
    const out = digestsByRecipient(
      [digest('anna', ['DEMO-2'])],
      new Map<string, StandInRecord>([
        ['anna', { accountId: 'erik', standIn: 'bertil', from: '2026-12-01', to: '2026-12-10', namedAt: 'x' }],
      ]),
      '2026-12-07',
    );
    expect(out.map((d) => d.accountId)).toEqual(['anna']);
    const self = digestsByRecipient(
      [digest('anna', ['DEMO-2'])],
      new Map([away('anna', 'anna', '2026-12-01', '2026-12-10')]),
      '2026-12-07',
    );
    expect(self).toHaveLength(1);
  });
});
