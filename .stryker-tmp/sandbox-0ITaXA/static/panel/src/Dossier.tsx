/** The closure dossier of a closed phase: JSON to archive and check, printable HTML (prints to PDF);
 * and the check of an archived dossier file against the app's record of the dossiers it gave out. */
// @ts-nocheck

import { useState } from 'react';
import type { DossierResult } from '../../../src/shared/dossier';
import { call } from '../../common/api';
import { Button, errorText, flag } from '../../common/components';
import { DossierFileCheck } from '../../common/dossier-check';
import { usePanel } from './context';

function save(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Both buttons save the same generated dossier (one digest), fetched on the first click. */
export function DossierButtons(): JSX.Element {
  const { env } = usePanel();
  const { t } = env;
  const [busy, setBusy] = useState<'json' | 'html' | null>(null);
  const [dossier, setDossier] = useState<DossierResult | null>(null);
  const download = async (kind: 'json' | 'html'): Promise<void> => {
    let d = dossier;
    if (!d) {
      setBusy(kind);
      const r = await call('getDossier', {});
      setBusy(null);
      if (!r.ok) {
        flag('error', t('dossier.failed'), errorText(r.error, t));
        return;
      }
      d = r.data;
      setDossier(d);
    }
    if (kind === 'json') save(JSON.stringify(d.dossier, null, 2), 'application/json', `${d.fileName}.json`);
    else save(d.html, 'text/html;charset=utf-8', `${d.fileName}.html`);
    flag('success', t('dossier.downloaded'));
  };
  return (
    <>
      <Button onClick={() => void download('html')} busy={busy === 'html'} testId="export-dossier-html">
        {t('dossier.html')}
      </Button>
      <Button onClick={() => void download('json')} busy={busy === 'json'} testId="export-dossier-json">
        {t('dossier.json')}
      </Button>
    </>
  );
}

/** "Verify a dossier file" on the panel: for this epic. */
export function DossierVerify(): JSX.Element {
  const { env, when } = usePanel();
  return <DossierFileCheck t={env.t} when={when} scope="epic" />;
}
