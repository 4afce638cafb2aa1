/**
 * Several people per role (issue #24): a role's further people on an epic, after the roster's first
 * person (who stays where it always was, so a roster of one person per role reads as before, with no
 * migration). Each person is checked against Jira as the first one is (an active person assignable in
 * the project), and the roster's rules hold for each change: nobody adds themselves, and a steering
 * group member is removed only by that member (or a project admin). Items stay assigned to the first.
 */
import type { RoleId } from '../../core/domain';
import { MAX_ROLE_HOLDERS } from '../../core/domain';
import { rosterChangeBlock } from '../../core/rules';
import { l10n } from '../../core/messages';
import * as store from '../../storage/store';
import * as gov from '../../storage/governance';
import { AppError } from '../common/errors';
import { authorize, type Caller, type EpicRef } from '../phase/context';
import { requireAssignable } from './users';
import { resumeRolePick } from './pick-assignee';
import { refreshSummary } from '../portfolio/summary';

const E = {
  self: l10n('server.phase.rosterSelf'),
  steering: l10n('server.phase.rosterSteering'),
  first: l10n('server.governance.membersFirst'),
  tooMany: l10n('server.governance.membersTooMany', { max: MAX_ROLE_HOLDERS }),
};

export async function setRoleMembers(
  caller: Caller,
  epic: EpicRef,
  input: { role: RoleId; accountIds: string[] },
): Promise<{ role: RoleId; accountIds: string[] }> {
  const l = await authorize(caller, epic, (p) => p.editRoster, true);
  if (await resumeRolePick(l.loaded.epic.id)) return setRoleMembers(caller, epic, input); // read the roster the pick left
  const after = [...new Set(input.accountIds)];
  const first = l.state.roster[input.role];
  // The further people follow the first: a role has one before it has several.
  if (!first || after.includes(first)) throw new AppError('INVALID_INPUT', E.first, [E.first]);
  if (after.length > MAX_ROLE_HOLDERS - 1) throw new AppError('INVALID_INPUT', E.tooMany, [E.tooMany]);
  const before = l.state.members[input.role] ?? [];
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  if (added.length === 0 && removed.length === 0) return { role: input.role, accountIds: before };
  const admin = l.jira.administerProject;
  for (const change of [...added.map((id) => ({ before: null, after: id })), ...removed.map((id) => ({ before: id, after: null }))]) {
    const block = rosterChangeBlock({ by: caller.accountId, role: input.role, ...change, admin });
    if (block) throw new AppError('FORBIDDEN', E[block]);
  }
  const project = { id: l.loaded.epic.projectId, key: l.loaded.epic.projectKey };
  for (const [i, id] of after.entries()) if (added.includes(id)) await requireAssignable('user', project, id, `accountIds[${i}]`);
  await gov.setRoleMembers(l.loaded.epic.id, input.role, after);
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: 'roster.membersChanged',
    subject: input.role,
    before,
    after,
  });
  await refreshSummary(l.loaded.epic.id);
  return { role: input.role, accountIds: after };
}
