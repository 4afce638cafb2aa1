/** Errors the services raise on purpose; the resolver layer turns them into the envelope. */
import type { ErrorCode } from '../../shared/api';
import type { Locale, LocalizedText } from '../../core/template/schema';
import { JiraError } from '../../jira/errors';
import { l10n } from '../../core/server-texts';

export { isPlatformError } from '../../jira/errors';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly text: LocalizedText,
    /** Each problem, path-qualified; a LocalizedText is given in the caller's language. */
    readonly details: (string | LocalizedText)[] = [],
    options?: { cause?: unknown },
  ) {
    super(text.en, options);
  }
}

export const M = {
  unauthenticated: l10n('server.errors.unauthenticated'),
  epicNotFound: l10n('server.errors.epicNotFound'),
  notEnabled: l10n('server.errors.notEnabled'),
  notAnEpic: l10n('server.errors.notAnEpic'),
  noCreatePermission: l10n('server.errors.noCreatePermission'),
  notStarted: l10n('server.errors.notStarted'),
  jiraRateLimited: l10n('server.errors.jiraRateLimited'),
  jiraUnavailable: l10n('server.errors.jiraUnavailable'),
  jiraRefused: l10n('server.errors.jiraRefused'),
  jiraForbidden: l10n('server.errors.jiraForbidden'),
  internal: l10n('server.errors.internal'),
  invalidInput: l10n('server.errors.invalidInput'),
  contextMismatch: l10n('server.errors.contextMismatch'),
  issueNotFound: l10n('server.errors.issueNotFound'),
  projectNotFound: l10n('server.errors.projectNotFound'),
  projectRoleNotFound: l10n('server.errors.projectRoleNotFound'),
  userNotFound: l10n('server.errors.userNotFound'),
  notFound: l10n('server.errors.notFound'),
} as const;

/** A 404 said what it was about (src/jira/client.ts, per operation); the epic itself is mapped by the services. */
const NOT_FOUND_TEXT = {
  issue: M.issueNotFound,
  project: M.projectNotFound,
  'project-role': M.projectRoleNotFound,
  user: M.userNotFound,
  workflow: M.notFound,
} as const;

export function localizeError(e: unknown, locale: Locale): { code: ErrorCode; message: string; details?: string[] } {
  if (e instanceof AppError) {
    const details = e.details.map((d) => (typeof d === 'string' ? d : d[locale]));
    return { code: e.code, message: e.text[locale], ...(details.length ? { details } : {}) };
  }
  if (e instanceof JiraError) {
    switch (e.kind) {
      case 'rate-limited':
        return { code: 'RATE_LIMITED', message: M.jiraRateLimited[locale] };
      case 'server':
      case 'network':
        return { code: 'JIRA_UNAVAILABLE', message: M.jiraUnavailable[locale] };
      case 'not-found':
        return { code: 'NOT_FOUND', message: (e.subject ? NOT_FOUND_TEXT[e.subject] : M.notFound)[locale] };
      case 'unauthorized':
        return { code: 'UNAUTHENTICATED', message: M.unauthenticated[locale] };
      case 'scope':
        // the app lacks an OAuth scope: a fault of the app, logged by the resolver layer
        return { code: 'INTERNAL', message: M.internal[locale] };
      case 'forbidden':
        return { code: 'FORBIDDEN', message: M.jiraForbidden[locale] };
      case 'bad-request':
        return { code: 'INVALID_INPUT', message: M.jiraRefused[locale], ...(e.messages.length ? { details: e.messages } : {}) };
    }
  }
  return { code: 'INTERNAL', message: M.internal[locale] };
}
