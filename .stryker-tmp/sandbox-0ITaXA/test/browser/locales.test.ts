/** The three translation resources have the same keys and no empty values. */
// @ts-nocheck

import { execSync } from 'node:child_process';
import path from 'node:path';
import { BOOT_LOADING_LABEL } from '../../static/common/locale';
import { catalogueLeaves } from '../catalogue';

const LOCALES = ['fi-FI', 'sv-SE', 'en-US'];
const ROOT = path.resolve(__dirname, '..', '..');

const files = Object.fromEntries(LOCALES.map((l) => [l, catalogueLeaves(l)]));

describe('translation resources (locales/*.json)', () => {
  it.each(LOCALES)('%s has exactly the keys of fi-FI', (locale) => {
    const fi = [...(files['fi-FI']?.keys() ?? [])].sort();
    const other = [...(files[locale]?.keys() ?? [])].sort();
    expect(other).toEqual(fi);
    expect(fi.length).toBeGreaterThan(100);
  });

  it.each(LOCALES)('%s has only non-empty strings', (locale) => {
    const bad = [...(files[locale]?.entries() ?? [])].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it.each(LOCALES)('%s uses the same {placeholders} as fi-FI', (locale) => {
    const names = (text: unknown): string[] => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    const mismatched = [...(files['fi-FI']?.entries() ?? [])]
      .filter(([k, v]) => JSON.stringify(names(v)) !== JSON.stringify(names(files[locale]?.get(k))))
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('every key the Custom UI uses exists (static t() calls)', () => {
    const used = execSync(
      `grep -rhoE "t\\\\('(ui|panel|settings|portfolio)\\\\.[A-Za-z0-9_.-]+'" static --include=*.ts --include=*.tsx || true`,
      { cwd: ROOT },
    )
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((s) => s.slice(3, -1));
    expect(used.length).toBeGreaterThan(50);
    const missing = [...new Set(used)].filter((k) => !files['fi-FI']?.has(k));
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s: the first spinner, shown before the translations load, says ui.common.loading', (locale) => {
    expect(BOOT_LOADING_LABEL[locale as keyof typeof BOOT_LOADING_LABEL]).toBe(files[locale]?.get('ui.common.loading'));
  });
});
