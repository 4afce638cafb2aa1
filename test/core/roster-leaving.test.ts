/** core/rules.ts rosterAfterLeaving: when a role's first person leaves, the first further person who stays steps up. */
import { rosterAfterLeaving } from '../../src/core/rules';

describe('rosterAfterLeaving', () => {
  it('the first leaving: the first further person who stays steps up, the others keep their order', () => {
    expect(rosterAfterLeaving({ first: 'a', members: ['b', 'c', 'd'] }, new Set(['a', 'b']))).toEqual({ first: 'c', members: ['d'] });
  });

  it('the first staying: only the leaving further people go', () => {
    expect(rosterAfterLeaving({ first: 'a', members: ['b', 'c'] }, new Set(['b']))).toEqual({ first: 'a', members: ['c'] });
  });

  it('nobody staying: the role is empty', () => {
    expect(rosterAfterLeaving({ first: 'a', members: ['b'] }, new Set(['a', 'b']))).toEqual({ first: null, members: [] });
    expect(rosterAfterLeaving({ first: null, members: [] }, new Set(['a']))).toEqual({ first: null, members: [] });
  });
});
