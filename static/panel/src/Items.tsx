import { useId, useRef, useState } from 'react';
import type { ItemState } from '../../../src/shared/api';
import { ROLE_IDS } from '../../../src/shared/domain';
import { TEXT_LIMITS, characterCount, normalizeText } from '../../../src/shared/text';
import { MAX_YEARS_AHEAD, checkFutureDate, dateProblemMessage, type DateProblem } from '../../../src/shared/dates';
import { formatDayText, parseDay } from '../../common/day';
import type { ForgeLocale, Locale } from '../../../src/shared/domain';
import { Button, ErrorMessage, Lozenge, MoreMenu, SectionMessage, TextAreaField, type LozengeAppearance } from '../../common/components';
import { FREE_TEXT_MAX } from '../../../src/shared/privacy';
import { call } from '../../common/api';
import { IssueLink } from '../../common/links';
import { localize, translateMessage } from '../../common/i18n';
import { usePanel } from './context';
import { useOneFieldForm } from './hooks/useOneFieldForm';
import { DueDate } from './DueDate';
import { itemById, itemStateText, roleName, sectionTitle } from './model';
import { filterItems, isMine, isOpen, itemRoleOf, mayComplete, mayDecide, mayRequestWaiver, todayOf, type Filters } from './work';

export type GroupBy = 'section' | 'role';

/** The server refuses a waiver reason shorter than this (counted after normalisation, src/core/text.ts). */
export const WAIVER_REASON_MIN = TEXT_LIMITS.waiverReasonMin;

function stateAppearance(item: ItemState): LozengeAppearance {
  if (item.state === 'done') return 'success';
  if (item.state === 'waived') return 'information';
  if (item.state === 'missing') return 'danger';
  return item.child?.statusCategory === 'indeterminate' ? 'warning' : 'default';
}

/** A calendar day (`YYYY-MM-DD`, a UTC day) in the user's language; as written when it is not one. */
export function formatDay(day: string | undefined | null, locale: ForgeLocale): string {
  if (!day) return '';
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) return day;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return day;
  }
}

/** A date problem in the user's words, its days written as their language writes them. */
export function dayProblemText(
  problem: DateProblem,
  t: (key: string, vars?: Record<string, string | number>) => string,
  lang: Locale,
): string {
  const message = dateProblemMessage(problem);
  const vars = Object.fromEntries(
    Object.entries(message.vars ?? {}).map(([k, v]) => [k, typeof v === 'string' ? formatDayText(v, lang) : v]),
  );
  return translateMessage(t, { ...message, vars });
}

