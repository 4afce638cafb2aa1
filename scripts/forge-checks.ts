/**
 * Offline Forge manifest checks: `@forge/manifest`'s schema validation and the client-side
 * linters of `@forge/lint`, run without an Atlassian site (see ../shared/FORGE-OFFLINE.md).
 *
 * Usage as a CLI: `npx tsx scripts/forge-checks.ts [path/to/manifest.yml] [--scopes]` prints the
 * findings (with --scopes: what needs each declared scope) and exits non-zero on errors. As a module: `checkManifest(manifestPath, { srcDir })`.
 *
 * Two additions to what `forge lint` does, both needed by this code base:
 * - `lint()` of @forge/lint drops every .ts file that is not listed *by file name* in
 *   tsconfig.json's `include` (our tsconfig includes directories: `"src"`), so here the client-side
 *   linters are run on the parsed files directly, exactly as `lint()` runs them otherwise.
 * - Forge's permission linter only sees `requestJira(route`...`)` written inside the call. Our
 *   Jira client passes the route through a wrapper (`send(actor, op, route`...`, { method })`),
 *   which it cannot see. So every `route` template in src is mapped to its operation in the Jira
 *   OpenAPI description as well: a scope it needs that is not declared is an error, and a declared
 *   scope that no call needs (nor `@forge/kvs` for `storage:app`) is reported as unused (a warning).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getMissingScopes, ManifestParserBuilder, validate, type ManifestSchema } from '@forge/manifest';
import {
  getClientSideLintersOnly,
  parseSourceFile,
  PermissionLinter,
  tsParser,
  type LintInput,
  type LinterInterface,
  type LintResult,
} from '@forge/lint';
import { StatsigReader, type DynamicConfig, type DynamicConfigKey, type StatsigService } from '@forge/cli-shared';
import ts from 'typescript';
import { missingLine, NEEDS, skipAllowed } from '../test/needs';

export interface ManifestCheckResult {
  schemaErrors: string[];
  lintErrors: string[];
  lintWarnings: string[];
  /** For each declared scope, what needs it (routes in src, trigger events, @forge/kvs); when the spec was there. */
  scopeUse?: Record<string, string[]>;
}

export interface CheckOptions {
  /** Directory of the app's function code, relative to the manifest's directory or absolute. Default `src`. */
  srcDir?: string;
}

/** The repository root (this file lives in `<root>/scripts`). */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** Where the Jira Cloud platform OpenAPI description is: `JIRA_OPENAPI_PATH`, else `../shared/jira-openapi/swagger-v3.v3.json` from the repo root. */
export function jiraSpecPath(): string {
  return process.env.JIRA_OPENAPI_PATH ?? path.resolve(REPO_ROOT, '../shared/jira-openapi/swagger-v3.v3.json');
}

/** Runtimes Forge reports as deprecated; the linter needs some answer offline. */
const DEPRECATED_RUNTIMES = ['nodejs18.x', 'nodejs20.x'];

/** The feature-flag service of the Forge CLI, answered locally: every gate off. */
class OfflineStatsig extends StatsigReader {
  async checkGate(): Promise<boolean> {
    return false;
  }
  async getDynamicConfig<F extends DynamicConfigKey>(flag: F): Promise<DynamicConfig[F] | null> {
    const answers: Partial<DynamicConfig> = { 'xls-forge-cli-deprecated-runtimes': DEPRECATED_RUNTIMES };
    return answers[flag] ?? null;
  }
}

// ----------------------------------------------------------------------------------- helpers

/** The manifest linters and the translation checks read files relative to the working directory,
 * so each check runs inside the manifest's directory, one at a time. */
let queue: Promise<unknown> = Promise.resolve();
function inDirectory<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const previous = process.cwd();
    process.chdir(dir);
    try {
      return await task();
    } finally {
      process.chdir(previous);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

async function withEnv<T>(vars: Record<string, string>, task: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await task();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The .ts/.tsx files under `dir`, as paths relative to `root` (the form `forge lint` passes). */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(path.relative(root, child));
      }
    }
  };
  walk(path.resolve(root, dir));
  return out.sort();
}

const where = (file: string, line?: number, column?: number) => (line ? `${file}:${line}:${column ?? 0}` : file);

function formatLint(result: LintResult, kind: 'errors' | 'warnings'): string[] {
  return result[kind].map((r) => `${where(result.file, r.line, r.column)}: ${r.message} (${r.reference})`);
}

// ------------------------------------------------------------------------- route → scopes

interface OAuthScopes {
  scopes: string[];
  state: string;
}
interface SpecOperation {
  'x-atlassian-oauth2-scopes'?: OAuthScopes[];
  security?: Record<string, string[]>[];
}
type SpecPaths = Record<string, Record<string, SpecOperation>>;

