/**
 * One text rule for template texts and every other text (core/text.ts): control, bidi and invisible
 * characters are refused with the path of the text, in the user's language; versions saved before
 * the rule are read without them.
 */
// @ts-nocheck

import { KAYTTOONOTTO, validateTemplate, type TemplateInput } from '../../../src/core/template';
import { localizeProblem } from '../../../src/core/template/messages';
import { parseTemplateDocument } from '../../../src/core/template/document';
import { parseStoredTemplate } from '../../../src/core/template/validate';
import { checkText } from '../../../src/core/text';

const input = (): TemplateInput => structuredClone(KAYTTOONOTTO) as TemplateInput;

describe('template texts follow the text rule', () => {
  it.each([
    ['NUL', '\u0000', 'contains a control character (U+0000) that cannot be stored'],
    ['BEL', '\u0007', 'contains a control character (U+0007) that cannot be stored'],
    ['U+202E', '\u202E', 'contains a text-direction character (U+202E) that cannot be stored'],
    ['U+200B', '\u200B', 'contains an invisible character (U+200B) that cannot be stored'],
  ])('refuses %s in an item text, naming the path', (_name, ch, message) => {
    const t = input();
    t.items[3]!.text.fi = `Tehtävä${ch}teksti`;
    expect(validateTemplate(t)).toEqual([`items[3].text.fi: ${message}`]);
  });

  it('every kind of template text: names, titles, sub-points, conditions', () => {
    const t = input();
    t.name.sv = 'Ibruktagning\u202Egnp';
    t.sections[0]!.title.en = 'Step\u0007one';
    t.items[5]!.subPoints = [{ fi: 'Uudet\u200Bratkaisut', sv: 'Nya', en: 'New' }];
    t.gates.exit.conditions[0]!.text.fi = 'Ehto\u0000';
    t.roles[1]!.name.en = 'Owner\u2066';
    expect(validateTemplate(t).map((p) => p.slice(0, p.indexOf(': ')))).toEqual([
      'name.sv',
      'roles[1].name.en',
      'sections[0].title.en',
      'items[5].subPoints[0].fi',
      'gates.exit.conditions[0].text.fi',
    ]);
  });

  it('the same rule and the same words as a resolver text field', () => {
    const field = checkText('a\u202Eb', { max: 100 });
    expect(field.ok).toBe(false);
    const t = input();
    t.items[0]!.text.en = 'a\u202Eb';
    const [problem] = validateTemplate(t);
    expect(problem).toBe('items[0].text.en: contains a text-direction character (U+202E) that cannot be stored');
    expect(localizeProblem(problem!, 'fi')).toBe(
      'items[0].text.en: sisältää tekstin suuntaa muuttavan merkin (U+202E), jota ei voi tallentaa',
    );
    expect(localizeProblem(problem!, 'sv')).toBe(
      'items[0].text.en: innehåller ett tecken som ändrar textriktningen (U+202E) och inte kan sparas',
    );
  });

  it('a line break only where paragraphs are kept (description, output); never in an item text', () => {
    const t = input();
    t.description.fi = 'Ensimmäinen kappale.\n\nToinen kappale.';
    expect(validateTemplate(t)).toEqual([]);
    t.items[2]!.text.fi = 'Kaksi\nriviä';
    expect(validateTemplate(t)).toEqual(['items[2].text.fi: contains a control character (U+000A) that cannot be stored']);
  });

  it('an imported JSON document with escaped characters is refused the same way', () => {
    const doc = JSON.stringify({ ...input(), name: { fi: 'Nimi\u0000', sv: 'Namn', en: 'Name' } });
    const r = parseTemplateDocument(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContain('name.fi: contains a control character (U+0000) that cannot be stored');
  });

  it('a version saved before the rule is read without the characters (an epic on it keeps working)', () => {
    const t = input();
    t.items[3]!.text.fi = 'Teh\u202Etävä\u0000';
    t.items[4]!.text.fi = 'Kaksi\nriviä';
    t.description.fi = 'Rivi\nrivi\u200B';
    const parsed = parseStoredTemplate(t);
    expect(parsed.items[3]!.text.fi).toBe('Tehtävä');
    expect(parsed.items[4]!.text.fi).toBe('Kaksi riviä');
    expect(parsed.description.fi).toBe('Rivi\nrivi');
  });
});
