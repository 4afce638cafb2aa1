/**
 * Upgrade of a running epic to a newer version of its template (issue 13): a short notice when the
 * project has one (PanelView.newerTemplate), the server's preview (previewUpgrade: what is added,
 * removed, reworded, and which confirmations and waivers are voided, with the reason), then the
 * upgrade (upgradeEpic) after a confirmation. Who may upgrade is the server's decision.
 */
// @ts-nocheck

import { useId, useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type { UpgradeOffer, UpgradeReport } from '../../../src/shared/templates';
import { call } from '../../common/api';
import { Button, ConfirmInline, ErrorMessage, Loading, SectionMessage } from '../../common/components';
import { localize } from '../../common/i18n';
import { usePanel } from './context';
import { itemById, roleName } from './model';

/** The server's reasons (src/core/template/upgrade.ts) → their translation keys. */
const REASON_KEYS: Record<string, string> = {
  'removed from the template': 'removed',
  'its kind changed': 'kind',
  'its wording changed': 'text',
  'it moved to the other gate': 'gate',
  'the approval it records changed': 'approval',
  'it now needs evidence': 'evidence',
  'the role that confirmed it may no longer confirm it': 'attestRoles',
};

export function UpgradeNotice(): JSX.Element | null {
  const { env, view, nameOf, act } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
  const [offer, setOffer] = useState<UpgradeOffer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'preview' | 'upgrade' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [report, setReport] = useState<UpgradeReport | null>(null);
  const newer = view.newerTemplate;
  if (!view.phase || (!newer && !report)) return null;

  const reason = (text: string): string => {
    const key = REASON_KEYS[text];
    return key ? t(`panel.upgrade.reason.${key}`) : text;
  };
  const items = itemById(view.template);
  const conditions = new Map([...view.template.gates.entry.conditions, ...view.template.gates.exit.conditions].map((c) => [c.id, c]));
  const itemText = (id: string): string => {
    const item = items.get(id);
    return item ? localize(item.text, lang) : id;
  };
  const conditionText = (id: string): string => {
    const c = conditions.get(id);
    return c ? localize(c.text, lang) : id;
  };

  const preview = async (): Promise<void> => {
    setBusy('preview');
    setConfirming(false);
    const r = await call('previewUpgrade', {});
    setBusy(null);
    if (r.ok) {
      setOffer(r.data);
      setError(null);
    } else setError(r.error);
  };
  const upgrade = async (): Promise<void> => {
    const plan = offer?.plan;
    if (!plan) return;
    setBusy('upgrade');
    const r = await act(t('panel.upgrade.done', { version: plan.to.version }), () =>
      call('upgradeEpic', { toTemplateId: plan.to.templateId, toVersion: plan.to.version }),
    );
    setBusy(null);
    setConfirming(false);
    if (r.ok) {
      setReport(r.data);
      setOffer(null);
      setError(null);
    } else {
      setError(r.error);
      // The template changed since the preview (or someone upgraded first): preview again.
      if (r.error.code === 'CONFLICT') setOffer(null);
    }
  };

  const plan = offer?.plan ?? null;
  return (
    <section aria-labelledby={headingId} data-testid="upgrade" className="card stack">
      <h2 id={headingId} className="fold-heading" style={{ padding: '8px 2px' }}>
        {t('panel.upgrade.title')}
      </h2>
      {report ? (
        <SectionMessage
          appearance={report.failed.length > 0 ? 'warning' : 'success'}
          title={t('panel.upgrade.done', { version: report.plan.to.version })}
          headingLevel={3}
          testId="upgrade-result"
        >
          <p>{t('panel.upgrade.result', { created: report.created, obsolete: report.relabelled, updated: report.updated })}</p>
          {report.failed.length > 0 ? (
            <>
              <p>{t('panel.upgrade.failed')}</p>
              <ul data-testid="upgrade-failed">
                {report.failed.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </>
          ) : null}
        </SectionMessage>
      ) : null}
      {newer ? (
        <>
          <p data-testid="upgrade-notice">{t('panel.upgrade.available', { from: view.phase.templateVersion, to: newer.version })}</p>
          {!plan ? (
            <div className="row">
              <Button onClick={() => void preview()} busy={busy === 'preview'} testId="upgrade-preview">
                {t('panel.upgrade.preview')}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
      {busy === 'preview' ? <Loading label={t('panel.upgrade.previewing')} /> : null}
      {error ? <ErrorMessage error={error} title={t('panel.upgrade.failedTitle')} t={t} headingLevel={3} /> : null}
      {offer && !offer.plan ? <p data-testid="upgrade-up-to-date">{t('panel.upgrade.upToDate')}</p> : null}
      {plan ? (
        <div data-testid="upgrade-plan" className="stack">
          <h3 className="turn-heading">{t('panel.upgrade.planTitle', { from: plan.from.version, to: plan.to.version })}</h3>
          <PlanList title={t('panel.upgrade.added', { count: plan.added.length })} testId="upgrade-added">
            {plan.added.map((a) => (
              <li key={a.itemId} data-item-id={a.itemId}>
                {localize(a.text, lang)}{' '}
                <span className="meta">
                  {a.assigneeAccountId
                    ? t('panel.upgrade.assignedTo', { role: roleName(view.template, a.role, lang), person: nameOf(a.assigneeAccountId) })
                    : t('panel.upgrade.unassigned', { role: roleName(view.template, a.role, lang) })}
                </span>
              </li>
            ))}
          </PlanList>
          <PlanList title={t('panel.upgrade.removed', { count: plan.removed.length })} testId="upgrade-removed">
            {plan.removed.map((r) => (
              <li key={r.itemId} data-item-id={r.itemId}>
                {itemText(r.itemId)} {r.childKey ? <span className="meta">({r.childKey})</span> : null}
              </li>
            ))}
          </PlanList>
          <PlanList title={t('panel.upgrade.changed', { count: plan.changed.length })} testId="upgrade-changed">
            {plan.changed.map((c) => (
              <li key={c.itemId} data-item-id={c.itemId}>
                {itemText(c.itemId)} <span className="meta">({c.fields.map((f) => t(`panel.upgrade.field.${f}`)).join(', ')})</span>
              </li>
            ))}
          </PlanList>
          <PlanList title={t('panel.upgrade.voided', { count: plan.voidedAttestations.length })} testId="upgrade-voided">
            {plan.voidedAttestations.map((v) => (
              <li key={v.conditionId} data-condition-id={v.conditionId}>
                {conditionText(v.conditionId)}: <span className="meta">{reason(v.reason)}</span>
              </li>
            ))}
          </PlanList>
          <PlanList title={t('panel.upgrade.voidedWaivers', { count: plan.voidedWaivers.length })} testId="upgrade-voided-waivers">
            {plan.voidedWaivers.map((v) => (
              <li key={v.itemId} data-item-id={v.itemId}>
                {itemText(v.itemId)}: <span className="meta">{reason(v.reason)}</span>
              </li>
            ))}
          </PlanList>
          <p className="meta" data-testid="upgrade-kept">
            {t('panel.upgrade.kept', { attestations: plan.keptAttestations.length, waivers: plan.keptWaivers.length })}
          </p>
          {!offer?.allowed ? (
            <SectionMessage appearance="warning" title={t('panel.upgrade.notAllowed')} headingLevel={3} testId="upgrade-not-allowed">
              <p>{offer?.reason ?? t('ui.errors.FORBIDDEN')}</p>
            </SectionMessage>
          ) : confirming ? (
            <ConfirmInline
              title={t('panel.upgrade.confirm', { to: plan.to.version, created: plan.added.length })}
              confirmLabel={t('panel.upgrade.run')}
              cancelLabel={t('ui.common.cancel')}
              onConfirm={() => void upgrade()}
              onCancel={() => setConfirming(false)}
              busy={busy === 'upgrade'}
              testId="upgrade-confirm"
            >
              <p className="meta">{t('panel.upgrade.confirmHelp')}</p>
            </ConfirmInline>
          ) : (
            <div className="row">
              <Button appearance="primary" onClick={() => setConfirming(true)} testId="upgrade-run">
                {t('panel.upgrade.run')}
              </Button>
              <Button onClick={() => setOffer(null)} testId="upgrade-cancel">
                {t('ui.common.cancel')}
              </Button>
            </div>
          )}
          {busy === 'upgrade' ? <Loading label={t('panel.upgrade.running')} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function PlanList(props: { title: string; testId: string; children: JSX.Element[] }): JSX.Element | null {
  if (props.children.length === 0) return null;
  return (
    <div data-testid={props.testId} data-count={props.children.length}>
      <h4 className="turn-heading">{props.title}</h4>
      <ul>{props.children}</ul>
    </div>
  );
}