interface RouteUse {
  file: string;
  line: number;
  column: number;
  method: string;
  /** The route with every `${...}` as `\S*`, as Forge's permission linter writes it. */
  path: string;
}

interface ResolvedRoute extends RouteUse {
  specPath: string;
  /** Every scope the operation lists (current, beta or deprecated, classic or granular). */
  scopes: Set<string>;
  current: string[];
  beta: string[];
}

/** Every `route`...`` template in a parsed file; its method is the `method` literal of an object
 * literal passed to the same call (`requestJira(route`...`, { method })` or `send(..., route`...`, { method })`), else GET. */
function findRoutes(input: LintInput): RouteUse[] {
  const found: RouteUse[] = [];
  input.ast?.traverse({
    enter: (node, parent) => {
      if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier' || node.tag.name !== 'route') return;
      let method = 'GET';
      if (parent?.type === 'CallExpression') {
        for (const arg of parent.arguments) {
          if (arg.type !== 'ObjectExpression') continue;
          for (const prop of arg.properties) {
            if (
              prop.type === 'Property' &&
              prop.key.type === 'Identifier' &&
              prop.key.name === 'method' &&
              prop.value.type === 'Literal' &&
              typeof prop.value.value === 'string'
            ) {
              method = prop.value.value.toUpperCase();
            }
          }
        }
      }
      const routePath = node.quasi.quasis.map((q) => q.value.cooked ?? '').join('\\S*');
      found.push({ file: input.filepath, line: node.loc.start.line, column: node.loc.start.column, method, path: routePath });
    },
  });
  return found;
}

/** Looks a route up the way Forge's permission linter does: first spec path whose pattern matches. */
function resolveRoutes(uses: RouteUse[], paths: SpecPaths): { resolved: ResolvedRoute[]; unknown: RouteUse[] } {
  const patterns = Object.keys(paths).map((p) => ({
    specPath: p,
    regex: new RegExp(p.replace(/{(?<={)(.*?)(?=})}/g, '[^\\/\\s]*') + '\\/?$'),
  }));
  const resolved: ResolvedRoute[] = [];
  const unknown: RouteUse[] = [];
  for (const use of uses) {
    const bare = use.path.replace(/\?.+$/, '');
    const hit = patterns.find((p) => p.regex.test(bare));
    const operation = hit ? paths[hit.specPath]?.[use.method.toLowerCase()] : undefined;
    if (!hit || !operation) {
      unknown.push(use);
      continue;
    }
    const oauth = operation['x-atlassian-oauth2-scopes'] ?? [];
    const byState = (state: string) => oauth.filter((s) => s.state === state).flatMap((s) => s.scopes);
    const classic = (operation.security ?? []).flatMap((entry) => [...(entry.OAuth2 ?? []), ...(entry.oAuthDefinitions ?? [])]);
    const current = oauth.length ? byState('Current') : classic;
    resolved.push({
      ...use,
      specPath: hit.specPath,
      current,
      beta: byState('Beta'),
      scopes: new Set([...oauth.flatMap((s) => s.scopes), ...classic]),
    });
  }
  return { resolved, unknown };
}

interface EventScopeMapping {
  mapping: { productEvent: string; oAuthScopes: Record<string, string[] | undefined> }[];
}
let eventMapping: EventScopeMapping | undefined;
/** The scopes a product event of a `trigger` needs: @forge/manifest's own mapping (not in its `exports`, so read as a file). */
function eventScopes(event: string): string[] {
  eventMapping ??= JSON.parse(
    fs.readFileSync(path.join(path.dirname(require.resolve('@forge/manifest')), 'mapping/product-event-to-scope-mapping.json'), 'utf8'),
  ) as EventScopeMapping;
  const entry = eventMapping.mapping.find((m) => m.productEvent === event);
  return Object.values(entry?.oAuthScopes ?? {}).flatMap((list) => list ?? []);
}

function importsModule(input: LintInput, moduleName: string): boolean {
  let found = false;
  input.ast?.traverse({
    enter: (node) => {
      if (node.type === 'ImportDeclaration' && node.source.value === moduleName) found = true;
    },
  });
  return found;
}

