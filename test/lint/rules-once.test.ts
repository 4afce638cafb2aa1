/**
 * Every gate and permission rule is written once, in src/core, and called everywhere else (services,
 * validators, the core's own evaluators, and the UI through src/shared). The list below names each rule by
 * its export; the test parses every source file of src/ and static/ with the TypeScript parser and fails on
 * a second definition: a function, arrow or constant of the same name anywhere else, or the rule's
 * characteristic expression (what a copy under another name would contain) outside the rule's own file.
 * A new rule goes into RULES; a new copy of an old one fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

interface Finding {
  file: string;
  line: number;
  rule: string;
  what: string;
}

/** The expression that gives a rule away, whatever the function around it is called. */
interface Characteristic {
  what: string;
  matches(node: ts.Node): boolean;
}

const COMPARISON = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) ? unwrap(e.expression) : e;
const nameOf = (e: ts.Expression): string | null => {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  return null;
};
/** `<…>.approval.riskLevel` or `approval.riskLevel` (optional chaining included). */
const isApprovalLevel = (e: ts.Expression): boolean => {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && x.name.text === 'riskLevel' && nameOf(x.expression) === 'approval';
};
const comparesWith =
  (operand: (e: ts.Expression) => boolean) =>
  (node: ts.Node): boolean =>
    ts.isBinaryExpression(node) && COMPARISON.has(node.operatorToken.kind) && (operand(node.left) || operand(node.right));

/** `<…>.state === 'x'` (or !==): the state compared with. */
const stateCompared = (e: ts.Expression): string | null => {
  const x = unwrap(e);
  if (!ts.isBinaryExpression(x) || !COMPARISON.has(x.operatorToken.kind)) return null;
  const [a, b] = [unwrap(x.left), unwrap(x.right)];
  if (nameOf(a) === 'state' && ts.isStringLiteral(b)) return b.text;
  if (nameOf(b) === 'state' && ts.isStringLiteral(a)) return a.text;
  return null;
};

