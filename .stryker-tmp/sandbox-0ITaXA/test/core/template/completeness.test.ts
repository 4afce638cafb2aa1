// @ts-nocheck
import { CURRENT_TEMPLATE, LINK_LABEL, itemsOf, type Template } from '../../../src/core/template';
import { checkCompleteness, normalizeSeedText, parseSeed, splitLeadIn, splitSentences } from '../../../src/core/template/completeness';
import { loadSeed } from './seed';

const seed = loadSeed();
const describeSeed = seed === undefined ? describe.skip : describe;
const SEED = seed ?? '';
const t = CURRENT_TEMPLATE;

/** A mutable copy of the (frozen) current template. */
const copy = (): Template => structuredClone(t);
const allConditionTexts = () => [...t.gates.entry.conditions, ...t.gates.exit.conditions].map((c) => c.text.fi);

/** Every bullet of the seed, read here without the template's help: lines starting with "•". */
function rawBullets(text: string): { text: string; indent: number }[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^(\s*)•\s*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ indent: (m[1] ?? '').length, text: normalizeSeedText(m[2] ?? '') }));
}

describeSeed('the Käyttöönotto template is complete against the seed page', () => {
  it('has no completeness problems', () => {
    expect(checkCompleteness(SEED, t)).toEqual([]);
  });

  it('holds every seed bullet word for word as an item text, a sub-point or a condition text', () => {
    const texts = new Set([
      ...t.items.map((i) => i.text.fi),
      ...t.items.flatMap((i) => i.subPoints.map((s) => s.fi)),
      ...allConditionTexts(),
    ]);
    const bullets = rawBullets(SEED);
    expect(bullets.length).toBe(5 + 2 + 10 + 28 + 3);
    const missing = bullets.filter((b) => !texts.has(b.text)).map((b) => b.text);
    expect(missing).toEqual([]);
  });

  it('drops only the link label of the page from bullets', () => {
    const labelled = SEED.split('\n').filter((l) => l.includes(LINK_LABEL));
    expect(labelled).toHaveLength(2);
    for (const l of labelled) expect(l.trim().endsWith(LINK_LABEL)).toBe(true);
  });

  it('counts: 28 duties, 10 deliverables, 5 entry conditions, in the template and in the seed', () => {
    expect(itemsOf(t, 'duty')).toHaveLength(28);
    expect(itemsOf(t, 'deliverable')).toHaveLength(10);
    expect(t.gates.entry.conditions).toHaveLength(5);

    const parsed = parseSeed(SEED, t);
    const kindOf = (sectionId?: string) => t.sections.find((s) => s.id === sectionId)?.kind;
    expect(parsed.bullets.filter((b) => kindOf(b.sectionId) === 'duty-area')).toHaveLength(28);
    expect(parsed.bullets.filter((b) => kindOf(b.sectionId) === 'step' || kindOf(b.sectionId) === 'deliverable-group')).toHaveLength(10);
    expect(parsed.bullets.filter((b) => b.gate === 'entry')).toHaveLength(5);
    expect(parsed.bullets.filter((b) => b.gate === 'exit')).toHaveLength(2);
  });

  it("gives each duty the role heading it stands under in the seed, and keeps the seed's order", () => {
    const parsed = parseSeed(SEED, t);
    const dutyBullets = parsed.bullets.filter((b) => t.sections.find((s) => s.id === b.sectionId)?.kind === 'duty-area');
    // Every duty bullet stands under some role heading of the seed.
    expect(dutyBullets.filter((b) => b.roleId === undefined)).toEqual([]);
    const duties = itemsOf(t, 'duty');
    expect(duties.map((d) => d.text.fi)).toEqual(dutyBullets.map((b) => b.text));
    dutyBullets.forEach((b, k) => {
      expect({ text: b.text, role: duties[k]?.role, section: duties[k]?.sectionId }).toEqual({
        text: b.text,
        role: b.roleId,
        section: b.sectionId,
      });
    });
  });

  it("keeps the architect's three sub-points on the architect's first duty", () => {
    const arch = itemsOf(t, 'duty').filter((d) => d.role === 'architect');
    expect(arch[0]?.subPoints.map((s) => s.fi)).toEqual(['Uudet ratkaisut', 'Poistuvat ratkaisut', 'Muutokset']);
    expect(arch.slice(1).every((d) => d.subPoints.length === 0)).toBe(true);
  });

  it('covers every fragment of the exit lead-in sentence', () => {
    const leadIn = parseSeed(SEED, t).paragraphs.find((p) => p.gate === 'exit' && p.text.endsWith(':'));
    expect(leadIn?.text).toBe(t.gates.exit.intro?.fi);
    const { fragments, introducesList } = splitLeadIn(leadIn?.text ?? '');
    expect(introducesList).toBe(true);
    expect(fragments).toEqual([
      'varsinainen kehittäminen on päättynyt',
      'tuotantoonsiirto on tapahtunut',
      'uusi järjestelmä tai palvelu on käytössä',
      'edellytykset kehittämis- ja ylläpitovastuiden siirtämisen aloittamiselle hankeorganisaatiolta liiketoiminnalle ovat olemassa',
    ]);
    const exitTexts = t.gates.exit.conditions.map((c) => c.text.fi);
    for (const f of fragments.slice(0, -1)) expect(exitTexts).toContain(f.charAt(0).toUpperCase() + f.slice(1));
  });

  it('covers every sentence of the phase output paragraph', () => {
    const sentences = splitSentences(t.output.fi);
    expect(sentences).toHaveLength(4);
    expect(SEED.replace(/\u00a0/g, ' ')).toContain(t.output.fi);
    const exitTexts = t.gates.exit.conditions.map((c) => c.text.fi);
    // Sentences 1, 3 and 4 are conditions as such; sentence 2 names three things, each a condition.
    for (const k of [0, 2, 3]) expect(exitTexts).toContain(sentences[k]);
    expect(exitTexts).toEqual(
      expect.arrayContaining([
        'Palvelusta vastaava on nimetty',
        'Ratkaisulle on nimetty pääkäyttäjät.',
        'Ratkaisulle on nimetty ylläpito- ja tukiorganisaatiot.',
      ]),
    );
  });

  it('keeps the four empty headings as sections with no items, and the seed has no bullets under them', () => {
    const parsed = parseSeed(SEED, t);
    for (const title of ['Suunnittelu', 'Sopimuksellinen valmius', 'Hankehallinnan tuotokset', 'Tarkistuslista vaiheen päättämiseksi']) {
      const s = t.sections.find((x) => x.title.fi === title);
      expect(s).toBeDefined();
      expect(s?.kind).toBe('heading');
      expect(t.items.filter((i) => i.sectionId === s?.id)).toEqual([]);
      expect(parsed.bullets.filter((b) => b.sectionId === s?.id)).toEqual([]);
    }
    expect(t.sections.filter((s) => s.kind === 'heading')).toHaveLength(4);
  });

  it('marks the template as a draft (the page says Beta / Luonnos)', () => {
    expect(t.status).toBe('draft');
    expect(t.version).toBe('1.0.0');
  });
});

