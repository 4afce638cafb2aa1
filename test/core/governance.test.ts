/** Issue #24 in the pure core: several people per role, quorum, stale confirmations, stand-ins (src/core/rules.ts, gate.ts). */
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { computeReadiness } from '../../src/core/readiness';
import { evaluateGate, validatorMessage } from '../../src/core/gate';
import { validateTemplate } from '../../src/core/template/validate';
import { localizeProblem } from '../../src/core/template/messages';
import { serializeTemplate, parseTemplate } from '../../src/core/template';
import YAML from 'yaml';
import { accountIdsOf } from '../../src/core/privacy';
import { buildDossier, dossierHtml } from '../../src/core/dossier';
import type { PanelView } from '../../src/shared/api';
import {
  approvalsVoidedBy,
  callerRoles,
  confirmationsStaledBy,
  confirmingRole,
  isStandInActive,
  mayActFor,
  quorumCount,
  roleHolders,
  standInBlock,
  waiverDeciders,
} from '../../src/core/rules';
import type { AttestationRecord, Roster, RosterMembers, StandInRecord } from '../../src/core/model';

const NOW = '2026-05-01T12:00:00.000Z';
const roster: Roster = {
  'project-manager': 'pm',
  'service-owner': 'so',
  architect: 'ar',
  'implementation-team': 'it',
  'production-team': 'pt',
  'steering-group': 'sg1',
};
const members: RosterMembers = { 'steering-group': ['sg2', 'sg3'] };
const doc = () => YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const approvalId = CURRENT_TEMPLATE.gates.entry.conditions.find((c) => c.kind === 'attestation' && c.approval)!.id;

function quorumTemplate(quorum: number, restsOn?: string[]) {
  const d = doc();
  const c = d.gates.entry.conditions.find((x: { id: string }) => x.id === approvalId);
  c.quorum = quorum;
  if (restsOn) c.restsOn = restsOn;
  return parseTemplate(d);
}

const approvalOf = (by: string, extra: Partial<AttestationRecord> = {}): AttestationRecord => ({
  conditionId: approvalId,
  attestedBy: by,
  attestedAt: NOW,
  asRole: 'steering-group',
  approval: { riskLevel: 'medium', securityLevel: 'basic', dataProtectionLevel: 'personal-data' },
  ...extra,
});

describe('several people per role', () => {
  it('the roster keeps its first person; further people hold the role too, at most ten in all, each once', () => {
    expect(roleHolders(roster, members, 'steering-group')).toEqual(['sg1', 'sg2', 'sg3']);
    expect(roleHolders(roster, undefined, 'steering-group')).toEqual(['sg1']);
    expect(
      roleHolders(roster, { 'steering-group': ['sg1', ...Array.from({ length: 12 }, (_, i) => `m${i}`)] }, 'steering-group'),
    ).toHaveLength(10);
    expect(callerRoles('sg2', roster, members)).toEqual(['steering-group']);
    expect(callerRoles('sg2', roster)).toEqual([]);
    const c = { kind: 'attestation' as const, attestRoles: ['steering-group' as const] };
    expect(confirmingRole(c, 'sg3', roster, members)).toBe('steering-group');
    expect(waiverDeciders(roster, 'sg2', members)).toEqual(['pm', 'sg1', 'sg3']);
  });
});

