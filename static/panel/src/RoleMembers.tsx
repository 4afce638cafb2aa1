/**
 * A role's further people on the roster's fold (issue #24): listed under the role's first person;
 * whoever may edit the roster adds a person (the user picker) or removes one (asked first), the whole
 * list sent with `setRoleMembers`; the project manager (or a project admin: core/permissions.ts
 * mayPickRoleAssignee, shown by the panel's `pickRoleAssignee` permission) gives the role's items to one
 * of them (`pickRoleAssignee`: that person becomes the first). The server's rules hold (nobody adds
 * themselves, a steering group member is removed only by that member or a project admin): a refusal
 * shows the server's message. Outcomes are announced by act(); focus stays in the editor.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError, UserSummary } from '../../../src/shared/api';
import { MAX_ROLE_HOLDERS, type RoleId } from '../../../src/shared/domain';
import { call } from '../../common/api';
import { Button, ConfirmInline, UserPicker, errorText } from '../../common/components';
import { usePanel } from './context';
import { roleName } from './model';
import { rosterChangeEffect } from './work';

const MAX_FURTHER = MAX_ROLE_HOLDERS - 1;

type Pending = { kind: 'remove' | 'pick'; accountId: string };

export function RoleMembers(props: { role: RoleId; search: (query: string) => Promise<UserSummary[]> }): JSX.Element | null {
  const { env, view, nameOf, act } = usePanel();
  const { t, lang } = env;
  const { role } = props;
  const headingId = useId();
  const headingRef = useRef<HTMLParagraphElement>(null);
  const addRef = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  /** Remounts the add picker after an addition (empty again). */
  const [added, setAdded] = useState(0);
  /** Where focus goes once the panel shows the outcome. */
  const [focus, setFocus] = useState<'add' | 'heading' | null>(null);
  const first = view.roster[role] ?? null;
  const members = view.members?.[role] ?? [];
  const label = roleName(view.template, role, lang);
  const mayEdit = !!view.phase && !!first && view.permissions.editRoster.allowed;
  const mayPick = !!view.phase && view.permissions.pickRoleAssignee?.allowed === true;

  useEffect(() => {
    if (focus === 'add') (addRef.current?.querySelector('input') ?? headingRef.current)?.focus();
    if (focus === 'heading') headingRef.current?.focus();
    if (focus) setFocus(null);
  }, [focus, view]);

  if (!mayEdit && members.length === 0) return null;

  const save = async (accountIds: string[], done: string, after: 'add' | 'heading'): Promise<void> => {
    setBusy(true);
    const r = await act(done, () => call('setRoleMembers', { role, accountIds }));
    setBusy(false);
    setError(r.ok ? null : r.error);
    setPending(null);
    if (r.ok && after === 'add') setAdded((n) => n + 1);
    setFocus(r.ok ? after : 'heading');
  };
  const add = (user: UserSummary | null): void => {
    if (!user || user.accountId === first || members.includes(user.accountId)) return;
    void save([...members, user.accountId], t('ui.roleMembers.added', { name: user.displayName, role: label }), 'add');
  };
  const pick = async (accountId: string): Promise<void> => {
    setBusy(true);
    const r = await act(t('ui.roleMembers.picked', { role: label, name: nameOf(accountId) }), () =>
      call('pickRoleAssignee', { role, accountId }),
    );
    setBusy(false);
    setError(r.ok ? null : r.error);
    setPending(null);
    setFocus('heading');
  };
  const confirm = (p: Pending): void => {
    if (p.kind === 'pick') void pick(p.accountId);
    else
      void save(
        members.filter((id) => id !== p.accountId),
        t('ui.roleMembers.removed', { name: nameOf(p.accountId), role: label }),
        'heading',
      );
  };
  const open = rosterChangeEffect(view, role).itemsReassigned;

  return (
    <div className="role-members" data-testid="role-members-editor" data-role={role}>
      <p id={headingId} ref={headingRef} tabIndex={-1} className="meta">
        {t('ui.roleMembers.title', { role: label })}
      </p>
      {members.length === 0 ? (
        <p className="meta" data-testid="members-none">
          {t('ui.roleMembers.none')}
        </p>
      ) : (
        <ul className="plain" aria-labelledby={headingId}>
          {members.map((id) => (
            <li key={id} data-testid="role-member" data-account-id={id}>
              <span>{nameOf(id)}</span>{' '}
              {mayEdit ? (
                <Button
                  appearance="subtle"
                  onClick={() => setPending({ kind: 'remove', accountId: id })}
                  disabled={busy}
                  testId="remove-member"
                >
                  {t('ui.roleMembers.remove', { name: nameOf(id) })}
                </Button>
              ) : null}{' '}
              {mayPick ? (
                <Button
                  appearance="subtle"
                  onClick={() => setPending({ kind: 'pick', accountId: id })}
                  disabled={busy}
                  testId="pick-assignee"
                >
                  {t('ui.roleMembers.pick', { name: nameOf(id) })}
                </Button>
              ) : null}
              {pending?.accountId === id ? (
                <ConfirmInline
                  title={
                    pending.kind === 'pick'
                      ? t('ui.roleMembers.pickTitle', { role: label, name: nameOf(id) })
                      : t('ui.roleMembers.removeTitle', { role: label, name: nameOf(id) })
                  }
                  confirmLabel={pending.kind === 'pick' ? t('ui.roleMembers.pickConfirm') : t('ui.roleMembers.removeConfirm')}
                  cancelLabel={t('ui.common.cancel')}
                  onConfirm={() => confirm(pending)}
                  onCancel={() => (setPending(null), setFocus('heading'))}
                  busy={busy}
                  danger={pending.kind === 'remove'}
                  testId={pending.kind === 'pick' ? 'pick-confirm' : 'remove-confirm'}
                >
                  <p>
                    {pending.kind === 'pick'
                      ? t('ui.roleMembers.pickEffect', { name: nameOf(id), count: open })
                      : t('ui.roleMembers.removeEffect')}
                  </p>
                </ConfirmInline>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="error-text" data-testid="members-error">
          {errorText(error, t)}
        </p>
      ) : null}
      {mayEdit ? (
        members.length >= MAX_FURTHER ? (
          <p className="meta" data-testid="members-full">
            {t('ui.roleMembers.full', { max: MAX_FURTHER })}
          </p>
        ) : (
          <div ref={addRef}>
            <UserPicker
              key={added}
              label={t('ui.roleMembers.add', { role: label })}
              value={null}
              valueName={null}
              search={props.search}
              onPick={add}
              disabled={busy}
              t={t}
              testId={`add-member-${role}`}
            />
          </div>
        )
      ) : null}
    </div>
  );
}
