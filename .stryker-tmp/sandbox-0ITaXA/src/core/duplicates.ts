/**
 * Duplicate children (issue 19, "Exactly once"): more than one issue under the epic carries the
 * app's item marker for the same item, e.g. made by an older version of the app or by a person who
 * cloned a child. Pure: Jira's children and the app's children map in, a cleanup plan out.
 *
 * Per item with more than one such child:
 * - the child to keep is the one the app's map names, when it is one of them; else the oldest
 *   (lowest `created`, then lowest id);
 * - every other child is surplus. Surplus nobody has worked on (its status is in the "new"
 *   category, and the map does not name it for any item) may be deleted; surplus someone has worked
 *   on is never deleted: it needs a person to decide.
 */
// @ts-nocheck

import type { StatusCategory } from './model';

/** An issue under the epic that carries the app's item marker for that epic. */
export interface MarkedChild {
  id: string;
  key: string;
  itemId: string;
  /** Jira's `created` (ISO time). */
  created: string;
  statusCategory: StatusCategory;
  summary?: string;
}

export interface ItemDuplicates {
  itemId: string;
  keep: MarkedChild;
  /** The kept child is the one the app's map names (false: the map names none of them, so the oldest is kept). */
  keepInMap: boolean;
  /** Surplus nobody has worked on: the cleanup deletes these. */
  remove: MarkedChild[];
  /** Surplus someone has worked on (or that the map names for another item): never deleted. */
  needsPerson: MarkedChild[];
}

type ChildMap = Readonly<Record<string, { id?: unknown; key?: unknown } | null | undefined>>;

const numericId = (id: string): bigint => (/^\d{1,18}$/.test(id) ? BigInt(id) : 0n);

/** Oldest first: by `created` (as a time), then by id. */
export function olderFirst(a: MarkedChild, b: MarkedChild): number {
  const ta = Date.parse(a.created);
  const tb = Date.parse(b.created);
  const ca = Number.isFinite(ta) ? ta : Number.MAX_SAFE_INTEGER;
  const cb = Number.isFinite(tb) ? tb : Number.MAX_SAFE_INTEGER;
  if (ca !== cb) return ca - cb;
  const ia = numericId(a.id);
  const ib = numericId(b.id);
  return ia < ib ? -1 : ia > ib ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The duplicates of every item that has more than one marked child, in item id order. */
export function findDuplicates(children: readonly MarkedChild[], map: ChildMap): ItemDuplicates[] {
  const mapped = new Set<string>();
  for (const ref of Object.values(map)) if (ref && typeof ref.id === 'string') mapped.add(ref.id);
  const byItem = new Map<string, MarkedChild[]>();
  const seen = new Set<string>();
  for (const c of children) {
    if (seen.has(c.id)) continue; // the same issue twice (paged search) is one child
    seen.add(c.id);
    byItem.set(c.itemId, [...(byItem.get(c.itemId) ?? []), c]);
  }
  const out: ItemDuplicates[] = [];
  for (const itemId of [...byItem.keys()].sort()) {
    const group = [...(byItem.get(itemId) ?? [])].sort(olderFirst);
    if (group.length < 2) continue;
    const ref = map[itemId];
    const mapId = ref && typeof ref.id === 'string' ? ref.id : null;
    const inMap = group.find((c) => c.id === mapId);
    const keep = inMap ?? group[0]!;
    const surplus = group.filter((c) => c.id !== keep.id);
    const workedOn = (c: MarkedChild) => c.statusCategory !== 'new' || mapped.has(c.id);
    out.push({
      itemId,
      keep,
      keepInMap: !!inMap,
      remove: surplus.filter((c) => !workedOn(c)),
      needsPerson: surplus.filter(workedOn),
    });
  }
  return out;
}
