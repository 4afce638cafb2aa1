// @ts-nocheck
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import YAML from 'yaml';
import {
  CURRENT_TEMPLATE,
  KAYTTOONOTTO,
  diffTemplates,
  formatChange,
  parseTemplateDocument,
  serializeTemplate,
  templateJsonSchema,
  type Template,
} from '../../../src/core/template';

const SCHEMA_FILE = path.join(__dirname, '../../../docs/template.schema.json');

/** The built-in template as a mutable plain document, for breaking. */
const doc = (): Record<string, unknown> & {
  items: Record<string, unknown>[];
  gates: { entry: { conditions: Record<string, unknown>[] }; exit: { conditions: Record<string, unknown>[] } };
  roles: Record<string, unknown>[];
  sections: Record<string, unknown>[];
} => YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml'));

function problemsOf(text: string): string[] {
  const r = parseTemplateDocument(text);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}
const asYaml = (v: unknown) => YAML.stringify(v);

describe('template documents round-trip', () => {
  it.each(['yaml', 'json'] as const)('%s: export, import, export gives the same document and the same template', (format) => {
    const first = serializeTemplate(CURRENT_TEMPLATE, format);
    const read = parseTemplateDocument(first);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.template).toEqual(CURRENT_TEMPLATE);
    expect(serializeTemplate(read.template, format)).toBe(first);
  });

  it('YAML and JSON hold the same template', () => {
    const y = parseTemplateDocument(serializeTemplate(CURRENT_TEMPLATE, 'yaml'));
    const j = parseTemplateDocument(serializeTemplate(CURRENT_TEMPLATE, 'json'));
    expect(y.ok && j.ok && diffTemplates(y.template, j.template)).toEqual([]);
    expect(JSON.parse(serializeTemplate(CURRENT_TEMPLATE, 'json'))).toEqual(YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')));
  });

  it('accepts an editor schema hint at the top and the source written without defaults', () => {
    const r = parseTemplateDocument(JSON.stringify({ $schema: './template.schema.json', ...KAYTTOONOTTO }));
    expect(r.ok && r.template).toEqual(CURRENT_TEMPLATE);
  });
});

describe('docs/template.schema.json', () => {
  it('is what the generator produces (regenerate with `npm run template:schema`)', () => {
    const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    expect(committed).toEqual(templateJsonSchema());
  });

  it('accepts the exported template and rejects an unknown field and a missing Finnish text', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(templateJsonSchema());
    expect(validate(JSON.parse(serializeTemplate(CURRENT_TEMPLATE, 'json')))).toBe(true);
    const bad = doc();
    (bad.items[0] as Record<string, unknown>).colour = 'red';
    expect(validate(bad)).toBe(false);
    const noFi = doc();
    delete ((noFi.items[1] as { text: Record<string, string> }).text as Record<string, string>).fi;
    expect(validate(noFi)).toBe(false);
  });
});

