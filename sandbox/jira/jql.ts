/**
 * A JQL subset: tokenizer, recursive-descent parser and evaluator.
 *
 * Grammar (case-insensitive keywords):
 *   query    := [orExpr] [ORDER BY sortKey ("," sortKey)*]
 *   orExpr   := andExpr ((OR | "||") andExpr)*
 *   andExpr  := notExpr ((AND | "&&") notExpr)*
 *   notExpr  := (NOT | "!") notExpr | "(" orExpr ")" | clause
 *   clause   := field op operand
 *   op       := "=" | "!=" | "<" | ">" | "<=" | ">=" | IN | NOT IN | IS | IS NOT
 *   operand  := value | "(" value ("," value)* ")" | EMPTY | NULL
 *   value    := string | word | function "(" [args] ")"
 * Unsupported fields, operators and functions produce a JqlError (400 with a clear message).
 *
 * Entity property aliases: the installed app's `jira:entityProperty` modules (read from its
 * manifest.yml) declare indexed property values with a type and an optional `searchAlias`; the
 * alias is a JQL field, and `number`/`date` values compare by range and sort in ORDER BY
 * (https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-entity-property/).
 * The values are read through `JqlIssue.property`, so they follow the same consistency rules as
 * every other search datum.
 *
 * The app's own custom fields (`jira:customField`, sandbox/jira/app-fields.ts): `<field> IS [NOT] EMPTY` and,
 * for an `object` field, `<field>.<searchAlias>` with the alias's type, where `<field>` is the field's name or
 * `cf[<n>]` (docs: manifest-reference/modules/jira-custom-field, "Object type JQL search"); a `number` or
 * `string` field compares directly. Read through `JqlIssue.field`, with the same consistency as properties.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { appFieldByClauseName } from './app-fields';

export class JqlError extends Error {}

type TokenKind = 'word' | 'string' | 'lparen' | 'rparen' | 'comma' | 'op' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const OPERATOR_CHARS = new Set(['=', '!', '<', '>', '~']);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(') tokens.push({ kind: 'lparen', text: c, pos: i++ });
    else if (c === ')') tokens.push({ kind: 'rparen', text: c, pos: i++ });
    else if (c === ',') tokens.push({ kind: 'comma', text: c, pos: i++ });
    else if (c === '"' || c === "'") {
      i++;
      let s = '';
      let closed = false;
      while (i < input.length) {
        const d = input[i] as string;
        if (d === '\\' && i + 1 < input.length) {
          const e = input[i + 1] as string;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        s += d;
        i++;
      }
      if (!closed) throw new JqlError(`Error in the JQL Query: The quoted string starting at character ${start} is not terminated.`);
      tokens.push({ kind: 'string', text: s, pos: start });
    } else if (c === '&' && input[i + 1] === '&') {
      tokens.push({ kind: 'word', text: 'AND', pos: i });
      i += 2;
    } else if (c === '|' && input[i + 1] === '|') {
      tokens.push({ kind: 'word', text: 'OR', pos: i });
      i += 2;
    } else if (OPERATOR_CHARS.has(c)) {
      let op = c;
      const next = input[i + 1];
      if (next !== undefined && (next === '=' || (c === '!' && next === '~'))) op += next;
      i += op.length;
      if (op === '!') tokens.push({ kind: 'word', text: 'NOT', pos: start });
      else tokens.push({ kind: 'op', text: op, pos: start });
    } else {
      // a bare word: field names (incl. issue.property[key].path), values, keywords, function names
      let depth = 0;
      while (i < input.length) {
        const d = input[i] as string;
        if (d === '[') depth++;
        else if (d === ']') depth--;
        else if (depth <= 0 && (/\s/.test(d) || d === '(' || d === ')' || d === ',' || d === '"' || d === "'" || OPERATOR_CHARS.has(d)))
          break;
        i++;
      }
      tokens.push({ kind: 'word', text: input.slice(start, i), pos: start });
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: input.length });
  return tokens;
}

export type JqlValue = { kind: 'literal'; value: string } | { kind: 'empty' } | { kind: 'function'; name: string; args: string[] };

export type JqlOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in' | 'is' | 'is not';

/** The type of an indexed entity property value (jira:entityProperty `values[].type`). */
export type IndexedValueType = 'number' | 'string' | 'text' | 'user' | 'date';

