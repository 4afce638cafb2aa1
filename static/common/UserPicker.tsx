/** The user picker of the panel and the settings page (components.tsx re-exports it). */
import { useEffect, useId, useRef, useState } from 'react';
import type { UserSummary } from '../../src/shared/api';
import type { Translate } from './i18n';

/** A combobox that searches users through a resolver and picks one (WAI-ARIA combobox pattern). */
export function UserPicker(props: {
  label: string;
  value: string | null;
  valueName: string | null;
  search: (query: string) => Promise<UserSummary[]>;
  onPick: (user: UserSummary | null) => void;
  disabled?: boolean;
  t: Translate;
  testId?: string;
}): JSX.Element {
  const { t } = props;
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<UserSummary[]>([]);
  const [active, setActive] = useState(-1);
  const [searching, setSearching] = useState(false);
  /** While not editing, the field shows the current person as its value (not as a placeholder). */
  const [editing, setEditing] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    if (!open) return undefined;
    const mine = ++seq.current;
    setSearching(true);
    const timer = setTimeout(() => {
      props
        .search(query)
        .then((users) => {
          if (seq.current !== mine) return;
          setResults(users);
          setActive(users.length > 0 ? 0 : -1);
        })
        .catch(() => {
          if (seq.current === mine) setResults([]);
        })
        .finally(() => {
          if (seq.current === mine) setSearching(false);
        });
    }, 200);
    return () => clearTimeout(timer);
  }, [query, open]);

  const pick = (user: UserSummary | null): void => {
    props.onPick(user);
    setOpen(false);
    setQuery('');
  };

  return (
    <div className="picker" data-testid={props.testId}>
      <label htmlFor={inputId} className="visually-hidden">
        {props.label}
      </label>
      <div className="row">
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-describedby={hintId}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          placeholder={props.valueName ? undefined : t('ui.roster.nobody')}
          value={editing ? query : (props.valueName ?? '')}
          disabled={props.disabled}
          onChange={(event) => {
            setEditing(true);
            setQuery(event.target.value);
            setOpen(true);
          }}
          onFocus={(event) => {
            setEditing(true);
            setQuery(props.valueName ?? '');
            const input = event.currentTarget;
            setTimeout(() => input.select(), 0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              if (!open) setOpen(true);
              else setActive((index) => Math.min(results.length - 1, index + 1));
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((index) => Math.max(0, index - 1));
            } else if (event.key === 'Enter') {
              if (open && active >= 0 && results[active]) {
                event.preventDefault();
                pick(results[active] ?? null);
              }
            } else if (event.key === 'Escape') {
              setOpen(false);
            }
          }}
          onBlur={() =>
            setTimeout(() => {
              setOpen(false);
              setEditing(false);
              setQuery('');
            }, 150)
          }
        />
        {props.value && !props.disabled ? (
          <button type="button" className="btn btn-subtle" onClick={() => pick(null)}>
            {t('ui.roster.clear')}
            <span className="visually-hidden"> {props.label}</span>
          </button>
        ) : null}
      </div>
      <span id={hintId} className="meta">
        {props.valueName ? t('ui.roster.current', { name: props.valueName }) : t('ui.roster.nobody')}
      </span>
      {open ? (
        <ul id={listId} role="listbox" className="picker-list" aria-label={props.label}>
          {searching && results.length === 0 ? (
            <li role="option" aria-selected={false} aria-disabled="true">
              {t('ui.common.searching')}
            </li>
          ) : results.length === 0 ? (
            <li role="option" aria-selected={false} aria-disabled="true">
              {t('ui.roster.noResults')}
            </li>
          ) : (
            results.map((user, index) => (
              <li
                key={user.accountId}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(user);
                }}
              >
                {user.displayName}
              </li>
            ))
          )}
        </ul>
      ) : (
        <ul id={listId} role="listbox" hidden aria-label={props.label} />
      )}
    </div>
  );
}
