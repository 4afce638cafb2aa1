/** The form that confirms a condition: evidence, comment and, for a risk acceptance, the approval's levels and decision. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError, RiskAcceptanceInput } from '../../../../src/shared/api';
import { DATA_PROTECTION_LEVELS, RISK_LEVELS, SECURITY_LEVELS } from '../../../../src/shared/domain';
import { checkDecisionRef, isHttpUrl, textProblemMessage } from '../../../../src/shared/text';
import { checkFutureDate } from '../../../../src/shared/dates';
import { parseDay } from '../../../common/day';
import { Button, ErrorMessage } from '../../../common/components';
import { FREE_TEXT_MAX } from '../../../../src/shared/privacy';
import { call } from '../../../common/api';
import { translateMessage } from '../../../common/i18n';
import { usePanel } from '../context';
import { dayProblemText } from '../Items';
import { todayOf } from '../work';
import { onBehalfOfFor } from '../Quorum';
import { currentEvidenceUrl, type ConfirmableCondition } from '../../../../src/shared/rules';
import { LevelSelect } from './LevelSelect';

/** One of a fixed vocabulary (the server refuses anything else). */
function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function ConfirmForm(props: {
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
  // The condition's evidence link now (a changed one too) is the next confirmation's default.
  const [evidenceUrl, setEvidenceUrl] = useState(currentEvidenceUrl(view.attestations, props.conditionId) ?? '');
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

const conditionOf = (view: ReturnType<typeof usePanel>['view'], id: string): ConfirmableCondition =>
  [...view.template.gates.entry.conditions, ...view.template.gates.exit.conditions].find((x) => x.id === id) ?? { kind: 'automatic' };
