/** The shared text and link rules (src/core/text.ts), used by the resolvers' schemas and the UI. */
// @ts-nocheck

import fc from 'fast-check';
import {
  ACCOUNT_ID_PATTERN,
  checkText,
  checkUrl,
  characterCount,
  textProblemMessage,
  forbiddenCharacter,
  isHttpUrl,
  normalizeText,
  type TextProblem,
} from '../../src/core/text';
import { l10nIn } from '../../src/core/messages';
import { LOCALES } from '../../src/core/domain';

describe('text rules', () => {
  it('normalises to NFC and trims before counting', () => {
    expect(normalizeText('  Cafe\u0301 ')).toBe('Café');
    expect(checkText('e\u0301e\u0301e\u0301e\u0301', { min: 5, max: 10 })).toEqual({ ok: false, problem: { kind: 'too-short', min: 5 } });
    expect(checkText(' e\u0301e\u0301e\u0301e\u0301e\u0301 ', { min: 5, max: 10 })).toEqual({ ok: true, value: 'ééééé' });
    expect(characterCount('😀a')).toBe(2);
    expect(checkText('   ', { min: 1, max: 10 })).toEqual({ ok: false, problem: { kind: 'required' } });
    expect(checkText('abcdef', { max: 5 })).toEqual({ ok: false, problem: { kind: 'too-long', max: 5 } });
  });

  it.each([
    ['\u0000', 0x0],
    ['\u0007', 0x7],
    ['\u001B', 0x1b],
    ['\u007F', 0x7f],
    ['\u0085', 0x85],
    ['\u009F', 0x9f],
    ['\u2028', 0x2028],
  ])('refuses the control character %j', (ch, codePoint) => {
    expect(forbiddenCharacter(`a${ch}b`)).toEqual({ kind: 'control', codePoint });
    expect(forbiddenCharacter(`a${ch}b`, true)).toEqual({ kind: 'control', codePoint });
  });

  it('keeps line breaks and tabs in multi-line text only', () => {
    expect(forbiddenCharacter('a\nb\tc', true)).toBeNull();
    expect(forbiddenCharacter('a\nb')).toEqual({ kind: 'control', codePoint: 0x0a });
    expect(checkText('rivi 1\r\nrivi 2', { max: 100, multiline: true })).toEqual({ ok: true, value: 'rivi 1\nrivi 2' });
  });

  it.each([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])(
    'refuses the bidi character U+%s',
    (cp) => {
      expect(forbiddenCharacter(`abc${String.fromCodePoint(cp)}def`, true)).toEqual({ kind: 'bidi', codePoint: cp });
    },
  );

  it.each([0x200b, 0x2060, 0xfeff])('refuses the invisible character U+%s (two texts that look alike would differ)', (cp) => {
    expect(forbiddenCharacter(`abc${String.fromCodePoint(cp)}def`, true)).toEqual({ kind: 'invisible', codePoint: cp });
    expect(checkText(`Ei ${String.fromCodePoint(cp)}tarvita`, { max: 100, min: 5, multiline: true })).toEqual({
      ok: false,
      problem: { kind: 'invisible', codePoint: cp },
    });
  });

  it('keeps the joiners some scripts and emoji need (U+200C, U+200D)', () => {
    expect(forbiddenCharacter('👩\u200D💻 ja می\u200Cخواهم')).toBeNull();
  });

  it('refuses unpaired surrogates and accepts paired ones', () => {
    expect(forbiddenCharacter('a\uD800b')).toEqual({ kind: 'surrogate' });
    expect(forbiddenCharacter('a\uDC00')).toEqual({ kind: 'surrogate' });
    expect(forbiddenCharacter('a😀b')).toBeNull();
  });

  it('property: whatever passes is NFC, trimmed, within bounds, and free of control and bidi characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (s, multiline) => {
        const r = checkText(s, { min: 1, max: 30, multiline });
        if (!r.ok) return;
        expect(r.value).toBe(r.value.normalize('NFC'));
        expect(r.value).toBe(r.value.trim());
        expect(characterCount(r.value)).toBeGreaterThanOrEqual(1);
        expect(characterCount(r.value)).toBeLessThanOrEqual(30);
        expect(forbiddenCharacter(r.value, multiline)).toBeNull();
        // eslint-disable-next-line no-control-regex -- the test looks for control characters
        expect(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F]/u.test(r.value)).toBe(false);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('link rule', () => {
  it.each(['https://example.invalid/evidence', 'http://intra.hel.fi/a?b=c#d', '  https://example.invalid/näyttö  '])(
    'accepts %j',
    (url) => {
      expect(checkUrl(url).ok).toBe(true);
      expect(isHttpUrl(url)).toBe(true);
    },
  );

  it.each([
    ['http://x/\u0000javascript:alert(1)', 'control'],
    ['javascript:alert(1)', 'url-scheme'],
    ['JaVaScRiPt:alert(1)', 'url-scheme'],
    ['data:text/html,x', 'url-scheme'],
    ['file:///etc/passwd', 'url-scheme'],
    ['ftp://example.invalid/', 'url-scheme'],
    ['https://example.invalid/\u202Eexe', 'bidi'],
    ['https://exa mple.invalid/', 'url'],
    ['example.invalid', 'url'],
    ['', 'required'],
    [`https://example.invalid/${'a'.repeat(2000)}`, 'too-long'],
  ])('refuses %j (%s)', (url, kind) => {
    const r = checkUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.kind).toBe(kind);
  });
});

describe('messages', () => {
  const problems: TextProblem[] = [
    { kind: 'control', codePoint: 0 },
    { kind: 'bidi', codePoint: 0x202e },
    { kind: 'invisible', codePoint: 0x200b },
    { kind: 'surrogate' },
    { kind: 'required' },
    { kind: 'too-short', min: 5 },
    { kind: 'too-long', max: 10 },
    { kind: 'url' },
    { kind: 'url-scheme' },
  ];
  it.each(problems)('every problem is explained in fi, sv and en (%j)', (p) => {
    const m = textProblemMessage(p);
    const texts = LOCALES.map((l) => l10nIn(l, m.key, m.vars));
    for (const text of texts) expect(text).not.toContain('{');
    for (const text of texts) expect(text.length).toBeGreaterThan(3);
    expect(new Set(texts).size).toBe(3);
  });

  it('account ids', () => {
    for (const id of ['sandbox-admin', '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', '5b10ac8d82e05b22cc7d4ef5'])
      expect(ACCOUNT_ID_PATTERN.test(id)).toBe(true);
    for (const id of ['', ' ', 'a b', 'a/b', '../x', 'x'.repeat(129)]) expect(ACCOUNT_ID_PATTERN.test(id)).toBe(false);
  });
});
