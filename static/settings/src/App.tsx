import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { router } from '@forge/bridge';
import type { ApiError, ProjectSettings, RosterDefault, SettingsView } from '../../../src/shared/api';
import { ROLE_IDS, type RoleId } from '../../../src/shared/domain';
import { call } from '../../common/api';
import { Button, ErrorMessage, Loading, Lozenge, SectionMessage, UserPicker, errorText, flag } from '../../common/components';
import { bootLoadingLabel, formatDateTime, loadEnvironment, localize, type UiEnvironment } from '../../common/i18n';
import { DossierFileCheck } from '../../common/dossier-check';
import { useUserNames } from '../../common/users';
import { TemplatesSection } from './Templates';
import { DuplicatesSection } from './Duplicates';
import { isChildIssueType, validateSettings, type SettingsErrors } from './validate';
import { RemindersSettings } from './Reminders';

/** The label the form suggests for deployment epics. */
export const DEFAULT_LABEL = 'kayttoonotto';

export function App(): JSX.Element {
  const [env, setEnv] = useState<UiEnvironment | null>(null);
  const [view, setView] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<ProjectSettings | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const users = useUserNames();
  const { ensure } = users;

  const accept = useCallback(
    async (next: SettingsView) => {
      await ensure(Object.values(next.settings.defaultRoster).map((d) => (d.type === 'user' ? d.accountId : null)));
      setView(next);
      const draft = structuredClone(next.settings);
      // Never saved: suggest the label rule, so that not every new epic of the project spawns 38 work items.
      if (next.isDefault && draft.epicSelector.mode === 'all-epics') draft.epicSelector = { mode: 'label', label: DEFAULT_LABEL };
      // No child type chosen yet (e.g. saved while the template was off): preselect the default (Task).
      if (!draft.childIssueTypeId && next.defaultChildIssueTypeId) draft.childIssueTypeId = next.defaultChildIssueTypeId;
      setDraft(draft);
    },
    [ensure],
  );

  const load = useCallback(async () => {
    const result = await call('getSettings', {});
    if (result.ok) {
      await accept(result.data);
      setLoadError(null);
    } else setLoadError(result.error);
  }, [accept]);

  useEffect(() => {
    void (async () => {
      setEnv(await loadEnvironment());
      await load();
    })();
  }, [load]);

  if (!env) return <Loading label={bootLoadingLabel()} />;
  const { t } = env;
  if (!view || !draft) {
    return (
      <main aria-label={t('settings.title')}>
        <h1>{t('settings.title')}</h1>
        {loadError ? (
          <>
            <ErrorMessage error={loadError} title={t('ui.settings.loadFailed')} t={t} headingLevel={2} />
            <Button onClick={() => void load()}>{t('ui.common.retry')}</Button>
          </>
        ) : (
          <Loading label={t('ui.settings.loading')} />
        )}
      </main>
    );
  }
  // A template saved or a label rule changed below: the form's view follows (what a new epic gets), the draft stays.
  const refreshView = async (): Promise<void> => {
    const result = await call('getSettings', {});
    if (result.ok) setView(result.data);
  };
  return (
    <SettingsForm
      env={env}
      view={view}
      draft={draft}
      setDraft={setDraft}
      accept={accept}
      users={users}
      onTemplatesChanged={() => void refreshView()}
    />
  );
}

