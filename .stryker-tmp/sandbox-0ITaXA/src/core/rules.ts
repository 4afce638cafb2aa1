/**
 * The gate's and the permissions' rules that the server and the panel both apply, one function each:
 * the services and validators call them here, the UI through src/shared/rules.ts. Dependency-free
 * (types, and the date rule of ./dates), so the UI bundle carries them without the template schema.
 * test/lint/rules-once.test.ts lists every gate and permission rule and fails when one is written a
 * second time outside the core.
 */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import type { AttestationRecord, ItemState, RiskAcceptance, Roster, WaiverRecord } from './model';
import type { ItemKind, RoleId } from './domain';
import { holdsOn } from './dates';

// ------------------------------------------------------------------------------ who holds which role
/** Who decides a waiver request and sets the epic's risk level. */
export const DECIDER_ROLES: readonly RoleId[] = stryMutAct_9fa48("514") ? [] : (stryCov_9fa48("514"), [stryMutAct_9fa48("515") ? "" : (stryCov_9fa48("515"), 'project-manager'), stryMutAct_9fa48("516") ? "" : (stryCov_9fa48("516"), 'steering-group')]);
/** Who changes the epic's roster (a project admin too). */
export const ROSTER_EDITOR_ROLES: readonly RoleId[] = stryMutAct_9fa48("517") ? [] : (stryCov_9fa48("517"), [stryMutAct_9fa48("518") ? "" : (stryCov_9fa48("518"), 'project-manager'), stryMutAct_9fa48("519") ? "" : (stryCov_9fa48("519"), 'steering-group')]);
/** Who is asked to name the people missing from the roster (a blocker of the "roster filled" condition). */
export const ROSTER_OWNER: RoleId = stryMutAct_9fa48("520") ? "" : (stryCov_9fa48("520"), 'project-manager');

/** The roles a person holds on the epic's roster. */
export function callerRoles(accountId: string, roster: Roster): RoleId[] {
  if (stryMutAct_9fa48("521")) {
    {}
  } else {
    stryCov_9fa48("521");
    return stryMutAct_9fa48("522") ? (Object.entries(roster) as [RoleId, string | undefined][]).map(([r]) => r) : (stryCov_9fa48("522"), (Object.entries(roster) as [RoleId, string | undefined][]).filter(stryMutAct_9fa48("523") ? () => undefined : (stryCov_9fa48("523"), ([, id]) => stryMutAct_9fa48("526") ? id !== accountId : stryMutAct_9fa48("525") ? false : stryMutAct_9fa48("524") ? true : (stryCov_9fa48("524", "525", "526"), id === accountId))).map(stryMutAct_9fa48("527") ? () => undefined : (stryCov_9fa48("527"), ([r]) => r)));
  }
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
  if (stryMutAct_9fa48("528")) {
    {}
  } else {
    stryCov_9fa48("528");
    if (stryMutAct_9fa48("530") ? false : stryMutAct_9fa48("529") ? true : (stryCov_9fa48("529", "530"), change.admin)) return null;
    if (stryMutAct_9fa48("533") ? change.after !== change.by : stryMutAct_9fa48("532") ? false : stryMutAct_9fa48("531") ? true : (stryCov_9fa48("531", "532", "533"), change.after === change.by)) return stryMutAct_9fa48("534") ? "" : (stryCov_9fa48("534"), 'self');
    if (stryMutAct_9fa48("537") ? change.role === 'steering-group' && change.before || change.before !== change.by : stryMutAct_9fa48("536") ? false : stryMutAct_9fa48("535") ? true : (stryCov_9fa48("535", "536", "537"), (stryMutAct_9fa48("539") ? change.role === 'steering-group' || change.before : stryMutAct_9fa48("538") ? true : (stryCov_9fa48("538", "539"), (stryMutAct_9fa48("541") ? change.role !== 'steering-group' : stryMutAct_9fa48("540") ? true : (stryCov_9fa48("540", "541"), change.role === (stryMutAct_9fa48("542") ? "" : (stryCov_9fa48("542"), 'steering-group')))) && change.before)) && (stryMutAct_9fa48("544") ? change.before === change.by : stryMutAct_9fa48("543") ? true : (stryCov_9fa48("543", "544"), change.before !== change.by)))) return stryMutAct_9fa48("545") ? "" : (stryCov_9fa48("545"), 'steering');
    return null;
  }
}

