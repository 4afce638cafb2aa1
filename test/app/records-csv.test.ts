/**
 * Issue 23: a child moved to Done in Jira carries Jira's resolution date into the panel's view
 * (`child.resolvedAt`), which the closure checklist's CSV writes as the completion date.
 */
import type { PanelView } from '../../src/shared/api';
import { children, createEpic, jira, ok, panel, startApp } from './helpers';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startApp();
});
afterAll(async () => {
  await sb.close();
});

it('a child done in Jira: the panel view carries its resolution date (the completion date in the CSV)', async () => {
  const epic = await createEpic(sb, 'Valmistumispäivä');
  await sb.harness.triggers.drain();
  const rows = await children(sb, epic.key);
  const child = rows[0]!;
  const done = await jira(sb, 'toteutustiimi', 'POST', `/rest/api/3/issue/${child.key}/transitions`, { transition: { id: '31' } });
  expect(done.status).toBe(204);
  const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})) as PanelView;
  const state = view.readiness.items.find((i) => i.child?.key === child.key)!;
  expect(state.state).toBe('done');
  expect(state.child?.resolvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
});
