/**
 * One localisation mechanism: every user-facing text of the server and the UI is in the Forge
 * translation resources (locales/*.json); the server renders them with l10n(), the UI with the
 * bridge's translation function, both filling `{name}` placeholders. Template data (duties, roles,
 * conditions) is localized in the template and is not checked here.
 */
// @ts-nocheck

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import YAML from 'yaml';
import { l10n, l10nIn, type MessageKey } from '../../src/core/messages';
import { CURRENT_TEMPLATE, parseTemplateDocument, serializeTemplate } from '../../src/core/template';
import { catalogueLeaves } from '../catalogue';
import { TEMPLATE_PROBLEM_RULES, localizeProblem, templateProblemMessage } from '../../src/core/template/messages';

const ROOT = path.resolve(__dirname, '..', '..');
/** Template data: localized in the template itself, by design. */
const TEMPLATE_DATA = ['src/core/template/kayttoonotto.ts'];

function filesUnder(dir: string, exts: string[]): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return filesUnder(rel, exts);
    return exts.some((e) => name.endsWith(e)) ? [rel] : [];
  });
}

const english = new Map([...catalogueLeaves('en-US')].map(([k, v]) => [k, String(v)]));

/** Object literals with fi/sv/en properties holding non-empty written text: a text outside the catalogue. */
function inlineTranslations(file: string, text = readFileSync(path.join(ROOT, file), 'utf8')): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const written = (e: ts.Expression | undefined): boolean =>
    !!e &&
    ((ts.isStringLiteralLike(e) && e.text.trim() !== '') ||
      ts.isTemplateExpression(e) ||
      ((ts.isArrowFunction(e) || ts.isFunctionExpression(e)) && written(ts.isBlock(e.body) ? undefined : e.body)));
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const props = new Map(
        node.properties.filter(ts.isPropertyAssignment).map((p) => [p.name.getText(sf).replace(/['"]/g, ''), p.initializer] as const),
      );
      const langs = ['fi', 'sv', 'en'].filter((l) => written(props.get(l)));
      if (langs.length >= 2) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('the text catalogue (locales/*.json) is the one source of user-facing text', () => {
  it('l10n() gives a key in fi, sv and en with its placeholders filled; a LocalizedText value in its own language', () => {
    expect(l10n('server.permissions.needRole', { roles: { fi: 'Arkkitehti', sv: 'Arkitekt', en: 'Architect' } })).toEqual({
      fi: 'Vain seuraavat roolit epicissä: Arkkitehti.',
      sv: 'Endast följande roller på epicen: Arkitekt.',
      en: 'Only these roles on the epic: Architect.',
    });
    expect(l10nIn('sv', 'server.validator.more', { count: 3 })).toBe('och 3 till');
  });

  it('no server or UI source writes fi/sv/en text inline (template data excepted)', () => {
    const sources = [...filesUnder('src', ['.ts']), ...filesUnder('static', ['.ts', '.tsx'])].filter((f) => !TEMPLATE_DATA.includes(f));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.flatMap((f) => inlineTranslations(f))).toEqual([]);
  });

  it('the check above sees an inline translation (a plain one, a template literal, a per-language function)', () => {
    const probe = [
      "export const a = { fi: 'Hei', sv: 'Hej', en: 'Hi' };",
      'export const b = (n: number) => ({ fi: `${n} kpl`, sv: `${n} st`, en: `${n} pcs` });',
      'export const c = { fi: (n: number) => `${n} kpl`, sv: (n: number) => `${n} st`, en: (n: number) => `${n} pcs` };',
      "export const empty = { fi: '', sv: '', en: '' };",
      "export const key = l10n('server.errors.internal');",
    ].join('\n');
    expect(inlineTranslations('probe.ts', probe)).toEqual(['probe.ts:1', 'probe.ts:2', 'probe.ts:3']);
  });

  it('every server and shared-rule key (server.*, problem.*) is used by the code, and every key the code names exists', () => {
    const code = [...filesUnder('src', ['.ts']), ...filesUnder('static', ['.ts', '.tsx'])]
      .map((f) => readFileSync(path.join(ROOT, f), 'utf8'))
      .join('\n');
    const ours = [...english.keys()].filter((k) => k.startsWith('server.') || k.startsWith('problem.'));
    expect(ours.length).toBeGreaterThan(150);
    expect(ours.filter((k) => !code.includes(`'${k}'`))).toEqual([]);
    const named = [...code.matchAll(/'((?:server|problem)\.[A-Za-z0-9_.]+)'/g)].map((m) => m[1] ?? '');
    expect(named.filter((k) => !english.has(k))).toEqual([]);
  });
});

describe('template problems in Finnish and Swedish come from the catalogue', () => {
  // Sample values for the placeholders; each rule takes the first combination its own pattern accepts.
  const CANDIDATES = ['"item-x"', '7', 'evidenceRequired', 'a duty', '1.0.0, 1.1.0'];
  const combinations = (names: string[]): Record<string, string>[] =>
    names.reduce<Record<string, string>[]>((acc, name) => acc.flatMap((vars) => CANDIDATES.map((c) => ({ ...vars, [name]: c }))), [{}]);

  it.each(TEMPLATE_PROBLEM_RULES.map(([, key]) => [key] as const))(
    '%s: its English catalogue text is the message it recognises, and fi/sv keep the values',
    (key: MessageKey) => {
      const en = english.get(key) ?? '';
      const names = [...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const sample = combinations(names)
        .map((vars) => ({ vars, text: l10nIn('en', key, vars) }))
        .find(({ text }) => templateProblemMessage(text)?.key === key);
      expect(sample).toBeDefined();
      if (!sample) return;
      const read = templateProblemMessage(sample.text);
      expect(l10nIn('en', key, read?.vars)).toBe(sample.text);
      for (const l of ['fi', 'sv'] as const) {
        const shown = localizeProblem(`items[3].text: ${sample.text}`, l);
        expect(shown.startsWith('items[3].text: ')).toBe(true);
        expect(shown).not.toBe(`items[3].text: ${sample.text}`);
        for (const value of Object.values(sample.vars)) if (value.startsWith('"')) expect(shown).toContain(value);
      }
    },
  );

  it('the problems of real broken files are all recognised (none falls back to English)', () => {
    const doc = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as Record<string, unknown> & {
      items: Record<string, unknown>[];
      roles: Record<string, unknown>[];
    };
    const broken = [
      '',
      'a: [1,\n',
      YAML.stringify({ ...doc, version: 'one' }),
      YAML.stringify({ ...doc, extra: 1, roles: doc.roles.slice(1) }),
      YAML.stringify({ ...doc, items: [{ ...doc.items[0], text: { fi: 'x' }, kind: 'thing' }, ...doc.items.slice(1)] }),
      YAML.stringify({ ...doc, items: [...doc.items, doc.items[0]] }),
    ];
    const problems = broken.flatMap((text) => {
      const r = parseTemplateDocument(text);
      return r.ok ? [] : r.problems;
    });
    expect(problems.length).toBeGreaterThan(6);
    const unrecognised = problems.filter((p) => localizeProblem(p, 'fi') === p);
    expect(unrecognised).toEqual([]);
  });
});
