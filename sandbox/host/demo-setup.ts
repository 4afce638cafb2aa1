/**
 * First-start setup of the demo project: when DEMO has no saved settings, save them through the
 * app's real settings resolver as the admin (enabled, every epic a deployment epic, children are
 * Tasks, the default roster = the seeded users by role).
 */
import type { ProjectSettings, Result, SettingsView } from '../../src/shared/api';
import type { RoleId } from '../../src/core/template/schema';
import type { HostSandbox } from './index';

export const DEMO_PROJECT = { id: '10000', key: 'DEMO', type: 'software' } as const;
export const ADMIN_ACCOUNT_ID = 'sandbox-admin';
export const TASK_TYPE_ID = '10001';

/** The seeded user of each role (docs/ARCHITECTURE.md, "Sandbox seed"). */
export const SEEDED_ROLE_USERS: Record<RoleId, { accountId: string; email: string }> = {
  'project-manager': { accountId: 'sandbox-hankepaallikko', email: 'hankepaallikko@sandbox.test' },
  'service-owner': { accountId: 'sandbox-palvelusta-vastaava', email: 'palvelusta.vastaava@sandbox.test' },
  architect: { accountId: 'sandbox-arkkitehti', email: 'arkkitehti@sandbox.test' },
  'implementation-team': { accountId: 'sandbox-toteutustiimi', email: 'toteutustiimi@sandbox.test' },
  'production-team': { accountId: 'sandbox-tuotantotiimi', email: 'tuotantotiimi@sandbox.test' },
  'steering-group': { accountId: 'sandbox-ohjausryhma', email: 'ohjausryhma@sandbox.test' },
};

function settingsCall(sandbox: HostSandbox, name: 'getSettings' | 'saveSettings', payload: unknown): Promise<unknown> {
  return sandbox.harness.invokeResolver('settings-resolver', name, payload, {
    accountId: ADMIN_ACCOUNT_ID,
    moduleKey: 'project-settings',
    extension: { type: 'jira:projectSettingsPage', project: { ...DEMO_PROJECT } },
    locale: 'en-US',
  });
}

function asResult<T>(value: unknown, what: string): Result<T> {
  if (typeof value === 'object' && value !== null && 'ok' in value) return value as Result<T>;
  throw new Error(`${what}: unexpected answer ${JSON.stringify(value)}`);
}

/** Returns 'saved' when it saved the demo settings, 'kept' when DEMO already had settings. */
export async function ensureDemoSettings(sandbox: HostSandbox): Promise<'saved' | 'kept'> {
  const current = asResult<SettingsView>(await settingsCall(sandbox, 'getSettings', {}), 'getSettings');
  if (!current.ok) throw new Error(`getSettings for DEMO failed: ${current.error.code} ${current.error.message}`);
  if (!current.data.isDefault) return 'kept';
  const defaultRoster = Object.fromEntries(
    Object.entries(SEEDED_ROLE_USERS).map(([role, user]) => [role, { type: 'user', accountId: user.accountId }]),
  ) as ProjectSettings['defaultRoster'];
  const settings: ProjectSettings = {
    ...current.data.settings,
    enabled: true,
    epicSelector: { mode: 'all-epics' },
    childIssueTypeId: TASK_TYPE_ID,
    defaultRoster,
  };
  const saved = asResult<SettingsView>(await settingsCall(sandbox, 'saveSettings', { settings }), 'saveSettings');
  if (!saved.ok) {
    throw new Error(`Saving the DEMO settings failed: ${saved.error.code} ${saved.error.message}${saved.error.details ? `\n  ${saved.error.details.join('\n  ')}` : ''}`);
  }
  return 'saved';
}
