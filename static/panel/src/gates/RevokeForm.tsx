/** The form that revokes a confirmation of a condition, with its reason. */
import { useId } from 'react';
import { Button, ErrorMessage, TextAreaField } from '../../../common/components';
import { FREE_TEXT_MAX } from '../../../../src/shared/privacy';
import { call } from '../../../common/api';
import { usePanel } from '../context';
import { useOneFieldForm } from '../hooks/useOneFieldForm';

export function RevokeForm(props: { conditionId: string; conditionText: string; onDone: () => void }): JSX.Element {
  const { env, act } = usePanel();
  const { t } = env;
  const ids = { heading: useId() };
  const form = useOneFieldForm<HTMLTextAreaElement>({
    check: (reason) => (reason.trim() ? { value: reason.trim() } : { error: t('ui.validation.required') }),
    send: (reason) => act(t('ui.attest.revoked'), () => call('revokeAttestation', { conditionId: props.conditionId, reason })),
    onDone: props.onDone,
  });
  return (
    <form onSubmit={(e) => void form.submit(e)} className="line-detail" aria-labelledby={ids.heading} noValidate data-testid="revoke-form">
      <h3 id={ids.heading}>{t('ui.attest.revokeTitle', { condition: props.conditionText })}</h3>
      <TextAreaField
        label={t('ui.attest.revokeReason')}
        value={form.value}
        onChange={form.setValue}
        error={form.error}
        hint={t('privacy.freeTextHint', { max: FREE_TEXT_MAX.reason })}
        inputRef={form.ref}
        required
      />
      {form.serverError ? <ErrorMessage error={form.serverError} title={t('ui.attest.revokeFailed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button type="submit" appearance="danger" busy={form.busy}>
          {t('ui.attest.revoke')}
        </Button>
        <Button onClick={props.onDone}>{t('ui.common.cancel')}</Button>
      </div>
    </form>
  );
}
