/**
 * The steering group's dashboard gadget: deployments across chosen projects (or a JQL filter),
 * counted by gate state, with the blocked ones listed. The configuration is the gadget's own
 * (Forge stores what the edit view submits, and gives it back as `extension.gadgetConfiguration`).
 */
// @ts-nocheck

import { useEffect, useId, useState } from 'react';
import { view } from '@forge/bridge';
import type { ApiError } from '../../../src/shared/api';
import type { GadgetConfig, GadgetView } from '../../../src/shared/portfolio';
import { call } from '../../common/api';
import { Button, ErrorMessage, Loading, Lozenge } from '../../common/components';
import { bootLoadingLabel, loadEnvironment, type UiEnvironment } from '../../common/i18n';
import { blockersText, openIssue } from '../../common/portfolio';

interface GadgetExtension {
  entryPoint?: string;
  gadgetConfiguration?: unknown;
}

const KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

/** The stored configuration, if it is one (anything else counts as not configured). */
export function configOf(raw: unknown): GadgetConfig | null {
  if (!raw || typeof raw !== 'object') return null;
  const c = raw as Record<string, unknown>;
  if (
    c.mode === 'projects' &&
    Array.isArray(c.projectKeys) &&
    c.projectKeys.length > 0 &&
    c.projectKeys.every((k) => typeof k === 'string' && KEY.test(k))
  ) {
    return { mode: 'projects', projectKeys: c.projectKeys as string[] };
  }
  if (c.mode === 'jql' && typeof c.jql === 'string' && c.jql.trim()) return { mode: 'jql', jql: c.jql.trim() };
  return null;
}

function Edit(props: { env: UiEnvironment; config: GadgetConfig | null }): JSX.Element {
  const { t } = props.env;
  const [mode, setMode] = useState<GadgetConfig['mode']>(props.config?.mode ?? 'projects');
  const [keys, setKeys] = useState(props.config?.mode === 'projects' ? props.config.projectKeys.join(', ') : '');
  const [jql, setJql] = useState(props.config?.mode === 'jql' ? props.config.jql : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const keysId = useId();
  const jqlId = useId();
  const problemId = useId();

  const save = async () => {
    let config: GadgetConfig;
    if (mode === 'projects') {
      const list = [
        ...new Set(
          keys
            .split(/[\s,;]+/)
            .map((k) => k.trim().toUpperCase())
            .filter(Boolean),
        ),
      ];
      if (list.length === 0 || list.length > 20 || !list.every((k) => KEY.test(k))) return setProblem(t('portfolio.gadget.invalidKeys'));
      config = { mode, projectKeys: list };
    } else {
      if (!jql.trim()) return setProblem(t('portfolio.gadget.invalidJql'));
      config = { mode, jql: jql.trim() };
    }
    setProblem(null);
    setSaving(true);
    try {
      await view.submit(config);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="stack"
      data-testid="gadget-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1>{t('portfolio.gadget.configure')}</h1>
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend>{t('portfolio.gadget.mode')}</legend>
        <label className="row">
          <input
            type="radio"
            name="mode"
            value="projects"
            checked={mode === 'projects'}
            onChange={() => setMode('projects')}
            data-testid="mode-projects"
          />
          {t('portfolio.gadget.modeProjects')}
        </label>
        <label className="row">
          <input type="radio" name="mode" value="jql" checked={mode === 'jql'} onChange={() => setMode('jql')} data-testid="mode-jql" />
          {t('portfolio.gadget.modeJql')}
        </label>
      </fieldset>
      {mode === 'projects' ? (
        <div className="field">
          <label htmlFor={keysId}>{t('portfolio.gadget.projectKeys')}</label>
          <input
            id={keysId}
            type="text"
            value={keys}
            onChange={(e) => setKeys(e.target.value)}
            placeholder={t('portfolio.gadget.projectKeysHelp')}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            data-testid="project-keys"
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={jqlId}>{t('portfolio.gadget.jql')}</label>
          <input
            id={jqlId}
            type="text"
            value={jql}
            onChange={(e) => setJql(e.target.value)}
            placeholder={t('portfolio.gadget.jqlHelp')}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            data-testid="jql"
          />
        </div>
      )}
      {problem ? (
        <p id={problemId} className="error-text" role="alert">
          {problem}
        </p>
      ) : null}
      <div>
        <Button type="submit" appearance="primary" busy={saving} testId="gadget-save">
          {t('portfolio.gadget.save')}
        </Button>
      </div>
    </form>
  );
}

function Counts(props: { env: UiEnvironment; config: GadgetConfig }): JSX.Element {
  const { t, lang } = props.env;
  const [data, setData] = useState<GadgetView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const configKey = JSON.stringify(props.config);
  useEffect(() => {
    void call('getGadget', { config: JSON.parse(configKey) as GadgetConfig }).then((r) => (r.ok ? setData(r.data) : setError(r.error)));
  }, [configKey]);
  if (error) return <ErrorMessage error={error} title={t('portfolio.gadget.loadFailed')} t={t} />;
  if (!data) return <Loading label={t('portfolio.loading')} />;
  const counts = ['total', 'exitPassed', 'inProgress', 'entryBlocked', 'done'] as const;
  return (
    <section className="stack" data-testid="gadget-view">
      <h1 className="visually-hidden">{t('portfolio.gadget.title')}</h1>
      <dl className="counts">
        {counts.map((c) => (
          <div key={c} data-testid={`count-${c}`}>
            <dt>{t(`portfolio.gadget.counts.${c}`)}</dt>
            <dd>{data.counts[c]}</dd>
          </div>
        ))}
      </dl>
      {data.leftOut.length > 0 ? (
        <p className="subtle" data-testid="gadget-left-out">
          {t('portfolio.gadget.leftOut', { projects: data.leftOut.join(', ') })}
        </p>
      ) : null}
      <h2>{t('portfolio.gadget.blockedHeading')}</h2>
      {data.blocked.length === 0 ? (
        <p>{t('portfolio.gadget.noneBlocked')}</p>
      ) : (
        <ul className="checklist" data-testid="gadget-blocked">
          {data.blocked.map((r) => (
            <li key={r.id} data-key={r.key}>
              <a
                href={`/browse/${r.key}`}
                target="_top"
                onClick={(e) => {
                  e.preventDefault();
                  openIssue(r.key);
                }}
              >
                {r.key}
              </a>{' '}
              {r.summary} <Lozenge appearance="danger">{t('portfolio.gate.blocked')}</Lozenge>{' '}
              <span className="meta">{r.gate ? `${r.gate.readiness} % · ${blockersText(r.gate, data.roles, lang, t)}` : ''}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function App(): JSX.Element {
  const [env, setEnv] = useState<UiEnvironment | null>(null);
  useEffect(() => {
    void loadEnvironment().then(setEnv);
  }, []);
  if (!env) return <Loading label={bootLoadingLabel()} />;
  const ext = (env.context.extension ?? {}) as GadgetExtension;
  const config = configOf(ext.gadgetConfiguration);
  if (ext.entryPoint === 'edit') return <Edit env={env} config={config} />;
  if (!config) return <p data-testid="gadget-not-configured">{env.t('portfolio.gadget.notConfigured')}</p>;
  return <Counts env={env} config={config} />;
}
