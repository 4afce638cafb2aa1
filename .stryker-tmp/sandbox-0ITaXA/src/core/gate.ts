/**
 * Gate evaluation: every condition of the entry or exit gate with pass/fail and a reason, the
 * verdict, and one message in fi, sv and en naming every unmet condition. The panel, the workflow
 * validators and the exports all call these functions, so they cannot disagree.
 *
 * The rules of the gate, in one place:
 * - an attestation counts only from an allowed role, with its evidence when required, and — for a
 *   risk acceptance — at the epic's current risk level: a void approval never counts, in any gate;
 * - the phase may start (a status in the In Progress category) when the entry gate passes or the
 *   steering group has waived it;
 * - the phase may end (any status in the Done category, whatever the transition is called) only
 *   when the exit gate passes AND the entry gate passed or was waived by the steering group.
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
import type { AttestationRecord, ConditionResult, EntryGateWaiverRecord, GateEvaluation, PhaseStatus, Readiness, Roster, StatusCategory } from './model';
import { type Condition, type GateId, type Locale, type LocalizedText, type RoleId, type Template } from './template/schema';
import { l10n, perLocale } from './messages';
import { blocksItemsDone, isApprovalVoid, mayConfirmAs } from './rules';
export interface GateInput {
  template: Template;
  gate: GateId;
  readiness: Readiness;
  roster: Roster;
  attestations: readonly AttestationRecord[];
  /** The epic's current risk level; a risk acceptance recorded at another level is void. */
  riskLevel: string | null;
}
const T = {
  passedAutomatic: l10n('ui.gate.passed'),
  attested: l10n('ui.condition.status.attested'),
  notAttested: l10n('server.gate.notAttested'),
  evidenceMissing: l10n('server.gate.evidenceMissing'),
  attesterRoleInvalid: l10n('server.gate.attesterRoleInvalid'),
  approvalMissing: l10n('server.gate.approvalMissing'),
  approvalVoid: (given: string, current: string) => l10n('server.gate.approvalVoid', {
    given,
    current
  }),
  rosterMissing: l10n('server.gate.rosterMissing'),
  openItems: (count: number) => l10n('server.gate.openItems', {
    count
  }),
  missingChild: l10n('server.gate.missingChild'),
  header: {
    entry: l10n('server.gate.entry'),
    exit: l10n('server.gate.exit')
  },
  entryNotSatisfied: l10n('server.gate.entryNotSatisfied'),
  whereToFix: l10n('server.gate.whereToFix')
} as const;