function SettingsForm(props: {
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
  const ids = {
    enabled: useId(),
    label: useId(),
    labelError: useId(),
    childType: useId(),
    childTypeError: useId(),
    version: useId(),
    versionError: useId(),
    status: useId(),
  };
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const readOnly = !view.canAdminister;
  const unsaved = !readOnly && (view.isDefault || JSON.stringify(draft) !== JSON.stringify(view.settings));
  const update = (patch: Partial<ProjectSettings>): void => setDraft({ ...draft, ...patch });
  const roleName = (role: string): string => {
    const found = view.template.roles.find((r) => r.id === role);
    return found ? localize(found.name, lang) : role;
  };
  const setRosterDefault = (role: RoleId, value: RosterDefault): void =>
    update({ defaultRoster: { ...draft.defaultRoster, [role]: value } });
  const search = async (query: string) => {
    const result = await call('searchUsers', { query });
    if (!result.ok) return [];
    props.users.remember(result.data);
    return result.data;
  };
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (readOnly) return;
    const found = validateSettings(draft, view, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus(t('ui.settings.fixErrors', { count: Object.keys(found).length }));
      return;
    }
    setSaving(true);
    setStatus(t('ui.settings.saving'));
    const result = await call('saveSettings', { settings: draft });
    setSaving(false);
    if (result.ok) {
      setServerError(null);
      await props.accept(result.data);
      setStatus(t('ui.settings.saved'));
      flag('success', t('ui.settings.saved'));
    } else {
      setServerError(result.error);
      setStatus(errorText(result.error, t));
      flag('error', t('ui.settings.saveFailed'), errorText(result.error, t));
    }
  };
  // Only standard types; a type saved earlier that no longer fits stays visible so the save check can name it.
  const childTypes = view.issueTypes.filter((type) => isChildIssueType(type) || type.id === draft.childIssueTypeId);
  const deliverables = view.template.items.filter((item) => item.kind === 'deliverable');
  const newEpic = view.newEpicTemplate;

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
      <form onSubmit={(e) => void save(e)} noValidate aria-describedby={ids.status}>
        <fieldset disabled={readOnly} className="card stack" style={{ border: 0 }}>
          <legend className="visually-hidden">{t('settings.title')}</legend>
          <h2>{t('ui.settings.general')}</h2>
          <div className="row">
            <input
              id={ids.enabled}
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => update({ enabled: e.target.checked })}
              data-testid="enabled"
            />
            <label htmlFor={ids.enabled}>{t('ui.settings.enabled')}</label>
          </div>
          <fieldset>
            <legend>{t('ui.settings.epicRule')}</legend>
            <div className="row">
              <input
                id={`${ids.label}-all`}
                type="radio"
                name="epic-mode"
                checked={draft.epicSelector.mode === 'all-epics'}
                onChange={() => update({ epicSelector: { mode: 'all-epics' } })}
              />
              <label htmlFor={`${ids.label}-all`}>{t('ui.settings.allEpics')}</label>
            </div>
            {draft.epicSelector.mode === 'all-epics' ? (
              <SectionMessage appearance="warning" testId="all-epics-warning">
                <p>{t('ui.settingsGuide.allEpicsWarning', { count: newEpic?.items ?? view.template.items.length })}</p>
              </SectionMessage>
            ) : null}
            <div className="row">
              <input
                id={`${ids.label}-label`}
                type="radio"
                name="epic-mode"
                checked={draft.epicSelector.mode === 'label'}
                onChange={() =>
                  update({
                    epicSelector: { mode: 'label', label: draft.epicSelector.mode === 'label' ? draft.epicSelector.label : DEFAULT_LABEL },
                  })
                }
              />
              <label htmlFor={`${ids.label}-label`}>{t('ui.settings.byLabel')}</label>
            </div>
            {draft.epicSelector.mode === 'label' ? (
              <div className="field">
                <label htmlFor={ids.label}>{t('ui.settings.label')}</label>
                <input
                  id={ids.label}
                  type="text"
                  value={draft.epicSelector.label}
                  onChange={(e) => update({ epicSelector: { mode: 'label', label: e.target.value } })}
                  aria-invalid={errors.label ? true : undefined}
                  aria-describedby={errors.label ? ids.labelError : undefined}
                />
                {errors.label ? (
                  <span id={ids.labelError} className="error-text">
                    {errors.label}
                  </span>
                ) : null}
              </div>
            ) : null}
          </fieldset>
          <div className="field">
            <label htmlFor={ids.childType}>{t('ui.settings.childType')}</label>
            <select
              id={ids.childType}
              value={draft.childIssueTypeId ?? ''}
              onChange={(e) => update({ childIssueTypeId: e.target.value || null })}
              aria-invalid={errors.childIssueTypeId ? true : undefined}
              aria-describedby={errors.childIssueTypeId ? ids.childTypeError : undefined}
              data-testid="child-type"
            >
              <option value="">{t('ui.common.choose')}</option>
              {childTypes.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name}
                </option>
              ))}
            </select>
            <span className="meta">{t('ui.settings.childTypeHelp')}</span>
            {errors.childIssueTypeId ? (
              <span id={ids.childTypeError} className="error-text">
                {errors.childIssueTypeId}
              </span>
            ) : null}
          </div>
          {newEpic?.source === 'project' ? (
            <div className="field" data-testid="template-version-project">
              <span>{t('ui.settings.templateVersion')}</span>
              <span>
                {t('ui.settings.projectTemplateInUse', { id: newEpic.templateId, version: newEpic.version, count: newEpic.items })}
              </span>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={ids.version}>{t('ui.settings.templateVersion')}</label>
              <select
                id={ids.version}
                value={draft.templateVersion}
                onChange={(e) => update({ templateVersion: e.target.value })}
                aria-invalid={errors.templateVersion ? true : undefined}
                aria-describedby={errors.templateVersion ? ids.versionError : undefined}
              >
                {view.templateVersions.map((version) => (
                  <option key={version} value={version}>
                    {version}
                  </option>
                ))}
              </select>
              <span className="meta">{t('ui.settings.templateVersionHelp')}</span>
              {errors.templateVersion ? (
                <span id={ids.versionError} className="error-text">
                  {errors.templateVersion}
                </span>
              ) : null}
            </div>
          )}

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
                  names={props.users.names}
                  search={search}
                  error={errors[`roster.${role}`]}
                  disabled={readOnly}
                />
              ))}
            </tbody>
          </table>

          <RemindersSettings value={draft.reminders} onChange={(reminders) => update({ reminders })} t={t} />
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
        <p id={ids.status} role="status" aria-live="polite" className="meta" data-testid="settings-status">
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

