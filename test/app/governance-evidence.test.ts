/**
 * Issue #24, "…or the evidence link is changed, the confirmation turns stale, no longer counts, and its
 * confirmer is told": the panel's `changeEvidence` action, through the sandbox (resolvers, validator, notify).
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/demo-data';
import { approval, attestable, createEpic, HOLDER, jira, ok, panel, startApp, wholeAudit } from './helpers';

// Confirmed by the service owner or the project manager (entry gate).
const shared = attestable('entry').find((c) => c.attestRoles.includes('service-owner') && c.attestRoles.includes('project-manager'))!;
const oldLink = 'https://wiki.example.org/vastuut-v1';
const newLink = 'https://wiki.example.org/vastuut-v2';

const notifies = (sb: Sandbox, epicKey: string) =>
  sb.harness.jiraLog
    .filter((c) => c.method === 'POST' && c.path.endsWith(`/issue/${epicKey}/notify`))
    .map((c) => c.requestBody as { subject: string; textBody: string; to: { users: { accountId: string }[] } });

describe('changing a confirmed condition’s evidence link', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('stales the confirmations with another link, tells their confirmer, and the entry validator refuses until confirmed again', async () => {
    const epic = await createEpic(sb, 'Todisteen vaihto');
    await sb.harness.triggers.drain();
    for (const c of attestable('entry'))
      ok(
        await panel(sb, c.id === shared.id ? 'palvelustaVastaava' : HOLDER[c.attestRoles[0]!], epic, 'attest', {
          conditionId: c.id,
          ...(c.id === shared.id ? { evidenceUrl: oldLink } : {}),
          ...(c.approval ? { approval } : {}),
        }),
      );
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).gates.entry.passed).toBe(true);

    // Someone who may not confirm the condition (and is no project admin) is refused.
    const refused = await panel(sb, 'arkkitehti', epic, 'changeEvidence', { conditionId: shared.id, evidenceUrl: newLink });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    // The link is checked as a confirmation's is.
    const bad = await panel(sb, 'hankepaallikko', epic, 'changeEvidence', { conditionId: shared.id, evidenceUrl: 'javascript:alert(1)' });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');

    const before = notifies(sb, epic.key).length;
    const auditBefore = (await wholeAudit(sb, epic)).length;
    const changed = ok(await panel(sb, 'hankepaallikko', epic, 'changeEvidence', { conditionId: shared.id, evidenceUrl: newLink }));
    expect(changed).toMatchObject({ changed: true, staled: 1, evidenceUrl: newLink });

    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.gates.entry.conditions.find((c) => c.conditionId === shared.id)).toMatchObject({ passed: false, status: 'stale' });
    expect(view.attestations.find((a) => a.conditionId === shared.id)!.stale).toMatchObject({
      reason: 'evidence-changed',
      evidenceUrl: newLink,
    });
    const audit = await wholeAudit(sb, epic);
    const staleEntry = audit.find((e) => e.action === 'attestation.stale' && e.subject === shared.id)!;
    expect(staleEntry).toMatchObject({
      by: ACCOUNT_IDS.hankepaallikko,
      before: { evidenceUrl: oldLink },
      after: { stale: { reason: 'evidence-changed' } },
    });
    expect(audit.filter((e) => e.action === 'evidence.changed')).toEqual([
      expect.objectContaining({
        subject: shared.id,
        by: ACCOUNT_IDS.hankepaallikko,
        after: expect.objectContaining({ evidenceUrl: newLink }),
      }),
    ]);
    // The confirmer is told, in their language, with the new link.
    const told = notifies(sb, epic.key).slice(before);
    expect(told.flatMap((b) => b.to.users.map((u) => u.accountId))).toEqual([ACCOUNT_IDS.palvelustaVastaava]);
    expect(told[0]!.textBody).toContain(newLink);

    // The same link again changes nothing: no record, no entry, no notice.
    const again = ok(await panel(sb, 'hankepaallikko', epic, 'changeEvidence', { conditionId: shared.id, evidenceUrl: newLink }));
    expect(again).toMatchObject({ changed: false, staled: 0 });
    expect((await wholeAudit(sb, epic)).length).toBe(auditBefore + 2);
    expect(notifies(sb, epic.key).length).toBe(before + 1);

    // The entry validator refuses the phase until the condition is confirmed again.
    const move = () =>
      jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, { transition: { id: TRANSITION_IDS.inProgress } });
    const blocked = await move();
    expect(blocked.status).toBe(400);
    expect((blocked.body as { errorMessages: string[] }).errorMessages.join('\n')).toContain('vahvistus vanhentunut');
    ok(await panel(sb, 'palvelustaVastaava', epic, 'attest', { conditionId: shared.id, evidenceUrl: newLink }));
    expect((await move()).status).toBe(204);
  });

  it('a project admin may change it; a condition nobody confirmed is not changed', async () => {
    const epic = await createEpic(sb, 'Todisteen vaihto, ylläpitäjä');
    await sb.harness.triggers.drain();
    const unconfirmed = await panel(sb, 'hankepaallikko', epic, 'changeEvidence', { conditionId: shared.id, evidenceUrl: newLink });
    expect(!unconfirmed.ok && unconfirmed.error.code).toBe('CONFLICT');
    ok(await panel(sb, 'palvelustaVastaava', epic, 'attest', { conditionId: shared.id, evidenceUrl: oldLink }));
    expect(ok(await panel(sb, 'admin', epic, 'getPanel', {})).permissions.changeEvidence?.[shared.id]?.allowed).toBe(true);
    expect(ok(await panel(sb, 'admin', epic, 'changeEvidence', { conditionId: shared.id, evidenceUrl: newLink }))).toMatchObject({
      changed: true,
      staled: 1,
    });
  });
});
