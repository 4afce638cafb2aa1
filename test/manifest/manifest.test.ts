/**
 * The Forge manifest, checked offline: Forge's own schema (`@forge/manifest` validate()), Forge's
 * client-side linters (`@forge/lint`) and our route → scope mapping (scripts/forge-checks.ts),
 * plus what docs/ARCHITECTURE.md and the locales promise. The second half proves, on temporary
 * copies, that each of these checks fails where it should.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ManifestSchema } from '@forge/manifest';
import {
  checkManifest,
  missingHandlers,
  readManifest,
  REPO_ROOT,
  validateManifest,
  type ManifestCheckResult,
} from '../../scripts/forge-checks';

const MANIFEST = path.join(REPO_ROOT, 'manifest.yml');
const SLOW = 180_000;
const UNUSED = 'is declared in permissions.scopes but no API call in the source needs it';

// ------------------------------------------------------------------------------ helpers

/** Every `{ i18n: key }` in the manifest. */
function i18nKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => i18nKeys(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'i18n' && typeof v === 'string') out.push(v);
      else i18nKeys(v, out);
    }
  }
  return out;
}

function lookup(json: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), json);
}

interface DocRow {
  moduleType: string;
  key: string;
  functionKey: string;
  handler: string;
  /** Backticked words of the first cell: trigger events, the consumer's queue. */
  details: string[];
  epicOnly: boolean;
}

/** The "Forge module keys and function handlers" table of docs/ARCHITECTURE.md. */
function architectureRows(): DocRow[] {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Forge module keys and function handlers')) ?? '';
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !/^\|\s*module\s*\|/.test(l))
    .map((line) => {
      const [first = '', second = '', third = '', fourth = ''] = line.split('|').slice(1, -1);
      return {
        moduleType: first.trim().split(/\s+/)[0] ?? '',
        key: ticks(second)[0] ?? '',
        functionKey: ticks(third)[0] ?? '',
        handler: ticks(fourth)[0] ?? '',
        details: ticks(first),
        epicOnly: /Epic only/.test(first),
      };
    });
}

type ModuleEntry = Record<string, unknown> & { key: string };
function modulesOf(manifest: ManifestSchema, type: string): ModuleEntry[] {
  return ((manifest.modules as Record<string, ModuleEntry[] | undefined> | undefined)?.[type] ?? []) as ModuleEntry[];
}

const tempDirs: string[] = [];
/** A throw-away app: manifest.yml, the real locales, and the given source files. */
function tempApp(manifestText: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-test-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'manifest.yml'), manifestText);
  fs.cpSync(path.join(REPO_ROOT, 'locales'), path.join(dir, 'locales'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, 'manifest.yml');
}
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// --------------------------------------------------------------------- the real manifest

