/**
 * Readiness of a deployment phase (src/core/readiness.ts) by example: which issue stands for which item, when a
 * waiver counts, each item's state, and progress overall, per role and per section. Written to kill the
 * mutants StrykerJS makes of readiness.ts (`npm run -s mutation`).
 */
import { computeReadiness, identifyChildren, isWaiverEffective, progressOf, type CandidateChild } from '../../src/core/readiness';
import { ROLE_IDS } from '../../src/core/template/schema';
import type { Template } from '../../src/core/template/schema';
import type { WaiverRecord } from '../../src/shared/api';
import { child, NOW, T } from './gate-fixtures';

const candidate = (id: string, status: CandidateChild['statusCategory'] = 'new'): CandidateChild => {
  const { itemId: _i, ...rest } = child('x', Number(id), status);
  return rest;
};
const approved: WaiverRecord = {
  itemId: T.items[0]!.id,
  reason: 'Ei koske tätä järjestelmää',
  requestedBy: 'pm',
  requestedAt: '2026-01-01T00:00:00.000Z',
  status: 'approved',
  decidedBy: 'sg',
  decidedAt: '2026-01-02T00:00:00.000Z',
};

describe('which issues stand for the template’s items', () => {
  it('only the issues the app’s map names, each once; the rest are counted as ignored', () => {
    const candidates = [candidate('1'), candidate('2'), candidate('3')];
    const { children, ignored } = identifyChildren(candidates, {
      'item.a': { id: '1', key: 'DEMO-1' },
      'item.b': { id: '1' },
      'item.c': { id: 2 },
      'item.d': null,
      'item.e': { id: '9' },
      'item.f': { id: '3' },
    });
    expect(children).toEqual([
      { ...candidates[0], itemId: 'item.a' },
      { ...candidates[2], itemId: 'item.f' },
    ]);
    expect(ignored).toBe(1);
    expect(identifyChildren([], {})).toEqual({ children: [], ignored: 0 });
  });
});

describe('when a waiver counts', () => {
  it('approved, with a written reason, by someone other than the requester; through its expiry day (UTC)', () => {
    expect(isWaiverEffective(approved, NOW)).toBe(true);
    expect(isWaiverEffective(null, NOW)).toBe(false);
    expect(isWaiverEffective(undefined, NOW)).toBe(false);
    expect(isWaiverEffective({ ...approved, status: 'requested' }, NOW)).toBe(false);
    expect(isWaiverEffective({ ...approved, status: 'rejected' }, NOW)).toBe(false);
    expect(isWaiverEffective({ ...approved, reason: '  ' }, NOW)).toBe(false);
    expect(isWaiverEffective({ ...approved, reason: ' x ' }, NOW)).toBe(true);
    const { decidedBy: _d, ...undecided } = approved;
    expect(isWaiverEffective(undecided, NOW)).toBe(false);
    expect(isWaiverEffective({ ...approved, decidedBy: 'pm' }, NOW)).toBe(false);
    expect(isWaiverEffective({ ...approved, expiresOn: '2026-03-01' }, '2026-03-01T23:59:59.999Z')).toBe(true);
    expect(isWaiverEffective({ ...approved, expiresOn: '2026-03-01' }, '2026-03-02T00:00:00.000Z')).toBe(false);
  });
});

describe('progress', () => {
  it('done over total, whole percents rounded down, done kept within 0..total; nothing to do is complete', () => {
    expect(progressOf(1, 3)).toEqual({ done: 1, total: 3, percent: 33 });
    expect(progressOf(2, 3)).toEqual({ done: 2, total: 3, percent: 66 });
    expect(progressOf(5, 3)).toEqual({ done: 3, total: 3, percent: 100 });
    expect(progressOf(-1, 3)).toEqual({ done: 0, total: 3, percent: 0 });
    expect(progressOf(0, 0)).toEqual({ done: 0, total: 0, percent: 100 });
    expect(progressOf(2, -1)).toEqual({ done: 0, total: 0, percent: 100 });
    expect(progressOf(1, 1)).toEqual({ done: 1, total: 1, percent: 100 });
  });
});

