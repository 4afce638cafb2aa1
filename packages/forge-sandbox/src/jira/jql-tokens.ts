/** The JQL subset's tokenizer (jql.ts). */

export class JqlError extends Error {}

export type TokenKind = 'word' | 'string' | 'lparen' | 'rparen' | 'comma' | 'op' | 'eof';
export interface Token {
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