const RULES: { name: string; file: string; characteristic?: Characteristic }[] = [
  // a void approval does not count
  {
    name: 'isApprovalVoid',
    file: 'src/core/rules.ts',
    characteristic: { what: "a comparison with an approval's riskLevel", matches: comparesWith(isApprovalLevel) },
  },
  { name: 'approvalsVoidedBy', file: 'src/core/rules.ts' },
  // who may confirm a condition
  {
    name: 'mayConfirmAs',
    file: 'src/core/rules.ts',
    characteristic: {
      what: 'a lookup in a condition’s attestRoles (includes/indexOf/some)',
      matches: (node) =>
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(unwrap(node.expression)) &&
        ['includes', 'indexOf', 'some'].includes((unwrap(node.expression) as ts.PropertyAccessExpression).name.text) &&
        nameOf((unwrap(node.expression) as ts.PropertyAccessExpression).expression) === 'attestRoles',
    },
  },
  { name: 'confirmingRole', file: 'src/core/rules.ts' },
  { name: 'callerRoles', file: 'src/core/rules.ts' },
  // who decides a waiver, and when one may be asked for
  {
    name: 'isOwnRequest',
    file: 'src/core/rules.ts',
    characteristic: { what: "a comparison with a waiver's requestedBy", matches: comparesWith((e) => nameOf(e) === 'requestedBy') },
  },
  { name: 'waiverDecisionBlock', file: 'src/core/rules.ts' },
  { name: 'waiverDecidingAs', file: 'src/core/rules.ts' },
  // which items are open (and block the "items done" condition)
  {
    name: 'isOpenItem',
    file: 'src/core/rules.ts',
    characteristic: {
      what: "an item's state compared with both done and waived (or open and missing)",
      matches: (node) => {
        if (
          !ts.isBinaryExpression(node) ||
          ![ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)
        )
          return false;
        // Every operand of this chain of one operator (a && b && c parses as (a && b) && c).
        const operands = (e: ts.Expression): ts.Expression[] => {
          const x = unwrap(e);
          return ts.isBinaryExpression(x) && x.operatorToken.kind === node.operatorToken.kind
            ? [...operands(x.left), ...operands(x.right)]
            : [x];
        };
        if (ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === node.operatorToken.kind) return false; // the chain's top only
        const states = new Set(operands(node).map(stateCompared));
        return (states.has('done') && states.has('waived')) || (states.has('open') && states.has('missing'));
      },
    },
  },
  { name: 'blocksItemsDone', file: 'src/core/rules.ts' },
  { name: 'waiverDeciders', file: 'src/core/rules.ts' },
  { name: 'waiverMayBeRequested', file: 'src/core/rules.ts' },
  {
    name: 'DECIDER_ROLES',
    file: 'src/core/rules.ts',
    characteristic: {
      what: "a list of exactly the project manager's and the steering group's roles",
      // (the template's data names roles too: a condition's attestRoles is not this rule)
      matches: (node) =>
        ts.isArrayLiteralExpression(node) &&
        !(ts.isPropertyAssignment(node.parent) && nameOf(node.parent.name as ts.Identifier) === 'attestRoles') &&
        node.elements.length === 2 &&
        node.elements.every((e) => ts.isStringLiteral(e)) &&
        new Set(node.elements.map((e) => (e as ts.StringLiteral).text)).size === 2 &&
        node.elements.every((e) => ['project-manager', 'steering-group'].includes((e as ts.StringLiteral).text)),
    },
  },
  { name: 'ROSTER_EDITOR_ROLES', file: 'src/core/rules.ts' },
  { name: 'ROSTER_OWNER', file: 'src/core/rules.ts' },
  { name: 'rosterChangeBlock', file: 'src/core/rules.ts' },
  // several people per role, quorum, stale confirmations, stand-ins (issue #24)
  { name: 'roleHolders', file: 'src/core/rules.ts' },
  { name: 'quorumOf', file: 'src/core/rules.ts' },
  { name: 'principalOf', file: 'src/core/rules.ts' },
  { name: 'quorumCount', file: 'src/core/rules.ts' },
  { name: 'conditionHolders', file: 'src/core/rules.ts' },
  { name: 'isQuorumUnreachable', file: 'src/core/rules.ts' },
  { name: 'isStale', file: 'src/core/rules.ts' },
  { name: 'confirmationsStaledBy', file: 'src/core/rules.ts' },
  { name: 'confirmationsStaledByEvidence', file: 'src/core/rules.ts' },
  { name: 'currentEvidenceUrl', file: 'src/core/rules.ts' },
  { name: 'isStandInActive', file: 'src/core/rules.ts' },
  { name: 'mayActFor', file: 'src/core/rules.ts' },
  { name: 'standInBlock', file: 'src/core/rules.ts' },
  // the panel's permissions
  { name: 'panelPermissions', file: 'src/core/permissions.ts' },
  { name: 'mayDecideWaiver', file: 'src/core/permissions.ts' },
  { name: 'mayChangeEvidence', file: 'src/core/permissions.ts' },
  // the gates and what they allow
  { name: 'evaluateGate', file: 'src/core/gate.ts' },
  { name: 'evaluatePhase', file: 'src/core/gate.ts' },
  { name: 'isEntryGateWaiverEffective', file: 'src/core/gate.ts' },
  { name: 'mayWaiveEntryGate', file: 'src/core/gate.ts' },
  { name: 'entryGateWaiverAs', file: 'src/core/gate.ts' },
  { name: 'validatorScope', file: 'src/core/gate.ts' },
  { name: 'validatorVerdict', file: 'src/core/gate.ts' },
  { name: 'isPossiblyDeploymentEpic', file: 'src/core/gate.ts' },
  { name: 'phaseStatus', file: 'src/core/gate.ts' },
  // when a waiver counts
  { name: 'isWaiverEffective', file: 'src/core/readiness.ts' },
  { name: 'holdsOn', file: 'src/core/dates.ts' },
];

/** Names a file declares itself (functions, arrows, function expressions and constants; not imports or re-exports). */
function declaredNames(sf: ts.SourceFile): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name))
      out.push({ name: node.name.text, line: line(node) });
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) out.push({ name: node.name.text, line: line(node) });
    else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.initializer && ts.isFunctionLike(node.initializer))
      out.push({ name: node.name.text, line: line(node) });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every re-implementation of a listed rule in one file's text. */
