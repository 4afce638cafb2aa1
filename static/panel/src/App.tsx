import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { events } from '@forge/bridge';
import type { ApiError, AuditEntry, PanelView, Result } from '../../../src/shared/api';
import { AUDIT_ACTIONS as AUDIT_ACTION_IDS, RISK_LEVELS, ROLE_IDS, type RoleId } from '../../../src/shared/domain';
import { call } from '../../common/api';
import { ExternalLink } from '../../common/links';
import {
  Button,
  Collapsible,
  ConfirmInline,
  ErrorMessage,
  Loading,
  Lozenge,
  MoreMenu,
  ProgressBar,
  SectionMessage,
  UserPicker,
  errorText,
  flag,
} from '../../common/components';
import { bootLoadingLabel, formatDateTime, loadEnvironment, localize, type UiEnvironment } from '../../common/i18n';
import { useUserNames } from '../../common/users';
import { StandIns } from './StandIns';
import { PanelContext, usePanel, type PanelCtx } from './context';
import { ConditionRow, GateChecklist, riskName } from './Gates';
import { ItemRow, ItemsList, type GroupBy } from './Items';
import { DossierButtons, DossierVerify } from './Dossier';
import { UpgradeNotice } from './Upgrade';
import { DuplicatesSection } from './Duplicates';
import { accountIdsOf, closureChecklist, itemById, nameResolver, roleName, sectionTitle, toCsv, csvSeparator } from './model';
import {
  DEFAULT_PREFS,
  blockers,
  doneWithGateUnmet,
  filterItems,
  filtersActive,
  isOpen,
  jiraStatusAppearance,
  loadPrefs,
  riskChangeVoids,
  rosterChangeEffect,
  savePrefs,
  withItemDone,
  yourTurn,
  type Filters,
  type SectionId,
  type ViewPrefs,
} from './work';

