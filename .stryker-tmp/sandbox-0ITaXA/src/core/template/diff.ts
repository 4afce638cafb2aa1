/**
 * What changed between two templates, entry by entry (keyed by their stable ids). Pure.
 *
 * Entries: the template itself (keyed by its id), each gate (`gates.entry`, `gates.exit`), and
 * every role, section, item and condition. One change per entry:
 *   `+ <id>` added, `- <id>` removed, `~ <id> <field,…>` changed (the top-level fields that differ).
 */
// @ts-nocheck

import type { Condition, GateId, Item, Template } from './schema';
import { mayConfirmAs } from '../rules';

export type EntryKind = 'template' | 'gate' | 'role' | 'section' | 'item' | 'condition';

export interface TemplateChange {
  id: string;
  entry: EntryKind;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`: the fields that differ, in field order. */
  fields: string[];
}

type Rec = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fields that differ between two entries (the id is their identity, not a field). */
export function changedFields(a: Rec, b: Rec, ignore: readonly string[] = ['id']): string[] {
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  return keys.filter((k) => !ignore.includes(k) && !same(a[k], b[k]));
}

function diffList(entry: EntryKind, before: readonly Rec[], after: readonly Rec[], out: TemplateChange[]): void {
  const old = new Map(before.map((e) => [String(e.id), e] as const));
  const next = new Set(after.map((e) => String(e.id)));
  for (const e of after) {
    const id = String(e.id);
    const prev = old.get(id);
    if (!prev) out.push({ id, entry, change: 'added', fields: [] });
    else {
      const fields = changedFields(prev, e);
      if (fields.length) out.push({ id, entry, change: 'changed', fields });
    }
  }
  for (const e of before) if (!next.has(String(e.id))) out.push({ id: String(e.id), entry, change: 'removed', fields: [] });
}

/** Conditions of both gates, each with the gate it stands in (moving a condition changes `gate`). */
function conditionsWithGate(t: Template): (Condition & { gate: GateId })[] {
  return [
    ...t.gates.entry.conditions.map((c) => ({ ...c, gate: 'entry' as const })),
    ...t.gates.exit.conditions.map((c) => ({ ...c, gate: 'exit' as const })),
  ];
}

/** Every change from `before` to `after`: template, gates, roles, sections, items, conditions. */
export function diffTemplates(before: Template, after: Template): TemplateChange[] {
  const out: TemplateChange[] = [];
  const top = (t: Template): Rec => {
    const { roles: _r, sections: _s, items: _i, gates: _g, ...rest } = t;
    return rest;
  };
  if (before.id !== after.id) {
    out.push(
      { id: before.id, entry: 'template', change: 'removed', fields: [] },
      { id: after.id, entry: 'template', change: 'added', fields: [] },
    );
  } else {
    const fields = changedFields(top(before), top(after));
    if (fields.length) out.push({ id: after.id, entry: 'template', change: 'changed', fields });
  }
  for (const gate of ['entry', 'exit'] as const) {
    const { conditions: _a, ...a } = before.gates[gate];
    const { conditions: _b, ...b } = after.gates[gate];
    const fields = changedFields(a, b);
    if (fields.length) out.push({ id: `gates.${gate}`, entry: 'gate', change: 'changed', fields });
  }
  diffList('role', before.roles, after.roles, out);
  diffList('section', before.sections, after.sections, out);
  diffList('item', before.items, after.items, out);
  diffList('condition', conditionsWithGate(before), conditionsWithGate(after), out);
  return out;
}

/** `+ id`, `- id`, `~ id field,field`. */
export function formatChange(c: TemplateChange): string {
  if (c.change === 'added') return `+ ${c.id}`;
  if (c.change === 'removed') return `- ${c.id}`;
  return `~ ${c.id} ${c.fields.join(',')}`;
}

/** Whether an item's change alters what it asks for (its Finnish text, kind or sub-points): a
 * waiver given for the old wording no longer holds. Translations, owner role, section and
 * `mandatory` leave the meaning as it was. */
export function itemMeaningChanged(before: Item, after: Item): boolean {
  return (
    before.text.fi !== after.text.fi ||
    before.kind !== after.kind ||
    !same(
      before.subPoints.map((p) => p.fi),
      after.subPoints.map((p) => p.fi),
    )
  );
}

/**
 * Why an attestation of `before` no longer holds under `after`, or null when it still holds.
 * The meaning changes with the Finnish text, the kind, the gate, a stricter evidence rule, a
 * different approval, or when the role that confirmed it may no longer confirm it.
 */
export function conditionMeaningChange(
  before: Condition & { gate?: GateId },
  after: Condition & { gate?: GateId },
  confirmedAs?: string,
): string | null {
  if (before.kind !== after.kind) return 'kind';
  if (before.text.fi !== after.text.fi) return 'text';
  if (before.gate !== undefined && after.gate !== undefined && before.gate !== after.gate) return 'gate';
  if (before.kind === 'attestation' && after.kind === 'attestation') {
    if (before.approval !== after.approval) return 'approval';
    const rank = { none: 0, optional: 1, required: 2 } as const;
    if (rank[after.evidence] > rank[before.evidence]) return 'evidence';
    if (confirmedAs !== undefined && !mayConfirmAs(after, confirmedAs)) return 'attestRoles';
  }
  return null;
}
