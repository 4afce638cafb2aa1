/** Confirmations of a gate's conditions (create-once: confirmed twice = recorded once). */
import { kvs } from '@forge/kvs';
import type { AttestationRecord } from '../shared/api';
import { attestationSchema } from './records';
import { getParsed, key, setIfAbsent } from './kvs-util';

/** Records an attestation once. Returns the record that holds. */
export async function addAttestation(epicId: string, record: AttestationRecord): Promise<{ created: boolean; record: AttestationRecord }> {
  const k = key('epic', epicId, 'att', record.conditionId);
  if (await setIfAbsent(k, record)) return { created: true, record };
  const existing = await getParsed(k, attestationSchema);
  return { created: false, record: existing ?? record };
}

export async function getAttestation(epicId: string, conditionId: string): Promise<AttestationRecord | undefined> {
  return getParsed(key('epic', epicId, 'att', conditionId), attestationSchema);
}

export async function deleteAttestation(epicId: string, conditionId: string): Promise<void> {
  await kvs.delete(key('epic', epicId, 'att', conditionId));
}
