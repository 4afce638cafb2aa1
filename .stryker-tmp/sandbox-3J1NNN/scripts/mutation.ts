/**
 * `npm run -s mutation`: StrykerJS over the gate's core (stryker.config.mjs), then one line per file
 * with its mutation score (killed + timed out, over every mutant that a test covers or not), and a last
 * line with them all. Exits 1 when gate.ts, permissions.ts or readiness.ts scores under 85 %.
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const TARGET = 85;
const GATED = ['src/core/gate.ts', 'src/core/permissions.ts', 'src/core/readiness.ts'];

interface Mutant {
  status: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

export function scoreOf(mutants: Mutant[]): { killed: number; total: number; score: number } {
  const counted = mutants.filter((m) => m.status !== 'CompileError' && m.status !== 'RuntimeError' && m.status !== 'Ignored');
  const killed = counted.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  return { killed, total: counted.length, score: counted.length ? (100 * killed) / counted.length : 100 };
}

function main(): void {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const report = JSON.parse(readFileSync(path.join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as Report;
  const lines: string[] = [];
  let failed = false;
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const s = scoreOf(mutants);
    const gated = GATED.some((g) => file.endsWith(g));
    if (gated && s.score < TARGET) failed = true;
    lines.push(`${path.basename(file)} ${s.score.toFixed(1)} % (${s.killed}/${s.total})${gated ? '' : ' [not gated]'}`);
  }
  console.log(`mutation score (target ${TARGET} % for ${GATED.map((g) => path.basename(g)).join(', ')}): ${lines.join('; ')}`);
  process.exit(failed ? 1 : 0);
}

if (require.main === module) main();
