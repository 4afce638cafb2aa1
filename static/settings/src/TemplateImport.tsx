/** Importing a template on the settings page: a pasted or chosen file, its problems or its changes, saved as a new version. */
import { useId, useState, type ChangeEvent } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type { ProjectTemplatesView, TemplateChangeView, TemplateImportPreview } from '../../../src/shared/templates';
import { call } from '../../common/api';
import { Button, ErrorMessage, SectionMessage, errorText, flag } from '../../common/components';
import { localize, type UiEnvironment } from '../../common/i18n';
import { CODE, sourceText } from './template-text';

/** The largest file the page reads (the resolver takes at most 1,000,000 characters). */
const MAX_FILE_BYTES = 1_000_000;

/** A template field named in the user's language; a field the catalogue has no word for keeps its name. */
function fieldName(field: string, t: UiEnvironment['t']): string {
  const key = `settings.templates.field.${field}`;
  const word = t(key);
  return word === key ? field : word;
}

export function Import(props: {
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
                  {c.fields.length > 0 ? (
                    <span className="meta">
                      {' '}
                      ({t('settings.templates.changedFields', { fields: c.fields.map((f) => fieldName(f, t)).join(', ') })})
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </div>
  );
}