// ------------------------------------------------------------------------------ who may confirm a condition
/** A condition as far as confirming it goes (a template condition, of any version). */
export type ConfirmableCondition = {
  kind: 'automatic';
} | {
  kind: 'attestation';
  attestRoles: readonly RoleId[];
};

/** Whether someone holding `role` may confirm the condition: an attestation condition, and one of its roles.
 * An attestation counts only when the role it was given as may confirm it (core/gate.ts). */
export function mayConfirmAs(condition: ConfirmableCondition, role: string): boolean {
  if (stryMutAct_9fa48("546")) {
    {}
  } else {
    stryCov_9fa48("546");
    return stryMutAct_9fa48("549") ? condition.kind === 'attestation' || (condition.attestRoles as readonly string[]).includes(role) : stryMutAct_9fa48("548") ? false : stryMutAct_9fa48("547") ? true : (stryCov_9fa48("547", "548", "549"), (stryMutAct_9fa48("551") ? condition.kind !== 'attestation' : stryMutAct_9fa48("550") ? true : (stryCov_9fa48("550", "551"), condition.kind === (stryMutAct_9fa48("552") ? "" : (stryCov_9fa48("552"), 'attestation')))) && (condition.attestRoles as readonly string[]).includes(role));
  }
}

/** The role a person confirms the condition as: the first role they hold on the roster that may confirm it;
 * none when they hold no such role (then they may not confirm it). */
export function confirmingRole(condition: ConfirmableCondition, accountId: string, roster: Roster): RoleId | undefined {
  if (stryMutAct_9fa48("553")) {
    {}
  } else {
    stryCov_9fa48("553");
    return callerRoles(accountId, roster).find(stryMutAct_9fa48("554") ? () => undefined : (stryCov_9fa48("554"), role => mayConfirmAs(condition, role)));
  }
}

// ------------------------------------------------------------------------------ a void approval does not count
/**
 * A risk acceptance is void when the epic's risk level is not the level it accepted (also when the epic
 * has no risk level). A void approval never counts, in any gate; confirming the condition again records
 * a fresh one at the current level. No approval is never void.
 */
export function isApprovalVoid(approval: Pick<RiskAcceptance, 'riskLevel'> | null | undefined, riskLevel: string | null): boolean {
  if (stryMutAct_9fa48("555")) {
    {}
  } else {
    stryCov_9fa48("555");
    return stryMutAct_9fa48("558") ? !!approval || (riskLevel ?? '') !== approval.riskLevel : stryMutAct_9fa48("557") ? false : stryMutAct_9fa48("556") ? true : (stryCov_9fa48("556", "557", "558"), (stryMutAct_9fa48("559") ? !approval : (stryCov_9fa48("559"), !(stryMutAct_9fa48("560") ? approval : (stryCov_9fa48("560"), !approval)))) && (stryMutAct_9fa48("562") ? (riskLevel ?? '') === approval.riskLevel : stryMutAct_9fa48("561") ? true : (stryCov_9fa48("561", "562"), (stryMutAct_9fa48("563") ? riskLevel && '' : (stryCov_9fa48("563"), riskLevel ?? (stryMutAct_9fa48("564") ? "Stryker was here!" : (stryCov_9fa48("564"), '')))) !== approval.riskLevel)));
  }
}

/** The approvals (by condition id) that a change of the epic's risk level from `before` to `after` makes
 * void: those that held at `before` and do not at `after`. One already void is not voided again. */
