/** A choice from a fixed vocabulary of levels (risk, security, data protection) in the confirmation form. */
import { usePanel } from '../context';

export function LevelSelect(props: {
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
