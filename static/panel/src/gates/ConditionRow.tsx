/** One condition of a gate: its status, who confirms it, the confirmation, and the confirm and revoke actions. */
import { useRef, useState } from 'react';
import type { ConditionResult } from '../../../../src/shared/api';
import type { GateId, Locale } from '../../../../src/shared/domain';
import { Button, Lozenge, MoreMenu, type LozengeAppearance } from '../../../common/components';
import { localize } from '../../../common/i18n';
import { usePanel } from '../context';
import { ExternalLink } from '../../../common/links';
import { roleName } from '../model';
import { QuorumLine } from '../Quorum';
import { ConfirmForm } from './ConfirmForm';
import { DecisionRef } from './EntryGateWaiver';
import { EvidenceForm } from './EvidenceForm';
import { RevokeForm } from './RevokeForm';
import { currentEvidenceUrl } from '../../../../src/shared/rules';
import { riskName } from './risk';

function statusAppearance(status: ConditionResult['status'] | undefined): LozengeAppearance {
  if (status === 'passed' || status === 'attested') return 'success';
  if (status === 'void') return 'warning';
  return 'default';
}

/** Who confirms a condition: each allowed role with its person. */
export function ownersText(
  conditionId: string,
  gate: GateId,
  view: ReturnType<typeof usePanel>['view'],
  lang: Locale,
  nameOf: (id: string | null | undefined) => string,
): string {
  const condition = view.template.gates[gate].conditions.find((c) => c.id === conditionId);
  if (!condition || condition.kind !== 'attestation') return '';
  return condition.attestRoles
    .map((role) => {
      const person = view.roster[role];
      return person ? `${roleName(view.template, role, lang)} (${nameOf(person)})` : roleName(view.template, role, lang);
    })
    .join(', ');
}

