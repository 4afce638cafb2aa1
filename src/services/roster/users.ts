/** Display names are read from Jira when shown, never stored. People named to roles are checked against Jira. */
import type { UserSummary } from '../../shared/api';
import type { LocalizedText } from '../../core/domain';
import { findAssignableUsers, getUsersBulk, searchUsers as findUsers, type JiraUser } from '../../jira/client';
import type { Actor } from '../../jira/transport';
import { AppError } from '../common/errors';
import { atPath, l10n } from '../../core/messages';

function summary(u: JiraUser): UserSummary {
  const avatar = u.avatarUrls?.['48x48'] ?? u.avatarUrls?.['32x32'];
  return {
    accountId: u.accountId,
    displayName: u.displayName ?? u.accountId,
    active: u.active !== false,
    ...(avatar ? { avatarUrl: avatar } : {}),
  };
}

export async function getUsers(accountIds: string[]): Promise<UserSummary[]> {
  const unique = [...new Set(accountIds.filter((id) => id && id !== 'app'))];
  return (await getUsersBulk('user', unique)).map(summary);
}

export async function searchUsers(query: string): Promise<UserSummary[]> {
  const q = query.trim();
  if (q.length < 1) return [];
  return (await findUsers('user', q)).filter((u) => u.accountType !== 'app').map(summary);
}

export type NotAssignable = 'unknown' | 'app' | 'inactive' | 'not-assignable';

/**
 * Why a person cannot hold a role in a project, or null when they can: the account must exist,
 * be a person's (not an app's), be active, and be assignable in the project (Jira's assignable-user
 * search, which applies the project's Assignable User permission). Two reads, as `actor`.
 */
export async function whyNotAssignable(actor: Actor, projectIdOrKey: string, accountId: string): Promise<NotAssignable | null> {
  const user = (await getUsersBulk(actor, [accountId])).find((u) => u.accountId === accountId);
  if (!user) return 'unknown';
  if (user.accountType === 'app') return 'app';
  if (user.active === false) return 'inactive';
  const assignable = await findAssignableUsers(actor, { project: projectIdOrKey, accountId });
  return assignable.some((u) => u.accountId === accountId) ? null : 'not-assignable';
}

export function notAssignableText(reason: NotAssignable, accountId: string, projectKey: string): LocalizedText {
  switch (reason) {
    case 'unknown':
      return l10n('server.users.unknown', { accountId });
    case 'app':
      return l10n('server.users.app', { accountId });
    case 'inactive':
      return l10n('server.users.inactive', { accountId });
    case 'not-assignable':
      return l10n('server.users.notAssignable', { accountId, projectKey });
  }
}

/** Refuses (INVALID_INPUT, naming the reason) a person who cannot hold a role in the project. */
export async function requireAssignable(
  actor: Actor,
  project: { id: string; key: string },
  accountId: string,
  path: string,
): Promise<void> {
  const reason = await whyNotAssignable(actor, project.id, accountId);
  if (!reason) return;
  const text = notAssignableText(reason, accountId, project.key);
  throw new AppError('INVALID_INPUT', text, [atPath(path, text)]);
}