/** How many open items a reason names before summarising the rest. */
export const MAX_ITEMS_NAMED = 40;
function roleNames(template: Template, roleIds: readonly string[], l: Locale): string {
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    return roleIds.map(stryMutAct_9fa48("1") ? () => undefined : (stryCov_9fa48("1"), id => stryMutAct_9fa48("2") ? template.roles.find(r => r.id === id)?.name[l] && id : (stryCov_9fa48("2"), (stryMutAct_9fa48("3") ? template.roles.find(r => r.id === id).name[l] : (stryCov_9fa48("3"), template.roles.find(stryMutAct_9fa48("4") ? () => undefined : (stryCov_9fa48("4"), r => stryMutAct_9fa48("7") ? r.id !== id : stryMutAct_9fa48("6") ? false : stryMutAct_9fa48("5") ? true : (stryCov_9fa48("5", "6", "7"), r.id === id)))?.name[l])) ?? id))).join(stryMutAct_9fa48("8") ? "" : (stryCov_9fa48("8"), ', '));
  }
}
function truncate(text: string, max: number): string {
  if (stryMutAct_9fa48("9")) {
    {}
  } else {
    stryCov_9fa48("9");
    return (stryMutAct_9fa48("13") ? text.length > max : stryMutAct_9fa48("12") ? text.length < max : stryMutAct_9fa48("11") ? false : stryMutAct_9fa48("10") ? true : (stryCov_9fa48("10", "11", "12", "13"), text.length <= max)) ? text : stryMutAct_9fa48("14") ? `` : (stryCov_9fa48("14"), `${stryMutAct_9fa48("16") ? text.trimEnd() : stryMutAct_9fa48("15") ? text.slice(0, max - 1).trimStart() : (stryCov_9fa48("15", "16"), text.slice(0, stryMutAct_9fa48("17") ? max + 1 : (stryCov_9fa48("17"), max - 1)).trimEnd())}…`);
  }
}
function evaluateCondition(input: GateInput, condition: Condition): ConditionResult {
  if (stryMutAct_9fa48("18")) {
    {}
  } else {
    stryCov_9fa48("18");
    const {
      template,
      gate,
      readiness,
      roster,
      attestations,
      riskLevel
    } = input;
    const base = stryMutAct_9fa48("19") ? {} : (stryCov_9fa48("19"), {
      conditionId: condition.id,
      gate,
      kind: condition.kind,
      mandatory: condition.mandatory
    });
    if (stryMutAct_9fa48("22") ? condition.kind !== 'automatic' : stryMutAct_9fa48("21") ? false : stryMutAct_9fa48("20") ? true : (stryCov_9fa48("20", "21", "22"), condition.kind === (stryMutAct_9fa48("23") ? "" : (stryCov_9fa48("23"), 'automatic')))) {
      if (stryMutAct_9fa48("24")) {
        {}
      } else {
        stryCov_9fa48("24");
        const rule = condition.rule;
        if (stryMutAct_9fa48("27") ? rule.type !== 'roster-filled' : stryMutAct_9fa48("26") ? false : stryMutAct_9fa48("25") ? true : (stryCov_9fa48("25", "26", "27"), rule.type === (stryMutAct_9fa48("28") ? "" : (stryCov_9fa48("28"), 'roster-filled')))) {
          if (stryMutAct_9fa48("29")) {
            {}
          } else {
            stryCov_9fa48("29");
            const missing = stryMutAct_9fa48("30") ? rule.roles : (stryCov_9fa48("30"), rule.roles.filter(stryMutAct_9fa48("31") ? () => undefined : (stryCov_9fa48("31"), r => stryMutAct_9fa48("32") ? roster[r] : (stryCov_9fa48("32"), !roster[r]))));
            const passed = stryMutAct_9fa48("35") ? missing.length !== 0 : stryMutAct_9fa48("34") ? false : stryMutAct_9fa48("33") ? true : (stryCov_9fa48("33", "34", "35"), missing.length === 0);
            return stryMutAct_9fa48("36") ? {} : (stryCov_9fa48("36"), {
              ...base,
              passed,
              status: passed ? stryMutAct_9fa48("37") ? "" : (stryCov_9fa48("37"), 'passed') : stryMutAct_9fa48("38") ? "" : (stryCov_9fa48("38"), 'failed'),
              reason: passed ? T.passedAutomatic : perLocale(stryMutAct_9fa48("39") ? () => undefined : (stryCov_9fa48("39"), l => stryMutAct_9fa48("40") ? T.rosterMissing[l] - roleNames(template, missing, l) : (stryCov_9fa48("40"), T.rosterMissing[l] + roleNames(template, missing, l)))),
              attestation: null
            });
          }
        }
        const kinds = rule.itemKinds;
        const open = stryMutAct_9fa48("41") ? readiness.items : (stryCov_9fa48("41"), readiness.items.filter(stryMutAct_9fa48("42") ? () => undefined : (stryCov_9fa48("42"), i => blocksItemsDone(i, kinds))));
        const passed = stryMutAct_9fa48("45") ? open.length !== 0 : stryMutAct_9fa48("44") ? false : stryMutAct_9fa48("43") ? true : (stryCov_9fa48("43", "44", "45"), open.length === 0);
        const itemText = stryMutAct_9fa48("46") ? () => undefined : (stryCov_9fa48("46"), (() => {
          const itemText = (itemId: string, l: Locale) => stryMutAct_9fa48("47") ? template.items.find(i => i.id === itemId)?.text[l] && itemId : (stryCov_9fa48("47"), (stryMutAct_9fa48("48") ? template.items.find(i => i.id === itemId).text[l] : (stryCov_9fa48("48"), template.items.find(stryMutAct_9fa48("49") ? () => undefined : (stryCov_9fa48("49"), i => stryMutAct_9fa48("52") ? i.id !== itemId : stryMutAct_9fa48("51") ? false : stryMutAct_9fa48("50") ? true : (stryCov_9fa48("50", "51", "52"), i.id === itemId)))?.text[l])) ?? itemId);
          return itemText;
        })());
        return stryMutAct_9fa48("53") ? {} : (stryCov_9fa48("53"), {
          ...base,
          passed,
          status: passed ? stryMutAct_9fa48("54") ? "" : (stryCov_9fa48("54"), 'passed') : stryMutAct_9fa48("55") ? "" : (stryCov_9fa48("55"), 'failed'),
          reason: passed ? T.passedAutomatic : perLocale(l => {
            if (stryMutAct_9fa48("56")) {
              {}
            } else {
              stryCov_9fa48("56");
              const named = stryMutAct_9fa48("57") ? open.map(i => {
                const label = truncate(itemText(i.itemId, l), 80);
                return i.child ? `${i.child.key} ${label}` : `${label} (${T.missingChild[l]})`;
              }) : (stryCov_9fa48("57"), open.slice(0, MAX_ITEMS_NAMED).map(i => {
                if (stryMutAct_9fa48("58")) {
                  {}
                } else {
                  stryCov_9fa48("58");
                  const label = truncate(itemText(i.itemId, l), 80);
                  return i.child ? stryMutAct_9fa48("59") ? `` : (stryCov_9fa48("59"), `${i.child.key} ${label}`) : stryMutAct_9fa48("60") ? `` : (stryCov_9fa48("60"), `${label} (${T.missingChild[l]})`);
                }
              }));
              const rest = stryMutAct_9fa48("61") ? open.length + named.length : (stryCov_9fa48("61"), open.length - named.length);
              return stryMutAct_9fa48("62") ? T.openItems(open.length)[l] + named.join('; ') - (rest > 0 ? ` (+${rest})` : '') : (stryCov_9fa48("62"), (stryMutAct_9fa48("63") ? T.openItems(open.length)[l] - named.join('; ') : (stryCov_9fa48("63"), T.openItems(open.length)[l] + named.join(stryMutAct_9fa48("64") ? "" : (stryCov_9fa48("64"), '; ')))) + ((stryMutAct_9fa48("68") ? rest <= 0 : stryMutAct_9fa48("67") ? rest >= 0 : stryMutAct_9fa48("66") ? false : stryMutAct_9fa48("65") ? true : (stryCov_9fa48("65", "66", "67", "68"), rest > 0)) ? stryMutAct_9fa48("69") ? `` : (stryCov_9fa48("69"), ` (+${rest})`) : stryMutAct_9fa48("70") ? "Stryker was here!" : (stryCov_9fa48("70"), '')));
            }
          }),
          attestation: null
        });
      }
    }
    const attestation = stryMutAct_9fa48("71") ? attestations.find(a => a.conditionId === condition.id) && null : (stryCov_9fa48("71"), attestations.find(stryMutAct_9fa48("72") ? () => undefined : (stryCov_9fa48("72"), a => stryMutAct_9fa48("75") ? a.conditionId !== condition.id : stryMutAct_9fa48("74") ? false : stryMutAct_9fa48("73") ? true : (stryCov_9fa48("73", "74", "75"), a.conditionId === condition.id))) ?? null);
    const notAttested = perLocale(stryMutAct_9fa48("76") ? () => undefined : (stryCov_9fa48("76"), l => stryMutAct_9fa48("77") ? T.notAttested[l] - roleNames(template, condition.attestRoles, l) : (stryCov_9fa48("77"), T.notAttested[l] + roleNames(template, condition.attestRoles, l))));
    if (stryMutAct_9fa48("80") ? false : stryMutAct_9fa48("79") ? true : stryMutAct_9fa48("78") ? attestation : (stryCov_9fa48("78", "79", "80"), !attestation)) {
      if (stryMutAct_9fa48("81")) {
        {}
      } else {
        stryCov_9fa48("81");
        return stryMutAct_9fa48("82") ? {} : (stryCov_9fa48("82"), {
          ...base,
          passed: stryMutAct_9fa48("83") ? true : (stryCov_9fa48("83"), false),
          status: stryMutAct_9fa48("84") ? "" : (stryCov_9fa48("84"), 'failed'),
          reason: notAttested,
          attestation: null
        });
      }
    }
    if (stryMutAct_9fa48("87") ? false : stryMutAct_9fa48("86") ? true : stryMutAct_9fa48("85") ? mayConfirmAs(condition, attestation.asRole) : (stryCov_9fa48("85", "86", "87"), !mayConfirmAs(condition, attestation.asRole))) {
      if (stryMutAct_9fa48("88")) {
        {}
      } else {
        stryCov_9fa48("88");
        return stryMutAct_9fa48("89") ? {} : (stryCov_9fa48("89"), {
          ...base,
          passed: stryMutAct_9fa48("90") ? true : (stryCov_9fa48("90"), false),
          status: stryMutAct_9fa48("91") ? "" : (stryCov_9fa48("91"), 'failed'),
          reason: T.attesterRoleInvalid,
          attestation
        });
      }
    }
    if (stryMutAct_9fa48("94") ? condition.evidence === 'required' || !attestation.evidenceUrl : stryMutAct_9fa48("93") ? false : stryMutAct_9fa48("92") ? true : (stryCov_9fa48("92", "93", "94"), (stryMutAct_9fa48("96") ? condition.evidence !== 'required' : stryMutAct_9fa48("95") ? true : (stryCov_9fa48("95", "96"), condition.evidence === (stryMutAct_9fa48("97") ? "" : (stryCov_9fa48("97"), 'required')))) && (stryMutAct_9fa48("98") ? attestation.evidenceUrl : (stryCov_9fa48("98"), !attestation.evidenceUrl)))) {
      if (stryMutAct_9fa48("99")) {
        {}
      } else {
        stryCov_9fa48("99");
        return stryMutAct_9fa48("100") ? {} : (stryCov_9fa48("100"), {
          ...base,
          passed: stryMutAct_9fa48("101") ? true : (stryCov_9fa48("101"), false),
          status: stryMutAct_9fa48("102") ? "" : (stryCov_9fa48("102"), 'failed'),
          reason: T.evidenceMissing,
          attestation
        });
      }
    }
    if (stryMutAct_9fa48("105") ? condition.approval !== 'risk-acceptance' : stryMutAct_9fa48("104") ? false : stryMutAct_9fa48("103") ? true : (stryCov_9fa48("103", "104", "105"), condition.approval === (stryMutAct_9fa48("106") ? "" : (stryCov_9fa48("106"), 'risk-acceptance')))) {
      if (stryMutAct_9fa48("107")) {
        {}
      } else {
        stryCov_9fa48("107");
        const approval = attestation.approval;
        if (stryMutAct_9fa48("110") ? (!approval || !approval.riskLevel || !approval.securityLevel) && !approval.dataProtectionLevel : stryMutAct_9fa48("109") ? false : stryMutAct_9fa48("108") ? true : (stryCov_9fa48("108", "109", "110"), (stryMutAct_9fa48("112") ? (!approval || !approval.riskLevel) && !approval.securityLevel : stryMutAct_9fa48("111") ? false : (stryCov_9fa48("111", "112"), (stryMutAct_9fa48("114") ? !approval && !approval.riskLevel : stryMutAct_9fa48("113") ? false : (stryCov_9fa48("113", "114"), (stryMutAct_9fa48("115") ? approval : (stryCov_9fa48("115"), !approval)) || (stryMutAct_9fa48("116") ? approval.riskLevel : (stryCov_9fa48("116"), !approval.riskLevel)))) || (stryMutAct_9fa48("117") ? approval.securityLevel : (stryCov_9fa48("117"), !approval.securityLevel)))) || (stryMutAct_9fa48("118") ? approval.dataProtectionLevel : (stryCov_9fa48("118"), !approval.dataProtectionLevel)))) {
          if (stryMutAct_9fa48("119")) {
            {}
          } else {
            stryCov_9fa48("119");
            return stryMutAct_9fa48("120") ? {} : (stryCov_9fa48("120"), {
              ...base,
              passed: stryMutAct_9fa48("121") ? true : (stryCov_9fa48("121"), false),
              status: stryMutAct_9fa48("122") ? "" : (stryCov_9fa48("122"), 'failed'),
              reason: T.approvalMissing,
              attestation
            });
          }
        }
        if (stryMutAct_9fa48("124") ? false : stryMutAct_9fa48("123") ? true : (stryCov_9fa48("123", "124"), isApprovalVoid(approval, riskLevel))) {
          if (stryMutAct_9fa48("125")) {
            {}
          } else {
            stryCov_9fa48("125");
            const now = stryMutAct_9fa48("126") ? riskLevel && '–' : (stryCov_9fa48("126"), riskLevel ?? (stryMutAct_9fa48("127") ? "" : (stryCov_9fa48("127"), '–')));
            return stryMutAct_9fa48("128") ? {} : (stryCov_9fa48("128"), {
              ...base,
              passed: stryMutAct_9fa48("129") ? true : (stryCov_9fa48("129"), false),
              status: stryMutAct_9fa48("130") ? "" : (stryCov_9fa48("130"), 'void'),
              reason: T.approvalVoid(approval.riskLevel, now),
              attestation
            });
          }
        }
      }
    }
    return stryMutAct_9fa48("131") ? {} : (stryCov_9fa48("131"), {
      ...base,
      passed: stryMutAct_9fa48("132") ? false : (stryCov_9fa48("132"), true),
      status: stryMutAct_9fa48("133") ? "" : (stryCov_9fa48("133"), 'attested'),
      reason: T.attested,
      attestation
    });
  }
}
function unmetLines(template: Template, gate: GateId, conditions: readonly ConditionResult[], l: Locale): string[] {
  if (stryMutAct_9fa48("134")) {
    {}
  } else {
    stryCov_9fa48("134");
    const gateDef = template.gates[gate];
    const textOf = stryMutAct_9fa48("135") ? () => undefined : (stryCov_9fa48("135"), (() => {
      const textOf = (id: string) => stryMutAct_9fa48("136") ? gateDef.conditions.find(c => c.id === id)?.text[l] && id : (stryCov_9fa48("136"), (stryMutAct_9fa48("137") ? gateDef.conditions.find(c => c.id === id).text[l] : (stryCov_9fa48("137"), gateDef.conditions.find(stryMutAct_9fa48("138") ? () => undefined : (stryCov_9fa48("138"), c => stryMutAct_9fa48("141") ? c.id !== id : stryMutAct_9fa48("140") ? false : stryMutAct_9fa48("139") ? true : (stryCov_9fa48("139", "140", "141"), c.id === id)))?.text[l])) ?? id);
      return textOf;
    })());
    return stryMutAct_9fa48("142") ? conditions.map(c => `• ${textOf(c.conditionId)} — ${c.reason[l]}`) : (stryCov_9fa48("142"), conditions.filter(stryMutAct_9fa48("143") ? () => undefined : (stryCov_9fa48("143"), c => stryMutAct_9fa48("146") ? c.mandatory || !c.passed : stryMutAct_9fa48("145") ? false : stryMutAct_9fa48("144") ? true : (stryCov_9fa48("144", "145", "146"), c.mandatory && (stryMutAct_9fa48("147") ? c.passed : (stryCov_9fa48("147"), !c.passed))))).map(stryMutAct_9fa48("148") ? () => undefined : (stryCov_9fa48("148"), c => stryMutAct_9fa48("149") ? `` : (stryCov_9fa48("149"), `• ${textOf(c.conditionId)} — ${c.reason[l]}`))));
  }
}
export function evaluateGate(input: GateInput): GateEvaluation {
  if (stryMutAct_9fa48("150")) {
    {}
  } else {
    stryCov_9fa48("150");
    const gateDef = input.template.gates[input.gate];
    const conditions = gateDef.conditions.map(stryMutAct_9fa48("151") ? () => undefined : (stryCov_9fa48("151"), c => evaluateCondition(input, c)));
    const failing = stryMutAct_9fa48("152") ? conditions : (stryCov_9fa48("152"), conditions.filter(stryMutAct_9fa48("153") ? () => undefined : (stryCov_9fa48("153"), c => stryMutAct_9fa48("156") ? c.mandatory || !c.passed : stryMutAct_9fa48("155") ? false : stryMutAct_9fa48("154") ? true : (stryCov_9fa48("154", "155", "156"), c.mandatory && (stryMutAct_9fa48("157") ? c.passed : (stryCov_9fa48("157"), !c.passed))))));
    const message: LocalizedText = (stryMutAct_9fa48("160") ? failing.length !== 0 : stryMutAct_9fa48("159") ? false : stryMutAct_9fa48("158") ? true : (stryCov_9fa48("158", "159", "160"), failing.length === 0)) ? stryMutAct_9fa48("161") ? {} : (stryCov_9fa48("161"), {
      fi: stryMutAct_9fa48("162") ? "Stryker was here!" : (stryCov_9fa48("162"), ''),
      sv: stryMutAct_9fa48("163") ? "Stryker was here!" : (stryCov_9fa48("163"), ''),
      en: stryMutAct_9fa48("164") ? "Stryker was here!" : (stryCov_9fa48("164"), '')
    }) : perLocale(stryMutAct_9fa48("165") ? () => undefined : (stryCov_9fa48("165"), l => (stryMutAct_9fa48("166") ? [] : (stryCov_9fa48("166"), [T.header[input.gate][l], ...unmetLines(input.template, input.gate, conditions, l), T.whereToFix[l]])).join(stryMutAct_9fa48("167") ? "" : (stryCov_9fa48("167"), '\n'))));
    return stryMutAct_9fa48("168") ? {} : (stryCov_9fa48("168"), {
      gate: input.gate,
      passed: stryMutAct_9fa48("171") ? failing.length !== 0 : stryMutAct_9fa48("170") ? false : stryMutAct_9fa48("169") ? true : (stryCov_9fa48("169", "170", "171"), failing.length === 0),
      conditions,
      unmet: failing.map(stryMutAct_9fa48("172") ? () => undefined : (stryCov_9fa48("172"), c => c.conditionId)),
      message
    });
  }
}

