/**
 * The keys of the text catalogue (locales/*.json) as a type, without the catalogue itself: the
 * Custom UI and the shared rules name messages by key and import nothing from here at run time.
 */
// @ts-nocheck

import type { LocalizedText } from './domain';

type Catalogue = typeof import('../../locales/fi-FI.json');

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** A dotted path to one text, e.g. `server.errors.epicNotFound`. */
export type MessageKey = Leaves<Catalogue>;

/** Values for a text's `{name}` placeholders; a LocalizedText is taken in the text's language. */
export type MessageVars = Readonly<Record<string, string | number | LocalizedText>>;

/**
 * A text named by key with plain values, rendered where the language is known: by the Custom UI's
 * t() (static/common/i18n.ts) or the server's l10n() (core/messages.ts). Rules shared by both
 * (core/text.ts, core/dates.ts) describe their problems this way.
 */
export interface Message {
  key: MessageKey;
  vars?: Readonly<Record<string, string | number>>;
}
