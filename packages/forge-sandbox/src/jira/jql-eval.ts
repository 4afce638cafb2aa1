/** Evaluation of the JQL subset (jql.ts): a parsed query compiled to a predicate over issues, and ORDER BY. */
import { JqlError } from './jql-tokens';
import type {
  IndexedRef,
  IndexedValueType,
  IssuePredicate,
  JqlEnvironment,
  JqlExpr,
  JqlField,
  JqlIssue,
  JqlQuery,
  JqlSort,
  JqlValue,
} from './jql-types';

/** Date functions: a single value, usable with `=`, `!=` and the range operators. */
const DATE_FUNCTIONS = new Set(['now', 'startOfDay']);

/** The indexed value a reference reads: a property's or a custom field's. */
function indexedSource(issue: JqlIssue, ref: IndexedRef): { found: true; value: unknown } | { found: false } {
  if (ref.source === 'field') return issue.field ? issue.field(ref.key) : { found: false };
  return issue.property(ref.key);
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
