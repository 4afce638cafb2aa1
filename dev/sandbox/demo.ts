/**
 * Sets the Käyttöönotto template up for the seeded DEMO project through the app's real settings
 * resolver, as the seeded admin — the same path a project admin takes on the settings page.
 */
import type { ProjectSettings, Result, SettingsView } from '../../src/shared/api';
import { ROLE_IDS } from '../../src/core/template/schema';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, DEFAULT_ROLE_HOLDERS, DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';

export const DEMO_SETTINGS: ProjectSettings = {
  enabled: true,
  epicSelector: { mode: 'all-epics' },
  childIssueTypeId: ISSUE_TYPE_IDS.task,
  defaultRoster: Object.fromEntries(
    ROLE_IDS.map((r) => [r, { type: 'user', accountId: DEFAULT_ROLE_HOLDERS[r] }]),
  ) as ProjectSettings['defaultRoster'],
  deliverableOwners: {},
  templateVersion: CURRENT_TEMPLATE.version,
};

export const settingsContext = (accountId: string) => ({
  accountId,
  moduleKey: 'project-settings',
  extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
});

/** Saves DEMO's settings unless some are saved already (unless `force`). */
export async function seedDemoSettings(
  sandbox: Pick<Sandbox, 'harness'>,
  opts: { force?: boolean; settings?: ProjectSettings } = {},
): Promise<{ view: SettingsView; saved: boolean }> {
  const ctx = settingsContext(ACCOUNT_IDS.admin);
  const current = (await sandbox.harness.invokeResolver('settings-resolver', 'getSettings', {}, ctx)) as Result<SettingsView>;
  if (!current.ok) throw new Error(`getSettings failed: ${current.error.code} ${current.error.message}`);
  if (!current.data.isDefault && !opts.force) return { view: current.data, saved: false };
  const saved = (await sandbox.harness.invokeResolver(
    'settings-resolver',
    'saveSettings',
    { settings: opts.settings ?? DEMO_SETTINGS },
    ctx,
  )) as Result<SettingsView>;
  if (!saved.ok)
    throw new Error(`saveSettings failed: ${saved.error.code} ${saved.error.message} ${(saved.error.details ?? []).join('; ')}`);
  return { view: saved.data, saved: true };
}

/** The seeded user of each role, with the email to act as them in the host pages (`?as=`). */
export const SEEDED_ROLE_USERS = Object.fromEntries(
  ROLE_IDS.map((r) => {
    const accountId = DEFAULT_ROLE_HOLDERS[r];
    const key = (Object.keys(ACCOUNT_IDS) as (keyof typeof ACCOUNT_IDS)[]).find((k) => ACCOUNT_IDS[k] === accountId);
    return [r, { accountId, email: key && key !== 'app' ? EMAILS[key] : '' }];
  }),
) as Record<(typeof ROLE_IDS)[number], { accountId: string; email: string }>;

/** First start of the sandbox: saves DEMO's settings only when none are saved. */
export async function ensureDemoSettings(sandbox: Pick<Sandbox, 'harness'>): Promise<'saved' | 'kept'> {
  return (await seedDemoSettings(sandbox)).saved ? 'saved' : 'kept';
}
