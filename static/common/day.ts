/**
 * A calendar day typed by a person, in the form their language writes it: `30.6.2026` in Finnish and
 * Swedish (the browser's date picker shows mm/dd/yyyy when the browser's own language is English,
 * whatever the Jira user's), `2026-06-30` in English; the ISO form is taken in every language.
 * Pure: no React, no bridge. The server still checks the ISO day it is sent (src/core/dates.ts).
 */
import type { Locale } from '../../src/shared/domain';
import { isIsoDate } from '../../src/shared/dates';

const FINNISH_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** The ISO day (`YYYY-MM-DD`) of what was typed, or null when it is not a real day. Empty stays empty. */
export function parseDay(text: string): string | null {
  const value = text.trim();
  if (value === '') return '';
  if (isIsoDate(value)) return value;
  const m = FINNISH_DAY.exec(value);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** An ISO day as the user's language writes it: d.M.yyyy in Finnish and Swedish, ISO in English. */
export function formatDayText(iso: string, lang: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || lang === 'en') return iso;
  return `${Number(m[3])}.${Number(m[2])}.${m[1]}`;
}
