/**
 * Loading templates: zod parsing + cross-checks with path-qualified errors, the registry of template
 * versions, and small pure helpers over a parsed template. No I/O.
 */
// @ts-nocheck

import { KAYTTOONOTTO } from './kayttoonotto';
import { parseTemplate, TemplateError } from './validate';
import {
  LOCALES,
  ROLE_IDS,
  type Condition,
  type GateId,
  type Item,
  type ItemKind,
  type LocalizedText,
  type Locale,
  type RoleId,
  type Section,
  type Template,
} from './schema';

export * from './schema';
export * from './validate';
export * from './document';
export * from './diff';
export * from './messages';
export * from './upgrade';
export { KAYTTOONOTTO, LINK_LABEL } from './kayttoonotto';

// -------------------------------------------------------------------------------------------------
// Registry
// -------------------------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The current Käyttöönotto template (1.0.0), parsed once at module load and frozen. */
export const CURRENT_TEMPLATE: Template = deepFreeze(parseTemplate(KAYTTOONOTTO));

function buildRegistry(templates: readonly Template[]): Readonly<Record<string, Readonly<Record<string, Template>>>> {
  const reg: Record<string, Record<string, Template>> = {};
  for (const t of templates) {
    const versions = (reg[t.id] ??= {});
    if (versions[t.version]) throw new TemplateError([`version: template "${t.id}" version ${t.version} is registered twice`]);
    versions[t.version] = t;
  }
  return deepFreeze(reg);
}

/** Every known template: id → version → template. An epic keeps the version it was started with. */
export const TEMPLATES = buildRegistry([CURRENT_TEMPLATE]);

/** A template by id and exact version, or undefined. */
export function getTemplate(id: string, version: string): Template | undefined {
  return Object.hasOwn(TEMPLATES, id) && Object.hasOwn(TEMPLATES[id] ?? {}, version) ? TEMPLATES[id]?.[version] : undefined;
}

/** Compare MAJOR.MINOR.PATCH numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The highest version of a template, or undefined when the id is unknown. */
export function latestTemplate(id: string): Template | undefined {
  if (!Object.hasOwn(TEMPLATES, id)) return undefined;
  const versions = Object.keys(TEMPLATES[id] ?? {}).sort(compareVersions);
  const last = versions[versions.length - 1];
  return last === undefined ? undefined : TEMPLATES[id]?.[last];
}

// -------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------

/** The template's items in template order, optionally only one kind. */
export function itemsOf(t: Template, kind?: ItemKind): Item[] {
  return kind === undefined ? [...t.items] : t.items.filter((i) => i.kind === kind);
}

/** One item by id, or undefined. */
export function findItem(t: Template, itemId: string): Item | undefined {
  return t.items.find((i) => i.id === itemId);
}

/** The conditions of one gate, in template order. */
export function conditionsOf(t: Template, gate: GateId): Condition[] {
  return [...t.gates[gate].conditions];
}

/** The section and its ancestors, outermost first (`[step, deliverable-group]`); [] if unknown. */
export function sectionPath(t: Template, sectionId: string): Section[] {
  const byId = new Map(t.sections.map((s) => [s.id, s] as const));
  const path: Section[] = [];
  let cur = byId.get(sectionId);
  while (cur && !path.includes(cur)) {
    path.unshift(cur);
    cur = cur.parentId === undefined ? undefined : byId.get(cur.parentId);
  }
  return path;
}

/** The section path as one label: "1. Käyttöönoton valmistelu › Tekninen valmius". */
export function sectionLabel(t: Template, sectionId: string, locale: Locale | string): string {
  return sectionPath(t, sectionId)
    .map((s) => localize(s.title, locale))
    .join(' › ');
}

/** Normalise 'fi', 'fi-FI', 'sv_SE', 'en-US'... to a template locale; anything else → 'fi'. */
export function toLocale(locale: string | undefined | null): Locale {
  const lang = (locale ?? '').slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'fi';
}

/** The text in the given locale (accepts 'sv', 'sv-SE', ...); Finnish when that text is empty or the locale unknown. */
export function localize(text: LocalizedText, locale: Locale | string): string {
  const value = text[toLocale(locale)];
  return value.trim() === '' ? text.fi : value;
}

/**
 * The role that owns an item on a project: the duty's role from the template, or for a deliverable
 * the project's override (ProjectSettings.deliverableOwners) when it names a known role, else the
 * template's default. Throws on an unknown item id (a programming error).
 */
export function effectiveItemRole(t: Template, itemId: string, deliverableOwners?: Readonly<Partial<Record<string, RoleId>>>): RoleId {
  const item = findItem(t, itemId);
  if (!item) throw new Error(`unknown item id ${JSON.stringify(itemId)} in template ${t.id}@${t.version}`);
  if (item.kind === 'deliverable' && deliverableOwners && Object.hasOwn(deliverableOwners, itemId)) {
    const override = deliverableOwners[itemId];
    if (override !== undefined && (ROLE_IDS as readonly string[]).includes(override)) return override;
  }
  return item.role;
}