export function ItemsList(props: { filters: Filters; groupBy: GroupBy }): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const shown = filterItems(view, view.readiness.items, props.filters);
  const groups: { key: string; title: string; items: ItemState[] }[] = [];
  if (props.groupBy === 'role') {
    for (const role of ROLE_IDS) {
      const items = shown.filter((i) => itemRoleOf(view, i) === role);
      if (items.length > 0) groups.push({ key: role, title: roleName(view.template, role, lang), items });
    }
  } else {
    const seen = new Set<string>();
    for (const sectionId of [...view.template.sections.map((s) => s.id), ...shown.map((i) => i.sectionId)]) {
      if (seen.has(sectionId)) continue;
      seen.add(sectionId);
      const items = shown.filter((i) => i.sectionId === sectionId);
      if (items.length > 0) groups.push({ key: sectionId, title: sectionTitle(view.template, sectionId, lang), items });
    }
  }
  if (view.readiness.items.length === 0) return <p className="subtle">{t('ui.items.empty')}</p>;
  if (shown.length === 0)
    return (
      <p className="subtle" data-testid="items-none">
        {t('ui.work.noneMatch')}
      </p>
    );
  return (
    <>
      {groups.map((group) => (
        <div key={group.key} data-testid="item-group" data-group={group.key}>
          <h3 className="turn-heading">
            {group.title} (
            {t('ui.items.groupCount', {
              done: group.items.filter((i) => !isOpen(i)).length,
              total: group.items.length,
            })}
            )
          </h3>
          <ul className="rows">
            {group.items.map((item) => (
              <ItemRow key={item.itemId} item={item} />
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

export function ItemRow(props: { item: ItemState }): JSX.Element {
  const { env, view, nameOf, when, act, completeItem } = usePanel();
  const { t, lang } = env;
  const { item } = props;
  const template = itemById(view.template).get(item.itemId);
  const [mode, setMode] = useState<'idle' | 'request'>('idle');
  const [busy, setBusy] = useState<'approve' | 'reject' | 'complete' | null>(null);
  const [expiresOn, setExpiresOn] = useState('');
  const [expiryError, setExpiryError] = useState<string | null>(null);
  const expiryId = useId();
  const [needsJira, setNeedsJira] = useState<string[] | null>(null);
  const rowRef = useRef<HTMLLIElement>(null);
  const text = template ? localize(template.text, lang) : item.itemId;
  const waiver = item.waiver;
  const role = itemRoleOf(view, item);
  const mine = isMine(view, item);
  const canComplete = mayComplete(view, item);
  const canDecide = mayDecide(view, item);
  const canRequest = mayRequestWaiver(view, item);
  const key = item.child?.key ?? null;
  const owner = item.child?.assigneeAccountId ? nameOf(item.child.assigneeAccountId) : roleName(view.template, role, lang);

  const today = todayOf(view);
  const decide = async (approve: boolean): Promise<void> => {
    const expiry = approve ? parseDay(expiresOn) : '';
    if (expiry === null) {
      setExpiryError(t('ui.validation.day'));
      return;
    }
    const problem = expiry ? checkFutureDate(expiry, today) : null;
    setExpiryError(problem ? dayProblemText(problem, t, lang) : null);
    if (problem) return;
    setBusy(approve ? 'approve' : 'reject');
    await act(approve ? t('ui.waiver.approved') : t('ui.waiver.rejected'), () =>
      call('decideWaiver', { itemId: item.itemId, approve, ...(expiry ? { expiresOn: expiry } : {}) }),
    );
    setBusy(null);
  };
  const expiry = item.waiverExpiry;
  const complete = async (): Promise<void> => {
    setBusy('complete');
    const next = rowRef.current?.nextElementSibling?.querySelector<HTMLElement>('[data-testid="complete-item"], button');
    const outcome = await completeItem(item.itemId);
    setBusy(null);
    if (outcome === 'needs-jira') setNeedsJira([]);
    else if (outcome === 'done') setTimeout(() => (next?.isConnected ? next : document.getElementById('your-turn-heading'))?.focus(), 0);
  };
  const focusRow = (): void => {
    setTimeout(() => (rowRef.current?.querySelector<HTMLElement>('button, a') ?? document.getElementById('your-turn-heading'))?.focus(), 0);
  };
  const completeLabel = key ? t('ui.work.complete', { key }) : '';

  return (
    <li ref={rowRef} data-testid="item" data-item-id={item.itemId} data-state={item.state} data-mine={mine}>
      <div className="line">
        <Lozenge appearance={stateAppearance(item)}>{itemStateText(item, t)}</Lozenge>
        {expiry?.lapsed ? <Lozenge appearance="warning">{t('ui.waiver.lapsedBadge')}</Lozenge> : null}
        <span className="line-text" title={text}>
          {text}
          {!item.mandatory ? <span className="meta"> ({t('ui.condition.optional')})</span> : null}
        </span>
        <span className="line-owner" title={owner}>
          {owner}
        </span>
        <span className="line-key">
          {key ? <IssueLink issueKey={key} text={text} /> : <span className="meta">{t('ui.work.noKey')}</span>}
        </span>
        <span className="line-actions">
          {canComplete && mine ? (
            <button
              type="button"
              className="btn btn-icon btn-compact"
              aria-label={completeLabel}
              title={completeLabel}
              onClick={() => void complete()}
              disabled={busy !== null}
              aria-busy={busy === 'complete' || undefined}
              data-testid="complete-item"
            >
              {busy === 'complete' ? <span className="spinner" aria-hidden="true" /> : <span aria-hidden="true">✓</span>}
            </button>
          ) : null}
          {(canComplete && !mine) || canRequest ? (
            <MoreMenu label={t('ui.work.more', { item: key ?? text })} testId="item-menu">
              {(close) => (
                <>
                  {canComplete && !mine ? (
                    <button type="button" className="btn" onClick={() => (close(), void complete())} data-testid="complete-item">
                      {completeLabel}
                    </button>
                  ) : null}
                  {canRequest ? (
                    <button type="button" className="btn" onClick={() => (close(), setMode('request'))} data-testid="request-waiver">
                      {t('ui.waiver.request')}
                      <span className="visually-hidden">: {text}</span>
                    </button>
                  ) : null}
                </>
              )}
            </MoreMenu>
          ) : null}
        </span>
      </div>
      {template && template.subPoints && template.subPoints.length > 0 ? (
        <ul className="meta line-detail">
          {template.subPoints.map((point, index) => (
            <li key={index}>{localize(point, lang)}</li>
          ))}
        </ul>
      ) : null}
      {item.state === 'missing' ? <p className="meta line-detail">{t('ui.item.missingChild')}</p> : null}
      <DueDate item={item} today={today} />
      {waiver && (waiver.status !== 'approved' || item.state === 'waived' || expiry?.lapsed) ? (
        <p className="meta line-detail" data-testid="waiver">
          {t(`ui.waiver.summary.${waiver.status}`, {
            requester: nameOf(waiver.requestedBy),
            requestedAt: when(waiver.requestedAt),
            decider: waiver.onBehalfOf
              ? t('ui.quorum.standInFor', { name: nameOf(waiver.decidedBy), absent: nameOf(waiver.onBehalfOf) })
              : nameOf(waiver.decidedBy),
            decidedAt: when(waiver.decidedAt),
            reason: waiver.reason,
          })}
          {waiver.status === 'requested' && !canDecide ? ` ${t('ui.work.waitsForDecision')}` : ''}
          {expiry && !expiry.lapsed && !expiry.warn
            ? ` · ${t('ui.waiver.expiresOn', { date: formatDay(expiry.expiresOn, env.locale) })}`
            : ''}
        </p>
      ) : null}
      {expiry && !expiry.lapsed && expiry.warn ? (
        <p className="meta line-detail" data-testid="waiver-expires-soon">
          <Lozenge appearance="warning">{t('ui.waiver.expiresSoonBadge')}</Lozenge>{' '}
          {t('ui.waiver.expiresSoon', { date: formatDay(expiry.expiresOn, env.locale) })}
        </p>
      ) : null}
      {expiry?.lapsed ? (
        <p className="meta line-detail" data-testid="waiver-lapsed">
          {t('ui.waiver.lapsed', { date: formatDay(expiry.expiresOn, env.locale) })}
        </p>
      ) : null}
      {canDecide ? (
        <div className="row line-detail" role="group" aria-label={t('ui.work.decide', { item: key ?? text })}>
          <Button onClick={() => void decide(true)} busy={busy === 'approve'} testId="approve-waiver">
            {t('ui.waiver.approve')}
            <span className="visually-hidden">: {text}</span>
          </Button>
          <Button onClick={() => void decide(false)} busy={busy === 'reject'} testId="reject-waiver">
            {t('ui.waiver.reject')}
            <span className="visually-hidden">: {text}</span>
          </Button>
          <span className="row">
            <label htmlFor={expiryId} className="meta">
              {t('ui.waiver.expiryLabel')}
            </label>
            <input
              id={expiryId}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              size={10}
              placeholder={t('ui.validation.dayFormat')}
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.target.value)}
              aria-invalid={expiryError ? true : undefined}
              aria-describedby={`${expiryId}-hint${expiryError ? ` ${expiryId}-error` : ''}`}
              title={t('ui.waiver.expiryHint', { years: MAX_YEARS_AHEAD })}
              data-testid="waiver-expiry"
            />
          </span>
          <span id={`${expiryId}-hint`} className="visually-hidden">
            {t('ui.waiver.expiryHint', { years: MAX_YEARS_AHEAD })}
          </span>
          {expiryError ? (
            <span id={`${expiryId}-error`} className="error-text" role="alert">
              {expiryError}
            </span>
          ) : null}
        </div>
      ) : null}
      {needsJira && key ? (
        <SectionMessage appearance="information" testId="needs-jira">
          <p>
            {t('ui.work.needsJira', { key })} <IssueLink issueKey={key}>{t('ui.work.openInJira', { key })}</IssueLink>
          </p>
        </SectionMessage>
      ) : null}
      {mode === 'request' ? (
        <WaiverRequestForm
          itemId={item.itemId}
          itemText={text}
          onDone={() => {
            setMode('idle');
            focusRow();
          }}
        />
      ) : null}
    </li>
  );
}

function WaiverRequestForm(props: { itemId: string; itemText: string; onDone: () => void }): JSX.Element {
  const { env, act } = usePanel();
  const { t } = env;
  const ids = { heading: useId() };
  const form = useOneFieldForm<HTMLTextAreaElement>({
    check: (reason) => {
      const trimmed = normalizeText(reason, true);
      if (!trimmed) return { error: t('ui.validation.required') };
      if (characterCount(trimmed) < WAIVER_REASON_MIN) return { error: t('ui.waiver.reasonTooShort', { min: WAIVER_REASON_MIN }) };
      return { value: trimmed };
    },
    send: (reason) => act(t('ui.waiver.requested'), () => call('requestWaiver', { itemId: props.itemId, reason })),
    onDone: props.onDone,
  });
  return (
    <form onSubmit={(e) => void form.submit(e)} className="line-detail" aria-labelledby={ids.heading} noValidate data-testid="waiver-form">
      <h4 id={ids.heading}>{t('ui.waiver.formTitle', { item: props.itemText })}</h4>
      <p className="meta">{t('ui.work.waiverGoesTo')}</p>
      <TextAreaField
        label={t('ui.waiver.reason')}
        value={form.value}
        onChange={form.setValue}
        error={form.error}
        hint={`${t('ui.waiver.reasonHint', { min: WAIVER_REASON_MIN })} ${t('privacy.freeTextHint', { max: FREE_TEXT_MAX.reason })}`}
        inputRef={form.ref}
        required
      />
      {form.serverError ? <ErrorMessage error={form.serverError} title={t('ui.waiver.requestFailed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button type="submit" appearance="primary" busy={form.busy} testId="waiver-submit">
          {t('ui.waiver.submit')}
        </Button>
        <Button onClick={props.onDone}>{t('ui.common.cancel')}</Button>
      </div>
    </form>
  );
}
