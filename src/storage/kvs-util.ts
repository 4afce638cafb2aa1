/** The storage primitives every repository shares: keys, create-once writes and strict batch reads. */
import { kvs } from '@forge/kvs';
import { parseRecord, type RecordSchema } from './records';
import { allSettledOrThrow } from '../core/settled';

/** Forge KVS keys allow letters, digits and `:._-#` and spaces; our ids are already in that set. */
export function key(...parts: string[]): string {
  return parts.join(':');
}

export function isKeyExistsError(e: unknown): boolean {
  const err = e as { code?: unknown; responseDetails?: { status?: unknown } } | null;
  const message = e instanceof Error ? e.message : String(e);
  return (
    err?.code === 'KEY_ALREADY_EXISTS' ||
    err?.code === 'KEY_CONFLICT' ||
    err?.responseDetails?.status === 409 ||
    /already exists|KEY_ALREADY_EXISTS|FAIL_IF_EXISTS/i.test(message)
  );
}

/** Sets a key only if absent. Returns false (instead of throwing) when it already exists. */
export async function setIfAbsent<T>(k: string, value: T, ttlDays?: number): Promise<boolean> {
  try {
    await kvs.set(k, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttlDays ? { ttl: { value: ttlDays, unit: 'DAYS' as const } } : {}) });
    return true;
  } catch (e) {
    if (isKeyExistsError(e)) return false;
    throw e;
  }
}

/** Reads one key strictly (kvs.get) and parses it. */
export async function getParsed<T>(k: string, schema: RecordSchema<T>): Promise<T | undefined> {
  const value = await kvs.get<unknown>(k);
  return value === undefined ? undefined : parseRecord(k, schema, value);
}

/** Forge allows at most 25 keys per batch operation (storage-reference/kvs-batch). */
const BATCH_LIMIT = 25;

/** Reads keys strictly (kvs.batchGet, 25 per call, in parallel). Absent keys are absent from the map. */
export async function getMany(keys: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_LIMIT) batches.push(keys.slice(i, i + BATCH_LIMIT));
  await allSettledOrThrow(
    batches.map(async (batch) => {
      const r = await kvs.batchGet<unknown>(batch.map((k) => ({ key: k })));
      for (const ok of r.successfulKeys) out.set(ok.key, ok.value);
      const failed = r.failedKeys.filter((f) => f.error?.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0) {
        throw new Error(
          `Forge storage could not read ${failed.map((f) => `"${f.key}" (${f.error?.code ?? '?'}: ${f.error?.message ?? ''})`).join(', ')}`,
        );
      }
    }),
  );
  return out;
}