/** Jira's list of workflows (Jira settings → Work items → Workflows). */
const WORKFLOWS_PATH = '/secure/admin/workflows/ListWorkflows.jspa';

function ValidatorStatus(props: { env: UiEnvironment; view: SettingsView }): JSX.Element {
  const { t, lang } = props.env;
  const headingId = useId();
  const validators = props.view.validators;
  return (
    <section aria-labelledby={headingId} className="card" data-testid="validators">
      <h2 id={headingId}>{t('ui.settings.validators')}</h2>
      {props.view.teamManaged ? <p data-testid="team-managed">{t('ui.settings.teamManaged')}</p> : null}
      {validators === null ? (
        <SectionMessage appearance="warning">
          <p>{t('ui.settings.validatorsUnknown')}</p>
        </SectionMessage>
      ) : (
        <ul className="checklist">
          {validators.map((v) => {
            const unguarded = v.unguarded ?? [];
            const ok = v.installed && unguarded.length === 0;
            return (
              <li key={v.gate} data-testid="validator" data-installed={String(v.installed)} data-unguarded={unguarded.length}>
                <div className="row">
                  <Lozenge appearance={ok ? 'success' : 'warning'}>
                    {v.installed ? t('ui.settings.installed') : t('ui.settings.missing')}
                  </Lozenge>
                  <span>{localize(props.view.template.gates[v.gate].title, lang)}</span>
                  {v.installed && v.transitionName ? (
                    <span className="meta">{t('ui.settings.onTransition', { name: v.transitionName })}</span>
                  ) : null}
                </div>
                {!v.installed ? (
                  <p className="meta" data-testid="validator-help">
                    {v.transitionName && v.workflowName
                      ? t('ui.settingsGuide.howTo', {
                          workflow: v.workflowName,
                          transition: v.transitionName,
                          status: v.statusName ?? v.transitionName,
                          validator: t(`validator.${v.gate}.name`),
                        })
                      : t(`ui.settings.howTo.${v.gate}`)}{' '}
                    <a
                      href={WORKFLOWS_PATH}
                      target="_top"
                      onClick={(event) => {
                        event.preventDefault();
                        void router.navigate(WORKFLOWS_PATH).catch(() => window.open(WORKFLOWS_PATH, '_top'));
                      }}
                    >
                      {t('ui.settingsGuide.openWorkflows')}
                    </a>
                  </p>
                ) : null}
                {unguarded.length > 0 ? (
                  <SectionMessage appearance="warning">
                    <p>{t('ui.settings.unguarded')}</p>
                    <ul data-testid="unguarded-transitions">
                      {unguarded.map((u) => (
                        <li key={u.transitionId}>
                          {t('ui.settings.unguardedItem', { transition: u.transitionName, status: u.statusName })}
                        </li>
                      ))}
                    </ul>
                  </SectionMessage>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
