/**
 * Locale detection without @forge/bridge, so it also runs before the translation resources have
 * loaded (and in node tests).
 */
// @ts-nocheck

import { FORGE_LOCALES, LANG_OF, type ForgeLocale, type Locale } from '../../src/shared/domain';

export type { ForgeLocale } from '../../src/shared/domain';
export const SUPPORTED_LOCALES: readonly ForgeLocale[] = FORGE_LOCALES;

/**
 * Maps any Forge/browser locale (`sv_SE`, `sv-FI`, `en-GB`, `fi`) to one of ours; Finnish when
 * unknown. The one place where a locale is normalised: the server accepts only these three.
 */
export function toForgeLocale(raw: string | null | undefined): ForgeLocale {
  const lower = (raw ?? '').replace('_', '-').toLowerCase();
  if (lower.startsWith('sv')) return 'sv-SE';
  if (lower.startsWith('en')) return 'en-US';
  return 'fi-FI';
}

export function toLang(locale: ForgeLocale): Locale {
  return LANG_OF[locale];
}

/**
 * The label of the first spinner, shown before the host context and the translations have loaded
 * (so the locale is the browser's). Each text equals `ui.common.loading` of that locale in
 * locales/*.json; test/browser/locales.test.ts checks it.
 */
export const BOOT_LOADING_LABEL: Readonly<Record<ForgeLocale, string>> = {
  'fi-FI': 'Ladataan…',
  'sv-SE': 'Läser in…',
  'en-US': 'Loading…',
};

export function bootLoadingLabel(language: string | null | undefined = globalThis.navigator?.language): string {
  return BOOT_LOADING_LABEL[toForgeLocale(language)];
}
