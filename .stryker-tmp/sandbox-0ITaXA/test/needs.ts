/**
 * What some tests need from outside the repository: Atlassian's Jira OpenAPI description and the seed
 * page (both in the project's shared/ folder, which sits beside the clone as ../shared) and Debian's
 * Chromium. A test file that lacks one fails, with one line saying what is missing and how to get it:
 * no test is skipped unless someone asks for it. `KAYTTOONOTTO_ALLOW_SKIP=1` turns the failure into a
 * skip with that line as a warning (a machine without them, knowingly), except on CI (`CI=true`,
 * `.ci/run`), where a missing one always fails.
 */
// @ts-nocheck

import { existsSync } from 'node:fs';
import path from 'node:path';

export const ALLOW_SKIP = 'KAYTTOONOTTO_ALLOW_SKIP';
const REPO_ROOT = path.resolve(__dirname, '..');

export interface Need {
  /** What it is, e.g. "Chromium". */
  what: string;
  /** Where the tests look for it. */
  path: string;
  /** How to get it, in a few words. */
  howToGet: string;
}

export const NEEDS = {
  openapi: (): Need => ({
    what: "Atlassian's Jira OpenAPI description",
    path: process.env.JIRA_OPENAPI_PATH ?? path.resolve(REPO_ROOT, '..', 'shared', 'jira-openapi', 'swagger-v3.v3.json'),
    howToGet: "put the project's shared/ folder beside the clone as ../shared (or set JIRA_OPENAPI_PATH to the file)",
  }),
  seed: (): Need => ({
    what: 'the seed page',
    path: path.resolve(REPO_ROOT, process.env.SEED_PATH ?? '../shared/seed/kayttoonotto.txt'),
    howToGet: "put the project's shared/ folder beside the clone as ../shared (or set SEED_PATH to the file)",
  }),
  chromium: (): Need => ({ what: 'Chromium', path: '/usr/bin/chromium', howToGet: 'apt-get install -y chromium' }),
} as const;

/** On CI (`CI=true`, as .ci/run sets it) nothing is ever skipped. */
export function onCi(): boolean {
  const ci = process.env.CI;
  return !!ci && ci !== 'false' && ci !== '0';
}

/** Whether a missing need may skip its tests: asked for with KAYTTOONOTTO_ALLOW_SKIP=1, and not on CI. */
export function skipAllowed(): boolean {
  return process.env[ALLOW_SKIP] === '1' && !onCi();
}

/** What is missing, where, and how to get it. */
export function missingLine(need: Need): string {
  return `${need.what} is missing at ${need.path}: ${need.howToGet}`;
}

/** An error that jest prints as its one line (no stack trace under it): what is missing, how to get it, how to skip. */
export function missingError(need: Need): Error {
  const skip = onCi() ? 'CI never skips these tests' : `or set ${ALLOW_SKIP}=1 to skip the tests that need it`;
  const e = new Error(`${missingLine(need)}; ${skip}.`);
  e.stack = e.message;
  return e;
}

/**
 * Whether the tests that need it run: true when it is there; false (with a warning) when it is missing
 * and skipping was asked for; otherwise throws the one-line error, so the test file fails.
 */
export function needed(need: Need): boolean {
  if (existsSync(need.path)) return true;
  if (!skipAllowed()) throw missingError(need);
  console.warn(`SKIPPED (${ALLOW_SKIP}=1): ${missingLine(need)}`);
  return false;
}
