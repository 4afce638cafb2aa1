import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_PROJECT, ISSUE_TYPE_IDS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { retryPolicy } from '../../src/jira/transport';
import { approval, attestable, children, createEpic, HOLDER, jira, ok, panel, panelContext, startApp, type UserKey } from './helpers';

const t = CURRENT_TEMPLATE;
const riskCondition = [...attestable('entry'), ...attestable('exit')].find((c) => c.approval === 'risk-acceptance')!;

async function transition(sb: Sandbox, key: string, id: string, as: UserKey = 'hankepaallikko') {
  return jira(sb, as, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id } });
}

async function attestAll(sb: Sandbox, epic: { id: string; key: string }, gate: 'entry' | 'exit') {
  for (const c of attestable(gate)) {
    const who = HOLDER[c.attestRoles[0]!];
    ok(
      await panel(sb, who, epic, 'attest', {
        conditionId: c.id,
        evidenceUrl: 'https://example.invalid/evidence',
        ...(c.approval ? { approval } : {}),
      }),
    );
  }
}

type Epic = { id: string; key: string };

/** A deployment epic of its own for each test, its 38 children spawned: no test depends on another's state. */
async function freshEpic(sb: Sandbox, summary = 'Portin testi'): Promise<Epic> {
  const epic = await createEpic(sb, summary);
  await sb.harness.triggers.drain();
  return epic;
}

const waivedItem = t.items.find((i) => i.kind === 'deliverable')!;

/** An epic in progress (entry gate attested) with one deliverable waived by a second person. */
async function startedEpicWithWaiver(sb: Sandbox): Promise<Epic> {
  const epic = await freshEpic(sb, 'Portin testi: valmiiksi');
  await attestAll(sb, epic, 'entry');
  expect((await transition(sb, epic.key, TRANSITION_IDS.inProgress)).status).toBe(204);
  ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: waivedItem.id, reason: 'Järjestelmässä ei ole datamigraatiota' }));
  ok(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: waivedItem.id, approve: true, comment: 'OK' }));
  return epic;
}

