/**
 * Which template an epic or project uses: the built-in templates (src/core/template) and the
 * project's own saved versions (src/storage/templates), chosen by the epic's labels.
 */
import { TEMPLATES, compareVersions, getTemplate, latestTemplate } from '../../core/template/registry';
import type { Template } from '../../core/template/schema';
import type { ProjectSettings } from '../../shared/api';
import type { TemplateLabelRule } from '../../shared/templates';
import * as tstore from '../../storage/templates';
import { allSettledOrThrow } from '../../core/settled';

export const DEFAULT_TEMPLATE_ID = 'kayttoonotto';

/** Saved versions never change, so a parsed one can be kept for the life of the runtime. */
const parsed = new Map<string, Template>();

async function parseStored(projectId: string, record: tstore.StoredTemplateVersion): Promise<Template> {
  // The save time is part of the key: a store that was reset (a test sandbox) may hold another record under the same version.
  const k = `${projectId}:${record.templateId}:${record.version}:${record.savedAt}`;
  let t = parsed.get(k);
  if (!t) {
    // The template parser (zod schemas, cross-checks) is loaded only for a project's own template:
    // a function that meets only built-in ones never loads it.
    const { parseStoredTemplate } = await import('../../core/template/validate');
    t = parseStoredTemplate(record.template);
    parsed.set(k, t);
  }
  return t;
}

/** A project's saved version of a template, parsed. */
export async function projectTemplate(projectId: string, templateId: string, version: string): Promise<Template | undefined> {
  const record = await tstore.getTemplateVersion(projectId, templateId, version);
  return record ? await parseStored(projectId, record) : undefined;
}

/** The newest saved version of each template id of the project. `indexOnly` for decisions (no eventually consistent query). */
export async function latestProjectTemplates(
  projectId: string,
  opts: { indexOnly?: boolean } = {},
): Promise<Map<string, tstore.StoredTemplateVersion>> {
  const latest = new Map<string, tstore.StoredTemplateVersion>();
  for (const v of await tstore.listTemplateVersions(projectId, opts)) {
    const seen = latest.get(v.templateId);
    if (!seen || compareVersions(v.version, seen.version) > 0) latest.set(v.templateId, v);
  }
  return latest;
}

/** A template by id and version: the project's saved version first, then the built-in one. */
export async function findTemplate(projectId: string | undefined, templateId: string, version: string): Promise<Template | undefined> {
  if (projectId) {
    const own = await projectTemplate(projectId, templateId, version);
    if (own) return own;
  }
  return getTemplate(templateId, version);
}

/** The template id an epic with these labels gets: the first label rule that matches, else the default. */
export function templateIdFor(rules: readonly TemplateLabelRule[], labels: readonly string[]): string {
  return rules.find((r) => labels.includes(r.label))?.templateId ?? DEFAULT_TEMPLATE_ID;
}

/**
 * The template a new phase starts with: the template id chosen by the epic's labels, at the
 * project's newest saved version of it; without one, the built-in template (for the default id,
 * the version chosen in the project settings).
 */
export async function templateForNewPhase(
  projectId: string,
  settings: Pick<ProjectSettings, 'templateVersion'> | null | undefined,
  labels: readonly string[],
): Promise<Template | undefined> {
  const [rules, latest] = await allSettledOrThrow([
    tstore.getLabelRules(projectId),
    latestProjectTemplates(projectId, { indexOnly: true }),
  ]);
  const templateId = templateIdFor(rules, labels);
  const own = latest.get(templateId);
  if (own) return await parseStored(projectId, own);
  if (templateId === DEFAULT_TEMPLATE_ID && settings?.templateVersion) {
    return getTemplate(templateId, settings.templateVersion) ?? latestTemplate(templateId);
  }
  return latestTemplate(templateId);
}

/** The newest version of a template id available to the project (its own or the built-in one). */
export async function newestTemplate(
  projectId: string,
  templateId: string,
): Promise<{ template: Template; source: 'built-in' | 'project' } | undefined> {
  const own = (await latestProjectTemplates(projectId)).get(templateId);
  const builtIn = latestTemplate(templateId);
  if (own && (!builtIn || compareVersions(own.version, builtIn.version) >= 0))
    return { template: await parseStored(projectId, own), source: 'project' };
  return builtIn ? { template: builtIn, source: 'built-in' } : undefined;
}

/**
 * The newest version of a template id above `version` (the project's indexed ones and the built-in
 * one), or null. For the panel's notice: one strict read of the index, no template records.
 */
export async function newerVersionOf(projectId: string, templateId: string, version: string): Promise<string | null> {
  const candidates = (await tstore.indexedVersions(projectId)).filter(([id]) => id === templateId).map(([, v]) => v);
  const builtIn = latestTemplate(templateId);
  if (builtIn) candidates.push(builtIn.version);
  const newest = candidates.sort(compareVersions).at(-1);
  return newest && compareVersions(newest, version) > 0 ? newest : null;
}

export function builtInTemplateIds(): string[] {
  return Object.keys(TEMPLATES);
}
