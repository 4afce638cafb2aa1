/**
 * Rules for text and links that people type, shared by the server (the resolvers' schemas) and the
 * UI (through src/shared/text.ts). Dependency-free and pure.
 *
 * - Text is NFC-normalised and trimmed before anything else, so limits count what is stored.
 * - Control characters (C0, DEL, C1 — NUL included) are refused; a multi-line field keeps line
 *   breaks and tabs. Line and paragraph separators (U+2028/2029) count as control characters.
 * - Bidirectional formatting characters (U+061C, U+200E/F, U+202A–202E, U+2066–2069) are refused:
 *   they make stored text read differently from what it is ("Trojan Source").
 * - Invisible characters that join or split words unseen (U+200B zero width space, U+2060 word
 *   joiner, U+FEFF) are refused: two texts that look the same would differ. (U+200C/U+200D, which
 *   some scripts and emoji need, are kept.)
 * - The same rule holds for every text the app stores or shows: resolver payloads, and the texts of
 *   a template (core/template/schema.ts), which become the children's summaries and descriptions.
 * - Unpaired UTF-16 surrogates are refused.
 * - Lengths are counted in characters (code points) after normalisation.
 * - A link is an absolute `https:` or `http:` URL, with no whitespace or control character at all.
 */
// @ts-nocheck

import type { Message } from './message-key';

export const TEXT_LIMITS = {
  /** Comments, reasons. */
  long: 2000,
  /** Links. */
  url: 2000,
  /** Search queries. */
  query: 100,
  /** A waiver request needs a written reason of at least this many characters. */
  waiverReasonMin: 5,
  /** A decision's reference: the minutes' number, or an https link to them. */
  decisionRef: 500,
} as const;

export type TextProblem =
  | { kind: 'control'; codePoint: number }
  | { kind: 'bidi'; codePoint: number }
  | { kind: 'invisible'; codePoint: number }
  | { kind: 'surrogate' }
  | { kind: 'required' }
  | { kind: 'too-short'; min: number }
  | { kind: 'too-long'; max: number }
  | { kind: 'url' }
  | { kind: 'url-scheme' }
  | { kind: 'reference-link' };

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /[\u200B\u2060\uFEFF]/u;
// C0 except tab and line feed (checked separately for single-line fields), DEL, C1, U+2028/2029.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NFC, then trimmed; a multi-line text also gets Windows line ends turned into `\n`. */
export function normalizeText(raw: string, multiline = false): string {
  const nfc = raw.normalize('NFC');
  return (multiline ? nfc.replace(/\r\n?/g, '\n') : nfc).trim();
}

/** Length in characters (code points), as a person counts them. */
export function characterCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The first character that may not be stored, or null. */
export function forbiddenCharacter(s: string, multiline = false): TextProblem | null {
  if (LONE_SURROGATE.test(s)) return { kind: 'surrogate' };
  const control = (multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE).exec(s);
  if (control) return { kind: 'control', codePoint: control[0].codePointAt(0) ?? 0 };
  const bidi = BIDI.exec(s);
  if (bidi) return { kind: 'bidi', codePoint: bidi[0].codePointAt(0) ?? 0 };
  const invisible = INVISIBLE.exec(s);
  if (invisible) return { kind: 'invisible', codePoint: invisible[0].codePointAt(0) ?? 0 };
  return null;
}

/** The text without the characters `forbiddenCharacter` refuses (for records stored before a rule
 * was tightened: they are read as if written under it, never refused after the fact). */
export function withoutForbidden(s: string, multiline = false): string {
  const all = (re: RegExp) => new RegExp(re.source, 'gu');
  // On one line, a line break or tab separates words: it becomes a space, not nothing.
  return (multiline ? s : s.replace(/[\t\n\r\u2028\u2029]+/g, ' '))
    .replace(new RegExp(LONE_SURROGATE.source, 'g'), '')
    .replace(all(multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE), '')
    .replace(all(BIDI), '')
    .replace(all(INVISIBLE), '');
}

export interface TextRule {
  /** Characters after normalisation; 0 or absent: may be empty. */
  min?: number;
  max: number;
  multiline?: boolean;
}

