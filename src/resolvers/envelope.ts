/**
 * Every resolver: authenticate the caller from the Forge context, validate the payload, run the
 * use case, and answer with the `Result` envelope. Never throws to the UI.
 */
import type Resolver from '@forge/resolver';
import type { Request } from '@forge/resolver';
import { z } from 'zod';
import type { PayloadOf, Result, ResultOf, ResolverName } from '../shared/api';
import { toLocale } from '../core/template';
import type { Locale } from '../core/template/schema';
import { AppError, M, isPlatformError, localizeError } from '../services/errors';
import type { Caller } from '../services/phase';

export interface ForgeContext {
  accountId?: string;
  locale?: string;
  extension?: {
    issue?: { id?: string; key?: string; type?: string };
    project?: { id?: string; key?: string };
  };
}

export type Handler<K extends ResolverName> = (args: {
  caller: Caller;
  payload: PayloadOf<K>;
  context: ForgeContext;
}) => Promise<ResultOf<K>>;

export function localeOf(context: ForgeContext): Locale {
  return toLocale(context.locale);
}

export async function run<K extends ResolverName>(
  name: K,
  schema: z.ZodType<PayloadOf<K>>,
  request: Request,
  handler: Handler<K>,
): Promise<Result<ResultOf<K>>> {
  const context = (request.context ?? {}) as ForgeContext;
  const locale = localeOf(context);
  try {
    const accountId = context.accountId;
    if (!accountId) throw new AppError('UNAUTHENTICATED', M.unauthenticated);
    const parsed = schema.safeParse(request.payload ?? {});
    if (!parsed.success) {
      throw new AppError(
        'INVALID_INPUT',
        M.invalidInput,
        parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`),
      );
    }
    const data = await handler({ caller: { accountId, locale }, payload: parsed.data, context });
    return { ok: true, data };
  } catch (e) {
    // The one exception to "never throw": errors of the Forge platform itself (NeedsAuthenticationError
    // asks the user to grant access; Forge shows the consent prompt only when the function throws it).
    if (isPlatformError(e)) throw e;
    const error = localizeError(e, locale);
    if (error.code === 'INTERNAL') console.error(`[resolver ${name}]`, e);
    return { ok: false, error };
  }
}

/** Defines one resolver on a Resolver instance with the envelope around it. */
export function define<K extends ResolverName>(resolver: Resolver, name: K, schema: z.ZodType<PayloadOf<K>>, handler: Handler<K>): void {
  resolver.define(name, (request: Request) => run(name, schema, request, handler));
}

export function issueKeyOf(context: ForgeContext): string {
  const key = context.extension?.issue?.key;
  if (!key) throw new AppError('INVALID_INPUT', M.invalidInput, ['context: this resolver runs on an issue panel']);
  return key;
}

export function projectOf(context: ForgeContext): string {
  const p = context.extension?.project;
  const idOrKey = p?.key ?? p?.id;
  if (!idOrKey) throw new AppError('INVALID_INPUT', M.invalidInput, ['context: this resolver runs on a project page']);
  return idOrKey;
}
