/** Checking an archived closure dossier file against the app's record (panel and settings page). */
// @ts-nocheck

import { useId, useState, type ChangeEvent } from 'react';
import { DOSSIER_FILE_MAX_CHARS, type DossierCheck, type DossierCheckOutcome } from '../../src/shared/dossier';
import { call } from './api';
import { Button, errorText, SectionMessage } from './components';
import type { Translate } from './i18n';

const OUTCOME_KEYS: Record<DossierCheckOutcome, string> = {
  verified: 'dossier.verify.outcome.verified',
  altered: 'dossier.verify.outcome.altered',
  'not-issued': 'dossier.verify.outcome.notIssued',
  'other-epic': 'dossier.verify.outcome.otherEpic',
  'other-project': 'dossier.verify.outcome.otherProject',
  'not-a-dossier': 'dossier.verify.outcome.notADossier',
};

/**
 * "Verify a dossier file": choose an archived dossier's JSON file (or paste it) and see whether the
 * app gave out exactly this dossier (resolver `verifyDossier` of the page: the panel checks it for
 * its epic, the settings page for any epic of the project). The digest in a file alone proves
 * integrity only.
 */
export function DossierFileCheck(props: { t: Translate; when: (iso: string) => string; scope: 'epic' | 'project' }): JSX.Element {
  const { t, when } = props;
  const ids = { file: useId(), text: useId(), hint: useId() };
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DossierCheck | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const readFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setResult(null);
    setProblem(null);
    const reader = new FileReader();
    reader.onload = () => setText(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => setProblem(t('dossier.verify.unreadable', { file: file.name }));
    reader.readAsText(file);
  };

  const verify = async (): Promise<void> => {
    setResult(null);
    setProblem(null);
    if (text.length > DOSSIER_FILE_MAX_CHARS) {
      setProblem(t('dossier.verify.tooLarge', { max: DOSSIER_FILE_MAX_CHARS }));
      return;
    }
    setBusy(true);
    const r = await call('verifyDossier', { text });
    setBusy(false);
    if (!r.ok) {
      setProblem(errorText(r.error, t));
      return;
    }
    setResult(r.data);
  };

  const verified = result?.outcome === 'verified';
  return (
    <details className="no-print" data-testid="dossier-verify">
      <summary>{t('dossier.verify.title')}</summary>
      <div className="stack">
        <p id={ids.hint} className="meta">
          {t(props.scope === 'epic' ? 'dossier.verify.help' : 'dossier.verify.helpProject')}
        </p>
        <div className="field">
          <label htmlFor={ids.file}>{t('dossier.verify.file')}</label>
          <input id={ids.file} type="file" accept=".json,application/json" onChange={readFile} data-testid="dossier-verify-file" />
        </div>
        <div className="field">
          <label htmlFor={ids.text}>{t('dossier.verify.paste')}</label>
          <textarea
            id={ids.text}
            rows={4}
            value={text}
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value);
              setResult(null);
            }}
            aria-describedby={ids.hint}
            data-testid="dossier-verify-text"
          />
        </div>
        <Button onClick={() => void verify()} busy={busy} disabled={text.trim() === ''} testId="dossier-verify-button">
          {t('dossier.verify.button')}
        </Button>
        {result ? (
          <SectionMessage
            appearance={verified ? 'success' : 'error'}
            title={t(verified ? 'dossier.verify.verified' : 'dossier.verify.notVerified')}
            testId="dossier-verify-result"
          >
            <p data-outcome={result.outcome}>
              {t(OUTCOME_KEYS[result.outcome], { key: result.epicKey ?? '–', when: result.generatedAt ? when(result.generatedAt) : '–' })}
            </p>
            {result.digest ? <p className="meta">{t('dossier.verify.digest', { digest: result.digest })}</p> : null}
          </SectionMessage>
        ) : null}
        {problem ? (
          <p className="error-text" role="alert" data-testid="dossier-verify-problem">
            {problem}
          </p>
        ) : null}
      </div>
    </details>
  );
}
