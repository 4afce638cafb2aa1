import { useState } from 'react';

import type { ApiError } from '../../../src/shared/api';
import { ROLE_IDS } from '../../../src/shared/domain';

import { Button, Collapsible, ErrorMessage, Loading, SectionMessage } from '../../common/components';
import { bootLoadingLabel, localize } from '../../common/i18n';
import { useUserNames } from '../../common/users';
import { StandIns } from './StandIns';
import { PanelContext, usePanel, type PanelCtx } from './context';
import { GateChecklist, riskName } from './Gates';
import { ItemsList, type GroupBy } from './Items';

import { UpgradeNotice } from './Upgrade';
import { DuplicatesSection } from './Duplicates';
import { nameResolver } from './model';
import { filterItems, isOpen, loadPrefs, savePrefs, type Filters, type SectionId, type ViewPrefs } from './work';
import { usePanelState } from './hooks/usePanelState';
import { Blockers, FilterBar, Glance, GLANCE_MODULE_KEY, Summary, YourTurn } from './regions/Overview';
import { PhaseActions, ProgressSection, RiskSection, RosterSection } from './regions/PhaseSections';
import { AuditSection, ExportSection } from './regions/Records';

export { GLANCE_MODULE_KEY } from './regions/Overview';

export function App(): JSX.Element {
  const { env, view, error, refreshing, announcement, users, pollingStopped, load, refresh, when, act, completeItem } = usePanelState();
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
