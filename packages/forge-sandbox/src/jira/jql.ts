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
 * The app's own custom fields (`jira:customField`, app-fields.ts): `<field> IS [NOT] EMPTY` and,
 * for an `object` field, `<field>.<searchAlias>` with the alias's type, where `<field>` is the field's name or
 * `cf[<n>]` (docs: manifest-reference/modules/jira-custom-field, "Object type JQL search"); a `number` or
 * `string` field compares directly. Read through `JqlIssue.field`, with the same consistency as properties.
 */
import { appFieldByClauseName } from './app-fields';
import { aliasNamed, indexedValue } from './jql-index';
import { JqlError, tokenize, type Token } from './jql-tokens';
import type { IndexedRef, IndexedValueType, JqlExpr, JqlField, JqlOperator, JqlQuery, JqlSort, JqlValue } from './jql-types';

export * from './jql-types';
export { JqlError, tokenize } from './jql-tokens';
export { entityPropertyIndex, indexedValuesFromManifest, installEntityPropertyIndex } from './jql-index';
export { compileJql, sortIssues } from './jql-eval';

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