/** The only role that may waive the entry gate: the steering group accepts the risk of starting. */
export const ENTRY_WAIVER_ROLE: RoleId = stryMutAct_9fa48("173") ? "" : (stryCov_9fa48("173"), 'steering-group');
export const ENTRY_WAIVER_MIN_REASON = 5;

/** A waiver of the entry gate counts only when the steering group gave it, with a written reason. */
export function isEntryGateWaiverEffective(waiver: EntryGateWaiverRecord | null | undefined): boolean {
  if (stryMutAct_9fa48("174")) {
    {}
  } else {
    stryCov_9fa48("174");
    return stryMutAct_9fa48("177") ? !!waiver && waiver.asRole === ENTRY_WAIVER_ROLE && typeof waiver.waivedBy === 'string' && waiver.waivedBy.length > 0 && typeof waiver.reason === 'string' || waiver.reason.trim().length >= ENTRY_WAIVER_MIN_REASON : stryMutAct_9fa48("176") ? false : stryMutAct_9fa48("175") ? true : (stryCov_9fa48("175", "176", "177"), (stryMutAct_9fa48("179") ? !!waiver && waiver.asRole === ENTRY_WAIVER_ROLE && typeof waiver.waivedBy === 'string' && waiver.waivedBy.length > 0 || typeof waiver.reason === 'string' : stryMutAct_9fa48("178") ? true : (stryCov_9fa48("178", "179"), (stryMutAct_9fa48("181") ? !!waiver && waiver.asRole === ENTRY_WAIVER_ROLE && typeof waiver.waivedBy === 'string' || waiver.waivedBy.length > 0 : stryMutAct_9fa48("180") ? true : (stryCov_9fa48("180", "181"), (stryMutAct_9fa48("183") ? !!waiver && waiver.asRole === ENTRY_WAIVER_ROLE || typeof waiver.waivedBy === 'string' : stryMutAct_9fa48("182") ? true : (stryCov_9fa48("182", "183"), (stryMutAct_9fa48("185") ? !!waiver || waiver.asRole === ENTRY_WAIVER_ROLE : stryMutAct_9fa48("184") ? true : (stryCov_9fa48("184", "185"), (stryMutAct_9fa48("186") ? !waiver : (stryCov_9fa48("186"), !(stryMutAct_9fa48("187") ? waiver : (stryCov_9fa48("187"), !waiver)))) && (stryMutAct_9fa48("189") ? waiver.asRole !== ENTRY_WAIVER_ROLE : stryMutAct_9fa48("188") ? true : (stryCov_9fa48("188", "189"), waiver.asRole === ENTRY_WAIVER_ROLE)))) && (stryMutAct_9fa48("191") ? typeof waiver.waivedBy !== 'string' : stryMutAct_9fa48("190") ? true : (stryCov_9fa48("190", "191"), typeof waiver.waivedBy === (stryMutAct_9fa48("192") ? "" : (stryCov_9fa48("192"), 'string')))))) && (stryMutAct_9fa48("195") ? waiver.waivedBy.length <= 0 : stryMutAct_9fa48("194") ? waiver.waivedBy.length >= 0 : stryMutAct_9fa48("193") ? true : (stryCov_9fa48("193", "194", "195"), waiver.waivedBy.length > 0)))) && (stryMutAct_9fa48("197") ? typeof waiver.reason !== 'string' : stryMutAct_9fa48("196") ? true : (stryCov_9fa48("196", "197"), typeof waiver.reason === (stryMutAct_9fa48("198") ? "" : (stryCov_9fa48("198"), 'string')))))) && (stryMutAct_9fa48("201") ? waiver.reason.trim().length < ENTRY_WAIVER_MIN_REASON : stryMutAct_9fa48("200") ? waiver.reason.trim().length > ENTRY_WAIVER_MIN_REASON : stryMutAct_9fa48("199") ? true : (stryCov_9fa48("199", "200", "201"), (stryMutAct_9fa48("202") ? waiver.reason.length : (stryCov_9fa48("202"), waiver.reason.trim().length)) >= ENTRY_WAIVER_MIN_REASON)));
  }
}
const W = {
  notEnabled: l10n('server.gate.notEnabled'),
  notStarted: l10n('server.gate.notStarted'),
  onlySteering: l10n('server.gate.onlySteering')
} as const;

