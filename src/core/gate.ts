/**
 * Gate evaluation: every condition of the entry or exit gate with pass/fail and a reason, the
 * verdict, and one message in fi, sv and en naming every unmet condition. The panel, the workflow
 * validators and the exports all call this one function, so they cannot disagree.
 */
import type {
  AttestationRecord,
  ConditionResult,
  GateEvaluation,
  PhaseStatus,
  Readiness,
  Roster,
  StatusCategory,
} from '../shared/api';
import { type Condition, type GateId, type Locale, type LocalizedText, type Template } from './template/schema';

export interface GateInput {
  template: Template;
  gate: GateId;
  readiness: Readiness;
  roster: Roster;
  attestations: readonly AttestationRecord[];
  /** The epic's current risk level; a risk acceptance recorded at another level is void. */
  riskLevel: string | null;
}

const per = (f: (l: Locale) => string): LocalizedText => ({ fi: f('fi'), sv: f('sv'), en: f('en') });

const T = {
  passedAutomatic: { fi: 'Täyttyy', sv: 'Uppfyllt', en: 'Met' },
  attested: { fi: 'Vahvistettu', sv: 'Bekräftat', en: 'Confirmed' },
  notAttested: {
    fi: 'Ei vahvistettu. Vahvistajan rooli: ',
    sv: 'Inte bekräftat. Bekräftas av: ',
    en: 'Not confirmed. To be confirmed by: ',
  },
  evidenceMissing: {
    fi: 'Vahvistuksesta puuttuu vaadittu näyttölinkki.',
    sv: 'Bekräftelsen saknar den obligatoriska länken till underlag.',
    en: 'The confirmation lacks the required evidence link.',
  },
  attesterRoleInvalid: {
    fi: 'Vahvistajan rooli ei ole sallittu tälle ehdolle.',
    sv: 'Bekräftarens roll får inte bekräfta detta villkor.',
    en: 'The confirming role may not confirm this condition.',
  },
  approvalMissing: {
    fi: 'Hyväksynnästä puuttuu riskitaso sekä tietoturva- ja tietosuojataso.',
    sv: 'Godkännandet saknar risknivå samt informationssäkerhets- och dataskyddsnivå.',
    en: 'The approval lacks the risk level and the security and data protection levels.',
  },
  approvalVoid: {
    fi: (a: string, b: string) => `Hyväksyntä on mitätön: se annettiin riskitasolla "${a}", mutta epicin riskitaso on nyt "${b}".`,
    sv: (a: string, b: string) => `Godkännandet är ogiltigt: det gavs på risknivån "${a}", men epicens risknivå är nu "${b}".`,
    en: (a: string, b: string) => `The approval is void: it was given at risk level "${a}", but the epic's risk level is now "${b}".`,
  },
  rosterMissing: {
    fi: 'Roolille ei ole nimetty henkilöä: ',
    sv: 'Ingen person utsedd för rollen: ',
    en: 'No person named for the role: ',
  },
  openItems: {
    fi: (n: number) => `${n} pakollista kohtaa kesken: `,
    sv: (n: number) => `${n} obligatoriska punkter öppna: `,
    en: (n: number) => `${n} mandatory items open: `,
  },
  missingChild: { fi: 'tehtävä puuttuu', sv: 'ärendet saknas', en: 'work item missing' },
  header: {
    entry: {
      fi: 'Käyttöönottovaihetta ei voi aloittaa. Täyttymättömät edellytykset:',
      sv: 'Ibruktagandefasen kan inte startas. Ouppfyllda förutsättningar:',
      en: 'The deployment phase cannot start. Unmet conditions:',
    },
    exit: {
      fi: 'Käyttöönottovaihetta ei voi merkitä valmiiksi. Täyttymättömät ehdot:',
      sv: 'Ibruktagandefasen kan inte markeras som klar. Ouppfyllda villkor:',
      en: 'The deployment phase cannot be marked Done. Unmet conditions:',
    },
  },
  whereToFix: {
    fi: 'Korjaa ehdot epicin Käyttöönotto-paneelissa.',
    sv: 'Åtgärda villkoren i epicens panel Ibruktagande.',
    en: "Fix them in the epic's Deployment panel.",
  },
} as const;

/** How many open items a reason names before summarising the rest. */
export const MAX_ITEMS_NAMED = 40;

