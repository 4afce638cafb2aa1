/**
 * Test helper: the seed page text. Path: `../shared/seed/kayttoonotto.txt` relative to the repo root,
 * or SEED_PATH (relative to the repo root, or absolute). When the file is absent the test file fails
 * with one line saying how to get it; it is skipped instead only with KAYTTOONOTTO_ALLOW_SKIP=1, never on
 * CI (test/needs.ts).
 */
// @ts-nocheck

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { needed, NEEDS } from '../../needs';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SEED_FILE = NEEDS.seed().path;

export function loadSeed(): string | undefined {
  return needed(NEEDS.seed()) ? readFileSync(SEED_FILE, 'utf8') : undefined;
}
