// @ts-nocheck
import { CURRENT_TEMPLATE, LOCALES, type LocalizedText } from '../../../src/core/template';

/** Every LocalizedText in a value, with its path. */
function localizedTexts(value: unknown, path = ''): { path: string; text: LocalizedText }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const rec = value as Record<string, unknown>;
  if (LOCALES.every((l) => typeof rec[l] === 'string')) return [{ path, text: rec as LocalizedText }];
  return Object.entries(rec).flatMap(([k, v]) => localizedTexts(v, path ? `${path}.${k}` : k));
}

const t = CURRENT_TEMPLATE;
const all = localizedTexts(t);

describe('every text of the template is in Finnish, Swedish and English', () => {
  it('finds the texts (roles, sections, items, sub-points, gates, conditions, name, description, output)', () => {
    // 6 roles + 12 sections (2 with subtitles) + 38 items + 3 sub-points + 2×(title+intro) + 16 conditions + 3.
    expect(all).toHaveLength(6 + 12 + 2 + 38 + 3 + 4 + 16 + 3);
  });

  it.each(all.map((x) => [x.path, x.text] as const))('%s has non-empty fi, sv and en', (_path, text) => {
    for (const l of LOCALES) expect(text[l].trim()).not.toBe('');
    for (const l of LOCALES) expect(text[l]).toBe(text[l].trim());
  });

  it('translates item, sub-point and condition texts (sv and en differ from fi and from each other)', () => {
    const texts = [
      ...t.items.map((i) => i.text),
      ...t.items.flatMap((i) => i.subPoints),
      ...t.gates.entry.conditions.map((c) => c.text),
      ...t.gates.exit.conditions.map((c) => c.text),
    ];
    const untranslated = texts.filter((x) => x.sv === x.fi || x.en === x.fi || x.sv === x.en).map((x) => x.fi);
    expect(untranslated).toEqual([]);
  });

  it('translates the headings, roles and gate titles too', () => {
    const texts = [
      ...t.sections.map((s) => s.title),
      ...t.roles.map((r) => r.name),
      t.gates.entry.title,
      t.gates.exit.title,
      t.description,
      t.output,
    ];
    expect(texts.filter((x) => x.sv === x.fi || x.en === x.fi).map((x) => x.fi)).toEqual([]);
  });

  it('uses the glossary for the role names', () => {
    expect(t.roles.map((r) => [r.name.fi, r.name.sv, r.name.en])).toEqual([
      ['Hankepäällikkö', 'Projektledare', 'Project manager'],
      ['Palvelusta vastaava', 'Tjänsteägare', 'Service owner'],
      ['Arkkitehti', 'Arkitekt', 'Architect'],
      ['Toteutustiimi', 'Genomförandeteam', 'Implementation team'],
      ['Tuotantotiimi', 'Driftteam', 'Production (operations) team'],
      ['Johto-/ohjausryhmä', 'Lednings-/styrgrupp', 'Management / steering group'],
    ]);
  });

  it('keeps Finnish letters out of the translations (catches half-translated copies)', () => {
    const finnishWord = /(?<!\p{L})(ja|tai|että|sekä|eli)(?!\p{L})/iu;
    const leaks = all.filter((x) => /[äöå]/i.test(x.text.en) || finnishWord.test(x.text.sv) || finnishWord.test(x.text.en));
    expect(leaks.map((x) => `${x.path}: ${x.text.sv} | ${x.text.en}`)).toEqual([]);
  });
});
