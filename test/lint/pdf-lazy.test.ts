/**
 * PDFKit (and fontkit, its fonts) is loaded only when a PDF/A dossier is asked for (issue 23): every
 * Forge function's bundle, built as bench/bundles.ts does (ESM, dynamic imports split into chunks),
 * leaves it out of what a cold start loads; the panel's function has it in a chunk of its own. The data
 * files it reads are packaged with the app (Webpack, Forge's default bundler, leaves them out).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync, type Metafile } from 'esbuild';
import { parse } from 'yaml';
import { PDF_DATA_FILES } from '../../src/services/records/dossier-pdf';

const ROOT = resolve(__dirname, '../..');
const HEAVY = /node_modules\/(pdfkit|fontkit|@expo-google-fonts)\//;

function build(handler: string, dir: string): { eager: string[]; lazy: string[] } {
  const dot = handler.lastIndexOf('.');
  const entry = join(dir, `${handler.replace(/[^a-z0-9]/gi, '_')}.ts`);
  writeFileSync(entry, `export { ${handler.slice(dot + 1)} } from ${JSON.stringify(join(ROOT, 'src', handler.slice(0, dot)))};\n`);
  const r = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    metafile: true,
    write: false,
    outdir: join(dir, 'out'),
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = r.metafile.outputs;
  const entryOut = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
  const closure = new Set<string>();
  const visit = (o: string) => {
    if (closure.has(o)) return;
    closure.add(o);
    for (const i of outputs[o]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryOut);
  const inputsOf = (keys: string[]) => keys.flatMap((o) => Object.keys(outputs[o]!.inputs));
  return { eager: inputsOf([...closure]), lazy: inputsOf(Object.keys(outputs).filter((o) => !closure.has(o))) };
}

describe('PDFKit is imported lazily', () => {
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as { modules: { function: { key: string; handler: string }[] } };
  const dir = mkdtempSync(join(tmpdir(), 'kayttoonotto-lazy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(manifest.modules.function.map((f) => [f.key, f.handler] as const))(
    '%s: no PDFKit in what a cold start loads',
    (_key, handler) => {
      expect(build(handler, dir).eager.filter((i) => HEAVY.test(i))).toEqual([]);
    },
  );

  it('the data files the PDF reads (fonts, sRGB profile) exist and the manifest packages them (app.package.extraFiles)', () => {
    const app = (parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as { app: { package?: { extraFiles?: string[] } } }).app;
    for (const file of Object.values(PDF_DATA_FILES)) {
      expect(app.package?.extraFiles).toContain(file);
      expect(readFileSync(join(ROOT, file)).length).toBeGreaterThan(1000);
    }
  });

  it('the panel’s function has PDFKit in a chunk loaded on demand', () => {
    const panel = manifest.modules.function.find((f) => f.key === 'panel-resolver')!;
    expect(build(panel.handler, dir).lazy.some((i) => /node_modules\/pdfkit\//.test(i))).toBe(true);
  });
});
