/** The settings form's client-side checks (static/settings/src/validate.ts) follow the server's rules. */
import { validateSettings } from '../../static/settings/src/validate';
import { DEMO_SETTINGS } from '../../dev/sandbox/demo';
import type { SettingsView } from '../../src/shared/api';
import { CURRENT_TEMPLATE } from '../../src/core/template';

const t = (key: string) => key;
const view = {
  issueTypes: [{ id: '10001', name: 'Task', hierarchyLevel: 0, subtask: false }],
  projectRoles: [{ id: '10002', name: 'Arkkitehti', userAccountIds: ['sandbox-arkkitehti'] }],
  templateVersions: [CURRENT_TEMPLATE.version],
} as unknown as SettingsView;

describe('settings form checks', () => {
  it('accepts the demo settings', () => {
    expect(validateSettings(DEMO_SETTINGS, view, t)).toEqual({});
  });

  it('refuses a project role the project does not have, and a malformed account id', () => {
    const errors = validateSettings(
      {
        ...DEMO_SETTINGS,
        defaultRoster: {
          ...DEMO_SETTINGS.defaultRoster,
          architect: { type: 'project-role', projectRoleId: '99999' },
          'service-owner': { type: 'user', accountId: 'a b' },
          'production-team': { type: 'project-role', projectRoleId: '10002' },
        },
      },
      view,
      t,
    );
    expect(errors).toEqual({ 'roster.architect': 'ui.settings.pickProjectRole', 'roster.service-owner': 'ui.settings.pickUser' });
  });
});
