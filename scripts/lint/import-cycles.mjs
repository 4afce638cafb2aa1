/**
 * Import cycles, type-only imports included, found with the TypeScript API (a local ESLint rule).
 *
 * eslint-plugin-import-x's `import-x/no-cycle` (also on, in eslint.config.mjs) follows only imports that
 * load code: it skips `import type`, `export type … from` and `import('…')` in types by design (its
 * no-cycle.js returns early on them), so two contract files that import each other's types pass it.
 * This rule follows every import the TypeScript pre-processor sees (`import`, `import type`,
 * `export … from`, `import('…')`, `require('…')`), resolves it as tsconfig.json does (moduleResolution
 * Bundler), and reports each import of the linted file from which the linted file can be reached again,
 * with the shortest such route. Files outside the repository and under node_modules are not followed.
 *
 * `node scripts/lint/import-cycles.mjs [dir…]` lists every cycle (strongly connected set of files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXTENSIONS = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const OPTIONS = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  jsx: ts.JsxEmit.ReactJSX,
  resolveJsonModule: true,
};

/** file → { mtimeMs, checkedAt, imports: [{ specifier, target }] } for files read from disk. A file is
 * looked at again (its mtime) at most once a second: one lint run visits each file many times. */
const cache = new Map();
const RECHECK_MS = 1000;
const resolutionCache = ts.createModuleResolutionCache(ROOT, (f) => f, OPTIONS);

function local(file) {
  return !!file && file.startsWith(ROOT + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.endsWith('.d.ts');
}

/** The repository files `text` (the source of `file`) imports, each with the specifier that names it. */
export function importsOf(file, text) {
  const out = [];
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith('.')) continue; // packages are never part of a cycle of ours
    const resolved = ts.resolveModuleName(fileName, file, OPTIONS, ts.sys, resolutionCache).resolvedModule?.resolvedFileName;
    const target = resolved ? path.resolve(resolved) : null;
    if (local(target) && EXTENSIONS.test(target)) out.push({ specifier: fileName, target });
  }
  return out;
}

function importsOnDisk(file) {
  const hit = cache.get(file);
  const now = Date.now();
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.imports;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    cache.delete(file);
    return [];
  }
  if (hit && hit.mtimeMs === stat.mtimeMs) {
    hit.checkedAt = now;
    return hit.imports;
  }
  if (hit) resolutionCache.clear(); // a file changed: files may have come or gone too
  const imports = importsOf(file, fs.readFileSync(file, 'utf8'));
  cache.set(file, { mtimeMs: stat.mtimeMs, checkedAt: now, imports });
  return imports;
}

/** The shortest route from `start` back to `file` (a list of files, `start` first), or null. */
function routeBack(start, file) {
  if (start === file) return [file];
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    for (const { target } of importsOnDisk(at)) {
      if (target === file) {
        const route = [];
        for (let f = at; f !== null; f = parent.get(f)) route.unshift(f);
        return route;
      }
      if (!parent.has(target)) {
        parent.set(target, at);
        queue.push(target);
      }
    }
  }
  return null;
}

/** Every cycle through `file` (whose text is `text`), one per import of it that starts one. */
export function cyclesThrough(file, text) {
  const abs = path.resolve(file);
  const found = [];
  const seen = new Set();
  for (const { specifier, target } of importsOf(abs, text)) {
    if (seen.has(target)) continue;
    seen.add(target);
    const route = routeBack(target, abs);
    if (route) found.push({ specifier, route: [abs, ...route, abs].map((f) => path.relative(ROOT, f)) });
  }
  return found;
}

/** Tarjan's strongly connected components of the graph of every source file under `dirs`. */
export function allCycles(dirs) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'build' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (EXTENSIONS.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const d of dirs) walk(path.resolve(ROOT, d));
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const sccs = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of importsOnDisk(v)) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(path.relative(ROOT, w));
      } while (w !== v);
      const selfLoop = importsOnDisk(v).some((i) => i.target === v);
      if (scc.length > 1 || selfLoop) sccs.push(scc.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) strong(f);
  return sccs;
}

/** The ESLint rule: every import of the linted file that leads back to it is an error. */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycles, type-only imports included (see scripts/lint/import-cycles.mjs).' },
    schema: [],
    messages: { cycle: 'Import cycle: {{route}} (type-only imports count: each file needs the next one)' },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    if (!file || file === '<text>' || !EXTENSIONS.test(file)) return {};
    return {
      Program(program) {
        const cycles = cyclesThrough(file, context.sourceCode.text);
        for (const { specifier, route } of cycles) {
          const node =
            program.body.find(
              (n) =>
                (n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration') &&
                n.source?.value === specifier,
            ) ?? program;
          context.report({ node, messageId: 'cycle', data: { route: route.join(' → ') } });
        }
      },
    };
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2);
  const sccs = allCycles(dirs.length ? dirs : ['src', 'static', 'packages', 'dev', 'scripts', 'bench']);
  for (const scc of sccs) console.log(scc.join('  '));
  console.log(`${sccs.length} cycle(s)`);
  process.exitCode = sccs.length ? 1 : 0;
}