describe('quorum', () => {
  const readiness = computeReadiness({ template: CURRENT_TEMPLATE, children: [], waivers: [], phaseStarted: true, now: NOW });
  const gateOf = (t: ReturnType<typeof quorumTemplate>, attestations: AttestationRecord[], riskLevel = 'medium', m = members) =>
    evaluateGate({ template: t, gate: 'entry', readiness, roster, members: m, attestations, riskLevel });
  const resultOf = (ev: ReturnType<typeof gateOf>) => ev.conditions.find((c) => c.conditionId === approvalId)!;

  it('counts different people: one person twice counts once, a void approval does not count', () => {
    const t = quorumTemplate(2);
    expect(resultOf(gateOf(t, [approvalOf('sg1')]))).toMatchObject({ passed: false, quorum: { counted: 1, needed: 2, holders: 3 } });
    expect(resultOf(gateOf(t, [approvalOf('sg1'), approvalOf('sg1', { slot: 2 })])).passed).toBe(false);
    expect(resultOf(gateOf(t, [approvalOf('sg1'), approvalOf('sg2', { slot: 2 })])).passed).toBe(true);
    // a risk change voids all its confirmations at once
    const voided = resultOf(gateOf(t, [approvalOf('sg1'), approvalOf('sg2', { slot: 2 })], 'high'));
    expect(voided).toMatchObject({ passed: false, status: 'void', quorum: { counted: 0 } });
    expect(approvalsVoidedBy([approvalOf('sg1'), approvalOf('sg2', { slot: 2 })], 'medium', 'high')).toEqual([approvalId]);
  });

  it("the refusal says how many more and who may give them, in the caller's language; an unreachable quorum is named", () => {
    const t = quorumTemplate(3);
    const ev = gateOf(t, [approvalOf('sg1')]);
    expect(resultOf(ev).reason.en).toBe('2 more confirmation(s) needed (1/3). May be given by: Management / steering group');
    expect(validatorMessage(ev, 'sv', { template: t, readiness })).toContain('2 bekräftelse(r) till, 1/3');
    const lone = resultOf(gateOf(t, [approvalOf('sg1')], 'medium', {}));
    expect(lone.reason.fi).toContain('Roolissa on vain 1 henkilöä');
  });

  it('a stand-in and the person they stand in for count once together', () => {
    expect(quorumCount([approvalOf('sg1'), approvalOf('x', { onBehalfOf: 'sg1', slot: 2 })])).toBe(1);
    expect(quorumCount([approvalOf('sg2'), approvalOf('sg2', { onBehalfOf: 'sg1', slot: 2 })])).toBe(1);
    expect(quorumCount([approvalOf('sg2'), approvalOf('x', { onBehalfOf: 'sg1', slot: 2 })])).toBe(2);
  });

  it('validate refuses a quorum larger than a role can be filled with, and unknown items to rest on', () => {
    const d = doc();
    const c = d.gates.entry.conditions.find((x: { id: string }) => x.id === approvalId);
    c.quorum = 11;
    c.restsOn = ['no.such-item'];
    const problems = validateTemplate(d);
    const at = d.gates.entry.conditions.indexOf(c);
    expect(problems).toContain(`gates.entry.conditions[${at}].quorum: quorum must be at most 10: a role has at most 10 people on a roster`);
    expect(problems).toContain(`gates.entry.conditions[${at}].restsOn[0]: unknown item "no.such-item"`);
    expect(
      localizeProblem(
        problems.find((p) => p.includes('quorum'))!,
        'fi',
      ),
    ).toContain('quorum saa olla enintään 10');
    c.quorum = 10;
    c.restsOn = [CURRENT_TEMPLATE.items[0]!.id];
    expect(validateTemplate(d)).toEqual([]);
  });
});

describe('stale confirmations', () => {
  it('reopening an item a condition rests on makes its earlier confirmations stale; a stale one does not count', () => {
    const item = CURRENT_TEMPLATE.items[0]!.id;
    const t = quorumTemplate(1, [item]);
    const conditions = t.gates.entry.conditions;
    const given = approvalOf('sg1', { restedOn: [item] });
    expect(confirmationsStaledBy([given], conditions, item, '2026-05-02T00:00:00Z')).toHaveLength(1);
    expect(confirmationsStaledBy([given], conditions, 'other', '2026-05-02T00:00:00Z')).toHaveLength(0);
    expect(confirmationsStaledBy([given], conditions, item, '2026-04-01T00:00:00Z')).toHaveLength(0);
    // given while the item was open: reopening it changes nothing the confirmation rested on
    expect(confirmationsStaledBy([approvalOf('sg1', { restedOn: [] })], conditions, item, '2026-05-02T00:00:00Z')).toHaveLength(0);
    const readiness = computeReadiness({ template: t, children: [], waivers: [], phaseStarted: true, now: NOW });
    const stale = approvalOf('sg1', { stale: { at: NOW, reason: 'reopened', itemId: item } });
    const ev = evaluateGate({ template: t, gate: 'entry', readiness, roster, attestations: [stale], riskLevel: 'medium' });
    expect(ev.conditions.find((c) => c.conditionId === approvalId)).toMatchObject({ passed: false, status: 'stale' });
    // Not marked yet (the trigger has not run), but an item it rested on is open now: stale all the same.
    const open = evaluateGate({ template: t, gate: 'entry', readiness, roster, attestations: [given], riskLevel: 'medium' });
    expect(open.conditions.find((c) => c.conditionId === approvalId)).toMatchObject({ passed: false, status: 'stale' });
  });
});

