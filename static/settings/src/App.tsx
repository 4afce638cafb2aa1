import { Button, ErrorMessage, Loading } from '../../common/components';
import { bootLoadingLabel } from '../../common/i18n';
import { useSettingsPage } from './hooks';
import { SettingsForm } from './SettingsForm';

export { DEFAULT_LABEL } from './hooks';

export function App(): JSX.Element {
  const { env, view, draft, setDraft, loadError, users, accept, load, refreshView } = useSettingsPage();

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
