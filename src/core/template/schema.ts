/**
 * The Käyttöönotto template as typed, versioned data.
 *
 * Everything the app knows about the deployment phase (roles, sections, duties, deliverables,
 * entry and exit gate conditions) is described by a `Template` value. Templates are parsed with
 * zod and then cross-checked (`validateTemplate`), so a bad template fails up front with an
 * error naming the path of the bad entry, e.g. `items[3].role: unknown role "arkkitehtti"`.
 */
// A namespace import, so that bundlers keep only the parts of zod that are used (not its 40 locales).
import * as z from 'zod';
import { APPROVAL_KINDS, GATE_IDS, ITEM_KINDS, LOCALES, MAX_ROLE_HOLDERS, ROLE_IDS, SECTION_KINDS } from '../domain';
import type { ApprovalKind, GateId, ItemKind, Locale, RoleId, SectionKind } from '../domain';
import { l10nIn } from '../messages';
import { forbiddenCharacter, textProblemMessage } from '../text';

export { APPROVAL_KINDS, GATE_IDS, ITEM_KINDS, LOCALES, ROLE_IDS, SECTION_KINDS };
export type { ApprovalKind, GateId, ItemKind, Locale, RoleId, SectionKind };

/**
 * User-facing text in the three languages. Finnish is the source; it is required and non-empty.
 * Every text follows the app's one text rule (core/text.ts): NFC, trimmed, and no control, bidi or
 * invisible character (a template's texts become the children's summaries and descriptions). A
 * refused character is named with its path (`items[3].text.fi: contains a control character
 * (U+0000) that cannot be stored`), in the catalogue's English words (localised by ./messages.ts).
 * `multiline`: the template's description and output may hold line breaks and tabs.
 */
const languageText = (language: string, multiline = false) =>
  z
    .string({
      error: (iss) => (iss.input === undefined ? `${language} text is missing` : `${language} text must be a string`),
    })
    .normalize('NFC')
    .trim()
    .min(1, `${language} text is missing`)
    .superRefine((value, ctx) => {
      const bad = forbiddenCharacter(value, multiline);
      if (!bad) return;
      const m = textProblemMessage(bad);
      ctx.addIssue({ code: 'custom', message: l10nIn('en', m.key, m.vars), input: value });
    });

const localizedText = (multiline = false) =>
  z.strictObject({
    fi: languageText('Finnish', multiline),
    sv: languageText('Swedish', multiline),
    en: languageText('English', multiline),
  });

export const localizedTextSchema = localizedText();
/** The template's description and output: paragraphs may be kept. */
export const localizedParagraphsSchema = localizedText(true);
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** A role id; an unknown one is reported as `unknown role "x" (known: project-manager, ...)`. */
export const roleIdSchema = z.enum(ROLE_IDS, {
  error: (iss) => `unknown role ${JSON.stringify(iss.input)} (known: ${ROLE_IDS.join(', ')})`,
});

/** Stable ids: lowercase words joined by '-' and '.', never changed between template versions. */
const stableId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'id must be lowercase letters and digits joined by "-" or "."');

export const roleSchema = z.strictObject({
  id: roleIdSchema,
  name: localizedTextSchema,
});
export type Role = z.infer<typeof roleSchema>;

/**
 * Sections of the phase page.
 * - `step`: a numbered step of the phase ("1. Käyttöönoton valmistelu"), may hold deliverables directly.
 * - `deliverable-group`: a sub-heading inside a step ("Tekninen valmius").
 * - `duty-area`: an area of the duties list ("Tietoturva").
 * - `heading`: a heading of the page with no items in the seed; kept so a project can fill it.
 */

export const sectionSchema = z.strictObject({
  id: stableId,
  kind: z.enum(SECTION_KINDS),
  title: localizedTextSchema,
  /** Text under the heading in the seed, e.g. "eli tuotantoon siirron valmiuden luominen". */
  subtitle: localizedTextSchema.optional(),
  parentId: stableId.optional(),
});
export type Section = z.infer<typeof sectionSchema>;

/** dueDays stays within about five years of the go-live. */
export const DUE_DAYS_LIMIT = 1825;

