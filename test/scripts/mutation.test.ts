/** The pure parts of `npm run -s mutation` (scripts/mutation.ts, scripts/mutation-named.ts): the score, the last
 * line, and applying a named mutation; and that every named mutation still names a line of the core. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scoreLine, scoreOf, TARGET } from '../../scripts/mutation';
import { applyNamedMutation, NAMED_MUTATIONS } from '../../scripts/mutation-named';

const ROOT = path.join(__dirname, '../..');
const of = (...statuses: string[]) => statuses.map((status) => ({ status }));

describe('the mutation score', () => {
  it('counts killed and timed-out mutants over every valid one; errors and ignored mutants do not count', () => {
    expect(scoreOf(of('Killed', 'Timeout', 'Survived', 'NoCoverage'))).toEqual({ killed: 2, total: 4, score: 50 });
    expect(scoreOf(of('Killed', 'CompileError', 'RuntimeError', 'Ignored'))).toEqual({ killed: 1, total: 1, score: 100 });
    expect(scoreOf(of('Survived', 'Survived', 'Killed'))).toEqual({ killed: 1, total: 3, score: 100 / 3 });
    expect(scoreOf([])).toEqual({ killed: 0, total: 0, score: 100 });
  });

  it('the last line gives each file’s score and fails when a gated file is under the target or missing', () => {
    const files = {
      'src/core/gate.ts': {
        mutants: of('Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Survived'),
      },
      'src/core/permissions.ts': { mutants: of('Killed') },
      'src/core/readiness.ts': { mutants: of('Killed', 'Timeout') },
      'src/core/rules.ts': { mutants: of('Survived') },
    };
    const ok = scoreLine(files);
    expect(ok.line).toBe(
      `mutation score (target ${TARGET} % for gate.ts, permissions.ts, readiness.ts): gate.ts 90.0 % (9/10); permissions.ts 100.0 % (1/1); ` +
        'readiness.ts 100.0 % (2/2); rules.ts 0.0 % (0/1) [not gated]',
    );
    expect(ok.failed).toBe(false);
    expect(scoreLine({ ...files, 'src/core/permissions.ts': { mutants: of('Killed', 'Survived') } }).failed).toBe(true);
    const { 'src/core/readiness.ts': _r, ...withoutReadiness } = files;
    expect(scoreLine(withoutReadiness).failed).toBe(true);
  });
});

describe('a named mutation', () => {
  const source = 'line one\n  if (a) return b;\nline three\n';

  it('replaces exactly the one line it names, keeping the rest and the line endings', () => {
    const m = { file: 'x.ts', line: '  if (a) return b;', replacement: '  if (false) return b;' };
    expect(applyNamedMutation(source, m)).toBe('line one\n  if (false) return b;\nline three\n');
    expect(applyNamedMutation(source.replace(/\n/g, '\r\n'), m)).toBe('line one\r\n  if (false) return b;\r\nline three\r\n');
  });

  it('refuses a line that is not in the file, is there twice, or is only part of a line, and a replacement that changes nothing', () => {
    expect(() => applyNamedMutation(source, { file: 'x.ts', line: 'line two', replacement: 'x' })).toThrow(/occurs 0 times/);
    expect(() =>
      applyNamedMutation(`${source}  if (a) return b;\n`, { file: 'x.ts', line: '  if (a) return b;', replacement: 'x' }),
    ).toThrow(/occurs 2 times/);
    expect(() => applyNamedMutation(source, { file: 'x.ts', line: 'if (a) return b;', replacement: 'x' })).toThrow(/occurs 0 times/);
    expect(() => applyNamedMutation(source, { file: 'x.ts', line: 'line one', replacement: 'line one' })).toThrow(
      /replacement is the line/,
    );
  });

  it('there are ten, with distinct names, and each names a line of the core that is there exactly once', () => {
    expect(NAMED_MUTATIONS).toHaveLength(10);
    expect(new Set(NAMED_MUTATIONS.map((m) => m.name)).size).toBe(10);
    for (const m of NAMED_MUTATIONS) {
      expect(m.file).toMatch(/^src\/core\/(gate|permissions|readiness|rules)\.ts$/);
      const source = readFileSync(path.join(ROOT, m.file), 'utf8');
      const mutated = applyNamedMutation(source, m);
      expect(mutated).not.toBe(source);
      expect(mutated.split('\n')).toHaveLength(source.split('\n').length);
    }
  });
});
