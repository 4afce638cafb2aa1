/** The panel's overview regions: the glance beside the epic's fields, the summary, your turn, the blockers and the filter bar. */
import { useId, useState } from 'react';

import { ROLE_IDS, type RoleId } from '../../../../src/shared/domain';

import { Button, Lozenge, MoreMenu, ProgressBar, SectionMessage } from '../../../common/components';
import { localize } from '../../../common/i18n';

import { usePanel } from '../context';
import { ConditionRow } from '../Gates';
import { ItemRow } from '../Items';

import { roleName, sectionTitle } from '../model';
import {
  DEFAULT_PREFS,
  blockers,
  doneWithGateUnmet,
  filtersActive,
  jiraStatusAppearance,
  yourTurn,
  type Filters,
  type SectionId,
} from '../work';

/** The module key of the epic's issue-context glance (manifest.yml): the same bundle, a compact mode. */
export const GLANCE_MODULE_KEY = 'phase-glance';

/** The glance beside the epic's fields: Jira's status, the readiness, how many conditions block Done and how much waits for the viewer. */
export function Glance(): JSX.Element {
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
export function Summary(props: { refreshing: boolean; reload: () => Promise<void> }): JSX.Element {
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
export function YourTurn(): JSX.Element {
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

export function Blockers(props: { jump: (id: SectionId, targetId: string | null, filters?: Filters) => void }): JSX.Element {
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

export function FilterBar(props: { filters: Filters; setFilters: (f: Filters) => void; shown: number }): JSX.Element {
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