async function checkScopes(
  inputs: LintInput[],
  manifest: ManifestSchema,
  specPaths: SpecPaths,
  result: ManifestCheckResult,
): Promise<void> {
  const scopes = manifest.permissions?.scopes ?? [];
  // `scopes` is a list, or (newer form) a map keyed by scope.
  const declared = Array.isArray(scopes) ? scopes : Object.keys(scopes);
  const { resolved: routes, unknown } = resolveRoutes(inputs.flatMap(findRoutes), specPaths);
  for (const u of unknown) {
    result.lintWarnings.push(
      `${where(u.file, u.line, u.column)}: ${u.method} ${u.path} is no operation of the Jira OpenAPI description: its scopes cannot be checked`,
    );
  }
  for (const r of routes) {
    for (const scope of await getMissingScopes(manifest.permissions?.scopes, { current: r.current, beta: r.beta })) {
      const message = `Jira endpoint: ${r.method} ${r.specPath} requires "${scope}" scope`;
      // A direct requestJira(route`...`) call has been reported by Forge's permission linter already.
      if (result.lintErrors.some((l) => l.startsWith(`${r.file}:${r.line}:`) && l.includes(message))) continue;
      result.lintErrors.push(`${where(r.file, r.line, r.column)}: ${message}`);
    }
  }
  const kvsUsers = inputs.filter((i) => importsModule(i, '@forge/kvs')).map((i) => i.filepath);
  if (kvsUsers.length && !declared.includes('storage:app')) {
    result.lintErrors.push(`${kvsUsers[0]}: Using @forge/kvs requires the "storage:app" scope`);
  }
  const triggerEvents = (manifest.modules?.trigger ?? []).flatMap((t): (string | { eventType: string })[] =>
    'events' in t ? [...t.events] : [],
  );
  const triggerScopes = new Set(triggerEvents.flatMap((e) => eventScopes(typeof e === 'string' ? e : e.eventType)));
  result.scopeUse = {};
  for (const scope of declared) {
    const users = [
      ...(triggerScopes.has(scope) ? ['trigger events'] : []),
      ...(scope === 'storage:app' ? kvsUsers.map((f) => `@forge/kvs in ${f}`) : []),
      ...new Set(routes.filter((r) => r.scopes.has(scope)).map((r) => `${r.method} ${r.specPath}`)),
    ];
    result.scopeUse[scope] = users;
    const needed = users.length > 0;
    if (!needed)
      result.lintWarnings.push(`manifest.yml: scope "${scope}" is declared in permissions.scopes but no API call in the source needs it`);
  }
}

// ------------------------------------------------------------------------------ the check

async function runValidate(): Promise<{ result: ManifestCheckResult; manifest?: ManifestSchema }> {
  const result: ManifestCheckResult = { schemaErrors: [], lintErrors: [], lintWarnings: [] };
  const validation = await validate(false, 'manifest.yml');
  for (const e of validation.errors ?? []) {
    const line = `${where('manifest.yml', e.line, e.column)}: ${e.message} (${e.reference})`;
    if (e.level === 'warning') result.lintWarnings.push(line);
    else result.schemaErrors.push(line);
  }
  // validate(false, ...) is the full validation, so the content is a full manifest.
  return { result, manifest: validation.manifestObject?.typedContent as ManifestSchema | undefined };
}

/** Only `@forge/manifest`'s `validate()` (the schema and its cross-checks): fast, no linters. */
export async function validateManifest(manifestPath: string): Promise<string[]> {
  const appRoot = path.dirname(path.resolve(manifestPath));
  if (path.basename(manifestPath) !== 'manifest.yml')
    throw new Error(`${manifestPath}: the Forge tools need the file to be called manifest.yml`);
  const { result } = await inDirectory(appRoot, runValidate);
  return result.schemaErrors;
}

/**
 * Validates the manifest against Forge's schema and runs Forge's client-side linters over the
 * app's source files, offline. `manifestPath` must be a file named `manifest.yml` (the linters read
 * it by that name from its directory).
 */
