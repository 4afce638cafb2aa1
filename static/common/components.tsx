/** Small accessible building blocks styled with Atlassian design tokens (no heavy Atlaskit trees). */
import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from 'react';
import { showFlag } from '@forge/bridge';
import type { ApiError } from '../../src/shared/api';
import type { Translate } from './i18n';

export type Appearance = 'default' | 'primary' | 'danger' | 'subtle';

export function Button(props: {
  children: ReactNode;
  onClick?: () => void;
  appearance?: Appearance;
  type?: 'button' | 'submit';
  disabled?: boolean;
  /** Shown next to a disabled button, and announced with it. */
  disabledReason?: string | undefined;
  busy?: boolean;
  pressed?: boolean;
  describedBy?: string;
  testId?: string;
}): JSX.Element {
  const reasonId = useId();
  const { appearance = 'default', disabled = false, busy = false } = props;
  const showReason = disabled && !!props.disabledReason;
  const describedBy = [showReason ? reasonId : null, props.describedBy ?? null].filter(Boolean).join(' ') || undefined;
  return (
    <span className="row" style={{ display: 'inline-flex', gap: 4 }}>
      <button
        type={props.type ?? 'button'}
        className={`btn btn-${appearance}`}
        onClick={props.onClick}
        disabled={disabled || busy}
        aria-busy={busy || undefined}
        aria-pressed={props.pressed}
        aria-describedby={describedBy}
        data-testid={props.testId}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {props.children}
      </button>
      {showReason ? (
        <span id={reasonId} className="reason">
          {props.disabledReason}
        </span>
      ) : null}
    </span>
  );
}

export type LozengeAppearance = 'default' | 'success' | 'danger' | 'warning' | 'information' | 'discovery';
export function Lozenge(props: { children: ReactNode; appearance?: LozengeAppearance }): JSX.Element {
  return <span className={`lozenge lozenge-${props.appearance ?? 'default'}`}>{props.children}</span>;
}

export function ProgressBar(props: {
  label: string;
  done: number;
  total: number;
  percent: number;
  t: Translate;
  id?: string;
}): JSX.Element {
  const { label, done, total, percent, t } = props;
  const text = t('ui.common.progressValue', { done, total, percent });
  return (
    <div className="progress" data-testid={props.id}>
      <span>{label}</span>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      </div>
      <span className="meta">{text}</span>
    </div>
  );
}

export type MessageAppearance = 'information' | 'warning' | 'error' | 'success';
export function SectionMessage(props: {
  title?: string;
  appearance?: MessageAppearance;
  children?: ReactNode;
  headingLevel?: 2 | 3;
  testId?: string;
}): JSX.Element {
  const appearance = props.appearance ?? 'information';
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div
      className={`section-message section-message-${appearance}`}
      role={appearance === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.title ? <Heading>{props.title}</Heading> : null}
      {props.children}
    </div>
  );
}

/** The error's text in the caller's language: the resolver's message, else the localized text of its code. */
export function errorText(error: ApiError, t: Translate): string {
  return error.message.trim() || t(`ui.errors.${error.code}`);
}

