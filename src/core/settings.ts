/**
 * Project settings of the template: validation, defaults, and which epics are deployment epics.
 * Pure.
 */
import { z } from 'zod';
import type { EpicSummary, ProjectSettings, RosterDefault } from '../shared/api';
import { ROLE_IDS, type RoleId, type Template } from './template/schema';
import { ACCOUNT_ID_PATTERN, forbiddenCharacter } from './text';

const rosterDefaultSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('user'),
      accountId: z.string().trim().min(1, 'account id is missing').regex(ACCOUNT_ID_PATTERN, 'not an Atlassian account id'),
    })
    .strict(),
  z.object({ type: z.literal('project-role'), projectRoleId: z.string().regex(/^\d{1,18}$/, 'project role id must be numeric') }).strict(),
]);

/** Jira labels: no spaces, at most 255 characters. */
const labelSchema = z
  .string()
  .trim()
  .min(1, 'label is empty')
  .max(255, 'label is longer than 255 characters')
  .regex(/^\S+$/, 'a Jira label cannot contain spaces')
  .refine((label) => forbiddenCharacter(label.normalize('NFC')) === null, 'a label cannot contain control or text-direction characters');

export const projectSettingsSchema = z.object({
  enabled: z.boolean(),
  epicSelector: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('all-epics') }).strict(),
    z.object({ mode: z.literal('label'), label: labelSchema }).strict(),
  ]),
  childIssueTypeId: z.string().regex(/^\d+$/, 'issue type id must be numeric').nullable(),
  defaultRoster: z
    .object(Object.fromEntries(ROLE_IDS.map((r) => [r, rosterDefaultSchema])) as Record<RoleId, typeof rosterDefaultSchema>)
    .strict(),
  deliverableOwners: z.record(z.string(), z.enum(ROLE_IDS)),
  templateVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be MAJOR.MINOR.PATCH'),
  updatedAt: z.string().max(40).optional(),
  updatedBy: z.string().max(128).optional(),
}).strict();

/** Validates settings against the schema and the template; returns path-qualified problems. */
export function validateSettings(input: unknown, template: Template, knownVersions: readonly string[]): { settings?: ProjectSettings; problems: string[] } {
  const parsed = projectSettingsSchema.safeParse(input);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'settings'}: ${i.message}`),
    };
  }
  const problems: string[] = [];
  const settings = parsed.data as ProjectSettings;
  for (const itemId of Object.keys(settings.deliverableOwners)) {
    const item = template.items.find((i) => i.id === itemId);
    if (!item) problems.push(`deliverableOwners.${itemId}: unknown deliverable`);
    else if (item.kind !== 'deliverable') problems.push(`deliverableOwners.${itemId}: only a deliverable's owner can be changed; a duty's owner is fixed by the template`);
  }
  if (!knownVersions.includes(settings.templateVersion)) {
    problems.push(`templateVersion: unknown version "${settings.templateVersion}" (known: ${knownVersions.join(', ')})`);
  }
  if (settings.enabled && !settings.childIssueTypeId) problems.push('childIssueTypeId: choose the issue type of the children');
  return problems.length ? { problems } : { settings, problems };
}

export function defaultSettings(template: Template, childIssueTypeId: string | null): ProjectSettings {
  const none: RosterDefault = { type: 'none' };
  return {
    enabled: false,
    epicSelector: { mode: 'all-epics' },
    childIssueTypeId,
    defaultRoster: Object.fromEntries(ROLE_IDS.map((r) => [r, none])) as Record<RoleId, RosterDefault>,
    deliverableOwners: {},
    templateVersion: template.version,
  };
}

/** Is this issue a deployment epic under the project's settings? A standard issue can be a
 * container too (its children are then sub-tasks), but only epics are picked automatically. */
export function isDeploymentEpic(settings: ProjectSettings | undefined | null, epic: Pick<EpicSummary, 'labels'> & { hierarchyLevel: number }): boolean {
  if (!settings?.enabled) return false;
  if (epic.hierarchyLevel !== 1) return false;
  return settings.epicSelector.mode === 'all-epics' || epic.labels.includes(settings.epicSelector.label);
}

/** Deliverable owners as effective roles for every item of the template. */
export function itemRolesOf(template: Template, settings: Pick<ProjectSettings, 'deliverableOwners'> | null | undefined): Record<string, RoleId> {
  return Object.fromEntries(
    template.items.map((i) => [i.id, i.kind === 'deliverable' ? (settings?.deliverableOwners[i.id] ?? i.role) : i.role]),
  );
}
