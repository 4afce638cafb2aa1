/**
 * The project's daily reminders (issue 24): on or off, and after how many days an overdue item is also
 * reported to the epic's project manager. The server checks the same bounds (src/core/settings.ts).
 */
import { useId } from 'react';
import type { ProjectSettings } from '../../../src/shared/api';
import { ESCALATION_DAYS } from '../../../src/shared/domain';
import type { Translate } from '../../common/i18n';

type Reminders = NonNullable<ProjectSettings['reminders']>;

export const REMINDER_DEFAULTS: Reminders = { enabled: true, escalationDays: ESCALATION_DAYS.default };

/** The form's problem with the escalation days, if any. */
export function escalationDaysError(value: Reminders | undefined, t: Translate): string | undefined {
  const days = value?.escalationDays ?? ESCALATION_DAYS.default;
  return Number.isInteger(days) && days >= ESCALATION_DAYS.min && days <= ESCALATION_DAYS.max
    ? undefined
    : t('ui.settings.reminders.daysInvalid', { min: ESCALATION_DAYS.min, max: ESCALATION_DAYS.max });
}

export function RemindersSettings(props: { value: Reminders | undefined; onChange: (next: Reminders) => void; t: Translate }): JSX.Element {
  const { t } = props;
  const value = props.value ?? REMINDER_DEFAULTS;
  const enabledId = useId();
  const daysId = useId();
  const helpId = useId();
  const errorId = useId();
  const error = escalationDaysError(value, t);
  return (
    <section className="stack" data-testid="reminders-settings">
      <h2>{t('ui.settings.reminders.title')}</h2>
      <p className="meta" id={helpId}>
        {t('ui.settings.reminders.help')}
      </p>
      <div className="field">
        <input
          id={enabledId}
          type="checkbox"
          checked={value.enabled}
          onChange={(e) => props.onChange({ ...value, enabled: e.target.checked })}
          data-testid="reminders-enabled"
        />{' '}
        <label htmlFor={enabledId}>{t('ui.settings.reminders.enabled')}</label>
      </div>
      <div className="field">
        <label htmlFor={daysId}>{t('ui.settings.reminders.escalationDays')}</label>
        <input
          id={daysId}
          type="number"
          inputMode="numeric"
          min={ESCALATION_DAYS.min}
          max={ESCALATION_DAYS.max}
          step={1}
          value={Number.isFinite(value.escalationDays) ? value.escalationDays : ''}
          disabled={!value.enabled}
          aria-describedby={error ? `${helpId} ${errorId}` : helpId}
          aria-invalid={error ? true : undefined}
          onChange={(e) => props.onChange({ ...value, escalationDays: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
          data-testid="reminders-escalation-days"
        />
        {error ? (
          <span id={errorId} className="error-text">
            {error}
          </span>
        ) : null}
      </div>
    </section>
  );
}
