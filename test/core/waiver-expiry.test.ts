/**
 * Issue 13: waivers with an expiry and steering group decisions with a reference. The pure parts:
 * calendar days in UTC, a waiver that counts through its expiry day and not after it (readiness,
 * both gates, the gate summary), the decision reference rule, and the closure dossier's fields.
 */
import fc from 'fast-check';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { computeReadiness, isWaiverEffective } from '../../src/core/readiness';
import { evaluateGate, evaluatePhase, validatorMessage } from '../../src/core/gate';
import { computeGateSummary } from '../../src/core/summary';
import { addYears, checkFutureDate, daysBetween, dateProblemMessage, expiryState, holdsOn, isIsoDate, utcDay } from '../../src/core/dates';
import { checkDecisionRef, isHttpsLink, textProblemMessage, TEXT_LIMITS } from '../../src/core/text';
import { l10nIn, type Message } from '../../src/core/messages';
import { dossierBlocks, plain, type Block } from '../../src/services/records/dossier-blocks';
import { buildDossier, canonicalJson, dossierFileName, dossierHtml, recordDate, recordTime, verifyDossier } from '../../src/core/dossier';
import { schemas } from '../../src/resolvers/schemas';
import { parsePayload } from '../../src/resolvers/envelope';
import { FREE_TEXT_MAX } from '../../src/shared/privacy';
import type { AttestationRecord, AuditEntry, ChildIssue, PanelView, Roster, WaiverRecord } from '../../src/shared/api';

const t = CURRENT_TEMPLATE;
const roster: Roster = {
  'project-manager': 'pm',
  'service-owner': 'so',
  architect: 'ar',
  'implementation-team': 'it',
  'production-team': 'pt',
  'steering-group': 'sg',
};
const waived = t.items.find((i) => i.kind === 'deliverable' && i.mandatory)!;

function child(itemId: string, n: number): ChildIssue {
  return { id: String(n), key: `DEMO-${n}`, itemId, summary: '', statusName: 'Done', statusCategory: 'done', assigneeAccountId: null };
}
/** Every item done except the waived one (its child still open). */
const children: ChildIssue[] = t.items.map((i, n) =>
  i.id === waived.id ? { ...child(i.id, n + 2), statusName: 'To Do', statusCategory: 'new' } : child(i.id, n + 2),
);
const waivedKey = children.find((c) => c.itemId === waived.id)!.key;

function waiver(extra: Partial<WaiverRecord> = {}): WaiverRecord {
  return {
    itemId: waived.id,
    reason: 'Ei datamigraatiota',
    requestedBy: 'it',
    requestedAt: '2026-06-01T08:00:00.000Z',
    status: 'approved',
    decidedBy: 'sg',
    decidedAt: '2026-06-02T08:00:00.000Z',
    ...extra,
  };
}
const attestations: AttestationRecord[] = [...t.gates.entry.conditions, ...t.gates.exit.conditions].flatMap((c) =>
  c.kind === 'attestation'
    ? [
        {
          conditionId: c.id,
          attestedBy: roster[c.attestRoles[0]!]!,
          attestedAt: '2026-06-01T00:00:00.000Z',
          asRole: c.attestRoles[0]!,
          evidenceUrl: 'https://example.invalid/e',
          ...(c.approval ? { approval: { riskLevel: 'medium', securityLevel: 'basic', dataProtectionLevel: 'personal-data' } } : {}),
        },
      ]
    : [],
);

function judge(w: WaiverRecord, now: string) {
  const readiness = computeReadiness({ template: t, children, waivers: [w], phaseStarted: true, now });
  const phase = evaluatePhase({ template: t, readiness, roster, attestations, riskLevel: 'medium', entryGateWaiver: null });
  return { readiness, phase, item: readiness.items.find((i) => i.itemId === waived.id)! };
}

