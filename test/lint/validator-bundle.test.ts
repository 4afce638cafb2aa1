/**
 * The workflow validators' function bundles (issue #22): what a cold start loads holds no zod and
 * no whole text catalogue (locales/*.json), and is at most 60 KB gzipped. Built with esbuild as
 * the bench does (bench/bundles.ts: the manifest's handler, minified, dynamic imports split off).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctionBundle, type BundleInfo } from '../../bench/bundles';

describe.each(['exit-gate', 'entry-gate'])('the %s function bundle', (functionKey) => {
  let bundle: BundleInfo;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'validator-bundle-'));
    bundle = buildFunctionBundle(functionKey, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is built from the validator and what it needs (the check below sees its inputs)', () => {
    expect(bundle.inputs).toEqual(expect.arrayContaining(['src/services/common/validation.ts', 'src/core/gate-message.ts', '@forge/kvs']));
  });

  it('loads no zod and no text catalogue at cold start', () => {
    expect(bundle.inputs.filter((i) => i === 'zod' || i.startsWith('locales/'))).toEqual([]);
    expect(bundle.hasYaml).toBe(false);
  });

  it('is at most 60 KB gzipped', () => {
    expect(bundle.gzipKB).toBeLessThanOrEqual(60);
  });
});
