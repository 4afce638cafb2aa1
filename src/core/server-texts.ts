/**
 * The catalogue texts that the workflow validator's path renders (the gate's reasons, the refusal
 * message, the services' error texts), so that the validator's function bundle holds these few
 * texts instead of the whole catalogue (issue #22: its bundle at most 60 KB gzipped).
 *
 * Not a second source: every text here is a copy of the same key of locales/*.json, and
 * test/core/server-texts.test.ts fails when one differs, so a text is changed in the catalogue and
 * then here. Modules on the validator's path (core/gate.ts, core/gate-message.ts,
 * services/errors.ts, services/templates.ts) render with l10n() from here; all others with
 * core/messages.ts.
 */
import type { MessageKey } from './message-key';
import { localizer, type TextKey } from './localize';

const fi = {
  server: {
    errors: {
      contextMismatch: 'Sivun tiedot eivät täsmää: tiketin tunniste ja avain viittaavat eri tiketteihin. Lataa sivu uudelleen.',
      epicNotFound: 'Epiikkiä ei löydy, tai sinulla ei ole oikeutta nähdä sitä.',
      internal: 'Odottamaton virhe. Mitään tallennettua ei menetetty; yritä uudelleen.',
      invalidInput: 'Virheellinen syöte.',
      issueNotFound: 'Työtehtävää ei löydy, tai sinulla ei ole oikeutta nähdä sitä.',
      jiraForbidden: 'Jira ei salli tätä toimintoa sinulle.',
      jiraRateLimited: 'Jira rajoittaa pyyntöjä juuri nyt. Yritä hetken kuluttua uudelleen.',
      jiraRefused: 'Jira hylkäsi pyynnön.',
      jiraUnavailable: 'Jiraan ei saatu yhteyttä. Yritä uudelleen.',
      noCreatePermission: 'Sinulla ei ole oikeutta luoda tehtäviä tähän projektiin.',
      notAnEpic: 'Käyttöönottovaiheen voi aloittaa vain epiikissä.',
      notEnabled:
        'Käyttöönotto-malli ei ole käytössä tässä projektissa. Projektin ylläpitäjä voi ottaa sen käyttöön projektin asetuksista.',
      notFound: 'Ei löydy Jirasta.',
      notStarted: 'Käyttöönottovaihetta ei ole vielä aloitettu tässä epiikissä.',
      projectNotFound: 'Projektia ei löydy, tai sinulla ei ole oikeutta nähdä sitä.',
      projectRoleNotFound: 'Projektiroolia ei löydy.',
      unauthenticated: 'Kirjaudu sisään käyttääksesi sovellusta.',
      userNotFound: 'Käyttäjää ei löydy.',
    },
    gate: {
      approvalMissing: 'Hyväksynnästä puuttuu riskitaso sekä tietoturva- ja tietosuojataso.',
      approvalVoid: 'Hyväksyntä on mitätön: se annettiin riskitasolla "{given}", mutta epiikin riskitaso on nyt "{current}".',
      attesterRoleInvalid: 'Vahvistajan rooli ei ole sallittu tälle ehdolle.',
      entry: 'Käyttöönottovaihetta ei voi aloittaa. Täyttymättömät edellytykset:',
      entryNotSatisfied:
        'Käyttöönottovaihetta ei voi merkitä valmiiksi, koska aloittamisen edellytykset eivät täyty eikä johto-/ohjausryhmä ole ohittanut niitä. Täyttymättömät edellytykset:',
      evidenceMissing: 'Vahvistuksesta puuttuu vaadittu näyttölinkki.',
      exit: 'Käyttöönottovaihetta ei voi merkitä valmiiksi. Täyttymättömät ehdot:',
      missingChild: 'tehtävä puuttuu',
      notAttested: 'Ei vahvistettu. Vahvistajan rooli: ',
      notEnabled: 'Malli ei ole käytössä projektissa.',
      notStarted: 'Vaihetta ei ole aloitettu.',
      onlySteering: 'Vain epiikin johto-/ohjausryhmän edustaja voi ohittaa aloittamisen edellytykset tai perua ohituksen.',
      openItems: '{count} pakollista kohtaa kesken: ',
      quorumMore: 'Tarvitaan vielä {more} vahvistus(ta) ({counted}/{needed}). Vahvistaa voi: ',
      quorumUnreachable: 'Roolissa on vain {holders} henkilöä: nimeä lisää.',
      rosterMissing: 'Roolille ei ole nimetty henkilöä: ',
      stale: 'Vahvistus on vanhentunut: työ, jonka varassa se on, avattiin uudelleen tai näyttö muuttui. Vahvista uudelleen.',
      whereToFix: 'Korjaa ehdot epiikin Käyttöönotto-paneelissa.',
    },
    templates: {
      notInApp: 'Mallia {id} {version} ei löydy sovelluksesta.',
    },
    validator: {
      confirms: 'vahvistaa',
      entryBeforeDone:
        'Käyttöönottovaihetta ei voi merkitä valmiiksi, koska sitä ei ole aloitettu: {count} aloittamisen edellytystä täyttymättä.',
      entryHeader: 'Käyttöönottovaihetta ei voi aloittaa: {count} edellytystä täyttymättä.',
      exitHeader: 'Käyttöönottovaihetta ei voi merkitä valmiiksi: {count} ehtoa täyttymättä.',
      lapsed: 'Vapautuksen voimassaolo on päättynyt: {keys}.',
      more: 'ja {count} muuta',
      nameRole: 'Nimeä henkilö rooliin',
      openItems: 'Avoimia pakollisia tehtäviä ja tuotoksia: {count}.',
      openItemsNamed: 'Avoimia pakollisia tehtäviä ja tuotoksia: {count} ({keys}).',
      or: ' tai ',
      quorumMore: 'vielä {more} vahvistus(ta), {counted}/{needed}',
      stale: 'vahvistus vanhentunut',
      void: 'hyväksyntä mitätön, riskitaso muuttui',
      whereToFix: 'Korjaa epiikin Käyttöönotto-paneelissa: "Sinun vuorosi" ja "Mikä vielä estää valmiiksi siirron".',
    },
  },
  ui: {
    condition: {
      status: {
        attested: 'Vahvistettu',
      },
    },
    gate: {
      passed: 'Täyttyy',
    },
  },
};

