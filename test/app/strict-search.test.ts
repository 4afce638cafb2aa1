/**
 * Search lags behind writes on a real site (OpenAPI, search/jql); the emulator's strict mode does the same.
 * The panel of an epic created a moment ago must still load: the app reads the epic with GET /issue
 * (strongly consistent) when the search does not show it yet.
 */
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { seedDemoSettings } from '../../dev/sandbox/demo';
import { createEpic, ok, panel, quiet } from './helpers';

describe('app under strict search (index lag)', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    // a lag far longer than the test: nothing written during the test is searchable
    sb = await createSandbox({
      jiraOptions: { strict: { searchLagMs: 3_600_000 } },
      harnessOptions: { triggerDelayMs: 10, retryBaseDelayMs: 10, logger: quiet },
    });
    await seedDemoSettings(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('the panel of an epic that search does not show yet loads instead of "epic not found"', async () => {
    const epic = await createEpic(sb, 'Juuri luotu');
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.epic.key).toBe(epic.key);
    expect(sb.emulator.strict.state().lagging).toBeGreaterThan(0);
  });
});
