/**
 * Who may do what on a deployment epic. Pure: the panel shows these answers and the resolvers
 * enforce the same answers server side.
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
import type { ActionPermission, PanelPermissions, Roster, WaiverRecord } from './model';
import type { Locale, RoleId, Template } from './template/schema';
import { l10n, l10nIn } from './messages';
import { callerRoles, confirmingRole, DECIDER_ROLES, ROSTER_EDITOR_ROLES, waiverDecisionBlock } from './rules';
export { callerRoles, DECIDER_ROLES, ROSTER_EDITOR_ROLES } from './rules';
export interface CallerFacts {
  accountId: string;
  roster: Roster;
  phaseStarted: boolean;
  enabled: boolean;
  spawnComplete: boolean;
  /** Jira permissions of the caller in the epic's project. */
  jira: {
    createIssues: boolean;
    editIssues: boolean;
    administerProject: boolean;
  };
}
const R = {
  notEnabled: l10n('server.gate.notEnabled'),
  notStarted: l10n('server.gate.notStarted'),
  alreadyStarted: l10n('server.permissions.alreadyStarted'),
  noCreate: l10n('server.permissions.noCreate'),
  needRole: (roles: string, l: Locale) => l10nIn(l, 'server.permissions.needRole', {
    roles
  }),
  needAnyRole: l10n('server.permissions.needAnyRole'),
  ownRequest: l10n('server.permissions.ownRequest'),
  notRequested: l10n('server.phase.noOpenWaiver')
} as const;
const yes: ActionPermission = stryMutAct_9fa48("315") ? {} : (stryCov_9fa48("315"), {
  allowed: stryMutAct_9fa48("316") ? false : (stryCov_9fa48("316"), true)
});
const no = stryMutAct_9fa48("317") ? () => undefined : (stryCov_9fa48("317"), (() => {
  const no = (reason: string): ActionPermission => stryMutAct_9fa48("318") ? {} : (stryCov_9fa48("318"), {
    allowed: stryMutAct_9fa48("319") ? true : (stryCov_9fa48("319"), false),
    reason
  });
  return no;
})());
function roleList(template: Template, roles: readonly RoleId[], l: Locale): string {
  if (stryMutAct_9fa48("320")) {
    {}
  } else {
    stryCov_9fa48("320");
    return roles.map(stryMutAct_9fa48("321") ? () => undefined : (stryCov_9fa48("321"), r => stryMutAct_9fa48("322") ? template.roles.find(x => x.id === r)?.name[l] && r : (stryCov_9fa48("322"), (stryMutAct_9fa48("323") ? template.roles.find(x => x.id === r).name[l] : (stryCov_9fa48("323"), template.roles.find(stryMutAct_9fa48("324") ? () => undefined : (stryCov_9fa48("324"), x => stryMutAct_9fa48("327") ? x.id !== r : stryMutAct_9fa48("326") ? false : stryMutAct_9fa48("325") ? true : (stryCov_9fa48("325", "326", "327"), x.id === r)))?.name[l])) ?? r))).join(stryMutAct_9fa48("328") ? "" : (stryCov_9fa48("328"), ', '));
  }
}
export function panelPermissions(template: Template, facts: CallerFacts, l: Locale): PanelPermissions {
  if (stryMutAct_9fa48("329")) {
    {}
  } else {
    stryCov_9fa48("329");
    const roles = callerRoles(facts.accountId, facts.roster);
    const has = stryMutAct_9fa48("330") ? () => undefined : (stryCov_9fa48("330"), (() => {
      const has = (allowed: readonly RoleId[]) => stryMutAct_9fa48("331") ? roles.every(r => allowed.includes(r)) : (stryCov_9fa48("331"), roles.some(stryMutAct_9fa48("332") ? () => undefined : (stryCov_9fa48("332"), r => allowed.includes(r))));
      return has;
    })());
    const gateOk = (stryMutAct_9fa48("333") ? facts.enabled : (stryCov_9fa48("333"), !facts.enabled)) ? no(R.notEnabled[l]) : (stryMutAct_9fa48("334") ? facts.phaseStarted : (stryCov_9fa48("334"), !facts.phaseStarted)) ? no(R.notStarted[l]) : null;
    const startPhase = (stryMutAct_9fa48("335") ? facts.enabled : (stryCov_9fa48("335"), !facts.enabled)) ? no(R.notEnabled[l]) : (stryMutAct_9fa48("338") ? facts.phaseStarted || facts.spawnComplete : stryMutAct_9fa48("337") ? false : stryMutAct_9fa48("336") ? true : (stryCov_9fa48("336", "337", "338"), facts.phaseStarted && facts.spawnComplete)) ? no(R.alreadyStarted[l]) : facts.jira.createIssues ? yes : no(R.noCreate[l]);
    const resync = (stryMutAct_9fa48("339") ? facts.enabled : (stryCov_9fa48("339"), !facts.enabled)) ? no(R.notEnabled[l]) : (stryMutAct_9fa48("340") ? facts.phaseStarted : (stryCov_9fa48("340"), !facts.phaseStarted)) ? no(R.notStarted[l]) : facts.jira.createIssues ? yes : no(R.noCreate[l]);
    const editRoster = stryMutAct_9fa48("341") ? gateOk && (has(ROSTER_EDITOR_ROLES) || facts.jira.administerProject ? yes : no(R.needRole(roleList(template, ROSTER_EDITOR_ROLES, l), l))) : (stryCov_9fa48("341"), gateOk ?? ((stryMutAct_9fa48("344") ? has(ROSTER_EDITOR_ROLES) && facts.jira.administerProject : stryMutAct_9fa48("343") ? false : stryMutAct_9fa48("342") ? true : (stryCov_9fa48("342", "343", "344"), has(ROSTER_EDITOR_ROLES) || facts.jira.administerProject)) ? yes : no(R.needRole(roleList(template, ROSTER_EDITOR_ROLES, l), l))));
    const decider = stryMutAct_9fa48("345") ? gateOk && (has(DECIDER_ROLES) ? yes : no(R.needRole(roleList(template, DECIDER_ROLES, l), l))) : (stryCov_9fa48("345"), gateOk ?? (has(DECIDER_ROLES) ? yes : no(R.needRole(roleList(template, DECIDER_ROLES, l), l))));
    const attest: Record<string, ActionPermission> = {};
    for (const gate of stryMutAct_9fa48("346") ? [] : (stryCov_9fa48("346"), [template.gates.entry, template.gates.exit])) {
      if (stryMutAct_9fa48("347")) {
        {}
      } else {
        stryCov_9fa48("347");
        for (const c of gate.conditions) {
          if (stryMutAct_9fa48("348")) {
            {}
          } else {
            stryCov_9fa48("348");
            if (stryMutAct_9fa48("351") ? c.kind === 'attestation' : stryMutAct_9fa48("350") ? false : stryMutAct_9fa48("349") ? true : (stryCov_9fa48("349", "350", "351"), c.kind !== (stryMutAct_9fa48("352") ? "" : (stryCov_9fa48("352"), 'attestation')))) continue;
            attest[c.id] = stryMutAct_9fa48("353") ? gateOk && (confirmingRole(c, facts.accountId, facts.roster) ? yes : no(R.needRole(roleList(template, c.attestRoles, l), l))) : (stryCov_9fa48("353"), gateOk ?? (confirmingRole(c, facts.accountId, facts.roster) ? yes : no(R.needRole(roleList(template, c.attestRoles, l), l))));
          }
        }
      }
    }
    return stryMutAct_9fa48("354") ? {} : (stryCov_9fa48("354"), {
      startPhase,
      resync,
      editRoster,
      setRiskLevel: decider,
      attest,
      requestWaiver: stryMutAct_9fa48("355") ? gateOk && (roles.length > 0 ? yes : no(R.needAnyRole[l])) : (stryCov_9fa48("355"), gateOk ?? ((stryMutAct_9fa48("359") ? roles.length <= 0 : stryMutAct_9fa48("358") ? roles.length >= 0 : stryMutAct_9fa48("357") ? false : stryMutAct_9fa48("356") ? true : (stryCov_9fa48("356", "357", "358", "359"), roles.length > 0)) ? yes : no(R.needAnyRole[l]))),
      decideWaiver: decider
    });
  }
}

