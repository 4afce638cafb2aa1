/** The project page "Käyttöönotot": every deployment epic of the project with its gate state. */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import { ROLE_IDS, type RoleId } from '../../../src/shared/domain';
import type { PortfolioQuery, PortfolioRow, PortfolioSortField } from '../../../src/shared/portfolio';
import { call } from '../../common/api';
import { Button, ErrorMessage, Loading, Lozenge } from '../../common/components';
import { bootLoadingLabel, loadEnvironment, type UiEnvironment } from '../../common/i18n';
import { blockersText, dateText, gateText, openIssue, portfolioCsv, type RoleNames } from '../../common/portfolio';
import { BulkUpgrade } from './BulkUpgrade';
import { loadOverdue, withOverdue } from './overdue';

type Sort = NonNullable<PortfolioQuery['sort']>;
type Filter = NonNullable<PortfolioQuery['filter']>;

/** The table's columns at 720 px (the width Jira gives a project page): related values share a column,
 * one above the other, each still sortable from its own header button. The CSV keeps one column each. */
const COLUMNS: { id: string; parts: { id: string; sort?: PortfolioSortField }[] }[] = [
  { id: 'epic', parts: [{ id: 'key', sort: 'key' }, { id: 'summary' }] },
  { id: 'status', parts: [{ id: 'status' }] },
  { id: 'readiness', parts: [{ id: 'readiness', sort: 'readiness' }] },
  { id: 'gates', parts: [{ id: 'entryGate' }, { id: 'exitGate' }] },
  {
    id: 'blockers',
    parts: [
      { id: 'blockers', sort: 'blockers' },
      { id: 'pendingWaivers', sort: 'pendingWaivers' },
    ],
  },
  {
    id: 'dates',
    parts: [
      { id: 'phaseStart', sort: 'phaseStart' },
      { id: 'lastChange', sort: 'lastChange' },
    ],
  },
];

