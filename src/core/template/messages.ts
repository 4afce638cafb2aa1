/**
 * Template problems in the user's language. The core writes every problem in English, starting
 * with its path (the CLI prints them as they are); the settings page shows the same problems
 * translated: the path and quoted values stay, the wording is Finnish or Swedish. A problem with
 * no translation here is shown in English. Pure.
 */
import type { Locale } from './schema';

type Rule = [RegExp, (m: RegExpMatchArray) => string, (m: RegExpMatchArray) => string];

const LANG: Record<string, { fi: string; sv: string }> = {
  Finnish: { fi: 'Suomenkielinen', sv: 'Finsk' },
  Swedish: { fi: 'Ruotsinkielinen', sv: 'Svensk' },
  English: { fi: 'Englanninkielinen', sv: 'Engelsk' },
};

const RULES: Rule[] = [
  [
    /^(Finnish|Swedish|English) text is missing$/,
    (m) => `${LANG[m[1] ?? '']?.fi} teksti puuttuu`,
    (m) => `${LANG[m[1] ?? '']?.sv} text saknas`,
  ],
  [
    /^(Finnish|Swedish|English) text must be a string$/,
    (m) => `${LANG[m[1] ?? '']?.fi} tekstin pitää olla merkkijono`,
    (m) => `${LANG[m[1] ?? '']?.sv} text måste vara en sträng`,
  ],
  [/^unknown field (".*")$/, (m) => `tuntematon kenttä ${m[1]}`, (m) => `okänt fält ${m[1]}`],
  [
    /^unknown role (".*") \(known: (.*)\)$/,
    (m) => `tuntematon rooli ${m[1]} (tunnetut: ${m[2]})`,
    (m) => `okänd roll ${m[1]} (kända: ${m[2]})`,
  ],
  [
    /^duplicate id (".*") \(also at (.*)\)$/,
    (m) => `tunniste ${m[1]} on jo käytössä (myös kohdassa ${m[2]})`,
    (m) => `id ${m[1]} används redan (även vid ${m[2]})`,
  ],
  [/^unknown section (".*")$/, (m) => `tuntematon osio ${m[1]}`, (m) => `okänt avsnitt ${m[1]}`],
  [
    /^no role can confirm this condition \(name at least one role\)$/,
    () => 'mikään rooli ei voi vahvistaa tätä ehtoa (nimeä vähintään yksi rooli)',
    () => 'ingen roll kan bekräfta detta villkor (ange minst en roll)',
  ],
  [
    /^required field is missing \(expected (.*)\)$/,
    (m) => `pakollinen kenttä puuttuu (odotettiin: ${m[1]})`,
    (m) => `obligatoriskt fält saknas (förväntat: ${m[1]})`,
  ],
  [/^expected (.*), received (.*)$/, (m) => `odotettiin ${m[1]}, saatiin ${m[2]}`, (m) => `förväntade ${m[1]}, fick ${m[2]}`],
  [
    /^unknown (value|kind|type) (.*) \(known: (.*)\)$/,
    (m) => `tuntematon arvo ${m[2]} (tunnetut: ${m[3]})`,
    (m) => `okänt värde ${m[2]} (kända: ${m[3]})`,
  ],
  [/^needs at least (\d+) entr(?:y|ies)$/, (m) => `tarvitaan vähintään ${m[1]}`, (m) => `minst ${m[1]} behövs`],
  [
    /^role (".*") is missing \(every template lists all of (.*)\)$/,
    (m) => `rooli ${m[1]} puuttuu (jokainen malli luettelee kaikki: ${m[2]})`,
    (m) => `rollen ${m[1]} saknas (varje mall listar alla: ${m[2]})`,
  ],
  [
    /^role (".*") is listed twice \(also at (.*)\)$/,
    (m) => `rooli ${m[1]} on kahdesti (myös kohdassa ${m[2]})`,
    (m) => `rollen ${m[1]} finns två gånger (även vid ${m[2]})`,
  ],
  [
    /^section (".*") is a heading; headings hold no items$/,
    (m) => `osio ${m[1]} on otsikko; otsikon alla ei ole kohtia`,
    (m) => `avsnittet ${m[1]} är en rubrik; rubriker har inga punkter`,
  ],
  [
    /^a section cannot be its own parent$/,
    () => 'osio ei voi olla oma yläosionsa',
    () => 'ett avsnitt kan inte vara sitt eget överavsnitt',
  ],
  [
    /^id must be lowercase letters and digits joined by "-" or "."$/,
    () => 'tunnisteessa saa olla pieniä kirjaimia ja numeroita, erottimina "-" tai "."',
    () => 'id får innehålla små bokstäver och siffror, åtskilda med "-" eller "."',
  ],
  [
    /^version must be MAJOR\.MINOR\.PATCH$/,
    () => 'version muoto on MAJOR.MINOR.PATCH (esim. 1.1.0)',
    () => 'versionen har formen MAJOR.MINOR.PATCH (t.ex. 1.1.0)',
  ],
  [
    /^(\w+) is only allowed on (attestation|automatic) conditions \(this one is (".*")\)$/,
    (m) => `${m[1]} sallitaan vain ${m[2] === 'automatic' ? 'automaattisissa' : 'vahvistettavissa'} ehdoissa (tämä on ${m[3]})`,
    (m) => `${m[1]} tillåts bara i ${m[2] === 'automatic' ? 'automatiska' : 'bekräftade'} villkor (detta är ${m[3]})`,
  ],
  [
    /^gate id must be (".*") \(found (".*")\)$/,
    (m) => `portin tunnisteen pitää olla ${m[1]} (nyt ${m[2]})`,
    (m) => `grindens id måste vara ${m[1]} (nu ${m[2]})`,
  ],
  [/^the document is empty$/, () => 'tiedosto on tyhjä', () => 'filen är tom'],
  [
    /^the document is longer than (\d+) characters$/,
    (m) => `tiedosto on yli ${m[1]} merkkiä pitkä`,
    (m) => `filen är längre än ${m[1]} tecken`,
  ],
  [
    /^line (\d+), column (\d+): a key is written twice$/,
    (m) => `rivi ${m[1]}, sarake ${m[2]}: avain on kirjoitettu kahdesti`,
    (m) => `rad ${m[1]}, kolumn ${m[2]}: en nyckel är skriven två gånger`,
  ],
  [
    /^line (\d+), column (\d+): (.*)$/,
    (m) => `rivi ${m[1]}, sarake ${m[2]}: tiedosto ei ole kelvollista YAMLia tai JSONia (${m[3]})`,
    (m) => `rad ${m[1]}, kolumn ${m[2]}: filen är inte giltig YAML eller JSON (${m[3]})`,
  ],
  [
    /^version (".*") must be higher than (".*"), the version in use$/,
    (m) => `version ${m[1]} pitää olla suurempi kuin käytössä oleva ${m[2]}`,
    (m) => `versionen ${m[1]} måste vara högre än ${m[2]} som används`,
  ],
  [
    /^version (".*") is already saved; give the new version a higher number$/,
    (m) => `versio ${m[1]} on jo tallennettu; anna uudelle versiolle suurempi numero`,
    (m) => `versionen ${m[1]} är redan sparad; ge den nya versionen ett högre nummer`,
  ],
  [
    /^(".*") was (an? \w+) in (.*); an id keeps its meaning$/,
    (m) => `${m[1]} oli eri tyyppinen kohta versiossa ${m[3]}; tunniste säilyttää merkityksensä`,
    (m) => `${m[1]} var en annan sorts post i ${m[3]}; ett id behåller sin betydelse`,
  ],
  [
    /^the template is too large to store \((\d+) bytes, at most (\d+)\)$/,
    (m) => `malli on liian suuri tallennettavaksi (${m[1]} tavua, enintään ${m[2]})`,
    (m) => `mallen är för stor för att sparas (${m[1]} byte, högst ${m[2]})`,
  ],
];

/** A problem (`path: message`) in the given language; paths and quoted values are kept. */
export function localizeProblem(problem: string, locale: Locale): string {
  if (locale === 'en') return problem;
  const at = problem.indexOf(': ');
  if (at < 0) return problem;
  const path = problem.slice(0, at);
  const message = problem.slice(at + 2);
  for (const [re, fi, sv] of RULES) {
    const m = message.match(re);
    if (m) return `${path}: ${locale === 'fi' ? fi(m) : sv(m)}`;
  }
  return problem;
}
