/**
 * The installed app's own custom fields (`jira:customField` modules of its manifest.yml), as Jira
 * creates them on deployment (docs: manifest-reference/modules/jira-custom-field):
 *
 * - one locked field per module, with an id `customfield_<n>`, the key `<app-id>__<ENVIRONMENT>__<module-key>`
 *   (the value function's payload example) and `schema.custom` =
 *   `ari:cloud:ecosystem::extension/<app-id>/<environment-id>/static/<module-key>` ("Field lifecycle");
 * - `readOnly: true`: "They aren't editable by users, neither through the UI nor the Edit issue REST API";
 *   only the owning app sets values, through `PUT /rest/api/3/app/field/{fieldIdOrKey}/value` and
 *   `POST /rest/api/3/app/field/value` (OpenAPI: "Only the app that owns the custom field or custom field
 *   type can update its values with this operation");
 * - JQL: the field by its name or `cf[<n>]`; an `object` field's schema properties with a `searchAlias`
 *   as `<field>.<alias>` ("Object type JQL search"), typed from the schema (`string`, `number`/`integer`,
 *   `array` of those, `boolean` → string, `searchType` overrides, e.g. `date`); `number` fields compare by range.
 */
import { readFileSync } from 'node:fs';
import { defaultManifestPath } from '../app-dir';
import { parse as parseYaml } from 'yaml';

/** The environment the sandbox's Forge harness runs the app in (its default `environmentId`). */
export const SANDBOX_ENVIRONMENT_ID = '00000000-0000-4000-8000-0000000000e1';
const FIRST_CUSTOM_FIELD_NUMBER = 10100;

export type AppFieldType = 'string' | 'number' | 'user' | 'group' | 'datetime' | 'date' | 'object';
export type AppFieldSearchType = 'string' | 'number' | 'text' | 'user' | 'date';

export interface AppFieldAlias {
  alias: string;
  path: string[];
  type: AppFieldSearchType;
}

export interface AppField {
  /** `customfield_<n>` */
  id: string;
  /** `<n>` of `cf[<n>]` */
  number: number;
  key: string;
  moduleKey: string;
  name: string;
  type: AppFieldType;
  list: boolean;
  readOnly: boolean;
  /** `ari:cloud:ecosystem::extension/<app-id>/<environment-id>/static/<module-key>` */
  custom: string;
  /** For `object` fields: the schema properties searchable as `<field>.<alias>`. */
  aliases: AppFieldAlias[];
  /** For `object` fields: the JSON schema values must satisfy (properties' types are checked). */
  schema: Record<string, unknown> | null;
}

const FIELD_TYPES: readonly AppFieldType[] = ['string', 'number', 'user', 'group', 'datetime', 'date', 'object'];
const SEARCH_TYPES: readonly AppFieldSearchType[] = ['string', 'number', 'text', 'user', 'date'];

function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The JQL type of a schema property ("Object type JQL search"); undefined = not searchable. */
function searchTypeOf(prop: Record<string, unknown>): AppFieldSearchType | undefined {
  if (typeof prop.searchType === 'string' && SEARCH_TYPES.includes(prop.searchType as AppFieldSearchType))
    return prop.searchType as AppFieldSearchType;
  const t = prop.type;
  if (t === 'string' || t === 'boolean') return 'string';
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'array') {
    const items = rec(prop.items);
    return items ? searchTypeOf(items) : undefined;
  }
  return undefined;
}

function aliasesOf(schema: Record<string, unknown> | null, path: string[] = []): AppFieldAlias[] {
  const props = rec(schema?.properties);
  if (!props) return [];
  const out: AppFieldAlias[] = [];
  for (const [name, raw] of Object.entries(props)) {
    const prop = rec(raw);
    if (!prop) continue;
    const type = searchTypeOf(prop);
    if (typeof prop.searchAlias === 'string' && prop.searchAlias && type)
      out.push({ alias: prop.searchAlias, path: [...path, name], type });
    if (prop.type === 'object') out.push(...aliasesOf(prop, [...path, name]));
  }
  return out;
}

