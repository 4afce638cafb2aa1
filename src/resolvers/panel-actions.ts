/**
 * The panel's actions that change the phase (confirm, change evidence, revoke, complete, waive, decide): one
 * resolver call each, answering with the action's own result and the delta the panel applies
 * (src/shared/panel-delta.ts): the parts of the view after the action that differ from what the
 * panel holds (`since`: its fingerprints), never the template.
 */
import type Resolver from '@forge/resolver';
import * as z from 'zod';
import type { PanelDelta, ResolverName, ResultOf, PayloadOf, ViewPrints } from '../shared/api';
import { deltaOf, PRINT_LIMITS } from '../shared/panel-delta';
import type { Caller, EpicRef } from '../services/phase/context';
import { attest } from '../services/conditions/attest';
import { changeEvidence } from '../services/conditions/evidence';
import { decideWaiver } from '../services/waivers/decide-waiver';
import { getPanel } from '../services/phase/get-panel';
import { requestWaiver } from '../services/waivers/request-waiver';
import { revokeAttestation } from '../services/conditions/revoke-attestation';
import * as entryGate from '../services/waivers/entry-gate-waiver';
import { completeItem } from '../services/items/complete-item';
import { define, epicOf } from './envelope';
import { schemas } from './schemas';

/** The fingerprints a panel sends: bounded in number and length. */
const since = z
  .record(z.string().min(1).max(PRINT_LIMITS.pathChars), z.string().min(1).max(PRINT_LIMITS.printChars))
  .refine((r) => Object.keys(r).length <= PRINT_LIMITS.units, { message: `at most ${PRINT_LIMITS.units} units` });

type ActionName =
  | 'attest'
  | 'changeEvidence'
  | 'revokeAttestation'
  | 'requestWaiver'
  | 'decideWaiver'
  | 'waiveEntryGate'
  | 'revokeEntryGateWaiver'
  | 'completeItem';
type Without<K extends ResolverName> = Omit<PayloadOf<K>, 'since'>;
type Own<K extends ResolverName> = Omit<ResultOf<K>, 'delta'>;

function defineAction<K extends ActionName>(
  resolver: Resolver,
  name: K,
  schema: z.ZodObject,
  act: (caller: Caller, epic: EpicRef, payload: Without<K>) => Promise<Own<K>>,
): void {
  const withSince = schema.extend({ since: since.optional() }) as unknown as Parameters<typeof define<K>>[2];
  define(resolver, name, withSince, async ({ caller, context, payload }) => {
    const epic = epicOf(context);
    const { since: prints, ...own } = payload as PayloadOf<K> & { since?: ViewPrints };
    const result = await act(caller, epic, own as unknown as Without<K>);
    const delta: PanelDelta = deltaOf(await getPanel(caller, epic), prints, caller.locale);
    return { ...result, delta } as ResultOf<K>;
  });
}

export function definePanelActions(resolver: Resolver): void {
  defineAction(resolver, 'attest', schemas.attest, (c, e, p) => attest(c, e, p));
  defineAction(resolver, 'changeEvidence', schemas.changeEvidence, (c, e, p) => changeEvidence(c, e, p));
  defineAction(resolver, 'revokeAttestation', schemas.revokeAttestation, (c, e, p) => revokeAttestation(c, e, p));
  defineAction(resolver, 'requestWaiver', schemas.requestWaiver, (c, e, p) => requestWaiver(c, e, p));
  defineAction(resolver, 'decideWaiver', schemas.decideWaiver, (c, e, p) => decideWaiver(c, e, p));
  defineAction(resolver, 'waiveEntryGate', schemas.waiveEntryGate, (c, e, p) => entryGate.waiveEntryGate(c, e, p));
  defineAction(resolver, 'revokeEntryGateWaiver', schemas.entryGateWaiver, (c, e, p) => entryGate.revokeEntryGateWaiver(c, e, p));
  defineAction(resolver, 'completeItem', schemas.completeItem, (c, e, p) => completeItem(c, e, p));
}
