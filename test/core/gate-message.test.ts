/** The validator's refusal (src/core/gate-message.ts): short, the caller's language, grouped by who must act. */
import fc from 'fast-check';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { computeReadiness } from '../../src/core/readiness';
import { evaluateGate } from '../../src/core/gate';
import { MAX_MESSAGE_CHARS, refusalMessage, validatorMessage } from '../../src/core/gate-message';
import type { AttestationRecord, ChildIssue, Roster } from '../../src/shared/api';
import type { Locale } from '../../src/core/template/schema';

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
const child = (itemId: string, n: number, done: boolean): ChildIssue => ({
  id: String(n),
  key: `DEMO-${n}`,
  itemId,
  summary: '',
  statusName: done ? 'Done' : 'To Do',
  statusCategory: done ? 'done' : 'new',
  assigneeAccountId: null,
});

function freshEpic(gate: 'entry' | 'exit' = 'exit', doneMask: boolean[] = [], attested: string[] = []) {
  const children = t.items.map((i, n) => child(i.id, n + 2, doneMask[n] ?? false));
  const readiness = computeReadiness({ template: t, children, waivers: [], phaseStarted: true, now: NOW });
  const all = [...t.gates.entry.conditions, ...t.gates.exit.conditions];
  const attestations: AttestationRecord[] = all.flatMap((c) =>
    c.kind === 'attestation' && attested.includes(c.id)
      ? [
          {
            conditionId: c.id,
            attestedBy: 'x',
            attestedAt: '2026-01-01T00:00:00Z',
            asRole: c.attestRoles[0]!,
            evidenceUrl: 'https://e.invalid',
            ...(c.approval ? { approval: { riskLevel: 'low', securityLevel: 'basic', dataProtectionLevel: 'personal-data' } } : {}),
          },
        ]
      : [],
  );
  const evaluation = evaluateGate({ template: t, gate, readiness, roster, attestations, riskLevel: 'low' });
  return { evaluation, readiness };
}

describe('validatorMessage', () => {
  it('a fresh epic in Swedish: Swedish only, conditions grouped with the roles that confirm them, open items counted with a few keys, where to fix', () => {
    const { evaluation, readiness } = freshEpic();
    const msg = validatorMessage(evaluation, 'sv', { template: t, readiness });
    expect(msg.length).toBeLessThan(MAX_MESSAGE_CHARS);
    expect(msg).toMatch(/^Ibruktagandefasen kan inte markeras som klar: \d+ villkor/);
    // no Finnish or English condition text
    for (const c of t.gates.exit.conditions) {
      expect(msg).not.toContain(c.text.fi.slice(0, 30));
      if (c.text.en !== c.text.sv) expect(msg).not.toContain(c.text.en.slice(0, 30));
    }
    // one line per group of roles, each naming who acts
    const serviceOwner = t.roles.find((r) => r.id === 'service-owner')!.name.sv;
    expect(msg.split('\n').filter((line) => line.startsWith(`• ${serviceOwner} bekräftar:`))).toHaveLength(1);
    // 38 open items counted once, five keys named
    expect(msg).toContain('Öppna obligatoriska uppgifter och leverabler: 38 (DEMO-2, DEMO-3, DEMO-4, DEMO-5, DEMO-6 och 33 till).');
    expect(msg.match(/DEMO-\d+/g)).toHaveLength(5);
    expect(msg).toContain('panel Ibruktagande');
  });

  it('is in Finnish then English when the language is unknown, and still short', () => {
    const { evaluation, readiness } = freshEpic();
    const msg = validatorMessage(evaluation, null, { template: t, readiness });
    expect(msg.length).toBeLessThan(MAX_MESSAGE_CHARS);
    const [fi, en] = msg.split('\n\n');
    expect(fi).toMatch(/^Käyttöönottovaihetta ei voi merkitä valmiiksi/);
    expect(en).toMatch(/^The deployment phase cannot be marked Done/);
  });

  it('names a void approval as void, with who must approve again', () => {
    const approvalId = t.gates.entry.conditions.find((c) => c.kind === 'attestation' && c.approval === 'risk-acceptance')!.id;
    const children = t.items.map((i, n) => child(i.id, n + 2, true));
    const readiness = computeReadiness({ template: t, children, waivers: [], phaseStarted: true, now: NOW });
    const c = t.gates.entry.conditions.find((x) => x.id === approvalId)!;
    const attestations: AttestationRecord[] = [
      {
        conditionId: approvalId,
        attestedBy: 'sg',
        attestedAt: 'now',
        asRole: 'steering-group',
        approval: { riskLevel: 'low', securityLevel: 'basic', dataProtectionLevel: 'ok' },
      },
    ];
    const evaluation = evaluateGate({ template: t, gate: 'entry', readiness, roster, attestations, riskLevel: 'high' });
    const msg = validatorMessage(evaluation, 'en', { template: t, readiness });
    expect(c.kind === 'attestation' && c.attestRoles.length).toBeTruthy();
    expect(msg).toContain('approval void, the risk level changed');
    expect(msg).toMatch(/Steering group[^\n]*to confirm/i);
  });

  it('stays under 1,500 characters in every language for any mix of done items and confirmations, and names only its own language', () => {
    const attestable = [...t.gates.entry.conditions, ...t.gates.exit.conditions].filter((c) => c.kind === 'attestation').map((c) => c.id);
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: t.items.length, maxLength: t.items.length }),
        fc.subarray(attestable),
        fc.constantFrom<'entry' | 'exit'>('entry', 'exit'),
        fc.constantFrom<Locale | null>('fi', 'sv', 'en', null),
        (mask, attested, gate, locale) => {
          const { evaluation, readiness } = freshEpic(gate, mask, attested);
          const msg = validatorMessage(evaluation, locale, { template: t, readiness });
          if (evaluation.passed) return msg === '';
          if (msg.length >= MAX_MESSAGE_CHARS) return false;
          return locale === null ? msg.split('\n\n').length === 2 : !msg.includes('\n\n');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a move into Done refused by the unstarted entry gate says the epic cannot be closed, not that it cannot be started (issue 23)', () => {
    const entry = freshEpic('entry');
    const exit = freshEpic('exit');
    const done = refusalMessage([entry.evaluation, exit.evaluation], 'fi', { template: t, readiness: entry.readiness, target: 'done' });
    expect(done).toMatch(/^Käyttöönottovaihetta ei voi merkitä valmiiksi, koska sitä ei ole aloitettu: \d+ aloittamisen edellytystä/);
    expect(done).not.toContain('ei voi aloittaa');
    const sv = refusalMessage([entry.evaluation], 'sv', { template: t, readiness: entry.readiness, target: 'done' });
    expect(sv).toMatch(/^Ibruktagandefasen kan inte markeras som klar eftersom den inte har startats/);
    // the move into In Progress keeps its own wording
    const start = refusalMessage([entry.evaluation], 'fi', { template: t, readiness: entry.readiness, target: 'start' });
    expect(start).toMatch(/^Käyttöönottovaihetta ei voi aloittaa:/);
  });
});