/** While children are being created the panel re-reads itself this often, at most SPAWN_MAX_POLLS times (≈ 1 min). */
const SPAWN_POLL_MS = 1500;
const SPAWN_MAX_POLLS = 40;

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

  const when = useCallback((iso: string | undefined | null) => (env ? formatDateTime(iso, env.locale, env.timezone) : (iso ?? '')), [env]);

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

  const completeItem = useCallback<PanelCtx['completeItem']>(
    async (itemId) => {
      if (!env) return 'failed';
      const outcome = await call('completeItem', { itemId });
      if (outcome.ok) {
        const { key, outcome: what } = outcome.data;
        if (what === 'needs-jira') {
          setAnnouncement(env.t('ui.work.needsJira', { key }));
          return 'needs-jira';
        }
        setView((v) => (v ? withItemDone(v, itemId, outcome.data.statusName) : v));
        const label = env.t('ui.work.completed', { key });
        flag('success', label);
        setAnnouncement(label);
      } else {
        const text = errorText(outcome.error, env.t);
        flag('error', env.t('ui.errors.actionFailed'), text);
        setAnnouncement(text);
      }
      await load();
      return outcome.ok ? 'done' : 'failed';
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
  const ctx: PanelCtx = { env, view, nameOf: nameResolver(users.names, t), when, act, completeItem };
  return (
    <PanelContext.Provider value={ctx}>
      <PanelBody
        error={error}
        refreshing={refreshing}
        reload={refresh}
        search={users}
        announcement={announcement}
        pollingStopped={pollingStopped}
      />
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
  const [prefs, setPrefsState] = useState<ViewPrefs>(() => loadPrefs(view.callerAccountId));
  const [groupBy, setGroupBy] = useState<GroupBy>('role');
  const setPrefs = (next: ViewPrefs): void => {
    setPrefsState(next);
    savePrefs(view.callerAccountId, next);
  };
  const setOpen = (id: SectionId, open: boolean): void => setPrefs({ ...prefs, open: { ...prefs.open, [id]: open } });
  const setFilters = (filters: Filters): void => setPrefs({ ...prefs, filters });
  /** Opens a section and moves focus to a target inside it (a blocker's link). */
  const jump = (id: SectionId, targetId: string | null, filters?: Filters): void => {
    setPrefs({ ...prefs, open: { ...prefs.open, [id]: true }, ...(filters ? { filters } : {}) });
    setTimeout(() => {
      const target = document.getElementById(targetId ?? `fold-${id}-heading`);
      target?.scrollIntoView({ block: 'start' });
      (target?.querySelector<HTMLElement>('button') ?? target)?.focus();
    }, 0);
  };
  if (env.context.moduleKey === GLANCE_MODULE_KEY) return <Glance />;
  const started = !!view.phase;
  const unmetEntry = view.gates.entry.unmet.length;
  const unmetExit = view.gates.exit.unmet.length;
  const openItems = view.readiness.items.filter(isOpen);
  const shownItems = filterItems(view, view.readiness.items, prefs.filters);
  return (
    <main aria-labelledby="panel-title" data-testid="panel" data-status={view.status}>
      <div className="visually-hidden" aria-live="polite" role="status" data-testid="announcer">
        {props.announcement}
      </div>
      <h1 id="panel-title" className="visually-hidden">
        {localize(view.template.name, lang)}
      </h1>
      <div className="no-print">
        <Summary refreshing={props.refreshing} reload={props.reload} />
        {props.error ? <ErrorMessage error={props.error} title={t('ui.panel.refreshFailed')} t={t} headingLevel={2} /> : null}
        {!view.enabled ? (
          <SectionMessage appearance="warning" title={t('ui.panel.notEnabledTitle')} headingLevel={2} testId="not-enabled">
            <p>{t('ui.panel.notEnabled')}</p>
          </SectionMessage>
        ) : !view.isDeploymentEpic && !started ? (
          <SectionMessage appearance="information" title={t('ui.panel.notDeploymentTitle')} headingLevel={2} testId="not-deployment">
            <p>{t('ui.panel.notDeployment')}</p>
          </SectionMessage>
        ) : null}
        <PhaseActions pollingStopped={props.pollingStopped} />
        <UpgradeNotice />
        <DuplicatesSection />
        {started ? <YourTurn /> : null}
        {started ? <Blockers jump={jump} /> : null}
        {started ? (
          <>
            <FilterBar filters={prefs.filters} setFilters={setFilters} shown={shownItems.length} />
            <Collapsible
              id="fold-entry"
              testId="fold-entry"
              title={localize(view.template.gates.entry.title, lang)}
              badge={view.gates.entry.passed ? t('ui.gate.passed') : t('ui.work.unmetCount', { count: unmetEntry })}
              open={prefs.open.entry}
              onToggle={(o) => setOpen('entry', o)}
            >
              <GateChecklist gate="entry" filters={prefs.filters} />
            </Collapsible>
            <Collapsible
              id="fold-exit"
              testId="fold-exit"
              title={localize(view.template.gates.exit.title, lang)}
              badge={view.gates.exit.passed ? t('ui.gate.passed') : t('ui.work.unmetCount', { count: unmetExit })}
              open={prefs.open.exit}
              onToggle={(o) => setOpen('exit', o)}
            >
              <GateChecklist gate="exit" filters={prefs.filters} />
            </Collapsible>
            <Collapsible
              id="fold-items"
              testId="items"
              title={t('ui.items.title', { count: view.readiness.items.length })}
              badge={t('ui.work.openCount', { count: openItems.length })}
              open={prefs.open.items}
              onToggle={(o) => setOpen('items', o)}
            >
              <div className="row" role="group" aria-label={t('ui.items.groupBy')}>
                <Button pressed={groupBy === 'section'} onClick={() => setGroupBy('section')} testId="group-section">
                  {t('ui.items.bySection')}
                </Button>
                <Button pressed={groupBy === 'role'} onClick={() => setGroupBy('role')} testId="group-role">
                  {t('ui.items.byRole')}
                </Button>
              </div>
              <ItemsList filters={prefs.filters} groupBy={groupBy} />
            </Collapsible>
            <Collapsible
              id="fold-progress"
              testId="fold-progress"
              title={t('ui.progress.title')}
              open={prefs.open.progress}
              onToggle={(o) => setOpen('progress', o)}
            >
              <ProgressSection />
            </Collapsible>
          </>
        ) : null}
        <Collapsible
          id="fold-roster"
          testId="fold-roster"
          title={t('ui.roster.title')}
          badge={t('ui.work.namedCount', { named: ROLE_IDS.filter((r) => view.roster[r]).length, total: ROLE_IDS.length })}
          open={prefs.open.roster}
          onToggle={(o) => setOpen('roster', o)}
        >
          <RosterSection users={props.search} />
          {started ? <StandIns /> : null}
        </Collapsible>
        {started ? (
          <>
            <Collapsible
              id="fold-risk"
              testId="fold-risk"
              title={t('ui.risk.title')}
              badge={riskName(view.phase?.riskLevel ?? '', t)}
              open={prefs.open.risk}
              onToggle={(o) => setOpen('risk', o)}
            >
              <RiskSection />
            </Collapsible>
            <Collapsible
              id="fold-audit"
              testId="fold-audit"
              title={t('ui.audit.title')}
              open={prefs.open.audit}
              onToggle={(o) => setOpen('audit', o)}
            >
              <AuditSection users={props.search} />
            </Collapsible>
          </>
        ) : null}
      </div>
      {started ? (
        <Collapsible
          id="fold-export"
          testId="fold-export"
          title={t('ui.export.title')}
          open={prefs.open.export || printView}
          onToggle={(o) => setOpen('export', o)}
        >
          <ExportSection printView={printView} setPrintView={setPrintView} />
        </Collapsible>
      ) : null}
    </main>
  );
}

/** The module key of the epic's issue-context glance (manifest.yml): the same bundle, a compact mode. */
export const GLANCE_MODULE_KEY = 'phase-glance';

/** The glance beside the epic's fields: Jira's status, the readiness, how many conditions block Done and how much waits for the viewer. */
function Glance(): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const turn = yourTurn(view);
  const waiting = turn.conditions.length + turn.waivers.length + turn.items.length;
  return (
    <main aria-labelledby="glance-title" className="glance" data-testid="glance" data-status={view.status}>
      <h1 id="glance-title" className="visually-hidden">
        {localize(view.template.name, lang)}
      </h1>
      <div className="summary">
        <Lozenge appearance={jiraStatusAppearance(view.epic.statusCategory)}>{view.epic.statusName}</Lozenge>
      </div>
      {view.phase ? (
        <>
          <ProgressBar label={t('ui.work.readiness')} {...view.readiness.overall} t={t} id="glance-progress" />
          <p data-testid="glance-blockers" data-count={view.gates.exit.unmet.length}>
            {view.gates.exit.unmet.length === 0
              ? t('ui.work.readyForDone')
              : t('ui.glance.blockers', { count: view.gates.exit.unmet.length })}
          </p>
          {waiting > 0 ? <p data-testid="glance-your-turn">{t('ui.glance.yourTurn', { count: waiting })}</p> : null}
          {doneWithGateUnmet(view) ? <SectionMessage appearance="warning" title={t('ui.work.doneUnmetTitle')} headingLevel={2} /> : null}
          <p className="meta">{t('ui.glance.openPanel')}</p>
        </>
      ) : (
        <p className="meta">{t('ui.glance.notStarted')}</p>
      )}
    </main>
  );
}

/** One honest line: Jira's own status, the readiness, what blocks Done; a warning when Jira says Done but the gate does not pass. */
function Summary(props: { refreshing: boolean; reload: () => Promise<void> }): JSX.Element {
  const { env, view } = usePanel();
  const { t } = env;
  const unmet = view.gates.exit.unmet.length;
  return (
    <div data-testid="summary">
      <div className="summary">
        <span data-testid="jira-status" title={t('ui.work.jiraStatus')}>
          <Lozenge appearance={jiraStatusAppearance(view.epic.statusCategory)}>{view.epic.statusName}</Lozenge>
        </span>
        {view.phase ? (
          <div aria-live="polite" style={{ flex: '1 1 16rem' }}>
            <ProgressBar label={t('ui.work.readiness')} {...view.readiness.overall} t={t} id="overall-progress" />
          </div>
        ) : (
          <span className="meta">{t(`ui.status.${view.status}`)}</span>
        )}
        {view.phase ? (
          <span className="meta" data-testid="blocker-count" data-count={unmet}>
            {unmet === 0 ? t('ui.work.readyForDone') : t('ui.work.blockerCount', { count: unmet })}
          </span>
        ) : null}
        <MoreMenu label={t('ui.work.panelActions')} testId="panel-menu">
          {(close) => (
            <button
              type="button"
              className="btn"
              onClick={() => (close(), void props.reload())}
              disabled={props.refreshing}
              data-testid="refresh"
            >
              {t('ui.common.refresh')}
            </button>
          )}
        </MoreMenu>
      </div>
      {doneWithGateUnmet(view) ? (
        <SectionMessage appearance="warning" title={t('ui.work.doneUnmetTitle')} headingLevel={2} testId="done-gate-unmet">
          <p>{t('ui.work.doneUnmet', { count: unmet })}</p>
        </SectionMessage>
      ) : null}
    </div>
  );
}

/** What waits for the person looking: decisions, confirmations, their own open items. */
function YourTurn(): JSX.Element {
  const { env, view } = usePanel();
  const { t } = env;
  const turn = yourTurn(view);
  const [showAll, setShowAll] = useState(false);
  const FIRST = 5;
  const items = showAll ? turn.items : turn.items.slice(0, FIRST);
  const nothing = turn.conditions.length === 0 && turn.waivers.length === 0 && turn.items.length === 0;
  const byId = new Map([...view.gates.entry.conditions, ...view.gates.exit.conditions].map((c) => [c.conditionId, c]));
  return (
    <section aria-labelledby="your-turn-heading" data-testid="your-turn">
      <h2 id="your-turn-heading" className="fold-heading" style={{ padding: '8px 2px' }} tabIndex={-1}>
        {t('ui.work.yourTurn')}
      </h2>
      {nothing ? (
        <p className="subtle" data-testid="your-turn-empty">
          {view.callerRoles.length > 0 ? t('ui.work.nothingForYou') : t('ui.work.noRole')}
        </p>
      ) : null}
      {turn.waivers.length > 0 ? (
        <>
          <h3 className="turn-heading">{t('ui.work.waiversForYou', { count: turn.waivers.length })}</h3>
          <ul className="rows" data-testid="your-waivers">
            {turn.waivers.map((item) => (
              <ItemRow key={item.itemId} item={item} />
            ))}
          </ul>
        </>
      ) : null}
      {turn.conditions.length > 0 ? (
        <>
          <h3 className="turn-heading">{t('ui.work.conditionsForYou', { count: turn.conditions.length })}</h3>
          <ul className="rows" data-testid="your-conditions">
            {turn.conditions.map((c) => (
              <ConditionRow key={c.conditionId} conditionId={c.conditionId} gate={c.gate} result={byId.get(c.conditionId)} />
            ))}
          </ul>
        </>
      ) : null}
      {turn.items.length > 0 ? (
        <>
          <h3 className="turn-heading">{t('ui.work.itemsForYou', { count: turn.items.length })}</h3>
          <ul className="rows" data-testid="your-items">
            {items.map((item) => (
              <ItemRow key={item.itemId} item={item} />
            ))}
          </ul>
          {turn.items.length > FIRST ? (
            <Button appearance="subtle" onClick={() => setShowAll(!showAll)} pressed={showAll} testId="your-items-all">
              {showAll ? t('ui.work.showFewer') : t('ui.work.showAll', { count: turn.items.length })}
            </Button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Blockers(props: { jump: (id: SectionId, targetId: string | null, filters?: Filters) => void }): JSX.Element {
  const { env, view, nameOf } = usePanel();
  const { t, lang } = env;
  const list = blockers(view);
  const texts = new Map(view.template.gates.exit.conditions.map((c) => [c.id, localize(c.text, lang)]));
  const ownerText = (owners: { role: RoleId; accountId: string | null }[]): string =>
    owners
      .map((o) => `${roleName(view.template, o.role, lang)}${o.accountId ? ` (${nameOf(o.accountId)})` : ` (${t('ui.roster.nobody')})`}`)
      .join(', ');
  return (
    <section aria-labelledby="blockers-heading" data-testid="blockers">
      <h2 id="blockers-heading" className="fold-heading" style={{ padding: '8px 2px' }}>
        {t('ui.blockers.title')}
      </h2>
      {list.length === 0 ? (
        <p data-testid="no-blockers">{t('ui.blockers.none')}</p>
      ) : (
        <ul className="rows">
          {list.map((b) => {
            const text = texts.get(b.conditionId) ?? b.conditionId;
            const onClick = (event: React.MouseEvent): void => {
              event.preventDefault();
              if (b.target === 'condition') props.jump('exit', `condition-${b.conditionId}`);
              else if (b.target === 'roster') props.jump('roster', null);
              else props.jump('items', null, { mine: false, openOnly: true, role: '', section: '' });
            };
            return (
              <li key={b.conditionId} data-testid="blocker" data-condition-id={b.conditionId}>
                <div className="line line-short">
                  <span className="line-text" title={text}>
                    <a
                      href={
                        b.target === 'condition'
                          ? `#condition-${b.conditionId}`
                          : b.target === 'roster'
                            ? '#fold-roster-heading'
                            : '#fold-items-heading'
                      }
                      onClick={onClick}
                      data-testid="blocker-link"
                    >
                      {b.target === 'items' ? t('ui.work.openItemsBlocker', { count: b.openItems }) : text}
                    </a>
                  </span>
                  <span className="line-owner" title={ownerText(b.owners)} data-testid="blocker-owner">
                    {ownerText(b.owners)}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function FilterBar(props: { filters: Filters; setFilters: (f: Filters) => void; shown: number }): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const ids = { role: useId(), section: useId() };
  const f = props.filters;
  const sections = view.template.sections.filter((s) => view.readiness.items.some((i) => i.sectionId === s.id));
  return (
    <div className="filters" role="group" aria-label={t('ui.work.filters')} data-testid="filters">
      <label>
        <input
          type="checkbox"
          checked={f.mine}
          onChange={(e) => props.setFilters({ ...f, mine: e.target.checked })}
          data-testid="filter-mine"
        />
        {t('ui.work.filterMine')}
      </label>
      <label>
        <input
          type="checkbox"
          checked={f.openOnly}
          onChange={(e) => props.setFilters({ ...f, openOnly: e.target.checked })}
          data-testid="filter-open"
        />
        {t('ui.work.filterOpen')}
      </label>
      <span className="row" style={{ gap: 4 }}>
        <label htmlFor={ids.role}>{t('ui.roster.role')}</label>
        <select
          id={ids.role}
          value={f.role}
          onChange={(e) => props.setFilters({ ...f, role: e.target.value as RoleId | '' })}
          data-testid="filter-role"
        >
          <option value="">{t('ui.work.all')}</option>
          {ROLE_IDS.map((role) => (
            <option key={role} value={role}>
              {roleName(view.template, role, lang)}
            </option>
          ))}
        </select>
      </span>
      <span className="row" style={{ gap: 4 }}>
        <label htmlFor={ids.section}>{t('ui.work.section')}</label>
        <select
          id={ids.section}
          value={f.section}
          onChange={(e) => props.setFilters({ ...f, section: e.target.value })}
          data-testid="filter-section"
          style={{ maxWidth: '12rem' }}
        >
          <option value="">{t('ui.work.all')}</option>
          {sections.map((s) => (
            <option key={s.id} value={s.id}>
              {sectionTitle(view.template, s.id, lang)}
            </option>
          ))}
        </select>
      </span>
      {filtersActive(f) ? (
        <>
          <span className="meta" aria-live="polite">
            {t('ui.work.shownCount', { count: props.shown, total: view.readiness.items.length })}
          </span>
          <Button appearance="subtle" onClick={() => props.setFilters(DEFAULT_PREFS.filters)} testId="filter-clear">
            {t('ui.work.clearFilters')}
          </Button>
        </>
      ) : null}
    </div>
  );
}

function PhaseActions(props: { pollingStopped: boolean }): JSX.Element | null {
  const { env, view, act } = usePanel();
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
  // Once the children exist, this area shows only what needs attention: creation still running or
  // unfinished, missing work items, warnings. A finished creation is no progress bar (it measured
  // creation, not readiness).
  const needsResync =
    !!view.phase &&
    (view.readiness.missingItemIds.length > 0 || (spawn !== null && spawn.state !== 'complete' && spawn.state !== 'running'));
  const showSpawn = !!spawn && spawn.state !== 'not-started' && spawn.state !== 'complete';
  const warnings = spawn?.warnings.length ?? 0;
  if (view.phase && !needsResync && !showSpawn && warnings === 0) return null;
  if (!view.phase && !view.isDeploymentEpic && !permission.allowed) return null;
  return (
    <section aria-labelledby={headingId} data-testid="phase-actions">
      <h2 id={headingId} className="fold-heading" style={{ padding: '8px 2px' }}>
        {t('ui.phase.title')}
      </h2>
      {view.phase ? null : <p className="meta">{t('ui.phase.notStarted')}</p>}
      <div className="row">
        {!view.phase ? (
          <Button
            appearance="primary"
            onClick={() => void run('start')}
            busy={busy === 'start'}
            disabled={!permission.allowed}
            disabledReason={permission.reason}
            testId="start-phase"
          >
            {t('ui.phase.start')}
          </Button>
        ) : needsResync && permission.allowed ? (
          <Button onClick={() => void run('resync')} busy={busy === 'resync'} testId="resync">
            {t('ui.phase.resync')}
          </Button>
        ) : null}
      </div>
      {spawn && (showSpawn || warnings > 0) ? (
        <div aria-live="polite" data-testid={showSpawn ? 'spawn-status' : 'spawn-notes'} data-state={spawn.state}>
          {showSpawn ? (
            <ProgressBar
              label={t(`ui.spawn.state.${spawn.state}`)}
              done={spawn.created}
              total={spawn.total}
              percent={spawn.total > 0 ? Math.floor((spawn.created * 100) / spawn.total) : 0}
              t={t}
            />
          ) : null}
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

function ProgressSection(): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  return (
    <div data-testid="progress">
      <h3 className="turn-heading">{t('ui.progress.byRole')}</h3>
      {ROLE_IDS.map((role) => {
        const progress = view.readiness.byRole[role];
        return progress && progress.total > 0 ? (
          <ProgressBar key={role} label={roleName(view.template, role, lang)} {...progress} t={t} />
        ) : null;
      })}
      <h3 className="turn-heading">{t('ui.progress.bySection')}</h3>
      {Object.entries(view.readiness.bySection).map(([sectionId, progress]) =>
        progress.total > 0 ? (
          <ProgressBar key={sectionId} label={sectionTitle(view.template, sectionId, lang)} {...progress} t={t} />
        ) : null,
      )}
    </div>
  );
}

function RosterSection(props: { users: ReturnType<typeof useUserNames> }): JSX.Element {
  const { env, view, nameOf, act } = usePanel();
  const { t, lang } = env;
  const permission = view.permissions.editRoster;
  const [pending, setPending] = useState<{ role: RoleId; accountId: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async (query: string) => {
    const result = await call('searchUsers', { query });
    if (!result.ok) return [];
    props.users.remember(result.data);
    return result.data;
  };
  const setMember = async (role: RoleId, accountId: string | null): Promise<void> => {
    setBusy(true);
    await act(t('ui.roster.saved', { role: roleName(view.template, role, lang) }), () => call('setRosterMember', { role, accountId }));
    setBusy(false);
    setPending(null);
  };
  /** A change that moves work items (or clears the role) says so and asks first. */
  const ask = (role: RoleId, accountId: string | null): void => {
    const { itemsReassigned } = rosterChangeEffect(view, role);
    if (view.phase && (accountId === null || itemsReassigned > 0)) setPending({ role, accountId });
    else void setMember(role, accountId);
  };
  return (
    <div data-testid="roster">
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
            const effect = rosterChangeEffect(view, role);
            return (
              <tr key={role} data-testid="roster-row" data-role={role}>
                <th scope="row">
                  {label}
                  {view.callerRoles.includes(role) ? <span className="meta"> ({t('ui.roster.you')})</span> : null}
                </th>
                <td>
                  {permission.allowed ? (
                    <UserPicker
                      label={t('ui.roster.pick', { role: label })}
                      value={accountId}
                      valueName={accountId ? nameOf(accountId) : null}
                      search={search}
                      onPick={(user) => ask(role, user?.accountId ?? null)}
                      t={t}
                      testId={`picker-${role}`}
                    />
                  ) : (
                    <span data-testid={`person-${role}`}>{accountId ? nameOf(accountId) : t('ui.roster.nobody')}</span>
                  )}
                  {pending && pending.role === role ? (
                    <ConfirmInline
                      title={
                        pending.accountId === null
                          ? t('ui.work.clearRoleTitle', { role: label })
                          : t('ui.work.changeRoleTitle', { role: label, name: nameOf(pending.accountId) })
                      }
                      confirmLabel={pending.accountId === null ? t('ui.work.clearRoleConfirm') : t('ui.work.changeRoleConfirm')}
                      cancelLabel={t('ui.common.cancel')}
                      onConfirm={() => void setMember(role, pending.accountId)}
                      onCancel={() => setPending(null)}
                      busy={busy}
                      danger={pending.accountId === null}
                      testId="roster-confirm"
                    >
                      <p>
                        {pending.accountId === null
                          ? t('ui.work.clearRoleEffect', { count: effect.itemsReassigned })
                          : t('ui.work.changeRoleEffect', { count: effect.itemsReassigned, name: nameOf(pending.accountId) })}
                      </p>
                    </ConfirmInline>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RiskSection(): JSX.Element {
  const { env, view, act } = usePanel();
  const { t, lang } = env;
  const selectId = useId();
  const current = view.phase?.riskLevel ?? '';
  const [value, setValue] = useState(current);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  useEffect(() => setValue(current), [current]);
  const permission = view.permissions.setRiskLevel;
  const voids = value ? riskChangeVoids(view, value) : [];
  const conditionText = (id: string): string => {
    const c = [...view.template.gates.entry.conditions, ...view.template.gates.exit.conditions].find((x) => x.id === id);
    return c ? localize(c.text, lang) : id;
  };
  const save = async (): Promise<void> => {
    const riskLevel = RISK_LEVELS.find((level) => level === value);
    if (!riskLevel) return;
    setBusy(true);
    await act(t('ui.risk.saved'), () => call('setRiskLevel', { riskLevel }));
    setBusy(false);
    setAsking(false);
  };
  if (!permission.allowed) {
    return (
      <div data-testid="risk">
        <p>
          {t('ui.risk.label')}: <strong>{riskName(current, t)}</strong>
        </p>
        <p className="meta">{t('ui.risk.help')}</p>
      </div>
    );
  }
  return (
    <div data-testid="risk">
      <p className="meta">{t('ui.risk.help')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor={selectId}>{t('ui.risk.label')}</label>
          <select id={selectId} value={value} onChange={(e) => (setValue(e.target.value), setAsking(false))} disabled={!view.phase}>
            <option value="">{t('ui.risk.none')}</option>
            {RISK_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`ui.risk.level.${level}`)}
              </option>
            ))}
            {current && !(RISK_LEVELS as readonly string[]).includes(current) ? <option value={current}>{current}</option> : null}
          </select>
        </div>
        <Button
          onClick={() => (voids.length > 0 ? setAsking(true) : void save())}
          busy={busy && !asking}
          disabled={!value || value === current || asking}
          testId="risk-save"
        >
          {t('ui.common.save')}
        </Button>
      </div>
      {asking ? (
        <ConfirmInline
          title={t('ui.work.riskChangeTitle', { from: riskName(current, t), to: riskName(value, t) })}
          confirmLabel={t('ui.work.riskChangeConfirm')}
          cancelLabel={t('ui.common.cancel')}
          onConfirm={() => void save()}
          onCancel={() => (setAsking(false), setValue(current))}
          busy={busy}
          danger
          testId="risk-confirm"
        >
          <p>{t('ui.work.riskChangeEffect', { count: voids.length })}</p>
          <ul>
            {voids.map((id) => (
              <li key={id}>{conditionText(id)}</li>
            ))}
          </ul>
        </ConfirmInline>
      ) : null}
    </div>
  );
}

const AUDIT_ACTIONS = new Set<string>(AUDIT_ACTION_IDS);

function AuditSection(props: { users: ReturnType<typeof useUserNames> }): JSX.Element {
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
      await props.users.ensure(result.data.entries.map((e) => e.by));
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
    </div>
  );
}

function ExportSection(props: { printView: boolean; setPrintView: (on: boolean) => void }): JSX.Element {
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
