import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError, ConditionResult, RiskAcceptanceInput } from '../../../src/shared/api';
import type { GateId, Locale } from '../../../src/shared/domain';
import { DATA_PROTECTION_LEVELS, RISK_LEVELS, SECURITY_LEVELS } from '../../../src/shared/domain';
import { checkDecisionRef, isHttpUrl, textProblemMessage, isHttpsLink } from '../../../src/shared/text';
import { checkFutureDate } from '../../../src/shared/dates';
import { parseDay } from '../../common/day';
import { Button, ErrorMessage, Lozenge, MoreMenu, type LozengeAppearance, TextAreaField } from '../../common/components';
import { FREE_TEXT_MAX } from '../../../src/shared/privacy';
import { call } from '../../common/api';
import { localize, translateMessage } from '../../common/i18n';
import { usePanel } from './context';
import { ExternalLink } from '../../common/links';
import { roleName } from './model';
import { dayProblemText, formatDay } from './Items';
import { todayOf } from './work';
import { onBehalfOfFor, QuorumLine } from './Quorum';
import type { ConfirmableCondition } from '../../../src/shared/rules';

export { RISK_LEVELS };

/** One of a fixed vocabulary (the server refuses anything else). */
function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function statusAppearance(status: ConditionResult['status'] | undefined): LozengeAppearance {
  if (status === 'passed' || status === 'attested') return 'success';
  if (status === 'void') return 'warning';
  return 'default';
}

export function GateChecklist(props: { gate: GateId; filters?: { mine: boolean; openOnly: boolean } }): JSX.Element {
  const { env, view } = usePanel();
  const { lang } = env;
  const gate = view.template.gates[props.gate];
  const evaluation = view.gates[props.gate];
  const results = new Map(evaluation.conditions.map((c) => [c.conditionId, c]));
  const shown = gate.conditions.filter((c) => {
    const result = results.get(c.id);
    if (props.filters?.openOnly && result?.passed) return false;
    if (props.filters?.mine && !(c.kind === 'attestation' && view.permissions.attest[c.id]?.allowed)) return false;
    return true;
  });
  return (
    <div data-testid={`gate-${props.gate}`}>
      {gate.intro ? <p className="subtle">{localize(gate.intro, lang)}</p> : null}
      {props.gate === 'entry' && view.entryGateWaiver ? <EntryGateWaiver /> : null}
      <ul className="rows">
        {shown.map((condition) => (
          <ConditionRow key={condition.id} conditionId={condition.id} gate={props.gate} result={results.get(condition.id)} />
        ))}
      </ul>
    </div>
  );
}

/** The steering group's decision's reference (a link when it is an https address) and review date. */
function DecisionRef(props: { decisionRef?: unknown; reviewOn?: unknown }): JSX.Element | null {
  const { env, view } = usePanel();
  const { t } = env;
  const ref = typeof props.decisionRef === 'string' && props.decisionRef ? props.decisionRef : null;
  const review = typeof props.reviewOn === 'string' && props.reviewOn ? props.reviewOn : null;
  if (!ref && !review) return null;
  return (
    <span data-testid="decision-ref">
      {ref ? (
        <>
          {' · '}
          {isHttpsLink(ref) ? (
            <ExternalLink href={ref}>{t('ui.attest.decisionSummary', { ref })}</ExternalLink>
          ) : (
            t('ui.attest.decisionSummary', { ref })
          )}
        </>
      ) : null}
      {review ? (
        <>
          {' · '}
          {t('ui.attest.reviewSummary', { date: formatDay(review, env.locale) })}
          {review < todayOf(view) ? ` (${t('ui.attest.reviewDue')})` : ''}
        </>
      ) : null}
    </span>
  );
}