export type Checked = { ok: true; value: string } | { ok: false; problem: TextProblem };

/** Normalises and checks one text field. */
export function checkText(raw: string, rule: TextRule): Checked {
  const value = normalizeText(raw, rule.multiline);
  const bad = forbiddenCharacter(value, rule.multiline);
  if (bad) return { ok: false, problem: bad };
  const count = characterCount(value);
  const min = rule.min ?? 0;
  if (min > 0 && count === 0) return { ok: false, problem: { kind: 'required' } };
  if (count < min) return { ok: false, problem: { kind: 'too-short', min } };
  if (count > rule.max) return { ok: false, problem: { kind: 'too-long', max: rule.max } };
  return { ok: true, value };
}

/** Normalises and checks a link: an absolute http(s) URL with a host. */
export function checkUrl(raw: string, max: number = TEXT_LIMITS.url): Checked {
  const value = normalizeText(raw);
  const bad = forbiddenCharacter(value);
  if (bad) return { ok: false, problem: bad };
  if (value === '') return { ok: false, problem: { kind: 'required' } };
  if (characterCount(value) > max) return { ok: false, problem: { kind: 'too-long', max } };
  if (/\s/u.test(value)) return { ok: false, problem: { kind: 'url' } };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: { kind: 'url' } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: { kind: 'url-scheme' } };
  if (!url.hostname) return { ok: false, problem: { kind: 'url' } };
  return { ok: true, value };
}

/** Looks like an address (`scheme:`…): then it must be an https link. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * A decision's reference: the minutes' number (one line of text, e.g. "Ohjausryhmä 3/2026 § 5") or
 * an https link to the minutes. Anything that starts like an address (`javascript:`, `http:`…) must
 * be a valid https link.
 */
export function checkDecisionRef(raw: string): Checked {
  const value = normalizeText(raw);
  if (SCHEME.test(value)) {
    const link = checkUrl(value, TEXT_LIMITS.decisionRef);
    if (!link.ok) return link.problem.kind === 'url-scheme' ? { ok: false, problem: { kind: 'reference-link' } } : link;
    return new URL(link.value).protocol === 'https:' ? link : { ok: false, problem: { kind: 'reference-link' } };
  }
  return checkText(value, { max: TEXT_LIMITS.decisionRef, min: 1 });
}

/** A stored reference the UI may show as a link (an https address). */
export function isHttpsLink(raw: string): boolean {
  const r = checkUrl(raw);
  return r.ok && r.value.startsWith('https:');
}

export function isHttpUrl(raw: string): boolean {
  return checkUrl(raw).ok;
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** A problem as a catalogue text (locales/*.json), e.g. "contains a control character (U+0000)". */
export function textProblemMessage(p: TextProblem): Message {
  switch (p.kind) {
    case 'control':
      return { key: 'problem.text.control', vars: { codePoint: hex(p.codePoint) } };
    case 'bidi':
      return { key: 'problem.text.bidi', vars: { codePoint: hex(p.codePoint) } };
    case 'invisible':
      return { key: 'problem.text.invisible', vars: { codePoint: hex(p.codePoint) } };
    case 'surrogate':
      return { key: 'problem.text.surrogate' };
    case 'required':
      return { key: 'problem.text.required' };
    case 'too-short':
      return { key: 'problem.text.tooShort', vars: { min: p.min } };
    case 'too-long':
      return { key: 'problem.text.tooLong', vars: { max: p.max } };
    case 'url':
      return { key: 'problem.text.url' };
    case 'url-scheme':
      return { key: 'problem.text.urlScheme' };
    case 'reference-link':
      return { key: 'problem.text.referenceLink' };
  }
}

/** Atlassian account ids: letters, digits, `:`, `_` and `-` (e.g. `557058:f58131cb-…`). */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;
/** Template ids (items, conditions, sections): lowercase words joined by `-` or `.`. */
export const STABLE_ID_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/**
 * Fills a catalogue text's `{name}` placeholders (locales/*.json); a placeholder without a value
 * stays as it is. The one filling rule of the UI's t() and the server's l10n().
 */
export function fillPlaceholders(template: string, valueOf: (name: string) => string | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => valueOf(name) ?? whole);
}