describe('stand-ins', () => {
  const s: StandInRecord = { accountId: 'sg1', standIn: 'x', from: '2026-05-01', to: '2026-05-10', namedAt: NOW };
  it('hold from the first day through the last, and end by themselves', () => {
    expect(isStandInActive(s, '2026-04-30')).toBe(false);
    expect(isStandInActive(s, '2026-05-01')).toBe(true);
    expect(isStandInActive(s, '2026-05-10')).toBe(true);
    expect(isStandInActive(s, '2026-05-11')).toBe(false);
  });
  it('only the named stand-in acts, only for the person who named them, never for themselves', () => {
    expect(mayActFor('x', 'sg1', s, '2026-05-05')).toBe(true);
    expect(mayActFor('y', 'sg1', s, '2026-05-05')).toBe(false);
    expect(mayActFor('x', 'sg2', s, '2026-05-05')).toBe(false);
    expect(mayActFor('x', 'sg1', s, '2026-05-11')).toBe(false);
  });
  it('no stand-in of oneself, nor of a stand-in away over the same days, nor a period that ends before it begins', () => {
    expect(standInBlock({ ...s, standIn: 'sg1' }, null)).toBe('self');
    expect(standInBlock(s, { from: '2026-05-09', to: '2026-05-20' })).toBe('chain');
    expect(standInBlock(s, { from: '2026-05-11', to: '2026-05-20' })).toBeNull();
    expect(standInBlock({ ...s, from: '2026-05-12' }, null)).toBe('period');
  });
});

describe('personal data of the governance records', () => {
  it('the personal-data run reports the further holders, a stand-in record and a confirmation given for someone', () => {
    expect(accountIdsOf('epic:1:members:steering-group', ['sg2', 'sg3']).sort()).toEqual(['sg2', 'sg3']);
    expect(
      accountIdsOf('standin:sg1', { accountId: 'sg1', standIn: 'x', from: '2026-05-01', to: '2026-05-02', namedAt: NOW }).sort(),
    ).toEqual(['sg1', 'x']);
    expect(accountIdsOf('epic:1:att:c#2', approvalOf('x', { onBehalfOf: 'sg1', slot: 2 })).sort()).toEqual(['sg1', 'x']);
    expect(accountIdsOf('audit:1:1-a', { action: 'roster.membersChanged', by: 'pm', before: ['sg2'], after: ['sg3'] }).sort()).toEqual([
      'pm',
      'sg2',
      'sg3',
    ]);
  });
});

describe('the closure dossier records both people and the quorum', () => {
  it('"A for B" and every confirmation of a quorum, with the count, in the dossier and its printable HTML', () => {
    const t = quorumTemplate(2);
    const readiness = computeReadiness({ template: t, children: [], waivers: [], phaseStarted: true, now: NOW });
    const attestations = [approvalOf('x', { onBehalfOf: 'sg1' }), approvalOf('sg2', { slot: 2 })];
    const gate = (g: 'entry' | 'exit') =>
      evaluateGate({
        template: t,
        gate: g,
        readiness,
        roster,
        members,
        attestations: g === 'entry' ? attestations : [],
        riskLevel: 'medium',
      });
    const view = {
      epic: {
        id: '10001',
        key: 'DEMO-1',
        summary: 'S',
        projectId: '10000',
        projectKey: 'DEMO',
        statusName: 'Done',
        statusCategory: 'done',
        issueTypeName: 'Epic',
        labels: [],
      },
      enabled: true,
      isDeploymentEpic: true,
      template: t,
      phase: null,
      status: 'done',
      roster,
      members,
      readiness,
      gates: { entry: gate('entry'), exit: gate('exit') },
      entryGateWaiver: null,
      attestations,
      waivers: [],
      permissions: {},
      callerRoles: [],
      callerAccountId: 'pm',
      auditTail: [],
      itemRoles: {},
    } as unknown as PanelView;
    const d = buildDossier({
      view,
      audit: [],
      names: { x: 'Sanna Sijainen', sg1: 'Olli Ohjausryhmä' },
      generatedAt: 'g',
      generatedBy: 'pm',
    });
    const c = d.content.gates.entry.conditions.find((x) => x.id === approvalId)!;
    expect(c.onBehalfOf).toMatchObject({ accountId: 'sg1' });
    expect(c.quorum).toMatchObject({ counted: 2, needed: 2 });
    expect(c.quorum!.confirmations.map((q) => [q.by.accountId, q.onBehalfOf?.accountId])).toEqual([
      ['x', 'sg1'],
      ['sg2', undefined],
    ]);
    const html = dossierHtml(d, 'fi');
    expect(html).toContain('Sanna Sijainen');
    expect(html).toMatch(/Sanna Sijainen[^<]*<span class="code">\(x\)<\/span> sijaisena henkilölle Olli Ohjausryhmä/);
    expect(html).toContain('Vahvistuksia: 2/2');
  });
});
