// @ts-nocheck
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { computeReadiness } from '../../src/core/readiness';
import { evaluateGate, phaseStatus, validatorMessage } from '../../src/core/gate';
import { chunk, ITEM_PROPERTY_KEY, planSpawn } from '../../src/core/spawn-plan';
import { panelPermissions, mayDecideWaiver } from '../../src/core/permissions';
import { validateSettings, defaultSettings, isDeploymentEpic } from '../../src/core/settings';
import type { AttestationRecord, ChildIssue, Roster } from '../../src/shared/api';

/** The moment the phase is judged at (no waiver here has an expiry). */
const NOW = '2026-03-01T12:00:00.000Z';

const t = CURRENT_TEMPLATE;
const roster: Roster = {
  'project-manager': 'pm',
  'service-owner': 'so',
  architect: 'ar',
  'implementation-team': 'it',
  'production-team': 'pt',
  'steering-group': 'sg',
};
const epic = { id: '10001', key: 'DEMO-1', projectId: '10000', hierarchyLevel: 1 };

describe('spawn plan', () => {
  const plan = planSpawn({ template: t, epic, roster, settings: { childIssueTypeId: '10001' }, existingItemIds: new Set() });

  it('plans one child per duty and deliverable (28 + 10), each assigned to its role holder and labelled', () => {
    expect(plan).toHaveLength(38);
    expect(plan.filter((p) => t.items.find((i) => i.id === p.itemId)?.kind === 'duty')).toHaveLength(28);
    for (const p of plan) {
      const item = t.items.find((i) => i.id === p.itemId)!;
      expect(p.payload.fields.assignee).toEqual({ accountId: roster[item.role] });
      expect(p.payload.fields.parent).toEqual({ key: 'DEMO-1' });
      expect(p.payload.fields.labels).toEqual(expect.arrayContaining(['kayttoonotto', `kayttoonotto-rooli-${item.role}`]));
      for (const label of p.payload.fields.labels) expect(label).not.toMatch(/\s/);
      expect(p.payload.fields.summary.length).toBeLessThanOrEqual(255);
      expect(p.payload.properties[0]).toEqual({
        key: ITEM_PROPERTY_KEY,
        value: { templateId: 'kayttoonotto', templateVersion: t.version, itemId: item.id, epicKey: 'DEMO-1' },
      });
      expect(JSON.stringify(p.payload.fields.description)).toContain(JSON.stringify(item.text.fi).slice(1, -1));
    }
  });

  it('keeps the architect sub-points in the description and plans only what is missing', () => {
    const withSubPoints = t.items.find((i) => i.subPoints.length === 3)!;
    const p = plan.find((x) => x.itemId === withSubPoints.id)!;
    const json = JSON.stringify(p.payload.fields.description);
    for (const s of withSubPoints.subPoints) expect(json).toContain(s.fi);
    const rest = planSpawn({
      template: t,
      epic,
      roster,
      settings: { childIssueTypeId: '10001' },
      existingItemIds: new Set(t.items.slice(0, 30).map((i) => i.id)),
    });
    expect(rest.map((r) => r.itemId)).toEqual(t.items.slice(30).map((i) => i.id));
  });

  it('leaves the assignee out when the role is empty and honours deliverable owner overrides', () => {
    const deliverable = t.items.find((i) => i.kind === 'deliverable')!;
    const other = deliverable.role === 'architect' ? 'service-owner' : 'architect';
    const p = planSpawn({
      template: t,
      epic,
      roster: { [other]: 'x' },
      settings: { childIssueTypeId: '1', deliverableOwners: { [deliverable.id]: other } },
      existingItemIds: new Set(),
    });
    const d = p.find((x) => x.itemId === deliverable.id)!;
    expect(d.role).toBe(other);
    expect(d.payload.fields.assignee).toEqual({ accountId: 'x' });
    expect(p.find((x) => x.role !== other)!.payload.fields.assignee).toBeUndefined();
    expect(chunk(Array.from({ length: 101 }), 50).map((c) => c.length)).toEqual([50, 50, 1]);
  });
});

