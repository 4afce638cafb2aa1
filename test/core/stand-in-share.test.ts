/** A stand-in acts only on the epics they share with the absent person (issue #24): core/rules.ts standingForOn. */
import type { StandInRecord } from '../../src/core/model';
import { standingForOn } from '../../src/core/rules';

const away = (accountId: string, standIn: string, from = '2026-12-01', to = '2026-12-31'): StandInRecord => ({
  accountId,
  standIn,
  from,
  to,
  namedAt: `${from}T08:00:00.000Z`,
});

describe('standingForOn', () => {
  const standIns = new Map([
    ['sg1', away('sg1', 'deputy')],
    ['sg2', away('sg2', 'deputy', '2026-11-01', '2026-11-30')],
    ['pm', away('pm', 'other')],
  ]);

  it('names the holders who named the actor, while their period runs, when the actor holds a role on the epic too', () => {
    expect(standingForOn('deputy', ['pm', 'sg1', 'sg2', 'deputy'], standIns, '2026-12-07')).toEqual(['sg1']);
    expect(standingForOn('deputy', ['pm', 'sg1', 'sg2', 'deputy'], standIns, '2026-11-15')).toEqual(['sg2']);
  });

  it('is nobody on an epic the stand-in holds no role on', () => {
    expect(standingForOn('deputy', ['pm', 'sg1', 'sg2'], standIns, '2026-12-07')).toEqual([]);
  });

  it('never names the actor themselves, and a holder listed under two roles once', () => {
    const self = new Map([
      ['deputy', away('deputy', 'deputy')],
      ['sg1', away('sg1', 'deputy')],
    ]);
    expect(standingForOn('deputy', ['sg1', 'deputy', 'sg1'], self, '2026-12-07')).toEqual(['sg1']);
  });
});
