/**
 * One esbuild bundle per Forge function, as the deployment packages each handler: the entry is the
 * handler's file and export (manifest.yml `function[].handler`), minified, for Node, with dynamic
 * imports split into chunks of their own. For each: the size raw and gzipped of what a cold start
 * loads (the entry and the chunks it imports statically), the largest inputs in it, and the cold
 * start (a fresh Node process importing the bundle; median of a few runs).
 * `npx tsx bench/bundles.ts` prints the table.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..');

export interface BundleInfo {
  functionKey: string;
  handler: string;
  rawKB: number;
  gzipKB: number;
  /** The largest inputs (package or src file) and their share of the output, largest first. */
  top: { input: string; kB: number }[];
  /** Whether the bundle holds the yaml package. */
  hasYaml: boolean;
  /** Every input of what a cold start loads (a package by its name, a file of the repo by its path). */
  inputs: string[];
  coldStartMs?: number;
}

function groupOf(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return path;
}

export function buildFunctionBundle(functionKey: string, outDir: string): BundleInfo & { file: string } {
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as { modules: { function: { key: string; handler: string }[] } };
  const def = manifest.modules.function.find((f) => f.key === functionKey);
  if (!def) throw new Error(`no function ${functionKey} in manifest.yml`);
  const dot = def.handler.lastIndexOf('.');
  const file = def.handler.slice(0, dot);
  const exportName = def.handler.slice(dot + 1);
  const dir = join(outDir, functionKey);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `export { ${exportName} } from ${JSON.stringify(join(ROOT, 'src', file))};\n`);
  // ESM with code splitting, as a bundler that honours dynamic import() does: what a function
  // imports lazily (the template parser, YAML) is a chunk of its own, loaded only when used.
  const r = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    minify: true,
    metafile: true,
    write: true,
    outdir: join(dir, 'out'),
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  const outputs = r.metafile.outputs;
  const entryOut = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
  // The entry and the chunks it imports statically: what a cold start loads.
  const closure = new Set<string>();
  const visit = (o: string) => {
    if (closure.has(o)) return;
    closure.add(o);
    for (const i of outputs[o]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryOut);
  const code = Buffer.concat([...closure].map((o) => readFileSync(resolve(ROOT, o))));
  const byGroup = new Map<string, number>();
  for (const o of closure)
    for (const [input, v] of Object.entries(outputs[o]!.inputs))
      byGroup.set(groupOf(input), (byGroup.get(groupOf(input)) ?? 0) + v.bytesInOutput);
  const top = [...byGroup.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([input, bytes]) => ({ input, kB: +(bytes / 1024).toFixed(1) }));
  return {
    functionKey,
    handler: def.handler,
    file: resolve(ROOT, entryOut),
    rawKB: +(code.length / 1024).toFixed(1),
    gzipKB: +(gzipSync(code).length / 1024).toFixed(1),
    top,
    hasYaml: byGroup.has('yaml'),
    inputs: [...byGroup.keys()].sort(),
  };
}

/** Median time (ms) for a fresh Node process to load the bundle (require, including module evaluation). */
export function coldStartMs(file: string, runs = 5): number {
  const script = `const t0 = performance.now(); import(${JSON.stringify(pathToFileURL(file).href)}).then(() => process.stdout.write(String(performance.now() - t0)));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  return +times[Math.floor(times.length / 2)]!.toFixed(1);
}

export function allFunctionKeys(): string[] {
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as { modules: { function: { key: string }[] } };
  return manifest.modules.function.map((f) => f.key);
}

export function measureBundles(keys = allFunctionKeys(), coldStartOf: string[] = []): BundleInfo[] {
  const dir = mkdtempSync(join(tmpdir(), 'kayttoonotto-bundles-'));
  try {
    return keys.map((k) => {
      const { file, ...info } = buildFunctionBundle(k, dir);
      return coldStartOf.includes(k) ? { ...info, coldStartMs: coldStartMs(file) } : info;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  for (const b of measureBundles(allFunctionKeys(), allFunctionKeys())) {
    console.log(
      `${b.functionKey.padEnd(24)} ${String(b.rawKB).padStart(7)} KB raw ${String(b.gzipKB).padStart(6)} KB gz  cold ${b.coldStartMs} ms  ${b.top.map((t) => `${t.input} ${t.kB}`).join(', ')}`,
    );
  }
}
