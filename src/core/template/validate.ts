/**
 * Validating a template: zod parsing + cross-checks, every problem as one line starting with the
 * path of the bad entry. Pure.
 */
import type { z } from 'zod';
import { GATE_IDS, ROLE_IDS, templateSchema, type ItemKind, type SectionKind, type Template } from './schema';
import { withoutForbidden } from '../text';

// -------------------------------------------------------------------------------------------------
// Errors
// -------------------------------------------------------------------------------------------------

/** A template failed validation. `problems` holds one line per problem, each starting with its path. */
export class TemplateError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], label = 'template') {
    super(`Invalid ${label}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'TemplateError';
    this.problems = problems;
  }
}

type PathPart = PropertyKey;

/** `['items', 3, 'role']` → `items[3].role`. */
export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(template)' : out;
}

function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  return JSON.stringify(x) ?? String(x);
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  // With `reportInput`, zod leaves `input` out when it was undefined: the field is missing.
  const missing = !('input' in issue) || issue.input === undefined;
  const generic = issue.message.startsWith('Invalid');
  switch (issue.code) {
    case 'invalid_type':
      // Keep our own messages ("Finnish text is missing"), make zod's generic ones readable.
      if (!generic) return `${path}: ${issue.message}`;
      return missing
        ? `${path}: required field is missing (expected ${issue.expected})`
        : `${path}: expected ${issue.expected}, received ${describeValue(issue.input)}`;
    case 'invalid_value': {
      const known = issue.values.map(String).join(', ');
      if (missing) return `${path}: required field is missing (expected one of ${known})`;
      return generic ? `${path}: unknown value ${describeValue(issue.input)} (known: ${known})` : `${path}: ${issue.message}`;
    }
    case 'invalid_union': {
      if (!('discriminator' in issue) || issue.discriminator === undefined) return `${path}: ${issue.message}`;
      const known = ('options' in issue ? (issue.options ?? []) : []).map(String).join(', ');
      const found = isRec(issue.input) ? issue.input[issue.discriminator] : undefined;
      return found === undefined
        ? `${path}: required field is missing (expected one of ${known})`
        : `${path}: unknown ${issue.discriminator} ${describeValue(found)} (known: ${known})`;
    }
    case 'too_small':
      if (issue.origin === 'array' && issue.message.startsWith('Too small'))
        return `${path}: needs at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      return `${path}: ${issue.message}`;
    default:
      return `${path}: ${issue.message}`;
  }
}

