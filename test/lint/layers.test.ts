/**
 * The layer boundaries in eslint.config.mjs fail on deliberate violations, and accept the allowed
 * imports next to them, so a rule that silently stops matching is noticed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Probe {
  file: string;
  code: string;
  /** Files written to disk first (and removed after), for an import cycle, which needs the files it runs through. */
  onDisk?: { file: string; code: string }[];
}

/** The layer and cycle rules; the other rules (unused variables…) are not what these probes test. */
const RULES = [
  'max-lines',
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-syntax',
  'import-x/no-cycle',
  'layers/no-import-cycle',
  'import-x/no-relative-packages',
  'no-restricted-properties',
];

/** ESLint loads its flat config with a dynamic import, which jest's VM cannot do: lint every probe in
 * one child Node process with ESLint's API and return the layer and cycle rules' messages per probe. */
function lintAll(probes: Probe[]): { ruleId: string; message: string }[][] {
  const written = probes.flatMap((p) => p.onDisk ?? []);
  for (const f of written) {
    fs.mkdirSync(path.dirname(path.join(ROOT, f.file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, f.file), f.code);
  }
  const script = `
    const { ESLint } = require('eslint');
    const path = require('node:path');
    const rules = ${JSON.stringify(RULES)};
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const p of probes) {
        const [r] = await eslint.lintText(p.code, { filePath: path.join(process.cwd(), p.file) });
        out.push(r.messages.filter((m) => rules.includes(m.ruleId)).map((m) => ({ ruleId: m.ruleId, message: m.message })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  try {
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(probes), encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`eslint failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { ruleId: string; message: string }[][];
  } finally {
    for (const dir of new Set(written.map((f) => f.file.split('/').slice(0, 2).join('/'))))
      fs.rmSync(path.join(ROOT, dir), { recursive: true, force: true });
  }
}

/** A directory of its own per run for the cycle probes' files (removed after), beside the code the rule covers. */
const PROBE_DIR = `dev/lint-probe-${process.pid}`;