describe('calendar days (UTC)', () => {
  it('reads only real dates written YYYY-MM-DD', () => {
    for (const ok of ['2026-06-30', '2028-02-29', '1970-01-01']) expect(isIsoDate(ok)).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-6-30', '30.6.2026', '2026-06-30T00:00:00Z', ' 2026-06-30', '', 20260630, null])
      expect(isIsoDate(bad)).toBe(false);
  });

  it('takes the UTC day of an instant, whatever its offset', () => {
    expect(utcDay('2026-07-01T01:30:00+03:00')).toBe('2026-06-30');
    expect(utcDay('2026-06-30T23:59:59.999Z')).toBe('2026-06-30');
    expect(utcDay(new Date(Date.UTC(2026, 6, 1)))).toBe('2026-07-01');
    expect(daysBetween('2026-06-30', '2026-07-14')).toBe(14);
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
  });

  it('a date given for the future is today or later and at most five years ahead', () => {
    const today = '2026-03-01';
    expect(checkFutureDate('2026-03-01', today)).toBeNull();
    expect(checkFutureDate('2031-03-01', today)).toBeNull();
    expect(checkFutureDate('2026-02-28', today)).toEqual({ kind: 'date-past', today });
    expect(checkFutureDate('2031-03-02', today)).toEqual({ kind: 'date-too-far', latest: '2031-03-01' });
    expect(checkFutureDate('2026-02-30', today)).toEqual({ kind: 'date' });
    const say = (l: 'fi' | 'sv' | 'en', m: Message) => l10nIn(l, m.key, m.vars);
    expect(say('sv', dateProblemMessage({ kind: 'date-past', today }))).toContain('2026-03-01');
    expect(say('fi', dateProblemMessage({ kind: 'date' }))).toContain('VVVV-KK-PP');
  });
});

describe('a waiver with an expiry', () => {
  it('counts on its expiry day (UTC) and not the day after: the item is open again in readiness and in both verdicts', () => {
    const w = waiver({ expiresOn: '2026-06-30' });
    const last = judge(w, '2026-06-30T23:59:59.999Z');
    expect(last.item.state).toBe('waived');
    expect(last.item.waiverExpiry).toEqual({ expiresOn: '2026-06-30', lapsed: false, daysLeft: 0, warn: true });
    expect(last.phase.exit.passed).toBe(true);
    expect(last.phase.done.passed).toBe(true);

    const after = judge(w, '2026-07-01T00:00:00.000Z');
    expect(after.item.state).toBe('open');
    expect(after.item.waiverExpiry).toMatchObject({ lapsed: true, daysLeft: -1, warn: false });
    expect(after.readiness.openItemIds).toContain(waived.id);
    expect(after.phase.exit.passed).toBe(false);
    expect(after.phase.done.passed).toBe(false);
    // The exit validator's refusal names the item by its key.
    expect(validatorMessage(after.phase.exit, 'fi', { template: t, readiness: after.readiness })).toContain(waivedKey);
    // Helsinki's morning of 1 July is still 30 June in UTC: the waiver still counts.
    expect(judge(w, '2026-07-01T02:00:00+03:00').item.state).toBe('waived');
  });

  it('warns within 14 days of lapsing, not before', () => {
    expect(judge(waiver({ expiresOn: '2026-06-30' }), '2026-06-17T12:00:00Z').item.waiverExpiry).toMatchObject({
      daysLeft: 13,
      warn: true,
    });
    expect(judge(waiver({ expiresOn: '2026-06-30' }), '2026-06-16T12:00:00Z').item.waiverExpiry).toMatchObject({
      daysLeft: 14,
      warn: false,
    });
  });

  it('a record without an expiry (written before expiries existed) never lapses; a malformed expiry never counts', () => {
    const old = judge(waiver(), '2099-01-01T00:00:00Z');
    expect(old.item.state).toBe('waived');
    expect(old.item.waiverExpiry).toBeUndefined();
    expect(judge(waiver({ expiresOn: '30.6.2026' }), '2026-01-01T00:00:00Z').item.state).toBe('open');
    // A request or a rejection carries no expiry state.
    expect(judge(waiver({ status: 'requested', expiresOn: '2026-06-30' }), '2026-06-01T00:00:00Z').item.waiverExpiry).toBeUndefined();
  });

  it('property: a waiver counts exactly while the UTC day of "now" is not after its expiry day, in readiness, the exit gate and the summary', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2033, 0, 1) }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(day, instant, (expiresOn, now) => {
        const w = waiver({ expiresOn });
        const counts = now.slice(0, 10) <= expiresOn;
        expect(isWaiverEffective(w, now)).toBe(counts);
        const { readiness, phase, item } = judge(w, now);
        expect(item.state).toBe(counts ? 'waived' : 'open');
        expect(phase.exit.passed).toBe(counts);
        expect(item.waiverExpiry!.lapsed).toBe(!counts);
        const summary = computeGateSummary(
          { template: t, readiness, roster, attestations, riskLevel: 'medium', waivers: [w], phaseStart: null },
          now,
        );
        expect(summary.exitGate).toBe(counts ? 'passed' : 'blocked');
        expect(summary.blockers).toBe(counts ? 0 : 1);
      }),
    );
  });

  it('holdsOn: no date holds, a date holds through its day', () => {
    expect(holdsOn(undefined, '2030-01-01')).toBe(true);
    expect(holdsOn('2030-01-01', '2030-01-01')).toBe(true);
    expect(holdsOn('2030-01-01', '2030-01-02')).toBe(false);
    expect(expiryState('2030-01-10', '2030-01-01')).toEqual({ expiresOn: '2030-01-10', lapsed: false, daysLeft: 9, warn: true });
  });
});

