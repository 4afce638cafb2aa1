/**
 * Epics of the project with duplicate children (issue 19): on request, one search over the project's
 * children (resolver getProjectDuplicates; the first 500, and the page says when there are more),
 * each epic linked to its page, where its panel shows the duplicates and cleans them up.
 */
import { useId, useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type { ProjectDuplicatesView } from '../../../src/shared/duplicates';
import { call } from '../../common/api';
import { Button, ErrorMessage } from '../../common/components';
import type { UiEnvironment } from '../../common/i18n';
import { IssueLink } from '../../common/links';

export function DuplicatesSection(props: { env: UiEnvironment }): JSX.Element {
  const { t } = props.env;
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<ProjectDuplicatesView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const find = async (): Promise<void> => {
    setBusy(true);
    const r = await call('getProjectDuplicates', {});
    setBusy(false);
    if (r.ok) {
      setView(r.data);
      setError(null);
    } else setError(r.error);
  };
  return (
    <section aria-labelledby={headingId} className="card stack" data-testid="settings-duplicates">
      <h2 id={headingId}>{t('settings.duplicates.title')}</h2>
      <p className="meta">{t('settings.duplicates.help')}</p>
      <div className="row">
        <Button onClick={() => void find()} busy={busy} testId="settings-duplicates-find">
          {t('settings.duplicates.find')}
        </Button>
      </div>
      {error ? <ErrorMessage error={error} title={t('settings.duplicates.failedTitle')} t={t} headingLevel={3} /> : null}
      <div role="status" aria-live="polite">
        {view ? (
          <p data-testid="settings-duplicates-summary">
            {view.epics.length === 0
              ? t('settings.duplicates.none', { scanned: view.scanned })
              : t('settings.duplicates.found', { epics: view.epics.length, scanned: view.scanned })}
            {view.more ? ` ${t('settings.duplicates.more', { limit: view.limit })}` : ''}
          </p>
        ) : null}
      </div>
      {view && view.epics.length > 0 ? (
        <ul data-testid="settings-duplicates-list">
          {view.epics.map((e) => (
            <li key={e.id} data-epic-key={e.key}>
              <IssueLink issueKey={e.key}>
                {e.key}
                {e.summary ? <span>: {e.summary}</span> : null}
              </IssueLink>{' '}
              <span className="meta">{t('settings.duplicates.counts', { items: e.items, surplus: e.surplus })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
