/** Duplicate children (issue 19): which child of an item is kept, which surplus may be deleted, which needs a person. */
// @ts-nocheck

import { findDuplicates, type MarkedChild } from '../../src/core/duplicates';
import { mayCleanDuplicates, type CallerFacts } from '../../src/core/permissions';
import { CURRENT_TEMPLATE } from '../../src/core/template';

const child = (id: string, itemId: string, created: string, statusCategory: MarkedChild['statusCategory'] = 'new'): MarkedChild => ({
  id,
  key: `DEMO-${id}`,
  itemId,
  created,
  statusCategory,
});

describe('findDuplicates', () => {
  it('an item with one child has no duplicates', () => {
    expect(findDuplicates([child('11', 'a', '2026-01-01T10:00:00Z'), child('12', 'b', '2026-01-01T10:00:00Z')], {})).toEqual([]);
  });

  it("keeps the child in the app's map even when it is not the oldest; the rest is surplus", () => {
    const older = child('11', 'a', '2026-01-01T10:00:00Z');
    const mapped = child('15', 'a', '2026-01-02T10:00:00Z');
    const [d] = findDuplicates([older, mapped], { a: { id: '15', key: 'DEMO-15' } });
    expect(d).toMatchObject({ itemId: 'a', keep: mapped, keepInMap: true, remove: [older], needsPerson: [] });
  });

  it('without a mapped child among them, keeps the oldest by created (Jira writes +0000 offsets), then the lowest id', () => {
    const newest = child('9', 'a', '2026-01-03T10:00:00Z');
    const oldest = child('100', 'a', '2026-01-01T09:59:59.000+0000');
    const later = child('20', 'a', '2026-01-01T10:00:00Z');
    // The map names a child that is gone: it does not decide.
    const [d] = findDuplicates([newest, later, oldest], { a: { id: '7', key: 'DEMO-7' } });
    expect(d!.keep.id).toBe('100');
    expect(d!.keepInMap).toBe(false);
    expect(d!.remove.map((c) => c.id)).toEqual(['20', '9']);
    const [tie] = findDuplicates([child('100', 'b', '2026-01-01T10:00:00.000+0000'), child('20', 'b', '2026-01-01T10:00:00Z')], {});
    expect(tie!.keep.id).toBe('20');
  });

  it('surplus someone has worked on is never deleted: it needs a person', () => {
    const kept = child('11', 'a', '2026-01-01T10:00:00Z');
    const started = child('12', 'a', '2026-01-02T10:00:00Z', 'indeterminate');
    const finished = child('13', 'a', '2026-01-03T10:00:00Z', 'done');
    const untouched = child('14', 'a', '2026-01-04T10:00:00Z');
    const [d] = findDuplicates([untouched, finished, started, kept], {});
    expect(d!.keep).toEqual(kept);
    expect(d!.remove).toEqual([untouched]);
    expect(d!.needsPerson).toEqual([started, finished]);
  });

  it("surplus the map names for another item is never deleted, even in the 'new' category", () => {
    const kept = child('11', 'a', '2026-01-01T10:00:00Z');
    const mappedElsewhere = child('12', 'a', '2026-01-02T10:00:00Z');
    const [d] = findDuplicates([kept, mappedElsewhere], { b: { id: '12', key: 'DEMO-12' } });
    expect(d!.remove).toEqual([]);
    expect(d!.needsPerson).toEqual([mappedElsewhere]);
  });

  it('the same issue listed twice is one child', () => {
    const a = child('11', 'a', '2026-01-01T10:00:00Z');
    expect(findDuplicates([a, { ...a }], {})).toEqual([]);
  });
});

describe('mayCleanDuplicates', () => {
  const facts = (over: Partial<CallerFacts> = {}): CallerFacts => ({
    accountId: 'me',
    roster: { 'project-manager': 'pm', 'implementation-team': 'me' },
    phaseStarted: true,
    enabled: true,
    spawnComplete: true,
    jira: { createIssues: true, editIssues: true, administerProject: false },
    ...over,
  });

  it('allows the project manager on the roster and a project admin; refuses anyone else, naming who may', () => {
    expect(mayCleanDuplicates(CURRENT_TEMPLATE, facts({ accountId: 'pm' }), 'en').allowed).toBe(true);
    expect(
      mayCleanDuplicates(CURRENT_TEMPLATE, facts({ jira: { createIssues: false, editIssues: false, administerProject: true } }), 'en')
        .allowed,
    ).toBe(true);
    const member = mayCleanDuplicates(CURRENT_TEMPLATE, facts(), 'en');
    expect(member.allowed).toBe(false);
    expect(member.reason).toMatch(/project admin/);
  });

  it('refuses before the phase has started or when the template is off', () => {
    expect(mayCleanDuplicates(CURRENT_TEMPLATE, facts({ accountId: 'pm', phaseStarted: false }), 'en').allowed).toBe(false);
    expect(mayCleanDuplicates(CURRENT_TEMPLATE, facts({ accountId: 'pm', enabled: false }), 'en').allowed).toBe(false);
  });
});
