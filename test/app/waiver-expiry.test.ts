/**
 * Issue 13, through the sandbox (real resolvers over the Forge harness, the Jira emulator over HTTP,
 * the workflow validators on the DEMO epic workflow): a waiver approved with an expiry counts through
 * its day (UTC) and, the day after, the exit validator refuses Done naming the item; the steering
 * group's decisions carry a reference and a review date into the panel, the audit trail and the
 * closure dossier; bad dates and references are refused in the caller's language, keeping what was saved.
 *
 * "The day after" is reached by moving the process's clock (Date only; timers stay real) between
 * invocations: every part of the app reads the time from Date, as on Forge. Each test starts at noon
 * (UTC), so "today" in the test is the server's today, whenever the suite runs.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { Result } from '../../src/shared/api';
import { addYears, utcDay } from '../../src/core/dates';
import { approval, attestable, createEpic, gateSummaryOf, HOLDER, jira, ok, panel, panelContext, startApp, type UserKey } from './helpers';
import { clockTo } from '../clock';

const t = CURRENT_TEMPLATE;
const riskCondition = [...attestable('entry'), ...attestable('exit')].find((c) => c.approval === 'risk-acceptance')!;
const waivedItem = t.items.find((i) => i.kind === 'deliverable' && i.mandatory)!;
const DAY_MS = 86_400_000;
type Epic = { id: string; key: string };

/** Noon (UTC) of today, or of tomorrow when that has passed: a test is far from midnight, whatever time it runs. */
function nextNoon(): number {
  const now = Date.now();
  const noon = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS / 2;
  return noon > now ? noon : noon + DAY_MS;
}

async function transition(sb: Sandbox, key: string, id: string, as: UserKey = 'hankepaallikko') {
  return jira(sb, as, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id } });
}

async function attestAll(sb: Sandbox, epic: Epic, gate: 'entry' | 'exit', extra: Record<string, unknown> = {}) {
  for (const c of attestable(gate)) {
    ok(
      await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', {
        conditionId: c.id,
        evidenceUrl: 'https://example.invalid/evidence',
        ...(c.approval ? { approval: { ...approval, ...extra } } : {}),
      }),
    );
  }
}

/** An epic in progress with one waiver requested (not yet decided). */
async function inProgressWithRequest(sb: Sandbox, summary: string, approvalExtra: Record<string, unknown> = {}): Promise<Epic> {
  const epic = await createEpic(sb, summary);
  await sb.harness.triggers.drain();
  await attestAll(sb, epic, 'entry', approvalExtra);
  expect((await transition(sb, epic.key, TRANSITION_IDS.inProgress)).status).toBe(204);
  ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: waivedItem.id, reason: 'Järjestelmässä ei ole datamigraatiota' }));
  return epic;
}

/** The gate summary on the epic (the JQL-indexed reporting copy in the app's field). */
async function summaryOf(sb: Sandbox, epic: Epic): Promise<unknown> {
  return gateSummaryOf(sb, epic.key);
}

function refused(r: Result<unknown>): { message: string; details: string[] } {
  if (r.ok) throw new Error(`expected INVALID_INPUT, got ok: ${JSON.stringify(r.data).slice(0, 200)}`);
  expect(r.error.code).toBe('INVALID_INPUT');
  return { message: r.error.message, details: r.error.details ?? [] };
}