const cases: (Probe & { why: RegExp; rule?: string })[] = [
  // No source file over 400 lines (issue 21), in the app and in the workspace packages.
  {
    file: 'src/services/probe.ts',
    code: Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n',
    rule: 'max-lines',
    why: /Maximum allowed is 400/,
  },
  {
    file: 'static/panel/src/probe.tsx',
    code: Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n',
    rule: 'max-lines',
    why: /Maximum allowed is 400/,
  },
  {
    file: 'packages/forge-sandbox/src/probe.ts',
    code: Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n',
    rule: 'max-lines',
    why: /Maximum allowed is 400/,
  },
  // A function answers only once its own requests are done (src/core/settled.ts), in services and storage alike.
  {
    file: 'src/services/probe.ts',
    code: 'export const both = (a: Promise<number>, b: Promise<number>) => Promise.all([a, b]);\n',
    rule: 'no-restricted-properties',
    why: /use allSettledOrThrow/,
  },
  {
    file: 'src/storage/probe.ts',
    code: 'export const both = (a: Promise<number>, b: Promise<number>) => Promise.all([a, b]);\n',
    rule: 'no-restricted-properties',
    why: /use allSettledOrThrow/,
  },
  {
    file: 'src/core/probe.ts',
    code: "import type { PanelView } from '../shared/api';\nexport type X = PanelView;\n",
    why: /bottom layer: it imports nothing from src\/shared/,
  },
  {
    file: 'src/core/template/probe.ts',
    code: "import { isPseudonym } from '../../shared/privacy';\nexport const x = isPseudonym;\n",
    why: /bottom layer: it imports nothing from src\/shared/,
  },
  {
    file: 'src/core/probe.ts',
    code: "export type X = import('../shared/api').PanelView;\n",
    why: /bottom layer: it imports nothing from src\/shared or static\/, in types neither/,
  },
  {
    // Two files that import each other's types: import-x/no-cycle skips type-only imports, this rule does not.
    file: `${PROBE_DIR}/type-a.ts`,
    code: "import type { B } from './type-b';\nexport interface A { b: B }\n",
    onDisk: [
      { file: `${PROBE_DIR}/type-a.ts`, code: "import type { B } from './type-b';\nexport interface A { b: B }\n" },
      { file: `${PROBE_DIR}/type-b.ts`, code: "import type { A } from './type-a';\nexport interface B { a?: A }\n" },
    ],
    rule: 'layers/no-import-cycle',
    why: /Import cycle: .*type-a\.ts → .*type-b\.ts → .*type-a\.ts/,
  },
  {
    // A cycle of three files that load each other's code: both rules refuse it.
    file: `${PROBE_DIR}/value-a.ts`,
    code: "import { b } from './value-b';\nexport const a = (): number => b() + 1;\n",
    onDisk: [
      { file: `${PROBE_DIR}/value-a.ts`, code: "import { b } from './value-b';\nexport const a = (): number => b() + 1;\n" },
      { file: `${PROBE_DIR}/value-b.ts`, code: "import { c } from './value-c';\nexport const b = (): number => c();\n" },
      { file: `${PROBE_DIR}/value-c.ts`, code: "import { a } from './value-a';\nexport const c = (): number => (a ? 1 : 0);\n" },
    ],
    rule: 'import-x/no-cycle',
    why: /Dependency cycle/,
  },
  {
    file: `${PROBE_DIR}/value-b.ts`,
    code: "import { c } from './value-c';\nexport const b = (): number => c();\n",
    rule: 'layers/no-import-cycle',
    why: /Import cycle: .*value-b\.ts → .*value-c\.ts → .*value-a\.ts → .*value-b\.ts/,
  },
  { file: 'src/core/probe.ts', code: "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n", why: /no Forge SDK/ },
  { file: 'src/core/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", why: /no I\/O/ },
  {
    file: 'src/core/probe.ts',
    code: "import * as store from '../storage/store';\nexport const x = store;\n",
    why: /imports no I\/O layer/,
  },
  {
    file: 'src/core/template/probe.ts',
    code: "import { getUser } from '../../jira/client';\nexport const x = getUser;\n",
    why: /imports no I\/O layer/,
  },
  {
    file: 'src/shared/probe.ts',
    code: "import { loadTemplate } from '../core/template';\nexport const x = loadTemplate;\n",
    why: /only as types/,
  },
  {
    file: 'src/resolvers/probe.ts',
    code: "import * as store from '../storage/store';\nexport const x = store;\n",
    why: /through services/,
  },
  {
    file: 'src/validators/probe.ts',
    code: "import { searchJql } from '../jira/client';\nexport const x = searchJql;\n",
    why: /through services/,
  },
  {
    file: 'src/services/probe.ts',
    code: "import { createJiraEmulator } from '../../sandbox/jira';\nexport const x = createJiraEmulator;\n",
    why: /never imports the sandbox/,
  },
  {
    file: 'src/services/probe.ts',
    code: "import { createSandbox } from '@kayttoonotto/forge-sandbox';\nexport const x = createSandbox;\n",
    why: /never imports the sandbox/,
  },
  {
    file: 'src/core/probe.ts',
    code: "import { SEED_USERS } from '../../packages/forge-sandbox/src/jira/seed';\nexport const x = SEED_USERS;\n",
    why: /never imports the sandbox/,
  },
  {
    file: 'static/panel/src/probe.ts',
    code: "import { createHostHandler } from '@kayttoonotto/forge-sandbox/host';\nexport const x = createHostHandler;\n",
    why: /static\/ never imports the sandbox/,
  },
  {
    // The sandbox package knows no app: nothing of src/, static/, dev/ or the app's tests.
    file: 'packages/forge-sandbox/src/probe.ts',
    code: "import { evaluateGate } from '../../../src/core/gate';\nexport const x = evaluateGate;\n",
    rule: 'import-x/no-relative-packages',
    why: /Relative import from another package is not allowed/,
  },
  {
    file: 'packages/forge-sandbox/src/jira/probe.ts',
    code: "import type { PanelView } from '../../../../src/shared/api';\nexport type X = PanelView;\n",
    rule: 'import-x/no-relative-packages',
    why: /Relative import from another package is not allowed/,
  },
  {
    file: 'packages/forge-sandbox/src/host/probe.ts',
    code: "import { ensureDemoSettings } from '../../../../dev/sandbox/demo';\nexport const x = ensureDemoSettings;\n",
    rule: 'import-x/no-relative-packages',
    why: /Relative import from another package is not allowed/,
  },
  {
    file: 'packages/forge-sandbox/test/probe.ts',
    code: "import { needed } from '../../../test/needs';\nexport const x = needed;\n",
    rule: 'import-x/no-relative-packages',
    why: /Relative import from another package is not allowed/,
  },
  {
    file: 'static/panel/src/probe.ts',
    code: "import { evaluateGate } from '../../../src/core/gate';\nexport const x = evaluateGate;\n",
    why: /only src\/shared/,
  },
  {
    file: 'static/common/probe.ts',
    code: "import type { Template } from '../../src/core/template/schema';\nexport type X = Template;\n",
    why: /only src\/shared/,
  },
  { file: 'static/common/probe.ts', code: "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n", why: /only @forge\/bridge/ },
  {
    file: 'static/panel/src/probe.ts',
    code: "export type X = import('../../../src/core/template/schema').Template;\n",
    why: /only src\/shared\/\*\* from src\/, in types too/,
  },
];

const allowed: Probe[] = [
  { file: 'src/services/probe.ts', code: Array.from({ length: 400 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n' },
  // The built-in template's data is the one file allowed to be longer.
  {
    file: 'src/core/template/kayttoonotto.ts',
    code: Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n',
  },
  {
    // The same shape without the way back is no cycle.
    file: `${PROBE_DIR}/chain-a.ts`,
    code: "import type { B } from './chain-b';\nimport { b } from './chain-b';\nexport const a: B = b;\n",
    onDisk: [{ file: `${PROBE_DIR}/chain-b.ts`, code: 'export interface B { n: number }\nexport const b: B = { n: 1 };\n' }],
  },
  { file: 'src/core/probe.ts', code: "import type { GateSummary } from './model';\nexport type X = GateSummary;\n" },
  {
    // The dependency-free core modules the UI takes at run time through src/shared.
    file: 'src/shared/probe.ts',
    code: "export { isApprovalVoid } from '../core/rules';\nexport { DOSSIER_FORMAT } from '../core/dossier-format';\n",
  },
  {
    file: 'src/shared/probe.ts',
    code: "import type { Template } from '../core/template/schema';\nimport { ROLE_IDS } from '../core/domain';\nexport type X = Template;\nexport const y = ROLE_IDS;\n",
  },
  { file: 'src/shared/probe.ts', code: "import { checkText } from '../core/text';\nexport const x = checkText;\n" },
  { file: 'src/resolvers/probe.ts', code: "import * as phase from '../services/phase';\nexport const x = phase;\n" },
  {
    file: 'static/panel/src/probe.ts',
    code: "import { ROLE_IDS } from '../../../src/shared/domain';\nimport { invoke } from '@forge/bridge';\nexport const x = [ROLE_IDS, invoke];\n",
  },
  { file: 'src/core/probe.ts', code: "import { ROLE_IDS } from './domain';\nexport const x = ROLE_IDS;\n" },
  {
    file: 'src/services/probe.ts',
    code: "import { allSettledOrThrow } from '../core/settled';\nexport const both = (a: Promise<number>, b: Promise<number>) => allSettledOrThrow([a, b]);\n",
  },
  // The app's tests and npm start take the sandbox by its package name; the package's own tests import its sources.
  { file: 'dev/sandbox/probe.ts', code: "import { createSandbox } from '@kayttoonotto/forge-sandbox';\nexport const x = createSandbox;\n" },
  { file: 'test/app/probe.ts', code: "import { EMAILS } from '@kayttoonotto/forge-sandbox/jira/seed';\nexport const x = EMAILS;\n" },
  {
    file: 'packages/forge-sandbox/test/jira/probe.ts',
    code: "import { createJiraEmulator } from '../../src/jira';\nexport const x = createJiraEmulator;\n",
  },
];

describe('layer boundaries and import cycles (eslint.config.mjs)', () => {
  let results: { ruleId: string; message: string }[][];
  beforeAll(() => {
    results = lintAll([...cases, ...allowed]);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))('$file refuses an import ( $why )', ({ why, rule, i }) => {
    const messages = (results[i] ?? []).filter((m) => !rule || m.ruleId === rule);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.map((m) => m.message).join('\n')).toMatch(why);
  });

  it.each(allowed.map((c, i) => ({ ...c, i: cases.length + i })))('$file allows its permitted imports (probe $i)', ({ i }) => {
    expect(results[i]).toEqual([]);
  });
});
