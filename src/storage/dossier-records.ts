/** The digests of the closure dossiers the app gave out. */
import { dossierRecordSchema, type DossierRecord } from './records';
import { getParsed, key, setIfAbsent } from './kvs-util';

// epic:<epicId>:dossier:<sha-256 hex>  DossierRecord: the digest of a dossier the app built and gave
// out, so that an archived copy can be checked for authenticity (a digest anyone can recompute after
// editing proves integrity only). Written once, never rewritten (no user can write the app's storage).
export async function recordDossier(epicId: string, record: DossierRecord): Promise<boolean> {
  return setIfAbsent(key('epic', epicId, 'dossier', record.digest), record);
}

export async function getDossierRecord(epicId: string, digest: string): Promise<DossierRecord | undefined> {
  if (!/^[0-9a-f]{64}$/.test(digest)) return undefined;
  return getParsed(key('epic', epicId, 'dossier', digest), dossierRecordSchema);
}
