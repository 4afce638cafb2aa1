/**
 * Loading templates: zod parsing + cross-checks with path-qualified errors, the registry of template
 * versions, and small pure helpers over a parsed template. No I/O.
 */
import {
  ROLE_IDS,
  type Condition,
  type GateId,
  type Item,
  type ItemKind,
  type Locale,
  type RoleId,
  type Section,
  type Template,
} from './schema';

export * from './schema';
export * from './registry';
import { localize } from './registry';
export * from './validate';
export * from './document';
export * from './diff';
export * from './messages';
export * from './upgrade';
export { KAYTTOONOTTO, LINK_LABEL } from './kayttoonotto';

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