/** Who may waive the entry gate (and revoke the waiver): the person holding the steering group's
 * role on the epic's roster, once the phase has started; nobody else, whatever Jira lets them do. */
export function mayWaiveEntryGate(facts: {
  accountId: string;
  roster: Roster;
  phaseStarted: boolean;
  enabled: boolean;
}, l: Locale): {
  allowed: boolean;
  reason?: string;
} {
  if (stryMutAct_9fa48("203")) {
    {}
  } else {
    stryCov_9fa48("203");
    if (stryMutAct_9fa48("206") ? false : stryMutAct_9fa48("205") ? true : stryMutAct_9fa48("204") ? facts.enabled : (stryCov_9fa48("204", "205", "206"), !facts.enabled)) return stryMutAct_9fa48("207") ? {} : (stryCov_9fa48("207"), {
      allowed: stryMutAct_9fa48("208") ? true : (stryCov_9fa48("208"), false),
      reason: W.notEnabled[l]
    });
    if (stryMutAct_9fa48("211") ? false : stryMutAct_9fa48("210") ? true : stryMutAct_9fa48("209") ? facts.phaseStarted : (stryCov_9fa48("209", "210", "211"), !facts.phaseStarted)) return stryMutAct_9fa48("212") ? {} : (stryCov_9fa48("212"), {
      allowed: stryMutAct_9fa48("213") ? true : (stryCov_9fa48("213"), false),
      reason: W.notStarted[l]
    });
    if (stryMutAct_9fa48("216") ? !facts.accountId && facts.roster[ENTRY_WAIVER_ROLE] !== facts.accountId : stryMutAct_9fa48("215") ? false : stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214", "215", "216"), (stryMutAct_9fa48("217") ? facts.accountId : (stryCov_9fa48("217"), !facts.accountId)) || (stryMutAct_9fa48("219") ? facts.roster[ENTRY_WAIVER_ROLE] === facts.accountId : stryMutAct_9fa48("218") ? false : (stryCov_9fa48("218", "219"), facts.roster[ENTRY_WAIVER_ROLE] !== facts.accountId)))) return stryMutAct_9fa48("220") ? {} : (stryCov_9fa48("220"), {
      allowed: stryMutAct_9fa48("221") ? true : (stryCov_9fa48("221"), false),
      reason: W.onlySteering[l]
    });
    return stryMutAct_9fa48("222") ? {} : (stryCov_9fa48("222"), {
      allowed: stryMutAct_9fa48("223") ? false : (stryCov_9fa48("223"), true)
    });
  }
}

