/**
 * The domain vocabularies for the UI: src/core/domain.ts has no dependencies, so the UI bundle can
 * take these values without the template schema (zod). Template types come in as types only.
 */
export {
  APPROVAL_KINDS,
  AUDIT_ACTIONS,
  DATA_PROTECTION_LEVELS,
  ESCALATION_DAYS,
  FORGE_LOCALES,
  GATE_IDS,
  ITEM_KINDS,
  LANG_OF,
  LOCALES,
  MAX_ROLE_HOLDERS,
  RISK_LEVELS,
  ROLE_IDS,
  SECTION_KINDS,
  SECURITY_LEVELS,
} from '../core/domain';
export type {
  ApprovalKind,
  AuditAction,
  DataProtectionLevel,
  ForgeLocale,
  GateId,
  ItemKind,
  Locale,
  LocalizedText,
  RiskLevel,
  RoleId,
  SectionKind,
  SecurityLevel,
} from '../core/domain';
export type { TemplateInput } from '../core/template/schema';
