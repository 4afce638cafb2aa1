/**
 * The gate's rules (src/core/gate.ts) by example, one rule per test: what makes a condition count, what the
 * reasons and messages say, the entry-gate waiver, the Done rule, the validators' scope and the phase status.
 * Written to kill the mutants StrykerJS makes of gate.ts (`npm run -s mutation`).
 */
import {
  evaluateGate,
  evaluatePhase,
  isEntryGateWaiverEffective,
  isPossiblyDeploymentEpic,
  MAX_ITEMS_NAMED,
  mayWaiveEntryGate,
  phaseStatus,
  validatorScope,
  validatorVerdict,
} from '../../src/core/gate';
import { computeReadiness } from '../../src/core/readiness';
import { l10n } from '../../src/core/messages';
import type { EntryGateWaiverRecord } from '../../src/shared/api';
import type { Template } from '../../src/core/template/schema';
import { APPROVAL, attestAll, child, NOW, readinessOf, RISK, ROSTER, T, withCondition } from './gate-fixtures';

const EMPTY = { fi: '', sv: '', en: '' };
const attestations = attestAll();
const readiness = readinessOf();
const gateOf = (id: string) => (T.gates.entry.conditions.some((c) => c.id === id) ? 'entry' : 'exit');
const ENTRY_ATTESTED = T.gates.entry.conditions.find((c) => c.kind === 'attestation' && c.attestRoles.length > 1)!;
const roleName = (id: string) => T.roles.find((r) => r.id === id)!.name;

function resultOf(conditionId: string, change: Partial<Parameters<typeof evaluateGate>[0]> = {}) {
  const ev = evaluateGate({
    template: T,
    gate: gateOf(conditionId),
    readiness,
    roster: ROSTER,
    attestations,
    riskLevel: 'matala',
    ...change,
  });
  return ev.conditions.find((c) => c.conditionId === conditionId)!;
}

describe('a condition and its reason', () => {
  it('a confirmed condition passes as attested, with its attestation; both gates pass with everything confirmed and done', () => {
    const r = resultOf(ENTRY_ATTESTED.id);
    expect(r).toMatchObject({ passed: true, status: 'attested', reason: l10n('ui.condition.status.attested'), mandatory: true });
    expect(r.attestation).toBe(attestations.find((a) => a.conditionId === ENTRY_ATTESTED.id));
    for (const gate of ['entry', 'exit'] as const) {
      const ev = evaluateGate({ template: T, gate, readiness, roster: ROSTER, attestations, riskLevel: 'matala' });
      expect(ev).toMatchObject({ gate, passed: true, unmet: [], message: EMPTY });
    }
  });

  it('an unconfirmed condition fails, naming every role that may confirm it, in every language', () => {
    const r = resultOf(ENTRY_ATTESTED.id, { attestations: [] });
    expect(r).toMatchObject({ passed: false, status: 'failed', attestation: null });
    for (const l of ['fi', 'sv', 'en'] as const) {
      const names = ENTRY_ATTESTED.kind === 'attestation' ? ENTRY_ATTESTED.attestRoles.map((id) => roleName(id)[l]).join(', ') : '';
      expect(r.reason[l]).toBe(l10n('server.gate.notAttested')[l] + names);
    }
  });

  it('an attestation given as a role that may not confirm the condition fails, whoever gave it', () => {
    const wrong = attestations.map((a) => (a.conditionId === RISK.id ? { ...a, asRole: 'architect' as const } : a));
    const r = resultOf(RISK.id, { attestations: wrong });
    expect(r).toMatchObject({ passed: false, status: 'failed', reason: l10n('server.gate.attesterRoleInvalid') });
    expect(r.attestation?.asRole).toBe('architect');
  });

  it('a condition that requires evidence fails without the link and passes with it; optional evidence is not needed', () => {
    const template = withCondition(ENTRY_ATTESTED.id, (c) => ({ ...c, evidence: 'required' }) as typeof c);
    const bare = attestations.map(({ evidenceUrl: _e, ...a }) => a);
    const ev = (atts: typeof attestations, t: Template) =>
      evaluateGate({ template: t, gate: 'entry', readiness, roster: ROSTER, attestations: atts, riskLevel: 'matala' });
    const failed = ev(bare, template).conditions.find((c) => c.conditionId === ENTRY_ATTESTED.id)!;
    expect(failed).toMatchObject({ passed: false, status: 'failed', reason: l10n('server.gate.evidenceMissing') });
    expect(ev(attestations, template).passed).toBe(true);
    expect(ev(bare, T).passed).toBe(true);
  });

  it('a risk acceptance needs all three levels', () => {
    for (const missing of ['riskLevel', 'securityLevel', 'dataProtectionLevel'] as const) {
      const partial = attestations.map((a) => (a.conditionId === RISK.id ? { ...a, approval: { ...APPROVAL, [missing]: '' } } : a));
      expect(resultOf(RISK.id, { attestations: partial })).toMatchObject({
        passed: false,
        status: 'failed',
        reason: l10n('server.gate.approvalMissing'),
      });
    }
    const none = attestations.map(({ approval: _a, ...a }) => a);
    expect(resultOf(RISK.id, { attestations: none }).reason).toEqual(l10n('server.gate.approvalMissing'));
  });

  it('a void approval never counts, and says at which level it was given and what the level is now (– for none)', () => {
    expect(resultOf(RISK.id, { riskLevel: 'korkea' })).toMatchObject({
      passed: false,
      status: 'void',
      reason: l10n('server.gate.approvalVoid', { given: 'matala', current: 'korkea' }),
    });
    expect(resultOf(RISK.id, { riskLevel: null }).reason).toEqual(l10n('server.gate.approvalVoid', { given: 'matala', current: '–' }));
    const entry = evaluateGate({ template: T, gate: 'entry', readiness, roster: ROSTER, attestations, riskLevel: 'korkea' });
    expect(entry.passed).toBe(false);
    expect(entry.unmet).toEqual([RISK.id]);
  });

  it('the roster condition names the roles nobody holds', () => {
    const rosterCondition = T.gates.exit.conditions.find((c) => c.kind === 'automatic' && c.rule.type === 'roster-filled')!;
    const { 'service-owner': _so, ...noOwner } = ROSTER;
    const r = resultOf(rosterCondition.id, { roster: noOwner });
    expect(r).toMatchObject({ passed: false, status: 'failed', attestation: null });
    for (const l of ['fi', 'sv', 'en'] as const)
      expect(r.reason[l]).toBe(l10n('server.gate.rosterMissing')[l] + roleName('service-owner')[l]);
    expect(resultOf(rosterCondition.id)).toMatchObject({ passed: true, status: 'passed', reason: l10n('ui.gate.passed') });
  });
});