export interface IndexedPropertyValue {
  propertyKey: string;
  /** `values[].path` split at '.'. */
  path: string[];
  type: IndexedValueType;
  searchAlias?: string;
}

const INDEXED_TYPES: readonly IndexedValueType[] = ['number', 'string', 'text', 'user', 'date'];

/** The indexed values that the `jira:entityProperty` / `jira:entityPropertySet` modules of a manifest declare (issue entities only). */
export function indexedValuesFromManifest(manifest: unknown): IndexedPropertyValue[] {
  const rec = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const modules = rec(rec(manifest)?.modules);
  if (!modules) return [];
  const declared: unknown[] = [];
  for (const m of Array.isArray(modules['jira:entityProperty']) ? modules['jira:entityProperty'] : []) declared.push(m);
  for (const set of Array.isArray(modules['jira:entityPropertySet']) ? modules['jira:entityPropertySet'] : []) {
    const props = rec(set)?.properties;
    if (Array.isArray(props)) declared.push(...props);
  }
  const out: IndexedPropertyValue[] = [];
  for (const d of declared) {
    const m = rec(d);
    if (!m || typeof m.propertyKey !== 'string' || (m.entityType !== undefined && m.entityType !== 'issue')) continue;
    for (const v of Array.isArray(m.values) ? m.values : []) {
      const value = rec(v);
      if (!value || typeof value.path !== 'string' || !INDEXED_TYPES.includes(value.type as IndexedValueType)) continue;
      out.push({
        propertyKey: m.propertyKey,
        path: value.path.split('.').filter((p) => p.length > 0),
        type: value.type as IndexedValueType,
        ...(typeof value.searchAlias === 'string' && value.searchAlias ? { searchAlias: value.searchAlias } : {}),
      });
    }
  }
  return out;
}

let installedIndex: IndexedPropertyValue[] | null = null;

/** The entity property index of the installed app. By default the app of this repository
 * (its manifest.yml), as the sandbox always has the app installed. */
export function entityPropertyIndex(): IndexedPropertyValue[] {
  if (installedIndex === null) {
    try {
      installedIndex = indexedValuesFromManifest(parseYaml(readFileSync(resolve(__dirname, '..', '..', 'manifest.yml'), 'utf8')));
    } catch {
      installedIndex = [];
    }
  }
  return installedIndex;
}

/** Installs another app's index (a manifest path, or the values themselves; `null` = the default). */
export function installEntityPropertyIndex(source: string | IndexedPropertyValue[] | null): void {
  installedIndex =
    source === null ? null : typeof source === 'string' ? indexedValuesFromManifest(parseYaml(readFileSync(source, 'utf8'))) : source;
}

function indexedValue(propertyKey: string, path: string[]): IndexedPropertyValue | undefined {
  return entityPropertyIndex().find((v) => v.propertyKey === propertyKey && v.path.join('.') === path.join('.'));
}

function aliasNamed(name: string): IndexedPropertyValue | undefined {
  return entityPropertyIndex().find((v) => v.searchAlias !== undefined && v.searchAlias.toLowerCase() === name.toLowerCase());
}

/** A value an index holds for an issue: an entity property (`key` = property key) or a custom field's (`source: 'field'`, `key` = field id). */
export interface IndexedRef {
  key: string;
  path: string[];
  type?: IndexedValueType;
  source?: 'property' | 'field';
}

export interface JqlField {
  /** canonical lower-case name: project, parent, issuetype, status, statuscategory, labels, key, id, assignee, reporter, property */
  name: string;
  raw: string;
  /** `type` when the app's entity property index declares that value. */
  property?: IndexedRef;
}

export type JqlExpr =
  | { type: 'and' | 'or'; left: JqlExpr; right: JqlExpr }
  | { type: 'not'; expr: JqlExpr }
  | { type: 'clause'; field: JqlField; op: JqlOperator; values: JqlValue[]; list: boolean };

