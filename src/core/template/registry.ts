/**
 * The registry of built-in template versions and the small helpers every function needs, without
 * the template tooling (zod parsing, YAML documents, diffs, upgrades: ./index). The built-in
 * template is the parsed form of ./kayttoonotto.ts, generated at build time
 * (`npm run template:built-in` writes ./kayttoonotto.parsed.json); test/core/built-in-template.test.ts
 * checks that it is what parsing the source gives, so no function parses it at cold start.
 */
import PARSED from './kayttoonotto.parsed.json';
import { LOCALES } from '../domain';
import type { Locale, LocalizedText, Template } from './schema';

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

/** The current Käyttöönotto template (1.0.0), parsed at build time (checked by a test), frozen. */
export const CURRENT_TEMPLATE: Template = deepFreeze(PARSED as unknown as Template);

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
