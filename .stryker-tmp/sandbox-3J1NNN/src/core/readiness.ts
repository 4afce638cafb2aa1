/**
 * Readiness of a deployment phase: which duties and deliverables are done, waived, open or
 * missing, and progress overall, per role and per section. Pure: data in, data out.
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
import type { ChildIssue, ItemState, ItemStateKind, Progress, Readiness, WaiverRecord } from './model';
import { ROLE_IDS, type RoleId, type Template } from './template/schema';
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
export function identifyChildren(candidates: readonly CandidateChild[], map: Readonly<Record<string, {
  id?: unknown;
  key?: unknown;
} | null | undefined>>): {
  children: ChildIssue[];
  ignored: number;
} {
  if (stryMutAct_9fa48("388")) {
    {}
  } else {
    stryCov_9fa48("388");
    const byId = new Map(candidates.map(stryMutAct_9fa48("389") ? () => undefined : (stryCov_9fa48("389"), c => stryMutAct_9fa48("390") ? [] : (stryCov_9fa48("390"), [c.id, c]))));
    const used = new Set<string>();
    const children: ChildIssue[] = stryMutAct_9fa48("391") ? ["Stryker was here"] : (stryCov_9fa48("391"), []);
    for (const [itemId, ref] of Object.entries(map)) {
      if (stryMutAct_9fa48("392")) {
        {}
      } else {
        stryCov_9fa48("392");
        const id = (stryMutAct_9fa48("395") ? ref || typeof ref.id === 'string' : stryMutAct_9fa48("394") ? false : stryMutAct_9fa48("393") ? true : (stryCov_9fa48("393", "394", "395"), ref && (stryMutAct_9fa48("397") ? typeof ref.id !== 'string' : stryMutAct_9fa48("396") ? true : (stryCov_9fa48("396", "397"), typeof ref.id === (stryMutAct_9fa48("398") ? "" : (stryCov_9fa48("398"), 'string')))))) ? ref.id : null;
        const issue = id ? byId.get(id) : undefined;
        if (stryMutAct_9fa48("401") ? !issue && used.has(issue.id) : stryMutAct_9fa48("400") ? false : stryMutAct_9fa48("399") ? true : (stryCov_9fa48("399", "400", "401"), (stryMutAct_9fa48("402") ? issue : (stryCov_9fa48("402"), !issue)) || used.has(issue.id))) continue;
        used.add(issue.id);
        children.push(stryMutAct_9fa48("403") ? {} : (stryCov_9fa48("403"), {
          ...issue,
          itemId
        }));
      }
    }
    return stryMutAct_9fa48("404") ? {} : (stryCov_9fa48("404"), {
      children,
      ignored: stryMutAct_9fa48("405") ? candidates.length + used.size : (stryCov_9fa48("405"), candidates.length - used.size)
    });
  }
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
  if (stryMutAct_9fa48("406")) {
    {}
  } else {
    stryCov_9fa48("406");
    return stryMutAct_9fa48("409") ? !!waiver && waiver.status === 'approved' && waiver.reason.trim().length > 0 && !!waiver.decidedBy || !isOwnRequest(waiver, waiver.decidedBy) : stryMutAct_9fa48("408") ? false : stryMutAct_9fa48("407") ? true : (stryCov_9fa48("407", "408", "409"), (stryMutAct_9fa48("411") ? !!waiver && waiver.status === 'approved' && waiver.reason.trim().length > 0 || !!waiver.decidedBy : stryMutAct_9fa48("410") ? true : (stryCov_9fa48("410", "411"), (stryMutAct_9fa48("413") ? !!waiver && waiver.status === 'approved' || waiver.reason.trim().length > 0 : stryMutAct_9fa48("412") ? true : (stryCov_9fa48("412", "413"), (stryMutAct_9fa48("415") ? !!waiver || waiver.status === 'approved' : stryMutAct_9fa48("414") ? true : (stryCov_9fa48("414", "415"), (stryMutAct_9fa48("416") ? !waiver : (stryCov_9fa48("416"), !(stryMutAct_9fa48("417") ? waiver : (stryCov_9fa48("417"), !waiver)))) && (stryMutAct_9fa48("419") ? waiver.status !== 'approved' : stryMutAct_9fa48("418") ? true : (stryCov_9fa48("418", "419"), waiver.status === (stryMutAct_9fa48("420") ? "" : (stryCov_9fa48("420"), 'approved')))))) && (stryMutAct_9fa48("423") ? waiver.reason.trim().length <= 0 : stryMutAct_9fa48("422") ? waiver.reason.trim().length >= 0 : stryMutAct_9fa48("421") ? true : (stryCov_9fa48("421", "422", "423"), (stryMutAct_9fa48("424") ? waiver.reason.length : (stryCov_9fa48("424"), waiver.reason.trim().length)) > 0)))) && (stryMutAct_9fa48("425") ? !waiver.decidedBy : (stryCov_9fa48("425"), !(stryMutAct_9fa48("426") ? waiver.decidedBy : (stryCov_9fa48("426"), !waiver.decidedBy)))))) && (stryMutAct_9fa48("427") ? isOwnRequest(waiver, waiver.decidedBy) : (stryCov_9fa48("427"), !isOwnRequest(waiver, waiver.decidedBy))));
  }
}

/** A waiver counts only when approved, with a written reason, by someone other than the requester,
 * and — when it has an expiry — on its expiry day (UTC) at the latest. */
