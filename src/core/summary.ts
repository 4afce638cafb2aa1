/**
 * The gate summary of a deployment epic (a reporting copy for JQL, the project page and the
 * gadget), computed from the same gate evaluation and readiness as the panel and the validators.
 * Pure: data in, data out.
 */
import type { AttestationRecord, Readiness, Roster, RosterMembers, WaiverRecord } from './model';
import type { GateSummary } from './model';
import { evaluateGate } from './gate';
import { ROLE_IDS, type RoleId, type Template } from './template/schema';
import { blocksItemsDone, ROSTER_OWNER } from './rules';

export interface SummaryInput {
  template: Template;
  readiness: Readiness;
  roster: Roster;
  /** The further people of each role. */
  members?: RosterMembers;
  attestations: readonly AttestationRecord[];
  riskLevel: string | null;
  waivers: readonly WaiverRecord[];
  phaseStart: string | null;
}

export function computeGateSummary(input: SummaryInput, now: string): GateSummary {
  const gateInput = {
    template: input.template,
    readiness: input.readiness,
    roster: input.roster,
    ...(input.members ? { members: input.members } : {}),
    attestations: input.attestations,
    riskLevel: input.riskLevel,
  };
  const entry = evaluateGate({ ...gateInput, gate: 'entry' });
  const exit = evaluateGate({ ...gateInput, gate: 'exit' });
  const byRole: Partial<Record<RoleId, number>> = {};
  const add = (role: RoleId) => {
    byRole[role] = (byRole[role] ?? 0) + 1;
  };
  let blockers = 0;
  for (const conditionId of exit.unmet) {
    const condition = input.template.gates.exit.conditions.find((c) => c.id === conditionId);
    if (!condition) continue;
    if (condition.kind === 'attestation') {
      blockers++;
      condition.attestRoles.forEach(add);
    } else if (condition.rule.type === 'roster-filled') {
      blockers++;
      add(ROSTER_OWNER);
    } else {
      const kinds = condition.rule.itemKinds;
      // Each open mandatory item is a blocker of its owner role (the rule's own definition of "open").
      for (const item of input.readiness.items) {
        if (blocksItemsDone(item, kinds)) {
          blockers++;
          add(item.role);
        }
      }
    }
  }
  return {
    v: 1,
    readiness: Math.max(0, Math.min(100, input.readiness.overall.percent)),
    entryGate: entry.passed ? 'passed' : 'blocked',
    exitGate: exit.passed ? 'passed' : 'blocked',
    blockers,
    blockersByRole: byRole,
    actRoles: ROLE_IDS.filter((r) => (byRole[r] ?? 0) > 0),
    unfilledRoles: ROLE_IDS.filter((r) => !input.roster[r]),
    pendingWaivers: input.waivers.filter((w) => w.status === 'requested').length,
    templateVersion: input.template.version,
    phaseStart: input.phaseStart === null ? null : searchDateTime(input.phaseStart),
    lastChange: searchDateTime(now),
  };
}

/**
 * An instant as Jira's search index takes it: `YYYY-MM-DDThh:mm:ssZ`, without fractions of a second
 * (docs: manifest-reference/modules/jira-entity-property, `date` "[YYYY]-[MM]-[DD]T[hh]:[mm]:[ss][TZ]";
 * jira-custom-field, `datetime`: milliseconds are ignored). Unparseable input is kept as it is.
 */
export function searchDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Equal apart from `lastChange`: an unchanged summary is not written again. */
export function sameSummary(a: unknown, b: GateSummary): boolean {
  if (!a || typeof a !== 'object') return false;
  const { lastChange: _a, ...x } = a as GateSummary;
  const { lastChange: _b, ...y } = b;
  return stableJson(x) === stableJson(y);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
