/**
 * Workflow rules in team-managed projects (issue 10, item 7): the validators declare projectTypes for both
 * project types (test/manifest/platform.test.ts), and the settings page says when the project is
 * team-managed, where its rules are set in the project's own workflow editor.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result, SettingsView } from '../../src/shared/api';
import { ok, startApp } from './helpers';

async function getSettings(sb: Sandbox): Promise<SettingsView> {
  return ok(
    (await sb.harness.invokeResolver('settings-resolver', 'getSettings', {}, settingsContext(ACCOUNT_IDS.admin))) as Result<SettingsView>,
  );
}

describe('settings page and the project type', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('a company-managed project is not flagged; a team-managed one (style next-gen) is', async () => {
    sb.emulator.setProjectStyle('DEMO', 'classic');
    expect((await getSettings(sb)).teamManaged).toBe(false);
    sb.emulator.setProjectStyle('DEMO', 'next-gen');
    try {
      expect((await getSettings(sb)).teamManaged).toBe(true);
    } finally {
      sb.emulator.setProjectStyle('DEMO', 'classic');
    }
  });
});