export async function checkManifest(manifestPath: string, options: CheckOptions = {}): Promise<ManifestCheckResult> {
  const appRoot = path.dirname(path.resolve(manifestPath));
  if (path.basename(manifestPath) !== 'manifest.yml')
    throw new Error(`${manifestPath}: the Forge linters need the file to be called manifest.yml`);
  const srcDir = options.srcDir ?? 'src';
  const specPath = jiraSpecPath();
  const specPresent = fs.existsSync(specPath);
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-checks-'));
  const emptySpec = path.join(emptyDir, 'empty-swagger.json');
  fs.writeFileSync(emptySpec, '{"paths":{}}');

  try {
    return await inDirectory(appRoot, () =>
      withEnv(
        {
          USE_LOCAL_SWAGGER: '1',
          LOCAL_JIRA_SWAGGER: specPresent ? specPath : emptySpec,
          LOCAL_JSM_SWAGGER: emptySpec,
          LOCAL_JSW_SWAGGER: emptySpec,
          LOCAL_CONF_SWAGGER: emptySpec,
          LOCAL_CONF_V2_SWAGGER: emptySpec,
          LOCAL_BB_SWAGGER: emptySpec,
        },
        async () => {
          const { result, manifest } = await runValidate();
          if (!manifest) return result;

          // The linters log only progress; their findings come back as results.
          const logger = { info: (): void => undefined };
          // `lint()` takes a StatsigService; the linters only use the StatsigReader part of it.
          const statsig = new OfflineStatsig() as unknown as StatsigService;
          let linters: LinterInterface[] = await getClientSideLintersOnly(manifest, 'development', logger, statsig);
          if (!specPresent) {
            linters = linters.filter((l) => !(l instanceof PermissionLinter));
            const message = `${missingLine({ ...NEEDS.openapi(), path: specPath })}: the permission linter and the scope checks did not run`;
            // Not run is an error, like a missing spec elsewhere in the tests, unless skipping was asked for (test/needs.ts).
            if (skipAllowed()) result.lintWarnings.push(message);
            else result.lintErrors.push(message);
          }

          const files = sourceFiles(appRoot, srcDir);
          const inputs: LintInput[] = [];
          for (const file of files) {
            try {
              // No type-aware program: the linters only read the syntax tree.
              inputs.push(await parseSourceFile(file, (code, filepath) => tsParser(code, filepath, { project: undefined })));
            } catch (e) {
              result.lintErrors.push(`${file}: cannot be parsed: ${e instanceof Error ? e.message : String(e)}`);
            }
          }
          await Promise.all(linters.map((l) => l.bootstrap()));
          const lintResults = (await Promise.all(linters.map((l) => l.batchExecute(inputs)))).flat();
          const seen = new Set<string>();
          const push = (list: string[], line: string) => {
            if (!seen.has(line)) list.push(line);
            seen.add(line);
          };
          for (const r of lintResults) {
            formatLint(r, 'errors').forEach((l) => push(result.lintErrors, l));
            formatLint(r, 'warnings').forEach((l) => push(result.lintWarnings, l));
          }
          if (specPresent) {
            const specPaths = (JSON.parse(fs.readFileSync(specPath, 'utf8')) as { paths: SpecPaths }).paths;
            await checkScopes(inputs, manifest, specPaths, result);
          }
          return result;
        },
      ),
    );
  } finally {
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
}

/**
 * The `handler: index.X` names of the manifest's functions that `<srcDir>/index.ts` does not
 * export as something callable (resolved with the TypeScript checker, re-exports included).
 */
export function missingHandlers(manifestPath: string, options: CheckOptions = {}): string[] {
  const appRoot = path.dirname(path.resolve(manifestPath));
  const functions = manifestFunctions(manifestPath);
  // A handler `<file>.<export>` names src/<file>.ts (each file is an entry of its own bundle).
  const fileOf = (handler: string) => path.resolve(appRoot, options.srcDir ?? 'src', `${handler.slice(0, handler.lastIndexOf('.'))}.ts`);
  const files = [...new Set(functions.map((f) => fileOf(f.handler)))].filter((f) => fs.existsSync(f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
  });
  const checker = program.getTypeChecker();
  const callable = new Map<string, Set<string>>();
  for (const file of files) {
    const names = new Set<string>();
    const source = program.getSourceFile(file);
    const moduleSymbol = source ? checker.getSymbolAtLocation(source) : undefined;
    for (const exported of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      if (!declaration) continue;
      if (checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures().length > 0) names.add(exported.name);
    }
    callable.set(file, names);
  }
  return functions
    .filter((f) => {
      const name = f.handler.slice(f.handler.lastIndexOf('.') + 1);
      return f.handler.lastIndexOf('.') <= 0 || !name || !callable.get(fileOf(f.handler))?.has(name);
    })
    .map((f) => `function "${f.key}": handler "${f.handler}" is not a callable export of ${path.relative(appRoot, fileOf(f.handler))}`);
}

/** The manifest as Forge's own parser reads it (no validation). */
export function readManifest(manifestPath: string): ManifestSchema {
  return new ManifestParserBuilder().build().parseManifest({ content: fs.readFileSync(manifestPath, 'utf8'), filePath: manifestPath });
}

/** The `function` modules of a manifest. */
export function manifestFunctions(manifestPath: string): { key: string; handler: string }[] {
  return (readManifest(manifestPath).modules?.function ?? []).map(({ key, handler }) => ({ key, handler }));
}

// ---------------------------------------------------------------------------------- CLI

async function main(): Promise<void> {
  const manifestPath = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(REPO_ROOT, 'manifest.yml'));
  const started = Date.now();
  const result = await checkManifest(manifestPath);
  const handlers = missingHandlers(manifestPath);
  const section = (title: string, lines: string[]) => {
    console.log(`${title}: ${lines.length ? lines.length : 'none'}`);
    for (const l of lines) console.log(`  ${l}`);
  };
  section('Schema errors', result.schemaErrors);
  section('Lint errors', result.lintErrors);
  section('Handler errors', handlers);
  section('Lint warnings', result.lintWarnings);
  if (process.argv.includes('--scopes')) {
    for (const [scope, users] of Object.entries(result.scopeUse ?? {})) section(`Scope ${scope} is needed by`, users);
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.schemaErrors.length || result.lintErrors.length || handlers.length) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