/** Whether this caller may approve or reject this particular waiver. */
export function mayDecideWaiver(base: ActionPermission, waiver: WaiverRecord | undefined, accountId: string, l: Locale): ActionPermission {
  if (stryMutAct_9fa48("360")) {
    {}
  } else {
    stryCov_9fa48("360");
    if (stryMutAct_9fa48("363") ? false : stryMutAct_9fa48("362") ? true : stryMutAct_9fa48("361") ? base.allowed : (stryCov_9fa48("361", "362", "363"), !base.allowed)) return base;
    const block = waiverDecisionBlock(waiver, accountId);
    if (stryMutAct_9fa48("366") ? block !== 'not-requested' : stryMutAct_9fa48("365") ? false : stryMutAct_9fa48("364") ? true : (stryCov_9fa48("364", "365", "366"), block === (stryMutAct_9fa48("367") ? "" : (stryCov_9fa48("367"), 'not-requested')))) return no(R.notRequested[l]);
    if (stryMutAct_9fa48("370") ? block !== 'own-request' : stryMutAct_9fa48("369") ? false : stryMutAct_9fa48("368") ? true : (stryCov_9fa48("368", "369", "370"), block === (stryMutAct_9fa48("371") ? "" : (stryCov_9fa48("371"), 'own-request')))) return no(R.ownRequest[l]);
    return yes;
  }
}

