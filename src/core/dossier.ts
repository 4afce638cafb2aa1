/**
 * The closure dossier: one document of a closed deployment phase for the archive — JSON to keep and
 * check, printable HTML to print to PDF — with a SHA-256 digest of its content printed on it.
 * Pure: the service (src/services/records/dossier.ts) gathers the panel's view, the whole audit trail and
 * the people's names; this builds, hashes, verifies and renders.
 *
 * Canonical JSON for the digest: RFC 8785 (JSON Canonicalization Scheme). For the values a dossier
 * holds (objects, arrays, strings, finite numbers, booleans, null) that is: object members sorted by
 * the UTF-16 code units of their names, no whitespace, strings and numbers exactly as ECMAScript's
 * JSON.stringify writes them, members whose value is undefined left out.
 *
 * The parts live in src/core/dossier/: digest.ts (canonical JSON, digest, verification), build.ts,
 * labels.ts (the printable dossier's words), record-time.ts (times and days) and html.ts (the
 * printable HTML); this file re-exports them.
 */
export { canonicalJson, digestOf, verifyDossier, readDossierFile, type Verification } from './dossier/digest';
export { buildDossier, type DossierInput } from './dossier/build';
export { dossierFileName } from './dossier/labels';
export { RECORD_TIME_ZONE, recordTime, recordDate } from './dossier/record-time';
export { dossierHtml } from './dossier/html';
