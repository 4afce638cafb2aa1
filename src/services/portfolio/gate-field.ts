/**
 * The app's own read-only custom field that holds each deployment epic's gate summary (manifest
 * `jira:customField` `deployment-gate`). Jira creates it on deployment with an id of its own
 * (`customfield_<n>`); its `schema.custom` is `ari:cloud:ecosystem::extension/<app-id>/<environment-id>/static/<module-key>`
 * (docs: manifest-reference/modules/jira-custom-field, "Field lifecycle"). The app finds it once per site and
 * running instance in `GET /rest/api/3/field`, and refers to it in JQL by the clause name Jira gives
 * (`clauseNames`: `cf[<n>]`), so a field of another app with the same name cannot be mistaken for it.
 */
import { getAppContext } from '@forge/api';
import * as z from 'zod';
import { getFields } from '../../jira/client';
import { ROLE_IDS } from '../../core/template/schema';
import { GATE_FIELD_MODULE_KEY, GATE_FIELD_NAME, type GateSummary } from '../../shared/portfolio';

export interface GateFieldRef {
  /** `customfield_<n>`: where search returns the value (`fields`) and what the app writes. */
  id: string;
  /** How JQL names it: `cf[<n>]` (or the field's name when Jira gives no `cf[…]` clause). */
  clause: string;
}

/** Per installation (each site numbers the field itself; a running instance may serve several sites). */
const cached = new Map<string, GateFieldRef>();

/** The field, looked up as the app (the field's configuration is no one's data). Throws when Jira does not have it. */
export async function gateField(): Promise<GateFieldRef> {
  const ctx = getAppContext();
  const installation = ctx.installationAri.installationId;
  const known = cached.get(installation);
  if (known) return known;
  const type = `ari:cloud:ecosystem::extension/${ctx.appAri.appId}/${ctx.environmentAri.environmentId}/static/${GATE_FIELD_MODULE_KEY}`;
  const field = (await getFields('app')).find((f) => f.schema?.custom === type);
  if (!field) throw new Error(`Jira has no field of type ${type}: is the app deployed with its jira:customField module?`);
  const cf = field.clauseNames?.find((c) => /^cf\[\d+\]$/.test(c));
  const ref = { id: field.id, clause: cf ?? (/^\w+$/.test(field.name) ? field.name : `"${GATE_FIELD_NAME}"`) };
  cached.set(installation, ref);
  return ref;
}

/** `<field>.<alias>` in JQL. */
export function gateClause(field: GateFieldRef, alias?: string): string {
  return alias ? `${field.clause}.${alias}` : field.clause;
}

const gateState = z.enum(['passed', 'blocked']);
/** What Jira returns for the field. Only the app writes it; it is still parsed, never trusted blindly (a former version's value, a schema change). */
const summarySchema = z.object({
  v: z.literal(1),
  readiness: z.number().min(0).max(100),
  entryGate: gateState,
  exitGate: gateState,
  blockers: z.number().int().min(0),
  blockersByRole: z.partialRecord(z.enum(ROLE_IDS), z.number().int().min(0)).catch({}),
  actRoles: z.array(z.enum(ROLE_IDS)).catch([]),
  unfilledRoles: z.array(z.enum(ROLE_IDS)).catch([]),
  pendingWaivers: z.number().int().min(0),
  templateVersion: z.string().max(50).catch(''),
  phaseStart: z.string().max(40).nullable().catch(null),
  lastChange: z.string().max(40).catch(''),
});

export function parseGateSummary(value: unknown): GateSummary | null {
  const r = summarySchema.safeParse(value);
  return r.success ? (r.data as GateSummary) : null;
}
