/**
 * The one typed client of the app's resolvers (contract: src/shared/api.ts).
 * A resolver never throws; a failing bridge call (network, host, crash) or a malformed answer becomes an
 * INTERNAL error with an empty `message`, so the UI shows its localized `ui.errors.INTERNAL` text; the
 * resolver's name and any technical text go to `details`.
 */
// @ts-nocheck

import { invoke, view } from '@forge/bridge';
import type { PayloadOf, ResolverName, Result, ResultOf, WirePayload } from '../../src/shared/api';
import type { ForgeLocale } from '../../src/shared/domain';
import { toForgeLocale } from './locale';

export type { Result } from '../../src/shared/api';

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const ok = (value as { ok: unknown }).ok;
  if (ok === true) return 'data' in value;
  if (ok === false) {
    const error = (value as { error?: unknown }).error;
    return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
  }
  return false;
}

/** Counts resolver calls (the bench and the browser tests read it from `window.__kayttoonottoCalls`). */
function countCall(name: ResolverName): void {
  const w = globalThis as { __kayttoonottoCalls?: string[] };
  (w.__kayttoonottoCalls ??= []).push(name);
}

let localePromise: Promise<ForgeLocale> | undefined;

/**
 * The user's locale, sent with every call: Forge gives resolvers no locale (runtime-reference/i18n),
 * but `view.getContext()` has it. Read once; normalised once (`toForgeLocale`); Finnish when unknown.
 */
export function callerLocale(): Promise<ForgeLocale> {
  localePromise ??= view
    .getContext()
    .then((context) => toForgeLocale((context as { locale?: string } | undefined)?.locale))
    .catch(() => toForgeLocale(undefined));
  return localePromise;
}

export async function call<K extends ResolverName>(name: K, payload: PayloadOf<K>): Promise<Result<ResultOf<K>>> {
  countCall(name);
  try {
    const wire: WirePayload<K> = { ...payload, locale: await callerLocale() };
    const answer: unknown = await invoke(name, wire as Record<string, unknown>);
    if (isResult(answer)) return answer as Result<ResultOf<K>>;
    return { ok: false, error: { code: 'INTERNAL', message: '', details: [String(name)] } };
  } catch (err) {
    const technical = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'INTERNAL', message: '', details: technical ? [String(name), technical] : [String(name)] } };
  }
}
