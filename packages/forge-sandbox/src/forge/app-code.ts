/** The app's code as Forge deploys it: its handlers (`src/<file>.<export>` of the manifest) and its translations. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FunctionDef, ParsedManifest } from './manifest';
import type { Handler } from './types';

/** Translations for @forge/api i18n: Forge bundles them as <appCodeDir>/__LOCALES__. The folder, or undefined without any. */
export function bundleTranslations(manifest: ParsedManifest, manifestPath: string): string | undefined {
  if (manifest.translations.locales.length === 0) return undefined;
  const appCodeDir = mkdtempSync(join(tmpdir(), 'forge-sandbox-app-'));
  const dir = join(appCodeDir, '__LOCALES__');
  mkdirSync(dir);
  for (const l of manifest.translations.locales) copyFileSync(resolve(dirname(manifestPath), l.path), join(dir, `${l.key}.json`));
  writeFileSync(
    join(dir, 'i18n-info.json'),
    JSON.stringify({
      config: {
        locales: manifest.translations.locales.map((l) => l.key),
        fallback: { default: manifest.translations.fallbackDefault ?? manifest.translations.locales[0]?.key },
      },
    }),
  );
  return appCodeDir;
}

/** The app's handlers, loaded from src/ beside the manifest on first use (`loadApp` stands in for src/index). */
export function appHandlers(manifestPath: string, loadApp?: () => Record<string, unknown>): (def: FunctionDef) => Handler {
  const appRequire = createRequire(join(dirname(manifestPath), 'src', 'index.ts'));
  const moduleCache = new Map<string, Record<string, unknown>>();
  function loadFile(file: string): Record<string, unknown> {
    const cached = moduleCache.get(file);
    if (cached) return cached;
    const mod = file === 'index' && loadApp ? loadApp() : (appRequire(join(dirname(manifestPath), 'src', file)) as Record<string, unknown>);
    moduleCache.set(file, mod);
    return mod;
  }
  return function handlerOf(def: FunctionDef): Handler {
    const exp = loadFile(def.file)[def.exportName];
    if (typeof exp !== 'function') {
      throw new Error(
        `Forge harness: function "${def.key}" has handler ${def.handler}, but src/${def.file} exports no function "${def.exportName}"`,
      );
    }
    return exp as Handler;
  };
}
