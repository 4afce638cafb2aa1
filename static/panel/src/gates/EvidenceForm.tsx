/** The form that changes a confirmed condition's evidence link (issue #24): the confirmations with another link
 * turn stale and their confirmers are told (server: services/conditions/evidence.ts). */
import { useId } from 'react';
import { isHttpUrl } from '../../../../src/shared/text';
import { currentEvidenceUrl, type ConfirmableCondition } from '../../../../src/shared/rules';
import { Button, ErrorMessage, flag } from '../../../common/components';
import { call } from '../../../common/api';
import { usePanel } from '../context';
import { useOneFieldForm } from '../hooks/useOneFieldForm';
import { onBehalfOfFor } from '../Quorum';

export function EvidenceForm(props: {
  condition: ConfirmableCondition & { id: string };
  conditionText: string;
  onDone: () => void;
}): JSX.Element {
  const { env, view, act } = usePanel();
  const { t } = env;
  const ids = { heading: useId(), input: useId(), hint: useId(), error: useId() };
  const form = useOneFieldForm<HTMLInputElement>({
    initial: currentEvidenceUrl(view.attestations, props.condition.id) ?? '',
    check: (url) =>
      !url.trim()
        ? { error: t('ui.validation.required') }
        : isHttpUrl(url.trim())
          ? { value: url.trim() }
          : { error: t('ui.validation.url') },
    send: async (evidenceUrl) => {
      const outcome = await act(t('ui.evidence.changed'), () =>
        call('changeEvidence', { conditionId: props.condition.id, evidenceUrl, ...onBehalfOfFor(view, props.condition) }),
      );
      if (outcome.ok && !outcome.data.changed) flag('info', t('ui.evidence.unchanged'));
      return outcome;
    },
    onDone: props.onDone,
  });
  const describedBy = [ids.hint, form.error ? ids.error : null].filter(Boolean).join(' ');
  return (
    <form
      onSubmit={(e) => void form.submit(e)}
      className="line-detail"
      aria-labelledby={ids.heading}
      noValidate
      data-testid="evidence-form"
    >
      <h3 id={ids.heading}>{t('ui.evidence.formTitle', { condition: props.conditionText })}</h3>
      <div className="field">
        <label htmlFor={ids.input}>{t('ui.evidence.url')}</label>
        <input
          ref={form.ref}
          id={ids.input}
          type="url"
          value={form.value}
          onChange={(e) => form.setValue(e.target.value)}
          aria-invalid={form.error ? true : undefined}
          aria-describedby={describedBy}
          required
          data-testid="evidence-input"
        />
        <span id={ids.hint} className="meta">
          {t('ui.evidence.hint')}
        </span>
        {form.error ? (
          <span id={ids.error} className="error-text">
            {form.error}
          </span>
        ) : null}
      </div>
      {form.serverError ? <ErrorMessage error={form.serverError} title={t('ui.evidence.failed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button type="submit" appearance="primary" busy={form.busy} testId="evidence-submit">
          {t('ui.evidence.submit')}
        </Button>
        <Button onClick={props.onDone}>{t('ui.common.cancel')}</Button>
      </div>
    </form>
  );
}
