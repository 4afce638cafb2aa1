/**
 * Pure helpers for the panel's daily-work view: what waits for the person looking, what blocks
 * Done and who must act, the item filters, and the remembered view choices. No React, no bridge.
 */
import type { ConditionResult, ItemState, PanelView, StatusCategory } from '../../../src/shared/api';
import { ROLE_IDS, type RoleId, type TemplateInput } from '../../../src/shared/domain';
import {
  approvalsVoidedBy,
  blocksItemsDone,
  isOpenItem,
  ROSTER_OWNER,
  waiverDecidingAs,
  waiverDecisionBlock,
  waiverMayBeRequested,
} from '../../../src/shared/rules';
import { utcDay } from '../../../src/shared/dates';

type TemplateCondition = TemplateInput['gates']['entry']['conditions'][number];

/** The day the server judged the phase on (UTC); the browser's when an older server sent none. */
export function todayOf(view: { today?: string }): string {
  return view.today ?? utcDay(new Date());
}

export function itemRoleOf(view: PanelView, item: ItemState): RoleId {
  return view.itemRoles[item.itemId] ?? item.role;
}

/** Open: neither done nor waived (the core's rule). */
export function isOpen(item: ItemState): boolean {
  return isOpenItem(item);
}

/** The caller's own item: assigned to them, or unassigned under a role they hold. */
export function isMine(view: PanelView, item: ItemState): boolean {
  const assignee = item.child?.assigneeAccountId ?? null;
  if (assignee) return assignee === view.callerAccountId;
  return view.callerRoles.includes(itemRoleOf(view, item));
}

/** Whether the panel offers "mark done" on this item: an open child, and the caller has a role on the epic
 * (Jira still decides, as the user). Shown in the row for the caller's own items, in the menu for the others. */
export function mayComplete(view: PanelView, item: ItemState): boolean {
  return item.state === 'open' && !!item.child && item.child.statusCategory !== 'done' && view.callerRoles.length > 0 && !!view.phase;
}

/** The caller may decide this waiver request (not their own). */
export function mayDecide(view: PanelView, item: ItemState): boolean {
  // A stand-in decides for the absent decider, never a request of theirs (core/rules.ts waiverDecidingAs).
  const as = waiverDecidingAs(view.callerAccountId, view.standingFor ?? [], view.roster, view.members);
  return view.permissions.decideWaiver.allowed && !!as && waiverDecisionBlock(item.waiver, view.callerAccountId, as.onBehalfOf) === null;
}

export function mayRequestWaiver(view: PanelView, item: ItemState): boolean {
  return view.permissions.requestWaiver.allowed && item.mandatory && isOpen(item) && waiverMayBeRequested(item.waiver, todayOf(view));
}

export function templateCondition(
  template: TemplateInput,
  conditionId: string,
): (TemplateCondition & { gate: 'entry' | 'exit' }) | undefined {
  for (const gate of ['entry', 'exit'] as const) {
    const found = template.gates[gate].conditions.find((c) => c.id === conditionId);
    if (found) return { ...found, gate };
  }
  return undefined;
}

export interface YourTurn {
  /** Conditions the caller may confirm and that are not met, of the gate that applies now: the entry gate
   * before the epic is started (Jira's To Do category); after, the exit gate (and the entry gate's first
   * while it is neither met nor waived: Done needs it too). */
  conditions: ConditionResult[];
  /** Waiver requests that wait for the caller's decision. */
  waivers: ItemState[];
  /** The caller's open items. */
  items: ItemState[];
}

export function yourTurn(view: PanelView): YourTurn {
  const started = view.epic.statusCategory !== 'new';
  const entryOpen = !view.gates.entry.passed && !view.entryGateWaiver;
  const gates = !started ? [view.gates.entry] : entryOpen ? [view.gates.entry, view.gates.exit] : [view.gates.exit];
  const conditions = gates.flatMap((g) =>
    g.conditions.filter((c) => c.kind === 'attestation' && !c.passed && view.permissions.attest[c.conditionId]?.allowed === true),
  );
  const waivers = view.readiness.items.filter((i) => mayDecide(view, i));
  const items = view.readiness.items.filter((i) => i.state === 'open' && isMine(view, i) && !(i.waiver && i.waiver.status === 'requested'));
  return { conditions, waivers, items };
}

export interface Owner {
  role: RoleId;
  accountId: string | null;
}

export interface Blocker {
  conditionId: string;
  /** Who must act: the roles that may confirm it, the owners of the open items, or who names the missing roles. */
  owners: Owner[];
  /** Open items behind an "all items done" condition. */
  openItems: number;
  /** Where the link jumps: the condition's row, the items list or the roster. */
  target: 'condition' | 'items' | 'roster';
}

/** What blocks Done: every unmet exit condition with who must act. */
export function blockers(view: PanelView): Blocker[] {
  const ownerOf = (role: RoleId): Owner => ({ role, accountId: view.roster[role] ?? null });
  return view.gates.exit.unmet.map((conditionId) => {
    const condition = templateCondition(view.template, conditionId);
    if (condition?.kind === 'attestation') {
      return { conditionId, owners: condition.attestRoles.map(ownerOf), openItems: 0, target: 'condition' };
    }
    if (condition?.kind === 'automatic' && condition.rule.type === 'roster-filled') {
      return { conditionId, owners: [ownerOf(ROSTER_OWNER)], openItems: 0, target: 'roster' };
    }
    const kinds = condition?.kind === 'automatic' && condition.rule.type === 'items-done' ? condition.rule.itemKinds : undefined;
    const open = view.readiness.items.filter((i) => blocksItemsDone(i, kinds));
    const roles = ROLE_IDS.filter((r) => open.some((i) => itemRoleOf(view, i) === r));
    return { conditionId, owners: roles.map(ownerOf), openItems: open.length, target: 'items' };
  });
}