export function approvalsVoidedBy(attestations: readonly Pick<AttestationRecord, 'conditionId' | 'approval'>[], before: string | null, after: string | null): string[] {
  if (stryMutAct_9fa48("565")) {
    {}
  } else {
    stryCov_9fa48("565");
    return stryMutAct_9fa48("566") ? attestations.map(a => a.conditionId) : (stryCov_9fa48("566"), attestations.filter(stryMutAct_9fa48("567") ? () => undefined : (stryCov_9fa48("567"), a => stryMutAct_9fa48("570") ? !isApprovalVoid(a.approval, before) || isApprovalVoid(a.approval, after) : stryMutAct_9fa48("569") ? false : stryMutAct_9fa48("568") ? true : (stryCov_9fa48("568", "569", "570"), (stryMutAct_9fa48("571") ? isApprovalVoid(a.approval, before) : (stryCov_9fa48("571"), !isApprovalVoid(a.approval, before))) && isApprovalVoid(a.approval, after)))).map(stryMutAct_9fa48("572") ? () => undefined : (stryCov_9fa48("572"), a => a.conditionId)));
  }
}

// ------------------------------------------------------------------------------ open items
/** An item is open until it is done or waived (a missing child issue is open too). */
export function isOpenItem(item: Pick<ItemState, 'state'>): boolean {
  if (stryMutAct_9fa48("573")) {
    {}
  } else {
    stryCov_9fa48("573");
    return stryMutAct_9fa48("576") ? item.state !== 'done' || item.state !== 'waived' : stryMutAct_9fa48("575") ? false : stryMutAct_9fa48("574") ? true : (stryCov_9fa48("574", "575", "576"), (stryMutAct_9fa48("578") ? item.state === 'done' : stryMutAct_9fa48("577") ? true : (stryCov_9fa48("577", "578"), item.state !== (stryMutAct_9fa48("579") ? "" : (stryCov_9fa48("579"), 'done')))) && (stryMutAct_9fa48("581") ? item.state === 'waived' : stryMutAct_9fa48("580") ? true : (stryCov_9fa48("580", "581"), item.state !== (stryMutAct_9fa48("582") ? "" : (stryCov_9fa48("582"), 'waived')))));
  }
}

/** An item the "items done" condition waits for: mandatory, open, and of one of the rule's item kinds
 * (every kind when the rule names none). */
export function blocksItemsDone(item: Pick<ItemState, 'mandatory' | 'state' | 'kind'>, kinds: readonly ItemKind[] | undefined): boolean {
  if (stryMutAct_9fa48("583")) {
    {}
  } else {
    stryCov_9fa48("583");
    return stryMutAct_9fa48("586") ? item.mandatory && isOpenItem(item) || !kinds || kinds.includes(item.kind) : stryMutAct_9fa48("585") ? false : stryMutAct_9fa48("584") ? true : (stryCov_9fa48("584", "585", "586"), (stryMutAct_9fa48("588") ? item.mandatory || isOpenItem(item) : stryMutAct_9fa48("587") ? true : (stryCov_9fa48("587", "588"), item.mandatory && isOpenItem(item))) && (stryMutAct_9fa48("590") ? !kinds && kinds.includes(item.kind) : stryMutAct_9fa48("589") ? true : (stryCov_9fa48("589", "590"), (stryMutAct_9fa48("591") ? kinds : (stryCov_9fa48("591"), !kinds)) || kinds.includes(item.kind))));
  }
}

// ------------------------------------------------------------------------------ waivers
/** A waiver is decided by a second person: nobody decides (or counts as deciding) their own request. */
export function isOwnRequest(waiver: Pick<WaiverRecord, 'requestedBy'>, accountId: string | null | undefined): boolean {
  if (stryMutAct_9fa48("592")) {
    {}
  } else {
    stryCov_9fa48("592");
    return stryMutAct_9fa48("595") ? waiver.requestedBy !== accountId : stryMutAct_9fa48("594") ? false : stryMutAct_9fa48("593") ? true : (stryCov_9fa48("593", "594", "595"), waiver.requestedBy === accountId);
  }
}

/** Why this person may not decide this waiver, whatever their role: it is not waiting for a decision, or
 * they asked for it; null when nothing in the waiver stops them. */