describeSeed('the completeness check can fail', () => {
  const dutyText = 'Allokoi resurssit ylläpitoa varten';

  it('reports a duty removed from a copy of the template', () => {
    const bad = copy();
    bad.items = bad.items.filter((i) => i.text.fi !== dutyText);
    const problems = checkCompleteness(SEED, bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^seed line \d+ "Allokoi resurssit ylläpitoa varten" \(under "Asiakaslähtöisyys ja ohjaus \/ Palvelusta vastaava"\): no duty/,
    );
  });

  it('reports a duty given to another role than its seed heading', () => {
    const bad = copy();
    const item = bad.items.find((i) => i.text.fi === dutyText);
    if (!item) throw new Error('fixture');
    item.role = 'project-manager';
    expect(checkCompleteness(SEED, bad).join('\n')).toMatch(
      /is owned by "project-manager", but the seed puts it under the role "Palvelusta vastaava"/,
    );
  });

  it('reports a Finnish text changed by one letter, both ways', () => {
    const bad = copy();
    const item = bad.items.find((i) => i.text.fi === dutyText);
    if (!item) throw new Error('fixture');
    item.text.fi = 'Allokoi resurssit ylläpitoa varte';
    const problems = checkCompleteness(SEED, bad);
    expect(problems.some((p) => p.includes('"Allokoi resurssit ylläpitoa varten"') && p.includes('no duty'))).toBe(true);
    expect(problems.some((p) => p.includes('is not a bullet of the seed'))).toBe(true);
  });

  it('reports a missing sub-point', () => {
    const bad = copy();
    const item = bad.items.find((i) => i.subPoints.length > 0);
    if (!item) throw new Error('fixture');
    item.subPoints = item.subPoints.slice(0, 2);
    expect(checkCompleteness(SEED, bad).join('\n')).toMatch(
      /sub-points of duty\.arkkitehtuuri\.[a-z-]+ are "Uudet ratkaisut \/ Poistuvat ratkaisut", the seed has "Uudet ratkaisut \/ Poistuvat ratkaisut \/ Muutokset"/,
    );
  });

  it('reports a deliverable moved to the wrong section', () => {
    const bad = copy();
    const item = bad.items.find((i) => i.text.fi === 'Datamigraatiot');
    if (!item) throw new Error('fixture');
    item.sectionId = 'section.valmistelu.tekninen-valmius';
    expect(checkCompleteness(SEED, bad).join('\n')).toMatch(
      /"Datamigraatiot".*is in section "section\.valmistelu\.tekninen-valmius", expected "section\.kayttoonotto"/,
    );
  });

  it('reports a missing entry condition, exit fragment and output element', () => {
    const bad = copy();
    bad.gates.entry.conditions = bad.gates.entry.conditions.slice(1);
    bad.gates.exit.conditions = bad.gates.exit.conditions.filter(
      (c) => c.id !== 'exit.tuotantoonsiirto-tapahtunut' && c.id !== 'exit.paakayttajat-nimetty' && c.id !== 'exit.jarjestelmakartta',
    );
    const problems = checkCompleteness(SEED, bad).join('\n');
    expect(problems).toMatch(/"Kaikki hankkeessa vaaditut lopputuotokset on toimitettu ja hyväksytty".*no condition of the entry gate/);
    expect(problems).toMatch(/exit fragment "tuotantoonsiirto on tapahtunut" has no exit condition/);
    expect(problems).toMatch(/"pääkäyttäjät" of the output sentence .* is not named by any exit condition/);
    expect(problems).toMatch(
      /output sentence "Ratkaisu on kirjattu järjestelmäkarttaan tai jo olemassa olevat tiedot on päivitetty\." is not an exit condition/,
    );
  });

  it('reports an item put under an empty heading, and an invented item', () => {
    const bad = copy();
    const heading = bad.sections.find((s) => s.title.fi === 'Suunnittelu');
    if (!heading) throw new Error('fixture');
    bad.items.push({
      id: 'deliverable.valmistelu.keksitty',
      kind: 'deliverable',
      sectionId: heading.id,
      role: 'architect',
      text: { fi: 'Keksitty tuotos', sv: 'Påhittad leverans', en: 'Invented deliverable' },
      subPoints: [],
      mandatory: true,
    });
    const problems = checkCompleteness(SEED, bad).join('\n');
    expect(problems).toMatch(/deliverable\.valmistelu\.keksitty: Finnish text "Keksitty tuotos" is not a bullet of the seed/);
    expect(problems).toMatch(/an empty heading of the seed, but the template puts 1 items in it/);
  });

  it('reports a bullet added to the seed', () => {
    const grown = SEED.replace('• Datamigraatiot', '• Datamigraatiot\n • Vanhan järjestelmän alasajo');
    expect(checkCompleteness(grown, t)).toEqual([
      expect.stringMatching(
        /"Vanhan järjestelmän alasajo" \(under "2\. Käyttöönotto"\): no deliverable of the template has this Finnish text/,
      ),
    ]);
  });

  it('reports a heading title that the seed does not have', () => {
    const bad = copy();
    const s = bad.sections.find((x) => x.id === 'section.tietosuoja');
    if (!s) throw new Error('fixture');
    s.title.fi = 'Yksityisyydensuoja';
    const problems = checkCompleteness(SEED, bad).join('\n');
    expect(problems).toMatch(/title\.fi: "Yksityisyydensuoja" is not a line of the seed/);
    // The four Tietosuoja duties now land under the previous heading (Tietoturva) and are reported.
    expect(problems).toMatch(
      /"Huolehtii tietosuojan toteutumisen ylläpidosta sovitulla tavalla\." \(under "Tietoturva \/ Tuotantotiimi"\)/,
    );
  });
});
