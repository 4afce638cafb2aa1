/**
 * The printable dossier's page box (CSS Paged Media, `@page` with margin boxes, printed by Chromium 131
 * and later): A4 with margins of at least 15 mm, and in the bottom margin of every page the digest and
 * the page number ("Sivu 3/7"). The margin boxes' text sits at the top of the bottom margin, so it too
 * stays at least 15 mm from the paper's edge.
 */
import type { Locale } from './template/schema';
import { l10nIn } from './messages';

/** Page margins in mm (top, right, bottom, left). */
export const PRINT_MARGINS_MM = [20, 18, 24, 22] as const;

/** A CSS string literal. */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, ' ')}"`;

/** `Sivu {page}/{pages}` as CSS content: the catalogue text around the page counters. */
export function pageNumberContent(locale: Locale): string {
  const text = l10nIn(locale, 'server.dossier.page');
  return text
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}

/** The `@page` rule of the printable dossier, with the digest (`SHA-256 <hex>`) and page number on every page. */
export function dossierPageRule(digest: string, locale: Locale): string {
  const box = 'font-family:system-ui,sans-serif;font-size:7.5pt;color:#44546f;vertical-align:top;padding-top:2mm';
  return (
    `@page{size:A4;margin:${PRINT_MARGINS_MM.map((m) => `${m}mm`).join(' ')};` +
    `@bottom-left{content:${cssString(digest)};${box};width:78%}` +
    `@bottom-right{content:${pageNumberContent(locale)};${box};text-align:right}}`
  );
}