describe('manifest.yml', () => {
  const manifest = readManifest(MANIFEST);
  let result: ManifestCheckResult;
  beforeAll(async () => {
    result = await checkManifest(MANIFEST, { srcDir: 'src' });
  }, SLOW);

  it("passes Forge's schema validation (@forge/manifest validate)", () => {
    expect(result.schemaErrors).toEqual([]);
  });

  it("has no errors from Forge's client-side linters or the route → scope check", () => {
    expect(result.lintErrors).toEqual([]);
  });

  it('declares only scopes that the code needs', () => {
    expect(result.lintWarnings.filter((w) => w.includes(UNUSED))).toEqual([]);
  });

  it('runs on nodejs24.x', () => {
    expect(manifest.app.runtime?.name).toBe('nodejs24.x');
  });

  it('has fi-FI, sv-SE and en-US translations with Finnish as the fallback', () => {
    expect(manifest.translations?.resources.map((r) => r.key).sort()).toEqual(['en-US', 'fi-FI', 'sv-SE']);
    expect(manifest.translations?.fallback.default).toBe('fi-FI');
  });

  it('every i18n key it uses exists in every locale file', () => {
    const keys = i18nKeys(manifest.modules);
    expect(keys.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const resource of manifest.translations?.resources ?? []) {
      const json: unknown = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, resource.path), 'utf8'));
      for (const key of keys) {
        const text = lookup(json, key);
        if (typeof text !== 'string' || !text.trim()) missing.push(`${resource.key}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  describe('has the modules and functions of docs/ARCHITECTURE.md', () => {
    const rows = architectureRows();
    const functions = new Map(modulesOf(manifest, 'function').map((f) => [f.key, f.handler]));

    it('the table is there', () => {
      expect(rows.length).toBeGreaterThanOrEqual(6);
    });

    it.each(rows.map((r) => [`${r.moduleType} ${r.key}`, r] as const))('%s', (_name, row) => {
      const module = modulesOf(manifest, row.moduleType).find((m) => m.key === row.key);
      expect(module).toBeDefined();
      const resolver = module?.resolver as { function?: string } | undefined;
      expect(module?.function ?? resolver?.function).toBe(row.functionKey || undefined);
      if (row.functionKey) expect(functions.get(row.functionKey)).toBe(row.handler.includes('.') ? row.handler : `index.${row.handler}`);
      // a display condition by issue type name would hide the panel on renamed or localised epic types
      if (row.moduleType === 'jira:issuePanel' || row.moduleType === 'jira:issueContext') expect(module?.displayConditions).toBeUndefined();
      if (row.moduleType === 'trigger') expect([...((module?.events as string[]) ?? [])].sort()).toEqual(row.details.sort());
      if (row.moduleType === 'consumer') expect(module?.queue).toBe(row.details[0]);
    });

    it('and no module or function the table does not name', () => {
      const documented = rows.map((r) => `${r.moduleType} ${r.key}`).sort();
      const declared = Object.keys(manifest.modules ?? {})
        .filter((type) => type !== 'function')
        .flatMap((type) => modulesOf(manifest, type).map((m) => `${type} ${m.key}`))
        .sort();
      expect(declared).toEqual(documented);
      expect([...functions.keys()].sort()).toEqual([...new Set(rows.map((r) => r.functionKey).filter(Boolean))].sort());
    });
  });

  it('every handler <file>.X is a callable export of src/<file>.ts', () => {
    expect(missingHandlers(MANIFEST, { srcDir: 'src' })).toEqual([]);
  });
});

// ------------------------------------------------------------- the checks can fail

describe('the checks fail on a broken manifest', () => {
  const real = fs.readFileSync(MANIFEST, 'utf8');

  it(
    'an unknown module key is a schema error',
    async () => {
      const broken = real.replace('  jira:issuePanel:', '  jira:issuePanell:');
      expect(broken).not.toBe(real);
      const errors = await validateManifest(tempApp(broken));
      expect(errors.join('\n')).toMatch(/jira:issuePanell/);
    },
    SLOW,
  );

  // Forge's schema lets UI and validator modules carry extra properties; functions, triggers and `app` are closed.
  it(
    'an unknown property is a schema error',
    async () => {
      const broken = real.replace('      handler: index.panelResolver', '      handler: index.panelResolver\n      colour: purple');
      expect(broken).not.toBe(real);
      const errors = await validateManifest(tempApp(broken));
      expect(errors.join('\n')).toMatch(/function should NOT have additional property 'colour'/);
    },
    SLOW,
  );

  describe('scopes against the code', () => {
    const manifestText = (scopes: string[], module = 'webtrigger:\n    - key: hook\n      function: main') => `modules:
  ${module}
  function:
    - key: main
      handler: index.run
permissions:
  scopes:
${scopes.map((scope) => `    - ${scope}`).join('\n')}
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000
  runtime:
    name: nodejs24.x
`;
    const direct = `import api, { route } from '@forge/api';
export async function run(): Promise<void> {
  await api.asApp().requestJira(route\`/rest/api/3/issue/bulk\`, { method: 'POST' });
}
`;
    let result: ManifestCheckResult;
    beforeAll(async () => {
      result = await checkManifest(tempApp(manifestText(['manage:jira-configuration']), { 'src/index.ts': direct }), { srcDir: 'src' });
    }, SLOW);

    it('requestJira(route`/rest/api/3/issue/bulk`, POST) without write:jira-work is a lint error naming the scope', () => {
      expect(result.schemaErrors).toEqual([]);
      expect(result.lintErrors).toEqual([expect.stringMatching(/POST \/rest\/api\/3\/issue\/bulk requires "write:jira-work" scope/)]);
    });

    it(
      "Forge's own permission linter sees the app's real Jira client calls (src/jira/issues.ts)",
      async () => {
        const real = fs.readFileSync(MANIFEST, 'utf8').replace(/^\s*- write:jira-work\n/m, '');
        const manifestPath = tempApp(real);
        fs.cpSync(path.join(REPO_ROOT, 'src'), path.join(path.dirname(manifestPath), 'src'), { recursive: true });
        const r = await checkManifest(manifestPath, { srcDir: 'src' });
        const forgeFindings = r.lintErrors.filter((e) => e.includes('(permission-scope-required)') && e.includes('src/jira/issues.ts'));
        expect(forgeFindings).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/POST \/rest\/api\/3\/issue\/bulk requires "write:jira-work"/),
            expect.stringMatching(/PUT \/rest\/api\/3\/issue\/\{issueIdOrKey\}\/assignee requires "write:jira-work"/),
            expect.stringMatching(/PUT \/rest\/api\/3\/issue\/\{issueIdOrKey\}\/properties\/\{propertyKey\} requires "write:jira-work"/),
          ]),
        );
      },
      SLOW,
    );

    it('a declared scope that no call needs is reported', () => {
      expect(result.lintWarnings).toEqual([expect.stringContaining(`scope "manage:jira-configuration" ${UNUSED}`)]);
    });

    it(
      'a route passed through a wrapper (as src/jira does), @forge/kvs and an unknown route are checked too',
      async () => {
        const wrapped = `import { route, type Route } from '@forge/api';
import { kvs } from '@forge/kvs';
declare function send(op: string, path: Route, options?: { method?: string }): Promise<void>;
export async function run(): Promise<void> {
  await send('setIssueProperty', route\`/rest/api/3/issue/\${'KEY-1'}/properties/\${'p'}\`, { method: 'PUT' });
  await send('workflows', route\`/rest/api/3/workflows/search?\${'q'}\`);
  await kvs.get('x');
  await send('typo', route\`/rest/api/3/isue/\${'KEY-1'}\`);
}
`;
        const trigger = 'trigger:\n    - key: issue-events\n      function: main\n      events:\n        - avi:jira:created:issue';
        const r = await checkManifest(
          tempApp(manifestText(['read:jira-work', 'manage:jira-configuration'], trigger), { 'src/index.ts': wrapped }),
          { srcDir: 'src' },
        );
        expect(r.lintErrors).toEqual([
          expect.stringMatching(
            /PUT \/rest\/api\/3\/issue\/\{issueIdOrKey\}\/properties\/\{propertyKey\} requires "write:jira-work" scope/,
          ),
          expect.stringMatching(/@forge\/kvs requires the "storage:app" scope/),
        ]);
        // GET /workflows/search needs manage:jira-configuration, the trigger's event read:jira-work.
        expect(r.lintWarnings.filter((w) => w.includes(UNUSED))).toEqual([]);
        expect(r.lintWarnings).toContainEqual(
          expect.stringMatching(/GET \/rest\/api\/3\/isue\/\\S\* is no operation of the Jira OpenAPI description/),
        );
      },
      SLOW,
    );
  });
});
