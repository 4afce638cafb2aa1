/**
 * The Käyttöönotto (deployment) phase of the City of Helsinki's traditional ICT development model
 * (KEHMET, "Perinteinen_toteutus_03"), as template data, version 1.0.0.
 *
 * Source: the phase page, kept as `shared/seed/kayttoonotto.txt`. The page is marked
 * "Beta / Luonnos", hence `status: 'draft'`.
 *
 * Rules for this file:
 * - Finnish text is copied word for word from the seed (surrounding whitespace trimmed). The one
 *   thing left out is the web page's link label " (lisätietoa)" ("more information") after two
 *   deliverables: it labels a hyperlink on the page and is not part of the deliverable's name.
 *   `completeness.ts` strips the same label (LINK_LABEL) when it compares the seed to this file.
 *   The page also has non-breaking spaces inside some lines ("Sopimuksellinen<nbsp>valmius"); they
 *   are layout, so this file has plain spaces and the comparison reads U+00A0 as a space.
 * - Where the seed has one sentence holding several gate conditions (the exit gate's lead-in and
 *   the phase output paragraph), each condition's Finnish text is the seed fragment with its first
 *   letter capitalised; the whole sentence stays in the gate's `intro` / the template's `output`.
 * - Swedish and English follow the glossary of PRODUCT.md (Tjänsteägare / Service owner,
 *   Informationssystemkarta / Information system map, Servicelöfte / Service promise, ...).
 * - Ids are stable and never change once released. Seed-derived ids are ASCII Finnish slugs:
 *   `section.<slug>`, `duty.<area>.<slug>`, `deliverable.<step>.<slug>`, `entry.<slug>`,
 *   `exit.<slug>`. The one condition the app adds (not in the seed) is `exit.all-items-done`.
 * - Arrays are in seed order; the UI and the spawn plan keep that order.
 */
// @ts-nocheck

import type { TemplateInput } from './schema';

/** The link label the web page puts after some deliverables; not content (see above). */
export const LINK_LABEL = '(lisätietoa)';

