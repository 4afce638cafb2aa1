/** Pseudonyms of closed Atlassian accounts (src/core/domain.ts), so the UI can show one as "a closed account". */
// @ts-nocheck

export { PSEUDONYM_PREFIX, isPseudonym } from '../core/domain';

/** Documented maximum lengths of the free text the app stores (enforced by src/resolvers/schemas.ts). */
export const FREE_TEXT_MAX = {
  /** Waiver request reason, revocation reason. */
  reason: 2000,
  /** Attestation comment, waiver decision comment. */
  comment: 2000,
  /** Evidence link. */
  evidenceUrl: 2000,
  /** Risk, security and data protection levels. */
  level: 200,
  /** A steering group decision's reference (the minutes' number or an https link). */
  decisionRef: 500,
} as const;