export function ConditionRow(props: { conditionId: string; gate: GateId; result: ConditionResult | undefined }): JSX.Element {
  const { env, view, nameOf, when } = usePanel();
  const { t, lang } = env;
  const condition = view.template.gates[props.gate].conditions.find((c) => c.id === props.conditionId);
  const [mode, setMode] = useState<'idle' | 'confirm' | 'revoke' | 'evidence'>('idle');
  const rowRef = useRef<HTMLLIElement>(null);
  if (!condition) return <li />;
  const result = props.result;
  const status = result?.status ?? 'failed';
  const attestation = result?.attestation ?? null;
  const permission = view.permissions.attest[condition.id] ?? { allowed: false };
  const isAttestation = condition.kind === 'attestation';
  const canConfirm = isAttestation && permission.allowed && (!attestation || status === 'void' || !result?.passed);
  const canRevoke = isAttestation && attestation !== null && permission.allowed;
  // A confirmed condition's evidence link: changed by who may confirm it or a project admin (issue #24).
  const confirmed = view.attestations.some((a) => a.conditionId === condition.id && !a.stale);
  const canChangeEvidence = isAttestation && confirmed && !!view.permissions.changeEvidence?.[condition.id]?.allowed;
  const evidenceNow = isAttestation ? currentEvidenceUrl(view.attestations, condition.id) : undefined;
  const text = localize(condition.text, lang);
  const waivedCount =
    condition.kind === 'automatic' && condition.rule.type === 'items-done'
      ? view.readiness.items.filter((i) => i.state === 'waived').length
      : 0;
  const close = (): void => {
    setMode('idle');
    // The row may have left the list (a confirmed condition leaves "your turn"): then the list's heading.
    setTimeout(() => (rowRef.current?.querySelector<HTMLElement>('button') ?? document.getElementById('your-turn-heading'))?.focus(), 0);
  };
  const owners = isAttestation ? ownersText(condition.id, props.gate, view, lang, nameOf) : t('ui.work.automatic');
  const approval = attestation?.approval;
  const reasonText =
    status === 'void' && approval
      ? t('ui.work.approvalVoid', { accepted: riskName(approval.riskLevel, t), now: riskName(view.phase?.riskLevel ?? '', t) })
      : result && !result.passed && condition.kind === 'automatic'
        ? localize(result.reason, lang)
        : '';
  return (
    <li
      ref={rowRef}
      id={`condition-${condition.id}`}
      tabIndex={-1}
      data-testid="condition"
      data-condition-id={condition.id}
      data-status={status}
    >
      <div className="line">
        <Lozenge appearance={statusAppearance(result?.status)}>{t(`ui.condition.status.${status}`)}</Lozenge>
        <span className="line-text" title={text}>
          {text}
          {condition.mandatory === false ? <span className="meta"> ({t('ui.condition.optional')})</span> : null}
        </span>
        <span className="line-owner" title={owners}>
          {owners}
        </span>
        <span className="line-actions">
          {canConfirm && mode === 'idle' ? (
            <Button onClick={() => setMode('confirm')} testId="confirm">
              {t('ui.attest.confirm')}
              <span className="visually-hidden">: {text}</span>
            </Button>
          ) : null}
          {(canRevoke || canChangeEvidence) && mode === 'idle' ? (
            <MoreMenu label={t('ui.work.more', { item: text })} testId="condition-menu">
              {(closeMenu) => (
                <>
                  {canChangeEvidence ? (
                    <button type="button" className="btn" onClick={() => (closeMenu(), setMode('evidence'))} data-testid="change-evidence">
                      {t('ui.evidence.change')}
                      <span className="visually-hidden">: {text}</span>
                    </button>
                  ) : null}
                  {canRevoke ? (
                    <button type="button" className="btn" onClick={() => (closeMenu(), setMode('revoke'))} data-testid="revoke">
                      {t('ui.attest.revoke')}
                      <span className="visually-hidden">: {text}</span>
                    </button>
                  ) : null}
                </>
              )}
            </MoreMenu>
          ) : null}
        </span>
      </div>
      {reasonText ? <Reason text={reasonText} /> : null}
      {waivedCount > 0 ? <p className="meta line-detail">{t('ui.condition.waivedItems', { count: waivedCount })}</p> : null}
      <QuorumLine result={result} />
      {attestation && !result?.quorum ? (
        <p className="meta line-detail" data-testid="attestation">
          {t('ui.attest.by', {
            name: nameOf(attestation.attestedBy),
            role: roleName(view.template, attestation.asRole, lang),
            when: when(attestation.attestedAt),
          })}
          {attestation.evidenceUrl ? (
            <>
              {' · '}
              <ExternalLink href={attestation.evidenceUrl} testId="evidence-link">
                {t('ui.attest.evidenceLink')}
              </ExternalLink>
            </>
          ) : null}
          {attestation.comment ? (
            <>
              {' '}
              {' · '}
              {attestation.comment}
            </>
          ) : null}
          {attestation.approval ? (
            <>
              {' · '}
              {t('ui.attest.approvalSummary', {
                risk: riskName(attestation.approval.riskLevel, t),
                security: t(`ui.attest.security.${attestation.approval.securityLevel}`),
                dataProtection: t(`ui.attest.dataProtection.${attestation.approval.dataProtectionLevel}`),
              })}
              <DecisionRef decisionRef={attestation.approval.decisionRef} reviewOn={attestation.approval.reviewOn} />
            </>
          ) : null}
        </p>
      ) : null}
      {evidenceNow && evidenceNow !== attestation?.evidenceUrl ? (
        <p className="meta line-detail" data-testid="current-evidence">
          {t('ui.evidence.current')}
          <ExternalLink href={evidenceNow} testId="current-evidence-link">
            {evidenceNow}
          </ExternalLink>
        </p>
      ) : null}
      {mode === 'confirm' && condition.kind === 'attestation' ? (
        <ConfirmForm
          conditionId={condition.id}
          conditionText={text}
          evidence={condition.evidence ?? 'optional'}
          needsApproval={condition.approval === 'risk-acceptance'}
          onDone={close}
        />
      ) : null}
      {mode === 'evidence' && condition.kind === 'attestation' ? (
        <EvidenceForm condition={condition} conditionText={text} onDone={close} />
      ) : null}
      {mode === 'revoke' ? <RevokeForm conditionId={condition.id} conditionText={text} onDone={close} /> : null}
    </li>
  );
}

/** A long reason (e.g. the list of open items) shows its lead-in and opens to the full text. */
function Reason(props: { text: string }): JSX.Element {
  const cut = props.text.indexOf(': ');
  if (props.text.length <= 160 || cut < 0) return <p className="meta line-detail">{props.text}</p>;
  return (
    <details className="meta line-detail" data-testid="condition-reason">
      <summary>{props.text.slice(0, cut)}</summary>
      <p>{props.text.slice(cut + 2)}</p>
    </details>
  );
}
