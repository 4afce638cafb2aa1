// @ts-nocheck
import {
  CURRENT_TEMPLATE,
  KAYTTOONOTTO,
  ROLE_IDS,
  TEMPLATES,
  TemplateError,
  conditionsOf,
  effectiveItemRole,
  getTemplate,
  itemsOf,
  latestTemplate,
  localize,
  parseTemplate,
  sectionLabel,
  sectionPath,
  validateTemplate,
  type TemplateInput,
} from '../../../src/core/template';

/** A deep, mutable copy of the template source, for breaking. */
const input = (): TemplateInput => structuredClone(KAYTTOONOTTO);

/** The problems `parseTemplate` throws for an input (fails the test when it does not throw). */
function problemsOf(bad: unknown): readonly string[] {
  try {
    parseTemplate(bad);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    const err = e as TemplateError;
    // The message lists every problem.
    for (const p of err.problems) expect(err.message).toContain(p);
    return err.problems;
  }
  throw new Error('expected parseTemplate to throw');
}

const KNOWN = `(known: ${ROLE_IDS.join(', ')})`;

describe('parseTemplate accepts the valid template', () => {
  it('parses the Käyttöönotto source without problems', () => {
    expect(validateTemplate(KAYTTOONOTTO)).toEqual([]);
    const t = parseTemplate(KAYTTOONOTTO);
    expect(t.id).toBe('kayttoonotto');
    expect(t.items.every((i) => i.mandatory)).toBe(true);
    expect(t.roles.map((r) => r.id)).toEqual([...ROLE_IDS]);
  });

  it('uses lowercase ASCII ids with the agreed prefixes, all unique', () => {
    const t = CURRENT_TEMPLATE;
    const ids = [
      ...t.sections.map((s) => s.id),
      ...t.items.map((i) => i.id),
      ...t.gates.entry.conditions.map((c) => c.id),
      ...t.gates.exit.conditions.map((c) => c.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9.-]+$/);
    for (const s of t.sections) expect(s.id).toMatch(/^section\./);
    for (const i of t.items) expect(i.id).toMatch(i.kind === 'duty' ? /^duty\.[a-z]+\./ : /^deliverable\.[a-z]+\./);
    for (const c of t.gates.entry.conditions) expect(c.id).toMatch(/^entry\./);
    for (const c of t.gates.exit.conditions) expect(c.id).toMatch(/^exit\./);
  });
});

