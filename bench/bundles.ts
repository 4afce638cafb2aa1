/**
 * One esbuild bundle per Forge function, as the deployment packages each handler: the entry is the
 * handler's file and export (manifest.yml `function[].handler`), minified, for Node. For each:
 * the size raw and gzipped, the largest inputs, and the cold start (a fresh Node process requiring
 * the bundle; median of a few runs). `npx tsx bench/bundles.ts` prints the table.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
  const outfile = join(outDir, `${functionKey}.js`);
  const r = buildSync({
    stdin: {
      contents: `export { ${exportName} } from ${JSON.stringify(join(ROOT, 'src', file))};`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    metafile: true,
    write: true,
    outfile,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  const out = Object.values(r.metafile.outputs)[0]!;
  const byGroup = new Map<string, number>();
  for (const [input, v] of Object.entries(out.inputs)) byGroup.set(groupOf(input), (byGroup.get(groupOf(input)) ?? 0) + v.bytesInOutput);
  const top = [...byGroup.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([input, bytes]) => ({ input, kB: +(bytes / 1024).toFixed(1) }));
  return {
    functionKey,
    handler: def.handler,
    file: outfile,
    rawKB: +(code.length / 1024).toFixed(1),
    gzipKB: +(gzipSync(code).length / 1024).toFixed(1),
    top,
    hasYaml: byGroup.has('yaml'),
  };
}

/** Median time (ms) for a fresh Node process to load the bundle (require, including module evaluation). */
export function coldStartMs(file: string, runs = 5): number {
  const script = `const t0 = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t0));`;
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