/** Who may clean up duplicate children of an epic (core/duplicates.ts): its project manager or a project admin. */
export const DUPLICATE_CLEANER_ROLES: readonly RoleId[] = stryMutAct_9fa48("372") ? [] : (stryCov_9fa48("372"), [stryMutAct_9fa48("373") ? "" : (stryCov_9fa48("373"), 'project-manager')]);
export function mayCleanDuplicates(template: Template, facts: CallerFacts, l: Locale): ActionPermission {
  if (stryMutAct_9fa48("374")) {
    {}
  } else {
    stryCov_9fa48("374");
    if (stryMutAct_9fa48("377") ? false : stryMutAct_9fa48("376") ? true : stryMutAct_9fa48("375") ? facts.enabled : (stryCov_9fa48("375", "376", "377"), !facts.enabled)) return no(R.notEnabled[l]);
    if (stryMutAct_9fa48("380") ? false : stryMutAct_9fa48("379") ? true : stryMutAct_9fa48("378") ? facts.phaseStarted : (stryCov_9fa48("378", "379", "380"), !facts.phaseStarted)) return no(R.notStarted[l]);
    const roles = callerRoles(facts.accountId, facts.roster);
    if (stryMutAct_9fa48("383") ? roles.some(r => DUPLICATE_CLEANER_ROLES.includes(r)) && facts.jira.administerProject : stryMutAct_9fa48("382") ? false : stryMutAct_9fa48("381") ? true : (stryCov_9fa48("381", "382", "383"), (stryMutAct_9fa48("384") ? roles.every(r => DUPLICATE_CLEANER_ROLES.includes(r)) : (stryCov_9fa48("384"), roles.some(stryMutAct_9fa48("385") ? () => undefined : (stryCov_9fa48("385"), r => DUPLICATE_CLEANER_ROLES.includes(r))))) || facts.jira.administerProject)) return yes;
    return no(R.needRole(stryMutAct_9fa48("386") ? `` : (stryCov_9fa48("386"), `${roleList(template, DUPLICATE_CLEANER_ROLES, l)}, ${l10nIn(l, stryMutAct_9fa48("387") ? "" : (stryCov_9fa48("387"), 'server.duplicates.projectAdmin'))}`), l));
  }
}