export function ErrorMessage(props: { error: ApiError; title: string; t: Translate; headingLevel?: 2 | 3 }): JSX.Element {
  const { error, t } = props;
  return (
    <SectionMessage appearance="error" title={props.title} headingLevel={props.headingLevel} testId="error-message">
      <p>{errorText(error, t)}</p>
      {error.details && error.details.length > 0 ? (
        <ul>
          {error.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      ) : null}
      <p className="meta">{t('ui.errors.code', { code: error.code })}</p>
    </SectionMessage>
  );
}

export function Loading(props: { label: string }): JSX.Element {
  return (
    <p role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {props.label}
    </p>
  );
}

let flagCounter = 0;
/** Shows a Jira flag through the bridge; falls back silently when the host has no flags. */
export function flag(type: 'success' | 'error' | 'info' | 'warning', title: string, description?: string): void {
  flagCounter += 1;
  try {
    showFlag({ id: `kayttoonotto-${Date.now()}-${flagCounter}`, type, title, description, isAutoDismiss: type !== 'error' });
  } catch {
    // the section messages still show the state
  }
}

export { UserPicker } from './UserPicker';

/** A labelled text area with an optional hint and an error, both tied to it for screen readers. */
export function TextAreaField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  hint?: string;
  inputRef?: Ref<HTMLTextAreaElement>;
  required?: boolean;
  rows?: number;
}): JSX.Element {
  const ids = { input: useId(), hint: useId(), error: useId() };
  const describedBy = [props.hint ? ids.hint : null, props.error ? ids.error : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={ids.input}>{props.label}</label>
      <textarea
        ref={props.inputRef}
        id={ids.input}
        rows={props.rows ?? 2}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
        required={props.required}
      />
      {props.hint ? (
        <span id={ids.hint} className="meta">
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span id={ids.error} className="error-text">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** A section whose heading is a disclosure button (WAI-ARIA disclosure pattern). */
export function Collapsible(props: {
  id: string;
  title: ReactNode;
  /** Short text after the title, e.g. a count; part of the button's name. */
  badge?: ReactNode;
  open: boolean;
  onToggle: (open: boolean) => void;
  children: ReactNode;
  testId?: string;
  headingLevel?: 2 | 3;
}): JSX.Element {
  const contentId = `${props.id}-content`;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section className="fold" data-testid={props.testId} data-open={props.open} aria-labelledby={`${props.id}-heading`}>
      <Heading className="fold-heading" id={`${props.id}-heading`}>
        <button
          type="button"
          className="fold-button"
          aria-expanded={props.open}
          aria-controls={contentId}
          onClick={() => props.onToggle(!props.open)}
          data-testid={props.testId ? `${props.testId}-toggle` : undefined}
        >
          <span className="fold-chevron" aria-hidden="true">
            {props.open ? '▾' : '▸'}
          </span>
          <span>{props.title}</span>
          {props.badge !== undefined ? <span className="fold-badge">{props.badge}</span> : null}
        </button>
      </Heading>
      <div id={contentId} hidden={!props.open} className="fold-content">
        {props.open ? props.children : null}
      </div>
    </section>
  );
}

/** "More actions": a disclosure button with a short list of secondary actions (closes on Escape and on a pick). */
export function MoreMenu(props: { label: string; children: (close: () => void) => ReactNode; testId?: string }): JSX.Element {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapRef = useRef<HTMLSpanElement>(null);
  const close = (): void => {
    setOpen(false);
    setTimeout(() => buttonRef.current?.focus(), 0);
  };
  useEffect(() => {
    if (!open) return undefined;
    const onDown = (event: MouseEvent): void => {
      if (wrapRef.current && !wrapRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <span
      className="more"
      ref={wrapRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-icon"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={props.label}
        title={props.label}
        onClick={() => setOpen(!open)}
        data-testid={props.testId}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <span id={listId} className="more-list" hidden={!open}>
        {open ? props.children(close) : null}
      </span>
    </span>
  );
}

/** An inline "are you sure": says what will happen, and asks. */
export function ConfirmInline(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
  testId?: string;
}): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  useEffect(() => ref.current?.querySelector<HTMLButtonElement>('button')?.focus(), []);
  return (
    <div
      ref={ref}
      role="group"
      aria-labelledby={headingId}
      className="section-message section-message-warning confirm"
      data-testid={props.testId}
    >
      <p id={headingId} className="confirm-title">
        {props.title}
      </p>
      {props.children}
      <div className="row">
        <Button appearance={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm} busy={props.busy} testId="confirm-yes">
          {props.confirmLabel}
        </Button>
        <Button onClick={props.onCancel} testId="confirm-no">
          {props.cancelLabel}
        </Button>
      </div>
    </div>
  );
}
