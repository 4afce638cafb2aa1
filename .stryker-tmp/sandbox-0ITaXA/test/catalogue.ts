/** The translation resources (locales/*.json) as dotted key → value, for the catalogue tests. */
// @ts-nocheck

import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  } else out.set(prefix, value);
  return out;
}

/** Every leaf of one locale file, by its dotted key (a leaf that is not a string is kept as it is). */
export function catalogueLeaves(locale: 'fi-FI' | 'sv-SE' | 'en-US' | string): Map<string, unknown> {
  return leaves(JSON.parse(readFileSync(path.join(ROOT, 'locales', `${locale}.json`), 'utf8')));
}
