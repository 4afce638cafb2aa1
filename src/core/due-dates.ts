/**
 * Due dates (issue 24): the epic's Jira due date is the planned go-live; a template item's `dueDays`
 * places its child's due date relative to it (negative: before). Dates are calendar days `YYYY-MM-DD`
 * in UTC (core/dates.ts). Pure.
 *
 * People's own edits are kept: the app records, per child, the date it set last ("the app's date").
 * When the epic's date moves, only the children whose Jira date is still the app's are moved. A child
 * without a recorded date counts as the app's only while it has no date at all (nobody set one).
 */
import { isIsoDate } from './dates';
export { daysOverdue, isOverdue } from './dates';
import type { Template } from './template/schema';

const DAY_MS = 86_400_000;

/** The day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A Jira due date as the app compares it: `YYYY-MM-DD`, or null (none, or not a date). */
export function dueDateOf(value: unknown): string | null {
  return isIsoDate(value) ? value : null;
}

/** The due date the template gives an item for an epic due on `epicDue` (null: the item has no offset or the epic no date). */
export function itemDueDate(epicDue: string | null, dueDays: number | undefined): string | null {
  return epicDue !== null && dueDays !== undefined ? addDays(epicDue, dueDays) : null;
}

/** Per item with an offset: its due date for the epic's date (null when the epic has none). */
export function plannedDueDates(template: Pick<Template, 'items'>, epicDue: string | null): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const item of template.items) if (item.dueDays !== undefined) out[item.id] = itemDueDate(epicDue, item.dueDays);
  return out;
}

export interface ChildDue {
  itemId: string;
  id: string;
  key: string;
  /** The child's Jira due date now. */
  current: string | null;
}

export interface DueMove {
  itemId: string;
  id: string;
  key: string;
  from: string | null;
  to: string | null;
}

/** Whether the child's date is still the one the app set (`appSet`: the recorded date; absent: none recorded). */
export function isAppsDate(current: string | null, appSet: string | null | undefined): boolean {
  return appSet === undefined ? current === null : current === appSet;
}

/**
 * The children to move when the epic is due on `epicDue`: those whose item has an offset, whose date
 * is still the app's and differs from the new one. `kept`: children a person has given a date of their own.
 */
export function planDueMoves(
  template: Pick<Template, 'items'>,
  epicDue: string | null,
  children: readonly ChildDue[],
  appSet: Readonly<Record<string, string | null>>,
): { moves: DueMove[]; kept: string[] } {
  const planned = plannedDueDates(template, epicDue);
  const moves: DueMove[] = [];
  const kept: string[] = [];
  for (const c of children) {
    if (!(c.itemId in planned)) continue;
    const to = planned[c.itemId] ?? null;
    if (!isAppsDate(c.current, appSet[c.itemId])) {
      if (c.current !== to) kept.push(c.key);
      continue;
    }
    if (c.current !== to) moves.push({ itemId: c.itemId, id: c.id, key: c.key, from: c.current, to });
  }
  return { moves, kept };
}

/** Items of both versions whose offset differs (given, changed or taken away): an upgrade moves only their children. */
export function changedDueDays(from: Pick<Template, 'items'>, to: Pick<Template, 'items'>): Set<string> {
  const before = new Map(from.items.map((i) => [i.id, i.dueDays] as const));
  return new Set(to.items.filter((i) => before.has(i.id) && before.get(i.id) !== i.dueDays).map((i) => i.id));
}

/**
 * The children an upgrade from `from` to `to` moves: those of items whose offset changed, by the same
 * rule as a move of the epic's date (planDueMoves: a date a person gave is kept).
 */
export function planUpgradeDueMoves(
  from: Pick<Template, 'items'>,
  to: Pick<Template, 'items'>,
  epicDue: string | null,
  children: readonly ChildDue[],
  appSet: Readonly<Record<string, string | null>>,
): { moves: DueMove[]; kept: string[] } {
  const changed = changedDueDays(from, to);
  return planDueMoves(
    to,
    epicDue,
    children.filter((c) => changed.has(c.itemId)),
    appSet,
  );
}
