/** The gate summary's pure core: blockers by the role that must act, and what counts as a change. */
// @ts-nocheck

import { computeReadiness } from '../../src/core/readiness';
import { computeGateSummary, sameSummary, searchDateTime } from '../../src/core/summary';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { ChildIssue, Roster, WaiverRecord } from '../../src/shared/api';

/** The moment the phase is judged at (no waiver here has an expiry). */
const NOW = '2026-03-01T12:00:00.000Z';

const t = CURRENT_TEMPLATE;
const roster: Roster = {
  'project-manager': 'pm',
  'service-owner': 'so',
  architect: 'ar',
  'implementation-team': 'it',
  'production-team': 'pt',
};
const child = (itemId: string, i: number, done: boolean): ChildIssue => ({
  id: String(100 + i),
  key: `DEMO-${100 + i}`,
  itemId,
  summary: itemId,
  statusName: done ? 'Done' : 'To Do',
  statusCategory: done ? 'done' : 'new',
  assigneeAccountId: null,
});

function summarise(doneCount: number, waivers: WaiverRecord[] = []) {
  const children = t.items.map((item, i) => child(item.id, i, i < doneCount));
  const readiness = computeReadiness({ template: t, children, waivers, phaseStarted: true, now: NOW });
  return computeGateSummary(
    { template: t, readiness, roster, attestations: [], riskLevel: null, waivers, phaseStart: '2026-01-01T00:00:00.000Z' },
    '2026-02-01T00:00:00.000Z',
  );
}

describe('computeGateSummary', () => {
  it('counts every open mandatory item as a blocker of its owner role, plus the unmet exit conditions of people', () => {
    const s = summarise(0);
    const openMandatory = t.items.filter((i) => i.mandatory).length;
    const attestations = t.gates.exit.conditions.filter((c) => c.kind === 'attestation').length;
    const rosterRule = t.gates.exit.conditions.some(
      (c) => c.kind === 'automatic' && c.rule.type === 'roster-filled' && c.rule.roles.some((r) => !roster[r]),
    );
    expect(s.blockers).toBe(openMandatory + attestations + (rosterRule ? 1 : 0));
    expect(Object.values(s.blockersByRole).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThanOrEqual(s.blockers);
    expect(s.actRoles).toContain('architect');
    expect(s.unfilledRoles).toEqual(['steering-group']);
    // Nothing about who holds a role: Jira indexes every value of the field for search.
    expect(JSON.stringify(s)).not.toMatch(/"(ar|it|pm|pt|so)"/);
    expect(Object.keys(s)).not.toContain('members');
    expect(s).toMatchObject({ readiness: 0, exitGate: 'blocked', pendingWaivers: 0, templateVersion: t.version });
  });

  it('readiness follows the done items; all done leaves only the people conditions', () => {
    const all = summarise(t.items.length);
    expect(all.readiness).toBe(100);
    expect(all.blockers).toBe(
      t.gates.exit.conditions.filter((c) => c.kind === 'attestation').length +
        (all.unfilledRoles.length &&
        t.gates.exit.conditions.some(
          (c) => c.kind === 'automatic' && c.rule.type === 'roster-filled' && c.rule.roles.includes('steering-group'),
        )
          ? 1
          : 0),
    );
    expect(summarise(1).readiness).toBe(Math.floor(100 / t.items.length));
  });

  it('counts waiver requests waiting for a decision', () => {
    const w: WaiverRecord = {
      itemId: t.items[0]!.id,
      reason: 'ei tarvita',
      requestedBy: 'pm',
      requestedAt: '2026-01-02T00:00:00.000Z',
      status: 'requested',
    };
    expect(summarise(0, [w]).pendingWaivers).toBe(1);
  });

  it('dates are in the JQL date-time format without fractions of a second', () => {
    const s = summarise(0);
    expect(s.phaseStart).toBe('2026-01-01T00:00:00Z');
    expect(s.lastChange).toBe('2026-02-01T00:00:00Z');
    expect(searchDateTime('2026-03-04T05:06:07.891Z')).toBe('2026-03-04T05:06:07Z');
    expect(searchDateTime('2026-03-04T07:06:07.891+02:00')).toBe('2026-03-04T05:06:07Z');
  });

  it('sameSummary ignores only lastChange (an unchanged summary is not written again)', () => {
    const a = summarise(3);
    expect(sameSummary({ ...a, lastChange: 'other' }, a)).toBe(true);
    expect(sameSummary({ ...a, readiness: a.readiness + 1 }, a)).toBe(false);
    expect(sameSummary({ readiness: 100, exitGate: 'passed' }, a)).toBe(false);
    expect(sameSummary(null, a)).toBe(false);
  });
});
