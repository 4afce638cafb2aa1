/** The entity property index of the installed app (jira:entityProperty modules of its manifest), which JQL reads. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { defaultManifestPath } from '../app-dir';
import type { IndexedPropertyValue, IndexedValueType } from './jql-types';

const INDEXED_TYPES: readonly IndexedValueType[] = ['number', 'string', 'text', 'user', 'date'];

/** The indexed values that the `jira:entityProperty` / `jira:entityPropertySet` modules of a manifest declare (issue entities only). */
export function indexedValuesFromManifest(manifest: unknown): IndexedPropertyValue[] {
  const rec = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const modules = rec(rec(manifest)?.modules);
  if (!modules) return [];
  const declared: unknown[] = [];
  for (const m of Array.isArray(modules['jira:entityProperty']) ? modules['jira:entityProperty'] : []) declared.push(m);
  for (const set of Array.isArray(modules['jira:entityPropertySet']) ? modules['jira:entityPropertySet'] : []) {
    const props = rec(set)?.properties;
    if (Array.isArray(props)) declared.push(...props);
  }
  const out: IndexedPropertyValue[] = [];
  for (const d of declared) {
    const m = rec(d);
    if (!m || typeof m.propertyKey !== 'string' || (m.entityType !== undefined && m.entityType !== 'issue')) continue;
    for (const v of Array.isArray(m.values) ? m.values : []) {
      const value = rec(v);
      if (!value || typeof value.path !== 'string' || !INDEXED_TYPES.includes(value.type as IndexedValueType)) continue;
      out.push({
        propertyKey: m.propertyKey,
        path: value.path.split('.').filter((p) => p.length > 0),
        type: value.type as IndexedValueType,
        ...(typeof value.searchAlias === 'string' && value.searchAlias ? { searchAlias: value.searchAlias } : {}),
      });
    }
  }
  return out;
}

let installedIndex: IndexedPropertyValue[] | null = null;

/** The entity property index of the installed app. By default the app the sandbox runs
 * (its manifest.yml: app-dir.ts), as the sandbox always has the app installed. */
export function entityPropertyIndex(): IndexedPropertyValue[] {
  if (installedIndex === null) {
    try {
      installedIndex = indexedValuesFromManifest(parseYaml(readFileSync(defaultManifestPath(), 'utf8')));
    } catch {
      installedIndex = [];
    }
  }
  return installedIndex;
}

/** Installs another app's index (a manifest path, or the values themselves; `null` = the default). */
export function installEntityPropertyIndex(source: string | IndexedPropertyValue[] | null): void {
  installedIndex =
    source === null ? null : typeof source === 'string' ? indexedValuesFromManifest(parseYaml(readFileSync(source, 'utf8'))) : source;
}

export function indexedValue(propertyKey: string, path: string[]): IndexedPropertyValue | undefined {
  return entityPropertyIndex().find((v) => v.propertyKey === propertyKey && v.path.join('.') === path.join('.'));
}

export function aliasNamed(name: string): IndexedPropertyValue | undefined {
  return entityPropertyIndex().find((v) => v.searchAlias !== undefined && v.searchAlias.toLowerCase() === name.toLowerCase());
}