export interface JqlSort {
  field: 'key' | 'id' | 'created' | 'updated' | 'summary' | 'property';
  direction: 'ASC' | 'DESC';
  /** For `property`: an entity property value (by alias or issue.property[key].path), or a custom field's. */
  property?: IndexedRef;
}

export interface JqlQuery {
  where: JqlExpr | null;
  orderBy: JqlSort[];
}

const FIELD_ALIASES: Record<string, string> = {
  project: 'project',
  parent: 'parent',
  issuetype: 'issuetype',
  type: 'issuetype',
  status: 'status',
  statuscategory: 'statuscategory',
  labels: 'labels',
  label: 'labels',
  key: 'key',
  issuekey: 'key',
  issue: 'key',
  id: 'id',
  assignee: 'assignee',
  reporter: 'reporter',
  duedate: 'duedate',
  due: 'duedate',
};

const SORT_FIELDS: Record<string, JqlSort['field']> = {
  key: 'key',
  issuekey: 'key',
  id: 'id',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  summary: 'summary',
};

const SUPPORTED_FUNCTIONS = ['currentUser', 'standardIssueTypes', 'subTaskIssueTypes', 'now', 'startOfDay'];
/** Date functions: a single value, usable with `=`, `!=` and the range operators. */
const DATE_FUNCTIONS = new Set(['now', 'startOfDay']);

const SUPPORTED_FIELDS_TEXT =
  "project, parent, issuetype, status, statusCategory, labels, duedate, key, id, assignee, reporter, issue.property[key].path, the search aliases of the app's jira:entityProperty modules and the app's jira:customField fields (<name or cf[n]>[.<searchAlias>])";

/** A custom field of the app: `<name|cf[n]>` or, for an object field, `<name|cf[n]>.<searchAlias>`. */
function parseAppFieldRef(raw: string): IndexedRef | null {
  const whole = appFieldByClauseName(raw);
  if (whole) {
    if (whole.type === 'object') return { key: whole.id, path: [], source: 'field' };
    const type: IndexedValueType =
      whole.type === 'number' ? 'number' : whole.type === 'user' ? 'user' : whole.type.startsWith('date') ? 'date' : 'string';
    return { key: whole.id, path: [], type, source: 'field' };
  }
  const dot = raw.lastIndexOf('.');
  if (dot <= 0) return null;
  const field = appFieldByClauseName(raw.slice(0, dot));
  if (!field) return null;
  const aliasName = raw.slice(dot + 1).toLowerCase();
  const alias = field.aliases.find((a) => a.alias.toLowerCase() === aliasName);
  if (!alias) throw new JqlError(`Field '${raw}' does not exist or you do not have permission to view it.`);
  return { key: field.id, path: alias.path, type: alias.type, source: 'field' };
}

