/** Times and days as a record for a Finnish public office shows them (Finnish time, d.M.yyyy). */
import type { Locale } from '../template/schema';

export const RECORD_TIME_ZONE = 'Europe/Helsinki';
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An instant in Finnish time: `7.12.2026 klo 11.59.05` (fi), `7.12.2026 kl. 11.59.05` (sv), `2026-12-07 11:59:05` (en). */
export function recordTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (!ISO_INSTANT.test(iso) || Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: RECORD_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const { year, month, day, hour, minute, second } = parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
  if (locale === 'en') return `${year}-${month}-${day} ${hour}:${minute}:${second}`;
  const d = `${Number(day)}.${Number(month)}.${year}`;
  return `${d} ${locale === 'fi' ? 'klo' : 'kl.'} ${hour}.${minute}.${second}`;
}

/** A calendar day (`YYYY-MM-DD`) as d.M.yyyy in Finnish and Swedish, as it is in English. */
export function recordDate(day: string | null | undefined, locale: Locale): string {
  if (!day) return '';
  const m = ISO_DAY.exec(day);
  if (!m || locale === 'en') return day;
  return `${Number(m[3])}.${Number(m[2])}.${m[1]}`;
}
