/**
 * The one typed client of the app's resolvers (contract: src/shared/api.ts).
 * A resolver never throws; a failing bridge call (network, host, crash) or a malformed answer becomes an
 * INTERNAL error with an empty `message`, so the UI shows its localized `ui.errors.INTERNAL` text; the
 * resolver's name and any technical text go to `details`.
 */
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

type Augmenter = (name: ResolverName, payload: Record<string, unknown>, locale: ForgeLocale) => Record<string, unknown>;
let augmenter: Augmenter | null = null;

/** What a page adds to every call's payload (the panel: the fingerprints of the view it holds, panel/src/state/apply-delta.ts). */
export function setPayloadAugmenter(next: Augmenter | null): void {
  augmenter = next;
}

export async function call<K extends ResolverName>(name: K, payload: PayloadOf<K>): Promise<Result<ResultOf<K>>> {
  countCall(name);
  try {
    const locale = await callerLocale();
    const own = augmenter ? augmenter(name, payload as Record<string, unknown>, locale) : payload;
    const wire = { ...own, locale } as WirePayload<K>;
    const answer: unknown = await invoke(name, wire as Record<string, unknown>);
    if (isResult(answer)) return answer as Result<ResultOf<K>>;
    return { ok: false, error: { code: 'INTERNAL', message: '', details: [String(name)] } };
  } catch (err) {
    const technical = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'INTERNAL', message: '', details: technical ? [String(name), technical] : [String(name)] } };
  }
}