/** An entity property reference: `issue.property[key].path` or a declared search alias. */
function parsePropertyRef(raw: string): IndexedRef | null {
  const appField = parseAppFieldRef(raw);
  if (appField) return appField;
  const m = /^issue\.property\[([^\]]+)\]((?:\.[^.\s]+)*)$/i.exec(raw);
  if (m) {
    const key = (m[1] as string).trim().replace(/^["']|["']$/g, '');
    const path = (m[2] ?? '').split('.').filter((s) => s.length > 0);
    const indexed = indexedValue(key, path);
    return { key, path, ...(indexed ? { type: indexed.type } : {}) };
  }
  const alias = aliasNamed(raw);
  return alias ? { key: alias.propertyKey, path: alias.path, type: alias.type } : null;
}

function parseField(raw: string): JqlField {
  const canonical = FIELD_ALIASES[raw.toLowerCase()];
  if (canonical) return { name: canonical, raw };
  const property = parsePropertyRef(raw);
  if (property) return { name: 'property', raw, property };
  throw new JqlError(
    `Field '${raw}' does not exist or you do not have permission to view it. (The sandbox Jira emulator supports the fields ${SUPPORTED_FIELDS_TEXT}.)`,
  );
}

const RANGE_OPERATORS: readonly string[] = ['<', '>', '<=', '>='];

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }
  private fail(expected: string): never {
    const t = this.peek();
    const got = t.kind === 'eof' ? 'the end of the query' : `'${t.text}'`;
    throw new JqlError(`Error in the JQL Query: Expecting ${expected} but got ${got}. (position ${t.pos})`);
  }

  parse(): JqlQuery {
    let where: JqlExpr | null = null;
    if (this.peek().kind !== 'eof' && !this.isWord(this.peek(), 'ORDER')) where = this.orExpr();
    const orderBy: JqlSort[] = [];
    if (this.isWord(this.peek(), 'ORDER')) {
      this.next();
      if (!this.isWord(this.peek(), 'BY')) this.fail("'BY'");
      this.next();
      for (;;) {
        const t = this.next();
        if (t.kind !== 'word' && t.kind !== 'string') this.fail('a field name');
        const f = SORT_FIELDS[t.text.toLowerCase()];
        const property = f ? null : parsePropertyRef(t.text);
        if (!f && !property) {
          throw new JqlError(
            `Field '${t.text}' does not exist or you do not have permission to view it. (The sandbox Jira emulator can ORDER BY key, id, created, updated, summary and indexed entity properties.)`,
          );
        }
        if (property?.type === 'text') throw new JqlError(`Field '${t.text}' does not support sorting.`);
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.isWord(this.peek(), 'ASC') || this.isWord(this.peek(), 'DESC'))
          direction = this.next().text.toUpperCase() as 'ASC' | 'DESC';
        orderBy.push(property ? { field: 'property', direction, property } : { field: f as JqlSort['field'], direction });
        if (this.peek().kind !== 'comma') break;
        this.next();
      }
    }
    if (this.peek().kind !== 'eof') this.fail(where ? "'AND', 'OR' or 'ORDER BY'" : 'a field name');
    return { where, orderBy };
  }

  private orExpr(): JqlExpr {
    let left = this.andExpr();
    while (this.isWord(this.peek(), 'OR')) {
      this.next();
      left = { type: 'or', left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): JqlExpr {
    let left = this.notExpr();
    while (this.isWord(this.peek(), 'AND')) {
      this.next();
      left = { type: 'and', left, right: this.notExpr() };
    }
    return left;
  }

  private notExpr(): JqlExpr {
    const t = this.peek();
    if (this.isWord(t, 'NOT')) {
      this.next();
      return { type: 'not', expr: this.notExpr() };
    }
    if (t.kind === 'lparen') {
      this.next();
      const e = this.orExpr();
      if (this.peek().kind !== 'rparen') this.fail("')'");
      this.next();
      return e;
    }
    return this.clause();
  }

  private clause(): JqlExpr {
    const ft = this.next();
    if (ft.kind !== 'word' && ft.kind !== 'string') {
      this.i--;
      this.fail('a field name');
    }
    const field = parseField(ft.text);
    const opTok = this.next();
    let op: JqlOperator;
    if (opTok.kind === 'op') {
      if (opTok.text === '=') op = '=';
      else if (opTok.text === '!=') op = '!=';
      else if (RANGE_OPERATORS.includes(opTok.text)) {
        // Jira: range operators on number and date values only (entity properties: `number`, `date`).
        const t = field.property?.type;
        if (field.name !== 'duedate' && (field.name !== 'property' || (t !== undefined && t !== 'number' && t !== 'date'))) {
          throw new JqlError(`The operator '${opTok.text}' is not supported by the '${field.raw}' field.`);
        }
        op = opTok.text as JqlOperator;
      } else
        throw new JqlError(
          `The operator '${opTok.text}' is not supported by the sandbox Jira emulator (supported: =, !=, <, >, <=, >=, IN, NOT IN, IS, IS NOT).`,
        );
    } else if (this.isWord(opTok, 'IN')) op = 'in';
    else if (this.isWord(opTok, 'IS')) {
      if (this.isWord(this.peek(), 'NOT')) {
        this.next();
        op = 'is not';
      } else op = 'is';
    } else if (this.isWord(opTok, 'NOT') && this.isWord(this.peek(), 'IN')) {
      this.next();
      op = 'not in';
    } else if (opTok.kind === 'word' && ['WAS', 'CHANGED'].includes(opTok.text.toUpperCase())) {
      throw new JqlError(
        `The operator '${opTok.text.toUpperCase()}' is not supported by the sandbox Jira emulator (supported: =, !=, IN, NOT IN, IS, IS NOT).`,
      );
    } else {
      this.i--;
      this.fail('operator');
    }
    // An object custom field as a whole is searched by text (`~`, not emulated) or for EMPTY; its values through its aliases.
    if (field.property?.source === 'field' && field.property.type === undefined && op !== 'is' && op !== 'is not') {
      throw new JqlError(`The operator '${op.toUpperCase()}' is not supported by the '${field.raw}' field.`);
    }

    if (op === 'in' || op === 'not in') {
      if (this.peek().kind === 'lparen') {
        this.next();
        const values: JqlValue[] = [];
        if (this.peek().kind !== 'rparen') {
          for (;;) {
            values.push(this.value());
            if (this.peek().kind === 'comma') {
              this.next();
              continue;
            }
            break;
          }
        }
        if (this.peek().kind !== 'rparen') this.fail("')' or ','");
        this.next();
        return { type: 'clause', field, op, values, list: true };
      }
      const v = this.value();
      if (v.kind !== 'function') this.fail("'('");
      return { type: 'clause', field, op, values: [v], list: false };
    }
    const v = this.value();
    if ((op === 'is' || op === 'is not') && v.kind !== 'empty') {
      throw new JqlError(`Error in the JQL Query: The operator '${op.toUpperCase()}' can only be used with EMPTY or NULL.`);
    }
    return { type: 'clause', field, op, values: [v], list: false };
  }

  private value(): JqlValue {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'literal', value: t.text };
    if (t.kind !== 'word') {
      this.i--;
      this.fail('a value');
    }
    const up = t.text.toUpperCase();
    if (up === 'EMPTY' || up === 'NULL') return { kind: 'empty' };
    if (this.peek().kind === 'lparen') {
      this.next();
      const args: string[] = [];
      while (this.peek().kind !== 'rparen') {
        const a = this.next();
        if (a.kind === 'eof') this.fail("')'");
        if (a.kind === 'comma') continue;
        args.push(a.text);
      }
      this.next();
      const fn = SUPPORTED_FUNCTIONS.find((f) => f.toLowerCase() === t.text.toLowerCase());
      if (!fn) {
        throw new JqlError(
          `Unable to find JQL function '${t.text}()'. (The sandbox Jira emulator supports ${SUPPORTED_FUNCTIONS.map((f) => `${f}()`).join(', ')}.)`,
        );
      }
      return { kind: 'function', name: fn, args };
    }
    if (['AND', 'OR', 'NOT', 'ORDER', 'IN', 'IS'].includes(up)) {
      this.i--;
      this.fail('a value');
    }
    return { kind: 'literal', value: t.text };
  }
}