describe('the items-done condition', () => {
  const itemsDone = T.gates.exit.conditions.find((c) => c.kind === 'automatic' && c.rule.type === 'items-done')!;
  const longText = 'A'.repeat(70) + '          ' + 'B'.repeat(30);
  /** The template with `n` copies of its first item, the first of them with a text longer than a reason names. */
  const manyItems = (n: number): Template => ({
    ...T,
    items: Array.from({ length: n }, (_, i) => ({
      ...T.items[0]!,
      id: `item.copy-${i}`,
      text: i === 0 ? { fi: longText, sv: longText, en: longText } : T.items[0]!.text,
    })),
  });

  it('names each open item by its key, and one without a work item as missing', () => {
    const [a, b] = [T.items[0]!, T.items[1]!];
    const children = T.items.filter((i) => i !== b).map((i, n) => child(i.id, n + 2, i === a ? 'indeterminate' : 'done'));
    const r = computeReadiness({ template: T, children, waivers: [], phaseStarted: true, now: NOW });
    const result = resultOf(itemsDone.id, { readiness: r });
    expect(result).toMatchObject({ passed: false, status: 'failed', attestation: null });
    expect(resultOf(itemsDone.id)).toMatchObject({ passed: true, status: 'passed', reason: l10n('ui.gate.passed') });
    const reason = result.reason;
    expect(reason.en).toBe(
      `${l10n('server.gate.openItems', { count: 2 }).en}DEMO-2 ${a.text.en}; ${b.text.en} (${l10n('server.gate.missingChild').en})`,
    );
  });

  it(`shortens a long item text to 80 characters and names at most ${MAX_ITEMS_NAMED} items, counting the rest`, () => {
    const template = manyItems(MAX_ITEMS_NAMED + 3);
    const r = computeReadiness({ template, children: [], waivers: [], phaseStarted: false, now: NOW });
    const reason = evaluateGate({
      template,
      gate: 'exit',
      readiness: r,
      roster: ROSTER,
      attestations,
      riskLevel: 'matala',
    }).conditions.find((c) => c.conditionId === itemsDone.id)!.reason.en;
    const named = reason.slice(l10n('server.gate.openItems', { count: MAX_ITEMS_NAMED + 3 }).en.length).split('; ');
    expect(named).toHaveLength(MAX_ITEMS_NAMED);
    expect(named[0]).toBe(`${'A'.repeat(70)}… (${l10n('server.gate.missingChild').en})`);
    expect(named.at(-1)).toBe(`${T.items[0]!.text.en} (${l10n('server.gate.missingChild').en}) (+3)`);
    const exactly = manyItems(MAX_ITEMS_NAMED);
    const r2 = computeReadiness({ template: exactly, children: [], waivers: [], phaseStarted: false, now: NOW });
    const reason2 = evaluateGate({
      template: exactly,
      gate: 'exit',
      readiness: r2,
      roster: ROSTER,
      attestations,
      riskLevel: 'matala',
    }).conditions.find((c) => c.conditionId === itemsDone.id)!.reason.en;
    expect(reason2.endsWith(`(${l10n('server.gate.missingChild').en})`)).toBe(true);
    expect(reason2.split('; ')).toHaveLength(MAX_ITEMS_NAMED);
  });

  it('a text of exactly 80 characters is named whole', () => {
    const text80 = 'C'.repeat(80);
    const template: Template = { ...T, items: [{ ...T.items[0]!, text: { fi: text80, sv: text80, en: text80 } }] };
    const r = computeReadiness({ template, children: [], waivers: [], phaseStarted: false, now: NOW });
    const reason = evaluateGate({
      template,
      gate: 'exit',
      readiness: r,
      roster: ROSTER,
      attestations,
      riskLevel: 'matala',
    }).conditions.find((c) => c.conditionId === itemsDone.id)!.reason.en;
    expect(reason).toBe(`${l10n('server.gate.openItems', { count: 1 }).en}${text80} (${l10n('server.gate.missingChild').en})`);
  });

  it('counts only the item kinds its rule names', () => {
    const duty = T.items.find((i) => i.kind === 'duty')!;
    const onlyDeliverables = withCondition(itemsDone.id, (c) =>
      c.kind === 'automatic' ? { ...c, rule: { type: 'items-done', itemKinds: ['deliverable'] } } : c,
    );
    const r = readinessOf(T, [duty.id]);
    const ev = (t: Template) =>
      evaluateGate({ template: t, gate: 'exit', readiness: r, roster: ROSTER, attestations, riskLevel: 'matala' });
    expect(ev(T).passed).toBe(false);
    expect(ev(onlyDeliverables).passed).toBe(true);
  });
});