const sv: typeof fi = {
  server: {
    errors: {
      contextMismatch: 'Sidans uppgifter stämmer inte: ärendets id och nyckel pekar på olika ärenden. Läs in sidan igen.',
      epicNotFound: 'Epicen finns inte, eller så har du inte behörighet att se den.',
      internal: 'Ett oväntat fel inträffade. Inget sparat gick förlorat; försök igen.',
      invalidInput: 'Ogiltig indata.',
      issueNotFound: 'Arbetsuppgiften finns inte, eller så har du inte behörighet att se den.',
      jiraForbidden: 'Jira tillåter inte denna åtgärd för dig.',
      jiraRateLimited: 'Jira begränsar förfrågningar just nu. Försök igen om en stund.',
      jiraRefused: 'Jira avvisade begäran.',
      jiraUnavailable: 'Det gick inte att nå Jira. Försök igen.',
      noCreatePermission: 'Du har inte behörighet att skapa ärenden i detta projekt.',
      notAnEpic: 'Ibruktagandefasen kan bara startas på en epic.',
      notEnabled:
        'Mallen för ibruktagande är inte aktiverad i detta projekt. En projektadministratör kan aktivera den i projektinställningarna.',
      notFound: 'Finns inte i Jira.',
      notStarted: 'Ibruktagandefasen har inte startats på denna epic.',
      projectNotFound: 'Projektet finns inte, eller så har du inte behörighet att se det.',
      projectRoleNotFound: 'Projektrollen finns inte.',
      unauthenticated: 'Logga in för att använda appen.',
      userNotFound: 'Användaren finns inte.',
    },
    gate: {
      approvalMissing: 'Godkännandet saknar risknivå samt informationssäkerhets- och dataskyddsnivå.',
      approvalVoid: 'Godkännandet är ogiltigt: det gavs på risknivån "{given}", men epicens risknivå är nu "{current}".',
      attesterRoleInvalid: 'Bekräftarens roll får inte bekräfta detta villkor.',
      entry: 'Ibruktagandefasen kan inte startas. Ouppfyllda förutsättningar:',
      entryNotSatisfied:
        'Ibruktagandefasen kan inte markeras som klar eftersom förutsättningarna för att inleda den inte är uppfyllda och lednings-/styrgruppen inte har åsidosatt dem. Ouppfyllda förutsättningar:',
      evidenceMissing: 'Bekräftelsen saknar den obligatoriska länken till underlag.',
      exit: 'Ibruktagandefasen kan inte markeras som klar. Ouppfyllda villkor:',
      missingChild: 'ärendet saknas',
      notAttested: 'Inte bekräftat. Bekräftas av: ',
      notEnabled: 'Mallen är inte aktiverad i projektet.',
      notStarted: 'Fasen har inte startats.',
      onlySteering:
        'Endast epicens representant för lednings-/styrgruppen kan åsidosätta förutsättningarna för att inleda fasen eller återkalla det.',
      openItems: '{count} obligatoriska punkter öppna: ',
      quorumMore: 'Det behövs {more} bekräftelse(r) till ({counted}/{needed}). Kan bekräftas av: ',
      quorumUnreachable: 'Rollen har bara {holders} personer: namnge fler.',
      rosterMissing: 'Ingen person utsedd för rollen: ',
      stale: 'Bekräftelsen är inaktuell: arbetet den vilar på öppnades igen eller beviset ändrades. Bekräfta igen.',
      whereToFix: 'Åtgärda villkoren i epicens panel Ibruktagande.',
    },
    templates: {
      notInApp: 'Mallen {id} {version} finns inte i appen.',
    },
    validator: {
      confirms: 'bekräftar',
      entryBeforeDone:
        'Ibruktagandefasen kan inte markeras som klar eftersom den inte har startats: {count} förutsättningar för start är inte uppfyllda.',
      entryHeader: 'Ibruktagandefasen kan inte startas: {count} förutsättningar är inte uppfyllda.',
      exitHeader: 'Ibruktagandefasen kan inte markeras som klar: {count} villkor är inte uppfyllda.',
      lapsed: 'Undantaget har upphört att gälla: {keys}.',
      more: 'och {count} till',
      nameRole: 'Utse en person till rollen',
      openItems: 'Öppna obligatoriska uppgifter och leverabler: {count}.',
      openItemsNamed: 'Öppna obligatoriska uppgifter och leverabler: {count} ({keys}).',
      or: ' eller ',
      quorumMore: '{more} bekräftelse(r) till, {counted}/{needed}',
      stale: 'bekräftelsen inaktuell',
      void: 'godkännandet ogiltigt, risknivån ändrades',
      whereToFix: 'Åtgärda i epicens panel Ibruktagande: "Din tur" och "Vad som ännu hindrar Klar".',
    },
  },
  ui: {
    condition: {
      status: {
        attested: 'Bekräftat',
      },
    },
    gate: {
      passed: 'Uppfyllt',
    },
  },
};