export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).parse();
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface JqlIssue {
  id: string;
  key: string;
  num: number;
  projectId: string;
  projectKey: string;
  issueTypeId: string;
  statusId: string;
  parentId: string | null;
  labels: string[];
  assignee: string | null;
  reporter: string | null;
  summary: string;
  created: string;
  updated: string;
  /** `YYYY-MM-DD` or null. */
  duedate?: string | null;
  property(key: string): { found: true; value: unknown } | { found: false };
  /** The value of one of the app's custom fields (by id); absent = no custom field values. */
  field?(fieldId: string): { found: true; value: unknown } | { found: false };
}

/** The indexed value a reference reads: a property's or a custom field's. */
function indexedSource(issue: JqlIssue, ref: IndexedRef): { found: true; value: unknown } | { found: false } {
  if (ref.source === 'field') return issue.field ? issue.field(ref.key) : { found: false };
  return issue.property(ref.key);
}

export interface JqlEnvironment {
  currentAccountId: string;
  projects: { id: string; key: string; name: string }[];
  issueTypes: { id: string; name: string; subtask: boolean }[];
  statuses: { id: string; name: string; category: 'new' | 'indeterminate' | 'done' }[];
  /** visible issue by key or id (for key/parent/id values) */
  findIssue(keyOrId: string): { id: string; key: string } | undefined;
}

