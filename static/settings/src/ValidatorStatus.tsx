/** The settings page's section on the workflow validators: installed or not, how to add them, transitions they do not guard. */
import { useId } from 'react';
import { router } from '@forge/bridge';
import type { SettingsView } from '../../../src/shared/api';
import { Lozenge, SectionMessage } from '../../common/components';
import { localize, type UiEnvironment } from '../../common/i18n';

/** Jira's list of workflows (Jira settings → Work items → Workflows). */
const WORKFLOWS_PATH = '/secure/admin/workflows/ListWorkflows.jspa';

export function ValidatorStatus(props: { env: UiEnvironment; view: SettingsView }): JSX.Element {
  const { t, lang } = props.env;
  const headingId = useId();
  const validators = props.view.validators;
  return (
    <section aria-labelledby={headingId} className="card" data-testid="validators">
      <h2 id={headingId}>{t('ui.settings.validators')}</h2>
      {props.view.teamManaged ? <p data-testid="team-managed">{t('ui.settings.teamManaged')}</p> : null}
      {validators === null ? (
        <SectionMessage appearance="warning">
          <p>{t('ui.settings.validatorsUnknown')}</p>
        </SectionMessage>
      ) : (
        <ul className="checklist">
          {validators.map((v) => {
            const unguarded = v.unguarded ?? [];
            const ok = v.installed && unguarded.length === 0;
            return (
              <li key={v.gate} data-testid="validator" data-installed={String(v.installed)} data-unguarded={unguarded.length}>
                <div className="row">
                  <Lozenge appearance={ok ? 'success' : 'warning'}>
                    {v.installed ? t('ui.settings.installed') : t('ui.settings.missing')}
                  </Lozenge>
                  <span>{localize(props.view.template.gates[v.gate].title, lang)}</span>
                  {v.installed && v.transitionName ? (
                    <span className="meta">{t('ui.settings.onTransition', { name: v.transitionName })}</span>
                  ) : null}
                </div>
                {!v.installed ? (
                  <p className="meta" data-testid="validator-help">
                    {v.transitionName && v.workflowName
                      ? t('ui.settingsGuide.howTo', {
                          workflow: v.workflowName,
                          transition: v.transitionName,
                          status: v.statusName ?? v.transitionName,
                          validator: t(`validator.${v.gate}.name`),
                        })
                      : t(`ui.settings.howTo.${v.gate}`)}{' '}
                    <a
                      href={WORKFLOWS_PATH}
                      target="_top"
                      onClick={(event) => {
                        event.preventDefault();
                        void router.navigate(WORKFLOWS_PATH).catch(() => window.open(WORKFLOWS_PATH, '_top'));
                      }}
                    >
                      {t('ui.settingsGuide.openWorkflows')}
                    </a>
                  </p>
                ) : null}
                {unguarded.length > 0 ? (
                  <SectionMessage appearance="warning">
                    <p>{t('ui.settings.unguarded')}</p>
                    <ul data-testid="unguarded-transitions">
                      {unguarded.map((u) => (
                        <li key={u.transitionId}>
                          {t('ui.settings.unguardedItem', { transition: u.transitionName, status: u.statusName })}
                        </li>
                      ))}
                    </ul>
                  </SectionMessage>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
