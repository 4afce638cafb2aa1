/** The panel's phase regions: starting and re-syncing, progress, the roster and the risk level. */
import { useEffect, useId, useState } from 'react';

import { RISK_LEVELS, ROLE_IDS, type RoleId } from '../../../../src/shared/domain';
import { call } from '../../../common/api';

import { Button, ConfirmInline, ProgressBar, SectionMessage, UserPicker } from '../../../common/components';
import { localize } from '../../../common/i18n';
import { useUserNames } from '../../../common/users';
import { usePanel } from '../context';
import { riskName } from '../Gates';

import { itemById, roleName, sectionTitle } from '../model';
import { riskChangeVoids, rosterChangeEffect } from '../work';
import { RoleMembers } from '../RoleMembers';

export function PhaseActions(props: { pollingStopped: boolean }): JSX.Element | null {
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

export function ProgressSection(): JSX.Element {
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

export function RosterSection(props: { users: ReturnType<typeof useUserNames> }): JSX.Element {
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
                  <RoleMembers role={role} search={search} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function RiskSection(): JSX.Element {
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
