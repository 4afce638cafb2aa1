/**
 * The subset of Jira expressions that trigger filters use (events-reference/product_events,
 * "Filter out Atlassian app events"; manifest-reference/modules/trigger, `filter.expression`):
 * the event payload is the Map `event`; the expression must evaluate to a Boolean, and any other
 * outcome (a non-Boolean, a property that is not in the payload, an operation on the wrong type)
 * is an error, which drops the event unless `filter.onError` says to receive it.
 *
 * Supported: string, number, boolean and null literals; `a.b`, `a?.b`, `a['b']`; `!`, `==`, `!=`,
 * `<`, `<=`, `>`, `>=`, `&&`, `||`, `? :`, parentheses; arrow functions `x => expr`; on lists
 * `length`, `includes(x)`, `some(f)`, `every(f)`, `filter(f)`, `map(f)`; on strings `length`,
 * `includes(s)`, `startsWith(s)`. Anything else is refused with a clear error when parsed.
 */

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly location?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token = { kind: 'num' | 'str' | 'id' | 'op'; value: string; at: number };

const OPERATORS = ['?.', '=>', '==', '!=', '<=', '>=', '&&', '||', '!', '<', '>', '.', '(', ')', '[', ']', ',', '?', ':'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      out.push({ kind: 'num', value: m?.[0] ?? c, at: i });
      i += (m?.[0] ?? c).length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        s += src[j] ?? '';
        j++;
      }
      if (j >= src.length) throw new ExpressionError(`unterminated string at ${i}`, i);
      out.push({ kind: 'str', value: s, at: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i));
      const word = m?.[0] ?? c;
      out.push({ kind: 'id', value: word, at: i });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unsupported character "${c}" at ${i}`, i);
    out.push({ kind: 'op', value: op, at: i });
    i += op.length;
  }
  return out;
}

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; name: string; at: number }
  | { t: 'member'; obj: Node; name: Node; optional: boolean; at: number }
  | { t: 'call'; obj: Node; method: string; args: Node[]; optional: boolean; at: number }
  | { t: 'unary'; op: '!'; arg: Node; at: number }
  | { t: 'binary'; op: string; left: Node; right: Node; at: number }
  | { t: 'cond'; test: Node; then: Node; else: Node; at: number }
  | { t: 'arrow'; param: string; body: Node };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  private isOp(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'op' && t.value === value;
  }
  private expect(value: string): Token {
    const t = this.peek();
    if (t?.kind !== 'op' || t.value !== value) throw new ExpressionError(`expected "${value}" at ${t?.at ?? 'end'}`, t?.at);
    this.i++;
    return t;
  }

  parse(): Node {
    const node = this.expression();
    const rest = this.peek();
    if (rest) throw new ExpressionError(`unexpected "${rest.value}" at ${rest.at}`, rest.at);
    return node;
  }

  private expression(): Node {
    const t = this.peek();
    if (t?.kind === 'id' && this.isOp('=>', 1)) {
      this.i += 2;
      return { t: 'arrow', param: t.value, body: this.expression() };
    }
    return this.conditional();
  }

  private conditional(): Node {
    const test = this.binary(0);
    if (!this.isOp('?')) return test;
    const at = this.expect('?').at;
    const then = this.expression();
    this.expect(':');
    return { t: 'cond', test, then, else: this.expression(), at };
  }

  private static readonly LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=']];

  private binary(level: number): Node {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || !(Parser.LEVELS[level] ?? []).includes(t.value)) return left;
      this.i++;
      left = { t: 'binary', op: t.value, left, right: this.binary(level + 1), at: t.at };
    }
  }

  private unary(): Node {
    if (this.isOp('!')) {
      const at = this.expect('!').at;
      return { t: 'unary', op: '!', arg: this.unary(), at };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op') return node;
      if (t.value === '.' || t.value === '?.') {
        this.i++;
        const name = this.peek();
        if (name?.kind !== 'id') throw new ExpressionError(`expected a property name at ${name?.at ?? 'end'}`, name?.at);
        this.i++;
        const optional = t.value === '?.';
        if (this.isOp('(')) {
          this.expect('(');
          const args: Node[] = [];
          while (!this.isOp(')')) {
            args.push(this.expression());
            if (!this.isOp(')')) this.expect(',');
          }
          this.expect(')');
          node = { t: 'call', obj: node, method: name.value, args, optional, at: name.at };
        } else node = { t: 'member', obj: node, name: { t: 'lit', v: name.value }, optional, at: name.at };
      } else if (t.value === '[') {
        this.i++;
        const name = this.expression();
        this.expect(']');
        node = { t: 'member', obj: node, name, optional: false, at: t.at };
      } else return node;
    }
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) throw new ExpressionError('unexpected end of the expression');
    this.i++;
    if (t.kind === 'num') return { t: 'lit', v: Number(t.value) };
    if (t.kind === 'str') return { t: 'lit', v: t.value };
    if (t.kind === 'id') {
      if (t.value === 'true') return { t: 'lit', v: true };
      if (t.value === 'false') return { t: 'lit', v: false };
      if (t.value === 'null') return { t: 'lit', v: null };
      return { t: 'var', name: t.value, at: t.at };
    }
    if (t.value === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    throw new ExpressionError(`unexpected "${t.value}" at ${t.at}`, t.at);
  }
}

type Fn = (x: unknown) => unknown;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bool(v: unknown, what: string, at: number): boolean {
  if (typeof v !== 'boolean') throw new ExpressionError(`${what} at ${at} needs a Boolean, got ${JSON.stringify(v) ?? 'undefined'}`, at);
  return v;
}

function evaluate(node: Node, scope: Map<string, unknown>): unknown {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'var':
      if (!scope.has(node.name)) throw new ExpressionError(`unknown variable "${node.name}" at ${node.at}`, node.at);
      return scope.get(node.name);
    case 'arrow':
      return ((x: unknown) => evaluate(node.body, new Map(scope).set(node.param, x))) satisfies Fn;
    case 'member': {
      const obj = evaluate(node.obj, scope);
      const name = evaluate(node.name, scope);
      if (obj === null || obj === undefined) {
        if (node.optional) return null;
        throw new ExpressionError(`cannot read "${String(name)}" of null at ${node.at}`, node.at);
      }
      if ((Array.isArray(obj) || typeof obj === 'string') && name === 'length') return obj.length;
      if (Array.isArray(obj) && typeof name === 'number') return obj[name] ?? null;
      if (isMap(obj) && typeof name === 'string') {
        if (!(name in obj)) throw new ExpressionError(`the event has no property "${name}" at ${node.at}`, node.at);
        return obj[name] ?? null;
      }
      throw new ExpressionError(`cannot read "${String(name)}" of ${typeof obj} at ${node.at}`, node.at);
    }
    case 'call': {
      const obj = evaluate(node.obj, scope);
      if ((obj === null || obj === undefined) && node.optional) return null;
      const args = node.args.map((a) => evaluate(a, scope));
      const fn = (i: number): Fn => {
        const f = args[i];
        if (typeof f !== 'function') throw new ExpressionError(`${node.method}() at ${node.at} needs a function`, node.at);
        return f as Fn;
      };
      if (Array.isArray(obj)) {
        switch (node.method) {
          case 'includes':
            return obj.includes(args[0]);
          case 'some':
            return obj.some((x) => bool(fn(0)(x), 'some()', node.at));
          case 'every':
            return obj.every((x) => bool(fn(0)(x), 'every()', node.at));
          case 'filter':
            return obj.filter((x) => bool(fn(0)(x), 'filter()', node.at));
          case 'map':
            return obj.map((x) => fn(0)(x));
        }
      }
      if (typeof obj === 'string' && typeof args[0] === 'string') {
        if (node.method === 'includes') return obj.includes(args[0]);
        if (node.method === 'startsWith') return obj.startsWith(args[0]);
      }
      throw new ExpressionError(
        `${node.method}() is not supported on ${Array.isArray(obj) ? 'a list' : typeof obj} at ${node.at}`,
        node.at,
      );
    }
    case 'unary':
      return !bool(evaluate(node.arg, scope), '!', node.at);
    case 'binary': {
      if (node.op === '&&') return bool(evaluate(node.left, scope), '&&', node.at) && bool(evaluate(node.right, scope), '&&', node.at);
      if (node.op === '||') return bool(evaluate(node.left, scope), '||', node.at) || bool(evaluate(node.right, scope), '||', node.at);
      const l = evaluate(node.left, scope);
      const r = evaluate(node.right, scope);
      if (node.op === '==') return l === r;
      if (node.op === '!=') return l !== r;
      if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) {
        throw new ExpressionError(`"${node.op}" at ${node.at} compares ${typeof l} with ${typeof r}`, node.at);
      }
      const a = l as number | string;
      const b = r as number | string;
      return node.op === '<' ? a < b : node.op === '<=' ? a <= b : node.op === '>' ? a > b : a >= b;
    }
    case 'cond':
      return bool(evaluate(node.test, scope), '? :', node.at) ? evaluate(node.then, scope) : evaluate(node.else, scope);
  }
}

/** Parses once; throws ExpressionError for syntax outside the subset. */
export function compileFilterExpression(source: string): (event: unknown) => boolean {
  if (source.length > 10_000) throw new ExpressionError('an event filter expression has at most 10,000 characters');
  const ast = new Parser(tokenize(source)).parse();
  return (event: unknown) => {
    const result = evaluate(ast, new Map<string, unknown>([['event', event]]));
    if (typeof result !== 'boolean')
      throw new ExpressionError(`the expression evaluated to ${JSON.stringify(result) ?? 'undefined'}, not a Boolean`);
    return result;
  };
}
