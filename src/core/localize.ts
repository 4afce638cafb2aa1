/**
 * Rendering catalogue texts, without a catalogue: the lookup of a dotted key in a tree of texts,
 * `{name}` placeholders, and texts composed per language. core/messages.ts renders the whole
 * catalogue (locales/*.json) with it, core/server-texts.ts the few texts the workflow validator's
 * path needs (so that its function bundle holds no whole catalogue).
 */
import type { MessageVars } from './message-key';
import { fillPlaceholders } from './text';
import type { Locale, LocalizedText } from './domain';

export type TextTree = { readonly [key: string]: string | TextTree };

/** A dotted path to each text of a tree, e.g. `server.errors.epicNotFound`. */
export type TextKey<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : TextKey<T[K], `${P}${K}.`>;
}[keyof T & string];

function lookup(tree: TextTree, key: string): string {
  let node: string | TextTree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  // The key type makes a miss impossible from typed code; a miss still shows the key, never a blank.
  return typeof node === 'string' ? node : key;
}

/** Fills `{name}` from vars; a LocalizedText value is taken in the text's own language. */
export function fill(template: string, vars: MessageVars | undefined, lang: Locale): string {
  if (!vars) return template;
  return fillPlaceholders(template, (name) => {
    const value = vars[name];
    if (value === undefined) return undefined;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

/** A text composed per language from parts that are already localized (no new wording of its own). */
export function perLocale(compose: (lang: Locale) => string): LocalizedText {
  return { fi: compose('fi'), sv: compose('sv'), en: compose('en') };
}

/** A problem at a path, e.g. `roster.architect: …`, in each language. */
export function atPath(path: string, text: LocalizedText): LocalizedText {
  return perLocale((lang) => `${path}: ${text[lang]}`);
}

/** l10nIn and l10n over one tree of texts per language. */
export function localizer<K extends string>(texts: Record<Locale, TextTree>) {
  /** One text in one language. */
  const l10nIn = (lang: Locale, key: K, vars?: MessageVars): string => fill(lookup(texts[lang], key), vars, lang);
  /** One text in all three languages. */
  const l10n = (key: K, vars?: MessageVars): LocalizedText => ({
    fi: l10nIn('fi', key, vars),
    sv: l10nIn('sv', key, vars),
    en: l10nIn('en', key, vars),
  });
  return { l10nIn, l10n };
}
