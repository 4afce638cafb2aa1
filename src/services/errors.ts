/** Errors the services raise on purpose; the resolver layer turns them into the envelope. */
import type { ErrorCode } from '../shared/api';
import type { Locale, LocalizedText } from '../core/template/schema';
import { JiraError } from '../jira/errors';

export { isPlatformError } from '../jira/errors';

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

export const msg = (fi: string, sv: string, en: string): LocalizedText => ({ fi, sv, en });

export const M = {
  unauthenticated: msg('Kirjaudu sisään käyttääksesi sovellusta.', 'Logga in för att använda appen.', 'Log in to use the app.'),
  epicNotFound: msg(
    'Epiciä ei löydy, tai sinulla ei ole oikeutta nähdä sitä.',
    'Epicen finns inte, eller så har du inte behörighet att se den.',
    'The epic does not exist, or you may not see it.',
  ),
  notEnabled: msg(
    'Käyttöönotto-malli ei ole käytössä tässä projektissa. Projektin ylläpitäjä voi ottaa sen käyttöön projektin asetuksista.',
    'Mallen för ibruktagande är inte aktiverad i detta projekt. En projektadministratör kan aktivera den i projektinställningarna.',
    'The deployment template is not enabled in this project. A project admin can enable it in the project settings.',
  ),
  notAnEpic: msg(
    'Käyttöönottovaiheen voi aloittaa vain epicissä.',
    'Ibruktagandefasen kan bara startas på en epic.',
    'The deployment phase can only be started on an epic.',
  ),
  noCreatePermission: msg(
    'Sinulla ei ole oikeutta luoda tehtäviä tähän projektiin.',
    'Du har inte behörighet att skapa ärenden i detta projekt.',
    'You may not create work items in this project.',
  ),
  notStarted: msg(
    'Käyttöönottovaihetta ei ole vielä aloitettu tässä epicissä.',
    'Ibruktagandefasen har inte startats på denna epic.',
    'The deployment phase has not been started on this epic.',
  ),
  jiraRateLimited: msg(
    'Jira rajoittaa pyyntöjä juuri nyt. Yritä hetken kuluttua uudelleen.',
    'Jira begränsar förfrågningar just nu. Försök igen om en stund.',
    'Jira is rate limiting requests right now. Try again in a moment.',
  ),
  jiraUnavailable: msg(
    'Jiraan ei saatu yhteyttä. Yritä uudelleen.',
    'Det gick inte att nå Jira. Försök igen.',
    'Jira could not be reached. Try again.',
  ),
  jiraRefused: msg('Jira hylkäsi pyynnön.', 'Jira avvisade begäran.', 'Jira refused the request.'),
  jiraForbidden: msg(
    'Jira ei salli tätä toimintoa sinulle.',
    'Jira tillåter inte denna åtgärd för dig.',
    'Jira does not allow you to do this.',
  ),
  internal: msg(
    'Odottamaton virhe. Mitään tallennettua ei menetetty; yritä uudelleen.',
    'Ett oväntat fel inträffade. Inget sparat gick förlorat; försök igen.',
    'An unexpected error occurred. Nothing saved was lost; try again.',
  ),
  invalidInput: msg('Virheellinen syöte.', 'Ogiltig indata.', 'Invalid input.'),
  contextMismatch: msg(
    'Sivun tiedot eivät täsmää: tiketin tunniste ja avain viittaavat eri tiketteihin. Lataa sivu uudelleen.',
    'Sidans uppgifter stämmer inte: ärendets id och nyckel pekar på olika ärenden. Läs in sidan igen.',
    "The page's details do not match: the issue id and key name different issues. Reload the page.",
  ),
  issueNotFound: msg(
    'Työtehtävää ei löydy, tai sinulla ei ole oikeutta nähdä sitä.',
    'Arbetsuppgiften finns inte, eller så har du inte behörighet att se den.',
    'The work item does not exist, or you may not see it.',
  ),
  projectNotFound: msg(
    'Projektia ei löydy, tai sinulla ei ole oikeutta nähdä sitä.',
    'Projektet finns inte, eller så har du inte behörighet att se det.',
    'The project does not exist, or you may not see it.',
  ),
  projectRoleNotFound: msg('Projektiroolia ei löydy.', 'Projektrollen finns inte.', 'The project role does not exist.'),
  userNotFound: msg('Käyttäjää ei löydy.', 'Användaren finns inte.', 'The user does not exist.'),
  notFound: msg('Ei löydy Jirasta.', 'Finns inte i Jira.', 'Not found in Jira.'),
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
