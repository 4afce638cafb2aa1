/**
 * The project's templates on the settings page (issue 13): which template new epics get and the
 * saved versions; export as YAML or JSON (shown as text to copy, and saved from a Blob: no egress,
 * no popup); import a pasted or chosen file, preview its problems (each named by its path, in the
 * user's language) or its changes, and save it as a new version; the label → template rules.
 * Saving is the server's decision (project admins); nothing typed is lost when it refuses.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type { ProjectTemplatesView, TemplateDocumentFormat } from '../../../src/shared/templates';
import { call } from '../../common/api';
import { Button, ErrorMessage, Loading, Lozenge, errorText, flag } from '../../common/components';
import { formatDateTime, type UiEnvironment } from '../../common/i18n';
import { useUserNames } from '../../common/users';
import { Import } from './TemplateImport';
import { LabelRules } from './TemplateLabelRules';
import { CODE, sourceText } from './template-text';

export function TemplatesSection(props: { env: UiEnvironment; onChanged?: () => void }): JSX.Element {
  const { env, onChanged } = props;
  const { t } = env;
  const headingId = useId();
  const [view, setView] = useState<ProjectTemplatesView | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const users = useUserNames();
  const { ensure } = users;

  const show = useCallback(
    async (next: ProjectTemplatesView) => {
      await ensure(next.versions.map((v) => v.savedBy));
      setView(next);
    },
    [ensure],
  );
  // A save or a rule change: the settings form above shows what a new epic now gets.
  const accept = useCallback(
    async (next: ProjectTemplatesView) => {
      await show(next);
      onChanged?.();
    },
    [show, onChanged],
  );
  const load = useCallback(async () => {
    const r = await call('getProjectTemplates', {});
    if (r.ok) {
      await show(r.data);
      setLoadError(null);
    } else setLoadError(r.error);
  }, [show]);
  useEffect(() => void load(), [load]);

  return (
    <section aria-labelledby={headingId} className="card stack" data-testid="templates">
      <h2 id={headingId}>{t('settings.templates.title')}</h2>
      {!view ? (
        loadError ? (
          <>
            <ErrorMessage error={loadError} title={t('settings.templates.loadFailed')} t={t} headingLevel={3} />
            <Button onClick={() => void load()}>{t('ui.common.retry')}</Button>
          </>
        ) : (
          <Loading label={t('settings.templates.loading')} />
        )
      ) : (
        <>
          <Current env={env} view={view} names={users.names} />
          <Export env={env} view={view} setStatus={setStatus} />
          <Import env={env} view={view} accept={accept} setStatus={setStatus} />
          <LabelRules env={env} view={view} accept={accept} setStatus={setStatus} />
        </>
      )}
      <p role="status" aria-live="polite" className="meta" data-testid="templates-status">
        {status}
      </p>
    </section>
  );
}

function Current(props: { env: UiEnvironment; view: ProjectTemplatesView; names: ReturnType<typeof useUserNames>['names'] }): JSX.Element {
  const { env, view } = props;
  const { t } = env;
  const c = view.current;
  return (
    <>
      <p data-testid="template-current" data-template-id={c.templateId} data-version={c.version} data-source={c.source}>
        {t('settings.templates.current', { id: c.templateId, version: c.version })}{' '}
        <Lozenge appearance={c.source === 'project' ? 'discovery' : 'default'}>{sourceText(c.source, t)}</Lozenge>
      </p>
      <p className="meta">{t('settings.templates.counts', { ...c.counts })}</p>
      <h3>{t('settings.templates.versions')}</h3>
      {view.versions.length === 0 ? (
        <p className="meta" data-testid="template-versions-none">
          {t('settings.templates.noVersions')}
        </p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table data-testid="template-versions">
            <thead>
              <tr>
                <th scope="col">{t('settings.templates.templateId')}</th>
                <th scope="col">{t('settings.templates.version')}</th>
                <th scope="col">{t('settings.templates.basedOn')}</th>
                <th scope="col">{t('settings.templates.savedColumn')}</th>
                <th scope="col">{t('settings.templates.contents')}</th>
              </tr>
            </thead>
            <tbody>
              {view.versions.map((v) => (
                <tr
                  key={`${v.templateId}@${v.version}`}
                  data-testid="template-version"
                  data-template-id={v.templateId}
                  data-version={v.version}
                >
                  <td>{v.templateId}</td>
                  <td>{v.version}</td>
                  <td>{v.basedOn ?? '–'}</td>
                  <td>
                    {formatDateTime(v.savedAt, env.locale, env.timezone)}{' '}
                    <span className="meta">{props.names[v.savedBy]?.displayName ?? t('ui.common.unknownUser')}</span>
                  </td>
                  <td className="meta">{t('settings.templates.counts', { ...v.counts })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Export(props: { env: UiEnvironment; view: ProjectTemplatesView; setStatus: (s: string) => void }): JSX.Element {
  const { env, view } = props;
  const { t } = env;
  const ids = { what: useId(), format: useId(), text: useId() };
  const [what, setWhat] = useState('');
  const [format, setFormat] = useState<TemplateDocumentFormat>('yaml');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [exported, setExported] = useState<{ fileName: string; text: string; url: string } | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!exported) return undefined;
    return () => URL.revokeObjectURL(exported.url);
  }, [exported]);

  const run = async (): Promise<void> => {
    setBusy(true);
    const [templateId, version] = what ? what.split('@') : [];
    const r = await call('exportProjectTemplate', {
      format,
      ...(templateId ? { templateId } : {}),
      ...(version ? { version } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      props.setStatus(errorText(r.error, t));
      return;
    }
    setError(null);
    const url = URL.createObjectURL(new Blob([r.data.text], { type: `${r.data.mediaType};charset=utf-8` }));
    setExported({ fileName: r.data.fileName, text: r.data.text, url });
    props.setStatus(t('settings.templates.exported', { file: r.data.fileName }));
  };
  const copy = async (): Promise<void> => {
    if (!exported) return;
    try {
      await navigator.clipboard.writeText(exported.text);
    } catch {
      // The clipboard API may be blocked in the iframe: select the text and copy it the old way.
      textRef.current?.select();
      if (!document.execCommand('copy')) {
        props.setStatus(t('settings.templates.copyManually'));
        return;
      }
    }
    props.setStatus(t('settings.templates.copied'));
    flag('success', t('settings.templates.copied'));
  };

  return (
    <div className="stack" data-testid="template-export">
      <h3>{t('settings.templates.export')}</h3>
      <div className="row">
        <span className="field">
          <label htmlFor={ids.what}>{t('settings.templates.exportWhat')}</label>
          <select id={ids.what} value={what} onChange={(e) => setWhat(e.target.value)} data-testid="export-what">
            <option value="">
              {t('settings.templates.exportCurrent', { id: view.current.templateId, version: view.current.version })}
            </option>
            {view.versions.map((v) => (
              <option key={`${v.templateId}@${v.version}`} value={`${v.templateId}@${v.version}`}>
                {v.templateId} {v.version}
              </option>
            ))}
          </select>
        </span>
        <span className="field">
          <label htmlFor={ids.format}>{t('settings.templates.format')}</label>
          <select
            id={ids.format}
            value={format}
            onChange={(e) => setFormat(e.target.value as TemplateDocumentFormat)}
            data-testid="export-format"
          >
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </select>
        </span>
      </div>
      <div className="row">
        <Button onClick={() => void run()} busy={busy} testId="export-template">
          {t('settings.templates.exportButton')}
        </Button>
      </div>
      {error ? <ErrorMessage error={error} title={t('settings.templates.exportFailed')} t={t} headingLevel={3} /> : null}
      {exported ? (
        <>
          <div className="field">
            <label htmlFor={ids.text}>{t('settings.templates.exportedText', { file: exported.fileName })}</label>
            <textarea
              id={ids.text}
              ref={textRef}
              readOnly
              rows={10}
              value={exported.text}
              style={CODE}
              spellCheck={false}
              data-testid="export-text"
            />
          </div>
          <div className="row">
            <Button onClick={() => void copy()} testId="export-copy">
              {t('settings.templates.copy')}
            </Button>
            <a href={exported.url} download={exported.fileName} data-testid="export-download">
              {t('settings.templates.download', { file: exported.fileName })}
            </a>
          </div>
        </>
      ) : null}
    </div>
  );
}
