/** Display names are read from Jira when shown, never stored. People named to roles are checked against Jira. */
import type { UserSummary } from '../shared/api';
import type { LocalizedText } from '../core/domain';
import { findAssignableUsers, getUsersBulk, searchUsers as findUsers, type JiraUser } from '../jira/client';
import type { Actor } from '../jira/transport';
import { AppError, msg } from './errors';

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
      return msg(`Käyttäjää "${accountId}" ei löydy.`, `Användaren "${accountId}" finns inte.`, `There is no user "${accountId}".`);
    case 'app':
      return msg(
        `"${accountId}" on sovelluksen tili, ei henkilö; rooliin voi nimetä vain henkilön.`,
        `"${accountId}" är en apps konto, inte en person; bara en person kan ha en roll.`,
        `"${accountId}" is an app's account, not a person; only a person can hold a role.`,
      );
    case 'inactive':
      return msg(
        `Käyttäjän "${accountId}" tili on poistettu käytöstä.`,
        `Användarkontot "${accountId}" är inaktiverat.`,
        `The account "${accountId}" is deactivated.`,
      );
    case 'not-assignable':
      return msg(
        `Käyttäjällä "${accountId}" ei ole pääsyä projektiin ${projectKey}, tai hänelle ei voi osoittaa tehtäviä siinä.`,
        `Användaren "${accountId}" har ingen åtkomst till projektet ${projectKey} eller kan inte tilldelas ärenden där.`,
        `The user "${accountId}" has no access to project ${projectKey}, or cannot be assigned work items in it.`,
      );
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
  throw new AppError('INVALID_INPUT', text, [msg(`${path}: ${text.fi}`, `${path}: ${text.sv}`, `${path}: ${text.en}`)]);
}
