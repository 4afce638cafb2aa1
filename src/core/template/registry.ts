/**
 * The registry of built-in template versions and the small helpers every function needs, without
 * the template tooling (zod parsing, YAML documents, diffs, upgrades: ./index). No function parses
 * the built-in template at cold start: ./kayttoonotto.ts is type-checked against the template's
 * input type at build time (`tsc`), and completed here with the schema's few defaults (withDefaults);
 * test/core/built-in-template.test.ts checks at test time that the result is exactly what the
 * parser (./validate, zod, with its cross-checks) makes of the source.
 */
import { KAYTTOONOTTO } from './kayttoonotto';
import { LOCALES } from '../domain';
import type { Locale, LocalizedText, Template, TemplateInput } from './schema';

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

/**
 * A built-in template's source with the defaults the schema gives what it leaves out (./schema:
 * an item's `subPoints` [] and `mandatory` true, a condition's `mandatory` true and an attested
 * one's `evidence` 'optional'). Only for built-in sources, which the test above checks against the parser.
 */
export function withDefaults(input: TemplateInput): Template {
  const gate = (g: TemplateInput['gates']['entry']) => ({
    ...g,
    conditions: g.conditions.map((c) =>
      c.kind === 'attestation'
        ? { ...c, mandatory: c.mandatory ?? true, evidence: c.evidence ?? 'optional' }
        : { ...c, mandatory: c.mandatory ?? true },
    ),
  });
  return {
    ...input,
    items: input.items.map((i) => ({ ...i, subPoints: i.subPoints ?? [], mandatory: i.mandatory ?? true })),
    gates: { entry: gate(input.gates.entry), exit: gate(input.gates.exit) },
  } as Template;
}

/** The current Käyttöönotto template (1.0.0): its source with the schema's defaults (checked by a test), frozen. */
export const CURRENT_TEMPLATE: Template = deepFreeze(withDefaults(KAYTTOONOTTO));

function buildRegistry(templates: readonly Template[]): Readonly<Record<string, Readonly<Record<string, Template>>>> {
  const reg: Record<string, Record<string, Template>> = {};
  for (const t of templates) {
    const versions = (reg[t.id] ??= {});
    if (versions[t.version]) throw new Error(`version: template "${t.id}" version ${t.version} is registered twice`);
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
