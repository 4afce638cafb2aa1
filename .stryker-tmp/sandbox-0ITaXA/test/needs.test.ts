/** test/needs.ts: a missing outside file or browser fails its tests with one line, unless skipping is asked for (never on CI). */
// @ts-nocheck

import { ALLOW_SKIP, missingError, needed, NEEDS, type Need } from './needs';

const missing: Need = { what: 'A probe file', path: '/nonexistent/kayttoonotto-probe', howToGet: 'make one' };
const present: Need = { what: 'This test', path: __filename, howToGet: 'it is here' };

describe('a test that needs something from outside the repository', () => {
  const saved = { ci: process.env.CI, skip: process.env[ALLOW_SKIP] };
  const set = (ci: string | undefined, skip: string | undefined): void => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    if (skip === undefined) delete process.env[ALLOW_SKIP];
    else process.env[ALLOW_SKIP] = skip;
  };
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    set(saved.ci, saved.skip);
  });

  it('runs when it is there, whatever the variables say', () => {
    set(undefined, undefined);
    expect(needed(present)).toBe(true);
    set('true', '1');
    expect(needed(present)).toBe(true);
  });

  it('fails with one line saying what is missing, where, how to get it and how to skip', () => {
    set(undefined, undefined);
    expect(() => needed(missing)).toThrow(
      'A probe file is missing at /nonexistent/kayttoonotto-probe: make one; or set KAYTTOONOTTO_ALLOW_SKIP=1 to skip the tests that need it.',
    );
    const e = missingError(missing);
    expect(e.stack).toBe(e.message);
    expect(e.message).not.toContain('\n');
  });

  it('is skipped, with that line as a warning, only when KAYTTOONOTTO_ALLOW_SKIP=1', () => {
    set(undefined, 'true');
    expect(() => needed(missing)).toThrow(/is missing/);
    set(undefined, '1');
    expect(needed(missing)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPED (KAYTTOONOTTO_ALLOW_SKIP=1): A probe file is missing'));
  });

  it('never skips on CI (CI=true, as .ci/run runs it)', () => {
    set('true', '1');
    expect(() => needed(missing)).toThrow(
      'A probe file is missing at /nonexistent/kayttoonotto-probe: make one; CI never skips these tests.',
    );
  });

  it('says how to get each thing the tests need', () => {
    expect(NEEDS.openapi().howToGet).toMatch(/\.\.\/shared.*JIRA_OPENAPI_PATH/);
    expect(NEEDS.seed().howToGet).toMatch(/\.\.\/shared.*SEED_PATH/);
    expect(NEEDS.chromium().howToGet).toBe('apt-get install -y chromium');
  });
});
