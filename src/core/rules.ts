/**
 * The gate's and the permissions' rules that the server and the panel both apply, one function each:
 * the services and validators call them here, the UI through src/shared/rules.ts. Dependency-free
 * (types, and the date rule of ./dates), so the UI bundle carries them without the template schema.
 * test/lint/rules-once.test.ts lists every gate and permission rule and fails when one is written a
 * second time outside the core.
 */
import type { AttestationRecord, ItemState, RiskAcceptance, Roster, RosterMembers, StandInRecord, WaiverRecord } from './model';
import { MAX_ROLE_HOLDERS, type ItemKind, type RoleId } from './domain';
import { holdsOn } from './dates';

// ------------------------------------------------------------------------------ who holds which role
/** Who decides a waiver request and sets the epic's risk level. */
export const DECIDER_ROLES: readonly RoleId[] = ['project-manager', 'steering-group'];
/** Who changes the epic's roster (a project admin too). */
export const ROSTER_EDITOR_ROLES: readonly RoleId[] = ['project-manager', 'steering-group'];
/** Who is asked to name the people missing from the roster (a blocker of the "roster filled" condition). */
export const ROSTER_OWNER: RoleId = 'project-manager';

/** Everyone holding a role on the epic: the roster's person first, then the further holders (each once,
 * at most MAX_ROLE_HOLDERS). A role comes only from the roster (checked against Jira when named). */
export function roleHolders(roster: Roster, members: RosterMembers | undefined, role: RoleId): string[] {
  const all = [roster[role], ...(members?.[role] ?? [])].filter((id): id is string => !!id);
  return [...new Set(all)].slice(0, MAX_ROLE_HOLDERS);
}

/** The roles a person holds on the epic's roster (as its first person or a further holder). */
export function callerRoles(accountId: string, roster: Roster, members?: RosterMembers): RoleId[] {
  const roles = new Set([...Object.keys(roster), ...Object.keys(members ?? {})] as RoleId[]);
  return [...roles].filter((r) => roleHolders(roster, members, r).includes(accountId));
}

/**
 * What stops a roster change that the editor's role allows: nobody names themselves to a role ('self'),
 * and the steering group's person — who accepts the risk — is replaced only by that person ('steering');
 * a project admin may do both. null: nothing stops it.
 */
export function rosterChangeBlock(change: {
  by: string;
  role: RoleId;
  before: string | null;
  after: string | null;
  admin: boolean;
}): 'self' | 'steering' | null {
  if (change.admin) return null;
  if (change.after === change.by) return 'self';
  if (change.role === 'steering-group' && change.before && change.before !== change.by) return 'steering';
  return null;
}

/**
 * The project manager picks which of a role's people gets the role's items (issue #24): the picked
 * person becomes the role's first (who the items are assigned to) and the former first the first of
 * the further people, the others' order kept. Null when the picked person does not hold the role.
 * Nobody leaves the role, so the roster's rules (rosterChangeBlock) have nothing to refuse.
 */
export function rosterAfterPick(
  holders: { first: string | null; members: readonly string[] },
  picked: string,
): { first: string; members: string[] } | null {
  if (!holders.first) return null;
  if (holders.first === picked) return { first: picked, members: [...holders.members] };
  if (!holders.members.includes(picked)) return null;
  return { first: picked, members: [holders.first, ...holders.members.filter((id) => id !== picked)] };
}

/**
 * A role after people leave it (closed accounts, the personal-data run): when its first person leaves, the
 * first further person who stays steps up (the items' person, the one the roster shows); the others keep
 * their order. A role's further people never remain without a first while one of them could be it.
 */
export function rosterAfterLeaving(
  holders: { first: string | null; members: readonly string[] },
  leaving: ReadonlySet<string>,
): { first: string | null; members: string[] } {
  const staying = holders.members.filter((id) => !leaving.has(id));
  if (holders.first && !leaving.has(holders.first)) return { first: holders.first, members: staying };
  return { first: staying[0] ?? null, members: staying.slice(1) };
}

