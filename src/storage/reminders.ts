/**
 * The daily reminders' marks (issue 24): one per person per UTC day, taken before the notification is sent.
 *   remind:<day>:<hash>   { at }   create-once (FAIL_IF_EXISTS), TTL 3 days
 * `<hash>` is a SHA-256 of the account id (as the remembered locales', store.ts userLocaleKey): the
 * record holds no account id and no other personal data, and it goes by itself.
 *
 * At most once: the mark is taken first, then the notification is sent. A run killed between the two
 * leaves the person without that day's reminder (the next day's run tells them again, listing the same
 * overdue work); the other order could tell them twice. A second run the same day (a redeployment, a
 * late or repeated run) finds the mark and sends nothing.
 */
import { createHash } from 'node:crypto';
import { setIfAbsent } from './store';

export const REMINDER_MARK_TTL_DAYS = 3;

export const reminderMarkKey = (day: string, accountId: string) =>
  `remind:${day}:${createHash('sha256').update(`kayttoonotto:${accountId}`).digest('hex').slice(0, 40)}`;

/** Takes the person's mark for the day; false when it was taken already (they have been told today). */
export async function takeReminderMark(day: string, accountId: string, now = new Date()): Promise<boolean> {
  return setIfAbsent(reminderMarkKey(day, accountId), { at: now.toISOString() }, REMINDER_MARK_TTL_DAYS);
}
