/**
 * Forge delivers a queue event at least once, and a duplicate may arrive at the same moment as the
 * first delivery (events reference, "Async events API"; the sandbox delivers `triggerDuplicates`
 * copies at once). The summary writer works on one delivery of an event and acknowledges the other:
 * two concurrent deliveries would both read the old copy on the epic and both write.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { children, createEpic, jira, startApp, summaryWrites } from './helpers';

describe('the summary writer under duplicate deliveries', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('every event delivered twice at once: one child change costs one write on the epic', async () => {
    // Not strict: no random lag between the copies, so the two deliveries of each event run together.
    sb = await startApp({ strict: false, triggerDuplicates: 2, triggerDelayMs: 0 });
    const epic = await createEpic(sb, 'Kahdesti toimitettu');
    await sb.harness.triggers.drain();
    const [first, second] = await children(sb, epic.key);
    for (const child of [first!, second!]) {
      const before = summaryWrites(sb, epic.id);
      const r = await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${child.key}/transitions`, { transition: { id: TRANSITION_IDS.done } });
      expect(r.status).toBe(204);
      await sb.harness.triggers.drain();
      expect(summaryWrites(sb, epic.id) - before).toBe(1);
    }
    const deliveries = sb.harness.triggers.events().filter((e) => e.moduleKey === 'summary-consumer' && e.state === 'done');
    expect(deliveries.length).toBeGreaterThanOrEqual(4); // the duplicates were delivered and acknowledged
  }, 60_000);
});