// ------------------------------------------------------------------------------ who may confirm a condition
/** A condition as far as confirming it goes (a template condition, of any version). */
export type ConfirmableCondition = { kind: 'automatic' } | { kind: 'attestation'; attestRoles: readonly RoleId[] };

/** Whether someone holding `role` may confirm the condition: an attestation condition, and one of its roles.
 * An attestation counts only when the role it was given as may confirm it (core/gate.ts). */
export function mayConfirmAs(condition: ConfirmableCondition, role: string): boolean {
  return condition.kind === 'attestation' && (condition.attestRoles as readonly string[]).includes(role);
}

/** The role a person confirms the condition as: the first role they hold on the roster that may confirm it;
 * none when they hold no such role (then they may not confirm it). */
export function confirmingRole(
  condition: ConfirmableCondition,
  accountId: string,
  roster: Roster,
  members?: RosterMembers,
): RoleId | undefined {
  return callerRoles(accountId, roster, members).find((role) => mayConfirmAs(condition, role));
}

// ------------------------------------------------------------------------------ quorum
/** How many different people must confirm a condition (the template's `quorum`, default 1). */
export function quorumOf(condition: { quorum?: number }): number {
  return condition.quorum ?? 1;
}

/** The person a confirmation counts for: the absent person when a stand-in gave it, else its giver. */
export function principalOf(record: Pick<AttestationRecord, 'attestedBy' | 'onBehalfOf'>): string {
  return record.onBehalfOf ?? record.attestedBy;
}

/**
 * How many different people the counting confirmations of one condition come from: one person counts
 * once, whether they confirmed themselves, through a stand-in or as someone's stand-in (a confirmation
 * whose giver or absent person has already counted does not count again).
 */
export function quorumCount(records: readonly Pick<AttestationRecord, 'attestedBy' | 'onBehalfOf'>[]): number {
  const used = new Set<string>();
  let counted = 0;
  for (const r of records) {
    const people = [r.attestedBy, ...(r.onBehalfOf ? [r.onBehalfOf] : [])];
    if (people.some((p) => used.has(p))) continue;
    for (const p of people) used.add(p);
    counted++;
  }
  return counted;
}

/** The different people who may confirm a condition on this roster (the holders of its roles). */
export function conditionHolders(attestRoles: readonly RoleId[], roster: Roster, members: RosterMembers | undefined): string[] {
  return [...new Set(attestRoles.flatMap((r) => roleHolders(roster, members, r)))];
}

/** A quorum the roster cannot reach: it needs more people than hold the condition's roles. */
export function isQuorumUnreachable(quorum: number, holders: number): boolean {
  return quorum > holders;
}

// ------------------------------------------------------------------------------ stale confirmations
/** A stale confirmation no longer counts: it was marked stale (an item it rests on was reopened, or its
 * evidence changed), or an item it rests on that was done when it was given is open now (`isOpen`). */
export function isStale(record: Pick<AttestationRecord, 'stale' | 'restedOn'>, isOpen?: (itemId: string) => boolean): boolean {
  return !!record.stale || (!!isOpen && (record.restedOn ?? []).some(isOpen));
}

/** The confirmations that reopening `itemId` makes stale: those of conditions resting on it, given before
 * the reopening (`at`) while it was done, and not stale already. */
export function confirmationsStaledBy(
  attestations: readonly AttestationRecord[],
  conditions: readonly { id: string; restsOn?: readonly string[] }[],
  itemId: string,
  at: string,
): AttestationRecord[] {
  const resting = new Set(conditions.filter((c) => c.restsOn?.includes(itemId)).map((c) => c.id));
  return attestations.filter((a) => resting.has(a.conditionId) && !isStale(a) && a.attestedAt <= at && (a.restedOn ?? []).includes(itemId));
}