export function isWaiverEffective(waiver: WaiverRecord | null | undefined, now: string): boolean {
  if (stryMutAct_9fa48("428")) {
    {}
  } else {
    stryCov_9fa48("428");
    return stryMutAct_9fa48("431") ? isWaiverApproved(waiver) || holdsOn(waiver.expiresOn, utcDay(now)) : stryMutAct_9fa48("430") ? false : stryMutAct_9fa48("429") ? true : (stryCov_9fa48("429", "430", "431"), isWaiverApproved(waiver) && holdsOn(waiver.expiresOn, utcDay(now)));
  }
}
export function progressOf(done: number, total: number): Progress {
  if (stryMutAct_9fa48("432")) {
    {}
  } else {
    stryCov_9fa48("432");
    if (stryMutAct_9fa48("436") ? total > 0 : stryMutAct_9fa48("435") ? total < 0 : stryMutAct_9fa48("434") ? false : stryMutAct_9fa48("433") ? true : (stryCov_9fa48("433", "434", "435", "436"), total <= 0)) return stryMutAct_9fa48("437") ? {} : (stryCov_9fa48("437"), {
      done: 0,
      total: 0,
      percent: 100
    });
    const clampedDone = stryMutAct_9fa48("438") ? Math.min(0, Math.min(done, total)) : (stryCov_9fa48("438"), Math.max(0, stryMutAct_9fa48("439") ? Math.max(done, total) : (stryCov_9fa48("439"), Math.min(done, total))));
    return stryMutAct_9fa48("440") ? {} : (stryCov_9fa48("440"), {
      done: clampedDone,
      total,
      percent: Math.floor(stryMutAct_9fa48("441") ? clampedDone * 100 * total : (stryCov_9fa48("441"), (stryMutAct_9fa48("442") ? clampedDone / 100 : (stryCov_9fa48("442"), clampedDone * 100)) / total))
    });
  }
}
const STATUS_RANK: Record<ChildIssue['statusCategory'], number> = stryMutAct_9fa48("443") ? {} : (stryCov_9fa48("443"), {
  done: 2,
  indeterminate: 1,
  new: 0
});

