/** The claim on spawning an epic's children (create-once, expires, taken over by exactly one claimant). */
import { kvs } from '@forge/kvs';
import { spawnClaimSchema } from './records';
import { getParsed, key, setIfAbsent } from './kvs-util';

export interface SpawnClaim {
  owner: string;
  expiresAt: number;
}

/** Claims the right to spawn an epic's children until `now + ttlMs`. An expired claim is taken over
 * by exactly one claimant: the takeover of that particular stale claim is itself a create-once key.
 * When the claim is held by someone else, `holder` says by whom and until when. */
export async function claimSpawn(
  epicId: string,
  owner: string,
  ttlMs: number,
  now = Date.now(),
): Promise<{ claimed: boolean; holder?: SpawnClaim }> {
  const k = key('lock', epicId);
  const claim: SpawnClaim = { owner, expiresAt: now + ttlMs };
  if (await setIfAbsent(k, claim)) return { claimed: true };
  const existing = await getParsed(k, spawnClaimSchema);
  if (!existing)
    return (await setIfAbsent(k, claim))
      ? { claimed: true }
      : { claimed: false, holder: (await getParsed(k, spawnClaimSchema)) ?? undefined }; // released in the meantime
  if (existing.expiresAt > now) return { claimed: false, holder: existing };
  const takeover = key('lock', epicId, 'takeover', String(existing.expiresAt), existing.owner);
  if (!(await setIfAbsent(takeover, { owner, at: now }, 1)))
    return { claimed: false, holder: (await getParsed(k, spawnClaimSchema)) ?? existing };
  await kvs.set(k, claim);
  return { claimed: true };
}

export async function releaseSpawn(epicId: string, owner: string): Promise<void> {
  const k = key('lock', epicId);
  const existing = await getParsed(k, spawnClaimSchema);
  if (existing?.owner === owner) await kvs.delete(k);
}
