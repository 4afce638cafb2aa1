/**
 * static/common/api.ts: every resolver call carries the UI's locale, read once from
 * view.getContext() and normalised once (sv_SE → sv-SE, en-GB → en-US, unknown → fi-FI).
 */
// @ts-nocheck

const invoke = jest.fn();
const getContext = jest.fn();
jest.mock('@forge/bridge', () => ({ invoke: (...args: unknown[]) => invoke(...args), view: { getContext: () => getContext() } }));

async function freshApi() {
  let api!: typeof import('../../static/common/api');
  jest.isolateModules(() => {
    api = jest.requireActual('../../static/common/api');
  });
  return api;
}

describe('the invoke wrapper sends the locale', () => {
  beforeEach(() => {
    invoke.mockReset();
    getContext.mockReset();
    invoke.mockResolvedValue({ ok: true, data: [] });
  });

  it.each([
    ['sv_SE', 'sv-SE'],
    ['sv-FI', 'sv-SE'],
    ['en-GB', 'en-US'],
    ['en_US', 'en-US'],
    ['fi-FI', 'fi-FI'],
    ['de-DE', 'fi-FI'],
    [undefined, 'fi-FI'],
  ])('context locale %j → %j in every payload', async (contextLocale, sent) => {
    getContext.mockResolvedValue({ locale: contextLocale });
    const api = await freshApi();
    await api.call('getUsers', { accountIds: ['a'] });
    await api.call('getPanel', {});
    expect(invoke.mock.calls).toEqual([
      ['getUsers', { accountIds: ['a'], locale: sent }],
      ['getPanel', { locale: sent }],
    ]);
    expect(getContext).toHaveBeenCalledTimes(1);
  });

  it('falls back to Finnish when the context cannot be read', async () => {
    getContext.mockRejectedValue(new Error('no host'));
    const api = await freshApi();
    await api.call('getPanel', {});
    expect(invoke).toHaveBeenCalledWith('getPanel', { locale: 'fi-FI' });
  });
});
