/**
 * Planning the upgrade of a running epic from one template version to another. Pure.
 *
 * - Items added are spawned (assigned from the roster), items removed keep their children (labelled
 *   obsolete, never deleted), items whose Finnish text or owner changed get their child updated.
 * - Attestations are kept where the condition's id is unchanged and its meaning too; they are
 *   voided, with the reason, where the condition was removed or its meaning changed.
 * - Waivers are kept where the item is unchanged in meaning; voided where it was removed or its
 *   meaning changed (a waiver given for other wording does not carry over).
 */
// @ts-nocheck

import { conditionMeaningChange, diffTemplates, itemMeaningChanged, type TemplateChange } from './diff';
import type { Condition, GateId, Item, RoleId, Template } from './schema';

/** The label an obsolete child gets when its item leaves the template (the child is never deleted). */
export const OBSOLETE_LABEL = 'kayttoonotto-vanhentunut';

export interface UpgradeInput {
  from: Template;
  to: Template;
  /** itemId → child issue key, for the children the epic has. */
  children: Readonly<Record<string, string>>;
  roster: Readonly<Partial<Record<RoleId, string>>>;
  /** The project's deliverable owner overrides. */
  deliverableOwners?: Readonly<Record<string, RoleId>>;
  attestations: readonly { conditionId: string; asRole: RoleId }[];
  waivers: readonly { itemId: string; status: string }[];
}

export interface UpgradePlan {
  changes: TemplateChange[];
  added: { itemId: string; role: RoleId; assigneeAccountId: string | null }[];
  removed: { itemId: string; childKey: string | null }[];
  /** Items still in the template whose child needs an update: `summary` (Finnish text) and/or `assignee` (owner role). */
  changed: {
    itemId: string;
    childKey: string | null;
    fields: string[];
    summary?: string;
    role?: RoleId;
    assigneeAccountId?: string | null;
  }[];
  keptAttestations: string[];
  voidedAttestations: { conditionId: string; reason: string }[];
  keptWaivers: string[];
  voidedWaivers: { itemId: string; reason: string }[];
}

const REASONS: Record<string, string> = {
  removed: 'removed from the template',
  kind: 'its kind changed',
  text: 'its wording changed',
  gate: 'it moved to the other gate',
  approval: 'the approval it records changed',
  evidence: 'it now needs evidence',
  attestRoles: 'the role that confirmed it may no longer confirm it',
};

function ownerOf(item: Item, owners?: Readonly<Record<string, RoleId>>): RoleId {
  return item.kind === 'deliverable' ? (owners?.[item.id] ?? item.role) : item.role;
}

function conditions(t: Template): Map<string, Condition & { gate: GateId }> {
  return new Map((['entry', 'exit'] as const).flatMap((gate) => t.gates[gate].conditions.map((c) => [c.id, { ...c, gate }] as const)));
}

export function planUpgrade(input: UpgradeInput): UpgradePlan {
  const { from, to, children, roster, deliverableOwners } = input;
  const changes = diffTemplates(from, to);
  const oldItems = new Map(from.items.map((i) => [i.id, i] as const));
  const newItems = new Map(to.items.map((i) => [i.id, i] as const));
  const plan: UpgradePlan = {
    changes,
    added: [],
    removed: [],
    changed: [],
    keptAttestations: [],
    voidedAttestations: [],
    keptWaivers: [],
    voidedWaivers: [],
  };
  for (const item of to.items) {
    const before = oldItems.get(item.id);
    const childKey = children[item.id] ?? null;
    if (!before) {
      // Added, or an item the epic has a child for already (e.g. a retried upgrade): not spawned twice.
      if (childKey) continue;
      const role = ownerOf(item, deliverableOwners);
      plan.added.push({ itemId: item.id, role, assigneeAccountId: roster[role] ?? null });
      continue;
    }
    const fields: string[] = [];
    const entry: UpgradePlan['changed'][number] = { itemId: item.id, childKey, fields };
    if (before.text.fi !== item.text.fi) {
      fields.push('summary');
      entry.summary = item.text.fi;
    }
    const [was, now] = [ownerOf(before, deliverableOwners), ownerOf(item, deliverableOwners)];
    if (was !== now) {
      fields.push('assignee');
      entry.role = now;
      entry.assigneeAccountId = roster[now] ?? null;
    }
    if (fields.length) plan.changed.push(entry);
  }
  for (const item of from.items) if (!newItems.has(item.id)) plan.removed.push({ itemId: item.id, childKey: children[item.id] ?? null });

  const oldConditions = conditions(from);
  const newConditions = conditions(to);
  for (const a of input.attestations) {
    const before = oldConditions.get(a.conditionId);
    const after = newConditions.get(a.conditionId);
    const why = !after ? 'removed' : before ? conditionMeaningChange(before, after, a.asRole) : null;
    if (why) plan.voidedAttestations.push({ conditionId: a.conditionId, reason: REASONS[why] ?? why });
    else plan.keptAttestations.push(a.conditionId);
  }
  for (const w of input.waivers) {
    if (w.status === 'rejected') continue;
    const before = oldItems.get(w.itemId);
    const after = newItems.get(w.itemId);
    if (!after) plan.voidedWaivers.push({ itemId: w.itemId, reason: REASONS.removed ?? 'removed' });
    else if (before && itemMeaningChanged(before, after)) plan.voidedWaivers.push({ itemId: w.itemId, reason: REASONS.text ?? 'text' });
    else plan.keptWaivers.push(w.itemId);
  }
  return plan;
}