/** One lozenge for the epic: Jira's own status, coloured by its category. */
export function jiraStatusAppearance(category: StatusCategory): 'default' | 'information' | 'success' {
  return category === 'done' ? 'success' : category === 'indeterminate' ? 'information' : 'default';
}

/** The epic is Done in Jira though the exit gate does not pass (moved without the validator). */
export function doneWithGateUnmet(view: PanelView): boolean {
  return !!view.phase && view.epic.statusCategory === 'done' && !view.gates.exit.passed;
}

// ------------------------------------------------------------------------------ filters and view choices
export const SECTION_IDS = ['entry', 'exit', 'items', 'progress', 'roster', 'risk', 'audit', 'export'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface Filters {
  mine: boolean;
  openOnly: boolean;
  role: RoleId | '';
  section: string;
}

export interface ViewPrefs {
  filters: Filters;
  open: Record<SectionId, boolean>;
}

export const DEFAULT_PREFS: ViewPrefs = {
  filters: { mine: false, openOnly: false, role: '', section: '' },
  open: { entry: false, exit: false, items: false, progress: false, roster: false, risk: false, audit: false, export: false },
};

export function filterItems(view: PanelView, items: readonly ItemState[], filters: Filters): ItemState[] {
  return items.filter(
    (i) =>
      (!filters.mine || isMine(view, i)) &&
      (!filters.openOnly || isOpen(i)) &&
      (!filters.role || itemRoleOf(view, i) === filters.role) &&
      (!filters.section || i.sectionId === filters.section),
  );
}

export function filtersActive(filters: Filters): boolean {
  return filters.mine || filters.openOnly || !!filters.role || !!filters.section;
}

/** Remembered per user in the panel's own storage (localStorage, keyed by account id). */
export function prefsKey(accountId: string): string {
  return `kayttoonotto.panel.v1.${accountId}`;
}

/** Reads remembered choices; anything malformed falls back to the defaults, field by field. */
export function parsePrefs(raw: string | null): ViewPrefs {
  if (!raw) return DEFAULT_PREFS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_PREFS;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_PREFS;
  const v = value as { filters?: Partial<Record<keyof Filters, unknown>>; open?: Partial<Record<string, unknown>> };
  const f = v.filters ?? {};
  const role = typeof f.role === 'string' && (ROLE_IDS as readonly string[]).includes(f.role) ? (f.role as RoleId) : '';
  const open = { ...DEFAULT_PREFS.open };
  for (const id of SECTION_IDS) if (typeof v.open?.[id] === 'boolean') open[id] = v.open[id] as boolean;
  return {
    filters: {
      mine: f.mine === true,
      openOnly: f.openOnly === true,
      role,
      section: typeof f.section === 'string' && f.section.length < 200 ? f.section : '',
    },
    open,
  };
}

export function loadPrefs(accountId: string): ViewPrefs {
  try {
    return parsePrefs(globalThis.localStorage?.getItem(prefsKey(accountId)) ?? null);
  } catch {
    return DEFAULT_PREFS; // storage blocked in this frame: the defaults, every time
  }
}

export function savePrefs(accountId: string, prefs: ViewPrefs): void {
  try {
    globalThis.localStorage?.setItem(prefsKey(accountId), JSON.stringify(prefs));
  } catch {
    // not remembered; the panel still works
  }
}

// ------------------------------------------------------------------------------ safe actions
/** What clearing or changing a role's person does: its open items that change assignee. */
export function rosterChangeEffect(view: PanelView, role: RoleId): { itemsReassigned: number } {
  const n = view.readiness.items.filter((i) => itemRoleOf(view, i) === role && i.child && i.child.statusCategory !== 'done').length;
  return { itemsReassigned: n };
}

/** The approvals a risk-level change voids (the server's rule: those that hold now and not at `next`). */
export function riskChangeVoids(view: PanelView, next: string): string[] {
  return approvalsVoidedBy(view.attestations, view.phase?.riskLevel ?? null, next);
}

/** The view with one item counted done at once (the panel re-reads Jira right after). */
export function withItemDone(view: PanelView, itemId: string, statusName: string | null): PanelView {
  const item = view.readiness.items.find((i) => i.itemId === itemId);
  if (!item || !item.child || item.state !== 'open') return view;
  const bump = (p: { done: number; total: number; percent: number }) => {
    const done = Math.min(p.total, p.done + 1);
    return { done, total: p.total, percent: p.total > 0 ? Math.floor((done * 100) / p.total) : 0 };
  };
  const role = itemRoleOf(view, item);
  const items = view.readiness.items.map((i) =>
    i.itemId === itemId && i.child
      ? {
          ...i,
          state: 'done' as const,
          child: { ...i.child, statusCategory: 'done' as const, statusName: statusName ?? i.child.statusName },
        }
      : i,
  );
  return {
    ...view,
    readiness: {
      ...view.readiness,
      items,
      overall: bump(view.readiness.overall),
      byRole: { ...view.readiness.byRole, [role]: bump(view.readiness.byRole[role]) },
      bySection: view.readiness.bySection[item.sectionId]
        ? { ...view.readiness.bySection, [item.sectionId]: bump(view.readiness.bySection[item.sectionId]!) }
        : view.readiness.bySection,
      openItemIds: view.readiness.openItemIds.filter((id) => id !== itemId),
    },
  };
}
