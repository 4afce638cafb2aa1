/**
 * Panel actions answer with what changed (issue 22): one resolver call, the delta of the view
 * against what the panel holds (src/shared/panel-delta.ts), 10 KB or less, never the template;
 * applied to the panel's view it gives exactly what reading the view again gives.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import type { PanelView } from '../../src/shared/api';
import { applyDelta, printsOf, unitsOf, inLanguage, stableJson } from '../../src/shared/panel-delta';
import { createEpic, ok, panel, startApp } from './helpers';

const kB = (v: unknown) => Buffer.byteLength(JSON.stringify(v)) / 1024;
/** The units in which two views differ as the panel shows them; the audit tail aside, which the
 * sandbox lists as KVS does, with a lag after writes (a later read may show more entries). */
const differing = (a: PanelView, b: PanelView) => {
  const ua = inLanguage(unitsOf(a), 'fi') as Record<string, unknown>;
  const ub = inLanguage(unitsOf(b), 'fi') as Record<string, unknown>;
  return [...new Set([...Object.keys(ua), ...Object.keys(ub)])]
    .filter((k) => !k.startsWith('auditTail'))
    .filter((k) => stableJson(ua[k]) !== stableJson(ub[k]));
};

describe('panel actions: one call, the delta', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  async function started() {
    sb = await startApp();
    const epic = await createEpic(sb, 'Muutokset');
    await sb.harness.triggers.drain();
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    return { epic, view };
  }

  const attestable = (view: PanelView) =>
    Object.entries(view.permissions.attest).find(([id, p]) => p.allowed && !view.attestations.some((a) => a.conditionId === id))![0];

  it('confirming answers in one call with ≤10 KB and no template; the panel applying it holds what getPanel then shows', async () => {
    const { epic, view } = await started();
    const conditionId = attestable(view);
    const answer = ok(await panel(sb, 'hankepaallikko', epic, 'attest', { conditionId, since: printsOf(view, 'fi') }));
    expect(answer.conditionId).toBe(conditionId);
    expect(kB(answer)).toBeLessThanOrEqual(10);
    expect(JSON.stringify(answer)).not.toContain(JSON.stringify(view.template.description.fi));
    expect(Object.keys(answer.delta.units).some((p) => p.startsWith('attestations@'))).toBe(true);
    expect(answer.delta.template).toEqual({ id: view.template.id, version: view.template.version });

    const applied = applyDelta(view, answer.delta, 'fi')!;
    const fresh = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(differing(applied, fresh)).toEqual([]);
  });

  it('revoking and completing an item too; a later action carries only what changed since', async () => {
    const { epic, view } = await started();
    const conditionId = attestable(view);
    const first = ok(await panel(sb, 'hankepaallikko', epic, 'attest', { conditionId, since: printsOf(view, 'fi') }));
    const afterAttest = applyDelta(view, first.delta, 'fi')!;
    const revoked = ok(
      await panel(sb, 'hankepaallikko', epic, 'revokeAttestation', {
        conditionId,
        reason: 'Väärä ehto',
        since: printsOf(afterAttest, 'fi'),
      }),
    );
    expect(kB(revoked)).toBeLessThanOrEqual(10);
    const afterRevoke = applyDelta(afterAttest, revoked.delta, 'fi')!;
    expect(afterRevoke.attestations.some((a) => a.conditionId === conditionId)).toBe(false);

    const item = afterRevoke.readiness.items.find((i) => i.child?.assigneeAccountId === afterRevoke.callerAccountId)!;
    const done = await panel(sb, 'hankepaallikko', epic, 'completeItem', { itemId: item.itemId, since: printsOf(afterRevoke, 'fi') });
    const current = done.ok ? applyDelta(afterRevoke, done.data.delta, 'fi')! : afterRevoke;
    expect(done.ok).toBe(true);
    if (done.ok) expect(kB(done.data)).toBeLessThanOrEqual(10);
    const fresh = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(differing(current, fresh)).toEqual([]);
  });

  it('without fingerprints every unit comes, still without the template; another template version asks for the view again', async () => {
    const { epic, view } = await started();
    const answer = ok(await panel(sb, 'hankepaallikko', epic, 'attest', { conditionId: attestable(view) }));
    expect(answer.delta.units).not.toHaveProperty('template');
    expect(Object.keys(answer.delta.units)).toContain('readiness.items#0');
    expect(applyDelta({ ...view, template: { ...view.template, version: '9.9.9' } }, answer.delta, 'fi')).toBeNull();
  });
});
