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
import { compareVersions } from '../core/template/registry';
import type { TemplateInput } from '../core/template/schema';
import type { TemplateLabelRule } from '../shared/templates';
import { setIfAbsent, type PhaseMeta } from './store';
import { allSettledOrThrow } from '../core/settled';

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
  await addToIndex(projectId, [[record.templateId, record.version]]);
  return true;
}

async function addToIndex(projectId: string, entries: [string, string][]): Promise<void> {
  const index = await indexedVersions(projectId);
  const missing = entries.filter(([id, v]) => !index.some(([i, w]) => i === id && w === v));
  if (missing.length) await kvs.set(indexKey(projectId), [...index, ...missing]);
}

const indexKey = (projectId: string) => `ptplindex:${projectId}`;

/** The saved versions' [templateId, version] pairs as the index lists them: one strict read, no records. */
export async function indexedVersions(projectId: string): Promise<[string, string][]> {
  return (await kvs.get<[string, string][]>(indexKey(projectId))) ?? [];
}

export async function getTemplateVersion(
  projectId: string,
  templateId: string,
  version: string,
): Promise<StoredTemplateVersion | undefined> {
  return kvs.get<StoredTemplateVersion>(versionKey(projectId, templateId, version));
}

/** Every saved version of the project (all template ids), newest version first within an id. The
 * index is read with `get` (strictly consistent), so a version saved a moment ago is listed.
 *
 * `indexOnly` is for decisions (the trigger choosing a new epic's template): they never read with
 * `kvs.query`, which is eventually consistent. Otherwise (the settings page) the prefix query also
 * finds versions an index write missed (a crash between the two writes, or two saves at once) and
 * puts them back into the index, so the next decision sees them. */
export async function listTemplateVersions(projectId: string, opts: { indexOnly?: boolean } = {}): Promise<StoredTemplateVersion[]> {
  const byKey = new Map<string, StoredTemplateVersion>();
  const indexed = await indexedVersions(projectId);
  const records = await allSettledOrThrow(indexed.map(([id, v]) => getTemplateVersion(projectId, id, v)));
  for (const record of records) if (record) byKey.set(versionKey(projectId, record.templateId, record.version), record);
  if (opts.indexOnly) return sortVersions([...byKey.values()]);
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
  const unindexed = out.filter((r) => !byKey.has(versionKey(projectId, r.templateId, r.version)));
  for (const r of out) byKey.set(versionKey(projectId, r.templateId, r.version), r);
  if (unindexed.length)
    await addToIndex(
      projectId,
      unindexed.map((r) => [r.templateId, r.version]),
    );
  return sortVersions([...byKey.values()]);
}

const sortVersions = (list: StoredTemplateVersion[]) =>
  list.sort((a, b) => (a.templateId === b.templateId ? compareVersions(b.version, a.version) : a.templateId < b.templateId ? -1 : 1));

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