/** The condition's evidence link now: the newest of its live confirmations' links and of the links a change
 * of the evidence recorded on the confirmations it made stale (undefined: none). The panel shows it and
 * offers it as the next confirmation's link. */
export function currentEvidenceUrl(attestations: readonly AttestationRecord[], conditionId: string): string | undefined {
  let newest: { at: string; url: string | undefined } | undefined;
  for (const a of attestations) {
    if (a.conditionId !== conditionId) continue;
    const seen = a.stale
      ? a.stale.reason === 'evidence-changed'
        ? { at: a.stale.at, url: a.stale.evidenceUrl }
        : undefined
      : { at: a.attestedAt, url: a.evidenceUrl };
    if (seen && (!newest || seen.at >= newest.at)) newest = seen;
  }
  return newest?.url;
}

/**
 * The confirmations a change of the condition's evidence link to `evidenceUrl` makes stale, marked so
 * (`at`, reason 'evidence-changed', the new link): the condition's live confirmations whose link differs
 * from the new one. None when every live confirmation already has that link (the same link again changes
 * nothing).
 */
export function confirmationsStaledByEvidence(
  attestations: readonly AttestationRecord[],
  conditionId: string,
  evidenceUrl: string,
  at: string,
): AttestationRecord[] {
  return attestations
    .filter((a) => a.conditionId === conditionId && !isStale(a) && a.evidenceUrl !== evidenceUrl)
    .map((a) => ({ ...a, stale: { at, reason: 'evidence-changed' as const, evidenceUrl } }));
}

// ------------------------------------------------------------------------------ stand-ins
/** A stand-in holds from its first day through its last (UTC days), and ends by itself after that. */
export function isStandInActive(standIn: Pick<StandInRecord, 'from' | 'to'> | null | undefined, today: string): boolean {
  return !!standIn && standIn.from <= today && today <= standIn.to;
}

/**
 * Whether `actor` may act for `absent` today: `absent` named `actor` as stand-in for a period holding
 * today. Only the absent person's own roster roles pass (no stand-in of a stand-in: the stand-in's
 * powers are never passed on), and nobody stands in for themselves.
 */
export function mayActFor(actor: string, absent: string, standIn: StandInRecord | null | undefined, today: string): boolean {
  return actor !== absent && !!standIn && standIn.accountId === absent && standIn.standIn === actor && isStandInActive(standIn, today);
}

/** Whom `actor` stands in for on an epic on `today`: the epic's role holders who named them, and only on an
 * epic they share (issue #24: "on the epics they share"): a stand-in who holds no role there acts for nobody. */
export function standingForOn(
  actor: string,
  holders: readonly string[],
  standIns: ReadonlyMap<string, StandInRecord>,
  today: string,
): string[] {
  if (!holders.includes(actor)) return [];
  return [...new Set(holders)].filter((absent) => mayActFor(actor, absent, standIns.get(absent), today));
}

/** Why a person may not name this stand-in: themselves, or someone who is away with a stand-in of their own
 * over the same days (a stand-in of a stand-in); null when nothing stops it. */
export function standInBlock(
  named: Pick<StandInRecord, 'accountId' | 'standIn' | 'from' | 'to'>,
  standInsOwn: Pick<StandInRecord, 'from' | 'to'> | null | undefined,
): 'self' | 'chain' | 'period' | null {
  if (named.standIn === named.accountId) return 'self';
  if (named.from > named.to) return 'period';
  if (standInsOwn && standInsOwn.from <= named.to && named.from <= standInsOwn.to) return 'chain';
  return null;
}

// ------------------------------------------------------------------------------ a void approval does not count
/**
 * A risk acceptance is void when the epic's risk level is not the level it accepted (also when the epic
 * has no risk level). A void approval never counts, in any gate; confirming the condition again records
 * a fresh one at the current level. No approval is never void.
 */
export function isApprovalVoid(approval: Pick<RiskAcceptance, 'riskLevel'> | null | undefined, riskLevel: string | null): boolean {
  return !!approval && (riskLevel ?? '') !== approval.riskLevel;
}