describe('the gate’s verdict and message', () => {
  it('an unmet optional condition is reported but does not block the gate', () => {
    const optional = withCondition(ENTRY_ATTESTED.id, (c) => ({ ...c, mandatory: false }));
    const atts = attestations.filter((a) => a.conditionId !== ENTRY_ATTESTED.id);
    const ev = evaluateGate({ template: optional, gate: 'entry', readiness, roster: ROSTER, attestations: atts, riskLevel: 'matala' });
    expect(ev.conditions.find((c) => c.conditionId === ENTRY_ATTESTED.id)).toMatchObject({ passed: false, mandatory: false });
    expect(ev).toMatchObject({ passed: true, unmet: [], message: EMPTY });
    const mandatory = evaluateGate({ template: T, gate: 'entry', readiness, roster: ROSTER, attestations: atts, riskLevel: 'matala' });
    expect(mandatory).toMatchObject({ passed: false, unmet: [ENTRY_ATTESTED.id] });
  });

  it('the message is the gate’s header, one line per unmet condition with its reason, and where to fix them', () => {
    const atts = attestations.filter((a) => a.conditionId !== ENTRY_ATTESTED.id);
    const ev = evaluateGate({ template: T, gate: 'entry', readiness, roster: ROSTER, attestations: atts, riskLevel: 'korkea' });
    const unmet = ev.conditions.filter((c) => !c.passed);
    expect(ev.unmet).toEqual(unmet.map((c) => c.conditionId));
    for (const l of ['fi', 'sv', 'en'] as const) {
      const lines = unmet.map((c) => `• ${T.gates.entry.conditions.find((d) => d.id === c.conditionId)!.text[l]} — ${c.reason[l]}`);
      expect(ev.message[l]).toBe([l10n('server.gate.entry')[l], ...lines, l10n('server.gate.whereToFix')[l]].join('\n'));
    }
    const exit = evaluateGate({ template: T, gate: 'exit', readiness, roster: ROSTER, attestations: [], riskLevel: 'matala' });
    expect(exit.message.en.split('\n')[0]).toBe(l10n('server.gate.exit').en);
  });
});

