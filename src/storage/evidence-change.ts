/**
 * A change of a condition's evidence link (services/conditions/evidence.ts), recorded before its first write:
 *   epic:<epicId>:evidence-change:<conditionId>   EvidenceChangeIntent (FAIL_IF_EXISTS), deleted after its audit entry
 * It names people only as account ids (`by`, `onBehalfOf`, the confirmations' givers) and lives until the change
 * is finished (the same request, or the next change of that condition's link).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { AttestationRecord } from '../core/model';
import { parseRecord } from './records';
import { setIfAbsent } from './kvs-util';

const staledSchema = z.looseObject({
  conditionId: z.string().min(1),
  attestedBy: z.string().min(1),
  attestedAt: z.string().min(1),
  slot: z.number().int().min(2).optional(),
  stale: z.looseObject({ at: z.string().min(1), reason: z.literal('evidence-changed') }),
});

export const evidenceChangeSchema = z.looseObject({
  epicId: z.string().min(1),
  epicKey: z.string().min(1),
  conditionId: z.string().min(1),
  evidenceUrl: z.string().min(1),
  /** Who changed the link, and the absent person when a stand-in did. */
  by: z.string().min(1),
  onBehalfOf: z.string().min(1).optional(),
  at: z.string().min(1),
  /** The id of the `evidence.changed` audit entry, and of each confirmation's `attestation.stale` entry (same order as `staled`). */
  auditId: z.string().min(1),
  staleAuditIds: z.array(z.string().min(1)),
  /** The confirmations as they turn stale (core/rules.ts confirmationsStaledByEvidence). */
  staled: z.array(staledSchema),
});

export interface EvidenceChangeIntent {
  epicId: string;
  epicKey: string;
  conditionId: string;
  evidenceUrl: string;
  by: string;
  onBehalfOf?: string;
  at: string;
  auditId: string;
  staleAuditIds: string[];
  staled: AttestationRecord[];
}

const intentKey = (epicId: string, conditionId: string) => `epic:${epicId}:evidence-change:${conditionId}`;

/** Records the intent; false when one is recorded for the condition already (it is finished first). */
export async function putEvidenceChange(intent: EvidenceChangeIntent): Promise<boolean> {
  return setIfAbsent(intentKey(intent.epicId, intent.conditionId), intent);
}

export async function getEvidenceChange(epicId: string, conditionId: string): Promise<EvidenceChangeIntent | undefined> {
  const k = intentKey(epicId, conditionId);
  const value = await kvs.get<unknown>(k);
  return value === undefined ? undefined : (parseRecord(k, evidenceChangeSchema, value) as unknown as EvidenceChangeIntent);
}

export async function deleteEvidenceChange(epicId: string, conditionId: string): Promise<void> {
  await kvs.delete(intentKey(epicId, conditionId));
}
