/** The UI and the server fill a catalogue text's `{name}` placeholders alike (static/common/i18n.ts, src/core/messages.ts). */
// @ts-nocheck

jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

import { fill } from '../../src/core/messages';
import { interpolate } from '../../static/common/i18n';

describe('placeholders', () => {
  const text = '{count} open, {who} to act ({missing})';
  it('fills the given values and leaves a placeholder without a value as it is, on both sides', () => {
    const vars = { count: 3, who: 'Hanna', missing: undefined } as unknown as Record<string, string | number>;
    expect(interpolate(text, vars)).toBe('3 open, Hanna to act ({missing})');
    expect(fill(text, vars, 'en')).toBe(interpolate(text, vars));
  });
  it('without values the text is unchanged', () => {
    expect(interpolate(text)).toBe(text);
    expect(fill(text, undefined, 'fi')).toBe(text);
  });
});