const en: typeof fi = {
  server: {
    errors: {
      contextMismatch: "The page's details do not match: the issue id and key name different issues. Reload the page.",
      epicNotFound: 'The epic does not exist, or you may not see it.',
      internal: 'An unexpected error occurred. Nothing saved was lost; try again.',
      invalidInput: 'Invalid input.',
      issueNotFound: 'The work item does not exist, or you may not see it.',
      jiraForbidden: 'Jira does not allow you to do this.',
      jiraRateLimited: 'Jira is rate limiting requests right now. Try again in a moment.',
      jiraRefused: 'Jira refused the request.',
      jiraUnavailable: 'Jira could not be reached. Try again.',
      noCreatePermission: 'You may not create work items in this project.',
      notAnEpic: 'The deployment phase can only be started on an epic.',
      notEnabled: 'The deployment template is not enabled in this project. A project admin can enable it in the project settings.',
      notFound: 'Not found in Jira.',
      notStarted: 'The deployment phase has not been started on this epic.',
      projectNotFound: 'The project does not exist, or you may not see it.',
      projectRoleNotFound: 'The project role does not exist.',
      unauthenticated: 'Log in to use the app.',
      userNotFound: 'The user does not exist.',
    },
    gate: {
      approvalMissing: 'The approval lacks the risk level and the security and data protection levels.',
      approvalVoid: 'The approval is void: it was given at risk level "{given}", but the epic\'s risk level is now "{current}".',
      attesterRoleInvalid: 'The confirming role may not confirm this condition.',
      entry: 'The deployment phase cannot start. Unmet conditions:',
      entryNotSatisfied:
        'The deployment phase cannot be marked Done because the prerequisites for starting it are not met and the steering group has not waived them. Unmet prerequisites:',
      evidenceMissing: 'The confirmation lacks the required evidence link.',
      exit: 'The deployment phase cannot be marked Done. Unmet conditions:',
      missingChild: 'work item missing',
      notAttested: 'Not confirmed. To be confirmed by: ',
      notEnabled: 'The template is not enabled in the project.',
      notStarted: 'The phase has not been started.',
      onlySteering: "Only the epic's steering group member can waive the entry gate or revoke that waiver.",
      openItems: '{count} mandatory items open: ',
      quorumMore: '{more} more confirmation(s) needed ({counted}/{needed}). May be given by: ',
      quorumUnreachable: 'Only {holders} people hold the role: name more.',
      rosterMissing: 'No person named for the role: ',
      stale: 'The confirmation is stale: work it rests on was reopened or its evidence changed. Confirm it again.',
      whereToFix: "Fix them in the epic's Deployment panel.",
    },
    templates: {
      notInApp: 'Template {id} {version} is not in the app.',
    },
    validator: {
      confirms: 'to confirm',
      entryBeforeDone:
        'The deployment phase cannot be marked Done because it has not been started: {count} conditions for starting it are not met.',
      entryHeader: 'The deployment phase cannot start: {count} conditions are not met.',
      exitHeader: 'The deployment phase cannot be marked Done: {count} conditions are not met.',
      lapsed: 'Waiver lapsed: {keys}.',
      more: 'and {count} more',
      nameRole: 'Name a person for the role',
      openItems: 'Open mandatory items: {count}.',
      openItemsNamed: 'Open mandatory items: {count} ({keys}).',
      or: ' or ',
      quorumMore: '{more} more confirmation(s) needed, {counted}/{needed}',
      stale: 'confirmation stale',
      void: 'approval void, the risk level changed',
      whereToFix: 'Fix them in the epic\'s Deployment panel: "Your turn" and "What still blocks Done".',
    },
  },
  ui: {
    condition: {
      status: {
        attested: 'Confirmed',
      },
    },
    gate: {
      passed: 'Met',
    },
  },
};

/** The dotted keys of these texts: each one a key of the catalogue (checked by the type below). */
export type ServerTextKey = TextKey<typeof fi>;
export const SERVER_TEXT_KEYS_ARE_CATALOGUE_KEYS: ServerTextKey extends MessageKey ? true : false = true;

/** The texts by language, for the test that compares them with the catalogue. */
export const SERVER_TEXTS = { fi, sv, en } as const;

/** One of these texts in one language, and in all three languages (as core/messages.ts). */
export const { l10nIn, l10n } = localizer<ServerTextKey>(SERVER_TEXTS);
