/**
 * Ten one-line mutations of the gate's rules that the core tests must kill (issue #21): each names a file of
 * src/core, the exact text of one of its lines, and what that line becomes. `npm run -s mutation` (or
 * `npm run -s mutation -- named`) applies each to a temporary copy of the repository, runs the mutation
 * suites there (jest.mutation.config.js) and reports how many tests failed. Pure: data and text in, text out.
 *
 * When a rule's line changes, its entry here must change with it: applying a mutation whose line is not in
 * the file (exactly once) is an error, and test/scripts/mutation.test.ts checks every entry against the source.
 */
export interface NamedMutation {
  /** What the mutated rule would let happen. */
  name: string;
  /** The file, relative to the repository. */
  file: string;
  /** The whole original line, indentation included. */
  line: string;
  /** The whole line that replaces it. */
  replacement: string;
}

export const NAMED_MUTATIONS: readonly NamedMutation[] = [
  {
    name: 'an entry-gate waiver counts for any role',
    file: 'src/core/gate.ts',
    line: '    waiver.asRole === ENTRY_WAIVER_ROLE &&',
    replacement: '    !!waiver.asRole &&',
  },
  {
    name: 'anyone may waive the entry gate',
    file: 'src/core/gate.ts',
    line: '  if (holder === accountId) return {};',
    replacement: '  if (holder) return {};',
  },
  {
    name: 'a requester decides their own waiver',
    file: 'src/core/rules.ts',
    line: "  if (isOwnRequest(waiver, accountId)) return 'own-request';",
    replacement: "  if (false) return 'own-request';",
  },
  {
    name: 'a void approval counts',
    file: 'src/core/gate.ts',
    line: "    if (isApprovalVoid(approval, riskLevel)) return no('void', T.approvalVoid(approval.riskLevel, riskLevel ?? '–'));",
    replacement: "    if (false) return no('void', T.approvalVoid(approval.riskLevel, riskLevel ?? '–'));",
  },
  {
    name: 'anyone on the roster may confirm a condition',
    file: 'src/core/rules.ts',
    line: "  return condition.kind === 'attestation' && (condition.attestRoles as readonly string[]).includes(role);",
    replacement: "  return condition.kind === 'attestation';",
  },
  {
    name: 'an expired waiver counts',
    file: 'src/core/readiness.ts',
    line: '  return isWaiverApproved(waiver) && holdsOn(waiver.expiresOn, utcDay(now));',
    replacement: '  return isWaiverApproved(waiver);',
  },
  {
    name: 'an unmet optional condition blocks the gate',
    file: 'src/core/gate.ts',
    line: '  const failing = conditions.filter((c) => c.mandatory && !c.passed);',
    replacement: '  const failing = conditions.filter((c) => !c.passed);',
  },
  {
    name: 'the phase may end without its entry gate passing or waived',
    file: 'src/core/gate.ts',
    line: '  const donePassed = startPassed && exit.passed;',
    replacement: '  const donePassed = exit.passed;',
  },
  {
    name: 'a waiver approved by its own requester counts',
    file: 'src/core/readiness.ts',
    line: '    !isOwnRequest(waiver, waiver.decidedBy)',
    replacement: '    true',
  },
  {
    name: 'anyone on the roster may decide a waiver and set the risk level',
    file: 'src/core/permissions.ts',
    line: '  const decider = gateOk ?? (has(DECIDER_ROLES) ? yes : no(R.needRole(roleList(template, DECIDER_ROLES, l), l)));',
    replacement: '  const decider = gateOk ?? yes;',
  },
];

/** The source with the mutation's line replaced; throws unless that line occurs exactly once. */
export function applyNamedMutation(source: string, mutation: Pick<NamedMutation, 'file' | 'line' | 'replacement'>): string {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lines = source.split(eol);
  const at = lines.flatMap((text, i) => (text === mutation.line ? [i] : []));
  if (at.length !== 1) {
    throw new Error(`${mutation.file}: the line to mutate occurs ${at.length} times (expected once): ${mutation.line.trim()}`);
  }
  if (mutation.replacement === mutation.line) throw new Error(`${mutation.file}: the replacement is the line itself`);
  lines[at[0]!] = mutation.replacement;
  return lines.join(eol);
}