export const KAYTTOONOTTO: TemplateInput = {
  id: 'kayttoonotto',
  version: '1.0.0',
  status: 'draft',
  name: { fi: 'Käyttöönotto', sv: 'Ibruktagande', en: 'Deployment' },
  description: {
    fi: 'Käyttöönottovaiheen aikana hankkeessa kehitetty järjestelmä tai palvelu siirretään tuotantoon ja otetaan käyttöön. Vastuun siirtäminen hankkeelta ydintoiminnalle ja IT-operaatioille käynnistyy. Käyttöönottovaihe sisältää usein myös toimintatapojen muuttamista, ja vaatii siksi erityistä huomiota ja muutosjohtamista.',
    sv: 'Under ibruktagandefasen förs det system eller den tjänst som utvecklats i projektet över till produktion och tas i bruk. Överföringen av ansvaret från projektet till kärnverksamheten och IT-driften inleds. Ibruktagandefasen innebär ofta också förändrade arbetssätt och kräver därför särskild uppmärksamhet och förändringsledning.',
    en: 'During the deployment phase, the system or service developed in the project is moved into production and taken into use. The transfer of responsibility from the project to the core business and IT operations begins. The deployment phase often also involves changing ways of working, and therefore calls for particular attention and change management.',
  },
  output: {
    fi: 'Käyttöönottovaiheen varsinainen tuotos on sovitulla palvelulupauksella ylläpidossa oleva operatiiviseen käyttöön julkaistu ratkaisu. Ratkaisulle on nimetty palvelusta vastaava henkilö, pääkäyttäjät, ylläpito- ja tukiorganisaatiot. Heillä on käytössään toimintansa kannalta elintärkeät ohjeet, toimintatavat ja resurssit. Ratkaisu on kirjattu järjestelmäkarttaan tai jo olemassa olevat tiedot on päivitetty.',
    sv: 'Det egentliga resultatet av ibruktagandefasen är en lösning som har publicerats för operativ användning och som underhålls enligt ett överenskommet servicelöfte. För lösningen har en tjänsteägare, huvudanvändare samt underhålls- och supportorganisationer utsetts. De har tillgång till de anvisningar, arbetssätt och resurser som är livsviktiga för deras verksamhet. Lösningen har registrerats i informationssystemkartan, eller redan befintliga uppgifter har uppdaterats.',
    en: 'The actual output of the deployment phase is a solution released for operational use and maintained under an agreed service promise. The solution has a named service owner, main users, and maintenance and support organisations. They have the instructions, ways of working and resources vital to their work. The solution is recorded in the information system map, or the existing information has been updated.',
  },

  roles: [
    { id: 'project-manager', name: { fi: 'Hankepäällikkö', sv: 'Projektledare', en: 'Project manager' } },
    { id: 'service-owner', name: { fi: 'Palvelusta vastaava', sv: 'Tjänsteägare', en: 'Service owner' } },
    { id: 'architect', name: { fi: 'Arkkitehti', sv: 'Arkitekt', en: 'Architect' } },
    { id: 'implementation-team', name: { fi: 'Toteutustiimi', sv: 'Genomförandeteam', en: 'Implementation team' } },
    { id: 'production-team', name: { fi: 'Tuotantotiimi', sv: 'Driftteam', en: 'Production (operations) team' } },
    {
      id: 'steering-group',
      name: { fi: 'Johto-/ohjausryhmä', sv: 'Lednings-/styrgrupp', en: 'Management / steering group' },
    },
  ],

  sections: [
    // Under the exit gate on the page; the seed gives it no items.
    {
      id: 'section.tarkistuslista',
      kind: 'heading',
      title: {
        fi: 'Tarkistuslista vaiheen päättämiseksi',
        sv: 'Checklista för att avsluta fasen',
        en: 'Checklist for closing the phase',
      },
    },
    {
      id: 'section.valmistelu',
      kind: 'step',
      title: {
        fi: '1. Käyttöönoton valmistelu',
        sv: '1. Förberedelse av ibruktagandet',
        en: '1. Preparing the deployment',
      },
      subtitle: {
        fi: 'eli tuotantoon siirron valmiuksen luominen',
        sv: 'dvs. att skapa beredskap för överföringen till produktion',
        en: 'i.e. building readiness for the transfer to production',
      },
    },
    {
      id: 'section.valmistelu.suunnittelu',
      kind: 'heading',
      parentId: 'section.valmistelu',
      title: { fi: 'Suunnittelu', sv: 'Planering', en: 'Planning' },
    },
    {
      id: 'section.valmistelu.tekninen-valmius',
      kind: 'deliverable-group',
      parentId: 'section.valmistelu',
      title: { fi: 'Tekninen valmius', sv: 'Teknisk beredskap', en: 'Technical readiness' },
    },
    {
      id: 'section.valmistelu.sopimuksellinen-valmius',
      kind: 'heading',
      parentId: 'section.valmistelu',
      title: { fi: 'Sopimuksellinen valmius', sv: 'Avtalsmässig beredskap', en: 'Contractual readiness' },
    },
    {
      id: 'section.kayttoonotto',
      kind: 'step',
      title: { fi: '2. Käyttöönotto', sv: '2. Ibruktagande', en: '2. Deployment' },
      subtitle: {
        fi: 'eli siirtyminen vanhan järjestelmän käytöstä ja siihen liittyvistä toimintatavoista uuteen',
        sv: 'dvs. övergången från det gamla systemet och de tillhörande arbetssätten till det nya',
        en: 'i.e. moving from the old system and its ways of working to the new one',
      },
    },
    // The third column of "Käyttöönottovaiheen kulku ja tuotokset" on the page; no items in the seed.
    {
      id: 'section.hankehallinnan-tuotokset',
      kind: 'heading',
      title: {
        fi: 'Hankehallinnan tuotokset',
        sv: 'Projektledningens leveranser',
        en: 'Project management deliverables',
      },
    },
    // Duty areas of "Tärkeimmät tehtävät" (the most important duties).
    {
      id: 'section.ohjaus',
      kind: 'duty-area',
      title: {
        fi: 'Asiakaslähtöisyys ja ohjaus',
        sv: 'Kundorientering och styrning',
        en: 'Customer focus and steering',
      },
    },
    { id: 'section.hankinta', kind: 'duty-area', title: { fi: 'Hankinta', sv: 'Upphandling', en: 'Procurement' } },
    {
      id: 'section.arkkitehtuuri',
      kind: 'duty-area',
      title: { fi: 'Arkkitehtuuri', sv: 'Arkitektur', en: 'Architecture' },
    },
    {
      id: 'section.tietoturva',
      kind: 'duty-area',
      title: { fi: 'Tietoturva', sv: 'Informationssäkerhet', en: 'Information security' },
    },
    {
      id: 'section.tietosuoja',
      kind: 'duty-area',
      title: { fi: 'Tietosuoja', sv: 'Dataskydd', en: 'Data protection' },
    },
  ],

  items: [
    // ---------------------------------------------------------------------------------------------
    // Deliverables. The seed names no owner: each `role` is a default a project can change in its
    // settings (ProjectSettings.deliverableOwners). The reason for each default is given above it.
    // ---------------------------------------------------------------------------------------------

    // 1. Käyttöönoton valmistelu / Tekninen valmius
    // The security audit report (filled in on the city's template) documents the security testing of
    // the delivered system: the implementation team (incl. the supplier) has the facts and does it.
    {
      id: 'deliverable.valmistelu.tietoturvatarkastusraportti',
      kind: 'deliverable',
      sectionId: 'section.valmistelu.tekninen-valmius',
      role: 'implementation-team',
      text: {
        fi: 'Tietoturvatarkastusraportti -pohja',
        sv: 'Rapport om informationssäkerhetsgranskning (mall)',
        en: 'Information security audit report (template)',
      },
    },
    // Data protection is the service owner's duty in the seed (Tietosuoja / Palvelusta vastaava);
    // the review is theirs to get done and signed off.
    {
      id: 'deliverable.valmistelu.tietosuojatarkistus',
      kind: 'deliverable',
      sectionId: 'section.valmistelu.tekninen-valmius',
      role: 'service-owner',
      text: { fi: 'Tietosuojatarkistus', sv: 'Dataskyddsgranskning', en: 'Data protection review' },
    },
    // Describing the security features so others can carry on is knowledge only the builders hold.
    {
      id: 'deliverable.valmistelu.tietoturvapiirteiden-kuvaus',
      kind: 'deliverable',
      sectionId: 'section.valmistelu.tekninen-valmius',
      role: 'implementation-team',
      text: {
        fi: 'Kuvaus tietoturvapiirteistä niin, että eri henkilöt voivat tarvittaessa jatkaa työtä',
        sv: 'Beskrivning av säkerhetsegenskaperna så att andra personer vid behov kan fortsätta arbetet',
        en: 'Description of the security features, so that other people can continue the work if needed',
      },
    },
    // Technical recovery and continuity are run by operations, who will execute the plan.
    {
      id: 'deliverable.valmistelu.toipumis-ja-jatkuvuussuunnitelma',
      kind: 'deliverable',
      sectionId: 'section.valmistelu.tekninen-valmius',
      role: 'production-team',
      text: {
        fi: 'Järjestelmän tekninen toipumissuunnitelma ja prosessin jatkuvuussuunnitelma',
        sv: 'Systemets tekniska återställningsplan och processens kontinuitetsplan',
        en: 'Technical recovery plan for the system and continuity plan for the process',
      },
    },
    // The information system map and enterprise architecture documents are the architect's
    // (see the Arkkitehtuuri duties).
    {
      id: 'deliverable.valmistelu.tietojarjestelmakartta-paivitys',
      kind: 'deliverable',
      sectionId: 'section.valmistelu.tekninen-valmius',
      role: 'architect',
      text: {
        fi: 'Kaupungin tietojärjestelmäkartta - päivitys ja kokonaisarkkitehtoniset dokumentit',
        sv: 'Stadens informationssystemkarta – uppdatering och dokument om helhetsarkitekturen',
        en: 'City information system map – update and enterprise architecture documents',
      },
    },

    // 2. Käyttöönotto (deliverables sit directly under the step)
    // Testing the integrations and performance in production is technical work of the implementers.
    {
      id: 'deliverable.kayttoonotto.integraatio-ja-suorituskykytestaus',
      kind: 'deliverable',
      sectionId: 'section.kayttoonotto',
      role: 'implementation-team',
      text: {
        fi: 'Integraatio- ja suorituskykytestaus tuotantoympäristössä',
        sv: 'Integrations- och prestandatestning i produktionsmiljön',
        en: 'Integration and performance testing in the production environment',
      },
    },
    // Migrations are built and run by the implementers, who know the new system's data model.
    {
      id: 'deliverable.kayttoonotto.datamigraatiot',
      kind: 'deliverable',
      sectionId: 'section.kayttoonotto',
      role: 'implementation-team',
      text: { fi: 'Datamigraatiot', sv: 'Datamigreringar', en: 'Data migrations' },
    },
    // The service owner identifies the affected staff and plans their training and the change
    // (Asiakaslähtöisyys ja ohjaus / Palvelusta vastaava), so the deliverable is theirs.
    {
      id: 'deliverable.kayttoonotto.kayttajakoulutukset',
      kind: 'deliverable',
      sectionId: 'section.kayttoonotto',
      role: 'service-owner',
      text: {
        fi: 'Käyttäjäkoulutukset ja (mahdolliset) käyttäjäorganisaation tehtävänkuvan muutokset',
        sv: 'Användarutbildningar och (eventuella) ändringar i användarorganisationens arbetsbeskrivningar',
        en: "User training and (any) changes to the user organisation's job descriptions",
      },
    },
    // The documentation the maintainers need describes what the implementers built.
    {
      id: 'deliverable.kayttoonotto.yllapitodokumentaatio',
      kind: 'deliverable',
      sectionId: 'section.kayttoonotto',
      role: 'implementation-team',
      text: {
        fi: 'Ylläpito-organisaation tarvitseman dokumentaation viimeistely',
        sv: 'Färdigställande av den dokumentation som underhållsorganisationen behöver',
        en: 'Finalising the documentation the maintenance organisation needs',
      },
    },
    // Adding the solution to the information system map and its architecture documentation: the
    // architect's (Arkkitehtuuri duties).
    {
      id: 'deliverable.kayttoonotto.tietojarjestelmakartta-lisaaminen',
      kind: 'deliverable',
      sectionId: 'section.kayttoonotto',
      role: 'architect',
      text: {
        fi: 'Kaupungin tietojärjestelmäkartta - lisääminen ja arkkitehtuuridokumentaatio',
        sv: 'Stadens informationssystemkarta – tillägg och arkitekturdokumentation',
        en: 'City information system map – addition and architecture documentation',
      },
    },

    // ---------------------------------------------------------------------------------------------
    // Duties ("Tärkeimmät tehtävät"), 28, in seed order; `role` is the role heading they stand under.
    // ---------------------------------------------------------------------------------------------

    // Asiakaslähtöisyys ja ohjaus / Hankepäällikkö
    {
      id: 'duty.ohjaus.hyvaksyntatestauksen-loppuraportti',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Laatii hyväksyntätestauksen loppuraportin',
        sv: 'Utarbetar slutrapporten för godkännandetestningen',
        en: 'Prepares the final report of the acceptance testing',
      },
    },
    {
      id: 'duty.ohjaus.kaytonaikainen-laadunvarmistussuunnitelma',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Laatii yhteistyössä palvelusta vastaavan kanssa käytönaikaisen laadunvarmistussuunnitelman',
        sv: 'Utarbetar i samarbete med tjänsteägaren en plan för kvalitetssäkringen under drift',
        en: 'Prepares, together with the service owner, the quality assurance plan for the period of use',
      },
    },
    {
      id: 'duty.ohjaus.tuotantoon-siirrot',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Suunnittelee, organisoi ja johtaa tuotantoon siirrot',
        sv: 'Planerar, organiserar och leder överföringarna till produktion',
        en: 'Plans, organises and leads the transfers to production',
      },
    },
    {
      id: 'duty.ohjaus.tuotanto-ongelmien-kasittely',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Vastaa tuotantoympäristössä havaittujen ongelmien pikaisesta käsittelystä ja organisoi korjauksen (myös kehitystiimeiltä vaaditaan korotettua valmiustasoa esiin tulevien ongelmien nopeaa ratkaisemista varten)',
        sv: 'Ansvarar för att problem som upptäcks i produktionsmiljön hanteras snabbt och organiserar korrigeringen (även utvecklingsteamen förväntas ha förhöjd beredskap för att snabbt lösa problem som uppstår)',
        en: 'Is responsible for handling problems found in the production environment promptly and organises their fixing (the development teams, too, are required to be on heightened readiness to solve emerging problems quickly)',
      },
    },
    {
      id: 'duty.ohjaus.koulutusmateriaali',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Vastaa käyttäjäkoulutuksissa tarvittavan materiaalin tuottamisesta',
        sv: 'Ansvarar för att det material som behövs i användarutbildningarna tas fram',
        en: 'Is responsible for producing the material needed in user training',
      },
    },
    {
      id: 'duty.ohjaus.osaamisen-siirto',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Käynnistää osaamisen siirtämisen ylläpito-organisaatiolle',
        sv: 'Inleder överföringen av kunnande till underhållsorganisationen',
        en: 'Starts the transfer of know-how to the maintenance organisation',
      },
    },
    {
      id: 'duty.ohjaus.yllapitovaiheen-suunnitelma',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Laatii suunnitelman ylläpitovaiheen resursoinnista ja tehtävistä',
        sv: 'Utarbetar en plan för underhållsfasens resurser och uppgifter',
        en: 'Prepares a plan for the resourcing and tasks of the maintenance phase',
      },
    },
    {
      id: 'duty.ohjaus.esitys-hankkeen-paattamisesta',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'project-manager',
      text: {
        fi: 'Tekee ohjaus/johtoryhmälle esityksen hankkeen päättämisestä',
        sv: 'Lägger fram ett förslag för styr-/ledningsgruppen om att avsluta projektet',
        en: 'Makes a proposal to the steering/management group to close the project',
      },
    },
    // Asiakaslähtöisyys ja ohjaus / Palvelusta vastaava
    {
      id: 'duty.ohjaus.muutoksen-lapivienti-ja-koulutussuunnitelma',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'service-owner',
      text: {
        fi: 'Tunnistaa henkilöstöryhmät, joihin järjestelmän tai palvelun käyttöönottoon liittyvä muutos kohdistuu ja laatii suunnitelman käyttäjien kouluttamisesta ja muista muutoksen läpiviennin vaatimista tehtävistä',
        sv: 'Identifierar de personalgrupper som berörs av den förändring som ibruktagandet av systemet eller tjänsten medför och utarbetar en plan för utbildningen av användarna och för andra uppgifter som genomförandet av förändringen kräver',
        en: 'Identifies the staff groups affected by the change that deploying the system or service brings, and prepares a plan for training the users and for the other tasks needed to carry the change through',
      },
    },
    {
      id: 'duty.ohjaus.yllapidon-resurssit',
      kind: 'duty',
      sectionId: 'section.ohjaus',
      role: 'service-owner',
      text: {
        fi: 'Allokoi resurssit ylläpitoa varten',
        sv: 'Fördelar resurser för underhållet',
        en: 'Allocates the resources for maintenance',
      },
    },

    // Hankinta / Hankepäällikkö
    {
      id: 'duty.hankinta.saatavuus-ja-jatkuvuus-sopimuksissa',
      kind: 'duty',
      sectionId: 'section.hankinta',
      role: 'project-manager',
      text: {
        fi: 'Varmistaa, että toimitussopimuksissa on huomioitu palvelun saatavuuteen ja jatkuvuuteen liittyvät vaatimukset ja että toimittajilla on kyvykkyys toimittaa näiden vaatimusten mukaista palvelua',
        sv: 'Säkerställer att leveransavtalen beaktar kraven på tjänstens tillgänglighet och kontinuitet och att leverantörerna har förmåga att leverera en tjänst som uppfyller dessa krav',
        en: "Ensures that the supply contracts take into account the requirements for the service's availability and continuity, and that the suppliers are capable of delivering a service that meets these requirements",
      },
    },

    // Arkkitehtuuri / Arkkitehti
    {
      id: 'duty.arkkitehtuuri.arkkitehtuurikuvausten-viimeistely',
      kind: 'duty',
      sectionId: 'section.arkkitehtuuri',
      role: 'architect',
      text: {
        fi: 'Viimeistelee yhteistyössä toimittajien kanssa arkkitehtuurikuvaukset siten, että ne vastaavat lopullista toteutusta',
        sv: 'Färdigställer i samarbete med leverantörerna arkitekturbeskrivningarna så att de motsvarar den slutliga implementeringen',
        en: 'Finalises, together with the suppliers, the architecture descriptions so that they match the final implementation',
      },
      subPoints: [
        { fi: 'Uudet ratkaisut', sv: 'Nya lösningar', en: 'New solutions' },
        { fi: 'Poistuvat ratkaisut', sv: 'Lösningar som avvecklas', en: 'Solutions being retired' },
        { fi: 'Muutokset', sv: 'Ändringar', en: 'Changes' },
      ],
    },
    {
      id: 'duty.arkkitehtuuri.tavoitetila-nykytilaan',
      kind: 'duty',
      sectionId: 'section.arkkitehtuuri',
      role: 'architect',
      text: {
        fi: 'Siirtää toteutuneen tavoitetilan kuvauksen osaksi nykytilan kuvausta',
        sv: 'För över beskrivningen av det förverkligade målläget till beskrivningen av nuläget',
        en: 'Moves the description of the realised target state into the description of the current state',
      },
    },
    {
      id: 'duty.arkkitehtuuri.perustiedot-operatiivisiin-jarjestelmiin',
      kind: 'duty',
      sectionId: 'section.arkkitehtuuri',
      role: 'architect',
      text: {
        fi: 'Päivittää muut tarvittavat perustiedot muihin operatiivisiin järjestelmiin, esimerkiksi palvelurekisteriin mikäli tietoihin on tullut muutoksia',
        sv: 'Uppdaterar övriga nödvändiga basuppgifter i andra operativa system, till exempel i tjänsteregistret, om uppgifterna har ändrats',
        en: 'Updates the other necessary basic information in other operational systems, for example the service register, if the information has changed',
      },
    },
    {
      id: 'duty.arkkitehtuuri.hallinnolliset-tiedot',
      kind: 'duty',
      sectionId: 'section.arkkitehtuuri',
      role: 'architect',
      text: {
        fi: 'Viimeistelee tietojärjestelmiin liittyvät ajantasaiset hallinnolliset tiedot, esimerkiksi selosteet ja tietojärjestelmäluettelot',
        sv: 'Färdigställer aktuella administrativa uppgifter om informationssystemen, till exempel registerbeskrivningar och förteckningar över informationssystem',
        en: 'Finalises the up-to-date administrative information on the information systems, for example register descriptions and information system lists',
      },
    },
    {
      id: 'duty.arkkitehtuuri.koulutuksiin-osallistuminen',
      kind: 'duty',
      sectionId: 'section.arkkitehtuuri',
      role: 'architect',
      text: {
        fi: 'Osallistuu koulutuksien suunnitteluun ja toteutukseen varmistaakseen, että toimijat ymmärtävät ratkaisukokonaisuuden ja sen kytkeytymisen toimintaympäristöön',
        sv: 'Deltar i planeringen och genomförandet av utbildningarna för att säkerställa att aktörerna förstår helhetslösningen och hur den är kopplad till verksamhetsmiljön',
        en: 'Takes part in planning and delivering the training to ensure that those involved understand the overall solution and how it connects to its operating environment',
      },
    },

    // Tietoturva / Toteutustiimi
    {
      id: 'duty.tietoturva.komponenttien-omavalvonta',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'implementation-team',
      text: {
        fi: 'Vastaa palvelussa käytettävien ohjelmistokomponenttien tietoturvatilanteen omavalvonnasta ja haavoittuvien komponenttien päivityksestä',
        sv: 'Ansvarar för egenkontrollen av informationssäkerhetsläget hos de programvarukomponenter som används i tjänsten och för uppdateringen av sårbara komponenter',
        en: 'Is responsible for self-monitoring the security status of the software components used in the service and for updating vulnerable components',
      },
    },
    {
      id: 'duty.tietoturva.haavoittuvuuskorjaukset',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'implementation-team',
      text: {
        fi: 'Tekee ulkopuolelta tulevien tietoturvahaavoittuvuusraporttien mukaiset korjaukset',
        sv: 'Gör de korrigeringar som externa rapporter om säkerhetssårbarheter kräver',
        en: 'Makes the fixes called for by security vulnerability reports received from outside',
      },
    },
    // Tietoturva / Palvelusta vastaava
    {
      id: 'duty.tietoturva.kaytonaikaiset-tietoturvatarkastukset',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'service-owner',
      text: {
        fi: 'Järjestää säännöllisiä käytönaikaisia tietoturvatarkastuksia ja organisoi niissä havaittujen puutteiden korjauksen',
        sv: 'Ordnar regelbundna informationssäkerhetsgranskningar under drift och organiserar korrigeringen av de brister som upptäcks vid dem',
        en: 'Arranges regular information security audits during use and organises the fixing of the shortcomings they reveal',
      },
    },
    {
      id: 'duty.tietoturva.haavoittuvuusraporttien-analysointi',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'service-owner',
      text: {
        fi: 'Analysoi ulkopuolelta tulevat tietoturvahaavoittuvuusraportit, priorisoi ja organisoi korjaukset',
        sv: 'Analyserar externa rapporter om säkerhetssårbarheter, prioriterar och organiserar korrigeringarna',
        en: 'Analyses security vulnerability reports received from outside, prioritises and organises the fixes',
      },
    },
    {
      id: 'duty.tietoturva.riskianalyysin-paivitys',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'service-owner',
      text: {
        fi: 'Suurissa muutoksissa päivittää riskianalyysin ja organisoi sen mukaiset jatkotyöt',
        sv: 'Uppdaterar riskanalysen vid stora förändringar och organiserar det fortsatta arbete som den kräver',
        en: 'For major changes, updates the risk analysis and organises the follow-up work it calls for',
      },
    },
    {
      id: 'duty.tietoturva.kehitysaikaisten-jarjestelyjen-purku',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'service-owner',
      text: {
        fi: 'Selvittää, mitä kehitysaikaisia järjestelyjä (käyttäjäoikeudet, järjestelmät, tietoliikenneyhteydet yms) voidaan purkaa kun tuotanto on alkanut.',
        sv: 'Utreder vilka arrangemang från utvecklingstiden (användarrättigheter, system, datakommunikationsförbindelser o.d.) som kan avvecklas när produktionen har inletts.',
        en: 'Determines which development-time arrangements (user rights, systems, network connections, etc.) can be dismantled once production has started.',
      },
    },
    // Tietoturva / Tuotantotiimi
    {
      id: 'duty.tietoturva.tietoturvallisuustilanteen-valvonta',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'production-team',
      text: {
        fi: 'Valvoo palvelun tietoturvallisuustilannetta ja raportoi siitä normaalien käytäntöjen mukaan',
        sv: 'Övervakar tjänstens informationssäkerhetsläge och rapporterar om det enligt normal praxis',
        en: 'Monitors the security status of the service and reports on it according to normal practice',
      },
    },
    {
      id: 'duty.tietoturva.tuotantoalustan-tietoturvapaivitykset',
      kind: 'duty',
      sectionId: 'section.tietoturva',
      role: 'production-team',
      text: {
        fi: 'Huolehtii tuotantoalustan tietoturvapäivityksistä',
        sv: 'Sköter produktionsplattformens säkerhetsuppdateringar',
        en: 'Takes care of the security updates of the production platform',
      },
    },

    // Tietosuoja / Johto-/ohjausryhmä
    {
      id: 'duty.tietosuoja.tietosuojavaatimusten-tayttymisen-vastuu',
      kind: 'duty',
      sectionId: 'section.tietosuoja',
      role: 'steering-group',
      text: {
        fi: 'Vastaa siitä, että uusi palvelu täyttää sille asetetut tietosuojavaatimukset ennen sen käyttöönottoa.',
        sv: 'Ansvarar för att den nya tjänsten uppfyller de dataskyddskrav som ställts på den innan den tas i bruk.',
        en: 'Is accountable for the new service meeting the data protection requirements set for it before it is deployed.',
      },
    },
    // Tietosuoja / Palvelusta vastaava
    {
      id: 'duty.tietosuoja.tietosuojaliite-yllapitosopimukseen',
      kind: 'duty',
      sectionId: 'section.tietosuoja',
      role: 'service-owner',
      text: {
        fi: 'Huolehtii siitä, että palvelun ylläpidosta tehtävään sopimukseen lisätään tietosuoja- ja salassapitoliite tai tietosuojaliite, jos ylläpidosta vastaa palveluntuottaja ja jos palvelussa käsitellään henkilötietoja.',
        sv: 'Ser till att en bilaga om dataskydd och sekretess eller en dataskyddsbilaga fogas till avtalet om underhåll av tjänsten, om en tjänsteleverantör ansvarar för underhållet och om personuppgifter behandlas i tjänsten.',
        en: 'Makes sure that a data protection and confidentiality annex or a data protection annex is added to the contract for maintaining the service, if a service provider is responsible for maintenance and the service processes personal data.',
      },
    },
    {
      id: 'duty.tietosuoja.tietosuojavaatimusten-varmistus',
      kind: 'duty',
      sectionId: 'section.tietosuoja',
      role: 'service-owner',
      text: {
        fi: 'Varmistaa, että uusi palvelu täyttää sille asetetut tietosuojavaatimukset ennen palvelun käyttöönottoa.',
        sv: 'Säkerställer att den nya tjänsten uppfyller de dataskyddskrav som ställts på den innan tjänsten tas i bruk.',
        en: 'Ensures that the new service meets the data protection requirements set for it before the service is deployed.',
      },
    },
    // Tietosuoja / Tuotantotiimi
    {
      id: 'duty.tietosuoja.tietosuojan-yllapito',
      kind: 'duty',
      sectionId: 'section.tietosuoja',
      role: 'production-team',
      text: {
        fi: 'Huolehtii tietosuojan toteutumisen ylläpidosta sovitulla tavalla.',
        sv: 'Ser till att dataskyddet fortsätter att förverkligas på överenskommet sätt.',
        en: 'Makes sure data protection continues to be upheld in the agreed way.',
      },
    },
  ],

  gates: {
    entry: {
      id: 'entry',
      title: {
        fi: 'Edellytykset käyttöönottovaiheen aloittamiselle',
        sv: 'Förutsättningar för att inleda ibruktagandefasen',
        en: 'Prerequisites for starting the deployment phase',
      },
      intro: {
        fi: 'Käyttöönotto voidaan aloittaa, kun',
        sv: 'Ibruktagandet kan inledas när',
        en: 'Deployment can start when',
      },
      conditions: [
        // The project manager presents the deliverables; the steering group accepts them.
        {
          id: 'entry.lopputuotokset-hyvaksytty',
          kind: 'attestation',
          attestRoles: ['project-manager', 'steering-group'],
          text: {
            fi: 'Kaikki hankkeessa vaaditut lopputuotokset on toimitettu ja hyväksytty',
            sv: 'Alla slutleveranser som krävs i projektet har levererats och godkänts',
            en: 'All final deliverables required in the project have been delivered and accepted',
          },
        },
        {
          id: 'entry.dokumentaatio-hyvaksytty',
          kind: 'attestation',
          attestRoles: ['project-manager'],
          text: {
            fi: 'Lopputuotoksiin liittyvä dokumentaatio on toimitettu ja hyväksytty',
            sv: 'Dokumentationen för slutleveranserna har levererats och godkänts',
            en: 'The documentation of the final deliverables has been delivered and accepted',
          },
        },
        // Agreed between the project and the line organisation that takes over.
        {
          id: 'entry.tuotannon-vastuut-sovittu',
          kind: 'attestation',
          attestRoles: ['project-manager', 'service-owner'],
          text: {
            fi: 'Tuotannon aikaiset vastuut on sovittu',
            sv: 'Ansvaret under produktionen har avtalats',
            en: 'Responsibilities during production have been agreed',
          },
        },
        {
          id: 'entry.rahoitus-sopimukset-resurssit',
          kind: 'attestation',
          attestRoles: ['steering-group', 'project-manager'],
          text: {
            fi: 'Rahoitus, sopimukset ja resurssit tuotantoonsiirtoa varten on olemassa',
            sv: 'Finansiering, avtal och resurser för överföringen till produktion finns',
            en: 'Funding, contracts and resources for the transfer to production are in place',
          },
        },
        // Only the steering group can accept the risk; the acceptance records the risk level and the
        // security and data-protection levels, and is void when the epic's risk level changes.
        {
          id: 'entry.tuotantokaytto-hyvaksytty',
          kind: 'attestation',
          attestRoles: ['steering-group'],
          approval: 'risk-acceptance',
          text: {
            fi: 'Johto/ohjausryhmä on hyväksynyt palvelun tuotantokäyttöön nykyisellä riskitasolla ja tuotantoympäristö ja sen hallinta noudattaa palvelulle määriteltyä tietoturvatasoa ja tietosuojavaatimuksia.',
            sv: 'Lednings-/styrgruppen har godkänt tjänsten för produktionsbruk på den nuvarande risknivån, och produktionsmiljön och dess förvaltning följer den informationssäkerhetsnivå och de dataskyddskrav som fastställts för tjänsten.',
            en: 'The management/steering group has approved the service for production use at the current risk level, and the production environment and its management comply with the information security level and data protection requirements defined for the service.',
          },
        },
      ],
    },
    exit: {
      id: 'exit',
      title: {
        fi: 'Milloin käyttöönottovaihe on onnistuneesti valmis',
        sv: 'När ibruktagandefasen är framgångsrikt slutförd',
        en: 'When the deployment phase is successfully complete',
      },
      intro: {
        fi: 'Vaihe päättyy kun varsinainen kehittäminen on päättynyt ja tuotantoonsiirto on tapahtunut, uusi järjestelmä tai palvelu on käytössä ja edellytykset kehittämis- ja ylläpitovastuiden siirtämisen aloittamiselle hankeorganisaatiolta liiketoiminnalle ovat olemassa:',
        sv: 'Fasen avslutas när den egentliga utvecklingen har avslutats och överföringen till produktion har skett, det nya systemet eller den nya tjänsten är i bruk och förutsättningarna finns för att börja överföra utvecklings- och underhållsansvaret från projektorganisationen till verksamheten:',
        en: 'The phase ends when the actual development has ended and the transfer to production has taken place, the new system or service is in use, and the prerequisites exist for starting to transfer development and maintenance responsibilities from the project organisation to the business:',
      },
      conditions: [
        // Fragments of the lead-in sentence. The sentence's last fragment ("edellytykset ... ovat
        // olemassa:") introduces the two bullets that follow and is covered by them.
        {
          id: 'exit.kehittaminen-paattynyt',
          kind: 'attestation',
          attestRoles: ['project-manager'],
          text: {
            fi: 'Varsinainen kehittäminen on päättynyt',
            sv: 'Den egentliga utvecklingen har avslutats',
            en: 'The actual development has ended',
          },
        },
        // The project manager leads the transfers; operations confirm they have received it.
        {
          id: 'exit.tuotantoonsiirto-tapahtunut',
          kind: 'attestation',
          attestRoles: ['project-manager', 'production-team'],
          text: {
            fi: 'Tuotantoonsiirto on tapahtunut',
            sv: 'Överföringen till produktion har skett',
            en: 'The transfer to production has taken place',
          },
        },
        {
          id: 'exit.kaytossa',
          kind: 'attestation',
          attestRoles: ['service-owner', 'project-manager'],
          text: {
            fi: 'Uusi järjestelmä tai palvelu on käytössä',
            sv: 'Det nya systemet eller den nya tjänsten är i bruk',
            en: 'The new system or service is in use',
          },
        },
        // Bullets of the exit gate.
        {
          id: 'exit.toimittajasopimukset',
          kind: 'attestation',
          attestRoles: ['service-owner', 'project-manager'],
          evidence: 'optional',
          text: {
            fi: 'Sopimukset toimittajien kanssa (alusta- ja sovellusylläpito ja kehitys)',
            sv: 'Avtal med leverantörerna (plattforms- och applikationsunderhåll samt utveckling)',
            en: 'Contracts with the suppliers (platform and application maintenance and development)',
          },
        },
        // Derived from the epic's roster; also covers "palvelusta vastaava henkilö" of the output.
        {
          id: 'exit.palvelusta-vastaava-nimetty',
          kind: 'automatic',
          rule: { type: 'roster-filled', roles: ['service-owner'] },
          text: {
            fi: 'Palvelusta vastaava on nimetty',
            sv: 'Tjänsteägaren har utsetts',
            en: 'The service owner has been named',
          },
        },
        // The phase output paragraph (template `output`), sentence by sentence.
        {
          id: 'exit.palvelulupaus',
          kind: 'attestation',
          attestRoles: ['service-owner'],
          text: {
            fi: 'Käyttöönottovaiheen varsinainen tuotos on sovitulla palvelulupauksella ylläpidossa oleva operatiiviseen käyttöön julkaistu ratkaisu.',
            sv: 'Det egentliga resultatet av ibruktagandefasen är en lösning som har publicerats för operativ användning och som underhålls enligt ett överenskommet servicelöfte.',
            en: 'The actual output of the deployment phase is a solution released for operational use and maintained under an agreed service promise.',
          },
        },
        // "Ratkaisulle on nimetty palvelusta vastaava henkilö, pääkäyttäjät, ylläpito- ja
        // tukiorganisaatiot." -> the service owner is covered above; main users; maintenance and support.
        {
          id: 'exit.paakayttajat-nimetty',
          kind: 'attestation',
          attestRoles: ['service-owner'],
          text: {
            fi: 'Ratkaisulle on nimetty pääkäyttäjät.',
            sv: 'Huvudanvändare har utsetts för lösningen.',
            en: 'Main users have been named for the solution.',
          },
        },
        {
          id: 'exit.yllapito-ja-tukiorganisaatiot-nimetty',
          kind: 'attestation',
          attestRoles: ['service-owner', 'production-team'],
          text: {
            fi: 'Ratkaisulle on nimetty ylläpito- ja tukiorganisaatiot.',
            sv: 'Underhålls- och supportorganisationer har utsetts för lösningen.',
            en: 'Maintenance and support organisations have been named for the solution.',
          },
        },
        {
          id: 'exit.ohjeet-toimintatavat-resurssit',
          kind: 'attestation',
          attestRoles: ['service-owner'],
          text: {
            fi: 'Heillä on käytössään toimintansa kannalta elintärkeät ohjeet, toimintatavat ja resurssit.',
            sv: 'De har tillgång till de anvisningar, arbetssätt och resurser som är livsviktiga för deras verksamhet.',
            en: 'They have the instructions, ways of working and resources vital to their work.',
          },
        },
        {
          id: 'exit.jarjestelmakartta',
          kind: 'attestation',
          attestRoles: ['architect'],
          text: {
            fi: 'Ratkaisu on kirjattu järjestelmäkarttaan tai jo olemassa olevat tiedot on päivitetty.',
            sv: 'Lösningen har registrerats i informationssystemkartan, eller redan befintliga uppgifter har uppdaterats.',
            en: 'The solution is recorded in the information system map, or the existing information has been updated.',
          },
        },
        // Added by the app (not a seed sentence): the children of the epic are what the seed's
        // duties and deliverables become, and the exit gate needs them done.
        {
          id: 'exit.all-items-done',
          kind: 'automatic',
          rule: { type: 'items-done' },
          text: {
            fi: 'Kaikki pakolliset tehtävät ja tuotokset on tehty tai niistä on hyväksytty poikkeus.',
            sv: 'Alla obligatoriska uppgifter och leveranser är utförda eller har ett godkänt undantag.',
            en: 'All mandatory duties and deliverables are done or have an approved waiver.',
          },
        },
      ],
    },
  },
};
