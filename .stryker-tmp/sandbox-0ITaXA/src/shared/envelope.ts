/**
 * The envelope every resolver returns (resolvers never throw to the UI) and its error codes. Its own
 * file so that the other contracts (portfolio.ts) name an error code without importing
 * api.ts, which imports them. src/shared/api.ts re-exports it.
 */
// @ts-nocheck

export const ERROR_CODES = [
  'UNAUTHENTICATED', // no account id in the Forge context
  'FORBIDDEN', // the caller may not do this (role, Jira permission)
  'NOT_FOUND', // the issue, project or item does not exist or is not visible to the caller
  'INVALID_INPUT', // the payload is malformed; `details` names each problem
  'CONFLICT', // the state changed underneath (e.g. waiver already decided)
  'NOT_ENABLED', // the template is not enabled for this project / this is not a deployment epic
  'RATE_LIMITED', // Jira kept answering 429
  'JIRA_UNAVAILABLE', // Jira answered 5xx or could not be reached
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** In the caller's language. */
  message: string;
  details?: string[];
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
