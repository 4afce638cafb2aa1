/** The settings page's state: the settings as loaded and the draft the form edits (useSettingsPage), and the form's save (useSettingsForm). */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiError, ProjectSettings, SettingsView } from '../../../src/shared/api';
import { call } from '../../common/api';
import { errorText, flag } from '../../common/components';
import { loadEnvironment, type UiEnvironment } from '../../common/i18n';
import { useUserNames } from '../../common/users';
import { validateSettings, type SettingsErrors } from './validate';

/** The label the form suggests for deployment epics. */
export const DEFAULT_LABEL = 'kayttoonotto';

/** The page's language, the settings as loaded (`view`) and the draft the form edits; `accept` takes a saved or loaded view. */
export function useSettingsPage() {
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

  // A template saved or a label rule changed below: the form's view follows (what a new epic gets), the draft stays.
  const refreshView = async (): Promise<void> => {
    const result = await call('getSettings', {});
    if (result.ok) setView(result.data);
  };

  return { env, view, draft, setDraft, loadError, users, accept, load, refreshView };
}

/** The form's checks, save and status line, and the user search of its roster pickers. */
export function useSettingsForm(props: {
  env: UiEnvironment;
  view: SettingsView;
  draft: ProjectSettings;
  accept: (view: SettingsView) => Promise<void>;
  users: ReturnType<typeof useUserNames>;
}) {
  const { env, view, draft } = props;
  const { t } = env;
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const readOnly = !view.canAdminister;
  const unsaved = !readOnly && (view.isDefault || JSON.stringify(draft) !== JSON.stringify(view.settings));
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
  return { errors, serverError, saving, status, readOnly, unsaved, search, save };
}