describe('waivers with an expiry, steering group decisions with a reference (issue 13)', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
    jest.useRealTimers();
  });
  beforeEach(() => {
    clockTo(nextNoon());
  });

  it('a waiver approved until today counts today; the next day the exit validator refuses Done naming the item; done, the phase closes and the dossier keeps the expiry and the references', async () => {
    const epic = await inProgressWithRequest(sb, 'Poikkeus päättyy', { decisionRef: 'Ohjausryhmä 3/2026 § 5' });
    const today = utcDay(new Date());
    const decided = ok(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: today }));
    expect(decided).toMatchObject({ status: 'approved', expiresOn: today });
    const reviewOn = addYears(today, 1);
    ok(
      await panel(sb, 'ohjausryhma', epic, 'waiveEntryGate', {
        reason: 'Ohjausryhmä hyväksyi riskin',
        decisionRef: 'https://paatokset.example.invalid/or-3-2026',
        reviewOn,
      }),
    );

    // Everything else done and confirmed: ready for Done while the waiver holds.
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    for (const item of view.readiness.items) {
      if (item.itemId === waivedItem.id || !item.child) continue;
      expect((await transition(sb, item.child.key, TRANSITION_IDS.done, 'admin')).status).toBe(204);
    }
    await attestAll(sb, epic, 'exit', { decisionRef: 'Ohjausryhmä 3/2026 § 5' });
    const ready = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    const held = ready.readiness.items.find((i) => i.itemId === waivedItem.id)!;
    expect(held.state).toBe('waived');
    expect(held.waiverExpiry).toEqual({ expiresOn: today, lapsed: false, daysLeft: 0, warn: true });
    expect(ready.status).toBe('ready-for-done');
    expect(ready.today).toBe(today);
    const waivedKey = held.child!.key;
    await sb.harness.triggers.drain();
    expect(await summaryOf(sb, epic)).toMatchObject({ exitGate: 'passed', blockers: 0 });

    // The next day (UTC) the waiver no longer counts: the item is open again for both validators.
    clockTo(Date.now() + DAY_MS);
    const refusal = await transition(sb, epic.key, TRANSITION_IDS.done);
    expect(refusal.status).toBe(400);
    const message = (refusal.body as { errorMessages: string[] }).errorMessages.join('\n');
    expect(message).toContain('Avoimia pakollisia tehtäviä ja tuotoksia: 1');
    expect(message).toContain(waivedKey);
    // and says why that item is open again
    expect(message).toContain(`Vapautuksen voimassaolo on päättynyt: ${waivedKey}.`);
    const lapsed = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    const item = lapsed.readiness.items.find((i) => i.itemId === waivedItem.id)!;
    expect(item.state).toBe('open');
    expect(item.waiverExpiry).toMatchObject({ expiresOn: today, lapsed: true, daysLeft: -1 });
    expect(lapsed.status).toBe('in-progress');
    expect(lapsed.gates.exit.passed).toBe(false);
    // Nothing was written when the waiver lapsed: the first panel view after it asks for one summary refresh.
    await sb.harness.triggers.drain();
    expect(await summaryOf(sb, epic)).toMatchObject({ exitGate: 'blocked', blockers: 1 });

    // The item done, the phase closes; the dossier records the expiry, that it had lapsed, and the references.
    expect((await transition(sb, waivedKey, TRANSITION_IDS.done, 'admin')).status).toBe(204);
    expect((await transition(sb, epic.key, TRANSITION_IDS.done)).status).toBe(204);
    // The dossier lists the audit trail with kvs.query (eventually consistent): read a moment later.
    sb.harness.kvs.settleQueries();
    const { dossier } = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {}));
    expect(dossier.content.waivers.find((w) => w.itemId === waivedItem.id)).toMatchObject({ expiresOn: today, status: 'approved' });
    expect(dossier.content.riskAcceptance).toMatchObject({ conditionId: riskCondition.id, decisionReference: 'Ohjausryhmä 3/2026 § 5' });
    expect(dossier.content.entryGateWaiver).toMatchObject({
      waivedBy: { accountId: ACCOUNT_IDS.ohjausryhma },
      decisionReference: 'https://paatokset.example.invalid/or-3-2026',
      reviewOn,
    });
    expect(dossier.content.auditReplay).toEqual({ consistent: true, differences: [] });
    // The audit entries carry the new fields.
    const audit = dossier.content.audit;
    expect(audit.find((e) => e.action === 'waiver.approved')?.after).toMatchObject({ expiresOn: today });
    expect(audit.find((e) => e.action === 'entryGate.waived')?.after).toMatchObject({ reviewOn });
    expect(audit.find((e) => e.action === 'attestation.added' && e.subject === riskCondition.id)?.after).toMatchObject({
      approval: { decisionRef: 'Ohjausryhmä 3/2026 § 5' },
    });
  });

  it('a lapsed waiver may be requested again', async () => {
    const epic = await inProgressWithRequest(sb, 'Poikkeus uudelleen');
    const today = utcDay(new Date());
    ok(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: today }));
    const again = await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: waivedItem.id, reason: 'Jatketaan poikkeusta' });
    expect(again.ok === false && again.error.code).toBe('CONFLICT');
    clockTo(Date.now() + DAY_MS);
    const renewed = ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: waivedItem.id, reason: 'Jatketaan poikkeusta' }));
    expect(renewed).toMatchObject({ status: 'requested', reason: 'Jatketaan poikkeusta' });
    expect(renewed.expiresOn).toBeUndefined();
  });

  it('a bad date or reference gets INVALID_INPUT in the caller’s language, and nothing saved is lost', async () => {
    const epic = await inProgressWithRequest(sb, 'Huonot päivät');
    const today = utcDay(new Date());
    const yesterday = utcDay(new Date(Date.now() - DAY_MS));
    const decide = (expiresOn: unknown, locale: string, approve = true) =>
      sb.harness.invokeResolver(
        'panel-resolver',
        'decideWaiver',
        { itemId: waivedItem.id, approve, expiresOn, locale },
        panelContext(ACCOUNT_IDS.ohjausryhma, epic),
      ) as Promise<Result<unknown>>;

    const past = refused(await decide(yesterday, 'fi-FI'));
    expect(past.message).toContain(`expiresOn: on mennyt päivä; anna tämä päivä (${today}) tai myöhempi`);
    expect(refused(await decide('2026-02-30', 'en-US')).message).toContain('expiresOn: is not a date written YYYY-MM-DD');
    expect(refused(await decide(addYears(today, 6), 'sv-SE')).message).toContain('expiresOn: ligger för långt fram; högst 5 år');
    expect(refused(await decide(today, 'en-US', false)).message).toContain('an expiry date can only be given when approving');

    // The steering group's risk acceptance: a link must be https; a review date in the past is refused.
    const attest = (extra: Record<string, unknown>, locale: string) =>
      panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: riskCondition.id, approval: { ...approval, ...extra } } as never, locale);
    expect(refused(await attest({ decisionRef: 'http://paatokset.example.invalid/1' }, 'en-US')).message).toContain(
      'approval.decisionRef: a link must be an https address',
    );
    expect(refused(await attest({ reviewOn: yesterday }, 'sv-SE')).message).toContain('approval.reviewOn: har redan passerat');
    const entry = await panel(
      sb,
      'ohjausryhma',
      epic,
      'waiveEntryGate',
      { reason: 'Riski hyväksytty', decisionRef: 'javascript:alert(1)' },
      'fi-FI',
    );
    expect(refused(entry).message).toContain('decisionRef: linkin on oltava https-osoite');

    // Nothing changed: the request still waits, the acceptance kept, no entry gate waiver.
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.waivers.find((w) => w.itemId === waivedItem.id)).toMatchObject({ status: 'requested' });
    expect(view.waivers.find((w) => w.itemId === waivedItem.id)?.expiresOn).toBeUndefined();
    expect(view.attestations.find((a) => a.conditionId === riskCondition.id)?.approval).toEqual(approval);
    expect(view.entryGateWaiver).toBeNull();
  });

  it('resolver hardening: hostile values in the new fields are refused before anything is read or written', async () => {
    const epic = await inProgressWithRequest(sb, 'Vihamieliset kentät');
    const hostile: [string, Record<string, unknown>][] = [
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: 20260630 }],
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: { $gt: '' } }],
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: ['2030-01-01'] }],
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: '2030-01-01T00:00:00Z' }],
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: '2030-01-01\u0000' }],
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: '9'.repeat(100_000) }],
      ['decideWaiver', { itemId: waivedItem.id, approve: true, expiresOn: '+2030-01-01' }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', decisionRef: 'OR 3/2026\u0007' }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', decisionRef: 'OR \u202E6202/3' }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', decisionRef: 'x'.repeat(501) }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', decisionRef: 'data:text/html,<script>alert(1)</script>' }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', decisionRef: { toString: 'x' } }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', reviewOn: '2030-02-30' }],
      ['waiveEntryGate', { reason: 'Riski hyväksytty', expiresOn: '2030-01-01' }],
      ['revokeEntryGateWaiver', { reason: 'Peruttu', decisionRef: 'OR 3/2026' }],
      ['attest', { conditionId: riskCondition.id, approval: { ...approval, decisionRef: 'x\ny' } }],
      ['attest', { conditionId: riskCondition.id, approval: { ...approval, reviewOn: null } }],
      ['attest', { conditionId: riskCondition.id, approval: { ...approval, expiresOn: '2030-01-01' } }],
    ];
    await sb.harness.triggers.drain();
    const before = sb.harness.jiraLog.length;
    for (const [name, payload] of hostile) {
      const r = (await sb.harness.invokeResolver(
        'panel-resolver',
        name,
        payload,
        panelContext(ACCOUNT_IDS.ohjausryhma, epic),
      )) as Result<unknown>;
      expect({ name, payload: JSON.stringify(payload).slice(0, 80), code: r.ok ? 'ok' : r.error.code }).toEqual({
        name,
        payload: JSON.stringify(payload).slice(0, 80),
        code: 'INVALID_INPUT',
      });
    }
    // Refused by the schema: not one Jira call was made for them.
    expect(sb.harness.jiraLog.slice(before).filter((c) => c.functionKey === 'panel-resolver')).toEqual([]);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.waivers.find((w) => w.itemId === waivedItem.id)).toMatchObject({ status: 'requested' });
    expect(view.entryGateWaiver).toBeNull();

    // Well-formed values are taken, normalised as other free text is (NFC, trimmed).
    const reviewOn = addYears(utcDay(new Date()), 5);
    const waived = ok(
      await panel(sb, 'ohjausryhma', epic, 'waiveEntryGate', {
        reason: 'Riski hyväksytty',
        decisionRef: '  O\u0308R 3/2026 § 5 ',
        reviewOn,
      }),
    );
    expect(waived).toMatchObject({ decisionRef: 'ÖR 3/2026 § 5', reviewOn });
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).entryGateWaiver).toMatchObject({ decisionRef: 'ÖR 3/2026 § 5' });
  });
});
