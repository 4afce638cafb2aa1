/**
 * core/server-texts.ts holds copies of catalogue texts (the validator's bundle holds them instead
 * of the whole catalogue): each one must be the catalogue's text for its key, in each language.
 */
import { SERVER_TEXTS, l10n } from '../../src/core/server-texts';
import { l10n as catalogueL10n } from '../../src/core/messages';
import { catalogueLeaves } from '../catalogue';

function leaves(tree: object, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leaves(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

describe('the validator path’s texts are the catalogue’s', () => {
  it.each([
    ['fi', 'fi-FI'],
    ['sv', 'sv-SE'],
    ['en', 'en-US'],
  ] as const)('%s: every text equals the catalogue’s text for its key', (lang, file) => {
    const catalogue = catalogueLeaves(file);
    const ours = leaves(SERVER_TEXTS[lang]);
    expect(ours.length).toBeGreaterThan(40);
    expect(ours.filter(([key, text]) => catalogue.get(key) !== text)).toEqual([]);
  });

  it('renders as the catalogue does, placeholders filled', () => {
    expect(l10n('server.validator.more', { count: 3 })).toEqual(catalogueL10n('server.validator.more', { count: 3 }));
    expect(l10n('server.gate.approvalVoid', { given: 'a', current: 'b' })).toEqual(
      catalogueL10n('server.gate.approvalVoid', { given: 'a', current: 'b' }),
    );
  });
});
