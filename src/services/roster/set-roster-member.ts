/** Use case: name the holder of a role on the epic (checked against Jira), reassigning the role's open items. */
import type { Roster } from '../../shared/api';
import { rosterChangeBlock } from '../../core/rules';
import { itemRolesOf } from '../../core/settings';
import type { RoleId } from '../../core/template/schema';
import * as store from '../../storage/store';
import { AppError } from '../common/errors';
import { requireAssignable } from './users';
import { assignChild } from './reassign';
import { resumeRolePick } from './pick-assignee';
import { refreshSummary } from '../portfolio/summary';
import { l10n } from '../../core/messages';
import { type Caller, type EpicRef, authorize } from '../phase/context';

export const ROSTER_RULES = {
  self: l10n('server.phase.rosterSelf'),
  steering: l10n('server.phase.rosterSteering'),
};

/** Changes a role's person; that role's open children are reassigned (closed ones never).
 * Nobody names themselves to a role they do not hold (unless a project admin), and the steering
 * group's person — who accepts the risk — is changed only by that person or a project admin.
 * The person must be an active, assignable user of the epic's project (checked in Jira before
 * anything changes). */
export async function setRosterMember(
  caller: Caller,
  epic: EpicRef,
  input: { role: RoleId; accountId: string | null },
): Promise<{ roster: Roster; reassigned: number; failed: string[] }> {
  const l = await authorize(caller, epic, (p) => p.editRoster, true);
  if (await resumeRolePick(l.loaded.epic.id)) return setRosterMember(caller, epic, input); // finished first: read the roster it left
  const before = l.state.roster[input.role] ?? null;
  const after = input.accountId;
  if (before === after) return { roster: l.state.roster, reassigned: 0, failed: [] };
  const block = rosterChangeBlock({ by: caller.accountId, role: input.role, before, after, admin: l.jira.administerProject });
  if (block) throw new AppError('FORBIDDEN', ROSTER_RULES[block]);
  if (after) await requireAssignable('user', { id: l.loaded.epic.projectId, key: l.loaded.epic.projectKey }, after, 'accountId');
  await store.setRosterMember(l.loaded.epic.id, input.role, after);
  await store.appendAudit(l.loaded.epic.id, { by: caller.accountId, action: 'roster.changed', subject: input.role, before, after });
  const roles = itemRolesOf(l.template, l.settings);
  const toReassign = l.readiness.items.filter((i) => roles[i.itemId] === input.role && i.child && i.child.statusCategory !== 'done');
  let reassigned = 0;
  const failed: string[] = [];
  for (const item of toReassign) {
    if (!item.child || item.child.assigneeAccountId === after) continue;
    const refused = await assignChild('user', item.child, after, { strict: false });
    if (refused) failed.push(refused);
    else reassigned++;
  }
  await store.appendAudit(l.loaded.epic.id, {
    by: caller.accountId,
    action: 'children.reassigned',
    subject: input.role,
    after: { reassigned, failed },
  });
  await refreshSummary(l.loaded.epic.id);
  return { roster: { ...l.state.roster, [input.role]: after ?? undefined }, reassigned, failed };
}
