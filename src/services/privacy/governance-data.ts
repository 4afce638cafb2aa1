/**
 * The personal-data run's part for the governance records of issue #24 (services/privacy/personal-data-run.ts):
 * - a stand-in record of a closed account — the absent person's (its key names them) or the stand-in's —
 *   is deleted, not pseudonymised: nobody acts for or as a closed account. The run's collect step
 *   reports both ids (core/privacy.ts ACCOUNT_FIELDS: accountId, standIn);
 * - a closed account leaves a role's further people (`epic:<id>:members:<role>`), as it leaves the
 *   roster's first slot: the rest of the list stays in its order, and the audit trail says so (the
 *   app's `roster.membersChanged`, the closed account named only by its pseudonym).
 * Confirmations (a quorum's further slots too) and their `onBehalfOf` are records like any other: the
 * closed account's id becomes its pseudonym there and in the entries (personal-data-erasure.ts).
 */
import { membersWithoutClosed, pseudonymise } from '../../core/privacy';
import { rosterAfterLeaving } from '../../core/rules';
import * as ps from '../../storage/privacy';
import { refreshSummary } from '../portfolio/summary';

const MEMBERS_KEY = /^epic:([^:]+):members:(.+)$/;

/**
 * A role's further people without the closed accounts (null: not a members list). Returns how many
 * left it. The list is read again before it is written: it may have changed since it was scanned.
 */
export async function removeClosedMembers(
  key: string,
  scanned: unknown,
  closed: ReadonlySet<string>,
  pseudonyms: ReadonlyMap<string, string>,
): Promise<number | null> {
  const m = MEMBERS_KEY.exec(key);
  if (!m) return null;
  if (!Array.isArray(scanned) || membersWithoutClosed(scanned, closed) === null) return 0;
  const current = await ps.get<unknown>(key);
  if (!Array.isArray(current)) return 0;
  const after = membersWithoutClosed(current, closed);
  if (after === null) return 0;
  const [, epicId, role] = m as unknown as [string, string, string];
  await ps.appendAuditEntry(epicId, {
    by: 'app',
    action: 'roster.membersChanged',
    subject: role,
    before: pseudonymise(current, pseudonyms).value,
    after,
  });
  if (after.length > 0) await ps.put(key, after);
  else await ps.remove(key);
  // The epic's gate summary lists the roles' people: Jira's copy drops the closed account too.
  await refreshSummary(epicId);
  return current.length - after.length;
}

export async function removeClosedStandIn(key: string, value: unknown, closed: ReadonlySet<string>): Promise<boolean> {
  if (!key.startsWith('standin:')) return false;
  const v = (value ?? {}) as { accountId?: unknown; standIn?: unknown };
  const owner = key.slice('standin:'.length);
  if (
    closed.has(owner) ||
    (typeof v.standIn === 'string' && closed.has(v.standIn)) ||
    (typeof v.accountId === 'string' && closed.has(v.accountId))
  )
    await ps.remove(key);
  return true;
}

/**
 * A closed account that is a role's first person leaves it (unless someone else holds the role by now):
 * the first further person who stays steps up (core/rules.ts rosterAfterLeaving), and the audit trail
 * says so as the app's changes, the closed account named by its pseudonym. False when nothing changed.
 */
export async function leaveRosterFirst(
  epicId: string,
  role: string,
  closedId: string,
  closed: ReadonlySet<string>,
  pseudonyms: ReadonlyMap<string, string>,
): Promise<boolean> {
  const rosterKey = `epic:${epicId}:roster:${role}`;
  if ((await ps.get<string>(rosterKey)) !== closedId) return false;
  const membersKey = `epic:${epicId}:members:${role}`;
  const stored = await ps.get<unknown>(membersKey);
  const members = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  const after = rosterAfterLeaving({ first: closedId, members }, closed);
  await ps.appendAuditEntry(epicId, {
    by: 'app',
    action: 'roster.changed',
    subject: role,
    before: pseudonyms.get(closedId),
    after: after.first,
  });
  if (after.first) {
    await ps.appendAuditEntry(epicId, {
      by: 'app',
      action: 'roster.membersChanged',
      subject: role,
      before: pseudonymise(members, pseudonyms).value,
      after: after.members,
    });
    await ps.put(rosterKey, after.first);
    if (after.members.length > 0) await ps.put(membersKey, after.members);
    else await ps.remove(membersKey);
  } else await ps.remove(rosterKey);
  // The epic's gate summary lists the roster's people (and whether the role is filled): Jira's copy follows.
  await refreshSummary(epicId);
  return true;
}
