import { createHash } from 'node:crypto';
import { kvs } from '@forge/kvs';

/**
 * The language a person's Jira profile had when they last used the app (the panel sends its
 * context's locale), so that the workflow validator can answer in it without asking Jira. The key
 * holds a hash of the account id, the value only the locale; it expires after LOCALE_TTL_DAYS (and
 * is written again on the person's next use), so a closed account's entry goes by itself.
 */
export const LOCALE_TTL_DAYS = 30;
export const userLocaleKey = (accountId: string) =>
  `ulocale:${createHash('sha256').update(`kayttoonotto:${accountId}`).digest('hex').slice(0, 40)}`;

export function parseUserLocale(value: unknown): string | null {
  const v = value as { locale?: unknown } | undefined;
  return v && typeof v.locale === 'string' && /^[a-z]{2}[-_][A-Z]{2}$/.test(v.locale) ? v.locale : null;
}

export async function rememberUserLocale(accountId: string, locale: string): Promise<void> {
  await kvs.set(userLocaleKey(accountId), { locale }, { ttl: { value: LOCALE_TTL_DAYS, unit: 'DAYS' } });
}