describe('bad documents: every problem on one line, starting with its path', () => {
  const cases: [string, (d: ReturnType<typeof doc>) => void, string][] = [
    ['unknown field on an item', (d) => Object.assign(d.items[3] ?? {}, { colour: 'red' }), 'items[3].colour: unknown field "colour"'],
    ['unknown top-level field', (d) => Object.assign(d, { owner: 'me' }), 'owner: unknown field "owner"'],
    [
      'unknown field in a text',
      (d) => Object.assign((d.items[0] as { text: object }).text, { de: 'x' }),
      'items[0].text.de: unknown field "de"',
    ],
    [
      'unknown role on an item',
      (d) => Object.assign(d.items[3] ?? {}, { role: 'arkkitehtti' }),
      'items[3].role: unknown role "arkkitehtti"',
    ],
    ['duplicate id', (d) => Object.assign(d.items[5] ?? {}, { id: (d.items[4] as { id: string }).id }), 'items[5].id: duplicate id'],
    [
      'dangling section reference',
      (d) => Object.assign(d.items[2] ?? {}, { sectionId: 'section.nowhere' }),
      'items[2].sectionId: unknown section "section.nowhere"',
    ],
    [
      'dangling section parent',
      (d) => Object.assign(d.sections[3] ?? {}, { parentId: 'section.nowhere' }),
      'sections[3].parentId: unknown section "section.nowhere"',
    ],
    [
      'dangling confirming role',
      (d) => Object.assign(d.gates.entry.conditions[1] ?? {}, { attestRoles: ['pomo'] }),
      'gates.entry.conditions[1].attestRoles[0]: unknown role "pomo"',
    ],
    [
      'a condition confirmable by no role',
      (d) => Object.assign(d.gates.exit.conditions[0] ?? {}, { attestRoles: [] }),
      'gates.exit.conditions[0].attestRoles: no role can confirm this condition',
    ],
    ['missing Finnish text', (d) => delete (d.items[7] as { text: { fi?: string } }).text.fi, 'items[7].text.fi: Finnish text is missing'],
    [
      'blank Finnish text',
      (d) => Object.assign((d.sections[1] as { title: object }).title, { fi: '   ' }),
      'sections[1].title.fi: Finnish text is missing',
    ],
    ['a missing role', (d) => d.roles.splice(2, 1), 'roles: role "architect" is missing'],
    ['bad id', (d) => Object.assign(d.items[1] ?? {}, { id: 'Duty X' }), 'items[1].id: id must be lowercase'],
    ['bad version', (d) => Object.assign(d, { version: '1.1' }), 'version: version must be MAJOR.MINOR.PATCH'],
    [
      'a duty in a heading',
      (d) => Object.assign(d.items[0] ?? {}, { sectionId: 'section.tarkistuslista' }),
      'items[0].sectionId: section "section.tarkistuslista" is a heading',
    ],
    ['a wrong type', (d) => Object.assign(d.items[6] ?? {}, { mandatory: 'yes' }), 'items[6].mandatory: expected boolean, received "yes"'],
    [
      'rule on an attestation',
      (d) => Object.assign(d.gates.entry.conditions[0] ?? {}, { rule: { type: 'items-done' } }),
      'gates.entry.conditions[0].rule: rule is only allowed on automatic conditions',
    ],
  ];

  it.each(cases)('%s', (_name, breakIt, expected) => {
    const d = doc();
    breakIt(d);
    for (const text of [asYaml(d), JSON.stringify(d)]) {
      const problems = problemsOf(text);
      expect(problems.some((p) => p.startsWith(expected))).toBe(true);
      for (const p of problems) expect(p).toMatch(/^[^\s:]+: /);
    }
  });

  it('covers at least ten different kinds of problem', () => {
    expect(new Set(cases.map((c) => c[2].split(': ')[1]?.split(' ').slice(0, 2).join(' '))).size).toBeGreaterThanOrEqual(10);
  });

  it('text problems: broken YAML, a key written twice, an empty file, not a mapping', () => {
    expect(problemsOf('id: [unclosed\n')[0]).toMatch(/^\(document\): line \d+, column \d+: /);
    expect(problemsOf('id: a\nid: b\n')).toEqual([expect.stringMatching(/^\(document\): line 2, column 1: a key is written twice/)]);
    expect(problemsOf('{"id": "a", "id": "b"}')[0]).toMatch(/^\(document\).*a key is written twice/);
    expect(problemsOf('  \n')).toEqual(['(document): the document is empty']);
    expect(problemsOf('- 1\n- 2\n')[0]).toMatch(/^\(template\): expected object, received an array/);
    expect(problemsOf(`$schema: 5\n${asYaml(doc())}`)).toEqual(['$schema: expected the address of the schema (a string)']);
  });

  it('refuses a document over the size limit before parsing it', () => {
    expect(problemsOf(`# ${'x'.repeat(1_000_001)}`)).toEqual([expect.stringMatching(/^\(document\): the document is longer than/)]);
  });
});

describe('diffTemplates', () => {
  const read = (d: unknown): Template => {
    const r = parseTemplateDocument(JSON.stringify(d));
    if (!r.ok) throw new Error(r.problems.join('\n'));
    return r.template;
  };

  it('no change → no lines', () => {
    expect(diffTemplates(CURRENT_TEMPLATE, read(doc()))).toEqual([]);
  });

  it('one line per added, removed and changed entry', () => {
    const d = doc();
    d.version = '1.1.0';
    const removed = d.items.splice(1, 1)[0] as { id: string };
    d.items.push({ ...(d.items[0] as object), id: 'duty.extra.audit', text: { fi: 'Auditointi', sv: 'Revision', en: 'Audit' } });
    Object.assign(d.items[0] ?? {}, { mandatory: false, role: 'architect' });
    Object.assign((d.gates.exit.conditions[2] as { text: object }).text, { en: 'Changed' });
    const moved = d.gates.entry.conditions.pop() as { id: string };
    d.gates.exit.conditions.push(moved);
    const lines = diffTemplates(CURRENT_TEMPLATE, read(d)).map(formatChange);
    expect(lines).toEqual([
      '~ kayttoonotto version',
      `~ ${(d.items[0] as { id: string }).id} role,mandatory`,
      '+ duty.extra.audit',
      `- ${removed.id}`,
      `~ ${(d.gates.exit.conditions[2] as { id: string }).id} text`,
      `~ ${moved.id} gate`,
    ]);
  });
});