/** Everything the phase's two verdicts are computed from. */
export type PhaseInput = Omit<GateInput, 'gate'> & {
  entryGateWaiver: EntryGateWaiverRecord | null;
};
export interface PhaseVerdicts {
  entry: GateEvaluation;
  exit: GateEvaluation;
  /** The steering group's waiver of the entry gate holds. */
  entryWaived: boolean;
  /** May the phase start: the entry gate passed, or was waived. */
  start: {
    passed: boolean;
    message: LocalizedText;
  };
  /** May the epic reach a status in the Done category: the exit gate passed AND the phase may start. */
  done: {
    passed: boolean;
    message: LocalizedText;
  };
}
const EMPTY: LocalizedText = stryMutAct_9fa48("224") ? {} : (stryCov_9fa48("224"), {
  fi: stryMutAct_9fa48("225") ? "Stryker was here!" : (stryCov_9fa48("225"), ''),
  sv: stryMutAct_9fa48("226") ? "Stryker was here!" : (stryCov_9fa48("226"), ''),
  en: stryMutAct_9fa48("227") ? "Stryker was here!" : (stryCov_9fa48("227"), '')
});

/** The entry and exit gates and what they allow: one function for the panel and the validators. */
export function evaluatePhase(input: PhaseInput): PhaseVerdicts {
  if (stryMutAct_9fa48("228")) {
    {}
  } else {
    stryCov_9fa48("228");
    const entry = evaluateGate(stryMutAct_9fa48("229") ? {} : (stryCov_9fa48("229"), {
      ...input,
      gate: stryMutAct_9fa48("230") ? "" : (stryCov_9fa48("230"), 'entry')
    }));
    const exit = evaluateGate(stryMutAct_9fa48("231") ? {} : (stryCov_9fa48("231"), {
      ...input,
      gate: stryMutAct_9fa48("232") ? "" : (stryCov_9fa48("232"), 'exit')
    }));
    const entryWaived = isEntryGateWaiverEffective(input.entryGateWaiver);
    const startPassed = stryMutAct_9fa48("235") ? entry.passed && entryWaived : stryMutAct_9fa48("234") ? false : stryMutAct_9fa48("233") ? true : (stryCov_9fa48("233", "234", "235"), entry.passed || entryWaived);
    const donePassed = stryMutAct_9fa48("238") ? startPassed || exit.passed : stryMutAct_9fa48("237") ? false : stryMutAct_9fa48("236") ? true : (stryCov_9fa48("236", "237", "238"), startPassed && exit.passed);
    const doneMessage: LocalizedText = donePassed ? EMPTY : perLocale(l => {
      if (stryMutAct_9fa48("239")) {
        {}
      } else {
        stryCov_9fa48("239");
        const parts: string[] = stryMutAct_9fa48("240") ? ["Stryker was here"] : (stryCov_9fa48("240"), []);
        if (stryMutAct_9fa48("243") ? false : stryMutAct_9fa48("242") ? true : stryMutAct_9fa48("241") ? startPassed : (stryCov_9fa48("241", "242", "243"), !startPassed)) parts.push(T.entryNotSatisfied[l], ...unmetLines(input.template, stryMutAct_9fa48("244") ? "" : (stryCov_9fa48("244"), 'entry'), entry.conditions, l));
        if (stryMutAct_9fa48("247") ? false : stryMutAct_9fa48("246") ? true : stryMutAct_9fa48("245") ? exit.passed : (stryCov_9fa48("245", "246", "247"), !exit.passed)) parts.push(T.header.exit[l], ...unmetLines(input.template, stryMutAct_9fa48("248") ? "" : (stryCov_9fa48("248"), 'exit'), exit.conditions, l));
        parts.push(T.whereToFix[l]);
        return parts.join(stryMutAct_9fa48("249") ? "" : (stryCov_9fa48("249"), '\n'));
      }
    });
    return stryMutAct_9fa48("250") ? {} : (stryCov_9fa48("250"), {
      entry,
      exit,
      entryWaived,
      start: stryMutAct_9fa48("251") ? {} : (stryCov_9fa48("251"), {
        passed: startPassed,
        message: startPassed ? EMPTY : entry.message
      }),
      done: stryMutAct_9fa48("252") ? {} : (stryCov_9fa48("252"), {
        passed: donePassed,
        message: doneMessage
      })
    });
  }
}

