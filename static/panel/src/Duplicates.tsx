/**
 * Duplicate children (issue 19): a folded section, offered when the epic has issues the app's map
 * does not name (PanelView.unmappedChildren). Opening it asks the server (getDuplicates) which of them
 * are copies of the app's children; the cleanup (cleanUpDuplicates) deletes the untouched copies the
 * preview lists, after a confirmation. Who may clean up is the server's decision.
 */
import { useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type { DeduplicateReport, DuplicateChildView, DuplicatesView } from '../../../src/shared/duplicates';
import { call } from '../../common/api';
import { Button, Collapsible, ConfirmInline, ErrorMessage, Loading, SectionMessage } from '../../common/components';
import { localize } from '../../common/i18n';
import { usePanel } from './context';
import { IssueLink } from '../../common/links';
import { itemById } from './model';

export function DuplicatesSection(): JSX.Element | null {
  const { env, view, when, act } = usePanel();
  const { t, lang } = env;
  const [open, setOpen] = useState(false);
  const [data, setData] = useState<DuplicatesView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<DeduplicateReport | null>(null);
  if (!view.phase || (!view.unmappedChildren && !report)) return null;

  const load = async (): Promise<void> => {
    setLoading(true);
    const r = await call('getDuplicates', {});
    setLoading(false);
    if (r.ok) {
      setData(r.data);
      setError(null);
    } else setError(r.error);
  };
  const toggle = (next: boolean): void => {
    setOpen(next);
    if (next && !data && !loading) void load();
  };
  const items = itemById(view.template);
  const itemText = (id: string): string => {
    const item = items.get(id);
    return item ? localize(item.text, lang) : id;
  };
  const deleteKeys = data?.items.flatMap((d) => d.remove.map((c) => c.key)) ?? [];
  const cleanUp = async (): Promise<void> => {
    setBusy(true);
    const r = await act(t('panel.duplicates.done'), () => call('cleanUpDuplicates', { deleteKeys }));
    setBusy(false);
    setConfirming(false);
    if (r.ok) setReport(r.data);
    else setError(r.error);
    await load();
  };
  const child = (c: DuplicateChildView): JSX.Element => (
    <>
      <IssueLink issueKey={c.key} text={c.summary} />{' '}
      <span className="meta">{t('panel.duplicates.created', { date: when(c.created) })}</span>
    </>
  );

  return (
    <Collapsible
      id="fold-duplicates"
      testId="duplicates"
      title={t('panel.duplicates.title')}
      badge={data ? String(data.items.length) : undefined}
      open={open}
      onToggle={toggle}
    >
      <div className="stack">
        {loading ? <Loading label={t('panel.duplicates.loading')} /> : null}
        {error ? <ErrorMessage error={error} title={t('panel.duplicates.failedTitle')} t={t} headingLevel={3} /> : null}
        {report ? (
          <SectionMessage
            appearance={report.refused.length > 0 ? 'warning' : 'success'}
            title={t('panel.duplicates.done')}
            headingLevel={3}
            testId="duplicates-result"
          >
            <p>
              {t('panel.duplicates.result', {
                deleted: report.deleted.length + report.alreadyGone.length,
                left: report.needsPerson.length,
              })}
            </p>
            {report.refused.length > 0 ? (
              <>
                <p>{t('panel.duplicates.refused')}</p>
                <ul data-testid="duplicates-refused">
                  {report.refused.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </SectionMessage>
        ) : null}
        {data && data.items.length === 0 ? <p data-testid="duplicates-none">{t('panel.duplicates.none')}</p> : null}
        {data && data.items.length > 0 ? (
          <>
            <p>{t('panel.duplicates.intro')}</p>
            <ul data-testid="duplicates-list">
              {data.items.map((d) => (
                <li key={d.itemId} data-item-id={d.itemId} className="stack">
                  <strong>{itemText(d.itemId)}</strong>
                  <span>
                    {d.keepInMap ? t('panel.duplicates.keepMapped') : t('panel.duplicates.keepOldest')} {child(d.keep)}
                  </span>
                  {d.remove.length > 0 ? (
                    <div>
                      {t('panel.duplicates.remove', { count: d.remove.length })}
                      <ul data-testid="duplicates-remove">
                        {d.remove.map((c) => (
                          <li key={c.key}>{child(c)}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {d.needsPerson.length > 0 ? (
                    <div>
                      {t('panel.duplicates.needsPerson', { count: d.needsPerson.length })}
                      <ul data-testid="duplicates-needs-person">
                        {d.needsPerson.map((c) => (
                          <li key={c.key}>{child(c)}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
            {deleteKeys.length === 0 && data.items.every((d) => d.keepInMap) ? null : !data.cleanup.allowed ? (
              <p className="meta" data-testid="duplicates-not-allowed">
                {data.cleanup.reason ?? t('ui.errors.FORBIDDEN')}
              </p>
            ) : confirming ? (
              <ConfirmInline
                title={t('panel.duplicates.confirm', { count: deleteKeys.length })}
                confirmLabel={t('panel.duplicates.run')}
                cancelLabel={t('ui.common.cancel')}
                onConfirm={() => void cleanUp()}
                onCancel={() => setConfirming(false)}
                busy={busy}
                danger
                testId="duplicates-confirm"
              >
                <p className="meta">{t('panel.duplicates.confirmHelp')}</p>
              </ConfirmInline>
            ) : (
              <div className="row">
                <Button appearance="primary" onClick={() => setConfirming(true)} testId="duplicates-run">
                  {t('panel.duplicates.run')}
                </Button>
              </div>
            )}
          </>
        ) : null}
      </div>
    </Collapsible>
  );
}
