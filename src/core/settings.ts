/**
 * Project settings of the template: validation, defaults, and which epics are deployment epics.
 * Pure.
 */
import * as z from 'zod';
import type { ProjectSettings } from './model';
import { ROLE_IDS, type LocalizedText, type RoleId, type Template } from './template/schema';
import { ACCOUNT_ID_PATTERN, forbiddenCharacter } from './text';
import { atPath, l10n } from './messages';
import { ESCALATION_DAYS } from './domain';

/** A setting's problem in three languages; zod issues carry it as `params.localized` (the English
 * text is the issue's message), so the resolver can answer in the caller's language. */
const S = {
  accountMissing: l10n('server.settings.accountMissing'),
  accountFormat: l10n('server.settings.accountFormat'),
  roleIdFormat: l10n('server.settings.roleIdFormat'),
  labelEmpty: l10n('server.settings.labelEmpty'),
  labelLong: l10n('server.settings.labelLong'),
  labelSpaces: l10n('server.settings.labelSpaces'),
  labelChars: l10n('server.settings.labelChars'),
  typeIdFormat: l10n('server.settings.typeIdFormat'),
  versionFormat: l10n('server.settings.versionFormat'),
  escalationDays: l10n('server.settings.escalationDays'),
} satisfies Record<string, LocalizedText>;

/** A string check that reports its problem with the localized text (first failing rule only). */
function checked(rules: [(value: string) => boolean, LocalizedText][]) {
  return (value: string, ctx: z.RefinementCtx) => {
    const failed = rules.find(([ok]) => !ok(value));
    if (failed) ctx.addIssue({ code: 'custom', message: failed[1].en, params: { localized: failed[1] } });
  };
}

const rosterDefaultSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('user'),
      accountId: z
        .string()
        .trim()
        .superRefine(
          checked([
            [(v) => v.length > 0, S.accountMissing],
            [(v) => ACCOUNT_ID_PATTERN.test(v), S.accountFormat],
          ]),
        ),
    })
    .strict(),
  z
    .object({
      type: z.literal('project-role'),
      projectRoleId: z.string().superRefine(checked([[(v) => /^\d{1,18}$/.test(v), S.roleIdFormat]])),
    })
    .strict(),
]);

/** Jira labels: no spaces, at most 255 characters, no control or text-direction characters. */
const labelSchema = z
  .string()
  .trim()
  .superRefine(
    checked([
      [(v) => v.length > 0, S.labelEmpty],
      [(v) => v.length <= 255, S.labelLong],
      [(v) => /^\S+$/.test(v), S.labelSpaces],
      [(v) => forbiddenCharacter(v.normalize('NFC')) === null, S.labelChars],
    ]),
  );

export const projectSettingsSchema = z
  .object({
    enabled: z.boolean(),
    epicSelector: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('all-epics') }).strict(),
      z.object({ mode: z.literal('label'), label: labelSchema }).strict(),
    ]),
    childIssueTypeId: z
      .string()
      .superRefine(checked([[(v) => /^\d{1,18}$/.test(v), S.typeIdFormat]]))
      .nullable(),
    defaultRoster: z
      .object(Object.fromEntries(ROLE_IDS.map((r) => [r, rosterDefaultSchema])) as Record<RoleId, typeof rosterDefaultSchema>)
      .strict(),
    deliverableOwners: z.record(z.string(), z.enum(ROLE_IDS)),
    templateVersion: z.string().superRefine(checked([[(v) => /^\d+\.\d+\.\d+$/.test(v), S.versionFormat]])),
    reminders: z
      .object({
        enabled: z.boolean(),
        escalationDays: z.number().superRefine((v, ctx) => {
          if (!Number.isInteger(v) || v < ESCALATION_DAYS.min || v > ESCALATION_DAYS.max)
            ctx.addIssue({ code: 'custom', message: S.escalationDays.en, params: { localized: S.escalationDays } });
        }),
      })
      .strict()
      .optional(),
    updatedAt: z.string().max(40).optional(),
    updatedBy: z.string().max(128).optional(),
  })
  .strict() satisfies z.ZodType<ProjectSettings>;

/** The schema's type and the domain model's ProjectSettings are the same shape (checked both ways, no cast). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SETTINGS_SCHEMA_MATCHES_MODEL: Same<z.infer<typeof projectSettingsSchema>, ProjectSettings> = true;

/** Validates settings against the schema and the template; returns path-qualified problems, in
 * English (`problems`) and in all three languages (`localized`, the same problems in the same order). */
export function validateSettings(
  input: unknown,
  template: Template,
  knownVersions: readonly string[],
): { settings?: ProjectSettings; problems: string[]; localized: LocalizedText[] } {
  const localized: LocalizedText[] = [];
  const add = (path: string, text: LocalizedText) => localized.push(atPath(path, text));
  const parsed = projectSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const own = i.code === 'custom' ? (i.params as { localized?: LocalizedText } | undefined)?.localized : undefined;
      add(i.path.length ? i.path.join('.') : 'settings', own ?? { fi: i.message, sv: i.message, en: i.message });
    }
    return { problems: localized.map((l) => l.en), localized };
  }
  const settings: ProjectSettings = parsed.data;
  for (const itemId of Object.keys(settings.deliverableOwners)) {
    const item = template.items.find((i) => i.id === itemId);
    if (!item) add(`deliverableOwners.${itemId}`, l10n('server.settings.unknownDeliverable'));
    else if (item.kind !== 'deliverable') {
      add(`deliverableOwners.${itemId}`, l10n('server.settings.dutyOwnerFixed'));
    }
  }
  if (!knownVersions.includes(settings.templateVersion)) {
    const v = settings.templateVersion;
    const known = knownVersions.join(', ');
    add('templateVersion', l10n('server.settings.unknownVersion', { version: v, known }));
  }
  if (settings.enabled && !settings.childIssueTypeId) {
    add('childIssueTypeId', l10n('server.settings.childIssueTypeMissing'));
  }
  const problems = localized.map((l) => l.en);
  return problems.length ? { problems, localized } : { settings, problems, localized };
}

export { defaultSettings, isDeploymentEpic, itemRolesOf } from './settings-rules';
