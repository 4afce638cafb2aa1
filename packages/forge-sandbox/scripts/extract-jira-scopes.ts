/**
 * Generates src/forge/jira-scopes.json from Atlassian's Jira Cloud OpenAPI description:
 * for every operation the sandbox's Jira emulator serves (its route table; a call to any other
 * operation gets the emulator's 404 anyway), its method, path template and the OAuth 2.0 scope sets that allow it
 * (`x-atlassian-oauth2-scopes`: the classic "Current" set first, then the granular "Beta" set;
 * for the few operations without that extension, the OAuth2 entry of `security`).
 * No prose is copied. The Forge harness reads the extract to enforce manifest scopes.
 *
 *   npx tsx scripts/extract-jira-scopes.ts [path/to/swagger-v3.v3.json]
 *
 * Default spec path: $JIRA_OPENAPI_PATH, else ../shared/jira-openapi/swagger-v3.v3.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROUTES } from '../src/jira/routes';

export interface ScopeOperation {
  method: string;
  path: string;
  /** Alternative scope sets; the operation is allowed when the app has every scope of any one set. */
  scopes: string[][];
}

export interface ScopeExtract {
  source: string;
  operations: ScopeOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** The operations the sandbox serves, as "METHOD /path/template". */
export const SERVED_OPERATIONS: ReadonlySet<string> = new Set(ROUTES.map((r) => `${r.method} ${r.template}`));

export function extractJiraScopes(spec: unknown, only: ReadonlySet<string> = SERVED_OPERATIONS): ScopeExtract {
  if (!isRecord(spec) || !isRecord(spec.paths)) throw new Error('Not an OpenAPI document: no "paths"');
  const info = isRecord(spec.info) ? spec.info : {};
  const operations: ScopeOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op) || !only.has(`${method.toUpperCase()} ${path}`)) continue;
      const sets: string[][] = [];
      const ext = Array.isArray(op['x-atlassian-oauth2-scopes']) ? op['x-atlassian-oauth2-scopes'].filter(isRecord) : [];
      const ordered = [...ext.filter((e) => e.state === 'Current'), ...ext.filter((e) => e.state !== 'Current')];
      for (const e of ordered) {
        const s = strings(e.scopes);
        if (s.length) sets.push([...s].sort());
      }
      if (sets.length === 0 && Array.isArray(op.security)) {
        for (const sec of op.security) {
          if (isRecord(sec) && Array.isArray(sec.OAuth2)) {
            const s = strings(sec.OAuth2);
            if (s.length) sets.push([...s].sort());
          }
        }
      }
      operations.push({ method: method.toUpperCase(), path, scopes: sets });
    }
  }
  operations.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
  return { source: `${String(info.title ?? 'Jira Cloud platform REST API')} ${String(info.version ?? '')}`.trim(), operations };
}

/** The extract as committed (stable formatting: one operation per line). */
export function formatExtract(extract: ScopeExtract): string {
  const lines = extract.operations.map((o) => `    ${JSON.stringify(o)}`);
  return `{\n  "source": ${JSON.stringify(extract.source)},\n  "operations": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

export const PACKAGE_DIR = resolve(__dirname, '..');
export const EXTRACT_PATH = resolve(PACKAGE_DIR, 'src/forge/jira-scopes.json');
export const DEFAULT_SPEC_PATH = process.env.JIRA_OPENAPI_PATH ?? resolve(process.cwd(), '../shared/jira-openapi/swagger-v3.v3.json');

if (require.main === module) {
  const specPath = process.argv[2] ?? DEFAULT_SPEC_PATH;
  const extract = extractJiraScopes(JSON.parse(readFileSync(specPath, 'utf8')));
  writeFileSync(EXTRACT_PATH, formatExtract(extract));
  console.log(`Wrote ${extract.operations.length} operations to ${EXTRACT_PATH}`);
}
