/** Completing an item from the panel: Jira's own transition to Done, as the user (resolver completeItem). */
import type { Sandbox } from '../../sandbox/sandbox';
import { pickDoneTransition } from '../../src/services/items';
import { children, createEpic, ok, panel, startApp } from './helpers';

describe('completeItem: an open child moved to Done through Jira, as the user', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Kohtien kuittaus');
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('moves the child to Done, and the panel counts it at once', async () => {
    const before = ok(await panel(sb, 'toteutustiimi', epic, 'getPanel', {}));
    const item = before.readiness.items.find((i) => i.role === 'implementation-team' && i.state === 'open')!;
    const result = ok(await panel(sb, 'toteutustiimi', epic, 'completeItem', { itemId: item.itemId }));
    expect(result).toEqual({ itemId: item.itemId, key: item.child!.key, outcome: 'done', statusName: 'Done', transitionNames: ['Done'] });
    const row = (await children(sb, epic.key)).find((c) => c.key === item.child!.key);
    expect(row?.status).toBe('done');
    const after = ok(await panel(sb, 'toteutustiimi', epic, 'getPanel', {}));
    expect(after.readiness.overall.done).toBe(before.readiness.overall.done + 1);
    // twice is harmless
    expect(ok(await panel(sb, 'toteutustiimi', epic, 'completeItem', { itemId: item.itemId })).outcome).toBe('already-done');
  });

  it('refuses the outsider (Jira does not show them the epic), an unknown item, and extra fields', async () => {
    const outsider = await panel(sb, 'outsider', epic, 'completeItem', { itemId: 'duty.ohjaus.tuotantoon-siirrot' });
    expect(outsider.ok).toBe(false);
    if (!outsider.ok) expect(outsider.error.code).toBe('NOT_FOUND');
    const unknown = await panel(sb, 'hankepaallikko', epic, 'completeItem', { itemId: 'duty.no-such-item' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('NOT_FOUND');
    const extra = await panel(sb, 'hankepaallikko', epic, 'completeItem', { itemId: 'duty.ohjaus.tuotantoon-siirrot', key: 'DEMO-1' } as never);
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error.code).toBe('INVALID_INPUT');
  });
});

describe('pickDoneTransition', () => {
  const done = { statusCategory: { key: 'done' } };
  it('takes an available transition into a Done-category status without a screen or required fields', () => {
    const { pick } = pickDoneTransition([
      { id: '21', to: { statusCategory: { key: 'indeterminate' } } },
      { id: '31', name: 'Done', to: done },
    ]);
    expect(pick?.id).toBe('31');
  });
  it('never takes one that needs a screen or a required field, and names them', () => {
    const { pick, blocked } = pickDoneTransition([
      { id: '31', name: 'Resolve', hasScreen: true, to: done },
      { id: '41', name: 'Close', to: done, fields: { resolution: { required: true } } },
      { id: '51', name: 'Unavailable', isAvailable: false, to: done },
    ]);
    expect(pick).toBeNull();
    expect(blocked.map((t) => t.name)).toEqual(['Resolve', 'Close']);
  });
  it('takes one whose required field has a default', () => {
    expect(pickDoneTransition([{ id: '41', to: done, fields: { resolution: { required: true, hasDefaultValue: true } } }]).pick?.id).toBe('41');
  });
});
