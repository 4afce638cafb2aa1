/**
 * Use case (issue #24): the project manager picks which of a role's people gets the role's items.
 *
 * The picked person, already one of the role's people, becomes the role's first (roster[role], whom the
 * gate, reminders, spawn and summary read as before) and the former first a further person
 * (core/rules.ts rosterAfterPick); the role's open children are assigned to the picked person (closed
 * ones never). Nobody leaves the role, so the roster's rules (rosterChangeBlock) do not apply; who may
 * pick is core/permissions.ts mayPickRoleAssignee (the panel shows the control by the same answer).
 *
 * Intent first, as the due-date move (services/schedule/due-move.ts): the intent (`epic:<id>:pick`,
 * create-once, storage/roster-pick.ts) is recorded with its audit entry's id before the first write;
 * each step is idempotent (the role's people written as the intent says, each child assigned to the
 * picked person: the same assignee again changes nothing); the audit entry (`roster.assigneePicked`) is
 * written under its fixed id, then the intent is deleted. A run cut off in between is finished by whoever
 * comes next: a pick or roster change on the epic (before its own), or the daily reminders run. A
 * resumed pick acts as the app; the person who picked was authorised when it was recorded.
 */
import { l10n } from '../../core/messages';
import { rosterAfterPick } from '../../core/rules';
import { itemRolesOf } from '../../core/settings';
import type { RoleId } from '../../core/domain';
import type { Actor } from '../../jira/transport';
import { invocationDeadline } from '../../jira/transport';
import * as gov from '../../storage/governance';
import { rolePicks, type RolePickIntent } from '../../storage/roster-pick';
import * as store from '../../storage/store';
import { AppError } from '../common/errors';
import { authorize, type Caller, type EpicRef } from '../phase/context';
import { refreshSummary } from '../portfolio/summary';
import { assignChild } from './reassign';
import { requireAssignable } from './users';

const E = {
  notHolder: l10n('server.governance.pickNotHolder'),
  busy: l10n('server.governance.pickBusy'),
};

export interface RolePickOutcome {
  role: RoleId;
  first: string;
  members: string[];
  /** Children now assigned to the picked person (keys). */
  reassigned: string[];
  /** Children Jira refused to reassign, as "KEY: reason"; the rest of the pick stands. */
  failed: string[];
}

/** Finishes a recorded pick: the role's people, each child's assignee, the audit entry, then the intent goes. */
async function finish(intent: RolePickIntent, actor: Actor, deadline: number): Promise<RolePickOutcome> {
  await store.setRosterMember(intent.epicId, intent.role, intent.after.first);
  await gov.setRoleMembers(intent.epicId, intent.role, intent.after.members);
  const failed: string[] = [];
  for (const child of intent.children) {
    const refused = await assignChild(actor, child, intent.picked, { strict: true, deadline });
    if (refused) failed.push(refused);
  }
  const reassigned = intent.children.map((c) => c.key).filter((k) => !failed.some((f) => f.startsWith(`${k}: `)));
  await store.appendAudit(
    intent.epicId,
    {
      by: intent.by,
      action: 'roster.assigneePicked',
      subject: intent.role,
      before: intent.before,
      after: { ...intent.after, reassigned, failed },
    },
    new Date(intent.startedAt),
    intent.auditId,
  );
  await rolePicks.delete(intent.epicId);
  await refreshSummary(intent.epicId);
  return { role: intent.role, first: intent.after.first, members: intent.after.members, reassigned, failed };
}

/** Finishes a pick a crash left unfinished on this epic, if any (as the app); true when there was one. */
export async function resumeRolePick(epicId: string): Promise<boolean> {
  const intent = await rolePicks.get(epicId);
  if (!intent) return false;
  await finish(intent, 'app', invocationDeadline());
  return true;
}

export async function pickRoleAssignee(
  caller: Caller,
  epic: EpicRef,
  input: { role: RoleId; accountId: string },
): Promise<RolePickOutcome> {
  const l = await authorize(caller, epic, (p) => p.pickRoleAssignee, true);
  const epicId = l.loaded.epic.id;
  if (await resumeRolePick(epicId)) return pickRoleAssignee(caller, epic, input); // read the roster it left
  const before = { first: l.state.roster[input.role] ?? null, members: [...(l.state.members[input.role] ?? [])] };
  const after = rosterAfterPick(before, input.accountId);
  if (!after) throw new AppError('INVALID_INPUT', E.notHolder, [E.notHolder]);
  if (after.first === before.first) return { role: input.role, ...after, reassigned: [], failed: [] };
  // Still an active person the project's items can be assigned to (checked in Jira before anything changes).
  await requireAssignable('user', { id: l.loaded.epic.projectId, key: l.loaded.epic.projectKey }, input.accountId, 'accountId');
  const roles = itemRolesOf(l.template, l.settings);
  const children = l.readiness.items.flatMap((i) =>
    roles[i.itemId] === input.role && i.child && i.child.statusCategory !== 'done' && i.child.assigneeAccountId !== input.accountId
      ? [{ id: i.child.id, key: i.child.key }]
      : [],
  );
  const startedAt = new Date();
  const intent: RolePickIntent = {
    epicId,
    epicKey: l.loaded.epic.key,
    role: input.role,
    picked: input.accountId,
    before,
    after,
    children,
    by: caller.accountId,
    startedAt: startedAt.toISOString(),
    auditId: store.auditIdAt(startedAt),
  };
  if (!(await rolePicks.put(epicId, intent))) throw new AppError('CONFLICT', E.busy);
  return finish(intent, 'user', invocationDeadline());
}
