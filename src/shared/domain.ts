/**
 * The domain vocabularies for the UI: src/core/domain.ts has no dependencies, so the UI bundle can
 * take these values without the template schema (zod). Template types come in as types only.
 */
export { APPROVAL_KINDS, GATE_IDS, ITEM_KINDS, LOCALES, ROLE_IDS, SECTION_KINDS } from '../core/domain';
export type { ApprovalKind, GateId, ItemKind, Locale, LocalizedText, RoleId, SectionKind } from '../core/domain';
export type { TemplateInput } from '../core/template/schema';