export function App(): JSX.Element {
  const [env, setEnv] = useState<UiEnvironment | null>(null);
  const [sort, setSort] = useState<Sort>({ field: 'key', direction: 'ASC' });
  const [filter, setFilter] = useState<Filter>({});
  const [rows, setRows] = useState<PortfolioRow[]>([]);
  const [roles, setRoles] = useState<RoleNames>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);
  const [total, setTotal] = useState<number | null>(null);
  const seq = useRef(0);
  const roleSelectId = useId();

  const load = useCallback(async (query: PortfolioQuery, append: boolean) => {
    const mine = ++seq.current;
    setLoading(true);
    const r = await call('getPortfolio', query);
    if (mine !== seq.current) return;
    if (r.ok) {
      setRows((prev) => (append ? [...prev, ...r.data.rows] : r.data.rows));
      setRoles(r.data.roles);
      setNext(r.data.nextPageToken);
      if (!append) setTotal(r.data.total);
      setError(null);
      // The overdue badges come after the rows are shown; without them the rows stay as they are.
      void loadOverdue(r.data.rows).then((counts) => counts && setRows((prev) => withOverdue(prev, counts)));
    } else setError(r.error);
    setLoading(false);
  }, []);

  useEffect(() => {
    void loadEnvironment().then(setEnv);
  }, []);
  useEffect(() => {
    void load({ sort, filter }, false);
  }, [load, sort, filter]);

  if (!env) return <Loading label={bootLoadingLabel()} />;
  const { t, lang, locale, timezone } = env;
  const projectKey = env.context.extension?.project?.key ?? '';

  const toggleSort = (field: PortfolioSortField) =>
    setSort((s) => (s.field === field ? { field, direction: s.direction === 'ASC' ? 'DESC' : 'ASC' } : { field, direction: 'ASC' }));

  const exportCsv = async () => {
    setExporting(true);
    // Every page of the current selection, in the current order.
    const all = [...rows];
    let token = next;
    while (token) {
      const r = await call('getPortfolio', { sort, filter, nextPageToken: token, pageSize: 100 });
      if (!r.ok) {
        setError(r.error);
        setExporting(false);
        return;
      }
      all.push(...r.data.rows);
      token = r.data.nextPageToken;
    }
    const blob = new Blob([portfolioCsv(all, roles, lang, t, locale, timezone)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${t('portfolio.fileName')}-${projectKey}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setExporting(false);
  };

  return (
    <main>
      <h1>{t('portfolio.title')}</h1>
      <fieldset className="row" aria-label={t('portfolio.filters')} style={{ border: 0, padding: 0, margin: '0 0 8px' }}>
        <label className="row">
          <input
            type="checkbox"
            data-testid="filter-blocked"
            checked={!!filter.blockedOnly}
            onChange={(e) => setFilter((f) => ({ ...f, blockedOnly: e.target.checked || undefined }))}
          />
          {t('portfolio.blockedOnly')}
        </label>
        <label className="row">
          <input
            type="checkbox"
            data-testid="filter-mine"
            checked={!!filter.mine}
            onChange={(e) => setFilter((f) => ({ ...f, mine: e.target.checked || undefined }))}
          />
          {t('portfolio.mine')}
        </label>
        <label htmlFor={roleSelectId}>{t('portfolio.role')}</label>
        <select
          id={roleSelectId}
          data-testid="filter-role"
          value={filter.role ?? ''}
          onChange={(e) =>
            setFilter((f) => ({
              ...f,
              role: (ROLE_IDS as readonly string[]).includes(e.target.value) ? (e.target.value as RoleId) : undefined,
            }))
          }
        >
          <option value="">{t('portfolio.anyRole')}</option>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name[lang] || r.name.fi}
            </option>
          ))}
        </select>
        <Button onClick={() => void exportCsv()} busy={exporting} disabled={rows.length === 0} testId="export-csv">
          {t('portfolio.exportCsv')}
        </Button>
      </fieldset>
      {error ? <ErrorMessage error={error} title={t('portfolio.loadFailed')} t={t} /> : null}
      <p role="status" aria-live="polite" className="subtle" data-testid="portfolio-count">
        {loading
          ? t('portfolio.loading')
          : rows.length === 0
            ? t('portfolio.empty')
            : total !== null && total >= rows.length
              ? t('portfolio.countOfTotal', { count: rows.length, total })
              : t('portfolio.count', { count: rows.length })}
      </p>
      {rows.length > 0 ? (
        <table className="data" data-testid="portfolio-table">
          <caption>{t('portfolio.tableCaption', { project: projectKey })}</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const sortedPart = c.parts.find((p) => p.sort && sort.field === p.sort);
                return (
                  <th
                    key={c.id}
                    scope="col"
                    className={`col-${c.id}`}
                    aria-sort={sortedPart ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.parts.map((part, i) => {
                      const label = t(`portfolio.columns.${part.id}`);
                      const sorted = part.sort && sort.field === part.sort;
                      return (
                        <span key={part.id} className="th-part">
                          {i > 0 ? <span aria-hidden="true"> / </span> : null}
                          {part.sort ? (
                            <button
                              type="button"
                              className="sort"
                              data-testid={`sort-${part.sort}`}
                              onClick={() => toggleSort(part.sort as PortfolioSortField)}
                            >
                              {label}
                              {sorted ? <span aria-hidden="true">{sort.direction === 'ASC' ? ' ▲' : ' ▼'}</span> : null}
                              <span className="visually-hidden">{` (${t('portfolio.sortBy', { column: label })})`}</span>
                            </button>
                          ) : (
                            label
                          )}
                        </span>
                      );
                    })}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const roleText = r.gate && r.gate.blockers > 0 ? blockersText(r.gate, roles, lang, t) : '';
              return (
                <tr key={r.id} data-testid="portfolio-row" data-key={r.key} data-exit={r.gate?.exitGate ?? ''}>
                  <td className="col-epic">
                    <a
                      href={`/browse/${r.key}`}
                      target="_top"
                      className="nowrap"
                      onClick={(e) => {
                        e.preventDefault();
                        openIssue(r.key);
                      }}
                    >
                      {r.key}
                    </a>
                    <div className="clamp" title={r.summary}>
                      {r.summary}
                    </div>
                  </td>
                  <td>
                    <Lozenge
                      appearance={
                        r.statusCategory === 'done' ? 'success' : r.statusCategory === 'indeterminate' ? 'information' : 'default'
                      }
                    >
                      {r.statusName}
                    </Lozenge>
                  </td>
                  <td className="nowrap">{r.gate ? `${r.gate.readiness} %` : '–'}</td>
                  <td className="stacked">
                    <Lozenge appearance={r.gate?.entryGate === 'passed' ? 'success' : r.gate ? 'warning' : 'default'}>
                      <span className="visually-hidden">{t('portfolio.columns.entryGate')}: </span>
                      {gateText(r.gate?.entryGate, t)}
                    </Lozenge>
                    <Lozenge appearance={r.gate?.exitGate === 'passed' ? 'success' : r.gate ? 'danger' : 'default'}>
                      <span className="visually-hidden">{t('portfolio.columns.exitGate')}: </span>
                      {gateText(r.gate?.exitGate, t)}
                    </Lozenge>
                  </td>
                  <td>
                    {r.gate ? (
                      r.gate.blockers > 0 ? (
                        <>
                          <strong>{r.gate.blockers}</strong>
                          <div className="meta clamp" title={roleText}>
                            {roleText}
                          </div>
                        </>
                      ) : (
                        t('portfolio.noBlockers')
                      )
                    ) : (
                      '–'
                    )}
                    {r.gate && r.gate.pendingWaivers > 0 ? (
                      <div className="meta">{t('portfolio.pendingWaiversCount', { count: r.gate.pendingWaivers })}</div>
                    ) : null}
                    {r.overdue ? (
                      <div data-testid="overdue-count">
                        <Lozenge appearance="danger">{t('portfolio.overdueCount', { count: r.overdue })}</Lozenge>
                      </div>
                    ) : null}
                  </td>
                  <td className="nowrap stacked">
                    <span>{dateText(r.gate?.phaseStart, locale, timezone) || '–'}</span>
                    <span className="meta">{dateText(r.gate?.lastChange, locale, timezone)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {next ? (
        <p>
          <Button onClick={() => void load({ sort, filter, nextPageToken: next }, true)} busy={loading} testId="load-more">
            {t('portfolio.loadMore')}
          </Button>
        </p>
      ) : null}
      <BulkUpgrade env={env} onUpgraded={() => void load({ sort, filter }, false)} />
    </main>
  );
}