const CATEGORY_NAMES: Record<string, 'new' | 'indeterminate' | 'done'> = {
  'to do': 'new',
  new: 'new',
  '2': 'new',
  'in progress': 'indeterminate',
  indeterminate: 'indeterminate',
  '4': 'indeterminate',
  done: 'done',
  complete: 'done',
  '3': 'done',
};

/** One clause value resolved to the set of comparable strings (null = EMPTY). */
type Resolved = (string | null)[];

export type IssuePredicate = (issue: JqlIssue) => boolean;

function norm(s: string): string {
  return s.toLowerCase();
}

export function compileJql(query: JqlQuery, env: JqlEnvironment): IssuePredicate {
  if (!query.where) return () => true;
  return compileExpr(query.where, env);
}

function compileExpr(e: JqlExpr, env: JqlEnvironment): IssuePredicate {
  switch (e.type) {
    case 'and':
    case 'or': {
      const l = compileExpr(e.left, env);
      const r = compileExpr(e.right, env);
      return e.type === 'and' ? (i) => l(i) && r(i) : (i) => l(i) || r(i);
    }
    case 'not': {
      const inner = compileExpr(e.expr, env);
      return (i) => !inner(i);
    }
    case 'clause':
      return compileClause(e, env);
  }
}

function resolveValues(field: JqlField, values: JqlValue[], env: JqlEnvironment): Resolved {
  const out: Resolved = [];
  for (const v of values) {
    if (v.kind === 'empty') {
      out.push(null);
      continue;
    }
    if (v.kind === 'function') {
      if (v.name === 'currentUser' && (field.name === 'assignee' || field.name === 'reporter' || field.property?.type === 'user'))
        out.push(env.currentAccountId);
      else if (v.name === 'standardIssueTypes' && field.name === 'issuetype')
        out.push(...env.issueTypes.filter((t) => !t.subtask).map((t) => t.id));
      else if (v.name === 'subTaskIssueTypes' && field.name === 'issuetype')
        out.push(...env.issueTypes.filter((t) => t.subtask).map((t) => t.id));
      // now(), startOfDay(): the emulator's days are UTC days (Jira's are the searching user's time zone).
      else if (v.name === 'now' && field.name === 'duedate') out.push(new Date(Date.now()).toISOString());
      else if (v.name === 'startOfDay' && field.name === 'duedate')
        out.push(`${new Date(Date.now()).toISOString().slice(0, 10)}T00:00:00.000Z`);
      else throw new JqlError(`The function '${v.name}()' is not supported for the field '${field.raw}'.`);
      continue;
    }
    const s = v.value;
    switch (field.name) {
      case 'project': {
        const p = env.projects.find((x) => x.id === s || norm(x.key) === norm(s) || norm(x.name) === norm(s));
        if (!p) throw new JqlError(`The value '${s}' does not exist for the field '${field.raw}'.`);
        out.push(p.id);
        break;
      }
      case 'issuetype': {
        const ts = env.issueTypes.filter((x) => x.id === s || norm(x.name) === norm(s));
        if (ts.length === 0) throw new JqlError(`The value '${s}' does not exist for the field '${field.raw}'.`);
        out.push(...ts.map((t) => t.id));
        break;
      }
      case 'status': {
        const st = env.statuses.find((x) => x.id === s || norm(x.name) === norm(s));
        if (!st) throw new JqlError(`The value '${s}' does not exist for the field '${field.raw}'.`);
        out.push(st.id);
        break;
      }
      case 'statuscategory': {
        const c = CATEGORY_NAMES[norm(s)];
        if (!c) throw new JqlError(`The value '${s}' does not exist for the field '${field.raw}'.`);
        out.push(c);
        break;
      }
      case 'key':
      case 'parent':
      case 'id': {
        const found = env.findIssue(s);
        if (!found) {
          if (field.name === 'id' && /^\d+$/.test(s)) {
            out.push(s);
            break;
          }
          throw new JqlError(`An issue with key '${s}' does not exist for field '${field.raw}'.`);
        }
        out.push(found.id);
        break;
      }
      case 'duedate': {
        if (!/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/.test(s))
          throw new JqlError(
            `Date value '${s}' for field '${field.raw}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
          );
        const [y, m, d] = s.split(/[-/]/).map(Number) as [number, number, number];
        out.push(new Date(Date.UTC(y, m - 1, d)).toISOString());
        break;
      }
      case 'property': {
        const t = field.property?.type;
        if (t === 'number' && (s.trim() === '' || Number.isNaN(Number(s)))) {
          throw new JqlError(`The value '${s}' is not a valid number for the field '${field.raw}'.`);
        }
        if (t === 'date' && Number.isNaN(Date.parse(s)))
          throw new JqlError(`The value '${s}' is not a valid date for the field '${field.raw}'.`);
        out.push(s);
        break;
      }
      default:
        out.push(s);
    }
  }
  return out;
}

/** Orders two property values: numbers numerically, dates by time, otherwise as strings. */
function comparePropertyValues(a: string, b: string, type: IndexedValueType | undefined): number {
  if (type === 'date') return Date.parse(a) - Date.parse(b);
  const x = Number(a);
  const y = Number(b);
  if ((type === 'number' || type === undefined) && a.trim() !== '' && b.trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return norm(a) < norm(b) ? -1 : norm(a) > norm(b) ? 1 : 0;
}

function getPath(value: unknown, path: string[]): unknown {
  let cur: unknown = value;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Values of an issue's field as comparable strings; [] means EMPTY. */
function fieldValues(issue: JqlIssue, field: JqlField, env: JqlEnvironment): string[] {
  switch (field.name) {
    case 'project':
      return [issue.projectId];
    case 'parent':
      return issue.parentId === null ? [] : [issue.parentId];
    case 'issuetype':
      return [issue.issueTypeId];
    case 'status':
      return [issue.statusId];
    case 'statuscategory': {
      const st = env.statuses.find((s) => s.id === issue.statusId);
      return st ? [st.category] : [];
    }
    case 'labels':
      return issue.labels;
    case 'key':
    case 'id':
      return [issue.id];
    case 'assignee':
      return issue.assignee === null ? [] : [issue.assignee];
    case 'reporter':
      return issue.reporter === null ? [] : [issue.reporter];
    case 'duedate':
      return issue.duedate ? [`${issue.duedate}T00:00:00.000Z`] : [];
    case 'property': {
      const prop = field.property;
      if (!prop) return [];
      const p = indexedSource(issue, prop);
      if (!p.found) return [];
      const v = getPath(p.value, prop.path);
      if (v === undefined || v === null) return [];
      // a whole object field is EMPTY or not (IS [NOT] EMPTY); it has no scalar to compare
      if (prop.source === 'field' && prop.path.length === 0 && typeof v === 'object' && !Array.isArray(v)) return ['[object]'];
      const arr = Array.isArray(v) ? v : [v];
      return arr.filter((x) => x !== null && typeof x !== 'object').map((x) => String(x));
    }
    default:
      return [];
  }
}

function equalsValue(field: JqlField, actual: string, wanted: string): boolean {
  if (field.name === 'labels') return actual === wanted;
  if (field.name === 'duedate') return Date.parse(actual) === Date.parse(wanted);
  if (field.name === 'property') {
    if (field.property?.type === 'user') return actual === wanted;
    if (field.property?.type === 'date') return Date.parse(actual) === Date.parse(wanted);
    if (field.property?.type === 'string' || field.property?.type === 'text') return norm(actual) === norm(wanted);
    const a = Number(actual);
    const w = Number(wanted);
    if (actual.trim() !== '' && wanted.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(w)) return a === w;
    return norm(actual) === norm(wanted);
  }
  return actual === wanted;
}

function compileClause(e: Extract<JqlExpr, { type: 'clause' }>, env: JqlEnvironment): IssuePredicate {
  const { field, op } = e;
  if (
    (op === '=' || op === '!=') &&
    e.values.length === 1 &&
    e.values[0]?.kind === 'function' &&
    e.values[0].name !== 'currentUser' &&
    !DATE_FUNCTIONS.has(e.values[0].name)
  ) {
    throw new JqlError(`The function '${e.values[0].name}()' returns a list and can only be used with IN or NOT IN.`);
  }
  const wanted = resolveValues(field, e.values, env);
  const wantsEmpty = wanted.includes(null);
  const concrete = wanted.filter((w): w is string => w !== null);
  const matches = (issue: JqlIssue): boolean => {
    const actual = fieldValues(issue, field, env);
    if (actual.length === 0) return wantsEmpty;
    return concrete.some((w) => actual.some((a) => equalsValue(field, a, w)));
  };
  switch (op) {
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const type = field.name === 'duedate' ? 'date' : field.property?.type;
      const holds = (c: number) => (op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0);
      // A range clause never matches an EMPTY value, nor (without a declared type) a value that is not a number.
      return (issue) =>
        fieldValues(issue, field, env).some((a) =>
          concrete.some((w) => {
            if (type === undefined && (Number.isNaN(Number(a)) || Number.isNaN(Number(w)) || a.trim() === '')) return false;
            const c = comparePropertyValues(a, w, type);
            return !Number.isNaN(c) && holds(c);
          }),
        );
    }
    case '=':
    case 'in':
    case 'is':
      return matches;
    case '!=':
    case 'not in':
    case 'is not':
      // Jira: a negative clause never matches issues whose field is EMPTY, unless EMPTY is asked for explicitly
      return (issue) => {
        const actual = fieldValues(issue, field, env);
        if (actual.length === 0) return false;
        return !concrete.some((w) => actual.some((a) => equalsValue(field, a, w)));
      };
  }
}

/** The first scalar of an issue's property value at a path (undefined = EMPTY). */
function sortValue(issue: JqlIssue, property: NonNullable<JqlSort['property']>): string | undefined {
  const p = indexedSource(issue, property);
  if (!p.found) return undefined;
  const v = getPath(p.value, property.path);
  const first = Array.isArray(v) ? v.find((x) => x !== null && typeof x !== 'object') : v;
  return first === undefined || first === null || typeof first === 'object' ? undefined : String(first);
}

export function sortIssues<T extends JqlIssue>(issues: T[], orderBy: JqlSort[]): T[] {
  const sorts: JqlSort[] = orderBy.length > 0 ? orderBy : [{ field: 'key', direction: 'DESC' }];
  const cmp = (a: T, b: T): number => {
    for (const s of sorts) {
      let c = 0;
      if (s.field === 'property' && s.property) {
        // EMPTY sorts after every value in ascending order (and first in descending), as in Jira.
        const x = sortValue(a, s.property);
        const y = sortValue(b, s.property);
        if (x === undefined || y === undefined) c = x === y ? 0 : x === undefined ? 1 : -1;
        else c = comparePropertyValues(x, y, s.property.type);
      } else if (s.field === 'key') c = a.projectKey === b.projectKey ? a.num - b.num : a.projectKey < b.projectKey ? -1 : 1;
      else if (s.field === 'id') c = Number(a.id) - Number(b.id);
      else if (s.field === 'created') c = a.created < b.created ? -1 : a.created > b.created ? 1 : 0;
      else if (s.field === 'updated') c = a.updated < b.updated ? -1 : a.updated > b.updated ? 1 : 0;
      else if (s.field === 'summary') c = a.summary.localeCompare(b.summary);
      if (c !== 0) return s.direction === 'ASC' ? c : -c;
    }
    return Number(a.id) - Number(b.id);
  };
  return [...issues].sort(cmp);
}
