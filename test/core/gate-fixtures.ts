/** Shared fixtures of the gate's core tests (gate-rules, permissions, readiness): the built-in template, a full
 * roster, attestations that satisfy every condition, and template variants that the built-in one lacks. */
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { computeReadiness } from '../../src/core/readiness';
import type { Condition, Template } from '../../src/core/template/schema';
import type { AttestationRecord, ChildIssue, Readiness, Roster } from '../../src/shared/api';

export const T = CURRENT_TEMPLATE;
export const NOW = '2026-03-01T12:00:00.000Z';

export const ROSTER: Roster = {
  'project-manager': 'pm',
  'service-owner': 'so',
  architect: 'ar',
  'implementation-team': 'it',
  'production-team': 'pt',
  'steering-group': 'sg',
};

export type Attestable = Extract<Condition, { kind: 'attestation' }>;
export const ALL_CONDITIONS: readonly Condition[] = [...T.gates.entry.conditions, ...T.gates.exit.conditions];
export const ATTESTABLE = ALL_CONDITIONS.filter((c): c is Attestable => c.kind === 'attestation');
/** The built-in template's risk acceptance (an entry condition the steering group confirms). */
export const RISK = ATTESTABLE.find((c) => c.approval === 'risk-acceptance')!;
export const APPROVAL = { riskLevel: 'matala', securityLevel: 'perus', dataProtectionLevel: 'GDPR' };

export function child(itemId: string, n: number, status: ChildIssue['statusCategory']): ChildIssue {
  return { id: String(n), key: `DEMO-${n}`, itemId, summary: '', statusName: status, statusCategory: status, assigneeAccountId: null };
}

/** Every attestation condition confirmed by its first role (the risk acceptance at `APPROVAL`'s level). */
export function attestAll(template: Template = T): AttestationRecord[] {
  return [...template.gates.entry.conditions, ...template.gates.exit.conditions].flatMap((c) =>
    c.kind === 'attestation'
      ? [
          {
            conditionId: c.id,
            attestedBy: ROSTER[c.attestRoles[0]!]!,
            attestedAt: NOW,
            asRole: c.attestRoles[0]!,
            evidenceUrl: 'https://example.org/evidence',
            ...(c.approval ? { approval: { ...APPROVAL } } : {}),
          },
        ]
      : [],
  );
}

/** Readiness with every item done (or, given ids, those left open). */
export function readinessOf(template: Template = T, open: readonly string[] = []): Readiness {
  const children = template.items.map((i, n) => child(i.id, n + 2, open.includes(i.id) ? 'indeterminate' : 'done'));
  return computeReadiness({ template, children, waivers: [], phaseStarted: true, now: NOW });
}

/** The template with one condition changed. */
export function withCondition(id: string, change: (c: Condition) => Condition, template: Template = T): Template {
  const map = (cs: readonly Condition[]) => cs.map((c) => (c.id === id ? change(c) : c));
  return {
    ...template,
    gates: {
      entry: { ...template.gates.entry, conditions: map(template.gates.entry.conditions) },
      exit: { ...template.gates.exit, conditions: map(template.gates.exit.conditions) },
    },
  };
}
