/** The settings form's general part: on or off, which epics get the model, the work items' type, the template version. */
import { useId } from 'react';
import type { ProjectSettings, SettingsView } from '../../../src/shared/api';
import { SectionMessage } from '../../common/components';
import type { UiEnvironment } from '../../common/i18n';
import { DEFAULT_LABEL } from './hooks';
import { isChildIssueType, type SettingsErrors } from './validate';

export function GeneralSettings(props: {
  env: UiEnvironment;
  view: SettingsView;
  draft: ProjectSettings;
  update: (patch: Partial<ProjectSettings>) => void;
  errors: SettingsErrors;
}): JSX.Element {
  const { env, view, draft, update, errors } = props;
  const { t } = env;
  const ids = {
    enabled: useId(),
    label: useId(),
    labelError: useId(),
    childType: useId(),
    childTypeError: useId(),
    version: useId(),
    versionError: useId(),
  };
  // Only standard types; a type saved earlier that no longer fits stays visible so the save check can name it.
  const childTypes = view.issueTypes.filter((type) => isChildIssueType(type) || type.id === draft.childIssueTypeId);
  const newEpic = view.newEpicTemplate;
  return (
    <>
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
          <span>{t('ui.settings.projectTemplateInUse', { id: newEpic.templateId, version: newEpic.version, count: newEpic.items })}</span>
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
    </>
  );
}