describe('the entry-gate waiver', () => {
  const waiver: EntryGateWaiverRecord = { waivedBy: 'sg', waivedAt: NOW, asRole: 'steering-group', reason: 'Riski hyväksytty' };

  it('counts only from the steering group, by a named person, with a reason of at least five characters', () => {
    expect(isEntryGateWaiverEffective(waiver)).toBe(true);
    expect(isEntryGateWaiverEffective(null)).toBe(false);
    expect(isEntryGateWaiverEffective(undefined)).toBe(false);
    for (const role of ['project-manager', 'architect', 'service-owner'] as const) {
      expect(isEntryGateWaiverEffective({ ...waiver, asRole: role })).toBe(false);
    }
    expect(isEntryGateWaiverEffective({ ...waiver, waivedBy: '' })).toBe(false);
    expect(isEntryGateWaiverEffective({ ...waiver, waivedBy: 7 as unknown as string })).toBe(false);
    expect(isEntryGateWaiverEffective({ ...waiver, waivedBy: ['sg'] as unknown as string })).toBe(false);
    expect(isEntryGateWaiverEffective({ ...waiver, reason: undefined as unknown as string })).toBe(false);
    expect(isEntryGateWaiverEffective({ ...waiver, reason: 'abcde' })).toBe(true);
    expect(isEntryGateWaiverEffective({ ...waiver, reason: '  abcd    ' })).toBe(false);
  });

  it('only the steering group’s person on the roster may waive it, once the phase has started in an enabled project', () => {
    const facts = { accountId: 'sg', roster: ROSTER, phaseStarted: true, enabled: true };
    expect(mayWaiveEntryGate(facts, 'en')).toEqual({ allowed: true });
    expect(mayWaiveEntryGate({ ...facts, enabled: false }, 'fi')).toEqual({ allowed: false, reason: l10n('server.gate.notEnabled').fi });
    expect(mayWaiveEntryGate({ ...facts, phaseStarted: false }, 'sv')).toEqual({
      allowed: false,
      reason: l10n('server.gate.notStarted').sv,
    });
    const onlySteering = { allowed: false, reason: l10n('server.gate.onlySteering').en };
    for (const accountId of ['pm', 'so', 'nobody']) expect(mayWaiveEntryGate({ ...facts, accountId }, 'en')).toEqual(onlySteering);
    expect(mayWaiveEntryGate({ ...facts, accountId: '', roster: {} }, 'en')).toEqual(onlySteering);
  });
});

describe('the phase’s verdicts', () => {
  const waiver: EntryGateWaiverRecord = { waivedBy: 'sg', waivedAt: NOW, asRole: 'steering-group', reason: 'Riski hyväksytty' };
  const noEntry = attestations.filter((a) => a.conditionId !== ENTRY_ATTESTED.id);
  const phase = (over: Partial<Parameters<typeof evaluatePhase>[0]> = {}) =>
    evaluatePhase({ template: T, readiness, roster: ROSTER, attestations, riskLevel: 'matala', entryGateWaiver: null, ...over });

  it('everything met: the phase may start and end, with no message', () => {
    const v = phase();
    expect(v).toMatchObject({ entryWaived: false, start: { passed: true, message: EMPTY }, done: { passed: true, message: EMPTY } });
    expect(v.entry.passed && v.exit.passed).toBe(true);
  });

  it('an unmet entry gate stops both start and Done, and the Done message names the entry gate’s unmet conditions', () => {
    const v = phase({ attestations: noEntry });
    expect(v.start).toEqual({ passed: false, message: v.entry.message });
    expect(v.done.passed).toBe(false);
    const text = ENTRY_ATTESTED.text.en;
    expect(v.done.message.en.split('\n')).toEqual([
      l10n('server.gate.entryNotSatisfied').en,
      expect.stringContaining(text),
      l10n('server.gate.whereToFix').en,
    ]);
  });

  it('the steering group’s waiver lets the phase start and end without the entry gate; another role’s does not', () => {
    const waived = phase({ attestations: noEntry, entryGateWaiver: waiver });
    expect(waived).toMatchObject({ entryWaived: true, start: { passed: true, message: EMPTY }, done: { passed: true, message: EMPTY } });
    expect(waived.entry.passed).toBe(false);
    const byManager = phase({ attestations: noEntry, entryGateWaiver: { ...waiver, asRole: 'project-manager', waivedBy: 'pm' } });
    expect(byManager).toMatchObject({ entryWaived: false, start: { passed: false }, done: { passed: false } });
  });

  it('an unmet exit gate stops Done only, and the Done message names it under the exit header', () => {
    const v = phase({ readiness: readinessOf(T, [T.items[0]!.id]) });
    expect(v.start.passed).toBe(true);
    expect(v.done.passed).toBe(false);
    const lines = v.done.message.sv.split('\n');
    expect(lines[0]).toBe(l10n('server.gate.exit').sv);
    expect(lines.at(-1)).toBe(l10n('server.gate.whereToFix').sv);
    expect(v.done.message.sv).not.toContain(l10n('server.gate.entryNotSatisfied').sv);
    const both = phase({ attestations: noEntry, readiness: readinessOf(T, [T.items[0]!.id]) });
    const parts = both.done.message.fi.split('\n');
    expect(parts[0]).toBe(l10n('server.gate.entryNotSatisfied').fi);
    expect(parts).toContain(l10n('server.gate.exit').fi);
    expect(parts.indexOf(l10n('server.gate.exit').fi)).toBeGreaterThan(1);
  });
});

