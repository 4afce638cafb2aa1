/**
 * Template problems in the user's language. The core writes every problem in English, starting
 * with its path (the CLI prints them as they are); the settings page shows the same problems in
 * Finnish or Swedish: each English wording is recognised here and rendered from the text catalogue
 * (locales/*.json, `problem.template.*`), with the path and the quoted values kept. The catalogue's
 * English text of each rule renders back to the very message it recognises (test/core/messages.test.ts).
 * A problem no rule recognises is shown in English. Pure.
 */
import { l10nIn, type MessageKey, type MessageVars } from '../messages';
import type { Locale } from './schema';

type Rule = readonly [RegExp, MessageKey, ((m: RegExpMatchArray) => MessageVars)?];

const g = (m: RegExpMatchArray, i: number): string => m[i] ?? '';

const LANGUAGE_TEXT: Record<string, { missing: MessageKey; notString: MessageKey }> = {
  Finnish: { missing: 'problem.template.finnishTextMissing', notString: 'problem.template.finnishTextNotString' },
  Swedish: { missing: 'problem.template.swedishTextMissing', notString: 'problem.template.swedishTextNotString' },
  English: { missing: 'problem.template.englishTextMissing', notString: 'problem.template.englishTextNotString' },
};

/** An id that named another kind of entry in the version in use (src/services/templates/project-templates.ts). */
const WAS_KIND: Record<string, MessageKey> = {
  'a role': 'problem.template.idWasRole',
  'a section': 'problem.template.idWasSection',
  'a duty': 'problem.template.idWasDuty',
  'a deliverable': 'problem.template.idWasDeliverable',
  'a condition': 'problem.template.idWasCondition',
};

