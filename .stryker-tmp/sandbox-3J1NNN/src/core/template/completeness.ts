/**
 * Completeness of a template against its seed page (plain text, as in `shared/seed/kayttoonotto.txt`).
 *
 * Pure: the caller reads the seed file and passes its text. `checkCompleteness` returns one line per
 * problem (empty = complete). It checks both ways:
 * - every bullet of the seed has its place (gate bullet → a condition of that gate; bullet under a
 *   deliverable section → a deliverable of that section; bullet under a duty area and role heading →
 *   a duty of that area owned by that role; sub-bullet → a sub-point of its parent item), Finnish
 *   text equal word for word (the only normalisations: trimming, non-breaking spaces read as spaces,
 *   and dropping the web page's link label " (lisätietoa)" at the end of a bullet, see kayttoonotto.ts);
 * - nothing is invented: every item and sub-point is a seed bullet, every section title, role name
 *   and gate title is a line of the seed, every entry condition is a seed bullet;
 * - the exit gate's lead-in sentence is split into fragments and each is a condition (the last one,
 *   ending in ':', introduces the bullets and is covered by them); each sentence of the phase output
 *   paragraph is a condition, or, for an enumeration ("Ratkaisulle on nimetty A, B, C."), each element
 *   is named by an exit condition;
 * - seed headings without bullets are `heading` sections, and headings with bullets are not.
 *
 * Headings are recognised by the template's own titles (the seed is plain text); a missing or
 * misspelt title therefore shows up as bullets landing in the wrong place.
 */
// @ts-nocheck

import { LINK_LABEL } from './kayttoonotto';
import type { GateId, Item, RoleId, Template } from './schema';

export interface SeedBullet {
  /** 1-based line number in the seed. */
  line: number;
  /** Trimmed text, link label removed. */
  text: string;
  /** Sub-bullets (trimmed). */
  subPoints: string[];
  /** Where the bullet stands: a gate, or a section (and, under a duty area, a role heading). */
  gate?: GateId;
  sectionId?: string;
  roleId?: RoleId;
}

export interface SeedStructure {
  bullets: SeedBullet[];
  /** Non-bullet, non-empty lines (trimmed), with their context. */
  paragraphs: { line: number; text: string; gate?: GateId; sectionId?: string }[];
  /** Every non-empty trimmed line. */
  lines: Set<string>;
}

const BULLET = /^(\s*)[•·]\s*(.*)$/;

/** Non-breaking spaces of the web page become plain spaces (they are layout, not words). */
const NBSP = /\u00a0/g;

/** Trim, turn non-breaking spaces into spaces, and drop a trailing link label. */
export function normalizeSeedText(s: string): string {
  let t = s.replace(NBSP, ' ').trim();
  if (t.endsWith(` ${LINK_LABEL}`)) t = t.slice(0, -LINK_LABEL.length).trim();
  return t;
}

/** Read the seed's bullets and paragraphs, placing each under the headings it stands under. */
export function parseSeed(seedText: string, t: Template): SeedStructure {
  const gateByTitle = new Map<string, GateId>([
    [t.gates.entry.title.fi, 'entry'],
    [t.gates.exit.title.fi, 'exit'],
  ]);
  const sectionByTitle = new Map(t.sections.map((s) => [s.title.fi, s.id] as const));
  const roleByName = new Map(t.roles.map((r) => [r.name.fi, r.id] as const));

  const out: SeedStructure = { bullets: [], paragraphs: [], lines: new Set() };
  let gate: GateId | undefined;
  let sectionId: string | undefined;
  let roleId: RoleId | undefined;
  let topIndent = -1;
  let last: SeedBullet | undefined;

  seedText.split(/\r?\n/).forEach((raw, idx) => {
    const line = idx + 1;
    const m = BULLET.exec(raw);
    if (m) {
      const indent = (m[1] ?? '').replace(/\t/g, '    ').length;
      const text = normalizeSeedText(m[2] ?? '');
      if (last && topIndent >= 0 && indent > topIndent) {
        last.subPoints.push(text);
        return;
      }
      topIndent = indent;
      last = { line, text, subPoints: [] };
      if (gate) last.gate = gate;
      if (sectionId) last.sectionId = sectionId;
      if (roleId) last.roleId = roleId;
      out.bullets.push(last);
      return;
    }
    const text = raw.replace(NBSP, ' ').trim();
    if (text === '') return;
    out.lines.add(text);
    last = undefined;
    topIndent = -1;
    const g = gateByTitle.get(text);
    const s = sectionByTitle.get(text);
    const r = roleByName.get(text);
    if (g) {
      gate = g;
      sectionId = undefined;
      roleId = undefined;
    } else if (s) {
      gate = undefined;
      sectionId = s;
      roleId = undefined;
    } else if (r) {
      roleId = r;
    } else {
      const p: SeedStructure['paragraphs'][number] = { line, text };
      if (gate) p.gate = gate;
      if (sectionId) p.sectionId = sectionId;
      out.paragraphs.push(p);
    }
  });
  return out;
}

