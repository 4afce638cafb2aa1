/** The settings page once loaded: the project's settings form and the page's other sections. */
import { useId } from 'react';
import type { ProjectSettings, RosterDefault, SettingsView } from '../../../src/shared/api';
import type { RoleId } from '../../../src/shared/domain';
import { Button, ErrorMessage, Lozenge, SectionMessage } from '../../common/components';
import { formatDateTime, localize, type UiEnvironment } from '../../common/i18n';
import { DossierFileCheck } from '../../common/dossier-check';
import type { useUserNames } from '../../common/users';
import { TemplatesSection } from './Templates';
import { DuplicatesSection } from './Duplicates';
import { RemindersSettings } from './Reminders';
import { useSettingsForm } from './hooks';
import { GeneralSettings } from './GeneralSettings';
import { RosterDefaults } from './RosterDefaults';
import { DeliverableOwners } from './DeliverableOwners';
import { ValidatorStatus } from './ValidatorStatus';

export function SettingsForm(props: {
  env: UiEnvironment;
  view: SettingsView;
  draft: ProjectSettings;
  setDraft: (next: ProjectSettings) => void;
  accept: (view: SettingsView) => Promise<void>;
  users: ReturnType<typeof useUserNames>;
  onTemplatesChanged: () => void;
}): JSX.Element {
  const { env, view, draft, setDraft } = props;
  const { t, lang } = env;
  const statusId = useId();
  const { errors, serverError, saving, status, readOnly, unsaved, search, save } = useSettingsForm(props);
  const update = (patch: Partial<ProjectSettings>): void => setDraft({ ...draft, ...patch });
  const roleName = (role: string): string => {
    const found = view.template.roles.find((r) => r.id === role);
    return found ? localize(found.name, lang) : role;
  };
  const setRosterDefault = (role: RoleId, value: RosterDefault): void =>
    update({ defaultRoster: { ...draft.defaultRoster, [role]: value } });

  return (
    <main aria-labelledby="settings-title" data-testid="settings">
      <h1 id="settings-title">
        {t('settings.title')}: {view.project.name} ({view.project.key})
      </h1>
      <p className="subtle">{localize(view.template.description, lang)}</p>
      {readOnly ? (
        <SectionMessage appearance="warning" title={t('ui.settings.readOnlyTitle')} headingLevel={2} testId="read-only">
          <p>{t('ui.settings.readOnly')}</p>
        </SectionMessage>
      ) : null}
      {view.isDefault ? (
        <SectionMessage appearance="information" title={t('ui.settings.defaultsTitle')} headingLevel={2}>
          <p>{t('ui.settings.defaults')}</p>
        </SectionMessage>
      ) : null}
      <ValidatorStatus env={env} view={view} />
      <form onSubmit={(e) => void save(e)} noValidate aria-describedby={statusId}>
        <fieldset disabled={readOnly} className="card stack" style={{ border: 0 }}>
          <legend className="visually-hidden">{t('settings.title')}</legend>
          <GeneralSettings env={env} view={view} draft={draft} update={update} errors={errors} />

          <RosterDefaults
            env={env}
            view={view}
            draft={draft}
            roleName={roleName}
            setRosterDefault={setRosterDefault}
            names={props.users.names}
            search={search}
            errors={errors}
            readOnly={readOnly}
          />

          <RemindersSettings value={draft.reminders} onChange={(reminders) => update({ reminders })} t={t} />
          <DeliverableOwners env={env} view={view} draft={draft} update={update} roleName={roleName} />
          {serverError ? <ErrorMessage error={serverError} title={t('ui.settings.saveFailed')} t={t} headingLevel={2} /> : null}
          <div className="row">
            <Button type="submit" appearance="primary" busy={saving} disabled={readOnly} testId="save-settings">
              {t('ui.common.save')}
            </Button>
            {unsaved ? (
              <span data-testid="unsaved">
                <Lozenge appearance="warning">{t('ui.settingsGuide.unsaved')}</Lozenge>
              </span>
            ) : null}
          </div>
        </fieldset>
        <p id={statusId} role="status" aria-live="polite" className="meta" data-testid="settings-status">
          {status}
        </p>
      </form>
      <TemplatesSection env={env} onChanged={props.onTemplatesChanged} />
      <DuplicatesSection env={env} />
      <section className="stack" data-testid="settings-dossier">
        <DossierFileCheck t={t} when={(iso) => formatDateTime(iso, env.locale, env.timezone)} scope="project" />
      </section>
      {view.settings.updatedAt ? (
        <p className="meta">
          {t('ui.settings.updated', { when: new Date(view.settings.updatedAt).toLocaleString(env.locale, { timeZone: env.timezone }) })}
        </p>
      ) : null}
    </main>
  );
}
