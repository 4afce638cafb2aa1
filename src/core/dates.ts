/**
 * Calendar dates people give (a waiver's expiry, a review date): ISO `YYYY-MM-DD`, read as days in
 * UTC, so the server, the validators and every browser agree on which day it is. A date "holds
 * through" its own day: a waiver that expires on 2026-06-30 counts on 2026-06-30 (UTC) and no
 * longer on 2026-07-01. Dependency-free and pure; the UI takes it through src/shared/dates.ts.
 */
import type { Message } from './message-key';

/** A date a person gives may be at most this many years ahead. */
export const MAX_YEARS_AHEAD = 5;
/** The panel warns this many days before a waiver lapses. */
export const EXPIRY_WARNING_DAYS = 14;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date written `YYYY-MM-DD` (no time, no time zone). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1970;
}

/** The UTC day of an instant (an ISO time, or a Date), as `YYYY-MM-DD`. */
export function utcDay(now: string | Date): string {
  const t = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(t.getTime())) throw new RangeError(`not a time: ${String(now)}`);
  return t.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (both `YYYY-MM-DD`): 0 on the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The same day `years` later (29 February → 28 February). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + years, m - 1, d));
  if (t.getUTCDate() !== d) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

export type DateProblem = { kind: 'date' } | { kind: 'date-past'; today: string } | { kind: 'date-too-far'; latest: string };

/** A date a person gives for the future: a real date, today or later (UTC), at most five years ahead. */
export function checkFutureDate(value: string, today: string): DateProblem | null {
  if (!isIsoDate(value)) return { kind: 'date' };
  if (value < today) return { kind: 'date-past', today };
  const latest = addYears(today, MAX_YEARS_AHEAD);
  if (value > latest) return { kind: 'date-too-far', latest };
  return null;
}

/**
 * Whether a date-limited decision still holds on `today`: no date means no limit; a date holds
 * through its own day; a stored value that is not a date holds nothing (fail closed).
 */
export function holdsOn(expiresOn: unknown, today: string): boolean {
  if (expiresOn === undefined || expiresOn === null) return true;
  return isIsoDate(expiresOn) && today <= expiresOn;
}

/** What the panel says about a date-limited waiver on `today`. */
export interface ExpiryState {
  expiresOn: string;
  /** It no longer counts. */
  lapsed: boolean;
  /** Days until the last day it counts (0: today is the last day; negative once lapsed). */
  daysLeft: number;
  /** It lapses within EXPIRY_WARNING_DAYS. */
  warn: boolean;
}

export function expiryState(expiresOn: string, today: string): ExpiryState {
  const valid = isIsoDate(expiresOn);
  const daysLeft = valid ? daysBetween(today, expiresOn) : -1;
  const lapsed = !holdsOn(expiresOn, today);
  return { expiresOn, lapsed, daysLeft, warn: !lapsed && daysLeft < EXPIRY_WARNING_DAYS };
}

/** A date problem as a catalogue text (locales/*.json), e.g. "is in the past; give today (2026-03-01, UTC) or a later day". */
export function dateProblemMessage(p: DateProblem): Message {
  switch (p.kind) {
    case 'date':
      return { key: 'problem.date.date' };
    case 'date-past':
      return { key: 'problem.date.past', vars: { today: p.today } };
    case 'date-too-far':
      return { key: 'problem.date.tooFar', vars: { years: MAX_YEARS_AHEAD, latest: p.latest } };
  }
}

/** A work item is overdue when its due date has passed (a date holds through its own day) and it is not done (issue 24). */
export function isOverdue(due: string | null | undefined, done: boolean, today: string): boolean {
  return !done && isIsoDate(due) && due < today;
}

/** Whole days past a due date on `today` (0 when not past). */
export function daysOverdue(due: string, today: string): number {
  return Math.max(0, daysBetween(due, today));
}