describe('the gate: attestations, waivers, audit trail, and the validators over HTTP', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('an epic with open items cannot go to Done, and the 400 names every unmet condition and the open items', async () => {
    const epic = await freshEpic(sb);
    const r = await transition(sb, epic.key, TRANSITION_IDS.done);
    expect(r.status).toBe(400);
    const message = (r.body as { errorMessages: string[] }).errorMessages.join('\n');
    const rows = await children(sb, epic.key);
    // in the caller's language only (Finnish), short, each condition with who confirms it, open items counted with a few keys
    expect(message.length).toBeLessThan(1500);
    expect((message.match(/DEMO-\d+/g) ?? []).every((k) => rows.some((r) => r.key === k))).toBe(true);
    expect(message.match(/DEMO-\d+/g)).toHaveLength(5);
    // Both gates block (the entry gate is open too): every unmet exit condition is named by the start
    // of its text or counted in "(ja N muuta)", within the length limit.
    const exitUnmet = t.gates.exit.conditions.filter((c) => c.id !== 'exit.service-owner-named' && c.kind === 'attestation');
    // 30 characters: two conditions share their first 23 ("Ratkaisulle on nimetty …"); a shortened text keeps at least 35.
    const named = exitUnmet.filter((c) => message.includes(c.text.fi.slice(0, 30)));
    const more = Number(/\(ja (\d+) muuta\)/.exec(message)?.[1] ?? 0);
    expect(named.length + more).toBe(exitUnmet.length);
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(message).toContain(
      'Käyttöönottovaihetta ei voi merkitä valmiiksi, koska sitä ei ole aloitettu: 5 aloittamisen edellytystä täyttymättä.',
    );
    expect(message).not.toContain('ei voi aloittaa');
    for (const c of exitUnmet) expect(message).not.toContain(c.text.en.slice(0, 30));
    expect(message).toContain('Avoimia pakollisia tehtäviä ja tuotoksia: 38');
    expect(message).not.toContain(t.gates.exit.conditions[0]!.text.sv);
  });

  it('the entry validator blocks In Progress until the entry conditions are attested', async () => {
    const epic = await freshEpic(sb);
    const blocked = await transition(sb, epic.key, TRANSITION_IDS.inProgress);
    expect(blocked.status).toBe(400);
    for (const c of attestable('entry')) expect(JSON.stringify(blocked.body)).toContain(c.text.fi.slice(0, 40));
    await attestAll(sb, epic, 'entry');
    expect((await transition(sb, epic.key, TRANSITION_IDS.inProgress)).status).toBe(204);
  });

  it('a user outside a role cannot attest, request or decide waivers; a role outside the allowed ones cannot attest', async () => {
    const epic = await freshEpic(sb);
    const c = attestable('exit')[0]!;
    const outsider = await panel(sb, 'outsider', epic, 'attest', { conditionId: c.id });
    expect(outsider.ok === false && outsider.error.code).toBe('NOT_FOUND');
    const admin = await panel(sb, 'admin', epic, 'attest', { conditionId: c.id });
    expect(admin.ok === false && admin.error.code).toBe('FORBIDDEN');
    const wrongRole = await panel(sb, 'toteutustiimi', epic, 'attest', { conditionId: riskCondition.id, approval });
    expect(wrongRole.ok === false && wrongRole.error.code).toBe('FORBIDDEN');
    const adminWaiver = await panel(sb, 'admin', epic, 'requestWaiver', { itemId: t.items[0]!.id, reason: 'Ei koske tätä hanketta' });
    expect(adminWaiver.ok === false && adminWaiver.error.code).toBe('FORBIDDEN');
    const noReason = await panel(sb, 'hankepaallikko', epic, 'requestWaiver', { itemId: t.items[0]!.id, reason: ' ' });
    expect(noReason.ok === false && noReason.error.code).toBe('INVALID_INPUT');
    const risk = await panel(sb, 'arkkitehti', epic, 'setRiskLevel', { riskLevel: 'low' });
    expect(risk.ok === false && risk.error.code).toBe('FORBIDDEN');
    const unknownCondition = await panel(sb, 'hankepaallikko', epic, 'attest', { conditionId: 'exit.no-such-condition' });
    expect(unknownCondition.ok === false && unknownCondition.error.details?.[0]).toContain('exit.no-such-condition');
    const malformed = await sb.harness.invokeResolver(
      'panel-resolver',
      'setRosterMember',
      { role: 'pope', accountId: 1 },
      panelContext('sandbox-hankepaallikko', epic),
    );
    expect(malformed).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: expect.arrayContaining([expect.stringContaining('role')]) },
    });
    const anonymous = await sb.harness.invokeResolver('panel-resolver', 'getPanel', {}, { ...panelContext('x', epic), accountId: null });
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // Every other kind of action, refused to the outsider (who may not even see the epic) …
    for (const [name, payload] of [
      ['getPanel', {}],
      ['getAudit', {}],
      ['resync', {}],
      ['revokeAttestation', { conditionId: c.id, reason: 'ei' }],
      ['decideWaiver', { itemId: t.items[0]!.id, approve: true }],
      ['setRiskLevel', { riskLevel: 'low' }],
      ['setRosterMember', { role: 'architect', accountId: null }],
    ] as const) {
      const r = await sb.harness.invokeResolver('panel-resolver', name, payload, panelContext('sandbox-outsider', epic));
      expect({ name, r }).toMatchObject({ name, r: { ok: false, error: { code: 'NOT_FOUND' } } });
    }
    // … and revoking to a team member whose role may not confirm that condition.
    const revoke = await panel(sb, 'toteutustiimi', epic, 'revokeAttestation', { conditionId: c.id, reason: 'ei kuulu minulle' });
    expect(revoke.ok === false && revoke.error.code).toBe('FORBIDDEN');
  });

  it('a waiver needs a reason and a second person in an allowed role; until approved it still blocks', async () => {
    const epic = await freshEpic(sb);
    const item = waivedItem;
    ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: item.id, reason: 'Järjestelmässä ei ole datamigraatiota' }));
    let view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.readiness.items.find((i) => i.itemId === item.id)!.state).toBe('open');
    const self = await panel(sb, 'toteutustiimi', epic, 'decideWaiver', { itemId: item.id, approve: true });
    expect(self.ok === false && self.error.code).toBe('FORBIDDEN');
    ok(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: item.id, approve: true, comment: 'OK' }));
    view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.readiness.items.find((i) => i.itemId === item.id)!.state).toBe('waived');
  });

  it('two people confirming different conditions at the same moment both persist; the same condition twice is recorded once', async () => {
    const epic = await freshEpic(sb);
    const [a, b] = attestable('exit').filter((c) => !c.approval);
    const who = (c: typeof a) => HOLDER[c!.attestRoles[0]!];
    const results = await Promise.all([
      panel(sb, who(a), epic, 'attest', { conditionId: a!.id }),
      panel(sb, who(b), epic, 'attest', { conditionId: b!.id }),
      panel(sb, who(a), epic, 'attest', { conditionId: a!.id, comment: 'again' }),
    ]);
    for (const r of results) expect(r.ok).toBe(true);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.attestations.filter((x) => x.conditionId === a!.id)).toHaveLength(1);
    expect(view.attestations.some((x) => x.conditionId === b!.id)).toBe(true);
    const audit = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {}));
    expect(audit.entries.filter((e) => e.action === 'attestation.added' && e.subject === a!.id)).toHaveLength(1);
  });

  it('after every item is done or waived and every attestation is made by the right people, Done succeeds; revoking blocks it again; a risk change voids the approval', async () => {
    const epic = await startedEpicWithWaiver(sb);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    for (const item of view.readiness.items) {
      if (item.state === 'waived' || !item.child) continue;
      expect((await transition(sb, item.child.key, TRANSITION_IDS.done, 'admin')).status).toBe(204);
    }
    for (const c of attestable('exit')) {
      if (view.attestations.some((a) => a.conditionId === c.id)) continue;
      ok(await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id, ...(c.approval ? { approval } : {}) }));
    }
    const ready = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(ready.gates.exit.unmet).toEqual([]);
    expect(ready.status).toBe('ready-for-done');

    // Revoking one attestation blocks Done again.
    const revoked = attestable('exit')[0]!;
    ok(
      await panel(sb, HOLDER[revoked.attestRoles[0]!], epic, 'revokeAttestation', {
        conditionId: revoked.id,
        reason: 'Sopimus ei ollutkaan allekirjoitettu',
      }),
    );
    const blocked = await transition(sb, epic.key, TRANSITION_IDS.done);
    expect(blocked.status).toBe(400);
    expect(JSON.stringify(blocked.body)).toContain(revoked.text.fi.slice(0, 30));
    ok(await panel(sb, HOLDER[revoked.attestRoles[0]!], epic, 'attest', { conditionId: revoked.id }));

    // The steering group's approval is void once the epic's risk level changes.
    const risk = ok(await panel(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel: 'high' }));
    expect(risk.voidedApprovals).toEqual([riskCondition.id]);
    const riskGate = t.gates.entry.conditions.some((c) => c.id === riskCondition.id) ? 'entry' : 'exit';
    const voided = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(voided.gates[riskGate].conditions.find((c) => c.conditionId === riskCondition.id)!.status).toBe('void');
    // A change voids only approvals that held: one void already is not voided again, and nobody is told of it
    // (core/rules.ts approvalsVoidedBy, the rule the panel's preview applies too).
    const toldBefore = sb.harness.jiraLog.filter((c) => c.method === 'POST' && c.path.endsWith(`/issue/${epic.key}/notify`)).length;
    const again = ok(await panel(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel: 'low' }));
    expect(again.voidedApprovals).toEqual([]);
    expect(sb.harness.jiraLog.filter((c) => c.method === 'POST' && c.path.endsWith(`/issue/${epic.key}/notify`)).length).toBe(toldBefore);
    ok(await panel(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel: approval.riskLevel }));

    const done = await transition(sb, epic.key, TRANSITION_IDS.done);
    expect(done.body).toBeNull();
    expect(done.status).toBe(204);
    const final = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(final.status).toBe('done');
    // The audit trail kept every change, with who and before/after.
    const audit = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {}));
    const actions = audit.entries.map((e) => e.action);
    for (const a of ['phase.started', 'attestation.added', 'attestation.revoked', 'waiver.requested', 'waiver.approved', 'risk.changed'])
      expect(actions).toContain(a);
    const revokeEntry = audit.entries.find((e) => e.action === 'attestation.revoked')!;
    expect(revokeEntry.by).toBe('sandbox-hankepaallikko');
    expect(revokeEntry.before).toMatchObject({ conditionId: revoked.id });
  });

  it("writes the validator's message in Swedish only when the user's Jira locale is Swedish", async () => {
    const other = await createEpic(sb, 'Svensk användare');
    await sb.harness.triggers.drain();
    sb.emulator.db.prepare('UPDATE jira_users SET locale = ? WHERE account_id = ?').run('sv_SE', 'sandbox-tuotantotiimi');
    try {
      const sv = await transition(sb, other.key, TRANSITION_IDS.done, 'tuotantotiimi');
      expect(sv.status).toBe(400);
      const text = JSON.stringify(sv.body);
      expect(text).toContain('Ibruktagandefasen kan inte markeras som klar');
      expect(text).not.toContain('Käyttöönottovaihetta ei voi merkitä valmiiksi');
      expect(text).not.toContain('The deployment phase cannot be marked Done');
      const fi = await transition(sb, other.key, TRANSITION_IDS.done, 'hankepaallikko');
      expect(JSON.stringify(fi.body)).not.toContain('Ibruktagandefasen');
    } finally {
      sb.emulator.db.prepare('UPDATE jira_users SET locale = ? WHERE account_id = ?').run('fi_FI', 'sandbox-tuotantotiimi');
    }
  });

  it('passes on an issue that is not a deployment epic', async () => {
    const r = await jira(sb, 'hankepaallikko', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.task }, summary: 'Tavallinen tehtävä' },
    });
    const key = (r.body as { key: string }).key;
    sb.emulator.workflows.setValidators('DEMO', 'Task', TRANSITION_IDS.done, ['exit-gate-validator']);
    try {
      expect((await transition(sb, key, TRANSITION_IDS.done)).status).toBe(204);
    } finally {
      sb.emulator.workflows.setValidators('DEMO', 'Task', TRANSITION_IDS.done, []);
    }
  });

  it('fails closed with a "could not be checked" message when Jira cannot be read', async () => {
    const other = await createEpic(sb, 'Jira alhaalla');
    await sb.harness.triggers.drain();
    const saved = { ...retryPolicy };
    retryPolicy.baseDelayMs = 5;
    sb.emulator.faults.injectFaults([{ match: { pathPrefix: '/rest/api/3/search/jql' }, kind: 'status', status: 503, times: 50 }]);
    try {
      const r = await transition(sb, other.key, TRANSITION_IDS.done);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain('could not be checked');
      expect(JSON.stringify(r.body)).toContain('ei voitu tarkistaa');
    } finally {
      sb.emulator.faults.clear();
      Object.assign(retryPolicy, saved);
    }
  });

  it('a validator makes at most 2 Jira calls and 3 KVS operations on a deployment epic, and 1 Jira call on any other issue', async () => {
    // Deployment epic: the issue with the transitions from its status (the target's category), then
    // one search with reconcileIssues; its state, waiver, settings, template index and the caller's
    // language in one round of batch reads.
    const fresh = await createEpic(sb, 'Kutsujen laskenta');
    await sb.harness.triggers.drain();
    const count = async (as: UserKey) => {
      const jiraFrom = sb.harness.jiraLog.length;
      const kvsFrom = sb.harness.kvsLog.length;
      const r = await transition(sb, fresh.key, TRANSITION_IDS.close, as);
      expect(r.status).toBe(400);
      return {
        text: JSON.stringify(r.body),
        jira: sb.harness.jiraLog.slice(jiraFrom).filter((c) => c.functionKey === 'exit-gate'),
        kvs: sb.harness.kvsLog.slice(kvsFrom).filter((c) => c.functionKey === 'exit-gate'),
      };
    };
    // A person whose language the app does not know yet: their Jira profile is read once, and remembered.
    const first = await count('palvelustaVastaava');
    expect(first.jira.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      'GET /rest/api/3/issue/' + fresh.key,
      'GET /rest/api/3/user',
      'POST /rest/api/3/search/jql',
    ]);
    const again = await count('palvelustaVastaava');
    expect(again.jira.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      'GET /rest/api/3/issue/' + fresh.key,
      'POST /rest/api/3/search/jql',
    ]);
    expect(again.jira[0]!.query.expand).toBe('transitions');
    expect(again.kvs.length).toBeLessThanOrEqual(3);
    expect(again.kvs.every((c) => c.path.includes('batch/get'))).toBe(true);
    // The panel records the language its context gives, so a person who used it costs no profile read.
    ok(await panel(sb, 'arkkitehti', fresh, 'getPanel', {}, 'en-US'));
    const known = await count('arkkitehti');
    expect(known.jira).toHaveLength(2);
    expect(known.text).toContain('The deployment phase cannot be marked Done');
    expect(known.kvs.length).toBeLessThanOrEqual(3);
    // Any other issue on a shared workflow: the target's category and the issue, nothing more.
    const r = await jira(sb, 'hankepaallikko', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.task }, summary: 'Jaettu työnkulku' },
    });
    const key = (r.body as { key: string }).key;
    sb.emulator.workflows.setValidators('DEMO', 'Task', TRANSITION_IDS.done, ['exit-gate-validator']);
    try {
      const from = sb.harness.jiraLog.length;
      expect((await transition(sb, key, TRANSITION_IDS.done)).status).toBe(204);
      const other = sb.harness.jiraLog.slice(from).filter((c) => c.functionKey === 'exit-gate');
      expect(other).toHaveLength(1);
      expect(other.some((c) => c.path === '/rest/api/3/search/jql')).toBe(false);
    } finally {
      sb.emulator.workflows.setValidators('DEMO', 'Task', TRANSITION_IDS.done, []);
    }
  });
});
