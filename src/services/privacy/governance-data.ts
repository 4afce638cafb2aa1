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
