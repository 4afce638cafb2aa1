/**
 * Spawning 38 items at the platform's grain (issue 22): at most 3 Jira calls in the spawn itself
 * (one reconciling search, the caller's permission, one bulk create); the epic's phase property is
 * brought up to date by the summary refresh, which reads it in the search it makes anyway.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { createEpic, jira, ok, panel, settleSearch, startApp } from './helpers';

describe('spawn: Jira calls', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('the panel start of a new epic creates its 38 items in 3 Jira calls; the summary refresh then writes the phase property once', async () => {
    sb = await startApp({ triggerDelayMs: 60_000 }); // the test starts the phase itself
    const epic = await createEpic(sb, 'Kolme kutsua');
    const from = sb.harness.jiraLog.length;
    const report = ok(await panel(sb, 'hankepaallikko', epic, 'startPhase', {}));
    expect(report.createdNow).toBe(CURRENT_TEMPLATE.items.length);
    const calls = sb.harness.jiraLog.slice(from).filter((c) => c.functionKey === 'panel-resolver');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /rest/api/3/search/jql',
      'GET /rest/api/3/mypermissions',
      'POST /rest/api/3/issue/bulk',
    ]);
    expect(calls.every((c) => c.accountId === ACCOUNT_IDS.hankepaallikko)).toBe(true);
    // Storage: the intent before the bulk create, the map with its answer, and nothing written twice.
    const writes = (key: string) =>
      sb.harness.kvsLog.filter((k) => k.functionKey === 'panel-resolver' && k.path.endsWith('/set') && k.keys.includes(key)).length;
    expect(writes(`epic:${epic.id}:children`)).toBe(1);
    expect(writes(`epic:${epic.id}:inflight`)).toBe(1); // the intent; its answer clears it (a delete)

    // The summary refresh the spawn queued (run now, as its delivery would): the property follows
    // the stored phase, written once; a refresh with nothing new leaves it alone.
    const propertyWrites = () =>
      sb.harness.jiraLog.filter((c) => c.method === 'PUT' && c.path === `/rest/api/3/issue/${epic.id}/properties/kayttoonotto-phase`);
    expect(await phaseProperty()).toBeNull();
    const refresh = async () => {
      for (const q of sb.harness.queueLog.filter((x) => x.queueName === 'summary-queue'))
        for (const body of q.bodies) await sb.harness.invokeConsumer('summary-consumer', body);
    };
    await refresh();
    expect(await phaseProperty()).toEqual({
      templateId: CURRENT_TEMPLATE.id,
      templateVersion: CURRENT_TEMPLATE.version,
      spawnState: 'complete',
      created: 38,
      total: 38,
    });
    expect(propertyWrites()).toHaveLength(1);
    await settleSearch(sb);
    await refresh();
    expect(propertyWrites()).toHaveLength(1);

    async function phaseProperty(): Promise<unknown> {
      const r = await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${epic.key}/properties/kayttoonotto-phase`);
      return r.status === 200 ? (r.body as { value: unknown }).value : null;
    }
  });
});