describe('what a validator guards, and the phase status', () => {
  it('Done-category and unknown targets need the Done rule; In Progress the entry gate, from the entry validator only', () => {
    expect(validatorScope('entry', 'done')).toBe('done');
    expect(validatorScope('exit', 'done')).toBe('done');
    expect(validatorScope('entry', null)).toBe('done');
    expect(validatorScope('exit', null)).toBe('done');
    expect(validatorScope('entry', 'indeterminate')).toBe('start');
    expect(validatorScope('exit', 'indeterminate')).toBe('none');
    expect(validatorScope('entry', 'new')).toBe('none');
    expect(validatorScope('exit', 'new')).toBe('none');
  });

  it('a validator’s verdict is the start rule or the Done rule', () => {
    const v = evaluatePhase({
      template: T,
      readiness: readinessOf(T, [T.items[0]!.id]),
      roster: ROSTER,
      attestations,
      riskLevel: 'matala',
      entryGateWaiver: null,
    });
    expect(validatorVerdict('start', v)).toBe(v.start);
    expect(validatorVerdict('done', v)).toBe(v.done);
  });

  it('whether an issue can be a deployment epic needs proof for "no"', () => {
    const standard = { hierarchyLevel: 0, hasSubtasks: false, hasPhaseProperty: false };
    expect(isPossiblyDeploymentEpic({ ...standard, hierarchyLevel: -1 }, { phaseStarted: true, selectedBySettings: true })).toBe('no');
    expect(isPossiblyDeploymentEpic({ ...standard, hierarchyLevel: 1 }, { phaseStarted: true, selectedBySettings: false })).toBe('yes');
    expect(isPossiblyDeploymentEpic({ ...standard, hierarchyLevel: 1 }, { phaseStarted: false, selectedBySettings: true })).toBe('yes');
    expect(isPossiblyDeploymentEpic({ ...standard, hierarchyLevel: 0 }, { phaseStarted: false, selectedBySettings: false })).toBe('no');
    expect(isPossiblyDeploymentEpic(standard, null)).toBe('no');
    expect(isPossiblyDeploymentEpic({ ...standard, hasSubtasks: true }, null)).toBe('unknown');
    expect(isPossiblyDeploymentEpic({ ...standard, hasPhaseProperty: true }, null)).toBe('unknown');
    expect(isPossiblyDeploymentEpic({ ...standard, hierarchyLevel: 1 }, null)).toBe('unknown');
  });

  it('the phase status: done by the epic’s category, then not started, ready for Done only when the Done rule passes', () => {
    expect(phaseStatus({ started: false, epicStatusCategory: 'done', done: { passed: false } })).toBe('done');
    expect(phaseStatus({ started: false, epicStatusCategory: 'indeterminate', done: { passed: true } })).toBe('not-started');
    expect(phaseStatus({ started: true, epicStatusCategory: 'indeterminate', done: { passed: true } })).toBe('ready-for-done');
    expect(phaseStatus({ started: true, epicStatusCategory: 'new', done: { passed: false } })).toBe('in-progress');
  });
});
