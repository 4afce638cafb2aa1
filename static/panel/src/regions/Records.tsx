/** The panel's record regions: the audit trail and the export (CSV, print view, dossier). */
import { useMemo, useState } from 'react';

import type { ApiError, AuditEntry, Result } from '../../../../src/shared/api';
import { AUDIT_ACTIONS as AUDIT_ACTION_IDS } from '../../../../src/shared/domain';
import { call } from '../../../common/api';
import { ExternalLink } from '../../../common/links';
import { Button, ErrorMessage, flag } from '../../../common/components';
import { localize } from '../../../common/i18n';
import { useUserNames } from '../../../common/users';
import { usePanel } from '../context';

import { DossierButtons, DossierVerify } from '../Dossier';

import { closureChecklist, toCsv, csvSeparator } from '../model';

const AUDIT_ACTIONS = new Set<string>(AUDIT_ACTION_IDS);

export function AuditSection(props: { users: ReturnType<typeof useUserNames> }): JSX.Element {
  const { env, view, nameOf, when } = usePanel();
  const { t, lang } = env;
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const entries = useMemo(() => {
    const seen = new Set<string>();
    return [...view.auditTail, ...older].filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  }, [view.auditTail, older]);
  const subjectText = (subject: string | undefined): string => {
    if (!subject) return '';
    const condition = [...view.template.gates.entry.conditions, ...view.template.gates.exit.conditions].find((c) => c.id === subject);
    if (condition) return localize(condition.text, lang);
    const item = view.template.items.find((i) => i.id === subject);
    if (item) return localize(item.text, lang);
    const role = view.template.roles.find((r) => r.id === subject);
    return role ? localize(role.name, lang) : subject;
  };
  const more = async (): Promise<void> => {
    setBusy(true);
    const result: Result<{ entries: AuditEntry[]; nextCursor: string | null }> = await call('getAudit', cursor ? { cursor } : {});
    if (result.ok) {
      await props.users.ensure(result.data.entries.flatMap((e) => [e.by, ...(e.onBehalfOf ? [e.onBehalfOf] : [])]));
      setOlder((prev) => [...prev, ...result.data.entries]);
      setCursor(result.data.nextCursor);
      setError(null);
    } else setError(result.error);
    setBusy(false);
  };
  return (
    <div data-testid="audit">
      {entries.length === 0 ? <p className="subtle">{t('ui.audit.empty')}</p> : null}
      <ul className="checklist">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="audit-entry" data-action={entry.action}>
            <span>{AUDIT_ACTIONS.has(entry.action) ? t(`ui.audit.action.${entry.action}`) : entry.action}</span>
            {entry.subject ? <span>: {subjectText(entry.subject)}</span> : null}
            <span className="meta">
              {' · '}
              {/* Done by a stand-in: "A (for B)" (issue #24). */}
              {entry.onBehalfOf ? t('ui.audit.standInFor', { name: nameOf(entry.by), absent: nameOf(entry.onBehalfOf) }) : nameOf(entry.by)}
              {' · '}
              {when(entry.at)}
            </span>
          </li>
        ))}
      </ul>
      {error ? <ErrorMessage error={error} title={t('ui.audit.loadFailed')} t={t} headingLevel={3} /> : null}
      {cursor !== null ? (
        <Button onClick={() => void more()} busy={busy} testId="audit-more">
          {t('ui.audit.more')}
        </Button>
      ) : (
        <p className="meta">{t('ui.audit.end')}</p>
      )}
    </div>
  );
}

export function ExportSection(props: { printView: boolean; setPrintView: (on: boolean) => void }): JSX.Element {
  const { env, view, nameOf, when } = usePanel();
  const { t, lang } = env;
  const rows = closureChecklist(view, lang, t, nameOf, (iso) => when(iso));
  const download = (): void => {
    const blob = new Blob([toCsv(rows, t, lang)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${t('ui.export.fileName')}-${view.epic.key}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    flag('success', t('ui.export.downloaded'));
  };
  return (
    <div data-testid="export">
      <div className="row no-print">
        <Button onClick={download} testId="export-csv">
          {t('ui.export.csv')}
        </Button>
        <Button onClick={() => props.setPrintView(!props.printView)} pressed={props.printView} testId="export-print-view">
          {t('ui.export.printable')}
        </Button>
        {view.status === 'done' ? <DossierButtons /> : null}
        {props.printView ? (
          <Button onClick={() => window.print()} testId="export-print">
            {t('ui.export.print')}
          </Button>
        ) : null}
      </div>
      <p className="meta no-print">{t('ui.work.csvNote', { separator: csvSeparator(lang) })}</p>
      {view.phase ? <DossierVerify /> : null}
      {props.printView ? (
        <div data-testid="print-view" className="print-view">
          <p>
            {localize(view.template.name, lang)} · {view.epic.key} {view.epic.summary} · {view.epic.statusName} · {t('ui.work.readiness')}{' '}
            {view.readiness.overall.done}/{view.readiness.overall.total} · {new Date().toISOString().slice(0, 10)}
          </p>
          <table>
            <caption className="visually-hidden">{t('ui.export.title')}</caption>
            <colgroup>
              <col style={{ width: '14%' }} />
              <col style={{ width: '36%' }} />
              <col style={{ width: '14%' }} />
              <col style={{ width: '16%' }} />
              <col style={{ width: '20%' }} />
            </colgroup>
            <thead>
              <tr>
                {(['key', 'text', 'state', 'who', 'detail'] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`ui.export.column.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.type}-${row.id}`} data-testid="print-row" data-id={row.id}>
                  <td>{row.key || row.group}</td>
                  <td>{row.text}</td>
                  <td>
                    {row.state}
                    {row.jiraStatus ? ` (${row.jiraStatus})` : ''}
                  </td>
                  <td>
                    {row.who}
                    {row.completedOn ? ` ${row.completedOn}` : ''}
                  </td>
                  <td>
                    {row.evidence ? (
                      <ExternalLink href={row.evidence} testId="print-evidence">
                        {row.evidence}
                      </ExternalLink>
                    ) : null}
                    {row.waiverReason ? (
                      <span data-testid="print-waiver-reason">{`${t('ui.waiver.reason')}: ${row.waiverReason}`}</span>
                    ) : null}
                    {row.detail ? <span className="meta"> {row.detail}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