describe('each item’s state', () => {
  const [a, b, c, d] = [T.items[0]!, T.items[1]!, T.items[2]!, T.items[3]!];

  it('done by its child, waived, missing once the phase started, open otherwise; the most advanced of several children counts', () => {
    const children = [child(a.id, 10, 'indeterminate'), child(a.id, 11, 'done'), child(a.id, 12, 'new'), child(b.id, 13, 'new')];
    const waivers = [{ ...approved, itemId: c.id }];
    const r = computeReadiness({ template: T, children, waivers, phaseStarted: true, now: NOW });
    const state = (id: string) => r.items.find((i) => i.itemId === id)!;
    expect(state(a.id)).toMatchObject({ state: 'done', child: children[1] });
    expect(state(b.id)).toMatchObject({ state: 'open', child: children[3], waiver: null });
    expect(state(c.id)).toMatchObject({ state: 'waived', child: null, waiver: waivers[0] });
    expect(state(d.id)).toMatchObject({ state: 'missing', child: null });
    expect(r.missingItemIds).toEqual(T.items.filter((i) => ![a, b, c].includes(i)).map((i) => i.id));
    expect(r.openItemIds).toEqual(T.items.filter((i) => i !== a && i !== c).map((i) => i.id));
    const before = computeReadiness({ template: T, children: [], waivers: [], phaseStarted: false, now: NOW });
    expect(before.items.every((i) => i.state === 'open')).toBe(true);
    expect(before.missingItemIds).toEqual([]);
    const ordered = computeReadiness({
      template: T,
      children: [child(a.id, 20, 'new'), child(a.id, 21, 'indeterminate'), child(a.id, 22, 'new')],
      waivers: [],
      phaseStarted: true,
      now: NOW,
    });
    expect(ordered.items[0]!.child?.id).toBe('21');
    const first = computeReadiness({
      template: T,
      children: [child(a.id, 30, 'new'), child(a.id, 31, 'new')],
      waivers: [],
      phaseStarted: true,
      now: NOW,
    });
    expect(first.items[0]!.child?.id).toBe('30');
  });

  it('a done child wins over a waiver; the last waiver of an item counts', () => {
    const rejected = { ...approved, status: 'rejected' as const };
    const r = computeReadiness({ template: T, children: [child(a.id, 10, 'done')], waivers: [approved], phaseStarted: true, now: NOW });
    expect(r.items[0]!.state).toBe('done');
    const last = computeReadiness({ template: T, children: [], waivers: [approved, rejected], phaseStarted: true, now: NOW });
    expect(last.items[0]).toMatchObject({ state: 'missing', waiver: rejected });
  });

  it('an approved waiver with an expiry reports it, lapsed or not; one without, or not approved, does not', () => {
    const at = (w: WaiverRecord) => computeReadiness({ template: T, children: [], waivers: [w], phaseStarted: true, now: NOW }).items[0]!;
    expect(at({ ...approved, expiresOn: '2026-03-31' })).toMatchObject({
      state: 'waived',
      waiverExpiry: { expiresOn: '2026-03-31', lapsed: false },
    });
    expect(at({ ...approved, expiresOn: '2026-02-28' })).toMatchObject({ state: 'missing', waiverExpiry: { lapsed: true } });
    expect(at(approved)).not.toHaveProperty('waiverExpiry');
    expect(at({ ...approved, status: 'requested', expiresOn: '2026-03-31' })).not.toHaveProperty('waiverExpiry');
  });

  it('each item keeps its kind, section, mandatory flag and role; a project’s owner override changes the role', () => {
    const deliverable = T.items.find((i) => i.kind === 'deliverable')!;
    const other = deliverable.role === 'architect' ? 'service-owner' : 'architect';
    const r = computeReadiness({
      template: T,
      children: [],
      waivers: [],
      itemRoles: { [deliverable.id]: other },
      phaseStarted: true,
      now: NOW,
    });
    for (const item of T.items) {
      expect(r.items.find((i) => i.itemId === item.id)).toMatchObject({
        kind: item.kind,
        sectionId: item.sectionId,
        mandatory: item.mandatory,
        role: item === deliverable ? other : item.role,
      });
    }
  });
});

describe('progress overall, per role and per section', () => {
  it('counts done and waived items, for every role, and for each section that has items', () => {
    const [a, b] = [T.items[0]!, T.items[1]!];
    const r = computeReadiness({
      template: T,
      children: [child(a.id, 10, 'done')],
      waivers: [{ ...approved, itemId: b.id }],
      phaseStarted: true,
      now: NOW,
    });
    expect(r.overall).toEqual({ done: 2, total: T.items.length, percent: Math.floor(200 / T.items.length) });
    expect(Object.keys(r.byRole).sort()).toEqual([...ROLE_IDS].sort());
    for (const role of ROLE_IDS) {
      const mine = T.items.filter((i) => i.role === role);
      const done = mine.filter((i) => i === a || i === b).length;
      expect(r.byRole[role]).toEqual(
        mine.length ? { done, total: mine.length, percent: Math.floor((done * 100) / mine.length) } : { done: 0, total: 0, percent: 100 },
      );
    }
    const withItems = T.sections.filter((s) => T.items.some((i) => i.sectionId === s.id));
    expect(Object.keys(r.bySection).sort()).toEqual(withItems.map((s) => s.id).sort());
    for (const s of withItems) {
      const mine = T.items.filter((i) => i.sectionId === s.id);
      expect(r.bySection[s.id]).toEqual({
        done: mine.filter((i) => i === a || i === b).length,
        total: mine.length,
        percent: Math.floor((mine.filter((i) => i === a || i === b).length * 100) / mine.length),
      });
    }
  });

  it('an optional item that is open is not an open item of the gate', () => {
    const template: Template = { ...T, items: T.items.map((i, n) => (n === 0 ? { ...i, mandatory: false } : i)) };
    const r = computeReadiness({ template, children: [], waivers: [], phaseStarted: true, now: NOW });
    expect(r.openItemIds).toEqual(T.items.slice(1).map((i) => i.id));
    expect(r.missingItemIds).toContain(T.items[0]!.id);
  });
});
