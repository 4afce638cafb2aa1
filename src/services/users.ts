/** Display names are read from Jira when shown, never stored. */
import type { UserSummary } from '../shared/api';
import { getUsersBulk, searchUsers as findUsers, type JiraUser } from '../jira/client';

function summary(u: JiraUser): UserSummary {
  const avatar = u.avatarUrls?.['48x48'] ?? u.avatarUrls?.['32x32'];
  return { accountId: u.accountId, displayName: u.displayName ?? u.accountId, active: u.active !== false, ...(avatar ? { avatarUrl: avatar } : {}) };
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