export const TEMPLATE_PROBLEM_RULES: readonly Rule[] = [
  ...Object.entries(LANGUAGE_TEXT).flatMap(([language, keys]): Rule[] => [
    [new RegExp(`^${language} text is missing$`), keys.missing],
    [new RegExp(`^${language} text must be a string$`), keys.notString],
  ]),
  ...Object.entries(WAS_KIND).map(([kind, key]): Rule => [
    new RegExp(`^(".*") was ${kind} in (.*); an id keeps its meaning$`),
    key,
    (m) => ({ id: g(m, 1), version: g(m, 2) }),
  ]),
  // The app's one text rule (core/text.ts), in the same words as for every other text.
  [/^contains a control character \((.+)\) that cannot be stored$/, 'problem.text.control', (m) => ({ codePoint: g(m, 1) })],
  [/^contains a text-direction character \((.+)\) that cannot be stored$/, 'problem.text.bidi', (m) => ({ codePoint: g(m, 1) })],
  [/^contains an invisible character \((.+)\) that cannot be stored$/, 'problem.text.invisible', (m) => ({ codePoint: g(m, 1) })],
  [/^contains an invalid character$/, 'problem.text.surrogate'],
  [/^expected the text of a template document$/, 'problem.template.notText'],
  [/^expected the address of the schema \(a string\)$/, 'problem.template.schemaNotString'],
  [/^unknown field (".*")$/, 'problem.template.unknownField', (m) => ({ field: g(m, 1) })],
  [/^unknown role (".*") \(known: (.*)\)$/, 'problem.template.unknownRole', (m) => ({ id: g(m, 1), known: g(m, 2) })],
  [/^duplicate id (".*") \(also at (.*)\)$/, 'problem.template.duplicateId', (m) => ({ id: g(m, 1), at: g(m, 2) })],
  [/^unknown section (".*")$/, 'problem.template.unknownSection', (m) => ({ id: g(m, 1) })],
  [/^no role can confirm this condition \(name at least one role\)$/, 'problem.template.noAttestRole'],
  [/^required field is missing \(expected (.*)\)$/, 'problem.template.requiredField', (m) => ({ expected: g(m, 1) })],
  [/^expected (.*), received (.*)$/, 'problem.template.wrongType', (m) => ({ expected: g(m, 1), received: g(m, 2) })],
  [/^unknown value (.*) \(known: (.*)\)$/, 'problem.template.unknownValue', (m) => ({ value: g(m, 1), known: g(m, 2) })],
  [/^unknown kind (.*) \(known: (.*)\)$/, 'problem.template.unknownKind', (m) => ({ value: g(m, 1), known: g(m, 2) })],
  [/^unknown type (.*) \(known: (.*)\)$/, 'problem.template.unknownType', (m) => ({ value: g(m, 1), known: g(m, 2) })],
  [/^needs at least 1 entry$/, 'problem.template.needsOne'],
  [/^needs at least (\d+) entries$/, 'problem.template.needsAtLeast', (m) => ({ count: g(m, 1) })],
  [
    /^role (".*") is missing \(every template lists all of (.*)\)$/,
    'problem.template.roleMissing',
    (m) => ({ id: g(m, 1), known: g(m, 2) }),
  ],
  [/^role (".*") is listed twice \(also at (.*)\)$/, 'problem.template.roleTwice', (m) => ({ id: g(m, 1), at: g(m, 2) })],
  [/^section (".*") is a heading; headings hold no items$/, 'problem.template.headingHoldsNoItems', (m) => ({ id: g(m, 1) })],
  [/^a section cannot be its own parent$/, 'problem.template.ownParent'],
  [
    /^quorum must be at most (\d+): a role has at most \d+ people on a roster$/,
    'problem.template.quorumTooLarge',
    (m) => ({ max: g(m, 1) }),
  ],
  [/^quorum must be at least 1$/, 'problem.template.quorumTooSmall'],
  [/^quorum must be a whole number$/, 'problem.template.quorumWhole'],
  [/^unknown item (".*")$/, 'problem.template.unknownItem', (m) => ({ id: g(m, 1) })],
  [/^item (".*") is listed twice \(also at (.*)\)$/, 'problem.template.itemTwice', (m) => ({ id: g(m, 1), at: g(m, 2) })],
  [/^id must be lowercase letters and digits joined by "-" or "."$/, 'problem.template.idFormat'],
  [/^version must be MAJOR\.MINOR\.PATCH$/, 'problem.template.versionFormat'],
  [
    /^(\w+) is only allowed on automatic conditions \(this one is (".*")\)$/,
    'problem.template.onlyOnAutomatic',
    (m) => ({ field: g(m, 1), kind: g(m, 2) }),
  ],
  [
    /^(\w+) is only allowed on attestation conditions \(this one is (".*")\)$/,
    'problem.template.onlyOnAttestation',
    (m) => ({ field: g(m, 1), kind: g(m, 2) }),
  ],
  [/^gate id must be (".*") \(found (".*")\)$/, 'problem.template.gateId', (m) => ({ expected: g(m, 1), found: g(m, 2) })],
  [/^the document is empty$/, 'problem.template.emptyDocument'],
  [/^the document is longer than (\d+) characters$/, 'problem.template.documentTooLong', (m) => ({ max: g(m, 1) })],
  [/^line (\d+), column (\d+): a key is written twice$/, 'problem.template.keyTwice', (m) => ({ line: g(m, 1), column: g(m, 2) })],
  [/^line (\d+), column (\d+): (.*)$/, 'problem.template.syntax', (m) => ({ line: g(m, 1), column: g(m, 2), detail: g(m, 3) })],
  [
    /^version (".*") must be higher than (".*"), the version in use$/,
    'problem.template.versionNotHigher',
    (m) => ({ version: g(m, 1), inUse: g(m, 2) }),
  ],
  [
    /^version (".*") is already saved; give the new version a higher number$/,
    'problem.template.versionSaved',
    (m) => ({ version: g(m, 1) }),
  ],
  [
    /^the template is too large to store \((\d+) bytes, at most (\d+)\)$/,
    'problem.template.tooLarge',
    (m) => ({ bytes: g(m, 1), max: g(m, 2) }),
  ],
];

/** The catalogue text that renders a problem's message (without its path), or null. */
export function templateProblemMessage(message: string): { key: MessageKey; vars?: MessageVars } | null {
  for (const [re, key, vars] of TEMPLATE_PROBLEM_RULES) {
    const m = message.match(re);
    if (m) return vars ? { key, vars: vars(m) } : { key };
  }
  return null;
}

/** A problem (`path: message`) in the given language; paths and quoted values are kept. */
export function localizeProblem(problem: string, locale: Locale): string {
  if (locale === 'en') return problem;
  const at = problem.indexOf(': ');
  if (at < 0) return problem;
  const found = templateProblemMessage(problem.slice(at + 2));
  return found ? `${problem.slice(0, at)}: ${l10nIn(locale, found.key, found.vars)}` : problem;
}
