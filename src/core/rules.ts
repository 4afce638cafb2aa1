/**
 * The gate's and the permissions' rules that the server and the panel both apply, one function each:
 * the services and validators call them here, the UI through src/shared/rules.ts. Dependency-free
 * (types, and the date rule of ./dates), so the UI bundle carries them without the template schema.
 * test/lint/rules-once.test.ts lists every gate and permission rule and fails when one is written a
 * second time outside the core.
 */
import type { AttestationRecord, ItemState, RiskAcceptance, Roster, WaiverRecord } from './model';
import type { ItemKind, RoleId } from './domain';
import { holdsOn } from './dates';

// ------------------------------------------------------------------------------ who holds which role
/** Who decides a waiver request and sets the epic's risk level. */
export const DECIDER_ROLES: readonly RoleId[] = ['project-manager', 'steering-group'];
/** Who changes the epic's roster (a project admin too). */
export const ROSTER_EDITOR_ROLES: readonly RoleId[] = ['project-manager', 'steering-group'];
/** Who is asked to name the people missing from the roster (a blocker of the "roster filled" condition). */
export const ROSTER_OWNER: RoleId = 'project-manager';

/** The roles a person holds on the epic's roster. */
export function callerRoles(accountId: string, roster: Roster): RoleId[] {
  return (Object.entries(roster) as [RoleId, string | undefined][]).filter(([, id]) => id === accountId).map(([r]) => r);
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
export function confirmingRole(condition: ConfirmableCondition, accountId: string, roster: Roster): RoleId | undefined {
  return callerRoles(accountId, roster).find((role) => mayConfirmAs(condition, role));
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
  return attestations.filter((a) => !isApprovalVoid(a.approval, before) && isApprovalVoid(a.approval, after)).map((a) => a.conditionId);
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
 * they asked for it; null when nothing in the waiver stops them. */
export function waiverDecisionBlock(
  waiver: Pick<WaiverRecord, 'status' | 'requestedBy'> | null | undefined,
  accountId: string,
): 'not-requested' | 'own-request' | null {
  if (!waiver || waiver.status !== 'requested') return 'not-requested';
  if (isOwnRequest(waiver, accountId)) return 'own-request';
  return null;
}

/** The people who may decide a waiver request: the holders of the deciding roles, but not the requester. */
export function waiverDeciders(roster: Roster, requestedBy: string): string[] {
  return DECIDER_ROLES.map((r) => roster[r]).filter((id): id is string => !!id && !isOwnRequest({ requestedBy }, id));
}

/** A waiver may be asked for when the item has none, when it was rejected, or when its approval has lapsed
 * (`today`: the UTC day the phase is judged on). An open request or an approval that counts stays. */
export function waiverMayBeRequested(waiver: Pick<WaiverRecord, 'status' | 'expiresOn'> | null | undefined, today: string): boolean {
  if (!waiver || waiver.status === 'rejected') return true;
  return waiver.status === 'approved' && !holdsOn(waiver.expiresOn, today);
}
