import { getTemplate, latestTemplate } from '../../core/template/registry';
import type { Template } from '../../core/template/schema';
import type { ChildIssue, ProjectSettings, Readiness } from '../../shared/api';
import { computeReadiness } from '../../core/readiness';
import { itemRolesOf } from '../../core/settings-rules';
import type { EpicState } from '../../storage/store';
import { AppError } from '../common/errors';
import { findTemplate, templateForNewPhase } from './catalog';
import { l10n } from '../../core/server-texts';

/** The template an epic or project uses; the latest one when no version is given. */
export function requireTemplate(id: string, version?: string): Template {
  const t = version ? getTemplate(id, version) : latestTemplate(id);
  if (!t) {
    throw new AppError('INTERNAL', l10n('server.templates.notInApp', { id, version: version ?? '' }));
  }
  return t;
}

/** The template an epic uses (the version it started with; before that, the project's) and its
 * readiness: one place, so the panel and the validators read the phase the same way.
 * Project templates (saved on the settings page) are looked up in storage, so this is async. */
export async function templateAndReadiness(
  children: readonly ChildIssue[],
  state: Pick<EpicState, 'meta' | 'waivers'>,
  settings: Pick<ProjectSettings, 'templateVersion' | 'deliverableOwners'> | null | undefined,
  epic: { projectId: string; labels: readonly string[] } | undefined,
  /** The moment the phase is judged at: a waiver counts through its expiry day (UTC). */
  now: Date,
  /** The epic's template when the caller has it already (the validator: a built-in version, known without a read). */
  known?: Template,
): Promise<{ template: Template; readiness: Readiness }> {
  const template = known
    ? known
    : state.meta
      ? ((await findTemplate(state.meta.projectId, state.meta.templateId, state.meta.templateVersion)) ??
        requireTemplate(state.meta.templateId, state.meta.templateVersion))
      : ((epic && (await templateForNewPhase(epic.projectId, settings, epic.labels))) ??
        requireTemplate('kayttoonotto', settings?.templateVersion));
  const readiness = computeReadiness({
    template,
    children,
    waivers: state.waivers,
    itemRoles: itemRolesOf(template, settings),
    phaseStarted: !!state.meta,
    now: now.toISOString(),
  });
  return { template, readiness };
}
