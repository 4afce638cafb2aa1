/**
 * Messages between a Custom UI iframe (bridge-client.ts) and the Jira-like parent page (host-page.ts),
 * and the globals the server injects into each page. Shared by both browser scripts.
 */

/** What the server injects into each Custom UI iframe before the bridge script. */
export interface ForgeFrameConfig {
  context: ForgeContext;
  /** The frame's query string (identifies module, user, locale, theme, extension to the server). */
  query: string;
  frameId: string;
}

export interface ForgeContext {
  theme?: { colorMode?: string };
  [key: string]: unknown;
}

/** What the server injects into each host page. */
export interface HostPageConfig {
  as?: string;
  closeLabel?: string;
  pollMs?: number;
  watchIssue?: { key: string; id: string; projectId: string };
  /** The app's `permissions.external.fetch.client` addresses: links to them open without the prompt. */
  trustedLinks?: string[];
  leave?: { title: string; text: string; go: string; cancel: string };
}

export type BridgeMessageType = 'ready' | 'flag' | 'closeFlag' | 'navigate' | 'reload' | 'emit' | 'resize' | 'title' | 'submitted';

/** iframe → parent */
export interface BridgeMessage {
  source: 'forge-bridge';
  frameId: string;
  type: BridgeMessageType;
  data: Record<string, unknown>;
}

/** parent → iframe */
export type HostMessage =
  | { source: 'forge-host'; type: 'event'; event: string; payload: unknown }
  /** the answer to a `navigate` request: false when the user declined to leave */
  | { source: 'forge-host'; type: 'navigateResult'; requestId: string; ok: boolean };

export const THEME_ATTR = 'light:light dark:dark spacing:spacing typography:typography shape:shape';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

declare global {
  interface Window {
    __FORGE_FRAME__?: ForgeFrameConfig;
    __HOST__?: HostPageConfig;
    __bridge?: { callBridge(name: string, payload?: unknown): Promise<unknown> };
    __hostBroadcast?: (event: string, payload: unknown) => void;
  }
}