export function waiverDecisionBlock(waiver: Pick<WaiverRecord, 'status' | 'requestedBy'> | null | undefined, accountId: string): 'not-requested' | 'own-request' | null {
  if (stryMutAct_9fa48("596")) {
    {}
  } else {
    stryCov_9fa48("596");
    if (stryMutAct_9fa48("599") ? !waiver && waiver.status !== 'requested' : stryMutAct_9fa48("598") ? false : stryMutAct_9fa48("597") ? true : (stryCov_9fa48("597", "598", "599"), (stryMutAct_9fa48("600") ? waiver : (stryCov_9fa48("600"), !waiver)) || (stryMutAct_9fa48("602") ? waiver.status === 'requested' : stryMutAct_9fa48("601") ? false : (stryCov_9fa48("601", "602"), waiver.status !== (stryMutAct_9fa48("603") ? "" : (stryCov_9fa48("603"), 'requested')))))) return stryMutAct_9fa48("604") ? "" : (stryCov_9fa48("604"), 'not-requested');
    if (stryMutAct_9fa48("606") ? false : stryMutAct_9fa48("605") ? true : (stryCov_9fa48("605", "606"), isOwnRequest(waiver, accountId))) return stryMutAct_9fa48("607") ? "" : (stryCov_9fa48("607"), 'own-request');
    return null;
  }
}

/** The people who may decide a waiver request: the holders of the deciding roles, but not the requester. */
export function waiverDeciders(roster: Roster, requestedBy: string): string[] {
  if (stryMutAct_9fa48("608")) {
    {}
  } else {
    stryCov_9fa48("608");
    return stryMutAct_9fa48("609") ? DECIDER_ROLES.map(r => roster[r]) : (stryCov_9fa48("609"), DECIDER_ROLES.map(stryMutAct_9fa48("610") ? () => undefined : (stryCov_9fa48("610"), r => roster[r])).filter(stryMutAct_9fa48("611") ? () => undefined : (stryCov_9fa48("611"), (id): id is string => stryMutAct_9fa48("614") ? !!id || !isOwnRequest({
      requestedBy
    }, id) : stryMutAct_9fa48("613") ? false : stryMutAct_9fa48("612") ? true : (stryCov_9fa48("612", "613", "614"), (stryMutAct_9fa48("615") ? !id : (stryCov_9fa48("615"), !(stryMutAct_9fa48("616") ? id : (stryCov_9fa48("616"), !id)))) && (stryMutAct_9fa48("617") ? isOwnRequest({
      requestedBy
    }, id) : (stryCov_9fa48("617"), !isOwnRequest(stryMutAct_9fa48("618") ? {} : (stryCov_9fa48("618"), {
      requestedBy
    }), id)))))));
  }
}

/** A waiver may be asked for when the item has none, when it was rejected, or when its approval has lapsed
 * (`today`: the UTC day the phase is judged on). An open request or an approval that counts stays. */
export function waiverMayBeRequested(waiver: Pick<WaiverRecord, 'status' | 'expiresOn'> | null | undefined, today: string): boolean {
  if (stryMutAct_9fa48("619")) {
    {}
  } else {
    stryCov_9fa48("619");
    if (stryMutAct_9fa48("622") ? !waiver && waiver.status === 'rejected' : stryMutAct_9fa48("621") ? false : stryMutAct_9fa48("620") ? true : (stryCov_9fa48("620", "621", "622"), (stryMutAct_9fa48("623") ? waiver : (stryCov_9fa48("623"), !waiver)) || (stryMutAct_9fa48("625") ? waiver.status !== 'rejected' : stryMutAct_9fa48("624") ? false : (stryCov_9fa48("624", "625"), waiver.status === (stryMutAct_9fa48("626") ? "" : (stryCov_9fa48("626"), 'rejected')))))) return stryMutAct_9fa48("627") ? false : (stryCov_9fa48("627"), true);
    return stryMutAct_9fa48("630") ? waiver.status === 'approved' || !holdsOn(waiver.expiresOn, today) : stryMutAct_9fa48("629") ? false : stryMutAct_9fa48("628") ? true : (stryCov_9fa48("628", "629", "630"), (stryMutAct_9fa48("632") ? waiver.status !== 'approved' : stryMutAct_9fa48("631") ? true : (stryCov_9fa48("631", "632"), waiver.status === (stryMutAct_9fa48("633") ? "" : (stryCov_9fa48("633"), 'approved')))) && (stryMutAct_9fa48("634") ? holdsOn(waiver.expiresOn, today) : (stryCov_9fa48("634"), !holdsOn(waiver.expiresOn, today))));
  }
}