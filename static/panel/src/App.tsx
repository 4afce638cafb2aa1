import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { events } from '@forge/bridge';
import type { ApiError, AuditEntry, PanelView, Result } from '../../../src/shared/api';
import { RISK_LEVELS, ROLE_IDS, type RoleId } from '../../../src/shared/domain';
import { call } from '../../common/api';
import { Button, ErrorMessage, Loading, Lozenge, ProgressBar, SectionMessage, UserPicker, errorText, flag, type LozengeAppearance } from '../../common/components';
import { bootLoadingLabel, formatDateTime, loadEnvironment, localize, type UiEnvironment } from '../../common/i18n';
import { useUserNames } from '../../common/users';
import { PanelContext, usePanel, type PanelCtx } from './context';
import { GateChecklist } from './Gates';
import { ItemsSection } from './Items';
import { DossierButtons } from './Dossier';
import { accountIdsOf, closureChecklist, itemById, nameResolver, roleName, sectionTitle, toCsv } from './model';

/** While children are being created the panel re-reads itself this often, at most SPAWN_MAX_POLLS times (≈ 1 min). */
const SPAWN_POLL_MS = 1500;
const SPAWN_MAX_POLLS = 40;

const STATUS_APPEARANCE: Record<PanelView['status'], LozengeAppearance> = {
  'not-started': 'default',
  'in-progress': 'information',
  'ready-for-done': 'success',
  done: 'success',
};

export function App(): JSX.Element {
  const [env, setEnv] = useState<UiEnvironment | null>(null);
  const [view, setView] = useState<PanelView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const users = useUserNames();
  const { ensure } = users;
  const loadSeq = useRef(0);
  const polls = useRef(0);
  const [pollingStopped, setPollingStopped] = useState(false);

  const load = useCallback(async () => {
    const mine = ++loadSeq.current;
    setRefreshing(true);
    const result = await call('getPanel', {});
    if (mine !== loadSeq.current) return;
    if (result.ok) {
      await ensure(accountIdsOf(result.data));
      if (mine !== loadSeq.current) return;
      setView(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
    setRefreshing(false);
  }, [ensure]);

  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    void (async () => {
      const environment = await loadEnvironment();
      setEnv(environment);
      await load();
      try {
        const subscription = await events.on('JIRA_ISSUE_CHANGED', () => void load());
        unsubscribe = () => subscription.unsubscribe();
      } catch {
        // hosts without events: the panel still refreshes after every action
      }
    })();
    return () => unsubscribe?.();
  }, [load]);

  // While children are being created, show the spawn progress as it grows: only in the 'running'
  // state (never after 'complete', 'partial' or 'failed'), and at most SPAWN_MAX_POLLS times; then a
  // note tells how to continue (Refresh starts a new round).
  const spawning = view?.phase?.spawn.state === 'running';
  useEffect(() => {
    if (!spawning) {
      polls.current = 0;
      setPollingStopped(false);
      return undefined;
    }
    if (polls.current >= SPAWN_MAX_POLLS) {
      setPollingStopped(true);
      return undefined;
    }
    const timer = setTimeout(() => {
      polls.current += 1;
      void load();
    }, SPAWN_POLL_MS);
    return () => clearTimeout(timer);
    // `error` too: a failed re-read counts as a poll and the next one still comes
  }, [spawning, view, error, load]);

  const refresh = useCallback(async () => {
    polls.current = 0;
    setPollingStopped(false);
    await load();
  }, [load]);

  const when = useCallback(
    (iso: string | undefined | null) => (env ? formatDateTime(iso, env.locale, env.timezone) : iso ?? ''),
    [env],
  );

  const act = useCallback<PanelCtx['act']>(
    async (label, run) => {
      const outcome = await run();
      if (outcome.ok) {
        flag('success', label);
        setAnnouncement(label);
      } else {
        const text = env ? errorText(outcome.error, env.t) : outcome.error.message;
        flag('error', env?.t('ui.errors.actionFailed') ?? '', text);
        setAnnouncement(text);
      }
      await load();
      return outcome;
    },
    [env, load],
  );

  if (!env) return <Loading label={bootLoadingLabel()} />;
  const { t } = env;
  if (!view) {
    return (
      <main aria-label={t('panel.title')}>
        <h1 className="visually-hidden">{t('panel.title')}</h1>
        {error ? (
          <>
            <ErrorMessage error={error} title={t('ui.panel.loadFailed')} t={t} headingLevel={2} />
            <Button onClick={() => void load()} busy={refreshing}>
              {t('ui.common.retry')}
            </Button>
          </>
        ) : (
          <Loading label={t('ui.panel.loading')} />
        )}
      </main>
    );
  }
  const ctx: PanelCtx = { env, view, nameOf: nameResolver(users.names, t), when, act };
  return (
    <PanelContext.Provider value={ctx}>
      <PanelBody error={error} refreshing={refreshing} reload={refresh} search={users} announcement={announcement} pollingStopped={pollingStopped} />
    </PanelContext.Provider>
  );
}

