// @ts-nocheck
import fc from 'fast-check';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { computeReadiness, isWaiverEffective } from '../../src/core/readiness';
import { evaluateGate } from '../../src/core/gate';
import { ROLE_IDS, type RoleId } from '../../src/core/template/schema';
import type { AttestationRecord, ChildIssue, Roster, StatusCategory, WaiverRecord } from '../../src/shared/api';

/** The moment the phase is judged at (no waiver here has an expiry). */
const NOW = '2026-03-01T12:00:00.000Z';

const t = CURRENT_TEMPLATE;
const items = t.items;
const attestationConditions = [...t.gates.entry.conditions, ...t.gates.exit.conditions].filter((c) => c.kind === 'attestation');

const statusArb = fc.constantFrom<StatusCategory>('new', 'indeterminate', 'done');
const accountArb = fc.constantFrom('a1', 'a2', 'a3', 'a4');

/** For each item: no child, or a child with a status; possibly duplicated children. */
const childrenArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: items.length - 1 }), statusArb, fc.option(accountArb, { nil: null })), { maxLength: 80 })
  .map((rows) =>
    rows.map(([i, status, assignee], n): ChildIssue => {
      const item = items[i]!;
      return {
        id: String(10000 + n),
        key: `DEMO-${n + 1}`,
        itemId: item.id,
        summary: item.text.fi,
        statusName: status,
        statusCategory: status,
        assigneeAccountId: assignee,
      };
    }),
  );

const waiverArb = fc
  .array(
    fc.record({
      i: fc.integer({ min: 0, max: items.length - 1 }),
      reason: fc.constantFrom('', '   ', 'Ei koske tätä järjestelmää'),
      requestedBy: accountArb,
      decidedBy: fc.option(accountArb, { nil: undefined }),
      status: fc.constantFrom<WaiverRecord['status']>('requested', 'approved', 'rejected'),
    }),
    { maxLength: 20 },
  )
  .map((rows) =>
    rows.map((r): WaiverRecord => ({
      itemId: items[r.i]!.id,
      reason: r.reason,
      requestedBy: r.requestedBy,
      requestedAt: '2026-01-01T00:00:00.000Z',
      status: r.status,
      ...(r.decidedBy ? { decidedBy: r.decidedBy, decidedAt: '2026-01-02T00:00:00.000Z' } : {}),
    })),
  );

const rosterArb = fc
  .subarray([...ROLE_IDS])
  .chain((roles) => fc.tuple(fc.constant(roles), fc.array(accountArb, { minLength: roles.length, maxLength: roles.length })))
  .map(([roles, ids]) => Object.fromEntries(roles.map((r, i) => [r, ids[i]])) as Roster);

const riskArb = fc.option(fc.constantFrom('matala', 'kohtalainen', 'korkea'), { nil: null });

const attestationsArb = fc
  .array(
    fc.record({
      c: fc.integer({ min: 0, max: attestationConditions.length - 1 }),
      role: fc.constantFrom<RoleId>(...ROLE_IDS),
      risk: fc.constantFrom('matala', 'kohtalainen', 'korkea'),
      withApproval: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .map((rows) => {
    const byCondition = new Map<string, AttestationRecord>();
    for (const r of rows) {
      const c = attestationConditions[r.c]!;
      byCondition.set(c.id, {
        conditionId: c.id,
        attestedBy: 'a1',
        attestedAt: '2026-01-01T00:00:00.000Z',
        asRole: r.role,
        ...(r.withApproval ? { approval: { riskLevel: r.risk, securityLevel: 'perus', dataProtectionLevel: 'GDPR' } } : {}),
      });
    }
    return [...byCondition.values()];
  });

describe('core invariants (property-based)', () => {
  it('progress stays within 0–100 % and done never exceeds total, overall, per role and per section', () => {
    fc.assert(
      fc.property(childrenArb, waiverArb, fc.boolean(), (children, waivers, started) => {
        const r = computeReadiness({ template: t, children, waivers, phaseStarted: started, now: NOW });
        for (const p of [r.overall, ...Object.values(r.byRole), ...Object.values(r.bySection)]) {
          expect(p.percent).toBeGreaterThanOrEqual(0);
          expect(p.percent).toBeLessThanOrEqual(100);
          expect(p.done).toBeLessThanOrEqual(p.total);
        }
        expect(r.overall.total).toBe(items.length);
        const roleTotal = Object.values(r.byRole).reduce((s, p) => s + p.total, 0);
        expect(roleTotal).toBe(items.length);
      }),
    );
  });

  it('an item counts as waived only with an approved waiver that has a reason and a second person', () => {
    fc.assert(
      fc.property(waiverArb, (waivers) => {
        const r = computeReadiness({ template: t, children: [], waivers, phaseStarted: true, now: NOW });
        for (const state of r.items) {
          const w = waivers.filter((x) => x.itemId === state.itemId).at(-1);
          const effective = !!w && w.status === 'approved' && w.reason.trim() !== '' && !!w.decidedBy && w.decidedBy !== w.requestedBy;
          expect(state.state === 'waived').toBe(effective);
          expect(isWaiverEffective(w, NOW)).toBe(effective);
        }
      }),
    );
  });

  it('the gate passes exactly when every mandatory condition holds, and every failing condition is named in every language', () => {
    fc.assert(
      fc.property(
        childrenArb,
        waiverArb,
        rosterArb,
        attestationsArb,
        riskArb,
        fc.constantFrom('entry', 'exit' as const),
        (children, waivers, roster, attestations, risk, gate) => {
          const readiness = computeReadiness({ template: t, children, waivers, phaseStarted: true, now: NOW });
          const ev = evaluateGate({ template: t, gate, readiness, roster, attestations, riskLevel: risk });
          const mandatoryFailing = ev.conditions.filter((c) => c.mandatory && !c.passed);
          expect(ev.passed).toBe(mandatoryFailing.length === 0);
          expect(ev.unmet).toEqual(mandatoryFailing.map((c) => c.conditionId));
          for (const c of mandatoryFailing) {
            const def = t.gates[gate].conditions.find((d) => d.id === c.conditionId)!;
            for (const l of ['fi', 'sv', 'en'] as const) expect(ev.message[l]).toContain(def.text[l]);
          }
          if (ev.passed) expect(ev.message.fi).toBe('');
        },
      ),
    );
  });

  it('the items-done condition fails exactly when a mandatory item is neither done nor waived', () => {
    fc.assert(
      fc.property(childrenArb, waiverArb, (children, waivers) => {
        const readiness = computeReadiness({ template: t, children, waivers, phaseStarted: true, now: NOW });
        const ev = evaluateGate({ template: t, gate: 'exit', readiness, roster: {}, attestations: [], riskLevel: null });
        const itemsDone = ev.conditions.find(
          (c) => t.gates.exit.conditions.find((d) => d.id === c.conditionId)?.kind === 'automatic' && c.conditionId.includes('item'),
        );
        expect(itemsDone).toBeDefined();
        expect(itemsDone!.passed).toBe(readiness.openItemIds.length === 0);
      }),
    );
  });
});
