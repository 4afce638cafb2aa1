/**
 * UI strings come from the Forge translation resources (locales/*.json, served at ./__LOCALES__/),
 * loaded with @forge/bridge's i18n. Template texts come localized in the template itself.
 */
// @ts-nocheck

import { i18n, view } from '@forge/bridge';
import type { LocalizedText, Locale } from '../../src/shared/domain';
import { fillPlaceholders, type Message } from '../../src/shared/text';
import { toForgeLocale, toLang, type ForgeLocale } from './locale';

export { SUPPORTED_LOCALES, bootLoadingLabel, toForgeLocale, toLang, type ForgeLocale } from './locale';

export type Vars = Record<string, string | number>;
export type Translate = (key: string, vars?: Vars) => string;

/** Replaces `{name}` placeholders by the rule the server uses too (fillPlaceholders). */
export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return fillPlaceholders(text, (name) => (vars[name] === undefined ? undefined : String(vars[name])));
}

export interface ForgeContextLike {
  accountId?: string;
  locale?: string;
  timezone?: string;
  theme?: { colorMode?: string } | null;
  moduleKey?: string;
  extension?: {
    issue?: { id?: string; key?: string; type?: string; typeId?: string };
    project?: { id?: string; key?: string; type?: string };
  };
}

export interface UiEnvironment {
  context: ForgeContextLike;
  locale: ForgeLocale;
  lang: Locale;
  t: Translate;
  timezone: string;
}

/** One round trip to the host: context, theme, translations. Never throws: falls back to keys. */
export async function loadEnvironment(): Promise<UiEnvironment> {
  let context: ForgeContextLike;
  try {
    context = ((await view.getContext()) as unknown as ForgeContextLike) ?? {};
  } catch {
    context = {};
  }
  try {
    await view.theme.enable();
  } catch {
    // theming is optional; tokens fall back to their light defaults
  }
  const locale = toForgeLocale(context.locale);
  let raw: (key: string) => string = (key) => key;
  try {
    const translate = await i18n.createTranslationFunction(locale);
    raw = (key) => translate(key);
  } catch {
    // keep the key fallback: a visible key beats a blank panel
  }
  const t: Translate = (key, vars) => interpolate(raw(key), vars);
  document.documentElement.lang = toLang(locale);
  return { context, locale, lang: toLang(locale), t, timezone: context.timezone || 'Europe/Helsinki' };
}

/** A text the shared rules name by key (a field's problem), in the user's language. */
export function translateMessage(t: Translate, message: Message): string {
  return t(message.key, message.vars);
}

export function localize(text: LocalizedText | undefined, lang: Locale): string {
  if (!text) return '';
  return text[lang] || text.fi;
}

export function formatDateTime(iso: string | undefined | null, locale: ForgeLocale, timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
  } catch {
    return date.toISOString();
  }
}
