/**
 * The audit trail still replays into the stored state after a template upgrade that voids a
 * confirmation and a waiver (strict mode, through the sandbox): the voided confirmation does not
 * reappear in the replayed state, and the closure dossier's replay check holds.
 */
import YAML from 'yaml';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { replayAudit, replayDifferences } from '../../src/core/audit-replay';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { createEpic, ok, panel, startApp, storedState, wholeAudit } from './helpers';

describe('the audit trail replays after an upgrade', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('a confirmation and a waiver voided by the upgrade: the replay equals the stored state', async () => {
    const epic = await createEpic(sb, 'Päivitys ja muutoshistoria');
    await sb.harness.triggers.drain();
    const reworded = CURRENT_TEMPLATE.gates.entry.conditions.find(
      (c) => c.kind === 'attestation' && !c.approval && c.attestRoles.includes('project-manager'),
    )!;
    const item = CURRENT_TEMPLATE.items.find((i) => i.role === 'implementation-team')!;
    ok(await panel(sb, 'hankepaallikko', epic, 'attest', { conditionId: reworded.id, evidenceUrl: 'https://example.invalid/e' }));
    ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: item.id, reason: 'Ei koske tätä järjestelmää' }));
    ok(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: item.id, approve: true }));

    // Version 1.1.0: the condition and the waived item are reworded (both lose their meaning).
    const d = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml'));
    d.version = '1.1.0';
    const cond = d.gates.entry.conditions.find((c: { id: string }) => c.id === reworded.id);
    cond.text.fi = `${cond.text.fi} ja dokumentoitu`;
    const it = d.items.find((i: { id: string }) => i.id === item.id);
    it.text.fi = `${it.text.fi} (tarkennettu)`;
    const saved = (await sb.harness.invokeResolver(
      'settings-resolver',
      'saveProjectTemplate',
      { text: YAML.stringify(d), locale: 'en-US' },
      { ...settingsContext(ACCOUNT_IDS.admin), locale: 'en-US' },
    )) as { ok: boolean };
    expect(saved.ok).toBe(true);

    const plan = ok(await panel(sb, 'hankepaallikko', epic, 'previewUpgrade', {})).plan!;
    expect(plan.voidedAttestations.map((v) => v.conditionId)).toEqual([reworded.id]);
    expect(plan.voidedWaivers.map((v) => v.itemId)).toEqual([item.id]);
    ok(await panel(sb, 'hankepaallikko', epic, 'upgradeEpic', { toTemplateId: 'kayttoonotto', toVersion: '1.1.0' }));

    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.attestations.map((a) => a.conditionId)).not.toContain(reworded.id);
    expect(view.waivers.find((w) => w.itemId === item.id)?.status).toBe('rejected');
    const replayed = replayAudit(await wholeAudit(sb, epic));
    expect(replayed.attestations[reworded.id]).toBeUndefined();
    expect(replayDifferences(replayed, storedState(view))).toEqual([]);
  }, 60_000);
});
