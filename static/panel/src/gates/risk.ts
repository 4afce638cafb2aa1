import { RISK_LEVELS } from '../../../../src/shared/domain';

/** A risk level by its name in the user's language (an unknown stored value as it is). */
export function riskName(level: string, t: (key: string) => string): string {
  if (!level) return t('ui.risk.none');
  return (RISK_LEVELS as readonly string[]).includes(level) ? t(`ui.risk.level.${level}`) : level;
}
