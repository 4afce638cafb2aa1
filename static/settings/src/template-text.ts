/** Shared bits of the settings page's template screens. */
import type { UiEnvironment } from '../../common/i18n';

export const CODE = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: '0.8125rem',
  width: '100%',
} as const;

export function sourceText(source: 'built-in' | 'project', t: UiEnvironment['t']): string {
  return source === 'built-in' ? t('settings.templates.builtIn') : t('settings.templates.project');
}
