/** The host's browser scripts are TypeScript files bundled at start; the bundles run as classic scripts. */
import { runInNewContext } from 'node:vm';
import { bundleBrowserScript } from '../../src/host/static';

interface FakeWindow {
  __FORGE_FRAME__?: unknown;
  __bridge?: { callBridge(name: string, payload?: unknown): Promise<unknown> };
  posted: unknown[];
  [key: string]: unknown;
}

function fakeBrowser(): { window: FakeWindow; globals: Record<string, unknown> } {
  const posted: unknown[] = [];
  const parent = { postMessage: (m: unknown) => posted.push(m) };
  const listeners: ((e: { origin: string; data: unknown }) => void)[] = [];
  const window: FakeWindow = {
    posted,
    parent,
    location: { origin: 'http://sandbox.test', reload: () => undefined },
    addEventListener: (type: string, fn: (e: { origin: string; data: unknown }) => void) => {
      if (type === 'message') listeners.push(fn);
    },
    deliver: (data: unknown) => listeners.forEach((fn) => fn({ origin: 'http://sandbox.test', data })),
  };
  const document = { addEventListener: () => undefined, documentElement: { setAttribute: () => undefined }, body: {} };
  return { window, globals: { window, document, console, JSON, Promise, URL, URLSearchParams } };
}

describe('sandbox host browser scripts', () => {
  it('bundle to classic scripts (no module syntax left)', () => {
    for (const name of ['bridge-client', 'host-page'] as const) {
      const js = bundleBrowserScript(name);
      expect(js.length).toBeGreaterThan(500);
      expect(js).not.toMatch(/^\s*(import|export)\s/m);
    }
  });

  it('the bridge client answers getContext and posts router navigation to the parent page', async () => {
    const { window, globals } = fakeBrowser();
    const context = { accountId: 'a-1', theme: { colorMode: 'dark' }, extension: { type: 'jira:issuePanel' } };
    window.__FORGE_FRAME__ = { context, query: '?module=m', frameId: 'panel-DEMO-1' };
    runInNewContext(bundleBrowserScript('bridge-client'), globals);
    expect(window.posted).toEqual([{ source: 'forge-bridge', frameId: 'panel-DEMO-1', type: 'ready', data: {} }]);
    const bridge = window.__bridge;
    if (!bridge) throw new Error('window.__bridge was not defined');
    await expect(bridge.callBridge('getContext')).resolves.toEqual(context);
    // @forge/bridge router.open(url) calls callBridge('navigate', { url, type: 'new-tab' }); the parent page
    // answers once the user has accepted (resolves) or declined (rejects) leaving for an external link
    const deliver = window.deliver as (data: unknown) => void;
    const accepted = bridge.callBridge('navigate', { url: 'https://example.org/x', type: 'new-tab' });
    expect(window.posted[1]).toEqual({
      source: 'forge-bridge',
      frameId: 'panel-DEMO-1',
      type: 'navigate',
      data: { url: 'https://example.org/x', type: 'new-tab', requestId: 'panel-DEMO-1:1' },
    });
    deliver({ source: 'forge-host', type: 'navigateResult', requestId: 'panel-DEMO-1:1', ok: true });
    await expect(accepted).resolves.toBeUndefined();
    const declined = bridge.callBridge('navigate', { url: 'https://example.org/y', type: 'new-tab' });
    deliver({ source: 'forge-host', type: 'navigateResult', requestId: 'panel-DEMO-1:2', ok: false });
    await expect(declined).rejects.toThrow('declined');
    await expect(bridge.callBridge('noSuchCall')).rejects.toThrow('does not support "noSuchCall"');
  });
});