export const itemSchema = z.strictObject({
  id: stableId,
  kind: z.enum(ITEM_KINDS),
  sectionId: stableId,
  /** For a duty: the role that owns it (from the seed). For a deliverable: the default owner role
   * (the seed names none); a project can override it in its settings. */
  role: roleIdSchema,
  text: localizedTextSchema,
  /** Sub-points kept in the item's description (the architect's "Uudet / Poistuvat ratkaisut / Muutokset"). */
  subPoints: z.array(localizedTextSchema).default([]),
  /** A mandatory item blocks the exit gate until done or waived. */
  mandatory: z.boolean().default(true),
  /** When the item is due, in days relative to the epic's due date (the planned go-live; negative: before it).
   * Spawning sets the child's Jira due date from it; without it the child gets none. */
  dueDays: z
    .number()
    .int('dueDays must be a whole number of days')
    .min(-DUE_DAYS_LIMIT, `dueDays must be at least -${DUE_DAYS_LIMIT}`)
    .max(DUE_DAYS_LIMIT, `dueDays must be at most ${DUE_DAYS_LIMIT}`)
    .optional(),
});
export type Item = z.infer<typeof itemSchema>;

/** How an automatic condition is derived from Jira data. */
export const automaticRuleSchema = z.discriminatedUnion('type', [
  /** Every mandatory item (optionally only of some kinds) is done, or waived with an approved reason. */
  z.strictObject({ type: z.literal('items-done'), itemKinds: z.array(z.enum(ITEM_KINDS)).min(1).optional() }),
  /** The epic's roster names a person for each of these roles. */
  z.strictObject({ type: z.literal('roster-filled'), roles: z.array(roleIdSchema).min(1) }),
]);
export type AutomaticRule = z.infer<typeof automaticRuleSchema>;

/** Extra facts recorded with an attestation. `risk-acceptance` records the risk level and the
 * security and data-protection levels the steering group accepted; the approval is void when the
 * epic's recorded risk level changes afterwards. */

/** How many different holders of a condition's roles must confirm it (default 1; a role has at most
 * MAX_ROLE_HOLDERS people, so no more). One person counts once, also through a stand-in. */
export const quorumSchema = z
  .number()
  .int('quorum must be a whole number')
  .min(1, 'quorum must be at least 1')
  .max(MAX_ROLE_HOLDERS, `quorum must be at most ${MAX_ROLE_HOLDERS}: a role has at most ${MAX_ROLE_HOLDERS} people on a roster`);

/** The items a confirmation rests on: when one of them is reopened after the confirmation, or the
 * evidence link changes, the confirmation turns stale and no longer counts. */
export const restsOnSchema = z.array(stableId);

export const conditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: stableId,
    kind: z.literal('automatic'),
    text: localizedTextSchema,
    rule: automaticRuleSchema,
    mandatory: z.boolean().default(true),
  }),
  z.strictObject({
    id: stableId,
    kind: z.literal('attestation'),
    text: localizedTextSchema,
    /** Roles whose roster holder may confirm this condition. */
    attestRoles: z.array(roleIdSchema).min(1, 'no role can confirm this condition (name at least one role)'),
    evidence: z.enum(['none', 'optional', 'required']).default('optional'),
    approval: z.enum(APPROVAL_KINDS).optional(),
    mandatory: z.boolean().default(true),
    /** How many different holders of the roles must confirm it (default 1). */
    quorum: quorumSchema.optional(),
    /** The items the confirmation rests on. */
    restsOn: restsOnSchema.optional(),
  }),
]);
export type Condition = z.infer<typeof conditionSchema>;

export const gateSchema = z.strictObject({
  id: z.enum(GATE_IDS),
  title: localizedTextSchema,
  /** Lead-in sentence of the seed ("Käyttöönotto voidaan aloittaa, kun"). */
  intro: localizedTextSchema.optional(),
  conditions: z.array(conditionSchema).min(1),
});
export type Gate = z.infer<typeof gateSchema>;

export const templateSchema = z.strictObject({
  id: stableId,
  /** Semantic version of the template data; an epic keeps the version it was started with. */
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be MAJOR.MINOR.PATCH'),
  /** "Beta / Luonnos" in the seed. */
  status: z.enum(['draft', 'published']),
  name: localizedTextSchema,
  description: localizedParagraphsSchema,
  /** The seed's closing sentence about the phase's actual output. */
  output: localizedParagraphsSchema,
  roles: z.array(roleSchema).length(ROLE_IDS.length),
  sections: z.array(sectionSchema).min(1),
  items: z.array(itemSchema).min(1),
  gates: z.strictObject({ entry: gateSchema, exit: gateSchema }),
});
/** The template as written in source (defaults not yet applied). */
export type TemplateInput = z.input<typeof templateSchema>;
/** A parsed, validated template. */
export type Template = z.infer<typeof templateSchema>;