/** If Jira holds more than one child for an item (e.g. a user cloned one), the most advanced counts. */
function pickChild(candidates: readonly ChildIssue[]): ChildIssue | null {
  if (stryMutAct_9fa48("444")) {
    {}
  } else {
    stryCov_9fa48("444");
    let best: ChildIssue | null = null;
    for (const c of candidates) {
      if (stryMutAct_9fa48("445")) {
        {}
      } else {
        stryCov_9fa48("445");
        if (stryMutAct_9fa48("448") ? !best && STATUS_RANK[c.statusCategory] > STATUS_RANK[best.statusCategory] : stryMutAct_9fa48("447") ? false : stryMutAct_9fa48("446") ? true : (stryCov_9fa48("446", "447", "448"), (stryMutAct_9fa48("449") ? best : (stryCov_9fa48("449"), !best)) || (stryMutAct_9fa48("452") ? STATUS_RANK[c.statusCategory] <= STATUS_RANK[best.statusCategory] : stryMutAct_9fa48("451") ? STATUS_RANK[c.statusCategory] >= STATUS_RANK[best.statusCategory] : stryMutAct_9fa48("450") ? false : (stryCov_9fa48("450", "451", "452"), STATUS_RANK[c.statusCategory] > STATUS_RANK[best.statusCategory])))) best = c;
      }
    }
    return best;
  }
}
export function computeReadiness(input: ReadinessInput): Readiness {
  if (stryMutAct_9fa48("453")) {
    {}
  } else {
    stryCov_9fa48("453");
    const {
      template,
      children,
      waivers,
      itemRoles,
      phaseStarted
    } = input;
    const today = utcDay(input.now);
    const childrenByItem = new Map<string, ChildIssue[]>();
    for (const child of children) {
      if (stryMutAct_9fa48("454")) {
        {}
      } else {
        stryCov_9fa48("454");
        const list = stryMutAct_9fa48("455") ? childrenByItem.get(child.itemId) && [] : (stryCov_9fa48("455"), childrenByItem.get(child.itemId) ?? (stryMutAct_9fa48("456") ? ["Stryker was here"] : (stryCov_9fa48("456"), [])));
        list.push(child);
        childrenByItem.set(child.itemId, list);
      }
    }
    const waiverByItem = new Map<string, WaiverRecord>();
    for (const w of waivers) waiverByItem.set(w.itemId, w);
    const items: ItemState[] = template.items.map(item => {
      if (stryMutAct_9fa48("457")) {
        {}
      } else {
        stryCov_9fa48("457");
        const child = pickChild(stryMutAct_9fa48("458") ? childrenByItem.get(item.id) && [] : (stryCov_9fa48("458"), childrenByItem.get(item.id) ?? (stryMutAct_9fa48("459") ? ["Stryker was here"] : (stryCov_9fa48("459"), []))));
        const waiver = stryMutAct_9fa48("460") ? waiverByItem.get(item.id) && null : (stryCov_9fa48("460"), waiverByItem.get(item.id) ?? null);
        let state: ItemStateKind;
        if (stryMutAct_9fa48("463") ? child?.statusCategory !== 'done' : stryMutAct_9fa48("462") ? false : stryMutAct_9fa48("461") ? true : (stryCov_9fa48("461", "462", "463"), (stryMutAct_9fa48("464") ? child.statusCategory : (stryCov_9fa48("464"), child?.statusCategory)) === (stryMutAct_9fa48("465") ? "" : (stryCov_9fa48("465"), 'done')))) state = stryMutAct_9fa48("466") ? "" : (stryCov_9fa48("466"), 'done');else if (stryMutAct_9fa48("468") ? false : stryMutAct_9fa48("467") ? true : (stryCov_9fa48("467", "468"), isWaiverEffective(waiver, input.now))) state = stryMutAct_9fa48("469") ? "" : (stryCov_9fa48("469"), 'waived');else if (stryMutAct_9fa48("472") ? !child || phaseStarted : stryMutAct_9fa48("471") ? false : stryMutAct_9fa48("470") ? true : (stryCov_9fa48("470", "471", "472"), (stryMutAct_9fa48("473") ? child : (stryCov_9fa48("473"), !child)) && phaseStarted)) state = stryMutAct_9fa48("474") ? "" : (stryCov_9fa48("474"), 'missing');else state = stryMutAct_9fa48("475") ? "" : (stryCov_9fa48("475"), 'open');
        return stryMutAct_9fa48("476") ? {} : (stryCov_9fa48("476"), {
          itemId: item.id,
          kind: item.kind,
          sectionId: item.sectionId,
          role: stryMutAct_9fa48("477") ? itemRoles?.[item.id] && item.role : (stryCov_9fa48("477"), (stryMutAct_9fa48("478") ? itemRoles[item.id] : (stryCov_9fa48("478"), itemRoles?.[item.id])) ?? item.role),
          mandatory: item.mandatory,
          state,
          child,
          waiver,
          ...((stryMutAct_9fa48("481") ? isWaiverApproved(waiver) || waiver.expiresOn !== undefined : stryMutAct_9fa48("480") ? false : stryMutAct_9fa48("479") ? true : (stryCov_9fa48("479", "480", "481"), isWaiverApproved(waiver) && (stryMutAct_9fa48("483") ? waiver.expiresOn === undefined : stryMutAct_9fa48("482") ? true : (stryCov_9fa48("482", "483"), waiver.expiresOn !== undefined)))) ? stryMutAct_9fa48("484") ? {} : (stryCov_9fa48("484"), {
            waiverExpiry: expiryState(String(waiver.expiresOn), today)
          }) : {})
        });
      }
    });
    const isComplete = stryMutAct_9fa48("485") ? () => undefined : (stryCov_9fa48("485"), (() => {
      const isComplete = (s: ItemState) => stryMutAct_9fa48("486") ? isOpenItem(s) : (stryCov_9fa48("486"), !isOpenItem(s));
      return isComplete;
    })());
    const tally = stryMutAct_9fa48("487") ? () => undefined : (stryCov_9fa48("487"), (() => {
      const tally = (subset: ItemState[]) => progressOf(stryMutAct_9fa48("488") ? subset.length : (stryCov_9fa48("488"), subset.filter(isComplete).length), subset.length);
      return tally;
    })());
    const byRole = Object.fromEntries(ROLE_IDS.map(r => [r, tally(items.filter(i => i.role === r))])) as Record<RoleId, Progress>;
    const bySection: Record<string, Progress> = {};
    for (const section of template.sections) {
      if (stryMutAct_9fa48("489")) {
        {}
      } else {
        stryCov_9fa48("489");
        const inSection = stryMutAct_9fa48("490") ? items : (stryCov_9fa48("490"), items.filter(stryMutAct_9fa48("491") ? () => undefined : (stryCov_9fa48("491"), i => stryMutAct_9fa48("494") ? i.sectionId !== section.id : stryMutAct_9fa48("493") ? false : stryMutAct_9fa48("492") ? true : (stryCov_9fa48("492", "493", "494"), i.sectionId === section.id))));
        if (stryMutAct_9fa48("498") ? inSection.length <= 0 : stryMutAct_9fa48("497") ? inSection.length >= 0 : stryMutAct_9fa48("496") ? false : stryMutAct_9fa48("495") ? true : (stryCov_9fa48("495", "496", "497", "498"), inSection.length > 0)) bySection[section.id] = tally(inSection);
      }
    }
    return stryMutAct_9fa48("499") ? {} : (stryCov_9fa48("499"), {
      overall: tally(items),
      byRole,
      bySection,
      items,
      openItemIds: stryMutAct_9fa48("500") ? items.map(i => i.itemId) : (stryCov_9fa48("500"), items.filter(stryMutAct_9fa48("501") ? () => undefined : (stryCov_9fa48("501"), i => stryMutAct_9fa48("504") ? i.mandatory || !isComplete(i) : stryMutAct_9fa48("503") ? false : stryMutAct_9fa48("502") ? true : (stryCov_9fa48("502", "503", "504"), i.mandatory && (stryMutAct_9fa48("505") ? isComplete(i) : (stryCov_9fa48("505"), !isComplete(i)))))).map(stryMutAct_9fa48("506") ? () => undefined : (stryCov_9fa48("506"), i => i.itemId))),
      missingItemIds: stryMutAct_9fa48("507") ? items.map(i => i.itemId) : (stryCov_9fa48("507"), items.filter(stryMutAct_9fa48("508") ? () => undefined : (stryCov_9fa48("508"), i => stryMutAct_9fa48("511") ? i.state !== 'missing' : stryMutAct_9fa48("510") ? false : stryMutAct_9fa48("509") ? true : (stryCov_9fa48("509", "510", "511"), i.state === (stryMutAct_9fa48("512") ? "" : (stryCov_9fa48("512"), 'missing'))))).map(stryMutAct_9fa48("513") ? () => undefined : (stryCov_9fa48("513"), i => i.itemId)))
    });
  }
}