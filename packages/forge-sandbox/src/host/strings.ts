/** Strings of the sandbox's Jira-like host pages (not the app: the app's strings live in locales/). */
export type HostLang = 'fi' | 'sv' | 'en';

const STRINGS = {
  skip: ['Siirry sisältöön', 'Hoppa till innehållet', 'Skip to content'],
  brand: ['Jira (paikallinen hiekkalaatikko)', 'Jira (lokal sandlåda)', 'Jira (local sandbox)'],
  projects: ['Projektit', 'Projekt', 'Projects'],
  actAs: ['Toimi käyttäjänä', 'Agera som', 'Act as'],
  language: ['Kieli', 'Språk', 'Language'],
  theme: ['Teema', 'Tema', 'Theme'],
  light: ['Vaalea', 'Ljust', 'Light'],
  dark: ['Tumma', 'Mörkt', 'Dark'],
  apply: ['Vaihda', 'Byt', 'Apply'],
  switcher: ['Käyttäjä, kieli ja teema', 'Användare, språk och tema', 'User, language and theme'],
  key: ['Avain', 'Nyckel', 'Key'],
  name: ['Nimi', 'Namn', 'Name'],
  lead: ['Vetäjä', 'Ansvarig', 'Lead'],
  noProjects: ['Ei näkyviä projekteja.', 'Inga synliga projekt.', 'No visible projects.'],
  issues: ['Työtehtävät', 'Arbetsuppgifter', 'Work items'],
  summary: ['Yhteenveto', 'Sammanfattning', 'Summary'],
  type: ['Tyyppi', 'Typ', 'Type'],
  status: ['Tila', 'Status', 'Status'],
  assignee: ['Vastuuhenkilö', 'Ansvarig', 'Assignee'],
  parent: ['Yläpuolinen', 'Överordnad', 'Parent'],
  labels: ['Tunnisteet', 'Etiketter', 'Labels'],
  labelsHelp: ['Välilyönnein eroteltuina', 'Åtskilda med mellanslag', 'Separated by spaces'],
  unassigned: ['Ei vastuuhenkilöä', 'Ingen ansvarig', 'Unassigned'],
  noIssues: ['Ei työtehtäviä.', 'Inga arbetsuppgifter.', 'No work items.'],
  createEpic: ['Luo epic', 'Skapa epic', 'Create epic'],
  create: ['Luo', 'Skapa', 'Create'],
  required: ['pakollinen', 'obligatorisk', 'required'],
  summaryRequired: ['Anna yhteenveto.', 'Ange en sammanfattning.', 'Enter a summary.'],
  projectSettings: ['Projektin asetukset', 'Projektinställningar', 'Project settings'],
  apps: ['Sovellukset', 'Appar', 'Apps'],
  dashboard: ['Kojelauta', 'Instrumentpanel', 'Dashboard'],
  editGadget: ['Muokkaa gadgetia', 'Redigera gadgeten', 'Edit gadget'],
  details: ['Tiedot', 'Detaljer', 'Details'],
  children: ['Alatyöt', 'Underordnade arbetsuppgifter', 'Child work items'],
  noChildren: ['Ei alatöitä.', 'Inga underordnade arbetsuppgifter.', 'No child work items.'],
  transitions: ['Siirrä tilaan', 'Flytta till', 'Move to'],
  transitionFailed: ['Siirto estettiin', 'Övergången stoppades', 'The transition was blocked'],
  transitionDone: ['Tila vaihdettu: {status}', 'Status ändrad: {status}', 'Status changed: {status}'],
  created: ['Luotu {key}', 'Skapade {key}', 'Created {key}'],
  appPanel: ['Sovelluksen paneeli', 'Appens panel', 'App panel'],
  addAppPanel: [
    'Lisää sovelluksen paneeli tähän työtehtävään',
    'Lägg till appens panel på denna arbetsuppgift',
    'Add the app panel to this work item',
  ],
  appContext: ['Sovelluksen tilaruutu', 'Appens statusruta', 'App issue context'],
  notFound: ['Ei löytynyt', 'Hittades inte', 'Not found'],
  error: ['Virhe', 'Fel', 'Error'],
  flags: ['Ilmoitukset', 'Aviseringar', 'Notifications'],
  close: ['Sulje', 'Stäng', 'Close'],
  leaveTitle: ['Olet poistumassa Jirasta', 'Du lämnar Jira', 'You are leaving Jira'],
  leaveText: ['Sovellus haluaa avata ulkoisen linkin:', 'Appen vill öppna en extern länk:', 'The app wants to open an external link:'],
  leaveGo: ['Jatka', 'Fortsätt', 'Continue'],
  leaveCancel: ['Peruuta', 'Avbryt', 'Cancel'],
  loopback: [
    'Hiekkalaatikko kuuntelee vain tämän koneen osoitteessa; käyttäjät ovat kuvitteellisia.',
    'Sandlådan lyssnar bara på den här datorn; användarna är fiktiva.',
    'The sandbox listens on this machine only; the users are fictional.',
  ],
  you: ['Toimit käyttäjänä {name}', 'Du agerar som {name}', 'You act as {name}'],
  parentOf: ['Epic: {key}', 'Epic: {key}', 'Epic: {key}'],
} as const satisfies Record<string, readonly [string, string, string]>;

export type HostStringKey = keyof typeof STRINGS;

export function hostT(lang: HostLang, key: HostStringKey, vars: Record<string, string> = {}): string {
  const index = lang === 'sv' ? 1 : lang === 'en' ? 2 : 0;
  const text: string = STRINGS[key][index];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
