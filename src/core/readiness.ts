/**
 * Readiness of a deployment phase: which duties and deliverables are done, waived, open or
 * missing, and progress overall, per role and per section. Pure: data in, data out.
 */
import type { ChildIssue, ItemState, ItemStateKind, Progress, Readiness, WaiverRecord } from './model';
import { ROLE_IDS, type RoleId } from './domain';
import type { Template } from './template/schema';
import { expiryState, holdsOn, utcDay } from './dates';
import { isOpenItem, isOwnRequest } from './rules';

/** An issue under the epic as read from Jira, before it is known which item (if any) it stands for. */
export type CandidateChild = Omit<ChildIssue, 'itemId'>;

/**
 * The epic's children that stand for the template's items, identified by the app's own map
 * (item id → the issue the app created for it, kept in the app's storage) — never by the entity
 * property on the issue, which anyone with Edit Issues can write. An issue under the epic that the
 * map does not name is not a child of the phase, whatever it carries; a mapped issue that is no
 * longer under the epic is missing.
 */
export function identifyChildren(
  candidates: readonly CandidateChild[],
  map: Readonly<Record<string, { id?: unknown; key?: unknown } | null | undefined>>,
): { children: ChildIssue[]; ignored: number } {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const used = new Set<string>();
  const children: ChildIssue[] = [];
  for (const [itemId, ref] of Object.entries(map)) {
    const id = ref && typeof ref.id === 'string' ? ref.id : null;
    const issue = id ? byId.get(id) : undefined;
    if (!issue || used.has(issue.id)) continue;
    used.add(issue.id);
    children.push({ ...issue, itemId });
  }
  return { children, ignored: candidates.length - used.size };
}

export interface ReadinessInput {
  template: Template;
  /** The epic's children, identified by the app's map (see identifyChildren). */
  children: readonly ChildIssue[];
  waivers: readonly WaiverRecord[];
  /** Effective owner role per item id (project overrides for deliverables); template roles otherwise. */
  itemRoles?: Readonly<Record<string, RoleId>>;
  /** False before the phase has been started: items then count as open, not missing. */
  phaseStarted: boolean;
  /** The moment the phase is judged at (an ISO time): a waiver counts through its expiry day (UTC). */
  now: string;
}

/** A waiver decision that would count if it had no expiry: approved, with a written reason, by someone other than the requester. */
function isWaiverApproved(waiver: WaiverRecord | null | undefined): waiver is WaiverRecord {
  return (
    !!waiver &&
    waiver.status === 'approved' &&
    waiver.reason.trim().length > 0 &&
    !!waiver.decidedBy &&
    !isOwnRequest(waiver, waiver.decidedBy)
  );
}

/** A waiver counts only when approved, with a written reason, by someone other than the requester,
 * and — when it has an expiry — on its expiry day (UTC) at the latest. */
export function isWaiverEffective(waiver: WaiverRecord | null | undefined, now: string): boolean {
  return isWaiverApproved(waiver) && holdsOn(waiver.expiresOn, utcDay(now));
}

export function progressOf(done: number, total: number): Progress {
  if (total <= 0) return { done: 0, total: 0, percent: 100 };
  const clampedDone = Math.max(0, Math.min(done, total));
  return { done: clampedDone, total, percent: Math.floor((clampedDone * 100) / total) };
}

const STATUS_RANK: Record<ChildIssue['statusCategory'], number> = { done: 2, indeterminate: 1, new: 0 };

/** If Jira holds more than one child for an item (e.g. a user cloned one), the most advanced counts. */
function pickChild(candidates: readonly ChildIssue[]): ChildIssue | null {
  let best: ChildIssue | null = null;
  for (const c of candidates) {
    if (!best || STATUS_RANK[c.statusCategory] > STATUS_RANK[best.statusCategory]) best = c;
  }
  return best;
}

export function computeReadiness(input: ReadinessInput): Readiness {
  const { template, children, waivers, itemRoles, phaseStarted } = input;
  const today = utcDay(input.now);
  const childrenByItem = new Map<string, ChildIssue[]>();
  for (const child of children) {
    const list = childrenByItem.get(child.itemId) ?? [];
    list.push(child);
    childrenByItem.set(child.itemId, list);
  }
  const waiverByItem = new Map<string, WaiverRecord>();
  for (const w of waivers) waiverByItem.set(w.itemId, w);

  const items: ItemState[] = template.items.map((item) => {
    const child = pickChild(childrenByItem.get(item.id) ?? []);
    const waiver = waiverByItem.get(item.id) ?? null;
    let state: ItemStateKind;
    if (child?.statusCategory === 'done') state = 'done';
    else if (isWaiverEffective(waiver, input.now)) state = 'waived';
    else if (!child && phaseStarted) state = 'missing';
    else state = 'open';
    return {
      itemId: item.id,
      kind: item.kind,
      sectionId: item.sectionId,
      role: itemRoles?.[item.id] ?? item.role,
      mandatory: item.mandatory,
      state,
      child,
      waiver,
      ...(isWaiverApproved(waiver) && waiver.expiresOn !== undefined ? { waiverExpiry: expiryState(String(waiver.expiresOn), today) } : {}),
    };
  });

  const isComplete = (s: ItemState) => !isOpenItem(s);
  const tally = (subset: ItemState[]) => progressOf(subset.filter(isComplete).length, subset.length);

  const byRole = Object.fromEntries(ROLE_IDS.map((r) => [r, tally(items.filter((i) => i.role === r))])) as Record<RoleId, Progress>;
  const bySection: Record<string, Progress> = {};
  for (const section of template.sections) {
    const inSection = items.filter((i) => i.sectionId === section.id);
    if (inSection.length > 0) bySection[section.id] = tally(inSection);
  }

  return {
    overall: tally(items),
    byRole,
    bySection,
    items,
    openItemIds: items.filter((i) => i.mandatory && !isComplete(i)).map((i) => i.itemId),
    missingItemIds: items.filter((i) => i.state === 'missing').map((i) => i.itemId),
  };
}