function child(itemId: string, n: number, status: ChildIssue['statusCategory']): ChildIssue {
  return { id: String(n), key: `DEMO-${n}`, itemId, summary: '', statusName: status, statusCategory: status, assigneeAccountId: null };
}

describe('readiness and gates', () => {
  it('reports deleted children as missing and names open items with their keys in the exit message', () => {
    const children = t.items.slice(1).map((i, n) => child(i.id, n + 2, n === 0 ? 'indeterminate' : 'done'));
    const r = computeReadiness({ template: t, children, waivers: [], phaseStarted: true, now: NOW });
    expect(r.missingItemIds).toEqual([t.items[0]!.id]);
    expect(r.openItemIds).toHaveLength(2);
    const ev = evaluateGate({ template: t, gate: 'exit', readiness: r, roster, attestations: [], riskLevel: null });
    expect(ev.passed).toBe(false);
    expect(ev.message.fi).toContain('DEMO-2');
    expect(ev.message.en).toContain('2 mandatory items open');
    // the validator's refusal: the caller's language only (Finnish and English when unknown)
    const msg = validatorMessage(ev, 'fi', { template: t, readiness: r });
    expect(msg).toContain('DEMO-2');
    expect(msg).not.toContain('mandatory');
    expect(validatorMessage(ev, 'sv', { template: t, readiness: r })).toContain('Öppna obligatoriska');
    expect(validatorMessage(ev, null, { template: t, readiness: r })).toMatch(/Avoimia pakollisia[\s\S]*Open mandatory items/);
  });

  it('passes the exit gate when all items are done and every attestation is made by an allowed role; a risk change voids the approval', () => {
    const children = t.items.map((i, n) => child(i.id, n + 2, 'done'));
    const r = computeReadiness({ template: t, children, waivers: [], phaseStarted: true, now: NOW });
    const all = [...t.gates.entry.conditions, ...t.gates.exit.conditions];
    const attestations: AttestationRecord[] = all.flatMap((c) =>
      c.kind === 'attestation'
        ? [
            {
              conditionId: c.id,
              attestedBy: 'x',
              attestedAt: 'now',
              asRole: c.attestRoles[0]!,
              ...(c.approval ? { approval: { riskLevel: 'matala', securityLevel: 'perus', dataProtectionLevel: 'ok' } } : {}),
            },
          ]
        : [],
    );
    for (const gate of ['entry', 'exit'] as const) {
      expect(evaluateGate({ template: t, gate, readiness: r, roster, attestations, riskLevel: 'matala' }).passed).toBe(true);
    }
    const riskCondition = all.find((c) => c.kind === 'attestation' && c.approval)!;
    const gateOfRisk = t.gates.entry.conditions.includes(riskCondition) ? 'entry' : 'exit';
    const voided = evaluateGate({ template: t, gate: gateOfRisk, readiness: r, roster, attestations, riskLevel: 'korkea' });
    expect(voided.passed).toBe(false);
    expect(voided.conditions.find((c) => c.conditionId === riskCondition.id)!.status).toBe('void');
    // An attestation by a role that may not attest does not count.
    const wrong = attestations.map((a) => (a.conditionId === riskCondition.id ? { ...a, asRole: 'architect' as const } : a));
    expect(evaluateGate({ template: t, gate: gateOfRisk, readiness: r, roster, attestations: wrong, riskLevel: 'matala' }).passed).toBe(
      false,
    );
    // Without a service owner on the roster the exit gate fails.
    const { 'service-owner': _so, ...noOwner } = roster;
    expect(evaluateGate({ template: t, gate: 'exit', readiness: r, roster: noOwner, attestations, riskLevel: 'matala' }).passed).toBe(
      false,
    );
    expect(
      phaseStatus({
        started: true,
        epicStatusCategory: 'indeterminate',
        done: evaluateGate({ template: t, gate: 'exit', readiness: r, roster, attestations, riskLevel: 'matala' }),
      }),
    ).toBe('ready-for-done');
  });
});