/** One line per problem of a zod issue; an unknown field is named in the path (`items[3].colour: unknown field`). */
function describeZodIssues(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown field ${JSON.stringify(k)}`);
  }
  return [describeZodIssue(issue)];
}

// -------------------------------------------------------------------------------------------------
// Cross-checks. They run on the raw input (also when zod failed, so every problem is reported at
// once, and so keys zod would silently strip, like `approval` on an automatic condition, are seen).
// -------------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const recs = (x: unknown): (Rec | undefined)[] => (Array.isArray(x) ? x.map((e) => (isRec(e) ? e : undefined)) : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

const KIND_NAMES: Record<SectionKind, string> = {
  step: 'a step',
  'deliverable-group': 'a deliverable group',
  'duty-area': 'a duty area',
  heading: 'a heading',
};
/** Which section kinds may hold which item kinds. */
const ITEM_SECTION_KINDS: Record<ItemKind, readonly SectionKind[]> = {
  deliverable: ['step', 'deliverable-group'],
  duty: ['duty-area'],
};
/** Which section kinds may be the parent of which; `null` = top level. */
const SECTION_PARENT_KINDS: Record<SectionKind, readonly (SectionKind | null)[]> = {
  step: [null],
  'duty-area': [null],
  'deliverable-group': ['step'],
  heading: [null, 'step'],
};

function crossCheck(input: unknown): string[] {
  const problems: string[] = [];
  if (!isRec(input)) return problems; // zod reports it
  const add = (path: string, msg: string) => problems.push(`${path}: ${msg}`);

  // Ids unique across roles, sections, items and conditions.
  const seen = new Map<string, string>();
  const claim = (id: unknown, path: string) => {
    const s = str(id);
    if (s === undefined) return;
    const first = seen.get(s);
    if (first !== undefined) add(path, `duplicate id ${JSON.stringify(s)} (also at ${first})`);
    else seen.set(s, path);
  };

  // Roles: every known role exactly once.
  const roles = recs(input.roles);
  const roleAt = new Map<string, string>();
  roles.forEach((r, i) => {
    const id = str(r?.id);
    claim(id, `roles[${i}].id`);
    if (id !== undefined && !roleAt.has(id)) roleAt.set(id, `roles[${i}].id`);
  });
  if (Array.isArray(input.roles)) {
    for (const role of ROLE_IDS)
      if (!roleAt.has(role)) add('roles', `role "${role}" is missing (every template lists all of ${ROLE_IDS.join(', ')})`);
  }

  // Sections.
  const sections = recs(input.sections);
  const sectionKind = new Map<string, SectionKind | undefined>();
  sections.forEach((s, i) => {
    const id = str(s?.id);
    claim(id, `sections[${i}].id`);
    if (id !== undefined && !sectionKind.has(id)) sectionKind.set(id, asSectionKind(s?.kind));
  });
  sections.forEach((s, i) => {
    if (!s) return;
    const kind = asSectionKind(s.kind);
    const parentId = str(s.parentId);
    if (kind === undefined) return; // zod reports it
    const allowed = SECTION_PARENT_KINDS[kind];
    if (parentId === undefined) {
      if (!allowed.includes(null))
        add(
          `sections[${i}].parentId`,
          `${KIND_NAMES[kind]} must have a parent (${allowed.map((k) => (k ? KIND_NAMES[k] : 'none')).join(' or ')})`,
        );
      return;
    }
    if (parentId === str(s.id)) {
      add(`sections[${i}].parentId`, 'a section cannot be its own parent');
      return;
    }
    if (!sectionKind.has(parentId)) {
      add(`sections[${i}].parentId`, `unknown section ${JSON.stringify(parentId)}`);
      return;
    }
    const parentKind = sectionKind.get(parentId);
    if (parentKind !== undefined && !allowed.includes(parentKind)) {
      const where = allowed.includes(null) ? 'at the top level' : '';
      const under = allowed.filter((k): k is SectionKind => k !== null).map((k) => KIND_NAMES[k]);
      add(
        `sections[${i}].parentId`,
        `${KIND_NAMES[kind]} must sit ${[where, under.length ? `under ${under.join(' or ')}` : ''].filter(Boolean).join(' or ')}, but ${JSON.stringify(parentId)} is ${KIND_NAMES[parentKind]}`,
      );
    }
  });

  // Items.
  recs(input.items).forEach((it, i) => {
    if (!it) return;
    claim(it.id, `items[${i}].id`);
    const sectionId = str(it.sectionId);
    if (sectionId === undefined) return;
    if (!sectionKind.has(sectionId)) {
      add(`items[${i}].sectionId`, `unknown section ${JSON.stringify(sectionId)}`);
      return;
    }
    const kind = sectionKind.get(sectionId);
    if (kind === undefined) return;
    if (kind === 'heading') {
      add(`items[${i}].sectionId`, `section ${JSON.stringify(sectionId)} is a heading; headings hold no items`);
      return;
    }
    const itemKind = it.kind === 'duty' || it.kind === 'deliverable' ? it.kind : undefined;
    if (itemKind && !ITEM_SECTION_KINDS[itemKind].includes(kind)) {
      add(
        `items[${i}].sectionId`,
        `a ${itemKind} must sit under ${ITEM_SECTION_KINDS[itemKind].map((k) => KIND_NAMES[k]).join(' or ')}, but ${JSON.stringify(sectionId)} is ${KIND_NAMES[kind]}`,
      );
    }
  });

  // Gates and conditions.
  const itemIds = new Set(recs(input.items).flatMap((it) => (str(it?.id) !== undefined ? [str(it?.id) as string] : [])));
  const gates = isRec(input.gates) ? input.gates : undefined;
  for (const gateId of GATE_IDS) {
    const gate = gates && isRec(gates[gateId]) ? (gates[gateId] as Rec) : undefined;
    if (!gate) continue;
    const gid = str(gate.id);
    if (gid !== undefined && gid !== gateId) add(`gates.${gateId}.id`, `gate id must be "${gateId}" (found ${JSON.stringify(gid)})`);
    recs(gate.conditions).forEach((c, i) => {
      if (!c) return;
      const path = `gates.${gateId}.conditions[${i}]`;
      claim(c.id, `${path}.id`);
      if (c.kind === 'automatic') {
        for (const key of ['approval', 'attestRoles', 'evidence', 'quorum', 'restsOn'] as const) {
          if (c[key] !== undefined)
            add(`${path}.${key}`, `${key} is only allowed on attestation conditions (this one is ${JSON.stringify(c.kind)})`);
        }
      }
      if (c.kind === 'attestation' && c.rule !== undefined)
        add(`${path}.rule`, `rule is only allowed on automatic conditions (this one is ${JSON.stringify(c.kind)})`);
      if (c.kind === 'attestation') checkRoleList(c.attestRoles, `${path}.attestRoles`, add);
      if (c.kind === 'attestation') checkRestsOn(c.restsOn, itemIds, `${path}.restsOn`, add);
      if (c.kind === 'automatic' && isRec(c.rule) && c.rule.type === 'roster-filled')
        checkRoleList(c.rule.roles, `${path}.rule.roles`, add);
    });
  }
  return problems;
}

/** Duplicates in a role list (unknown roles are reported by zod). */
function checkRoleList(list: unknown, path: string, add: (path: string, msg: string) => void) {
  if (!Array.isArray(list)) return;
  const first = new Map<unknown, number>();
  list.forEach((r, j) => {
    const k = first.get(r);
    if (k !== undefined) add(`${path}[${j}]`, `role ${JSON.stringify(r)} is listed twice (also at ${path}[${k}])`);
    else first.set(r, j);
  });
}

/** The items a condition rests on: each a known item, named once. */
function checkRestsOn(list: unknown, itemIds: ReadonlySet<string>, path: string, add: (path: string, msg: string) => void) {
  if (!Array.isArray(list)) return;
  const first = new Map<unknown, number>();
  list.forEach((id, j) => {
    const k = first.get(id);
    if (k !== undefined) add(`${path}[${j}]`, `item ${JSON.stringify(id)} is listed twice (also at ${path}[${k}])`);
    else first.set(id, j);
    if (typeof id === 'string' && !itemIds.has(id)) add(`${path}[${j}]`, `unknown item ${JSON.stringify(id)}`);
  });
}

function asSectionKind(x: unknown): SectionKind | undefined {
  return x === 'step' || x === 'deliverable-group' || x === 'duty-area' || x === 'heading' ? x : undefined;
}

const pathOf = (problem: string): string => problem.slice(0, problem.indexOf(': '));

/** Every problem of a template input (empty when valid). */
export function validateTemplate(input: unknown): string[] {
  return collect(input).problems;
}

function collect(input: unknown): { problems: string[]; template?: Template } {
  const parsed = templateSchema.safeParse(input, { reportInput: true });
  const cross = crossCheck(input);
  // A cross-check explains a misplaced field better than "unknown field" (e.g. `approval` on an
  // automatic condition), so zod's line for the same path gives way to it.
  const crossPaths = new Set(cross.map(pathOf));
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap(describeZodIssues).filter((p) => !(p.includes(': unknown field ') && crossPaths.has(pathOf(p))));
  for (const p of cross) if (!problems.includes(p)) problems.push(p);
  return parsed.success && problems.length === 0 ? { problems, template: parsed.data } : { problems };
}

/**
 * Parse and cross-check a template. Throws a `TemplateError` listing every problem, each prefixed
 * with its path (`items[3].role: unknown role "arkkitehtti" (known: project-manager, ...)`).
 */
export function parseTemplate(input: unknown): Template {
  const { problems, template } = collect(input);
  if (template) return template;
  const label = isRec(input) && typeof input.id === 'string' ? `template "${input.id}@${String(input.version)}"` : 'template';
  throw new TemplateError(problems, label);
}
/** The template's texts that may keep line breaks (schema.ts `localizedParagraphsSchema`). */
const PARAGRAPH_FIELDS = new Set(['description', 'output']);

function withoutForbiddenTexts(v: unknown, multiline = false): unknown {
  if (typeof v === 'string') return withoutForbidden(v, multiline);
  if (Array.isArray(v)) return v.map((x) => withoutForbiddenTexts(x, multiline));
  if (!isRec(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutForbiddenTexts(x, multiline)]));
}

/**
 * A version the project saved earlier: it was valid by the rules of its day. Characters the text
 * rule (core/text.ts) refuses now are left out as it is read, so an epic on that version keeps
 * working and no such character reaches Jira; anything else wrong is still a TemplateError.
 */
export function parseStoredTemplate(input: unknown): Template {
  if (!isRec(input)) return parseTemplate(input);
  const cleaned = Object.fromEntries(Object.entries(input).map(([k, x]) => [k, withoutForbiddenTexts(x, PARAGRAPH_FIELDS.has(k))]));
  return parseTemplate(cleaned);
}

/** Alias named in docs/ARCHITECTURE.md. */
export const loadTemplate = parseTemplate;

/** Every problem of a template input, or the parsed template. */
export function validateTemplateInput(input: unknown): { ok: true; template: Template } | { ok: false; problems: string[] } {
  const { problems, template } = collect(input);
  return template ? { ok: true, template } : { ok: false, problems };
}
