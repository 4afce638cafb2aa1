/**
 * The one catalogue of user-facing text: the Forge translation resources, locales/*.json. The
 * Custom UI reads them with @forge/bridge's i18n (static/common/i18n.ts); the functions read the
 * same files, bundled with the code, through l10n() below. Both fill `{name}` placeholders and
 * leave one without a value as it is; only the server takes a LocalizedText value (the UI's rules
 * pass plain values: Message in message-key.ts). test/browser/locales.test.ts checks the three
 * files key by key and placeholder by placeholder; test/core/messages.test.ts that all text is here. The server renders all three languages at once because Forge gives a function no
 * locale (runtime-reference/i18n): the resolver envelope and the validators pick the caller's.
 *
 * Template data (duty names, conditions, role names) is not here: it is localized in the template.
 */
// @ts-nocheck

import fi from '../../locales/fi-FI.json';
import sv from '../../locales/sv-SE.json';
import en from '../../locales/en-US.json';
import type { MessageKey, MessageVars } from './message-key';
import { fillPlaceholders } from './text';
import type { Locale, LocalizedText } from './domain';

export type { MessageKey, MessageVars, Message } from './message-key';

type Tree = { readonly [key: string]: string | Tree };
const CATALOGUE: Record<Locale, Tree> = { fi, sv, en };

function lookup(tree: Tree, key: string): string {
  let node: string | Tree | undefined = tree;
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

/** One catalogue text in one language. */
export function l10nIn(lang: Locale, key: MessageKey, vars?: MessageVars): string {
  return fill(lookup(CATALOGUE[lang], key), vars, lang);
}

/** One catalogue text in all three languages. */
export function l10n(key: MessageKey, vars?: MessageVars): LocalizedText {
  return { fi: l10nIn('fi', key, vars), sv: l10nIn('sv', key, vars), en: l10nIn('en', key, vars) };
}

/** A text composed per language from parts that are already localized (no new wording of its own). */
export function perLocale(compose: (lang: Locale) => string): LocalizedText {
  return { fi: compose('fi'), sv: compose('sv'), en: compose('en') };
}

/** A problem at a path, e.g. `roster.architect: …`, in each language. */
export function atPath(path: string, text: LocalizedText): LocalizedText {
  return perLocale((lang) => `${path}: ${text[lang]}`);
}
