/**
 * Project templates on the settings page: export the project's template, read an imported file
 * (every problem named by its path, in the caller's language), preview what changes, and save it
 * as a new version. Saved versions are never overwritten. Reading is open to whoever can see the
 * project (Jira decides, asUser); saving needs the project admin permission.
 */
import {
  compareVersions,
  diffTemplates,
  localizeProblem,
  parseTemplateDocument,
  serializeTemplate,
  toDocument,
  type TemplateChange,
} from '../../core/template';
import type { Condition, Item, Template, TemplateInput } from '../../core/template/schema';
import { getMyPermissions, getProject, type JiraProject } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type {
  ProjectTemplatesView,
  TemplateChangeView,
  TemplateCounts,
  TemplateDocumentFormat,
  TemplateImportPreview,
  TemplateLabelRule,
} from '../../shared/templates';
import * as store from '../../storage/store';
import * as tstore from '../../storage/templates';
import { AppError, M } from '../common/errors';
import type { Caller } from '../phase/context';
import { builtInTemplateIds, findTemplate, newestTemplate, templateForNewPhase } from './catalog';
import { l10n, l10nIn } from '../../core/messages';
import { forbiddenCharacter, textProblemMessage } from '../../core/text';
import type { Message } from '../../core/message-key';
import { allSettledOrThrow } from '../../core/settled';

/** A catalogue text in English: problems are written in English and shown in the caller's language (localizeProblem). */
const render = (m: Message): string => l10nIn('en', m.key, m.vars);

/** Forge KVS holds at most 128 KiB per value; the stored record leaves room around the template. */
export const MAX_STORED_TEMPLATE_BYTES = 120_000;
export const MAX_LABEL_RULES = 50;

const PROJECT_KEY = /^[A-Za-z0-9_]{1,255}$/;

const T = {
  projectNotFound: l10n('server.settings.projectMissing'),
  adminOnly: l10n('server.templates.adminOnly'),
  invalidFile: l10n('server.templates.invalidFile'),
  cannotSave: l10n('server.templates.cannotSave'),
  savedMeanwhile: l10n('server.templates.savedMeanwhile'),
  unknownVersion: l10n('server.templates.unknownVersion'),
};

async function loadProject(projectIdOrKey: unknown): Promise<JiraProject> {
  if (typeof projectIdOrKey !== 'string' || !PROJECT_KEY.test(projectIdOrKey)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, ['project: missing from the page context']);
  }
  try {
    return await getProject('user', projectIdOrKey);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden')) throw new AppError('NOT_FOUND', T.projectNotFound);
    throw e;
  }
}

async function canAdminister(projectId: string): Promise<boolean> {
  const p = await getMyPermissions({ projectId, permissions: ['ADMINISTER_PROJECTS'] });
  return !!p.ADMINISTER_PROJECTS;
}

export function countsOf(t: Template): TemplateCounts {
  return {
    roles: t.roles.length,
    duties: t.items.filter((i) => i.kind === 'duty').length,
    deliverables: t.items.filter((i) => i.kind === 'deliverable').length,
    optionalItems: t.items.filter((i) => !i.mandatory).length,
    conditions: t.gates.entry.conditions.length + t.gates.exit.conditions.length,
  };
}

/** The text of an entry, for showing a change. */
function entryText(t: Template, id: string): TemplateChangeView['text'] {
  const item = t.items.find((i) => i.id === id);
  if (item) return item.text;
  const c = [...t.gates.entry.conditions, ...t.gates.exit.conditions].find((x) => x.id === id);
  if (c) return c.text;
  const s = t.sections.find((x) => x.id === id);
  if (s) return s.title;
  const r = t.roles.find((x) => x.id === id);
  return r?.name;
}

export function changeViews(
  before: Template,
  after: Template,
  changes: TemplateChange[] = diffTemplates(before, after),
): TemplateChangeView[] {
  return changes.map((c) => {
    const text = entryText(c.change === 'removed' ? before : after, c.id);
    return { ...c, ...(text ? { text: { fi: text.fi, sv: text.sv, en: text.en } } : {}) };
  });
}

type Entry = { kind: string; path: string };