/**
 * What a workflow validator guards, judged by the category of the status the transition goes to
 * (never by the transition's name: global transitions, renamed statuses and other Done-category
 * statuses are all ways into Done):
 * - a Done-category target needs the whole Done rule, whichever of the two validators sits there;
 * - an In Progress-category target needs the entry gate (from the entry validator; the exit
 *   validator has nothing to say about it);
 * - a To Do-category target needs nothing;
 * - an unknown target (the status could not be read) is judged by the strictest rule.
 */
export type ValidatorScope = 'none' | 'start' | 'done';
export function validatorScope(validator: GateId, target: StatusCategory | null): ValidatorScope {
  if (stryMutAct_9fa48("253")) {
    {}
  } else {
    stryCov_9fa48("253");
    if (stryMutAct_9fa48("256") ? target === null && target === 'done' : stryMutAct_9fa48("255") ? false : stryMutAct_9fa48("254") ? true : (stryCov_9fa48("254", "255", "256"), (stryMutAct_9fa48("258") ? target !== null : stryMutAct_9fa48("257") ? false : (stryCov_9fa48("257", "258"), target === null)) || (stryMutAct_9fa48("260") ? target !== 'done' : stryMutAct_9fa48("259") ? false : (stryCov_9fa48("259", "260"), target === (stryMutAct_9fa48("261") ? "" : (stryCov_9fa48("261"), 'done')))))) return stryMutAct_9fa48("262") ? "" : (stryCov_9fa48("262"), 'done');
    if (stryMutAct_9fa48("265") ? target !== 'indeterminate' : stryMutAct_9fa48("264") ? false : stryMutAct_9fa48("263") ? true : (stryCov_9fa48("263", "264", "265"), target === (stryMutAct_9fa48("266") ? "" : (stryCov_9fa48("266"), 'indeterminate')))) return (stryMutAct_9fa48("269") ? validator !== 'entry' : stryMutAct_9fa48("268") ? false : stryMutAct_9fa48("267") ? true : (stryCov_9fa48("267", "268", "269"), validator === (stryMutAct_9fa48("270") ? "" : (stryCov_9fa48("270"), 'entry')))) ? stryMutAct_9fa48("271") ? "" : (stryCov_9fa48("271"), 'start') : stryMutAct_9fa48("272") ? "" : (stryCov_9fa48("272"), 'none');
    return stryMutAct_9fa48("273") ? "" : (stryCov_9fa48("273"), 'none');
  }
}

