import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { router } from '@forge/bridge';
import type { ApiError, ItemState } from '../../../src/shared/api';
import { ROLE_IDS } from '../../../src/shared/domain';
import { TEXT_LIMITS, characterCount, normalizeText } from '../../../src/shared/text';
import { Button, ErrorMessage, Lozenge, type LozengeAppearance, TextAreaField } from '../../common/components';
import { FREE_TEXT_MAX } from '../../../src/shared/privacy';
import { call } from '../../common/api';
import { localize } from '../../common/i18n';
import { usePanel } from './context';
import { itemById, itemStateText, roleName, sectionTitle } from './model';

export type GroupBy = 'section' | 'role';

/** The server refuses a waiver reason shorter than this (counted after normalisation, src/core/text.ts). */
export const WAIVER_REASON_MIN = TEXT_LIMITS.waiverReasonMin;

function stateAppearance(item: ItemState): LozengeAppearance {
  if (item.state === 'done') return 'success';
  if (item.state === 'waived') return 'information';
  if (item.state === 'missing') return 'danger';
  return item.child?.statusCategory === 'indeterminate' ? 'warning' : 'default';
}

export function ItemsSection(): JSX.Element {
  const { env, view } = usePanel();
  const { t, lang } = env;
  const headingId = useId();
  const [groupBy, setGroupBy] = useState<GroupBy>('role');
  const groups: { key: string; title: string; items: ItemState[] }[] = [];
  if (groupBy === 'role') {
    for (const role of ROLE_IDS) {
      const items = view.readiness.items.filter((i) => (view.itemRoles[i.itemId] ?? i.role) === role);
      if (items.length > 0) groups.push({ key: role, title: roleName(view.template, role, lang), items });
    }
  } else {
    const order = view.template.sections.map((s) => s.id);
    const seen = new Set<string>();
    for (const sectionId of [...order, ...view.readiness.items.map((i) => i.sectionId)]) {
      if (seen.has(sectionId)) continue;
      seen.add(sectionId);
      const items = view.readiness.items.filter((i) => i.sectionId === sectionId);
      if (items.length > 0) groups.push({ key: sectionId, title: sectionTitle(view.template, sectionId, lang), items });
    }
  }
  return (
    <section aria-labelledby={headingId} className="card" data-testid="items">
      <h2 id={headingId}>{t('ui.items.title', { count: view.readiness.items.length })}</h2>
      <div className="row" role="group" aria-label={t('ui.items.groupBy')}>
        <Button pressed={groupBy === 'section'} onClick={() => setGroupBy('section')} testId="group-section">
          {t('ui.items.bySection')}
        </Button>
        <Button pressed={groupBy === 'role'} onClick={() => setGroupBy('role')} testId="group-role">
          {t('ui.items.byRole')}
        </Button>
      </div>
      {view.readiness.items.length === 0 ? <p className="subtle">{t('ui.items.empty')}</p> : null}
      {groups.map((group) => (
        <div key={group.key} data-testid="item-group" data-group={group.key}>
          <h3>
            {group.title} <span className="meta">({t('ui.items.groupCount', { done: group.items.filter((i) => i.state === 'done' || i.state === 'waived').length, total: group.items.length })})</span>
          </h3>
          <ul className="checklist">
            {group.items.map((item) => (
              <ItemRow key={item.itemId} item={item} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ItemRow(props: { item: ItemState }): JSX.Element {
  const { env, view, nameOf, when, act } = usePanel();
  const { t, lang } = env;
  const { item } = props;
  const template = itemById(view.template).get(item.itemId);
  const [mode, setMode] = useState<'idle' | 'request'>('idle');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const decideReasonId = useId();
  const openerRef = useRef<HTMLSpanElement>(null);
  const text = template ? localize(template.text, lang) : item.itemId;
  const waiver = item.waiver;
  const role = view.itemRoles[item.itemId] ?? item.role;
  // Nobody decides their own waiver request (the server refuses it too).
  const decidePermission = view.permissions.decideWaiver;
  const ownRequest = !!waiver && waiver.requestedBy === view.callerAccountId;
  const canDecide = decidePermission.allowed && !ownRequest;
  const cannotDecideReason = !decidePermission.allowed ? decidePermission.reason : ownRequest ? t('ui.waiver.ownRequest') : undefined;
  const canRequest = item.mandatory && (item.state === 'open' || item.state === 'missing') && (!waiver || waiver.status === 'rejected');
  const decide = async (approve: boolean): Promise<void> => {
    setBusy(approve ? 'approve' : 'reject');
    await act(approve ? t('ui.waiver.approved') : t('ui.waiver.rejected'), () => call('decideWaiver', { itemId: item.itemId, approve }));
    setBusy(null);
  };
  const close = (): void => {
    setMode('idle');
    setTimeout(() => openerRef.current?.querySelector('button')?.focus(), 0);
  };
  const childHref = item.child ? `/browse/${item.child.key}` : null;
  return (
    <li data-testid="item" data-item-id={item.itemId} data-state={item.state}>
      <div className="row">
        <Lozenge appearance={stateAppearance(item)}>{itemStateText(item, t)}</Lozenge>
        <Lozenge appearance="discovery">{t(`ui.item.kind.${item.kind}`)}</Lozenge>
        {!item.mandatory ? <Lozenge>{t('ui.condition.optional')}</Lozenge> : null}
        <span>{text}</span>
      </div>
      <p className="meta">
        {t('ui.item.role', { role: roleName(view.template, role, lang) })}
        {' · '}
        {item.child?.assigneeAccountId ? t('ui.item.assignee', { name: nameOf(item.child.assigneeAccountId) }) : t('ui.item.unassigned')}
        {item.child ? (
          <>
            {' · '}
            {item.child.statusName}
            {' · '}
            <a
              href={childHref ?? '#'}
              target="_top"
              onClick={(event) => {
                event.preventDefault();
                if (childHref) void router.navigate(childHref).catch(() => window.open(childHref, '_top'));
              }}
            >
              {item.child.key}
              <span className="visually-hidden">: {text}</span>
            </a>
          </>
        ) : item.state === 'missing' ? (
          <>
            {' · '}
            {t('ui.item.missingChild')}
          </>
        ) : null}
      </p>
      {template && template.subPoints && template.subPoints.length > 0 ? (
        <ul className="meta">
          {template.subPoints.map((point, index) => (
            <li key={index}>{localize(point, lang)}</li>
          ))}
        </ul>
      ) : null}
      {waiver ? (
        <p className="meta" data-testid="waiver">
          {t(`ui.waiver.summary.${waiver.status}`, {
            requester: nameOf(waiver.requestedBy),
            requestedAt: when(waiver.requestedAt),
            decider: nameOf(waiver.decidedBy),
            decidedAt: when(waiver.decidedAt),
            reason: waiver.reason,
          })}
        </p>
      ) : null}
      {mode === 'idle' ? (
        <span ref={openerRef} className="row">
          {canRequest ? (
            <Button
              onClick={() => setMode('request')}
              disabled={!view.permissions.requestWaiver.allowed}
              disabledReason={view.permissions.requestWaiver.reason}
              testId="request-waiver"
            >
              {t('ui.waiver.request')}
              <span className="visually-hidden">: {text}</span>
            </Button>
          ) : null}
          {waiver && waiver.status === 'requested' ? (
            <>
              {/* One visible reason for both buttons; each disabled button is described by it. */}
              <Button
                appearance="primary"
                onClick={() => void decide(true)}
                busy={busy === 'approve'}
                disabled={!canDecide}
                describedBy={!canDecide && cannotDecideReason ? decideReasonId : undefined}
                testId="approve-waiver"
              >
                {t('ui.waiver.approve')}
                <span className="visually-hidden">: {text}</span>
              </Button>
              <Button
                onClick={() => void decide(false)}
                busy={busy === 'reject'}
                disabled={!canDecide}
                describedBy={!canDecide && cannotDecideReason ? decideReasonId : undefined}
                testId="reject-waiver"
              >
                {t('ui.waiver.reject')}
                <span className="visually-hidden">: {text}</span>
              </Button>
              {!canDecide && cannotDecideReason ? (
                <span id={decideReasonId} className="reason" data-testid="decide-waiver-reason">
                  {cannotDecideReason}
                </span>
              ) : null}
            </>
          ) : null}
        </span>
      ) : (
        <WaiverRequestForm itemId={item.itemId} itemText={text} onDone={close} />
      )}
    </li>
  );
}

function WaiverRequestForm(props: { itemId: string; itemText: string; onDone: () => void }): JSX.Element {
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
    const trimmed = normalizeText(reason, true);
    if (!trimmed) {
      setError(t('ui.validation.required'));
      ref.current?.focus();
      return;
    }
    if (characterCount(trimmed) < WAIVER_REASON_MIN) {
      setError(t('ui.waiver.reasonTooShort', { min: WAIVER_REASON_MIN }));
      ref.current?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    const outcome = await act(t('ui.waiver.requested'), () => call('requestWaiver', { itemId: props.itemId, reason: trimmed }));
    setBusy(false);
    if (outcome.ok) props.onDone();
    else setServerError(outcome.error);
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby={ids.heading} noValidate data-testid="waiver-form">
      <h4 id={ids.heading}>{t('ui.waiver.formTitle', { item: props.itemText })}</h4>
      <TextAreaField
        label={t('ui.waiver.reason')}
        value={reason}
        onChange={setReason}
        error={error}
        hint={`${t('ui.waiver.reasonHint', { min: WAIVER_REASON_MIN })} ${t('privacy.freeTextHint', { max: FREE_TEXT_MAX.reason })}`}
        inputRef={ref}
        required
      />
      {serverError ? <ErrorMessage error={serverError} title={t('ui.waiver.requestFailed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button type="submit" appearance="primary" busy={busy} testId="waiver-submit">
          {t('ui.waiver.submit')}
        </Button>
        <Button onClick={props.onDone}>{t('ui.common.cancel')}</Button>
      </div>
    </form>
  );
}
