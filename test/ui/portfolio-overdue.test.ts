/**
 * static/portfolio/src/overdue.ts: the project page's overdue badges come from their own resolver call,
 * one per page of rows; a failure leaves the rows as they were (no badge), with nothing shown to the person.
 */
import type { PortfolioRow } from '../../src/shared/portfolio';

const invoke = jest.fn();
jest.mock('@forge/bridge', () => ({
  invoke: (...args: unknown[]) => invoke(...args),
  view: { getContext: () => Promise.resolve({ locale: 'fi-FI' }) },
}));

import { loadOverdue, withOverdue } from '../../static/portfolio/src/overdue';

const row = (id: string, overdue?: number): PortfolioRow => ({
  id,
  key: `DEMO-${id}`,
  summary: '',
  projectKey: 'DEMO',
  statusName: 'In Progress',
  statusCategory: 'indeterminate',
  gate: null,
  ...(overdue === undefined ? {} : { overdue }),
});

describe('the project page overdue badges', () => {
  beforeEach(() => invoke.mockReset());

  it('asks getPortfolioOverdue with the page rows ids and fills in the counts of those rows only', async () => {
    invoke.mockResolvedValue({ ok: true, data: { counts: { '10': 2, '11': 0 } } });
    const counts = await loadOverdue([row('10'), row('11')]);
    expect(invoke.mock.calls).toEqual([['getPortfolioOverdue', { epicIds: ['10', '11'], locale: 'fi-FI' }]]);
    expect(counts).toEqual({ '10': 2, '11': 0 });
    const shown = withOverdue([row('9', 1), row('10'), row('11')], counts!);
    expect(shown.map((r) => [r.id, r.overdue])).toEqual([
      ['9', 1],
      ['10', 2],
      ['11', 0],
    ]);
  });

  it('a failure gives no counts (the rows stay as they are) and only a console warning', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    invoke.mockResolvedValue({ ok: false, error: { code: 'NOT_FOUND', message: 'x' } });
    expect(await loadOverdue([row('10')])).toBeNull();
    invoke.mockRejectedValue(new Error('network'));
    expect(await loadOverdue([row('10')])).toBeNull();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