const q = (s: string) => JSON.stringify(s);
const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase('fi') + s.slice(1);

/** Split the exit gate's lead-in ("Vaihe päättyy kun A ja B, C ja D:") into its fragments. */
export function splitLeadIn(sentence: string): { fragments: string[]; introducesList: boolean } {
  const introducesList = sentence.trim().endsWith(':');
  const body = sentence.trim().replace(/:$/, '');
  const afterKun = body.replace(/^.*?\bkun\s+/, '');
  // Split on ", " and " ja ", but not on " ja " after a hyphen ("kehittämis- ja ylläpitovastuiden").
  const fragments = afterKun
    .split(/,\s+|(?<!-)\s+ja\s+/)
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return { fragments, introducesList };
}

/** Split a paragraph into sentences (at ". " boundaries). */
export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=\.)\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function checkCompleteness(seedText: string, t: Template): string[] {
  const problems: string[] = [];
  const seed = parseSeed(seedText, t);
  const sectionById = new Map(t.sections.map((s) => [s.id, s] as const));
  const roleName = (id: RoleId | undefined) => (id ? (t.roles.find((r) => r.id === id)?.name.fi ?? id) : '(no role heading)');
  const where = (b: SeedBullet) =>
    b.gate
      ? t.gates[b.gate].title.fi
      : [
          b.sectionId ? (sectionById.get(b.sectionId)?.title.fi ?? b.sectionId) : '(no known heading)',
          b.roleId ? roleName(b.roleId) : undefined,
        ]
          .filter(Boolean)
          .join(' / ');

  // 1. Seed bullets → template.
  const matchedItems = new Set<Item>();
  const matchedEntry = new Set<string>();
  for (const b of seed.bullets) {
    const at = `seed line ${b.line} ${q(b.text)} (under ${q(where(b))})`;
    if (b.gate) {
      const c = t.gates[b.gate].conditions.find((x) => x.text.fi === b.text);
      if (!c) problems.push(`${at}: no condition of the ${b.gate} gate has this Finnish text`);
      else if (b.gate === 'entry') matchedEntry.add(c.id);
      if (b.subPoints.length) problems.push(`${at}: gate bullets have no sub-points, but the seed has ${b.subPoints.length}`);
      continue;
    }
    const section = b.sectionId ? sectionById.get(b.sectionId) : undefined;
    if (!section) {
      problems.push(`${at}: the bullet stands under no heading the template knows`);
      continue;
    }
    const expectedKind = section.kind === 'duty-area' ? 'duty' : 'deliverable';
    const candidates = t.items.filter((i) => i.text.fi === b.text);
    const item = candidates.find((i) => !matchedItems.has(i));
    if (!item) {
      problems.push(
        candidates.length
          ? `${at}: the seed has this bullet more than once, the template fewer times (${candidates.map((c) => c.id).join(', ')})`
          : `${at}: no ${expectedKind} of the template has this Finnish text`,
      );
      continue;
    }
    matchedItems.add(item);
    if (section.kind === 'heading')
      problems.push(`${at}: the seed has items under this heading, but the template's section ${q(section.id)} is an empty heading`);
    if (item.kind !== expectedKind) problems.push(`${at}: ${item.id} is a ${item.kind}, expected a ${expectedKind}`);
    if (item.sectionId !== section.id) problems.push(`${at}: ${item.id} is in section ${q(item.sectionId)}, expected ${q(section.id)}`);
    if (expectedKind === 'duty' && item.role !== b.roleId)
      problems.push(
        `${at}: ${item.id} is owned by ${q(item.role)}, but the seed puts it under the role ${q(roleName(b.roleId))} (${b.roleId ?? 'none'})`,
      );
    const subs = item.subPoints.map((s) => s.fi);
    if (subs.join('\n') !== b.subPoints.join('\n'))
      problems.push(`${at}: sub-points of ${item.id} are ${q(subs.join(' / '))}, the seed has ${q(b.subPoints.join(' / '))}`);
  }

  // 2. Nothing invented.
  for (const [i, item] of t.items.entries()) {
    if (!matchedItems.has(item)) problems.push(`items[${i}] ${item.id}: Finnish text ${q(item.text.fi)} is not a bullet of the seed`);
  }
  for (const [i, c] of t.gates.entry.conditions.entries()) {
    if (!matchedEntry.has(c.id))
      problems.push(`gates.entry.conditions[${i}] ${c.id}: Finnish text ${q(c.text.fi)} is not a bullet of the seed's entry gate`);
  }
  const mustBeLine = (path: string, text: string | undefined) => {
    if (text !== undefined && !seed.lines.has(text)) problems.push(`${path}: ${q(text)} is not a line of the seed`);
  };
  t.sections.forEach((s, i) => {
    mustBeLine(`sections[${i}].title.fi`, s.title.fi);
    mustBeLine(`sections[${i}].subtitle.fi`, s.subtitle?.fi);
  });
  t.roles.forEach((r, i) => mustBeLine(`roles[${i}].name.fi`, r.name.fi));
  for (const g of ['entry', 'exit'] as const) {
    mustBeLine(`gates.${g}.title.fi`, t.gates[g].title.fi);
    mustBeLine(`gates.${g}.intro.fi`, t.gates[g].intro?.fi);
  }
  mustBeLine('name.fi', t.name.fi);
  mustBeLine('description.fi', t.description.fi);
  mustBeLine('output.fi', t.output.fi);
  if ((seed.lines.has('Luonnos') || seed.lines.has('Beta')) && t.status !== 'draft')
    problems.push(`status: the seed is marked Beta / Luonnos, so the template must be "draft" (is ${q(t.status)})`);

  // 3. Empty headings stay headings; headings with bullets are not headings.
  for (const [i, s] of t.sections.entries()) {
    const direct = seed.bullets.filter((b) => b.sectionId === s.id).length;
    const items = t.items.filter((it) => it.sectionId === s.id).length;
    const hasChildren = t.sections.some((c) => c.parentId === s.id);
    if (s.kind === 'heading' && items > 0)
      problems.push(`sections[${i}] ${s.id}: an empty heading of the seed, but the template puts ${items} items in it`);
    if ((s.kind === 'deliverable-group' || s.kind === 'duty-area') && direct === 0)
      problems.push(`sections[${i}] ${s.id}: has no bullets in the seed, so it should be an empty heading`);
    if (s.kind === 'step' && direct === 0 && !hasChildren)
      problems.push(`sections[${i}] ${s.id}: a step with neither bullets in the seed nor sub-sections`);
  }

  // 4. The exit gate's lead-in sentence, fragment by fragment.
  const exit = t.gates.exit;
  const exitTexts = exit.conditions.map((c) => c.text.fi);
  const leadIn = seed.paragraphs.find((p) => p.gate === 'exit' && p.text.endsWith(':'));
  if (!leadIn) problems.push(`gates.exit: the seed has no lead-in sentence ending in ":" under ${q(exit.title.fi)}`);
  else {
    if (exit.intro?.fi !== leadIn.text) problems.push(`gates.exit.intro.fi: should be the seed's lead-in sentence ${q(leadIn.text)}`);
    const { fragments, introducesList } = splitLeadIn(leadIn.text);
    const exitBullets = seed.bullets.filter((b) => b.gate === 'exit');
    fragments.forEach((f, k) => {
      const isListIntro = introducesList && k === fragments.length - 1;
      if (isListIntro) {
        if (exitBullets.length === 0) problems.push(`seed line ${leadIn.line}: fragment ${q(f)} introduces a list, but no bullets follow`);
        return;
      }
      if (!exitTexts.includes(capitalize(f)))
        problems.push(`seed line ${leadIn.line}: exit fragment ${q(f)} has no exit condition with the text ${q(capitalize(f))}`);
    });
  }

  // 5. The phase output paragraph, sentence by sentence.
  const outputPara = seed.paragraphs.find((p) => p.text === t.output.fi);
  if (outputPara) {
    for (const sentence of splitSentences(outputPara.text)) {
      if (exitTexts.includes(sentence)) continue;
      const m = /^(.*?\bon (\S+))\s+(.+?)\.?$/u.exec(sentence);
      const list = m?.[3]?.split(/,\s+/) ?? [];
      const predicate = (m?.[2] ?? '').toLocaleLowerCase('fi');
      if (!m || list.length < 2) {
        problems.push(`seed line ${outputPara.line}: output sentence ${q(sentence)} is not an exit condition`);
        continue;
      }
      for (const element of list) {
        const el = element.toLocaleLowerCase('fi');
        const shorter = el.split(' ').slice(0, -1).join(' ');
        const named = exitTexts.some((x) => {
          const lx = x.toLocaleLowerCase('fi');
          return lx.includes(predicate) && (lx.includes(el) || (shorter !== '' && lx.includes(shorter)));
        });
        if (!named)
          problems.push(
            `seed line ${outputPara.line}: ${q(element)} of the output sentence ${q(sentence)} is not named by any exit condition`,
          );
      }
    }
  }
  return problems;
}