describe('permissions and settings', () => {
  const facts = {
    accountId: 'pm',
    roster,
    phaseStarted: true,
    enabled: true,
    spawnComplete: true,
    jira: { createIssues: true, editIssues: true, administerProject: false },
  };
  it('lets only roster roles attest their conditions and never the requester decide their own waiver', () => {
    const p = panelPermissions(t, facts, 'fi');
    const riskCondition = [...t.gates.entry.conditions, ...t.gates.exit.conditions].find((c) => c.kind === 'attestation' && c.approval)!;
    expect(p.attest[riskCondition.id]!.allowed).toBe(false);
    expect(p.attest[riskCondition.id]!.reason).toContain('Johto-/ohjausryhmä');
    expect(panelPermissions(t, { ...facts, accountId: 'sg' }, 'en').attest[riskCondition.id]!.allowed).toBe(true);
    const outsider = panelPermissions(t, { ...facts, accountId: 'nobody' }, 'en');
    expect(Object.values(outsider.attest).every((a) => !a.allowed)).toBe(true);
    expect(outsider.requestWaiver.allowed).toBe(false);
    const waiver = { itemId: 'x', reason: 'r', requestedBy: 'pm', requestedAt: 'now', status: 'requested' as const };
    expect(mayDecideWaiver({ allowed: true }, waiver, 'pm', 'en').allowed).toBe(false);
    expect(mayDecideWaiver({ allowed: true }, waiver, 'sg', 'en').allowed).toBe(true);
  });

  it('offers Re-sync once the phase has started, to people who may create issues', () => {
    expect(panelPermissions(t, facts, 'en').resync.allowed).toBe(true);
    expect(panelPermissions(t, facts, 'en').startPhase.allowed).toBe(false);
    const noCreate = panelPermissions(t, { ...facts, jira: { ...facts.jira, createIssues: false } }, 'fi');
    expect(noCreate.resync).toEqual({ allowed: false, reason: 'Sinulla ei ole oikeutta luoda tehtäviä projektiin.' });
    expect(panelPermissions(t, { ...facts, phaseStarted: false, spawnComplete: false }, 'en').resync.allowed).toBe(false);
  });

  it('validates settings with path-qualified problems', () => {
    const base = { ...defaultSettings(t, '10001'), enabled: true };
    expect(validateSettings(base, t, [t.version]).problems).toEqual([]);
    const duty = t.items.find((i) => i.kind === 'duty')!;
    const bad = {
      ...base,
      epicSelector: { mode: 'label', label: 'has space' },
      deliverableOwners: { [duty.id]: 'architect', nope: 'architect' },
      templateVersion: '9.9.9',
    };
    const labelProblems = validateSettings(bad, t, [t.version]).problems;
    expect(labelProblems.join('\n')).toContain('epicSelector.label: a Jira label cannot contain spaces');
    const ownerProblems = validateSettings({ ...bad, epicSelector: { mode: 'all-epics' } }, t, [t.version]).problems;
    expect(ownerProblems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`deliverableOwners.${duty.id}`),
        'deliverableOwners.nope: unknown deliverable',
        expect.stringContaining('templateVersion: unknown version "9.9.9"'),
      ]),
    );
    expect(
      isDeploymentEpic({ ...base, epicSelector: { mode: 'label', label: 'kayttoonotto' } }, { labels: ['x'], hierarchyLevel: 1 }),
    ).toBe(false);
    expect(isDeploymentEpic(base, { labels: [], hierarchyLevel: 1 })).toBe(true);
    expect(isDeploymentEpic(base, { labels: [], hierarchyLevel: 0 })).toBe(false);
  });
});
