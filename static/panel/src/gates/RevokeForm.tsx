/** The form that revokes a confirmation of a condition, with its reason. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../src/shared/api';
import { Button, ErrorMessage, TextAreaField } from '../../../common/components';
import { FREE_TEXT_MAX } from '../../../../src/shared/privacy';
import { call } from '../../../common/api';
import { usePanel } from '../context';

export function RevokeForm(props: { conditionId: string; conditionText: string; onDone: () => void }): JSX.Element {
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
