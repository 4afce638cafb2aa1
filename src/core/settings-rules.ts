/**
 * Project settings' plain rules: the defaults, which epics are deployment epics, and who owns each
 * item. Pure, and without the settings' schema (./settings.ts, zod), so that the workflow
 * validator's function bundle holds no zod (issue #22).
 */
import type { EpicSummary, ProjectSettings, RosterDefault } from './model';
import { ROLE_IDS, type RoleId } from './domain';
import type { Template } from './template/schema';

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
export function isDeploymentEpic(
  settings: ProjectSettings | undefined | null,
  epic: Pick<EpicSummary, 'labels'> & { hierarchyLevel: number },
): boolean {
  if (!settings?.enabled) return false;
  if (epic.hierarchyLevel !== 1) return false;
  return settings.epicSelector.mode === 'all-epics' || epic.labels.includes(settings.epicSelector.label);
}

/** Deliverable owners as effective roles for every item of the template. */
export function itemRolesOf(
  template: Template,
  settings: Pick<ProjectSettings, 'deliverableOwners'> | null | undefined,
): Record<string, RoleId> {
  return Object.fromEntries(
    template.items.map((i) => [i.id, i.kind === 'deliverable' ? (settings?.deliverableOwners[i.id] ?? i.role) : i.role]),
  );
}
