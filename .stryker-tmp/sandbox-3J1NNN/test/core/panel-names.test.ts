/** The panel's name resolver (static/panel/src/model.ts): a closed account's pseudonym reads as "Closed account". */
// @ts-nocheck

// model.ts imports the i18n module, which imports @forge/bridge; outside a Custom UI iframe the bridge
// throws on import, and nothing here calls it.
jest.mock('@forge/bridge', () => ({}));
import { nameResolver } from '../../static/panel/src/model';

describe('the panel names a closed account as such', () => {
  it('shows "Closed account" for a pseudonym, the name for a known account, "unknown" otherwise', () => {
    const t = (key: string) => key;
    const nameOf = nameResolver({ u1: { accountId: 'u1', displayName: 'Hanna', active: true } }, t);
    expect(nameOf('closed-account-0123456789abcdef0123')).toBe('privacy.closedAccount');
    expect(nameOf('u1')).toBe('Hanna');
    expect(nameOf('u2')).toBe('ui.common.unknownUser');
  });
});