/** The steering group's waiver of the entry gate, with its decision's reference. */
function EntryGateWaiver(): JSX.Element | null {
  const { env, view, nameOf, when } = usePanel();
  const w = view.entryGateWaiver;
  if (!w) return null;
  return (
    <p className="meta" data-testid="entry-gate-waiver">
      {env.t('ui.attest.entryWaived', { name: nameOf(w.waivedBy), when: when(w.waivedAt), reason: w.reason })}
      <DecisionRef decisionRef={w.decisionRef} reviewOn={w.reviewOn} />
    </p>
  );
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
  const [mode, setMode] = useState<'idle' | 'confirm' | 'revoke'>('idle');
  const rowRef = useRef<HTMLLIElement>(null);
  if (!condition) return <li />;
  const result = props.result;
  const status = result?.status ?? 'failed';
  const attestation = result?.attestation ?? null;
  const permission = view.permissions.attest[condition.id] ?? { allowed: false };
  const isAttestation = condition.kind === 'attestation';
  const canConfirm = isAttestation && permission.allowed && (!attestation || status === 'void' || !result?.passed);
  const canRevoke = isAttestation && attestation !== null && permission.allowed;
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
          {canRevoke && mode === 'idle' ? (
            <MoreMenu label={t('ui.work.more', { item: text })} testId="condition-menu">
              {(closeMenu) => (
                <button type="button" className="btn" onClick={() => (closeMenu(), setMode('revoke'))} data-testid="revoke">
                  {t('ui.attest.revoke')}
                  <span className="visually-hidden">: {text}</span>
                </button>
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
      {mode === 'confirm' && condition.kind === 'attestation' ? (
        <ConfirmForm
          conditionId={condition.id}
          conditionText={text}
          evidence={condition.evidence ?? 'optional'}
          needsApproval={condition.approval === 'risk-acceptance'}
          onDone={close}
        />
      ) : null}
      {mode === 'revoke' ? <RevokeForm conditionId={condition.id} conditionText={text} onDone={close} /> : null}
    </li>
  );
}

/** A risk level by its name in the user's language (an unknown stored value as it is). */
export function riskName(level: string, t: (key: string) => string): string {
  if (!level) return t('ui.risk.none');
  return (RISK_LEVELS as readonly string[]).includes(level) ? t(`ui.risk.level.${level}`) : level;
}

function ConfirmForm(props: {
  conditionId: string;
  conditionText: string;
  evidence: 'none' | 'optional' | 'required';
  needsApproval: boolean;
  onDone: () => void;
}): JSX.Element {
  const { env, view, act } = usePanel();
  const { t } = env;
  const ids = {
    url: useId(),
    comment: useId(),
    risk: useId(),
    security: useId(),
    dp: useId(),
    ref: useId(),
    review: useId(),
    urlError: useId(),
    heading: useId(),
  };
  const today = todayOf(view);
  const [decisionRef, setDecisionRef] = useState('');
  const [reviewOn, setReviewOn] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [comment, setComment] = useState('');
  const [riskLevel, setRiskLevel] = useState(view.phase?.riskLevel ?? '');
  const [securityLevel, setSecurityLevel] = useState('');
  const [dataProtectionLevel, setDataProtectionLevel] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.querySelector<HTMLElement>('input, textarea, select')?.focus(), []);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const url = evidenceUrl.trim();
    if (props.evidence === 'required' && !url) found.url = t('ui.validation.required');
    else if (url && !isHttpUrl(url)) found.url = t('ui.validation.url');
    if (props.needsApproval) {
      if (!oneOf(RISK_LEVELS, riskLevel)) found.risk = t('ui.validation.required');
      if (!oneOf(SECURITY_LEVELS, securityLevel)) found.security = t('ui.validation.required');
      if (!oneOf(DATA_PROTECTION_LEVELS, dataProtectionLevel)) found.dp = t('ui.validation.required');
      const ref = decisionRef.trim() ? checkDecisionRef(decisionRef) : null;
      if (ref && !ref.ok) found.ref = translateMessage(t, textProblemMessage(ref.problem));
      const day = parseDay(reviewOn);
      const review = day ? checkFutureDate(day, today) : null;
      if (day === null) found.review = t('ui.validation.day');
      else if (review) found.review = dayProblemText(review, t, env.lang);
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const risk = oneOf(RISK_LEVELS, riskLevel);
    const security = oneOf(SECURITY_LEVELS, securityLevel);
    const dataProtection = oneOf(DATA_PROTECTION_LEVELS, dataProtectionLevel);
    const approval: RiskAcceptanceInput | undefined =
      props.needsApproval && risk && security && dataProtection
        ? {
            riskLevel: risk,
            securityLevel: security,
            dataProtectionLevel: dataProtection,
            ...(decisionRef.trim() ? { decisionRef: decisionRef.trim() } : {}),
            ...(parseDay(reviewOn) ? { reviewOn: parseDay(reviewOn)! } : {}),
          }
        : undefined;
    const outcome = await act(t('ui.attest.confirmed'), () =>
      call('attest', {
        conditionId: props.conditionId,
        ...(url ? { evidenceUrl: url } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(approval ? { approval } : {}),
        ...onBehalfOfFor(view, conditionOf(view, props.conditionId)),
      }),
    );
    setBusy(false);
    if (outcome.ok) props.onDone();
    else setServerError(outcome.error);
  };

  const fieldError = (key: string): JSX.Element | null =>
    errors[key] ? (
      <span id={`${ids.urlError}-${key}`} className="error-text">
        {errors[key]}
      </span>
    ) : null;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void submit(e)}
      className="line-detail"
      aria-labelledby={ids.heading}
      noValidate
      data-testid="confirm-form"
    >
      <h3 id={ids.heading}>{t('ui.attest.formTitle', { condition: props.conditionText })}</h3>
      {props.evidence !== 'none' ? (
        <div className="field">
          <label htmlFor={ids.url}>
            {t('ui.attest.evidenceUrl')}
            {props.evidence === 'required' ? ` (${t('ui.validation.requiredMark')})` : ` (${t('ui.validation.optionalMark')})`}
          </label>
          <input
            id={ids.url}
            type="url"
            value={evidenceUrl}
            onChange={(e) => setEvidenceUrl(e.target.value)}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? `${ids.urlError}-url` : undefined}
            required={props.evidence === 'required'}
          />
          {fieldError('url')}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={ids.comment}>{t('ui.attest.comment')}</label>
        <textarea
          id={ids.comment}
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={FREE_TEXT_MAX.comment}
          aria-describedby={`${ids.comment}-hint`}
        />
        <span id={`${ids.comment}-hint`} className="meta">
          {t('privacy.freeTextHint', { max: FREE_TEXT_MAX.comment })}
        </span>
      </div>
      {props.needsApproval ? (
        <fieldset className="stack">
          <legend>{t('ui.attest.approvalLegend')}</legend>
          <LevelSelect
            id={ids.risk}
            label={t('ui.risk.label')}
            value={riskLevel}
            onChange={setRiskLevel}
            values={RISK_LEVELS}
            prefix="ui.risk.level"
            error={errors.risk}
            errorId={`${ids.urlError}-risk`}
          />
          <LevelSelect
            id={ids.security}
            label={t('ui.attest.securityLevel')}
            value={securityLevel}
            onChange={setSecurityLevel}
            values={SECURITY_LEVELS}
            prefix="ui.attest.security"
            error={errors.security}
            errorId={`${ids.urlError}-security`}
          />
          <LevelSelect
            id={ids.dp}
            label={t('ui.attest.dataProtectionLevel')}
            value={dataProtectionLevel}
            onChange={setDataProtectionLevel}
            values={DATA_PROTECTION_LEVELS}
            prefix="ui.attest.dataProtection"
            error={errors.dp}
            errorId={`${ids.urlError}-dp`}
          />
          <div className="field">
            <label htmlFor={ids.ref}>{t('ui.attest.decisionRef')}</label>
            <input
              id={ids.ref}
              type="text"
              value={decisionRef}
              onChange={(e) => setDecisionRef(e.target.value)}
              maxLength={FREE_TEXT_MAX.decisionRef}
              aria-invalid={errors.ref ? true : undefined}
              aria-describedby={errors.ref ? `${ids.urlError}-ref` : undefined}
              data-testid="decision-ref-input"
            />
            {fieldError('ref')}
          </div>
          <div className="field">
            <label htmlFor={ids.review}>{t('ui.attest.reviewOn')}</label>
            <input
              id={ids.review}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              size={10}
              placeholder={t('ui.validation.dayFormat')}
              value={reviewOn}
              onChange={(e) => setReviewOn(e.target.value)}
              aria-invalid={errors.review ? true : undefined}
              aria-describedby={errors.review ? `${ids.urlError}-review` : undefined}
              data-testid="review-on-input"
            />
            {fieldError('review')}
          </div>
        </fieldset>
      ) : null}
      {serverError ? <ErrorMessage error={serverError} title={t('ui.attest.failed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button type="submit" appearance="primary" busy={busy} testId="confirm-submit">
          {t('ui.attest.submit')}
        </Button>
        <Button onClick={props.onDone}>{t('ui.common.cancel')}</Button>
      </div>
    </form>
  );
}

function LevelSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  values: readonly string[];
  prefix: string;
  error: string | undefined;
  errorId: string;
}): JSX.Element {
  const { env } = usePanel();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? props.errorId : undefined}
        required
      >
        <option value="">{env.t('ui.common.choose')}</option>
        {props.values.map((value) => (
          <option key={value} value={value}>
            {env.t(`${props.prefix}.${value}`)}
          </option>
        ))}
      </select>
      {props.error ? (
        <span id={props.errorId} className="error-text">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

function RevokeForm(props: { conditionId: string; conditionText: string; onDone: () => void }): JSX.Element {
  const { env, act } = usePanel();
  const { t } = env;
  const ids = { heading: useId() };
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('ui.validation.required'));
      return;
    }
    setError(null);
    setBusy(true);
    const outcome = await act(t('ui.attest.revoked'), () =>
      call('revokeAttestation', { conditionId: props.conditionId, reason: reason.trim() }),
    );
    setBusy(false);
    if (outcome.ok) props.onDone();
    else setServerError(outcome.error);
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="line-detail" aria-labelledby={ids.heading} noValidate data-testid="revoke-form">
      <h3 id={ids.heading}>{t('ui.attest.revokeTitle', { condition: props.conditionText })}</h3>
      <TextAreaField
        label={t('ui.attest.revokeReason')}
        value={reason}
        onChange={setReason}
        error={error}
        hint={t('privacy.freeTextHint', { max: FREE_TEXT_MAX.reason })}
        inputRef={ref}
        required
      />
      {serverError ? <ErrorMessage error={serverError} title={t('ui.attest.revokeFailed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button type="submit" appearance="danger" busy={busy}>
          {t('ui.attest.revoke')}
        </Button>
        <Button onClick={props.onDone}>{t('ui.common.cancel')}</Button>
      </div>
    </form>
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

const conditionOf = (view: ReturnType<typeof usePanel>['view'], id: string): ConfirmableCondition =>
  [...view.template.gates.entry.conditions, ...view.template.gates.exit.conditions].find((x) => x.id === id) ?? { kind: 'automatic' };
