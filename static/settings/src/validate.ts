/** Client-side checks of the settings form (the server checks again and answers with `details`). */
import type { ProjectSettings, SettingsView } from '../../../src/shared/api';
import { ACCOUNT_ID_PATTERN } from '../../../src/shared/text';
import type { Translate } from '../../common/i18n';
import { escalationDaysError } from './Reminders';

export type SettingsErrors = Partial<Record<string, string>>;

type IssueType = SettingsView['issueTypes'][number];

/** The children go under an epic, so only a standard issue type fits (the server accepts nothing else). */
export function isChildIssueType(type: IssueType): boolean {
  return type.hierarchyLevel === 0 && !type.subtask;
}

export function validateSettings(settings: ProjectSettings, view: SettingsView, t: Translate): SettingsErrors {
  const errors: SettingsErrors = {};
  if (settings.epicSelector.mode === 'label') {
    const label = settings.epicSelector.label.trim();
    if (!label) errors.label = t('ui.validation.required');
    else if (/\s/.test(label)) errors.label = t('ui.settings.labelNoSpaces');
  }
  if (settings.enabled && !settings.childIssueTypeId) errors.childIssueTypeId = t('ui.validation.required');
  if (settings.childIssueTypeId) {
    const type = view.issueTypes.find((candidate) => candidate.id === settings.childIssueTypeId);
    if (!type) errors.childIssueTypeId = t('ui.settings.unknownIssueType');
    else if (!isChildIssueType(type)) errors.childIssueTypeId = t('ui.settings.childTypeNotStandard');
  }
  for (const [role, value] of Object.entries(settings.defaultRoster)) {
    if (value.type === 'user' && !value.accountId) errors[`roster.${role}`] = t('ui.settings.pickUser');
    if (value.type === 'user' && value.accountId && !ACCOUNT_ID_PATTERN.test(value.accountId))
      errors[`roster.${role}`] = t('ui.settings.pickUser');
    // The server refuses a project role the project does not have (and a user Jira cannot assign).
    if (value.type === 'project-role' && !view.projectRoles.some((r) => r.id === value.projectRoleId))
      errors[`roster.${role}`] = t('ui.settings.pickProjectRole');
  }
  if (!view.templateVersions.includes(settings.templateVersion)) errors.templateVersion = t('ui.settings.unknownVersion');
  const reminders = escalationDaysError(settings.reminders, t);
  if (reminders) errors.reminders = reminders;
  return errors;
}
