/**
 * The project's templates on the settings page (issue 13): which template new epics get and the
 * saved versions; export as YAML or JSON (shown as text to copy, and saved from a Blob: no egress,
 * no popup); import a pasted or chosen file, preview its problems (each named by its path, in the
 * user's language) or its changes, and save it as a new version; the label → template rules.
 * Saving is the server's decision (project admins); nothing typed is lost when it refuses.
 */
// @ts-nocheck

import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type {
  ProjectTemplatesView,
  TemplateChangeView,
  TemplateDocumentFormat,
  TemplateImportPreview,
  TemplateLabelRule,
} from '../../../src/shared/templates';
import { call } from '../../common/api';
import { Button, ErrorMessage, Loading, Lozenge, SectionMessage, errorText, flag } from '../../common/components';
import { formatDateTime, localize, type UiEnvironment } from '../../common/i18n';
import { useUserNames } from '../../common/users';

/** The largest file the page reads (the resolver takes at most 1,000,000 characters). */
const MAX_FILE_BYTES = 1_000_000;
const CODE = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '0.8125rem', width: '100%' } as const;

export function TemplatesSection(props: { env: UiEnvironment }): JSX.Element {
  const { env } = props;
  const { t } = env;
  const headingId = useId();
  const [view, setView] = useState<ProjectTemplatesView | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const users = useUserNames();
  const { ensure } = users;

  const accept = useCallback(
    async (next: ProjectTemplatesView) => {
      await ensure(next.versions.map((v) => v.savedBy));
      setView(next);
    },
    [ensure],
  );
  const load = useCallback(async () => {
    const r = await call('getProjectTemplates', {});
    if (r.ok) {
      await accept(r.data);
      setLoadError(null);
    } else setLoadError(r.error);
  }, [accept]);
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

function sourceText(source: 'built-in' | 'project', t: UiEnvironment['t']): string {
  return source === 'built-in' ? t('settings.templates.builtIn') : t('settings.templates.project');
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
                <th scope="col">{t('settings.templates.saved')}</th>
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

function Import(props: {
  env: UiEnvironment;
  view: ProjectTemplatesView;
  accept: (view: ProjectTemplatesView) => Promise<void>;
  setStatus: (s: string) => void;
}): JSX.Element {
  const { env, view } = props;
  const { t } = env;
  const ids = { text: useId(), file: useId(), hint: useId() };
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<TemplateImportPreview | null>(null);
  const [previewedText, setPreviewedText] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<{ error: ApiError; title: string } | null>(null);

  const readFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      props.setStatus(t('settings.templates.fileTooLarge', { file: file.name }));
      setError({
        error: { code: 'INVALID_INPUT', message: t('settings.templates.fileTooLarge', { file: file.name }) },
        title: t('settings.templates.fileFailed'),
      });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      setText(typeof reader.result === 'string' ? reader.result : '');
      setPreview(null);
      setError(null);
      props.setStatus(t('settings.templates.fileRead', { file: file.name }));
    };
    reader.onerror = () => {
      setError({
        error: { code: 'INVALID_INPUT', message: t('settings.templates.fileUnreadable', { file: file.name }) },
        title: t('settings.templates.fileFailed'),
      });
    };
    reader.readAsText(file);
  };

  const runPreview = async (): Promise<void> => {
    setBusy('preview');
    const sent = text;
    const r = await call('previewProjectTemplate', { text: sent });
    setBusy(null);
    if (!r.ok) {
      setError({ error: r.error, title: t('settings.templates.previewFailed') });
      props.setStatus(errorText(r.error, t));
      return;
    }
    setError(null);
    setPreview(r.data);
    setPreviewedText(sent);
    props.setStatus(
      r.data.valid
        ? t('settings.templates.previewReady', { count: r.data.changes.length })
        : t('settings.templates.problemCount', { count: r.data.problems.length }),
    );
  };
  const save = async (): Promise<void> => {
    setBusy('save');
    const r = await call('saveProjectTemplate', { text });
    setBusy(null);
    if (!r.ok) {
      setError({ error: r.error, title: t('settings.templates.saveFailed') });
      props.setStatus(`${t('settings.templates.saveFailed')}: ${errorText(r.error, t)}`);
      flag('error', t('settings.templates.saveFailed'), errorText(r.error, t));
      return;
    }
    setError(null);
    setPreview(null);
    await props.accept(r.data);
    const label = t('settings.templates.saved', { id: r.data.current.templateId, version: r.data.current.version });
    props.setStatus(label);
    flag('success', label);
  };

  const stale = preview !== null && previewedText !== text;
  const canSave = preview?.valid === true && preview.blockers.length === 0 && !stale;
  return (
    <div className="stack" data-testid="template-import">
      <h3>{t('settings.templates.import')}</h3>
      <p id={ids.hint} className="meta">
        {t('settings.templates.importHelp')}
      </p>
      <div className="field">
        <label htmlFor={ids.file}>{t('settings.templates.chooseFile')}</label>
        <input
          id={ids.file}
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml,text/plain"
          onChange={readFile}
          data-testid="import-file"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.text}>{t('settings.templates.importText')}</label>
        <textarea
          id={ids.text}
          rows={10}
          value={text}
          style={CODE}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={ids.hint}
          aria-invalid={preview?.valid === false && !stale ? true : undefined}
          data-testid="import-text"
        />
      </div>
      <div className="row">
        <Button onClick={() => void runPreview()} busy={busy === 'preview'} disabled={text.trim() === ''} testId="import-preview">
          {t('settings.templates.preview')}
        </Button>
        <Button
          appearance="primary"
          onClick={() => void save()}
          busy={busy === 'save'}
          disabled={!view.canAdminister || !canSave}
          disabledReason={!view.canAdminister ? t('settings.templates.adminOnly') : undefined}
          testId="import-save"
        >
          {t('settings.templates.save')}
        </Button>
      </div>
      {stale ? <p className="meta">{t('settings.templates.stale')}</p> : null}
      {error ? <ErrorMessage error={error.error} title={error.title} t={t} headingLevel={3} /> : null}
      {preview && !preview.valid ? (
        <SectionMessage appearance="error" title={t('settings.templates.problems', { count: preview.problems.length })} headingLevel={3}>
          <ul data-testid="import-problems">
            {preview.problems.map((p, i) => (
              <li key={`${i}-${p}`} data-testid="import-problem">
                {p}
              </li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}
      {preview?.valid ? <PreviewChanges env={env} preview={preview} /> : null}
    </div>
  );
}

function PreviewChanges(props: { env: UiEnvironment; preview: Extract<TemplateImportPreview, { valid: true }> }): JSX.Element {
  const { env, preview } = props;
  const { t, lang } = env;
  const groups: [TemplateChangeView['change'], TemplateChangeView[]][] = (['added', 'removed', 'changed'] as const).map((kind) => [
    kind,
    preview.changes.filter((c) => c.change === kind),
  ]);
  return (
    <div className="stack" data-testid="import-preview-result" data-template-id={preview.templateId} data-version={preview.version}>
      <p>
        {preview.against
          ? t('settings.templates.replaces', {
              id: preview.templateId,
              version: preview.version,
              against: preview.against.version,
              source: sourceText(preview.against.source, t),
            })
          : t('settings.templates.newTemplate', { id: preview.templateId, version: preview.version })}
      </p>
      <p className="meta">{t('settings.templates.counts', { ...preview.counts })}</p>
      {preview.blockers.length > 0 ? (
        <SectionMessage appearance="warning" title={t('settings.templates.blockers', { count: preview.blockers.length })} headingLevel={3}>
          <ul data-testid="import-blockers">
            {preview.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}
      {preview.changes.length === 0 ? <p className="meta">{t('settings.templates.noChanges')}</p> : null}
      {groups.map(([kind, list]) =>
        list.length > 0 ? (
          <div key={kind} data-testid={`import-${kind}`} data-count={list.length}>
            <h4>{t(`settings.templates.change.${kind}`, { count: list.length })}</h4>
            <ul>
              {list.map((c) => (
                <li key={`${c.entry}-${c.id}`} data-id={c.id}>
                  <code>{c.id}</code> <span className="meta">({t(`settings.templates.entry.${c.entry}`)})</span>
                  {c.text ? ` ${localize(c.text, lang)}` : ''}
                  {c.fields.length > 0 ? <span className="meta"> — {c.fields.join(', ')}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </div>
  );
}

function LabelRules(props: {
  env: UiEnvironment;
  view: ProjectTemplatesView;
  accept: (view: ProjectTemplatesView) => Promise<void>;
  setStatus: (s: string) => void;
}): JSX.Element {
  const { env, view } = props;
  const { t } = env;
  const [rules, setRules] = useState<TemplateLabelRule[]>(view.labelRules);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const baseId = useId();
  const readOnly = !view.canAdminister;
  const unsaved = JSON.stringify(rules) !== JSON.stringify(view.labelRules);
  const update = (i: number, patch: Partial<TemplateLabelRule>): void => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (): Promise<void> => {
    setBusy(true);
    const r = await call('saveTemplateLabelRules', { rules: rules.map((x) => ({ label: x.label.trim(), templateId: x.templateId })) });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      props.setStatus(`${t('settings.templates.rulesFailed')}: ${errorText(r.error, t)}`);
      return;
    }
    setError(null);
    await props.accept(r.data);
    setRules(r.data.labelRules);
    props.setStatus(t('settings.templates.rulesSaved'));
    flag('success', t('settings.templates.rulesSaved'));
  };
  return (
    <div className="stack" data-testid="template-rules">
      <h3>{t('settings.templates.rules')}</h3>
      <p className="meta">{t('settings.templates.rulesHelp', { id: view.current.templateId })}</p>
      {rules.length === 0 ? <p className="meta">{t('settings.templates.noRules')}</p> : null}
      {rules.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('settings.templates.ruleLabel')}</th>
              <th scope="col">{t('settings.templates.ruleTemplate')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('settings.templates.ruleActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={i} data-testid="template-rule">
                <td>
                  <label htmlFor={`${baseId}-label-${i}`} className="visually-hidden">
                    {t('settings.templates.ruleLabelN', { n: i + 1 })}
                  </label>
                  <input
                    id={`${baseId}-label-${i}`}
                    type="text"
                    value={r.label}
                    disabled={readOnly}
                    onChange={(e) => update(i, { label: e.target.value })}
                  />
                </td>
                <td>
                  <label htmlFor={`${baseId}-tpl-${i}`} className="visually-hidden">
                    {t('settings.templates.ruleTemplateN', { n: i + 1 })}
                  </label>
                  <select
                    id={`${baseId}-tpl-${i}`}
                    value={r.templateId}
                    disabled={readOnly}
                    onChange={(e) => update(i, { templateId: e.target.value })}
                  >
                    {[...new Set([...view.templateIds, r.templateId])].map((id) => (
                      <option key={id} value={id}>
                        {id}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <Button appearance="subtle" disabled={readOnly} onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                    {t('settings.templates.ruleRemove', { n: i + 1 })}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <ErrorMessage error={error} title={t('settings.templates.rulesFailed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button
          disabled={readOnly}
          onClick={() => setRules([...rules, { label: '', templateId: view.templateIds[0] ?? view.current.templateId }])}
          testId="rule-add"
        >
          {t('settings.templates.ruleAdd')}
        </Button>
        <Button
          appearance="primary"
          onClick={() => void save()}
          busy={busy}
          disabled={readOnly || !unsaved}
          disabledReason={readOnly ? t('settings.templates.adminOnly') : undefined}
          testId="rules-save"
        >
          {t('settings.templates.rulesSave')}
        </Button>
      </div>
    </div>
  );
}
