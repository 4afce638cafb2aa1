/**
 * The domain's fixed vocabularies, with no dependencies (no zod, no I/O), so that the template
 * schema, the core rules and the UI bundle (through src/shared/domain.ts) all use the same values.
 */
export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** User-facing text in the three languages. Finnish is the source. */
export interface LocalizedText {
  fi: string;
  sv: string;
  en: string;
}

export const ROLE_IDS = [
  'project-manager',
  'service-owner',
  'architect',
  'implementation-team',
  'production-team',
  'steering-group',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** At most this many people hold one role on an epic's roster (a steering group has three to seven). */
export const MAX_ROLE_HOLDERS = 10;

export const SECTION_KINDS = ['step', 'deliverable-group', 'duty-area', 'heading'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const ITEM_KINDS = ['duty', 'deliverable'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const GATE_IDS = ['entry', 'exit'] as const;
export type GateId = (typeof GATE_IDS)[number];

/** Extra facts recorded with an attestation (see the template schema). */
export const APPROVAL_KINDS = ['risk-acceptance'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** The locales the UI sends with every resolver call (normalised once in static/common/locale.ts). */
export const FORGE_LOCALES = ['fi-FI', 'sv-SE', 'en-US'] as const;
export type ForgeLocale = (typeof FORGE_LOCALES)[number];
export const LANG_OF: Readonly<Record<ForgeLocale, Locale>> = { 'fi-FI': 'fi', 'sv-SE': 'sv', 'en-US': 'en' };

/** The epic's risk level (set on the panel; a change voids the steering group's risk acceptance). */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** The information security level the production environment meets. */
export const SECURITY_LEVELS = ['basic', 'elevated', 'high'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];
/** The data protection requirements met. */
export const DATA_PROTECTION_LEVELS = ['no-personal-data', 'personal-data', 'special-categories'] as const;
export type DataProtectionLevel = (typeof DATA_PROTECTION_LEVELS)[number];

/**
 * Every kind of audit entry the app writes: `store.appendAudit` (and the personal-data run's
 * appender) take only these, and the replay (core/audit-replay.ts) handles each of them.
 * A new kind is added here, and the compiler then asks the replay what it means.
 */
export const AUDIT_ACTIONS = [
  'phase.started',
  'roster.changed',
  'roster.membersChanged',
  'roster.assigneePicked',
  'risk.changed',
  'attestation.added',
  'attestation.revoked',
  'attestation.stale',
  'evidence.changed',
  'standIn.named',
  'standIn.ended',
  'waiver.requested',
  'waiver.approved',
  'waiver.rejected',
  'spawn.completed',
  'children.reassigned',
  'children.deduplicated',
  'entryGate.waived',
  'entryGate.waiverRevoked',
  'settings.changed',
  'template.saved',
  'template.upgraded',
  'dossier.recorded',
  'dueDates.moved',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The escalation days a project may set for its daily reminders (issue 24, core/reminders.ts). */
export const ESCALATION_DAYS = { min: 1, max: 365, default: 7 } as const;

/**
 * Pseudonyms of closed Atlassian accounts. When the personal data reporting API says an account is
 * closed, the app replaces its account id everywhere it is stored with a stable pseudonym of this
 * form (see src/services/privacy/personal-data-run.ts). The UI takes it through src/shared/privacy.ts.
 */
export const PSEUDONYM_PREFIX = 'closed-account-';

export function isPseudonym(id: string | null | undefined): boolean {
  return typeof id === 'string' && id.startsWith(PSEUDONYM_PREFIX);
}
