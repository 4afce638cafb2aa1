/**
 * The layer boundaries in eslint.config.mjs fail on deliberate violations, and accept the allowed
 * imports next to them, so a rule that silently stops matching is noticed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** ESLint loads its flat config with a dynamic import, which jest's VM cannot do: lint every probe in
 * one child Node process with ESLint's API and return the layer rule's messages per probe. */
function lintAll(probes: { file: string; code: string }[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const path = require('node:path');
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const p of probes) {
        const [r] = await eslint.lintText(p.code, { filePath: path.join(process.cwd(), p.file) });
        out.push(r.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(probes), encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`eslint failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[][];
}

const cases: { file: string; code: string; why: RegExp }[] = [
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
];

const allowed: { file: string; code: string }[] = [
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
];

describe('layer boundaries (eslint.config.mjs)', () => {
  let results: string[][];
  beforeAll(() => {
    results = lintAll([...cases, ...allowed]);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))('$file refuses an import ( $why )', ({ why, i }) => {
    const messages = results[i] ?? [];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toMatch(why);
  });

  it.each(allowed.map((c, i) => ({ ...c, i: cases.length + i })))('$file allows its permitted imports (probe $i)', ({ i }) => {
    expect(results[i]).toEqual([]);
  });
});
