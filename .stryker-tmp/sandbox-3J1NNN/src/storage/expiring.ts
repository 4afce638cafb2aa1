/**
 * Marks that expire. Forge deletes an entry whose TTL has passed asynchronously, up to 48 hours later,
 * and reads may return it meanwhile (docs: storage-reference/kvs-api, "Time-to-live"). So a mark
 * carries its own `expiresAt`, which decides; the TTL only cleans up. Never rely on a mark's entry
 * disappearing.
 *
 * Keys of this module: `<key>` the mark; `<key>:takeover:<expiresAt>` who took over that expired mark
 * (FAIL_IF_EXISTS), so of the callers that find one expired mark, exactly one takes it.
 */
// @ts-nocheck

import { kvs } from '@forge/kvs';
import { isKeyExistsError } from './store';

export interface ExpiringMark {
  at: number;
  expiresAt: number;
}

/** The mark's expiry: its `expiresAt`, or for a mark written without one, `at + ttlMs`. Unreadable: expired. */
function expiryOf(held: unknown, ttlMs: number): number {
  const rec = typeof held === 'object' && held !== null ? (held as Partial<ExpiringMark>) : {};
  if (typeof rec.expiresAt === 'number') return rec.expiresAt;
  if (typeof rec.at === 'number') return rec.at + ttlMs;
  return 0;
}

async function createOnce(k: string, value: unknown, ttlMs: number): Promise<boolean> {
  try {
    await kvs.set(k, value, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: Math.max(1, Math.ceil(ttlMs / 1000)), unit: 'SECONDS' } });
    return true;
  } catch (e) {
    if (isKeyExistsError(e)) return false;
    throw e;
  }
}

/**
 * Takes the mark `k` for `ttlMs` unless someone holds it unexpired. True: the caller holds it now.
 * An expired mark (whether or not KVS still returns it) is taken over by exactly one caller.
 */
export async function takeExpiringMark(k: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const mark: ExpiringMark = { at: now, expiresAt: now + ttlMs };
  if (await createOnce(k, mark, ttlMs)) return true;
  const held = await kvs.get<unknown>(k);
  if (held === undefined) return createOnce(k, mark, ttlMs); // deleted in the meantime
  const expiry = expiryOf(held, ttlMs);
  if (expiry > now) return false;
  // Keep the takeover key a day past the mark's own life (it is unique to that expired mark).
  if (!(await createOnce(`${k}:takeover:${expiry}`, { at: now }, ttlMs + 86_400_000))) return false;
  await kvs.set(k, mark, { ttl: { value: Math.max(1, Math.ceil(ttlMs / 1000)), unit: 'SECONDS' } });
  return true;
}