/** Every id of a template with the kind of entry it names and where it stands. */
function idKinds(t: Template): Map<string, Entry> {
  const out = new Map<string, Entry>();
  t.roles.forEach((r, i) => out.set(r.id, { kind: 'role', path: `roles[${i}].id` }));
  t.sections.forEach((s, i) => out.set(s.id, { kind: 'section', path: `sections[${i}].id` }));
  t.items.forEach((it: Item, i) => out.set(it.id, { kind: it.kind, path: `items[${i}].id` }));
  for (const gate of ['entry', 'exit'] as const) {
    t.gates[gate].conditions.forEach((c: Condition, i) => out.set(c.id, { kind: 'condition', path: `gates.${gate}.conditions[${i}].id` }));
  }
  return out;
}

const article = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/** Why a valid template cannot be saved as the project's next version of its id. */
function blockersOf(next: Template, against: Template | undefined, saved: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (saved.has(`${next.id}@${next.version}`))
    out.push(`version: version "${next.version}" is already saved; give the new version a higher number`);
  else if (against && compareVersions(next.version, against.version) <= 0) {
    out.push(`version: version "${next.version}" must be higher than "${against.version}", the version in use`);
  }
  if (against) {
    // Ids stay stable: an id that named a duty keeps naming a duty (a new id for a new entry).
    const before = idKinds(against);
    for (const [id, entry] of idKinds(next)) {
      const was = before.get(id);
      if (was && was.kind !== entry.kind)
        out.push(`${entry.path}: "${id}" was ${article(was.kind)} in ${against.version}; an id keeps its meaning`);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(toDocument(next)));
  if (bytes > MAX_STORED_TEMPLATE_BYTES)
    out.push(`(document): the template is too large to store (${bytes} bytes, at most ${MAX_STORED_TEMPLATE_BYTES})`);
  return out;
}

async function viewOf(project: JiraProject, admin: boolean): Promise<ProjectTemplatesView> {
  const [versions, rules, settings] = await allSettledOrThrow([
    tstore.listTemplateVersions(project.id),
    tstore.getLabelRules(project.id),
    store.getProjectSettings(project.id),
  ]);
  const current = (await templateForNewPhase(project.id, settings, [])) ?? null;
  if (!current) throw new AppError('INTERNAL', T.unknownVersion);
  const own = versions.some((v) => v.templateId === current.id && v.version === current.version);
  const parsed = await allSettledOrThrow(versions.map(async (v) => ({ v, t: await findTemplate(project.id, v.templateId, v.version) })));
  return {
    projectId: project.id,
    current: { templateId: current.id, version: current.version, source: own ? 'project' : 'built-in', counts: countsOf(current) },
    versions: parsed.map(({ v, t }) => ({
      templateId: v.templateId,
      version: v.version,
      savedAt: v.savedAt,
      savedBy: v.savedBy,
      basedOn: v.basedOn,
      counts: t ? countsOf(t) : { roles: 0, duties: 0, deliverables: 0, optionalItems: 0, conditions: 0 },
    })),
    templateIds: [...new Set([...builtInTemplateIds(), ...versions.map((v) => v.templateId)])],
    labelRules: rules,
    canAdminister: admin,
  };
}

export async function getProjectTemplates(caller: Caller, projectIdOrKey: unknown): Promise<ProjectTemplatesView> {
  void caller;
  const project = await loadProject(projectIdOrKey);
  return viewOf(project, await canAdminister(project.id));
}

export async function exportProjectTemplate(
  caller: Caller,
  projectIdOrKey: unknown,
  input: { format: TemplateDocumentFormat; templateId?: string; version?: string },
): Promise<{ fileName: string; text: string; mediaType: string }> {
  void caller;
  const project = await loadProject(projectIdOrKey);
  let template: Template | undefined;
  if (input.templateId && input.version) template = await findTemplate(project.id, input.templateId, input.version);
  else if (input.templateId) template = (await newestTemplate(project.id, input.templateId))?.template;
  else template = await templateForNewPhase(project.id, await store.getProjectSettings(project.id), []);
  if (!template) throw new AppError('NOT_FOUND', T.unknownVersion);
  return {
    fileName: `${project.key}-${template.id}-${template.version}.${input.format}`,
    text: serializeTemplate(template, input.format),
    mediaType: input.format === 'json' ? 'application/json' : 'application/yaml',
  };
}

/** Reads an imported file: its problems, or what saving it would change. */
async function readImport(
  project: JiraProject,
  text: string,
  caller: Caller,
): Promise<{ preview: TemplateImportPreview; template?: Template; against?: Template }> {
  const parsed = parseTemplateDocument(text);
  if (!parsed.ok) return { preview: { valid: false, problems: parsed.problems.map((p) => localizeProblem(p, caller.locale)) } };
  const next = parsed.template;
  const [newest, versions] = await allSettledOrThrow([newestTemplate(project.id, next.id), tstore.listTemplateVersions(project.id)]);
  const saved = new Set(versions.map((v) => `${v.templateId}@${v.version}`));
  const against = newest?.template;
  return {
    template: next,
    ...(against ? { against } : {}),
    preview: {
      valid: true,
      templateId: next.id,
      version: next.version,
      against: newest ? { templateId: newest.template.id, version: newest.template.version, source: newest.source } : null,
      changes: against ? changeViews(against, next) : [],
      counts: countsOf(next),
      blockers: blockersOf(next, against, saved).map((p) => localizeProblem(p, caller.locale)),
    },
  };
}

export async function previewProjectTemplate(
  caller: Caller,
  projectIdOrKey: unknown,
  input: { text: string },
): Promise<TemplateImportPreview> {
  const project = await loadProject(projectIdOrKey);
  return (await readImport(project, input.text, caller)).preview;
}

export async function saveProjectTemplate(caller: Caller, projectIdOrKey: unknown, input: { text: string }): Promise<ProjectTemplatesView> {
  const project = await loadProject(projectIdOrKey);
  if (!(await canAdminister(project.id))) throw new AppError('FORBIDDEN', T.adminOnly);
  const { preview, template, against } = await readImport(project, input.text, caller);
  if (!preview.valid || !template) throw new AppError('INVALID_INPUT', T.invalidFile, preview.valid ? [] : preview.problems);
  if (preview.blockers.length) throw new AppError('INVALID_INPUT', T.cannotSave, preview.blockers);
  const record: tstore.StoredTemplateVersion = {
    templateId: template.id,
    version: template.version,
    savedAt: new Date().toISOString(),
    savedBy: caller.accountId,
    basedOn: against?.version ?? null,
    template: toDocument(template) as TemplateInput,
  };
  if (!(await tstore.saveTemplateVersion(project.id, record))) throw new AppError('CONFLICT', T.savedMeanwhile);
  await store.appendAudit(`project-${project.id}`, {
    by: caller.accountId,
    action: 'template.saved',
    subject: `${template.id}@${template.version}`,
    before: against ? { templateId: against.id, version: against.version } : null,
    after: {
      templateId: template.id,
      version: template.version,
      changes: preview.changes.map((c) => ({ id: c.id, change: c.change, fields: c.fields })),
    },
  });
  return viewOf(project, true);
}

const LABEL = /^\S{1,255}$/;

export async function saveTemplateLabelRules(
  caller: Caller,
  projectIdOrKey: unknown,
  input: { rules: TemplateLabelRule[] },
): Promise<ProjectTemplatesView> {
  const project = await loadProject(projectIdOrKey);
  if (!(await canAdminister(project.id))) throw new AppError('FORBIDDEN', T.adminOnly);
  const known = new Set([...builtInTemplateIds(), ...(await tstore.listTemplateVersions(project.id)).map((v) => v.templateId)]);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  input.rules.forEach((r, i) => {
    if (!LABEL.test(r.label)) problems.push(`rules[${i}].label: a Jira label has 1–255 characters and no spaces`);
    else {
      // The app's one text rule (core/text.ts), in its words: Jira would store such a label as it is.
      const bad = forbiddenCharacter(r.label);
      if (bad) problems.push(`rules[${i}].label: ${render(textProblemMessage(bad))}`);
    }
    const first = seen.get(r.label);
    if (first !== undefined) problems.push(`rules[${i}].label: label "${r.label}" already chooses a template (rules[${first}])`);
    else seen.set(r.label, i);
    if (!known.has(r.templateId))
      problems.push(`rules[${i}].templateId: unknown template "${r.templateId}" (known: ${[...known].join(', ')})`);
  });
  if (input.rules.length > MAX_LABEL_RULES) problems.push(`rules: at most ${MAX_LABEL_RULES} rules`);
  if (problems.length)
    throw new AppError(
      'INVALID_INPUT',
      M.invalidInput,
      problems.map((p) => localizeProblem(p, caller.locale)),
    );
  const before = await tstore.getLabelRules(project.id);
  await tstore.putLabelRules(project.id, input.rules);
  await store.appendAudit(`project-${project.id}`, {
    by: caller.accountId,
    action: 'settings.changed',
    subject: 'template-label-rules',
    before,
    after: input.rules,
  });
  return viewOf(project, true);
}