export function findCopies(file: string, text: string): Finding[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const names = declaredNames(sf);
  for (const rule of RULES) {
    if (file === rule.file) continue;
    for (const d of names.filter((n) => n.name === rule.name)) found.push({ file, line: d.line, rule: rule.name, what: 'a definition' });
  }
  const visit = (node: ts.Node): void => {
    for (const rule of RULES) {
      if (file !== rule.file && rule.characteristic?.matches(node))
        found.push({
          file,
          line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
          rule: rule.name,
          what: rule.characteristic.what,
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'build' && e.name !== 'node_modules') walk(rel);
      } else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk('src');
  walk('static');
  return out;
}

describe('each gate and permission rule is defined once, in src/core', () => {
  const files = sources();
  const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));

  it.each(RULES.map((r) => ({ ...r })))('$name is exported by $file and applied', ({ name, file }) => {
    const own = text.get(file);
    expect(own).toBeDefined();
    const sf = ts.createSourceFile(file, own!, ts.ScriptTarget.Latest, true);
    const exported = sf.statements.some(
      (s) =>
        (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
        ((ts.isFunctionDeclaration(s) && s.name?.text === name) ||
          (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name))),
    );
    expect(exported).toBe(true);
    // Named beyond its own declaration (in its file or elsewhere; the UI's re-export does not count).
    const mentions = files
      .filter((f) => f !== 'src/shared/rules.ts')
      .reduce((n, f) => n + (text.get(f)!.match(new RegExp(`\\b${name}\\b(?!:)`, 'g'))?.length ?? 0), 0);
    expect(mentions).toBeGreaterThan(1);
  });

  it('no file in src/ or static/ defines a listed rule again, under its name or another', () => {
    const copies = files.flatMap((f) => findCopies(f, text.get(f)!));
    expect(copies.map((c) => `${c.file}:${c.line} ${c.rule}: ${c.what}`)).toEqual([]);
  });

  it('the UI reaches the rules it applies through src/shared/rules.ts, the core’s own functions', () => {
    const shared = text.get('src/shared/rules.ts')!;
    expect(shared).toMatch(/from '\.\.\/core\/rules'/);
    for (const name of ['approvalsVoidedBy', 'waiverDecisionBlock', 'waiverMayBeRequested', 'ROSTER_OWNER'])
      expect(shared).toMatch(new RegExp(`\\b${name}\\b`));
    expect(text.get('static/panel/src/work.ts')).toMatch(/from '\.\.\/\.\.\/\.\.\/src\/shared\/rules'/);
  });
});

describe('the scan finds a copy (the copies this replaced)', () => {
  it.each([
    [
      'services/phase.ts: isVoid',
      "function isVoid(record, riskLevel) { return !!record?.approval && (riskLevel ?? '') !== record.approval.riskLevel; }",
      'isApprovalVoid',
    ],
    [
      'static/panel/src/work.ts: riskChangeVoids',
      'const voids = (view, next) => view.attestations.filter((a) => a.approval && a.approval.riskLevel !== next);',
      'isApprovalVoid',
    ],
    ['services/phase.ts: the role to confirm as', 'const roles = mine.filter((r) => condition.attestRoles.includes(r));', 'mayConfirmAs'],
    [
      'static/panel/src/work.ts: mayDecide',
      "const ok = waiver.status === 'requested' && waiver.requestedBy !== view.callerAccountId;",
      'isOwnRequest',
    ],
    [
      'services/common/notify.ts: waiverDeciders',
      "const deciders = (['project-manager', 'steering-group'] as const).map((r) => roster[r]);",
      'DECIDER_ROLES',
    ],
    [
      'core/gate.ts, gate-message.ts, summary.ts: the open items',
      "const open = items.filter((i) => i.mandatory && i.state !== 'done' && i.state !== 'waived');",
      'isOpenItem',
    ],
    [
      'static/panel/src/App.tsx: the open items',
      "const open = items.filter((i) => i.state === 'open' || i.state === 'missing');",
      'isOpenItem',
    ],
    ['a second definition by name', 'export const mayConfirmAs = (c, r) => true;', 'mayConfirmAs'],
    ['a method of the same name', 'export const rules = { holdsOn(day) { return true; } };', 'holdsOn'],
  ])('%s', (_label, code, rule) => {
    expect(findCopies('static/panel/src/probe.ts', code).map((c) => c.rule)).toContain(rule);
  });

  it('finds nothing in the rule’s own file', () => {
    const own = 'src/core/rules.ts';
    expect(findCopies(own, fs.readFileSync(path.join(ROOT, own), 'utf8'))).toEqual([]);
  });
});
