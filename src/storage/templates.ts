/**
 * Project templates in @forge/kvs. A saved version is never overwritten: each is its own key,
 * written with `FAIL_IF_EXISTS`.
 *
 * Keys:
 *   ptpl:<projectId>:<templateId>:<version>   StoredTemplateVersion (create-once)
 *   ptplindex:<projectId>                     [templateId, version][] of the saved versions: read with
 *                                             kvs.get, which is strictly consistent (kvs.query is not)
 *   ptplrules:<projectId>                     label → template id rules of the project
 *   epic:<epicId>:meta                        the epic's phase meta (store.ts); an upgrade moves its
 *                                             template version (the only rewrite of that record)
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { compareVersions } from '../core/template';
import type { TemplateInput } from '../core/template/schema';
import type { TemplateLabelRule } from '../shared/templates';
import { setIfAbsent, type PhaseMeta } from './store';

export interface StoredTemplateVersion {
  templateId: string;
  version: string;
  savedAt: string;
  savedBy: string;
  basedOn: string | null;
  /** The parsed template (defaults applied), as JSON. */
  template: TemplateInput;
}

const versionKey = (projectId: string, templateId: string, version: string) => `ptpl:${projectId}:${templateId}:${version}`;

/** Saves a version once. False when that version is already saved (someone else was first). */
export async function saveTemplateVersion(projectId: string, record: StoredTemplateVersion): Promise<boolean> {
  if (!(await setIfAbsent(versionKey(projectId, record.templateId, record.version), record))) return false;
  const index = (await kvs.get<[string, string][]>(indexKey(projectId))) ?? [];
  if (!index.some(([id, v]) => id === record.templateId && v === record.version))
    await kvs.set(indexKey(projectId), [...index, [record.templateId, record.version]]);
  return true;
}

const indexKey = (projectId: string) => `ptplindex:${projectId}`;

export async function getTemplateVersion(
  projectId: string,
  templateId: string,
  version: string,
): Promise<StoredTemplateVersion | undefined> {
  return kvs.get<StoredTemplateVersion>(versionKey(projectId, templateId, version));
}

/** Every saved version of the project (all template ids), newest version first within an id. The
 * index is read with `get` (strictly consistent), so a version saved a moment ago is listed; the
 * prefix query (eventually consistent) only adds versions an index write may have missed. */
export async function listTemplateVersions(projectId: string): Promise<StoredTemplateVersion[]> {
  const byKey = new Map<string, StoredTemplateVersion>();
  for (const [id, v] of (await kvs.get<[string, string][]>(indexKey(projectId))) ?? []) {
    const record = await getTemplateVersion(projectId, id, v);
    if (record) byKey.set(versionKey(projectId, id, v), record);
  }
  const out: StoredTemplateVersion[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs
      .query()
      .where('key', WhereConditions.beginsWith(`ptpl:${projectId}:`))
      .limit(100);
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany<StoredTemplateVersion>();
    out.push(...page.results.map((r) => r.value));
    cursor = page.nextCursor;
  } while (cursor && out.length < 1000);
  for (const r of out) byKey.set(versionKey(projectId, r.templateId, r.version), r);
  return [...byKey.values()].sort((a, b) =>
    a.templateId === b.templateId ? compareVersions(b.version, a.version) : a.templateId < b.templateId ? -1 : 1,
  );
}

export async function getLabelRules(projectId: string): Promise<TemplateLabelRule[]> {
  return (await kvs.get<TemplateLabelRule[]>(`ptplrules:${projectId}`)) ?? [];
}

export async function putLabelRules(projectId: string, rules: TemplateLabelRule[]): Promise<void> {
  await kvs.set(`ptplrules:${projectId}`, rules);
}

/** Moves an epic to another template version (the phase meta keeps everything else). */
export async function setEpicTemplate(meta: PhaseMeta, templateId: string, templateVersion: string): Promise<PhaseMeta> {
  const next: PhaseMeta = { ...meta, templateId, templateVersion };
  await kvs.set(`epic:${meta.epicId}:meta`, next);
  return next;
}
