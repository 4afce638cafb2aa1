/**
 * Levels the panel offers for an epic's risk and for the steering group's approval, by id (their
 * names are in locales/*.json: `ui.risk.level.*`, `ui.attest.security.*`, `ui.attest.dataProtection.*`).
 */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const SECURITY_LEVELS = ['basic', 'elevated', 'high'] as const;
export const DATA_PROTECTION_LEVELS = ['no-personal-data', 'personal-data', 'special-categories'] as const;
