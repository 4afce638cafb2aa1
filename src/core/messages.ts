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
import fi from '../../locales/fi-FI.json';
import sv from '../../locales/sv-SE.json';
import en from '../../locales/en-US.json';
import type { MessageKey } from './message-key';
import { localizer } from './localize';

export type { MessageKey, MessageVars, Message } from './message-key';
export { fill, perLocale, atPath } from './localize';

/** One catalogue text in one language, and in all three languages. */
export const { l10nIn, l10n } = localizer<MessageKey>({ fi, sv, en });
