/**
 * Templates as files, for people who keep them in Git.
 *
 *   npm run -s template -- export [--format yaml|json]   the built-in template
 *   npm run -s template -- validate <file>               exit 0 + a summary, or exit 1 + one line per problem
 *   npm run -s template -- diff <old> <new>              one line per changed entry (+ added, - removed, ~ changed)
 *   npm run -s template -- schema                        the JSON Schema (docs/template.schema.json)
 *
 * The parsing, validation and diff are the pure core's (src/core/template); this file only reads
 * files and prints.
 */
// @ts-nocheck

import fs from 'node:fs';
import {
  CURRENT_TEMPLATE,
  TEMPLATE_FORMATS,
  diffTemplates,
  formatChange,
  parseTemplateDocument,
  serializeTemplate,
  templateJsonSchema,
  type Template,
  type TemplateFormat,
} from '../src/core/template';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE = [
  'usage: npm run -s template -- export [--format yaml|json]',
  '       npm run -s template -- validate <file>',
  '       npm run -s template -- diff <old> <new>',
  '       npm run -s template -- schema',
].join('\n');

type ReadFile = (path: string) => string;

function load(path: string, readFile: ReadFile): { template?: Template; problems: string[] } {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { problems: [`(document): cannot read ${path}${code ? ` (${code})` : ''}`] };
  }
  const r = parseTemplateDocument(text);
  return r.ok ? { template: r.template, problems: [] } : { problems: r.problems };
}

/** A valid template's summary: what it holds. */
export function summary(t: Template): string[] {
  const duties = t.items.filter((i) => i.kind === 'duty');
  const deliverables = t.items.filter((i) => i.kind === 'deliverable');
  const optional = (list: { mandatory: boolean }[]) => {
    const n = list.filter((x) => !x.mandatory).length;
    return n ? ` (${n} optional)` : '';
  };
  const entry = t.gates.entry.conditions.length;
  const exit = t.gates.exit.conditions.length;
  const attested = [...t.gates.entry.conditions, ...t.gates.exit.conditions].filter((c) => c.kind === 'attestation').length;
  return [
    `${t.id} ${t.version} (${t.status}): valid`,
    `roles: ${t.roles.length} (${t.roles.map((r) => r.id).join(', ')})`,
    `duties: ${duties.length}${optional(duties)}`,
    `deliverables: ${deliverables.length}${optional(deliverables)}`,
    `conditions: ${entry + exit} (entry ${entry}, exit ${exit}; ${attested} confirmed by a person, ${entry + exit - attested} automatic)`,
  ];
}

export function runTemplateCli(argv: readonly string[], readFile: ReadFile = (p) => fs.readFileSync(p, 'utf8')): CliResult {
  const [command, ...args] = argv;
  const fail = (lines: string[], code = 1): CliResult => ({ code, stdout: '', stderr: lines.map((l) => `${l}\n`).join('') });
  switch (command) {
    case 'export': {
      let format: TemplateFormat = 'yaml';
      for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        const value = a.startsWith('--format=') ? a.slice('--format='.length) : a === '--format' ? args[++i] : undefined;
        if (value === undefined) return fail([`unknown argument ${JSON.stringify(a)}`, USAGE], 2);
        if (!(TEMPLATE_FORMATS as readonly string[]).includes(value))
          return fail([`--format: expected yaml or json, got ${JSON.stringify(value)}`], 2);
        format = value as TemplateFormat;
      }
      return { code: 0, stdout: serializeTemplate(CURRENT_TEMPLATE, format), stderr: '' };
    }
    case 'validate': {
      if (args.length !== 1 || !args[0]) return fail([USAGE], 2);
      const { template, problems } = load(args[0], readFile);
      if (!template) return fail(problems);
      return {
        code: 0,
        stdout: summary(template)
          .map((l) => `${l}\n`)
          .join(''),
        stderr: '',
      };
    }
    case 'diff': {
      if (args.length !== 2 || !args[0] || !args[1]) return fail([USAGE], 2);
      const [a, b] = [load(args[0], readFile), load(args[1], readFile)];
      if (!a.template || !b.template) {
        return fail([...a.problems.map((p) => `${args[0]}: ${p}`), ...b.problems.map((p) => `${args[1]}: ${p}`)]);
      }
      return {
        code: 0,
        stdout: diffTemplates(a.template, b.template)
          .map((c) => `${formatChange(c)}\n`)
          .join(''),
        stderr: '',
      };
    }
    case 'schema':
      return { code: 0, stdout: `${JSON.stringify(templateJsonSchema(), null, 2)}\n`, stderr: '' };
    default:
      return fail([USAGE], 2);
  }
}

if (require.main === module) {
  const r = runTemplateCli(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