describe("a steering group decision's reference", () => {
  it('is the minutes’ number (one line) or an https link; anything that starts like another address is refused', () => {
    expect(checkDecisionRef('  Ohjausryhmä 3/2026 § 5 ')).toEqual({ ok: true, value: 'Ohjausryhmä 3/2026 § 5' });
    expect(checkDecisionRef('https://paatokset.hel.fi/fi/asia/hel-2026-1')).toMatchObject({ ok: true });
    for (const bad of ['http://paatokset.hel.fi/1', 'javascript:alert(1)', 'data:text/html,x', 'ftp://x/y'])
      expect(checkDecisionRef(bad)).toEqual({ ok: false, problem: { kind: 'reference-link' } });
    expect(checkDecisionRef('3/2026\u0007')).toMatchObject({ ok: false, problem: { kind: 'control' } });
    expect(checkDecisionRef('3/2026\n§ 5')).toMatchObject({ ok: false, problem: { kind: 'control' } });
    expect(checkDecisionRef('a\u202Eb')).toMatchObject({ ok: false, problem: { kind: 'bidi' } });
    expect(checkDecisionRef('x'.repeat(TEXT_LIMITS.decisionRef))).toMatchObject({ ok: true });
    expect(checkDecisionRef('x'.repeat(TEXT_LIMITS.decisionRef + 1))).toMatchObject({ ok: false, problem: { kind: 'too-long' } });
    expect(checkDecisionRef('   ')).toMatchObject({ ok: false, problem: { kind: 'required' } });
    const m = textProblemMessage({ kind: 'reference-link' });
    expect(l10nIn('en', m.key, m.vars)).toContain('https');
    expect(isHttpsLink('https://a.fi/x')).toBe(true);
    expect(isHttpsLink('Pöytäkirja 3/2026')).toBe(false);
    expect(isHttpsLink('http://a.fi/x')).toBe(false);
  });

  it('the resolver schemas take the new fields, and only well-formed ones, in the caller’s language', () => {
    const today = utcDay(new Date());
    const approval = { riskLevel: 'medium', securityLevel: 'basic', dataProtectionLevel: 'personal-data' };
    expect(
      parsePayload(schemas.attest, { conditionId: 'x', approval: { ...approval, decisionRef: 'OR 3/2026 § 5', reviewOn: today } }, 'fi'),
    ).toMatchObject({ approval: { decisionRef: 'OR 3/2026 § 5', reviewOn: today } });
    expect(parsePayload(schemas.decideWaiver, { itemId: 'x', approve: true, expiresOn: today }, 'fi')).toMatchObject({ expiresOn: today });
    expect(() => parsePayload(schemas.decideWaiver, { itemId: 'x', approve: true, expiresOn: '2020-01-01' }, 'sv')).toThrow(
      /expiresOn: har redan passerat/,
    );
    expect(() => parsePayload(schemas.waiveEntryGate, { reason: 'Riski hyväksytty', decisionRef: 'http://x.fi/1' }, 'en')).toThrow(
      /decisionRef: a link must be an https address/,
    );
    expect(() => parsePayload(schemas.waiveEntryGate, { reason: 'Riski hyväksytty', reviewOn: 20260101 }, 'fi')).toThrow(/reviewOn/);
    // The documented limit (DATA-MAP, FREE_TEXT_MAX) is the one enforced.
    expect(FREE_TEXT_MAX.decisionRef).toBe(TEXT_LIMITS.decisionRef);
    const ref = (n: number) => ({ reason: 'Riski hyväksytty', decisionRef: 'x'.repeat(n) });
    expect(schemas.waiveEntryGate.safeParse(ref(FREE_TEXT_MAX.decisionRef)).success).toBe(true);
    expect(schemas.waiveEntryGate.safeParse(ref(FREE_TEXT_MAX.decisionRef + 1)).success).toBe(false);
    // The revocation takes no decision fields.
    expect(() => parsePayload(schemas.entryGateWaiver, { reason: 'Peruttu', decisionRef: 'x' }, 'en')).toThrow(/decisionRef/);
  });
});