/** The verdict of a validator whose scope is not 'none'. */
export function validatorVerdict(scope: Exclude<ValidatorScope, 'none'>, verdicts: PhaseVerdicts): {
  passed: boolean;
  message: LocalizedText;
} {
  if (stryMutAct_9fa48("274")) {
    {}
  } else {
    stryCov_9fa48("274");
    return (stryMutAct_9fa48("277") ? scope !== 'start' : stryMutAct_9fa48("276") ? false : stryMutAct_9fa48("275") ? true : (stryCov_9fa48("275", "276", "277"), scope === (stryMutAct_9fa48("278") ? "" : (stryCov_9fa48("278"), 'start')))) ? verdicts.start : verdicts.done;
  }
}

/** The validator's message lives in ./gate-message (short, the caller's language, grouped by who acts). */
export { validatorMessage } from './gate-message';

/**
 * Whether an issue can be a deployment epic, from what could be read. The validators let an issue
 * pass when the answer is 'no' (even when storage or Jira is failing) and refuse when it is
 * 'unknown'. 'no' needs proof:
 * - a sub-task (hierarchy level below 0) never holds a phase (the app refuses to start one there);
 * - with storage read: no phase was started on it and the project's settings do not select it;
 * - without storage: a standard issue (level 0) with no sub-tasks and without the app's phase
 *   property (the only way a standard issue holds a phase is as the container of sub-tasks the
 *   app created). Epics and higher levels stay 'unknown' without storage.
 */
