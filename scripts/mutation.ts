/**
 * `npm run -s mutation`: mutation testing of the gate's core, in two parts, then one last line with the
 * mutation score of each file (killed + timed out, over every valid mutant, covered by a test or not).
 * - the ten named one-line mutations of gate rules (scripts/mutation-named.ts), each applied to a temporary
 *   copy of the repository and run against the mutation suites (jest.mutation.config.js): "killed by N tests"
 *   or "SURVIVED";
 * - StrykerJS over gate.ts, permissions.ts, readiness.ts and rules.ts (stryker.config.mjs; incremental, so a
 *   re-run tests only what changed).
 * Exits 1 when a named mutation survives or gate.ts, permissions.ts or readiness.ts scores under 85 %.
 * `npm run -s mutation -- named` runs only the first part, `npm run -s mutation -- stryker` only the second.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyNamedMutation, NAMED_MUTATIONS, type NamedMutation } from './mutation-named';

const ROOT = path.resolve(__dirname, '..');
export const TARGET = 85;
const GATED = ['src/core/gate.ts', 'src/core/permissions.ts', 'src/core/readiness.ts'];

interface Mutant {
  status: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

/** Killed (or timed out) over every valid mutant: compile and runtime errors and ignored mutants aside. */
export function scoreOf(mutants: readonly Mutant[]): { killed: number; total: number; score: number } {
  const counted = mutants.filter((m) => m.status !== 'CompileError' && m.status !== 'RuntimeError' && m.status !== 'Ignored');
  const killed = counted.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  return { killed, total: counted.length, score: counted.length ? (100 * killed) / counted.length : 100 };
}

/** The last line of the run: each file's score, and whether a gated file is under the target. */
export function scoreLine(files: Report['files']): { line: string; failed: boolean } {
  let failed = false;
  const parts = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, { mutants }]) => {
      const s = scoreOf(mutants);
      const gated = GATED.some((g) => file.replace(/\\/g, '/').endsWith(g));
      if (gated && s.score < TARGET) failed = true;
      return `${path.basename(file)} ${s.score.toFixed(1)} % (${s.killed}/${s.total})${gated ? '' : ' [not gated]'}`;
    });
  for (const g of GATED) {
    if (!Object.keys(files).some((f) => f.replace(/\\/g, '/').endsWith(g))) failed = true;
  }
  return { line: `mutation score (target ${TARGET} % for ${GATED.map((g) => path.basename(g)).join(', ')}): ${parts.join('; ')}`, failed };
}

/** Stryker (and the copies) run the tests away from ../shared: tell the tests where it is. */
const ENV = {
  ...process.env,
  SEED_PATH: process.env.SEED_PATH ?? path.resolve(ROOT, '../shared/seed/kayttoonotto.txt'),
  JIRA_OPENAPI_PATH: process.env.JIRA_OPENAPI_PATH ?? path.resolve(ROOT, '../shared/jira-openapi/swagger-v3.v3.json'),
};

/** A copy of what the mutation suites need (node_modules linked), removed when done. */
function withCopy<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kayttoonotto-mutation-'));
  try {
    for (const entry of ['src', 'test', 'locales', 'jest.config.js', 'jest.mutation.config.js', 'package.json', 'tsconfig.json']) {
      cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface JestSummary {
  numFailedTests: number;
  numPassedTests: number;
  numRuntimeErrorTestSuites: number;
}

function runSuites(dir: string): JestSummary {
  const out = path.join(dir, 'jest-result.json');
  spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/jest/bin/jest.js'),
      '-c',
      'jest.mutation.config.js',
      '--ci',
      '--silent',
      '--json',
      `--outputFile=${out}`,
    ],
    { cwd: dir, env: ENV, stdio: 'ignore' },
  );
  return JSON.parse(readFileSync(out, 'utf8')) as JestSummary;
}

/** Applies each named mutation to a copy, runs the suites, restores the file; true when every one was killed. */
function runNamed(): boolean {
  return withCopy((dir) => {
    const clean = runSuites(dir);
    if (clean.numFailedTests > 0 || clean.numRuntimeErrorTestSuites > 0) {
      console.log(`named mutations: the suites fail without any mutation (${clean.numFailedTests} tests); fix them first`);
      return false;
    }
    let ok = true;
    for (const m of NAMED_MUTATIONS) {
      const file = path.join(dir, m.file);
      const original = readFileSync(file, 'utf8');
      let result: JestSummary | string;
      try {
        writeFileSync(file, applyNamedMutation(original, m));
        result = runSuites(dir);
      } catch (e) {
        result = (e as Error).message;
      } finally {
        writeFileSync(file, original);
      }
      ok = report(m, result) && ok;
    }
    return ok;
  });
}

function report(m: NamedMutation, result: JestSummary | string): boolean {
  const what = `${m.name} (${m.file}: ${m.replacement.trim()})`;
  if (typeof result === 'string') {
    console.log(`ERROR     ${what}: ${result}`);
    return false;
  }
  if (result.numRuntimeErrorTestSuites > 0) {
    console.log(`ERROR     ${what}: the suites did not run`);
    return false;
  }
  if (result.numFailedTests === 0) {
    console.log(`SURVIVED  ${what}`);
    return false;
  }
  console.log(`killed by ${result.numFailedTests} test${result.numFailedTests === 1 ? '' : 's'}: ${what}`);
  return true;
}

function runStryker(): { line: string; failed: boolean } | null {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: ENV,
  });
  if (run.status !== 0) return null;
  const report = JSON.parse(readFileSync(path.join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as Report;
  return scoreLine(report.files);
}

function main(): void {
  const part = process.argv[2] ?? 'all';
  if (!['all', 'named', 'stryker'].includes(part)) {
    console.error('usage: npm run -s mutation [-- named|stryker]');
    process.exit(2);
  }
  let failed = false;
  if (part !== 'stryker') {
    const named = runNamed();
    console.log(`named mutations: ${named ? `all ${NAMED_MUTATIONS.length} killed` : 'NOT all killed'}`);
    failed = !named;
  }
  if (part !== 'named') {
    const score = runStryker();
    if (!score) process.exit(1);
    console.log(score.line);
    failed = failed || score.failed;
  }
  process.exit(failed ? 1 : 0);
}

if (require.main === module) main();
