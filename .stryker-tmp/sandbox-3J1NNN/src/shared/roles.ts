/**
 * Levels the panel offers for an epic's risk and for the steering group's approval, by id (their
 * names are in locales/*.json: `ui.risk.level.*`, `ui.attest.security.*`, `ui.attest.dataProtection.*`):
 * the domain's own lists (src/core/domain.ts).
 */
// @ts-nocheck

export { DATA_PROTECTION_LEVELS, RISK_LEVELS, SECURITY_LEVELS } from '../core/domain';