function PanelBody(props: {
  error: ApiError | null;
  refreshing: boolean;
  reload: () => Promise<void>;
  search: ReturnType<typeof useUserNames>;
  announcement: string;
  /** The spawn still reads 'running' after the last automatic re-read. */
  pollingStopped: boolean;
}): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const [printView, setPrintView] = useState(false);
  const templateName = localize(view.template.name, lang);
  return (
    <main aria-labelledby="panel-title" data-testid="panel" data-status={view.status}>
      <div className="visually-hidden" aria-live="polite" role="status" data-testid="announcer">
        {props.announcement}
      </div>
      <header className="no-print">
        <h1 id="panel-title">
          {templateName}: {view.epic.key}
        </h1>
        <div className="row">
          <Lozenge appearance={STATUS_APPEARANCE[view.status]}>{t(`ui.status.${view.status}`)}</Lozenge>
          <span className="meta">{t('ui.panel.templateVersion', { version: view.template.version, status: t(`ui.template.status.${view.template.status}`) })}</span>
          <Button onClick={() => void props.reload()} busy={props.refreshing} appearance="subtle" testId="refresh">
            {t('ui.common.refresh')}
          </Button>
        </div>
        <div aria-live="polite">
          <ProgressBar label={t('ui.panel.overall')} {...view.readiness.overall} t={t} id="overall-progress" />
        </div>
      </header>
      {props.error ? <ErrorMessage error={props.error} title={t('ui.panel.refreshFailed')} t={t} headingLevel={2} /> : null}
      {!view.enabled ? (
        <SectionMessage appearance="warning" title={t('ui.panel.notEnabledTitle')} headingLevel={2} testId="not-enabled">
          <p>{t('ui.panel.notEnabled')}</p>
        </SectionMessage>
      ) : !view.isDeploymentEpic ? (
        <SectionMessage appearance="information" title={t('ui.panel.notDeploymentTitle')} headingLevel={2} testId="not-deployment">
          <p>{t('ui.panel.notDeployment')}</p>
        </SectionMessage>
      ) : null}
      <div className="no-print">
        <PhaseActions pollingStopped={props.pollingStopped} />
        <Blockers />
        <GateChecklist gate="entry" />
        <GateChecklist gate="exit" />
        <ProgressSection />
        <RosterSection users={props.search} />
        <RiskSection />
        <ItemsSection />
        <AuditSection users={props.search} />
      </div>
      <ExportSection printView={printView} setPrintView={setPrintView} />
    </main>
  );
}