/** The custom fields a manifest's `jira:customField` modules create, numbered in declaration order. */
export function appFieldsFromManifest(manifest: unknown, environmentId = SANDBOX_ENVIRONMENT_ID): AppField[] {
  const doc = rec(manifest);
  const modules = rec(doc?.modules);
  const appAri = typeof rec(doc?.app)?.id === 'string' ? (rec(doc?.app)?.id as string) : 'ari:cloud:ecosystem::app/unknown';
  const appId = appAri.replace(/^ari:cloud:ecosystem::app\//, '');
  const out: AppField[] = [];
  for (const raw of Array.isArray(modules?.['jira:customField']) ? (modules['jira:customField'] as unknown[]) : []) {
    const m = rec(raw);
    if (!m || typeof m.key !== 'string' || !FIELD_TYPES.includes(m.type as AppFieldType)) continue;
    const number = FIRST_CUSTOM_FIELD_NUMBER + out.length;
    const schema = rec(m.schema);
    out.push({
      id: `customfield_${number}`,
      number,
      key: `${appId}__DEVELOPMENT__${m.key}`,
      moduleKey: m.key,
      name: typeof m.name === 'string' ? m.name : m.key,
      type: m.type as AppFieldType,
      list: m.collection === 'list',
      readOnly: m.readOnly === true,
      custom: `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${m.key}`,
      aliases: m.type === 'object' ? aliasesOf(schema) : [],
      schema: m.type === 'object' ? schema : null,
    });
  }
  return out;
}

let installed: AppField[] | null = null;

/** The installed app's fields: by default those of the manifest.yml of the app the sandbox runs (app-dir.ts) (the sandbox always has the app installed). */
export function appFields(): AppField[] {
  if (installed === null) {
    try {
      installed = appFieldsFromManifest(parseYaml(readFileSync(defaultManifestPath(), 'utf8')));
    } catch {
      installed = [];
    }
  }
  return installed;
}

/** Installs another app's fields (a manifest path, or the fields; `null` = the default). */
export function installAppFields(source: string | AppField[] | null): void {
  installed = source === null ? null : typeof source === 'string' ? appFieldsFromManifest(parseYaml(readFileSync(source, 'utf8'))) : source;
}

/** A field by id (`customfield_<n>`) or key. */
export function appFieldByIdOrKey(idOrKey: string): AppField | undefined {
  return appFields().find((f) => f.id === idOrKey || f.key === idOrKey);
}

/** A field by a JQL clause name: its name (case-insensitive), `cf[<n>]` or `customfield_<n>`. */
export function appFieldByClauseName(name: string): AppField | undefined {
  const cf = /^cf\[(\d+)\]$/i.exec(name);
  if (cf) return appFields().find((f) => f.number === Number(cf[1]));
  const lower = name.toLowerCase();
  return appFields().find((f) => f.id === lower || f.name.toLowerCase() === lower);
}

/** Why a value does not fit the field (the OpenAPI's value rules and, for objects, the schema's property types); null = fits. */
export function invalidValue(field: AppField, value: unknown): string | null {
  if (value === null) return null;
  if (field.list) {
    if (!Array.isArray(value)) return `The value of the field '${field.id}' must be a list.`;
    if (value.length > 100) return `The field '${field.id}' holds at most 100 values.`;
    for (const v of value) {
      const r = invalidScalar(field, v);
      if (r) return r;
    }
    return null;
  }
  return invalidScalar(field, value);
}

function invalidScalar(field: AppField, value: unknown): string | null {
  const bad = `The value is not valid for the field '${field.id}' of type ${field.type}.`;
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? null : bad;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : bad;
    case 'user':
      return typeof rec(value)?.accountId === 'string' ? null : bad;
    case 'group':
      return typeof rec(value)?.name === 'string' || typeof rec(value)?.groupId === 'string' ? null : bad;
    case 'date':
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? null : bad;
    case 'object':
      return invalidAgainstSchema(value, field.schema ?? {}, field.id);
  }
}

/** A small JSON-schema check: type, properties, required, additionalProperties: false, enum, items, minimum/maximum. */
function invalidAgainstSchema(value: unknown, schema: Record<string, unknown>, at: string): string | null {
  const type = schema.type;
  const fail = `The value at '${at}' does not match the field's schema.`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) return fail;
  switch (type) {
    case 'object': {
      const v = rec(value);
      if (!v) return fail;
      const props = rec(schema.properties) ?? {};
      for (const k of Array.isArray(schema.required) ? schema.required : []) if (typeof k === 'string' && !(k in v)) return fail;
      for (const [k, x] of Object.entries(v)) {
        const p = rec(props[k]);
        if (!p) {
          if (schema.additionalProperties === false) return fail;
          continue;
        }
        const r = invalidAgainstSchema(x, p, `${at}.${k}`);
        if (r) return r;
      }
      return null;
    }
    case 'array': {
      if (!Array.isArray(value)) return fail;
      const items = rec(schema.items);
      for (const x of value) {
        const r = items ? invalidAgainstSchema(x, items, `${at}[]`) : null;
        if (r) return r;
      }
      return null;
    }
    case 'string':
      return typeof value === 'string' ? null : fail;
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value))) return fail;
      if (typeof schema.minimum === 'number' && value < schema.minimum) return fail;
      if (typeof schema.maximum === 'number' && value > schema.maximum) return fail;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : fail;
    default:
      return null;
  }
}