/** The approvals (by condition id) that a change of the epic's risk level from `before` to `after` makes
 * void: those that held at `before` and do not at `after`. One already void is not voided again. */
export function approvalsVoidedBy(
  attestations: readonly Pick<AttestationRecord, 'conditionId' | 'approval'>[],
  before: string | null,
  after: string | null,
): string[] {
  const voided = attestations.filter((a) => !isApprovalVoid(a.approval, before) && isApprovalVoid(a.approval, after));
  return [...new Set(voided.map((a) => a.conditionId))];
}

// ------------------------------------------------------------------------------ open items
/** An item is open until it is done or waived (a missing child issue is open too). */
export function isOpenItem(item: Pick<ItemState, 'state'>): boolean {
  return item.state !== 'done' && item.state !== 'waived';
}

/** An item the "items done" condition waits for: mandatory, open, and of one of the rule's item kinds
 * (every kind when the rule names none). */
export function blocksItemsDone(item: Pick<ItemState, 'mandatory' | 'state' | 'kind'>, kinds: readonly ItemKind[] | undefined): boolean {
  return item.mandatory && isOpenItem(item) && (!kinds || kinds.includes(item.kind));
}

// ------------------------------------------------------------------------------ waivers
/** A waiver is decided by a second person: nobody decides (or counts as deciding) their own request. */
export function isOwnRequest(waiver: Pick<WaiverRecord, 'requestedBy'>, accountId: string | null | undefined): boolean {
  return waiver.requestedBy === accountId;
}

/** Why this person may not decide this waiver, whatever their role: it is not waiting for a decision, or
 * they asked for it; a stand-in deciding for `onBehalfOf` may neither decide a request of their own nor one
 * of the person they stand in for. null when nothing in the waiver stops them. */
export function waiverDecisionBlock(
  waiver: Pick<WaiverRecord, 'status' | 'requestedBy'> | null | undefined,
  accountId: string,
  onBehalfOf?: string,
): 'not-requested' | 'own-request' | 'absent-request' | null {
  if (!waiver || waiver.status !== 'requested') return 'not-requested';
  if (isOwnRequest(waiver, accountId)) return 'own-request';
  if (onBehalfOf !== undefined && isOwnRequest(waiver, onBehalfOf)) return 'absent-request';
  return null;
}

/**
 * Whom a person decides waivers as: themselves when they hold a deciding role (no one else), else the first
 * person they stand in for today (`standingFor`) who holds one ("A for B"); null when neither.
 */
export function waiverDecidingAs(
  accountId: string,
  standingFor: readonly string[],
  roster: Roster,
  members?: RosterMembers,
): { onBehalfOf?: string } | null {
  const decides = (id: string) => DECIDER_ROLES.some((r) => roleHolders(roster, members, r).includes(id));
  if (decides(accountId)) return {};
  const absent = standingFor.find((id) => id !== accountId && decides(id));
  return absent ? { onBehalfOf: absent } : null;
}

/** The people who may decide a waiver request: the holders of the deciding roles, but not the requester. */
export function waiverDeciders(roster: Roster, requestedBy: string, members?: RosterMembers): string[] {
  const ids = DECIDER_ROLES.flatMap((r) => roleHolders(roster, members, r));
  return [...new Set(ids)].filter((id) => !isOwnRequest({ requestedBy }, id));
}

/** A waiver may be asked for when the item has none, when it was rejected, or when its approval has lapsed
 * (`today`: the UTC day the phase is judged on). An open request or an approval that counts stays. */
export function waiverMayBeRequested(waiver: Pick<WaiverRecord, 'status' | 'expiresOn'> | null | undefined, today: string): boolean {
  if (!waiver || waiver.status === 'rejected') return true;
  return waiver.status === 'approved' && !holdsOn(waiver.expiresOn, today);
}