function PhaseActions(props: { pollingStopped: boolean }): JSX.Element {
  const { env, view, act, nameOf, when } = usePanel();
  const { t, lang } = env;
  const items = itemById(view.template);
  const itemText = (itemId: string): string => {
    const item = items.get(itemId);
    return item ? localize(item.text, lang) : itemId;
  };
  const headingId = useId();
  const [busy, setBusy] = useState<'start' | 'resync' | null>(null);
  const spawn = view.phase?.spawn ?? null;
  const run = async (kind: 'start' | 'resync'): Promise<void> => {
    setBusy(kind);
    await act(kind === 'start' ? t('ui.phase.started') : t('ui.phase.resynced'), () =>
      kind === 'start' ? call('startPhase', {}) : call('resync', {}),
    );
    setBusy(null);
  };
  const permission = view.phase ? view.permissions.resync : view.permissions.startPhase;
  return (
    <section aria-labelledby={headingId} className="card" data-testid="phase-actions">
      <h2 id={headingId}>{t('ui.phase.title')}</h2>
      {view.phase ? (
        <p className="meta">{t('ui.phase.startedBy', { name: nameOf(view.phase.startedBy), when: when(view.phase.startedAt) })}</p>
      ) : (
        <p className="meta">{t('ui.phase.notStarted')}</p>
      )}
      <div className="row">
        {!view.phase ? (
          <Button appearance="primary" onClick={() => void run('start')} busy={busy === 'start'} disabled={!permission.allowed} disabledReason={permission.reason} testId="start-phase">
            {t('ui.phase.start')}
          </Button>
        ) : (
          <Button onClick={() => void run('resync')} busy={busy === 'resync'} disabled={!permission.allowed} disabledReason={permission.reason} testId="resync">
            {t('ui.phase.resync')}
          </Button>
        )}
      </div>
      {spawn && spawn.state !== 'not-started' ? (
        <div aria-live="polite" data-testid="spawn-status" data-state={spawn.state}>
          <ProgressBar
            label={t(`ui.spawn.state.${spawn.state}`)}
            done={spawn.created}
            total={spawn.total}
            percent={spawn.total > 0 ? Math.floor((spawn.created * 100) / spawn.total) : 0}
            t={t}
          />
          {spawn.state === 'running' && props.pollingStopped ? (
            <SectionMessage appearance="information" title={t('ui.spawn.pollingStoppedTitle')} testId="spawn-polling-stopped">
              <p>{t('ui.spawn.pollingStopped')}</p>
            </SectionMessage>
          ) : null}
          {spawn.warnings.length > 0 ? (
            <SectionMessage appearance="warning" title={t('ui.spawn.warnings', { count: spawn.warnings.length })} testId="spawn-warnings">
              <ul>
                {spawn.warnings.map((w) => (
                  <li key={`${w.itemId}-${w.code}`} data-testid="spawn-warning" data-code={w.code}>
                    {t(`ui.spawn.warningItem.${w.code}`, { item: itemText(w.itemId) })}
                  </li>
                ))}
              </ul>
              <details>
                <summary>{t('ui.spawn.technicalDetails')}</summary>
                <ul className="meta">
                  {spawn.warnings.map((w) => (
                    <li key={`${w.itemId}-${w.code}`}>
                      {w.itemId} · {w.code}
                      {w.message ? ` · ${w.message}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            </SectionMessage>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Blockers(): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
  const exit = view.gates.exit;
  const texts = new Map(view.template.gates.exit.conditions.map((c) => [c.id, localize(c.text, lang)]));
  const openItems = view.readiness.openItemIds.length;
  return (
    <section aria-labelledby={headingId} className="card" data-testid="blockers">
      <h2 id={headingId}>{t('ui.blockers.title')}</h2>
      {exit.passed ? (
        <SectionMessage appearance="success">
          <p>{t('ui.blockers.none')}</p>
        </SectionMessage>
      ) : (
        <>
          <ul>
            {exit.unmet.map((id) => (
              <li key={id} data-testid="blocker">
                {texts.get(id) ?? id}
              </li>
            ))}
          </ul>
          {openItems > 0 ? <p>{t('ui.blockers.openItems', { count: openItems })}</p> : null}
          {localize(exit.message, lang) ? (
            <details>
              <summary>{t('ui.blockers.details')}</summary>
              <p className="meta">{localize(exit.message, lang)}</p>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

function ProgressSection(): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card" data-testid="progress">
      <h2 id={headingId}>{t('ui.progress.title')}</h2>
      <h3>{t('ui.progress.byRole')}</h3>
      {ROLE_IDS.map((role) => {
        const progress = view.readiness.byRole[role];
        return progress && progress.total > 0 ? <ProgressBar key={role} label={roleName(view.template, role, lang)} {...progress} t={t} /> : null;
      })}
      <h3>{t('ui.progress.bySection')}</h3>
      {Object.entries(view.readiness.bySection).map(([sectionId, progress]) =>
        progress.total > 0 ? <ProgressBar key={sectionId} label={sectionTitle(view.template, sectionId, lang)} {...progress} t={t} /> : null,
      )}
    </section>
  );
}

function RosterSection(props: { users: ReturnType<typeof useUserNames> }): JSX.Element {
  const { env, view, nameOf, act } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
  const permission = view.permissions.editRoster;
  const search = async (query: string) => {
    const result = await call('searchUsers', { query });
    if (!result.ok) return [];
    props.users.remember(result.data);
    return result.data;
  };
  const setMember = async (role: RoleId, accountId: string | null): Promise<void> => {
    await act(t('ui.roster.saved', { role: roleName(view.template, role, lang) }), () => call('setRosterMember', { role, accountId }));
  };
  return (
    <section aria-labelledby={headingId} className="card" data-testid="roster">
      <h2 id={headingId}>{t('ui.roster.title')}</h2>
      {!permission.allowed && permission.reason ? <p className="reason">{permission.reason}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ui.roster.role')}</th>
            <th scope="col">{t('ui.roster.person')}</th>
          </tr>
        </thead>
        <tbody>
          {ROLE_IDS.map((role) => {
            const accountId = view.roster[role] ?? null;
            const label = roleName(view.template, role, lang);
            return (
              <tr key={role} data-testid="roster-row" data-role={role}>
                <th scope="row">
                  {label}
                  {view.callerRoles.includes(role) ? <span className="meta"> ({t('ui.roster.you')})</span> : null}
                </th>
                <td>
                  <UserPicker
                    label={t('ui.roster.pick', { role: label })}
                    value={accountId}
                    valueName={accountId ? nameOf(accountId) : null}
                    search={search}
                    onPick={(user) => void setMember(role, user?.accountId ?? null)}
                    disabled={!permission.allowed}
                    t={t}
                    testId={`picker-${role}`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function RiskSection(): JSX.Element {
  const { env, view, act } = usePanel();
  const { t } = env;
  const headingId = useId();
  const selectId = useId();
  const current = view.phase?.riskLevel ?? '';
  const [value, setValue] = useState(current);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(current), [current]);
  const permission = view.permissions.setRiskLevel;
  const save = async (): Promise<void> => {
    const riskLevel = RISK_LEVELS.find((level) => level === value);
    if (!riskLevel) return;
    setBusy(true);
    await act(t('ui.risk.saved'), () => call('setRiskLevel', { riskLevel }));
    setBusy(false);
  };
  return (
    <section aria-labelledby={headingId} className="card" data-testid="risk">
      <h2 id={headingId}>{t('ui.risk.title')}</h2>
      <p className="meta">{t('ui.risk.help')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor={selectId}>{t('ui.risk.label')}</label>
          <select id={selectId} value={value} onChange={(e) => setValue(e.target.value)} disabled={!permission.allowed || !view.phase}>
            <option value="">{t('ui.risk.none')}</option>
            {RISK_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`ui.risk.level.${level}`)}
              </option>
            ))}
          </select>
        </div>
        <Button onClick={() => void save()} busy={busy} disabled={!permission.allowed || !value || value === current} disabledReason={permission.allowed ? undefined : permission.reason}>
          {t('ui.common.save')}
        </Button>
      </div>
    </section>
  );
}

const AUDIT_ACTIONS = new Set([
  'phase.started',
  'roster.changed',
  'risk.changed',
  'attestation.added',
  'attestation.revoked',
  'waiver.requested',
  'waiver.approved',
  'waiver.rejected',
  'spawn.completed',
  'children.reassigned',
  'settings.changed',
]);

function AuditSection(props: { users: ReturnType<typeof useUserNames> }): JSX.Element {
  const { env, view, nameOf, when } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
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
      await props.users.ensure(result.data.entries.map((e) => e.by));
      setOlder((prev) => [...prev, ...result.data.entries]);
      setCursor(result.data.nextCursor);
      setError(null);
    } else setError(result.error);
    setBusy(false);
  };
  return (
    <section aria-labelledby={headingId} className="card" data-testid="audit">
      <h2 id={headingId}>{t('ui.audit.title')}</h2>
      {entries.length === 0 ? <p className="subtle">{t('ui.audit.empty')}</p> : null}
      <ul className="checklist">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="audit-entry" data-action={entry.action}>
            <span>{AUDIT_ACTIONS.has(entry.action) ? t(`ui.audit.action.${entry.action}`) : entry.action}</span>
            {entry.subject ? <span>: {subjectText(entry.subject)}</span> : null}
            <span className="meta">
              {' · '}
              {nameOf(entry.by)}
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
    </section>
  );
}

function ExportSection(props: { printView: boolean; setPrintView: (on: boolean) => void }): JSX.Element {
  const { env, view, nameOf, when } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
  const rows = closureChecklist(view, lang, t, nameOf, (iso) => when(iso));
  const download = (): void => {
    const blob = new Blob([toCsv(rows, t)], { type: 'text/csv;charset=utf-8' });
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
    <section aria-labelledby={headingId} className="card" data-testid="export">
      <h2 id={headingId}>{t('ui.export.title')}</h2>
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
      {props.printView ? (
        <div data-testid="print-view">
          <p>
            {localize(view.template.name, lang)} · {view.epic.key} {view.epic.summary} · {t(`ui.status.${view.status}`)} · {when(new Date().toISOString())}
          </p>
          <table>
            <caption className="visually-hidden">{t('ui.export.title')}</caption>
            <thead>
              <tr>
                {(['type', 'group', 'text', 'state', 'who', 'when'] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`ui.export.column.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.type}-${row.id}`}>
                  <td>{row.type}</td>
                  <td>{row.group}</td>
                  <td>{row.text}</td>
                  <td>{row.state}</td>
                  <td>{row.who}</td>
                  <td>{row.when}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
