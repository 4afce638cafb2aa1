/** The closure dossier of a closed phase: JSON to archive and check, printable HTML, a PDF/A-2b copy;
 * and the check of an archived dossier file against the app's record of the dossiers it gave out. */
import { useState } from 'react';
import type { DossierResult } from '../../../src/shared/dossier';
import { call } from '../../common/api';
import { Button, errorText, flag } from '../../common/components';
import { DossierFileCheck } from '../../common/dossier-check';
import { usePanel } from './context';

function save(content: string | Uint8Array<ArrayBuffer>, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The buttons save the same generated dossier (one digest), fetched on the first click. The PDF/A
 * copy comes with its own dossier (getDossierPdf); the JSON and HTML saved after it are that one's.
 */
export function DossierButtons(): JSX.Element {
  const { env } = usePanel();
  const { t } = env;
  const [busy, setBusy] = useState<'json' | 'html' | 'pdf' | null>(null);
  const [dossier, setDossier] = useState<DossierResult | null>(null);
  const [pdf, setPdf] = useState<string | null>(null);
  const download = async (kind: 'json' | 'html' | 'pdf'): Promise<void> => {
    let d = dossier;
    let file = pdf;
    if (!d || (kind === 'pdf' && !file)) {
      setBusy(kind);
      const r = kind === 'pdf' ? await call('getDossierPdf', {}) : await call('getDossier', {});
      setBusy(null);
      if (!r.ok) {
        flag('error', t('dossier.failed'), errorText(r.error, t));
        return;
      }
      const data: DossierResult & { pdf?: string } = r.data;
      d = data;
      setDossier(d);
      if (data.pdf) setPdf((file = data.pdf));
    }
    if (kind === 'json') save(JSON.stringify(d.dossier, null, 2), 'application/json', `${d.fileName}.json`);
    else if (kind === 'pdf') save(bytesOf(file!), 'application/pdf', `${d.fileName}.pdf`);
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
      <Button onClick={() => void download('pdf')} busy={busy === 'pdf'} testId="export-dossier-pdf">
        {t('dossier.pdf')}
      </Button>
    </>
  );
}

/** "Verify a dossier file" on the panel: for this epic. */
export function DossierVerify(): JSX.Element {
  const { env, when } = usePanel();
  return <DossierFileCheck t={env.t} when={when} scope="epic" />;
}