describe('the closure dossier', () => {
  function view(now: string): PanelView {
    const w = waiver({ expiresOn: '2026-06-30' });
    const withRef = attestations.map((a) =>
      a.approval ? { ...a, approval: { ...a.approval, decisionRef: 'OR 3/2026 § 5', reviewOn: '2027-01-31' } } : a,
    );
    const readiness = computeReadiness({ template: t, children, waivers: [w], phaseStarted: true, now });
    const gate = (g: 'entry' | 'exit') =>
      evaluateGate({ template: t, gate: g, readiness, roster, attestations: withRef, riskLevel: 'medium' });
    return {
      epic: {
        id: '10001',
        key: 'DEMO-1',
        summary: 'Käyttöönotto',
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
      phase: {
        epicId: '10001',
        epicKey: 'DEMO-1',
        projectId: '10000',
        templateId: t.id,
        templateVersion: t.version,
        startedAt: '2026-05-01T00:00:00.000Z',
        startedBy: 'pm',
        roster,
        riskLevel: 'medium',
        spawn: { state: 'complete', created: 38, total: 38, warnings: [] },
      },
      status: 'done',
      roster,
      readiness,
      gates: { entry: gate('entry'), exit: gate('exit') },
      entryGateWaiver: {
        waivedBy: 'sg',
        waivedAt: '2026-05-02T00:00:00.000Z',
        asRole: 'steering-group',
        reason: 'Riski hyväksytty',
        decisionRef: 'https://paatokset.hel.fi/1',
        reviewOn: '2026-09-01',
      },
      attestations: withRef,
      waivers: [w],
      permissions: {} as PanelView['permissions'],
      callerRoles: [],
      callerAccountId: 'pm',
      auditTail: [],
      itemRoles: {},
      today: now.slice(0, 10),
    };
  }

  it('records the waiver’s expiry (and whether it had lapsed), the decision references and review dates; the digest covers them', () => {
    const d = buildDossier({ view: view('2026-07-01T00:00:00Z'), audit: [], names: {}, generatedAt: 'g', generatedBy: 'pm' });
    expect(d.content.waivers[0]).toMatchObject({ itemId: waived.id, expiresOn: '2026-06-30', lapsed: true });
    expect(d.content.riskAcceptance).toMatchObject({ decisionReference: 'OR 3/2026 § 5', reviewOn: '2027-01-31' });
    expect(d.content.entryGateWaiver).toEqual({
      waivedBy: { accountId: 'sg', displayName: null },
      waivedAt: '2026-05-02T00:00:00.000Z',
      reason: 'Riski hyväksytty',
      decisionReference: 'https://paatokset.hel.fi/1',
      reviewOn: '2026-09-01',
    });
    expect(canonicalJson(d.content)).toContain('"expiresOn":"2026-06-30","itemId"');
    expect(verifyDossier(d).ok).toBe(true);
    expect(verifyDossier(JSON.parse(JSON.stringify(d).replace('OR 3/2026 § 5', 'OR 4/2026 § 5'))).ok).toBe(false);
    const html = dossierHtml(d, 'en');
    expect(html).toContain('Valid through 2026-06-30 (lapsed)');
    expect(html).toContain('Review by');
    expect(html).toContain('https://paatokset.hel.fi/1');
    const still = buildDossier({ view: view('2026-06-30T12:00:00Z'), audit: [], names: {}, generatedAt: 'g', generatedBy: 'pm' });
    expect(still.content.waivers[0]).toMatchObject({ expiresOn: '2026-06-30', lapsed: false });
  });

  it('times in Finnish time and dates as d.M.yyyy for a Finnish or Swedish reader (issue 23)', () => {
    // Winter (UTC+2) and summer (UTC+3) time.
    expect(recordTime('2026-12-07T09:59:05.814Z', 'fi')).toBe('7.12.2026 klo 11.59.05');
    expect(recordTime('2026-06-01T08:00:00.000Z', 'fi')).toBe('1.6.2026 klo 11.00.00');
    expect(recordTime('2026-06-01T08:00:00.000Z', 'sv')).toBe('1.6.2026 kl. 11.00.00');
    expect(recordTime('2026-06-01T08:00:00.000Z', 'en')).toBe('2026-06-01 11:00:00');
    // Jira's own format (offset without a colon), and the day turning at midnight Finnish time.
    expect(recordTime('2026-12-31T22:30:00.000+0000', 'fi')).toBe('1.1.2027 klo 00.30.00');
    expect(recordDate('2026-06-30', 'fi')).toBe('30.6.2026');
    expect(recordDate('2026-06-30', 'en')).toBe('2026-06-30');
    expect(dossierFileName('DEMO-1', 'fi')).toBe('DEMO-1-sulkemisasiakirja');
    expect(dossierFileName('DEMO-1', 'sv')).toBe('DEMO-1-avslutningsdokument');
    expect(dossierFileName('DEMO-1', 'en')).toBe('DEMO-1-closure-dossier');
  });

  it('the printable dossier is a record: A4 margins, no word broken, Finnish time named in words, codes and audit events in words (issue 23)', () => {
    const condition = attestations[0]!;
    const audit: AuditEntry[] = [
      { id: 'a1', at: '2026-05-01T06:00:00.000Z', by: 'pm', action: 'phase.started', after: { templateVersion: t.version, roster } },
      { id: 'a2', at: '2026-05-02T06:00:00.000Z', by: 'pm', action: 'risk.changed', before: 'low', after: 'medium' },
      {
        id: 'a3',
        at: '2026-06-01T00:00:00.000Z',
        by: condition.attestedBy,
        action: 'attestation.added',
        subject: condition.conditionId,
        after: condition,
      },
    ];
    const names = { pm: 'Hanna Hankepäällikkö', sg: 'Olli Ohjausryhmä' };
    const d = buildDossier({
      view: view('2026-07-01T00:00:00Z'),
      audit,
      names,
      generatedAt: '2026-12-07T09:59:05.814Z',
      generatedBy: 'pm',
    });
    const html = dossierHtml(d, 'fi');
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(css).toMatch(/@page\{size:A4;margin:\d+mm/);
    // Print margins of at least 15 mm on every side; the digest and the page number in the bottom margin of every page.
    const margins = /@page\{size:A4;margin:(\d+)mm (\d+)mm (\d+)mm (\d+)mm;/.exec(css)!.slice(1).map(Number);
    expect(margins).toHaveLength(4);
    for (const mm of margins) expect(mm).toBeGreaterThanOrEqual(15);
    expect(css).toContain(`@bottom-left{content:"SHA-256 ${d.digest.value}"`);
    expect(css).toContain('@bottom-right{content:"Sivu " counter(page) "/" counter(pages)');
    expect(dossierHtml(d, 'en')).toContain('@bottom-right{content:"Page " counter(page) " of " counter(pages)');
    expect(css).toMatch(/body\{[^}]*hyphens:manual[^}]*word-break:normal[^}]*overflow-wrap:normal/);
    // Only URLs, ids and the digest may wrap anywhere.
    expect(css.match(/overflow-wrap:anywhere/g)).toHaveLength(2);
    expect(css).not.toContain('break-all');
    const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
    // No raw UTC timestamps; the zone named in words.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(text).toContain('7.12.2026 klo 11.59.05');
    expect(text).toContain('Ajat ovat Suomen aikaa (Helsinki).');
    expect(text).toContain('Aika (Suomen aikaa)');
    // Codes in words.
    for (const codeWord of [
      'medium',
      'basic',
      'personal-data',
      'project-manager',
      'phase.started',
      'risk.changed',
      'attestation.added',
      'draft',
      'approved',
    ])
      expect(text).not.toMatch(new RegExp(`(^|[\\s(>:;])${codeWord.replace('.', '\\.')}([\\s)<;,.]|$)`));
    expect(text).toContain('Keskitaso');
    expect(text).toContain('Perustaso');
    expect(text).toContain('Henkilötietojen vaatimukset täytetty');
    expect(text).toContain('Hankepäällikkö');
    expect(text).toContain('Beta / luonnos');
    // The audit trail as a table of events in words, people by name, before and after readable.
    const auditTable = /<table class="audit" data-testid="dossier-audit">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(auditTable).toContain('Vaihe aloitettu');
    expect(auditTable).toContain('Riskitaso muutettu');
    expect(auditTable).toContain('Ennen: Matala<br>Jälkeen: Keskitaso');
    expect(auditTable).toContain('Ehto vahvistettu');
    expect(auditTable.replace(/<[^>]+>/g, '')).toContain('Hanna Hankepäällikkö (pm)');
    expect(auditTable).not.toContain('{');
    expect(auditTable).toContain(
      t.gates.entry.conditions.concat(t.gates.exit.conditions).find((c) => c.id === condition.conditionId)!.text.fi,
    );
    // The JSON is unchanged by the wording: its digest still verifies.
    expect(verifyDossier(d).ok).toBe(true);
  });

  it('the PDF/A copy is read from the printable dossier: its blocks hold every word of the page, in order, in sections (issue 23)', () => {
    const audit: AuditEntry[] = [
      { id: 'a1', at: '2026-05-01T06:00:00.000Z', by: 'pm', action: 'phase.started', after: { templateVersion: t.version, roster } },
      { id: 'a2', at: '2026-05-02T06:00:00.000Z', by: 'pm', action: 'risk.changed', before: 'low', after: 'medium' },
    ];
    const d = buildDossier({
      view: view('2026-07-01T00:00:00Z'),
      audit,
      names: { pm: 'Hanna & <Hankepäällikkö>' },
      generatedAt: '2026-12-07T09:59:05.814Z',
      generatedBy: 'pm',
    });
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const html = dossierHtml(d, locale);
      const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
      const page = html
        .slice(html.indexOf('<body>'))
        .replace(/<[^>]+>/g, ' ')
        .replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]!)
        .replace(/\s+/g, '');
      const blocks = dossierBlocks(html);
      const paras = (b: Block) =>
        b.kind === 'dl' ? b.rows.flat(2) : b.kind === 'table' ? [...(b.head ?? []), ...b.rows.flat()].flatMap((c) => c.paras) : b.paras;
      expect(
        blocks
          .map((b) =>
            paras(b)
              .map((p) => plain([p]))
              .join(''),
          )
          .join('')
          .replace(/\s+/g, ''),
      ).toBe(page);
      expect(blocks.filter((b) => b.kind === 'h2').length).toBeGreaterThanOrEqual(6);
      expect(blocks.filter((b) => b.kind === 'table' && b.audit)).toHaveLength(1);
      expect(blocks.some((b) => b.kind === 'p' && b.digest && plain(b.paras) === d.digest.value)).toBe(true);
    }
  });
});
