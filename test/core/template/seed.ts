/**
 * Test helper: the seed page text. Path: `../shared/seed/kayttoonotto.txt` relative to the repo root,
 * or SEED_PATH (relative to the repo root, or absolute). When the file is absent the seed tests are
 * skipped with a message, except under CI=true, where a missing seed is a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SEED_FILE = path.resolve(REPO_ROOT, process.env.SEED_PATH ?? '../shared/seed/kayttoonotto.txt');

export function loadSeed(): string | undefined {
  if (existsSync(SEED_FILE)) return readFileSync(SEED_FILE, 'utf8');
  const msg = `seed page not found at ${SEED_FILE} (set SEED_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${msg}; CI=true, so the completeness tests fail instead of skipping`);
  console.warn(`${msg}: skipping the completeness tests`);
  return undefined;
}