function roleNames(template: Template, roleIds: readonly string[], l: Locale): string {
  return roleIds.map((id) => template.roles.find((r) => r.id === id)?.name[l] ?? id).join(', ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function evaluateCondition(input: GateInput, condition: Condition): ConditionResult {
  const { template, gate, readiness, roster, attestations, riskLevel } = input;
  const base = { conditionId: condition.id, gate, kind: condition.kind, mandatory: condition.mandatory };

  if (condition.kind === 'automatic') {
    const rule = condition.rule;
    if (rule.type === 'roster-filled') {
      const missing = rule.roles.filter((r) => !roster[r]);
      const passed = missing.length === 0;
      return {
        ...base,
        passed,
        status: passed ? 'passed' : 'failed',
        reason: passed ? T.passedAutomatic : per((l) => T.rosterMissing[l] + roleNames(template, missing, l)),
        attestation: null,
      };
    }
    const kinds = rule.itemKinds;
    const open = readiness.items.filter(
      (i) => i.mandatory && i.state !== 'done' && i.state !== 'waived' && (!kinds || kinds.includes(i.kind)),
    );
    const passed = open.length === 0;
    const itemText = (itemId: string, l: Locale) => template.items.find((i) => i.id === itemId)?.text[l] ?? itemId;
    return {
      ...base,
      passed,
      status: passed ? 'passed' : 'failed',
      reason: passed
        ? T.passedAutomatic
        : per((l) => {
            const named = open.slice(0, MAX_ITEMS_NAMED).map((i) => {
              const label = truncate(itemText(i.itemId, l), 80);
              return i.child ? `${i.child.key} ${label}` : `${label} (${T.missingChild[l]})`;
            });
            const rest = open.length - named.length;
            return T.openItems[l](open.length) + named.join('; ') + (rest > 0 ? ` (+${rest})` : '');
          }),
      attestation: null,
    };
  }

  const attestation = attestations.find((a) => a.conditionId === condition.id) ?? null;
  const notAttested = per((l) => T.notAttested[l] + roleNames(template, condition.attestRoles, l));
  if (!attestation) {
    return { ...base, passed: false, status: 'failed', reason: notAttested, attestation: null };
  }
  if (!condition.attestRoles.includes(attestation.asRole)) {
    return { ...base, passed: false, status: 'failed', reason: T.attesterRoleInvalid, attestation };
  }
  if (condition.evidence === 'required' && !attestation.evidenceUrl) {
    return { ...base, passed: false, status: 'failed', reason: T.evidenceMissing, attestation };
  }
  if (condition.approval === 'risk-acceptance') {
    const approval = attestation.approval;
    if (!approval || !approval.riskLevel || !approval.securityLevel || !approval.dataProtectionLevel) {
      return { ...base, passed: false, status: 'failed', reason: T.approvalMissing, attestation };
    }
    if ((riskLevel ?? '') !== approval.riskLevel) {
      const now = riskLevel ?? '–';
      return {
        ...base,
        passed: false,
        status: 'void',
        reason: per((l) => T.approvalVoid[l](approval.riskLevel, now)),
        attestation,
      };
    }
  }
  return { ...base, passed: true, status: 'attested', reason: T.attested, attestation };
}

export function evaluateGate(input: GateInput): GateEvaluation {
  const gateDef = input.template.gates[input.gate];
  const conditions = gateDef.conditions.map((c) => evaluateCondition(input, c));
  const failing = conditions.filter((c) => c.mandatory && !c.passed);
  const textOf = (id: string, l: Locale) => gateDef.conditions.find((c) => c.id === id)?.text[l] ?? id;
  const message: LocalizedText =
    failing.length === 0
      ? { fi: '', sv: '', en: '' }
      : per((l) =>
          [
            T.header[input.gate][l],
            ...failing.map((c) => `• ${textOf(c.conditionId, l)} — ${c.reason[l]}`),
            T.whereToFix[l],
          ].join('\n'),
        );
  return {
    gate: input.gate,
    passed: failing.length === 0,
    conditions,
    unmet: failing.map((c) => c.conditionId),
    message,
  };
}

/** The validator's message lives in ./gate-message (short, the caller's language, grouped by who acts). */
export { validatorMessage } from './gate-message';

export function phaseStatus(args: {
  started: boolean;
  epicStatusCategory: StatusCategory;
  exitGate: GateEvaluation;
}): PhaseStatus {
  if (args.epicStatusCategory === 'done') return 'done';
  if (!args.started) return 'not-started';
  return args.exitGate.passed ? 'ready-for-done' : 'in-progress';
}