export interface IssueFacts {
  hierarchyLevel: number;
  hasSubtasks: boolean;
  hasPhaseProperty: boolean;
}
export type DeploymentEpicAnswer = 'yes' | 'no' | 'unknown';
export function isPossiblyDeploymentEpic(issue: IssueFacts, storage: {
  phaseStarted: boolean;
  selectedBySettings: boolean;
} | null): DeploymentEpicAnswer {
  if (stryMutAct_9fa48("279")) {
    {}
  } else {
    stryCov_9fa48("279");
    if (stryMutAct_9fa48("283") ? issue.hierarchyLevel >= 0 : stryMutAct_9fa48("282") ? issue.hierarchyLevel <= 0 : stryMutAct_9fa48("281") ? false : stryMutAct_9fa48("280") ? true : (stryCov_9fa48("280", "281", "282", "283"), issue.hierarchyLevel < 0)) return stryMutAct_9fa48("284") ? "" : (stryCov_9fa48("284"), 'no');
    if (stryMutAct_9fa48("286") ? false : stryMutAct_9fa48("285") ? true : (stryCov_9fa48("285", "286"), storage)) return (stryMutAct_9fa48("289") ? storage.phaseStarted && storage.selectedBySettings : stryMutAct_9fa48("288") ? false : stryMutAct_9fa48("287") ? true : (stryCov_9fa48("287", "288", "289"), storage.phaseStarted || storage.selectedBySettings)) ? stryMutAct_9fa48("290") ? "" : (stryCov_9fa48("290"), 'yes') : stryMutAct_9fa48("291") ? "" : (stryCov_9fa48("291"), 'no');
    if (stryMutAct_9fa48("294") ? issue.hierarchyLevel === 0 && !issue.hasSubtasks || !issue.hasPhaseProperty : stryMutAct_9fa48("293") ? false : stryMutAct_9fa48("292") ? true : (stryCov_9fa48("292", "293", "294"), (stryMutAct_9fa48("296") ? issue.hierarchyLevel === 0 || !issue.hasSubtasks : stryMutAct_9fa48("295") ? true : (stryCov_9fa48("295", "296"), (stryMutAct_9fa48("298") ? issue.hierarchyLevel !== 0 : stryMutAct_9fa48("297") ? true : (stryCov_9fa48("297", "298"), issue.hierarchyLevel === 0)) && (stryMutAct_9fa48("299") ? issue.hasSubtasks : (stryCov_9fa48("299"), !issue.hasSubtasks)))) && (stryMutAct_9fa48("300") ? issue.hasPhaseProperty : (stryCov_9fa48("300"), !issue.hasPhaseProperty)))) return stryMutAct_9fa48("301") ? "" : (stryCov_9fa48("301"), 'no');
    return stryMutAct_9fa48("302") ? "" : (stryCov_9fa48("302"), 'unknown');
  }
}

/** The phase's status as the panel shows it; 'ready-for-done' only when the Done rule passes. */
export function phaseStatus(args: {
  started: boolean;
  epicStatusCategory: StatusCategory;
  done: {
    passed: boolean;
  };
}): PhaseStatus {
  if (stryMutAct_9fa48("303")) {
    {}
  } else {
    stryCov_9fa48("303");
    if (stryMutAct_9fa48("306") ? args.epicStatusCategory !== 'done' : stryMutAct_9fa48("305") ? false : stryMutAct_9fa48("304") ? true : (stryCov_9fa48("304", "305", "306"), args.epicStatusCategory === (stryMutAct_9fa48("307") ? "" : (stryCov_9fa48("307"), 'done')))) return stryMutAct_9fa48("308") ? "" : (stryCov_9fa48("308"), 'done');
    if (stryMutAct_9fa48("311") ? false : stryMutAct_9fa48("310") ? true : stryMutAct_9fa48("309") ? args.started : (stryCov_9fa48("309", "310", "311"), !args.started)) return stryMutAct_9fa48("312") ? "" : (stryCov_9fa48("312"), 'not-started');
    return args.done.passed ? stryMutAct_9fa48("313") ? "" : (stryCov_9fa48("313"), 'ready-for-done') : stryMutAct_9fa48("314") ? "" : (stryCov_9fa48("314"), 'in-progress');
  }
}