/**
 * Pseudonyms of closed Atlassian accounts. When the personal data reporting API says an account is
 * closed, the app replaces its account id everywhere it is stored with a stable pseudonym of this
 * form (see src/services/privacy.ts). Shared with static/ so the UI can show it as "a closed account".
 */
export const PSEUDONYM_PREFIX = 'closed-account-';

export function isPseudonym(id: string | null | undefined): boolean {
  return typeof id === 'string' && id.startsWith(PSEUDONYM_PREFIX);
}

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
