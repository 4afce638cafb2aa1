/** The settings form's default roster: for each role, who a new epic's roster names (nobody, a person or a project role). */
import { useId } from 'react';
import type { ProjectSettings, RosterDefault, SettingsView } from '../../../src/shared/api';
import { ROLE_IDS, type RoleId } from '../../../src/shared/domain';
import { UserPicker } from '../../common/components';
import type { UiEnvironment } from '../../common/i18n';
import type { useUserNames } from '../../common/users';
import type { SettingsErrors } from './validate';

export function RosterDefaults(props: {
  env: UiEnvironment;
  view: SettingsView;
  draft: ProjectSettings;
  roleName: (role: string) => string;
  setRosterDefault: (role: RoleId, value: RosterDefault) => void;
  names: ReturnType<typeof useUserNames>['names'];
  search: (query: string) => Promise<import('../../../src/shared/api').UserSummary[]>;
  errors: SettingsErrors;
  readOnly: boolean;
}): JSX.Element {
  const { env, view, draft, roleName, setRosterDefault, search, errors, readOnly } = props;
  const { t } = env;
  return (
    <>
      <h2>{t('ui.settings.defaultRoster')}</h2>
      <p className="meta">{t('ui.settings.defaultRosterHelp')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ui.roster.role')}</th>
            <th scope="col">{t('ui.settings.source')}</th>
            <th scope="col">{t('ui.roster.person')}</th>
          </tr>
        </thead>
        <tbody>
          {ROLE_IDS.map((role) => (
            <RosterDefaultRow
              key={role}
              env={env}
              role={role}
              roleLabel={roleName(role)}
              value={draft.defaultRoster[role] ?? { type: 'none' }}
              onChange={(value) => setRosterDefault(role, value)}
              projectRoles={view.projectRoles}
              names={props.names}
              search={search}
              error={errors[`roster.${role}`]}
              disabled={readOnly}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

function RosterDefaultRow(props: {
  env: UiEnvironment;
  role: RoleId;
  roleLabel: string;
  value: RosterDefault;
  onChange: (value: RosterDefault) => void;
  projectRoles: SettingsView['projectRoles'];
  names: ReturnType<typeof useUserNames>['names'];
  search: (query: string) => Promise<import('../../../src/shared/api').UserSummary[]>;
  error: string | undefined;
  disabled: boolean;
}): JSX.Element {
  const { env, value } = props;
  const { t } = env;
  const typeId = useId();
  const roleSelectId = useId();
  const errorId = useId();
  return (
    <tr data-testid="roster-default" data-role={props.role}>
      <th scope="row">{props.roleLabel}</th>
      <td>
        <label htmlFor={typeId} className="visually-hidden">
          {t('ui.settings.sourceFor', { role: props.roleLabel })}
        </label>
        <select
          id={typeId}
          value={value.type}
          onChange={(e) => {
            const type = e.target.value as RosterDefault['type'];
            props.onChange(
              type === 'none'
                ? { type }
                : type === 'user'
                  ? { type, accountId: '' }
                  : { type, projectRoleId: props.projectRoles[0]?.id ?? '' },
            );
          }}
        >
          <option value="none">{t('ui.settings.sourceNone')}</option>
          <option value="user">{t('ui.settings.sourceUser')}</option>
          <option value="project-role">{t('ui.settings.sourceProjectRole')}</option>
        </select>
      </td>
      <td>
        {value.type === 'user' ? (
          <UserPicker
            label={t('ui.roster.pick', { role: props.roleLabel })}
            value={value.accountId || null}
            valueName={value.accountId ? (props.names[value.accountId]?.displayName ?? t('ui.common.unknownUser')) : null}
            search={props.search}
            onPick={(user) => props.onChange({ type: 'user', accountId: user?.accountId ?? '' })}
            disabled={props.disabled}
            t={t}
          />
        ) : value.type === 'project-role' ? (
          <>
            <label htmlFor={roleSelectId} className="visually-hidden">
              {t('ui.settings.projectRoleFor', { role: props.roleLabel })}
            </label>
            <select
              id={roleSelectId}
              value={value.projectRoleId}
              onChange={(e) => props.onChange({ type: 'project-role', projectRoleId: e.target.value })}
              aria-invalid={props.error ? true : undefined}
              aria-describedby={props.error ? errorId : undefined}
            >
              <option value="">{t('ui.common.choose')}</option>
              {props.projectRoles.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className="meta">{t('ui.settings.noDefault')}</span>
        )}
        {props.error ? (
          <span id={errorId} className="error-text">
            {' '}
            {props.error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
