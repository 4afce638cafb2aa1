/**
 * The format of the archive-ready closure dossier of a deployment epic (resolver `getDossier`): the JSON document
 * and its printable HTML. Built by src/core/dossier.ts; checked by `npm run -s dossier -- verify <file>`.
 *
 * Digest: SHA-256 (hex) of the canonical JSON of `content` — RFC 8785 (JSON Canonicalization
 * Scheme): object members sorted by the UTF-16 code units of their names, no whitespace, strings and
 * numbers as ECMAScript's JSON.stringify writes them, members whose value is undefined left out.
 */
import type { AuditEntry, RiskAcceptance } from './model';

export const DOSSIER_FORMAT = 'kayttoonotto-closure-dossier';
export const DOSSIER_FORMAT_VERSION = 1;

export interface LocalizedString {
  fi: string;
  sv: string;
  en: string;
}

/** A person as the dossier names them: account id (or a closed account's pseudonym) and the name Jira gave when it was generated. */
export interface DossierPerson {
  accountId: string;
  displayName: string | null;
}

export interface DossierCondition {
  id: string;
  gate: 'entry' | 'exit';
  text: LocalizedString;
  kind: 'automatic' | 'attestation';
  mandatory: boolean;
  status: string;
  passed: boolean;
  reason: LocalizedString;
  confirmedBy: DossierPerson | null;
  confirmedAt: string | null;
  asRole: string | null;
  evidenceUrl: string | null;
  comment: string | null;
  approval: RiskAcceptance | null;
  /** Issue #24: the absent person when a stand-in confirmed ("A for B"); every confirmation that counts
   * towards a quorum, and the count. Absent when none applies. */
  onBehalfOf?: DossierPerson;
  quorum?: { counted: number; needed: number; confirmations: { by: DossierPerson; onBehalfOf?: DossierPerson; at: string }[] };
}

export interface DossierWaiver {
  itemId: string;
  itemText: LocalizedString;
  reason: string;
  requestedBy: DossierPerson;
  requestedAt: string;
  status: string;
  decidedBy: DossierPerson | null;
  /** Decided by a stand-in: the absent person it was decided for ("A for B"). */
  onBehalfOf?: DossierPerson;
  decidedAt: string | null;
  decisionComment: string | null;
  /** An approval with an expiry counts through this day (UTC); null: no expiry. */
  expiresOn: string | null;
  /** The expiry had passed when the dossier was generated (the item then counted as open). */
  lapsed: boolean;
}

/** The steering group's waiver of the entry gate, as it held when the dossier was generated. */
export interface DossierEntryGateWaiver {
  waivedBy: DossierPerson;
  /** Waived by a stand-in: the steering group's person it was waived for ("A for B"). */
  onBehalfOf?: DossierPerson;
  waivedAt: string;
  reason: string;
  /** The minutes' number, or an https link to them. */
  decisionReference: string | null;
  reviewOn: string | null;
}

export interface DossierContent {
  format: typeof DOSSIER_FORMAT;
  formatVersion: typeof DOSSIER_FORMAT_VERSION;
  generatedAt: string;
  generatedBy: DossierPerson;
  epic: { id: string; key: string; summary: string; projectId: string; projectKey: string; statusName: string };
  template: { id: string; version: string; status: string };
  phase: { startedAt: string; startedBy: DossierPerson | null; status: string; riskLevel: string | null };
  roster: { role: string; roleName: LocalizedString; person: DossierPerson | null }[];
  gates: { entry: { passed: boolean; conditions: DossierCondition[] }; exit: { passed: boolean; conditions: DossierCondition[] } };
  items: {
    id: string;
    kind: string;
    text: LocalizedString;
    role: string;
    mandatory: boolean;
    state: string;
    issueKey: string | null;
    issueStatus: string | null;
  }[];
  waivers: DossierWaiver[];
  entryGateWaiver: DossierEntryGateWaiver | null;
  riskAcceptance: {
    conditionId: string;
    riskLevel: string;
    securityLevel: string;
    dataProtectionLevel: string;
    acceptedBy: DossierPerson;
    acceptedAt: string;
    /** The decision's reference: the minutes' number or link the steering group gave with the
     * acceptance; for an acceptance given without one, its evidence link. */
    decisionReference: string | null;
    /** When the steering group reviews the acceptance (`YYYY-MM-DD`). */
    reviewOn: string | null;
    comment: string | null;
    /** The acceptance holds at the epic's current risk level. */
    valid: boolean;
  } | null;
  /** Everyone the dossier names, with the name Jira gave when it was generated. */
  people: DossierPerson[];
  /** Every audit entry, oldest first. */
  audit: AuditEntry[];
  /** The audit trail replayed gives exactly the stored roster, risk level, attestations and waivers. */
  auditReplay: { consistent: boolean; differences: string[] };
}

export interface DossierDigest {
  algorithm: 'SHA-256';
  canonicalization: 'RFC 8785';
  /** Lower-case hex. */
  value: string;
}

export interface Dossier {
  content: DossierContent;
  digest: DossierDigest;
}

export interface DossierResult {
  dossier: Dossier;
  /** The printable document (prints to PDF), with the digest on it. */
  html: string;
  /** Suggested file name without extension, e.g. `DEMO-1-closure-dossier`. */
  fileName: string;
}

/** The dossier with its PDF/A-2b copy (resolver `getDossierPdf`): the same dossier, JSON and HTML beside the PDF. */
export interface DossierPdfResult extends DossierResult {
  /** The PDF/A-2b file, base64 (a resolver answers in JSON). */
  pdf: string;
}

/** The most characters of a dossier file the panel's check takes (resolver `verifyDossier`). */
export const DOSSIER_FILE_MAX_CHARS = 4_000_000;

/**
 * What the panel's check says of a dossier file (resolver `verifyDossier`):
 * - `verified`: the content matches its digest, and this app gave out exactly this dossier for this epic;
 * - `altered`: the content does not match the digest written in it (edited after it was generated);
 * - `not-issued`: the content matches its digest, but the app never gave out a dossier with that
 *   digest for this epic (edited and re-digested, or made elsewhere);
 * - `other-epic`: a dossier of another epic (open it on that epic's panel);
 * - `other-project`: on the settings page, a dossier of another project's epic;
 * - `not-a-dossier`: not a closure dossier's JSON.
 */
export type DossierCheckOutcome = 'verified' | 'altered' | 'not-issued' | 'other-epic' | 'other-project' | 'not-a-dossier';

export interface DossierCheck {
  outcome: DossierCheckOutcome;
  /** The digest of the file's content as it is now (null when it has none). */
  digest: string | null;
  /** The epic the file names. */
  epicKey: string | null;
  /** `verified`: when the app generated it. */
  generatedAt: string | null;
}
