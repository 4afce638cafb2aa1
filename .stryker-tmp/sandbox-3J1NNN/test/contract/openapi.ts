/**
 * Contract checks against Atlassian's Jira Cloud platform OpenAPI 3.0 spec.
 *
 * The spec is read from $JIRA_OPENAPI_PATH or ../shared/jira-openapi/swagger-v3.v3.json (relative to the
 * repository root); it is never copied into the repository. Schemas are converted from OpenAPI 3.0 to JSON
 * Schema (`nullable`, OpenAPI-only keywords) and validated with ajv + ajv-formats.
 *
 *   validateAgainstSpec('GET', '/rest/api/3/issue/DEMO-1', 200, body)    // response body
 *   validateRequestBody('POST', '/rest/api/3/issue', payload)              // request body
 *   validateRequest('GET', '/rest/api/3/search/jql?jql=...&fields=summary') // method, path, query parameters, body
 */
// @ts-nocheck

import { existsSync, readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { missingError, missingLine, needed, NEEDS } from '../needs';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface SpecCheck {
  /** true when the body matches (or when there is nothing the spec describes to check) */
  valid: boolean;
  /** false when the spec has no schema for this body (e.g. most 4xx of Jira), so nothing was checked */
  checked: boolean;
  operation?: string;
  pathTemplate?: string;
  errors: string[];
}

export function specPath(): string {
  return NEEDS.openapi().path;
}

export function specAvailable(): boolean {
  return existsSync(specPath());
}

/** The one line a missing spec is reported with (test/needs.ts). */
export function specMissingMessage(): string {
  return missingLine(NEEDS.openapi());
}

/**
 * `describe` for contract tests: when the spec is absent a failing test says so in one line (how to
 * get it); the suite is skipped instead only with KAYTTOONOTTO_ALLOW_SKIP=1, never on CI (test/needs.ts).
 */
export function describeContract(name: string, fn: () => void): void {
  let run: boolean;
  try {
    run = needed(NEEDS.openapi());
  } catch (e) {
    describe(name, () => {
      it("needs Atlassian's Jira OpenAPI description", () => {
        throw e;
      });
    });
    return;
  }
  (run ? describe : describe.skip)(name, fn);
}

// -------------------------------------------------------------------------------------------------
// OpenAPI 3.0 → JSON Schema

const DROP_KEYS = new Set([
  'xml',
  'example',
  'examples',
  'externalDocs',
  'discriminator',
  'readOnly',
  'writeOnly',
  'deprecated',
  'nullable',
]);

function isObj(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts an OpenAPI 3.0 schema (recursively) to JSON Schema draft-07 understood by ajv. */
export function toJsonSchema(schema: Json, refPrefix: string): Json {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, refPrefix));
  if (!isObj(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (DROP_KEYS.has(k) || k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(/^#\//, `${refPrefix}#/`);
    else if (k === 'properties' && isObj(v)) {
      const props: JsonObject = {};
      for (const [pk, pv] of Object.entries(v)) props[pk] = toJsonSchema(pv, refPrefix);
      out.properties = props;
    } else if (k === 'default' || k === 'enum' || k === 'required') out[k] = v;
    else out[k] = toJsonSchema(v, refPrefix);
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// spec loading and operation lookup

interface Operation {
  method: string;
  template: string;
  op: JsonObject;
  regex: RegExp;
  paramCount: number;
}

interface LoadedSpec {
  ajv: Ajv;
  operations: Operation[];
  validators: Map<string, ValidateFunction>;
}

let loaded: LoadedSpec | undefined;
const SPEC_ID = 'jira-openapi';

function load(): LoadedSpec {
  if (loaded) return loaded;
  const file = specPath();
  if (!existsSync(file)) throw missingError(NEEDS.openapi());
  const spec = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  const components = isObj(spec.components) ? spec.components : {};
  const schemas = isObj(components.schemas) ? components.schemas : {};
  const converted: JsonObject = {};
  for (const [name, s] of Object.entries(schemas)) converted[name] = toJsonSchema(s, SPEC_ID);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: converted } } as object);
  const operations: Operation[] = [];
  const paths = isObj(spec.paths) ? spec.paths : {};
  for (const [template, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    let paramCount = 0;
    const pattern = template
      .split('/')
      .map((seg) => {
        if (/^\{[^}]+\}$/.test(seg)) {
          paramCount++;
          return '[^/]+';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      const op = item[method];
      if (isObj(op)) operations.push({ method: method.toUpperCase(), template, op, regex: new RegExp(`^${pattern}/?$`), paramCount });
    }
  }
  loaded = { ajv, operations, validators: new Map() };
  return loaded;
}

/** Finds the spec operation of a path template (`/rest/api/3/issue/{issueIdOrKey}`) or a concrete path (`/rest/api/3/issue/DEMO-1`). */
export function findOperation(
  method: string,
  pathOrTemplate: string,
): { template: string; operationId: string; op: JsonObject } | undefined {
  const s = load();
  const m = method.toUpperCase();
  const p = pathOrTemplate.split('?')[0] as string;
  const exact = s.operations.find((o) => o.method === m && o.template === p);
  const hit = exact ?? s.operations.filter((o) => o.method === m && o.regex.test(p)).sort((a, b) => a.paramCount - b.paramCount)[0];
  if (!hit) return undefined;
  return {
    template: hit.template,
    operationId: typeof hit.op.operationId === 'string' ? hit.op.operationId : `${m} ${hit.template}`,
    op: hit.op,
  };
}

function jsonSchemaOf(content: Json | undefined): Json | undefined {
  if (!isObj(content)) return undefined;
  const media = content['application/json'] ?? Object.values(content)[0];
  if (!isObj(media) || media.schema === undefined) return undefined;
  return media.schema;
}

function compile(key: string, schema: Json): ValidateFunction {
  const s = load();
  let v = s.validators.get(key);
  if (!v) {
    v = s.ajv.compile(toJsonSchema(schema, SPEC_ID) as object);
    s.validators.set(key, v);
  }
  return v;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

function isEmptySchema(schema: Json): boolean {
  return isObj(schema) && Object.keys(schema).length === 0;
}

/**
 * The spec leaves `IssueBean.fields` untyped. Stricter than the spec, the values of these system fields are
 * checked against the spec's own component schemas for them (as Jira Cloud returns them).
 */
export const ISSUE_FIELD_SCHEMAS: Record<string, Json> = {
  summary: { type: 'string' },
  labels: { type: 'array', items: { type: 'string' } },
  created: { type: 'string' },
  updated: { type: 'string' },
  resolutiondate: { type: 'string', nullable: true },
  project: { $ref: '#/components/schemas/ProjectDetails' },
  status: { $ref: '#/components/schemas/StatusDetails' },
  issuetype: { $ref: '#/components/schemas/IssueTypeDetails' },
  assignee: { $ref: '#/components/schemas/UserDetails', nullable: true },
  reporter: { $ref: '#/components/schemas/UserDetails', nullable: true },
  creator: { $ref: '#/components/schemas/UserDetails', nullable: true },
  resolution: { $ref: '#/components/schemas/Resolution', nullable: true },
};

const ISSUE_OPERATIONS = new Set(['getIssue', 'searchAndReconsileIssuesUsingJql', 'searchAndReconsileIssuesUsingJqlPost']);

function issueFieldErrors(operationId: string, body: unknown): string[] {
  if (!ISSUE_OPERATIONS.has(operationId) || typeof body !== 'object' || body === null) return [];
  const b = body as Record<string, unknown>;
  const issues: { at: string; issue: unknown }[] = Array.isArray(b.issues)
    ? b.issues.map((issue, i) => ({ at: `/issues/${i}`, issue }))
    : [{ at: '', issue: body }];
  const errors: string[] = [];
  for (const { at, issue } of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const fields = (issue as Record<string, unknown>).fields;
    if (typeof fields !== 'object' || fields === null) continue;
    for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
      const schema = ISSUE_FIELD_SCHEMAS[name];
      if (schema === undefined) continue;
      const v = compile(`field ${name}`, schema);
      if (!v(value)) errors.push(...formatErrors(v.errors).map((e) => `${at}/fields/${name}${e.startsWith('(root)') ? e.slice(6) : e}`));
    }
  }
  return errors;
}

/** Validates a response body against the response schema of the operation for that status. */
export function validateAgainstSpec(method: string, pathTemplateOrConcretePath: string, status: number, body: unknown): SpecCheck {
  const found = findOperation(method, pathTemplateOrConcretePath);
  if (!found)
    return {
      valid: false,
      checked: false,
      errors: [`${method.toUpperCase()} ${pathTemplateOrConcretePath} is not an operation of the Jira Cloud REST API spec`],
    };
  const base = { operation: found.operationId, pathTemplate: found.template };
  const responses = isObj(found.op.responses) ? found.op.responses : {};
  const resp = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  if (!isObj(resp)) {
    return {
      ...base,
      valid: false,
      checked: false,
      errors: [`status ${status} is not documented for ${found.operationId} (documented: ${Object.keys(responses).join(', ')})`],
    };
  }
  const schema = jsonSchemaOf(resp.content);
  if (schema === undefined || isEmptySchema(schema)) return { ...base, valid: true, checked: false, errors: [] };
  const v = compile(`res ${found.operationId} ${status}`, schema);
  const errors = v(body) ? [] : formatErrors(v.errors);
  if (status >= 200 && status < 300) errors.push(...issueFieldErrors(found.operationId, body));
  return { ...base, valid: errors.length === 0, checked: true, errors };
}

/** Validates a request body against the operation's request body schema. */
export function validateRequestBody(method: string, pathTemplateOrConcretePath: string, body: unknown): SpecCheck {
  const found = findOperation(method, pathTemplateOrConcretePath);
  if (!found)
    return {
      valid: false,
      checked: false,
      errors: [`${method.toUpperCase()} ${pathTemplateOrConcretePath} is not an operation of the Jira Cloud REST API spec`],
    };
  const base = { operation: found.operationId, pathTemplate: found.template };
  const rb = found.op.requestBody;
  if (!isObj(rb)) {
    if (body === undefined || body === null || body === '') return { ...base, valid: true, checked: false, errors: [] };
    return { ...base, valid: false, checked: true, errors: [`${found.operationId} takes no request body`] };
  }
  if (body === undefined) {
    return rb.required === true
      ? { ...base, valid: false, checked: true, errors: [`${found.operationId} requires a request body`] }
      : { ...base, valid: true, checked: false, errors: [] };
  }
  const schema = jsonSchemaOf(rb.content);
  if (schema === undefined || isEmptySchema(schema)) return { ...base, valid: true, checked: false, errors: [] };
  const v = compile(`req ${found.operationId}`, schema);
  const ok = v(body);
  return { ...base, valid: ok, checked: true, errors: ok ? [] : formatErrors(v.errors) };
}

/**
 * Validates a whole request: the operation exists for this method, query parameters are ones the operation
 * declares (and required ones are present), and the body matches.
 */
export function validateRequest(method: string, urlOrPath: string, body?: unknown): SpecCheck {
  const url = new URL(urlOrPath, 'http://spec.invalid');
  const found = findOperation(method, url.pathname);
  if (!found)
    return {
      valid: false,
      checked: false,
      errors: [`${method.toUpperCase()} ${url.pathname} is not an operation of the Jira Cloud REST API spec`],
    };
  const errors: string[] = [];
  const params = Array.isArray(found.op.parameters) ? found.op.parameters.filter(isObj) : [];
  const query = params.filter((p) => p.in === 'query');
  const declared = new Set(query.map((p) => String(p.name)));
  for (const name of new Set(url.searchParams.keys())) {
    if (!declared.has(name)) errors.push(`query parameter '${name}' is not declared by ${found.operationId}`);
  }
  for (const p of query)
    if (p.required === true && !url.searchParams.has(String(p.name)))
      errors.push(`required query parameter '${String(p.name)}' is missing`);
  const b = validateRequestBody(method, url.pathname, body);
  errors.push(...b.errors);
  return { operation: found.operationId, pathTemplate: found.template, valid: errors.length === 0, checked: true, errors };
}

/** The OAuth scopes (`x-atlassian-oauth2-scopes`) an operation needs, e.g. for the Forge harness's scope check. */
export function requiredScopes(method: string, pathTemplateOrConcretePath: string): { state: string; scopes: string[] }[] {
  const found = findOperation(method, pathTemplateOrConcretePath);
  if (!found) return [];
  const raw = found.op['x-atlassian-oauth2-scopes'];
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map((s) => ({ state: String(s.state ?? ''), scopes: Array.isArray(s.scopes) ? s.scopes.map(String) : [] }));
}

/** Jest-friendly assertion: throws with the list of mismatches. */
export function expectMatchesSpec(method: string, p: string, status: number, body: unknown): void {
  const r = validateAgainstSpec(method, p, status, body);
  if (!r.valid) throw new Error(`${method} ${p} → ${status} does not match the spec (${r.operation ?? '?'}):\n  ${r.errors.join('\n  ')}`);
}

export function expectRequestMatchesSpec(method: string, p: string, body?: unknown): void {
  const r = validateRequest(method, p, body);
  if (!r.valid) throw new Error(`${method} ${p} request does not match the spec (${r.operation ?? '?'}):\n  ${r.errors.join('\n  ')}`);
}

/** One recorded Jira call (e.g. by the Forge harness): checks the request and the response together. */
export interface RecordedExchange {
  method: string;
  /** path with query, or a full URL */
  url: string;
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
}

export function validateExchange(x: RecordedExchange): SpecCheck {
  const path = new URL(x.url, 'http://spec.invalid').pathname;
  const req = validateRequest(x.method, x.url, x.requestBody);
  const res = validateAgainstSpec(x.method, path, x.status, x.responseBody);
  return {
    operation: req.operation ?? res.operation,
    pathTemplate: req.pathTemplate ?? res.pathTemplate,
    valid: req.valid && res.valid,
    checked: req.checked || res.checked,
    errors: [...req.errors.map((e) => `request: ${e}`), ...res.errors.map((e) => `response ${x.status}: ${e}`)],
  };
}
