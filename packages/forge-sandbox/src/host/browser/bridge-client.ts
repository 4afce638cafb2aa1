/**
 * The @forge/bridge host inside each Custom UI iframe: defines `window.__bridge.callBridge(name, payload)`
 * (what @forge/bridge calls) before the app's bundle runs. Needs `window.__FORGE_FRAME__`.
 * Bundled to a classic script by sandbox/host/static.ts.
 */
import { isRecord, THEME_ATTR, type BridgeMessage, type BridgeMessageType, type ForgeFrameConfig, type HostMessage } from './protocol';

type Listener = (payload: unknown) => void;
type Handler = (payload: unknown) => unknown;

function start(frame: ForgeFrameConfig): void {
  const context = frame.context;
  const listeners: Record<string, Listener[]> = {};
  const parentWin = window.parent && window.parent !== window ? window.parent : null;

  function post(type: BridgeMessageType, data: unknown): void {
    const message: BridgeMessage = { source: 'forge-bridge', frameId: frame.frameId, type, data: isRecord(data) ? data : {} };
    if (parentWin) parentWin.postMessage(message, window.location.origin);
  }

  async function hostFetch(path: string, body: Record<string, unknown>): Promise<unknown> {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frame: frame.query, ...body }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const message = isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : `Host error ${response.status}`;
      throw new Error(message);
    }
    return parsed;
  }

  function applyTheme(): void {
    const root = document.documentElement;
    root.setAttribute('data-color-mode', context.theme?.colorMode === 'dark' ? 'dark' : 'light');
    root.setAttribute('data-theme', THEME_ATTR);
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (event.origin !== window.location.origin || !isRecord(data) || data.source !== 'forge-host') return;
    const msg = data as unknown as HostMessage;
    if (msg.type === 'event') {
      for (const cb of (listeners[msg.event] ?? []).slice()) {
        try {
          cb(msg.payload);
        } catch (e) {
          console.error(e);
        }
      }
    } else if (msg.type === 'navigateResult') {
      const pending = navigations.get(msg.requestId);
      navigations.delete(msg.requestId);
      if (pending) pending(msg.ok);
    }
  });

  /**
   * router.navigate / router.open (`callBridge('navigate', { url | target…, type: 'same-tab' | 'new-tab' })`):
   * the parent page navigates; for an external link it first asks the user, and the promise is rejected
   * when the user declines (docs: apis-reference/ui-api-bridge/router).
   */
  const navigations = new Map<string, (ok: boolean) => void>();
  let navigationSeq = 0;
  function navigate(payload: unknown): Promise<void> {
    const requestId = `${frame.frameId}:${++navigationSeq}`;
    return new Promise<void>((resolve, reject) => {
      navigations.set(requestId, (ok) => (ok ? resolve() : reject(new Error('The user declined to open the link.'))));
      post('navigate', { ...(isRecord(payload) ? payload : {}), requestId });
    });
  }

  // Forge resizes issue panels to their content.
  if (typeof ResizeObserver === 'function') {
    let lastHeight = 0;
    const observer = new ResizeObserver(() => {
      // the content's height (scrollHeight never shrinks below the iframe's own height)
      const body = document.body;
      const height = Math.ceil(
        body.getBoundingClientRect().bottom + parseFloat(getComputedStyle(body).marginBottom || '0') + window.scrollY,
      );
      if (Math.abs(height - lastHeight) > 2) {
        lastHeight = height;
        post('resize', { height });
      }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body));
  }

  function subscribe(event: string, callback: Listener): { unsubscribe(): void } {
    (listeners[event] ??= []).push(callback);
    return {
      unsubscribe() {
        listeners[event] = (listeners[event] ?? []).filter((cb) => cb !== callback);
      },
    };
  }

  const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

  const handlers: Record<string, Handler> = {
    getContext: () => JSON.parse(JSON.stringify(context)) as unknown,
    invoke: async (payload) => {
      const p = rec(payload);
      const answer = await hostFetch('/__sandbox/invoke', { functionKey: p.functionKey, payload: p.payload ?? {} });
      return rec(answer).body;
    },
    enableTheming: () => applyTheme(),
    fetchProduct: async (payload) => {
      const p = rec(payload);
      return hostFetch('/__sandbox/product', { product: p.product, restPath: p.restPath, init: p.fetchRequestInit ?? {} });
    },
    showFlag: (payload) => (post('flag', payload), true),
    closeFlag: (payload) => (post('closeFlag', payload), true),
    navigate: (payload) => navigate(payload),
    reload: () => (post('reload', {}), true),
    getUrl: (location) => window.location.origin + (isRecord(location) && typeof location.url === 'string' ? location.url : '/'),
    emit: (payload) => (post('emit', payload), true),
    emitPublic: (payload) => (post('emit', payload), true),
    on: (payload) => subscribe(String(rec(payload).event), rec(payload).callback as Listener),
    onPublic: (payload) => subscribe(String(rec(payload).event), rec(payload).callback as Listener),
    resize: (payload) => (post('resize', payload ?? {}), true),
    changeWindowTitle: (title) => (post('title', { title }), true),
    emitReadyEvent: () => true,
    refresh: () => (window.location.reload(), true),
    submit: async (payload) => {
      const answer = rec(await hostFetch('/__sandbox/submit', { payload }));
      if (answer.submitted !== true) return false;
      post('submitted', {});
      return true;
    },
  };

  window.__bridge = {
    callBridge(name: string, payload?: unknown): Promise<unknown> {
      const handler = handlers[name];
      if (!handler) return Promise.reject(new Error(`The sandbox bridge host does not support "${name}"`));
      try {
        return Promise.resolve(handler(payload));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
  post('ready', {});
}

const frameConfig = window.__FORGE_FRAME__;
if (frameConfig) start(frameConfig);
else console.error('sandbox bridge: window.__FORGE_FRAME__ is missing');