describe('parseTemplate rejects bad templates with path-qualified messages', () => {
  it('unknown role on an item', () => {
    const bad = input();
    (bad.items[3] as { role: string }).role = 'arkkitehtti';
    expect(problemsOf(bad)).toEqual([`items[3].role: unknown role "arkkitehtti" ${KNOWN}`]);
  });

  it('unknown role among the attesting roles', () => {
    const bad = input();
    const c = bad.gates.exit.conditions[2];
    if (c?.kind !== 'attestation') throw new Error('fixture');
    (c.attestRoles as string[])[0] = 'boss';
    expect(problemsOf(bad)).toEqual([`gates.exit.conditions[2].attestRoles[0]: unknown role "boss" ${KNOWN}`]);
  });

  it('duplicate id, naming where it was first used', () => {
    const bad = input();
    const first = bad.items[2]?.id ?? '';
    (bad.items[7] as { id: string }).id = first;
    expect(problemsOf(bad)).toEqual([`items[7].id: duplicate id "${first}" (also at items[2].id)`]);
  });

  it('duplicate id across kinds (a condition reusing an item id)', () => {
    const bad = input();
    (bad.gates.entry.conditions[1] as { id: string }).id = bad.items[0]?.id ?? '';
    expect(problemsOf(bad)).toEqual([`gates.entry.conditions[1].id: duplicate id "${bad.items[0]?.id}" (also at items[0].id)`]);
  });

  it('missing or blank Finnish text', () => {
    const bad = input();
    (bad.roles[1]?.name as { fi?: string }).fi = '  ';
    delete (bad.items[5]?.text as { fi?: string }).fi;
    expect(problemsOf(bad)).toEqual(['roles[1].name.fi: Finnish text is missing', 'items[5].text.fi: Finnish text is missing']);
  });

  it('missing Swedish or English text', () => {
    const bad = input();
    delete (bad.sections[0]?.title as { sv?: string }).sv;
    (bad.gates.exit.conditions[0]?.text as { en: string }).en = '';
    expect(problemsOf(bad)).toEqual([
      'sections[0].title.sv: Swedish text is missing',
      'gates.exit.conditions[0].text.en: English text is missing',
    ]);
  });

  it('an item in a heading section', () => {
    const bad = input();
    (bad.items[0] as { sectionId: string }).sectionId = 'section.valmistelu.suunnittelu';
    expect(problemsOf(bad)).toEqual(['items[0].sectionId: section "section.valmistelu.suunnittelu" is a heading; headings hold no items']);
  });

  it('an item in an unknown section', () => {
    const bad = input();
    (bad.items[10] as { sectionId: string }).sectionId = 'section.olematon';
    expect(problemsOf(bad)).toEqual(['items[10].sectionId: unknown section "section.olematon"']);
  });

  it('a duty under a step and a deliverable under a duty area', () => {
    const bad = input();
    const duty = bad.items.findIndex((i) => i.kind === 'duty');
    (bad.items[duty] as { sectionId: string }).sectionId = 'section.kayttoonotto';
    (bad.items[0] as { sectionId: string }).sectionId = 'section.hankinta';
    expect(problemsOf(bad)).toEqual([
      'items[0].sectionId: a deliverable must sit under a step or a deliverable group, but "section.hankinta" is a duty area',
      `items[${duty}].sectionId: a duty must sit under a duty area, but "section.kayttoonotto" is a step`,
    ]);
  });

  it('a section whose parent is unknown or of the wrong kind', () => {
    const bad = input();
    const group = bad.sections.findIndex((s) => s.kind === 'deliverable-group');
    const area = bad.sections.findIndex((s) => s.kind === 'duty-area');
    (bad.sections[group] as { parentId?: string }).parentId = 'section.hankinta';
    (bad.sections[area] as { parentId?: string }).parentId = 'section.puuttuva';
    expect(problemsOf(bad)).toEqual([
      `sections[${group}].parentId: a deliverable group must sit under a step, but "section.hankinta" is a duty area`,
      `sections[${area}].parentId: unknown section "section.puuttuva"`,
    ]);
  });

  it('roles: an unknown one, a duplicate, a missing one', () => {
    const bad = input();
    (bad.roles[2] as { id: string }).id = 'arkkitehtti';
    (bad.roles[4] as { id: string }).id = 'service-owner';
    const problems = problemsOf(bad);
    expect(problems).toContain(`roles[2].id: unknown role "arkkitehtti" ${KNOWN}`);
    expect(problems).toContain('roles[4].id: duplicate id "service-owner" (also at roles[1].id)');
    expect(problems.some((p) => p.startsWith('roles: role "architect" is missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('roles: role "production-team" is missing'))).toBe(true);
  });

  it('approval or attesting roles on an automatic condition (zod would drop them silently)', () => {
    const bad = input();
    const idx = bad.gates.exit.conditions.findIndex((c) => c.kind === 'automatic');
    Object.assign(bad.gates.exit.conditions[idx] ?? {}, { approval: 'risk-acceptance', attestRoles: ['architect'] });
    expect(problemsOf(bad)).toEqual([
      `gates.exit.conditions[${idx}].approval: approval is only allowed on attestation conditions (this one is "automatic")`,
      `gates.exit.conditions[${idx}].attestRoles: attestRoles is only allowed on attestation conditions (this one is "automatic")`,
    ]);
  });

  it('an unknown condition kind, an unknown approval, a role listed twice', () => {
    const bad = input();
    (bad.gates.entry.conditions[0] as { kind: string }).kind = 'magic';
    Object.assign(bad.gates.entry.conditions[4] ?? {}, { approval: 'blessing' });
    Object.assign(bad.gates.entry.conditions[2] ?? {}, { attestRoles: ['service-owner', 'service-owner'] });
    expect(problemsOf(bad)).toEqual([
      'gates.entry.conditions[0].kind: unknown kind "magic" (known: automatic, attestation)',
      'gates.entry.conditions[4].approval: unknown value "blessing" (known: risk-acceptance)',
      'gates.entry.conditions[2].attestRoles[1]: role "service-owner" is listed twice (also at gates.entry.conditions[2].attestRoles[0])',
    ]);
  });

  it('a bad id, a missing field, a gate under the wrong key', () => {
    const bad = input();
    (bad.items[1] as { id: string }).id = 'Deliverable.Ä';
    delete (bad.items[2] as { kind?: string }).kind;
    (bad.gates.exit as { id: string }).id = 'entry';
    expect(problemsOf(bad)).toEqual([
      'items[1].id: id must be lowercase letters and digits joined by "-" or "."',
      'items[2].kind: required field is missing (expected one of duty, deliverable)',
      'gates.exit.id: gate id must be "exit" (found "entry")',
    ]);
  });

  it('an empty list where one entry is needed', () => {
    const bad = input();
    Object.assign(bad.gates.exit.conditions[1] ?? {}, { attestRoles: [] });
    expect(problemsOf(bad)).toEqual(['gates.exit.conditions[1].attestRoles: no role can confirm this condition (name at least one role)']);
  });

  it('lists every problem at once in the error message', () => {
    const bad = input();
    (bad.items[3] as { role: string }).role = 'arkkitehtti';
    (bad.items[0] as { sectionId: string }).sectionId = 'section.tarkistuslista';
    (bad.roles[0]?.name as { fi: string }).fi = '';
    try {
      parseTemplate(bad);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/^Invalid template "kayttoonotto@1\.0\.0": 3 problems\n/);
      expect(msg).toContain('  - items[3].role: unknown role "arkkitehtti"');
      expect(msg).toContain('  - items[0].sectionId: section "section.tarkistuslista" is a heading');
      expect(msg).toContain('  - roles[0].name.fi: Finnish text is missing');
    }
  });

  it('rejects something that is not a template at all', () => {
    expect(problemsOf(null)).toEqual(['(template): expected object, received null']);
    expect(problemsOf('kayttoonotto')[0]).toMatch(/^\(template\): /);
    expect(problemsOf({}).length).toBeGreaterThan(5);
  });
});

describe('registry and helpers', () => {
  const t = CURRENT_TEMPLATE;

  it('registers kayttoonotto 1.0.0 as the current and latest template', () => {
    expect(Object.keys(TEMPLATES)).toEqual(['kayttoonotto']);
    expect(getTemplate('kayttoonotto', '1.0.0')).toBe(t);
    expect(getTemplate('kayttoonotto', '9.9.9')).toBeUndefined();
    expect(getTemplate('toString', '1.0.0')).toBeUndefined();
    expect(latestTemplate('kayttoonotto')).toBe(t);
    expect(latestTemplate('nope')).toBeUndefined();
  });

  it('freezes the parsed template so no caller can change the shared copy', () => {
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.items[0]?.text)).toBe(true);
    expect(() => {
      (t.items as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('itemsOf and conditionsOf', () => {
    expect(itemsOf(t)).toHaveLength(38);
    expect(itemsOf(t, 'deliverable').every((i) => i.kind === 'deliverable')).toBe(true);
    expect(conditionsOf(t, 'entry').map((c) => c.id)).toEqual(t.gates.entry.conditions.map((c) => c.id));
    const exit = conditionsOf(t, 'exit');
    expect(exit).toHaveLength(11);
    expect(exit.filter((c) => c.kind === 'automatic').map((c) => c.id)).toEqual([
      'exit.palvelusta-vastaava-nimetty',
      'exit.all-items-done',
    ]);
    const risk = conditionsOf(t, 'entry').filter((c) => c.kind === 'attestation' && c.approval === 'risk-acceptance');
    expect(risk.map((c) => (c.kind === 'attestation' ? c.attestRoles : []))).toEqual([['steering-group']]);
  });

  it('sectionPath and sectionLabel walk up to the step', () => {
    expect(sectionPath(t, 'section.valmistelu.tekninen-valmius').map((s) => s.id)).toEqual([
      'section.valmistelu',
      'section.valmistelu.tekninen-valmius',
    ]);
    expect(sectionPath(t, 'section.tietoturva').map((s) => s.id)).toEqual(['section.tietoturva']);
    expect(sectionPath(t, 'section.nope')).toEqual([]);
    expect(sectionLabel(t, 'section.valmistelu.tekninen-valmius', 'fi-FI')).toBe('1. Käyttöönoton valmistelu › Tekninen valmius');
    expect(sectionLabel(t, 'section.valmistelu.tekninen-valmius', 'en-US')).toBe('1. Preparing the deployment › Technical readiness');
  });

  it('localize picks the language and falls back to Finnish', () => {
    const text = t.name;
    expect(localize(text, 'fi')).toBe('Käyttöönotto');
    expect(localize(text, 'sv-SE')).toBe('Ibruktagande');
    expect(localize(text, 'en_US')).toBe('Deployment');
    expect(localize(text, 'de-DE')).toBe('Käyttöönotto');
    expect(localize({ fi: 'a', sv: ' ', en: 'c' }, 'sv')).toBe('a');
  });

  it('effectiveItemRole: duties keep their role; deliverables take a valid project override', () => {
    const duty = itemsOf(t, 'duty')[0];
    const deliverable = itemsOf(t, 'deliverable')[0];
    if (!duty || !deliverable) throw new Error('fixture');
    expect(effectiveItemRole(t, deliverable.id)).toBe(deliverable.role);
    expect(effectiveItemRole(t, deliverable.id, { [deliverable.id]: 'architect' })).toBe('architect');
    expect(effectiveItemRole(t, deliverable.id, { [deliverable.id]: 'nobody' as never })).toBe(deliverable.role);
    expect(effectiveItemRole(t, duty.id, { [duty.id]: 'steering-group' })).toBe(duty.role);
    expect(() => effectiveItemRole(t, 'duty.nope')).toThrow(/unknown item id "duty\.nope"/);
  });
});
