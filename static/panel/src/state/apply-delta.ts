/**
 * The panel's state after an action (issue 22): the action answers with the delta of the view
 * (src/shared/panel-delta.ts), which the panel applies instead of reading the whole view again.
 * The panel sends the fingerprints of the view it holds with each such action (`since`), so the
 * answer carries only what differs; a delta for another template version means: read the view again.
 */
import type { PanelDelta, PanelView, ResolverName } from '../../../../src/shared/api';
import type { Locale } from '../../../../src/shared/domain';
import { applyDelta, printsOf } from '../../../../src/shared/panel-delta';

/** The actions that answer with a delta (src/resolvers/panel-actions.ts). */
export const DELTA_ACTIONS: ReadonlySet<ResolverName> = new Set<ResolverName>([
  'attest',
  'changeEvidence',
  'revokeAttestation',
  'requestWaiver',
  'decideWaiver',
  'waiveEntryGate',
  'revokeEntryGateWaiver',
  'completeItem',
]);

/** The payload of a delta action with the fingerprints of the view the panel holds. */
export function withSince(
  name: ResolverName,
  payload: Record<string, unknown>,
  view: PanelView | null,
  lang: Locale,
): Record<string, unknown> {
  return DELTA_ACTIONS.has(name) && view ? { ...payload, since: printsOf(view, lang) } : payload;
}

/** The delta an action's answer carries, if any. */
export function deltaIn(data: unknown): PanelDelta | null {
  const delta = typeof data === 'object' && data !== null ? (data as { delta?: unknown }).delta : undefined;
  return typeof delta === 'object' && delta !== null && 'units' in delta && 'template' in delta ? (delta as PanelDelta) : null;
}

/** The view after an action's answer; null when the panel must read the view again (no delta, another template version). */
export function viewAfter(view: PanelView | null, data: unknown, lang: Locale): PanelView | null {
  const delta = deltaIn(data);
  if (!view || !delta) return null;
  return applyDelta(view, delta, lang);
}
