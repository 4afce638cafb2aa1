/**
 * Every resolver: authenticate the caller from the Forge context, validate the whole payload with
 * the action's strict schema, run the use case, and answer with the `Result` envelope. Never throws
 * to the UI.
 *
 * The caller's language comes from the payload's `locale`, which the UI takes from
 * `view.getContext()`: Forge gives functions no locale (runtime-reference/i18n, "Accessing locale
 * information": "A user's locale information is not directly available to Forge functions"), so
 * `context.locale` is never read. Without a valid one, messages are in Finnish.
 */
import type Resolver from '@forge/resolver';
import type { Request } from '@forge/resolver';
import * as z from 'zod';
import zodFi from 'zod/v4/locales/fi.cjs';
import zodSv from 'zod/v4/locales/sv.cjs';
import zodEn from 'zod/v4/locales/en.cjs';
import type { PayloadOf, Result, ResultOf, ResolverName } from '../shared/api';
import { FORGE_LOCALES, LANG_OF, type ForgeLocale, type Locale, type LocalizedText } from '../core/domain';
import { AppError, M, isPlatformError, localizeError } from '../services/common/errors';
import type { Caller, EpicRef } from '../services/phase/context';
import { describeRule, type Rule } from './schemas';
import { l10n, perLocale } from '../core/messages';

export interface ForgeContext {
  accountId?: string;
  extension?: {
    issue?: { id?: unknown; key?: unknown; type?: string };
    project?: { id?: unknown; key?: unknown };
  };
}

export type Handler<K extends ResolverName> = (args: {
  caller: Caller;
  payload: PayloadOf<K>;
  context: ForgeContext;
  /** The locale the UI sent (its context's: the user's Jira language), when it sent one. */
  sentLocale?: ForgeLocale;
}) => Promise<ResultOf<K>>;

/** The caller's language from the payload's `locale`; Finnish when absent or not one of ours. */
export function localeOfPayload(payload: unknown): Locale {
  const value = typeof payload === 'object' && payload !== null ? (payload as { locale?: unknown }).locale : undefined;
  return typeof value === 'string' && (FORGE_LOCALES as readonly string[]).includes(value) ? LANG_OF[value as ForgeLocale] : 'fi';
}

// The three locales by their own paths: `z.locales` would bring zod's forty into the bundle.
const zodLocales = { fi: zodFi, sv: zodSv, en: zodEn } as const;

/** zod's error map in the caller's language; our own rules are worded by `describeRule`. */
function errorMap(l: Locale): z.core.$ZodErrorMap {
  const generic = zodLocales[l]().localeError;
  return (issue) => {
    const params = issue.code === 'custom' ? (issue.params as { rule?: Rule; localized?: LocalizedText } | undefined) : undefined;
    if (params?.rule) return describeRule(params.rule, l);
    if (params?.localized) return params.localized[l];
    return generic(issue);
  };
}

function invalid(issues: readonly z.core.$ZodIssue[], l: Locale): AppError {
  // A problem worded in the schema itself (core/settings.ts) carries its three languages.
  const text = (i: z.core.$ZodIssue) =>
    (i.code === 'custom' ? (i.params as { localized?: LocalizedText } | undefined)?.localized?.[l] : undefined) ?? i.message;
  const details = issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${text(i)}`);
  const first = details[0] ?? '';
  return new AppError(
    'INVALID_INPUT',
    perLocale((l) => `${M.invalidInput[l]} ${first}`),
    details,
  );
}

/** Parses a payload with an action's schema, in the caller's language. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, l: Locale): T {
  const parsed = schema.safeParse(payload ?? {}, { error: errorMap(l) });
  if (!parsed.success) throw invalid(parsed.error.issues, l);
  return parsed.data;
}

export async function run<K extends ResolverName>(
  name: K,
  schema: z.ZodType<PayloadOf<K> & { locale?: ForgeLocale }, unknown>,
  request: Request,
  handler: Handler<K>,
): Promise<Result<ResultOf<K>>> {
  const context = (request.context ?? {}) as ForgeContext;
  const locale = localeOfPayload(request.payload);
  try {
    const accountId = context.accountId;
    if (!accountId) throw new AppError('UNAUTHENTICATED', M.unauthenticated);
    const { locale: sentLocale, ...payload } = parsePayload(schema, request.payload, locale);
    const data = await handler({
      caller: { accountId, locale },
      payload: payload as PayloadOf<K>,
      context,
      ...(sentLocale ? { sentLocale } : {}),
    });
    return { ok: true, data };
  } catch (e) {
    // The one exception to "never throw": errors of the Forge platform itself (NeedsAuthenticationError
    // asks the user to grant access; Forge shows the consent prompt only when the function throws it).
    if (isPlatformError(e)) throw e;
    const error = localizeError(e, locale);
    // Every INTERNAL is a real fault: log it with its cause (the stack and `cause` chain).
    if (error.code === 'INTERNAL') console.error(`[resolver ${name}] INTERNAL:`, e);
    return { ok: false, error };
  }
}

/** Defines one resolver on a Resolver instance with the envelope around it. */
export function define<K extends ResolverName>(
  resolver: Resolver,
  name: K,
  schema: z.ZodType<PayloadOf<K> & { locale?: ForgeLocale }, unknown>,
  handler: Handler<K>,
): void {
  resolver.define(name, (request: Request) => run(name, schema, request, handler));
}

const ISSUE_ID = /^[1-9]\d{0,17}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17}$/;

const NOT_ON_ISSUE = l10n('server.envelope.notOnIssue');

/**
 * The epic of an issue panel: the issue id is the identity; the key travels with it and is checked
 * against the id by the service on the Jira read it already makes.
 */
export function epicOf(context: ForgeContext): EpicRef {
  const issue = context.extension?.issue;
  const id = issue?.id;
  const key = issue?.key;
  if (typeof id !== 'string' || !ISSUE_ID.test(id) || typeof key !== 'string' || !ISSUE_KEY.test(key)) {
    throw new AppError('INVALID_INPUT', NOT_ON_ISSUE, [l10n('server.envelope.contextMissingIssue')]);
  }
  return { id, key };
}

export function projectOf(context: ForgeContext): string {
  const p = context.extension?.project;
  const idOrKey = typeof p?.key === 'string' ? p.key : typeof p?.id === 'string' ? p.id : undefined;
  if (!idOrKey) {
    throw new AppError('INVALID_INPUT', l10n('server.envelope.notOnProject'));
  }
  return idOrKey;
}
