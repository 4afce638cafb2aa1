/** The settings form's owners of deliverables: the role that owns each deliverable of the template in this project. */
import type { ProjectSettings, SettingsView } from '../../../src/shared/api';
import { ROLE_IDS, type RoleId } from '../../../src/shared/domain';
import { localize, type UiEnvironment } from '../../common/i18n';

export function DeliverableOwners(props: {
  env: UiEnvironment;
  view: SettingsView;
  draft: ProjectSettings;
  update: (patch: Partial<ProjectSettings>) => void;
  roleName: (role: string) => string;
}): JSX.Element {
  const { env, view, draft, update, roleName } = props;
  const { t, lang } = env;
  const deliverables = view.template.items.filter((item) => item.kind === 'deliverable');
  return (
    <>
      <h2>{t('ui.settings.deliverableOwners')}</h2>
      <p className="meta">{t('ui.settings.deliverableOwnersHelp')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ui.item.kind.deliverable')}</th>
            <th scope="col">{t('ui.settings.ownerRole')}</th>
          </tr>
        </thead>
        <tbody>
          {deliverables.map((item) => {
            const selectId = `owner-${item.id}`;
            const value = draft.deliverableOwners[item.id] ?? item.role;
            return (
              <tr key={item.id}>
                <td>
                  <label htmlFor={selectId}>{localize(item.text, lang)}</label>
                </td>
                <td>
                  <select
                    id={selectId}
                    value={value}
                    onChange={(e) => update({ deliverableOwners: { ...draft.deliverableOwners, [item.id]: e.target.value as RoleId } })}
                  >
                    {ROLE_IDS.map((role) => (
                      <option key={role} value={role}>
                        {roleName(role)}
                        {role === item.role ? ` (${t('ui.settings.templateDefault')})` : ''}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
