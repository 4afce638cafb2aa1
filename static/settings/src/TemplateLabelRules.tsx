/** The label → template rules on the settings page. */
import { useId, useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import type { ProjectTemplatesView, TemplateLabelRule } from '../../../src/shared/templates';
import { call } from '../../common/api';
import { Button, ErrorMessage, errorText, flag } from '../../common/components';
import { type UiEnvironment } from '../../common/i18n';

export function LabelRules(props: {
  env: UiEnvironment;
  view: ProjectTemplatesView;
  accept: (view: ProjectTemplatesView) => Promise<void>;
  setStatus: (s: string) => void;
}): JSX.Element {
  const { env, view } = props;
  const { t } = env;
  const [rules, setRules] = useState<TemplateLabelRule[]>(view.labelRules);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const baseId = useId();
  const readOnly = !view.canAdminister;
  const unsaved = JSON.stringify(rules) !== JSON.stringify(view.labelRules);
  const update = (i: number, patch: Partial<TemplateLabelRule>): void => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (): Promise<void> => {
    setBusy(true);
    const r = await call('saveTemplateLabelRules', { rules: rules.map((x) => ({ label: x.label.trim(), templateId: x.templateId })) });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      props.setStatus(`${t('settings.templates.rulesFailed')}: ${errorText(r.error, t)}`);
      return;
    }
    setError(null);
    await props.accept(r.data);
    setRules(r.data.labelRules);
    props.setStatus(t('settings.templates.rulesSaved'));
    flag('success', t('settings.templates.rulesSaved'));
  };
  return (
    <div className="stack" data-testid="template-rules">
      <h3>{t('settings.templates.rules')}</h3>
      <p className="meta">{t('settings.templates.rulesHelp', { id: view.current.templateId })}</p>
      {rules.length === 0 ? <p className="meta">{t('settings.templates.noRules')}</p> : null}
      {rules.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('settings.templates.ruleLabel')}</th>
              <th scope="col">{t('settings.templates.ruleTemplate')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('settings.templates.ruleActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={i} data-testid="template-rule">
                <td>
                  <label htmlFor={`${baseId}-label-${i}`} className="visually-hidden">
                    {t('settings.templates.ruleLabelN', { n: i + 1 })}
                  </label>
                  <input
                    id={`${baseId}-label-${i}`}
                    type="text"
                    value={r.label}
                    disabled={readOnly}
                    onChange={(e) => update(i, { label: e.target.value })}
                  />
                </td>
                <td>
                  <label htmlFor={`${baseId}-tpl-${i}`} className="visually-hidden">
                    {t('settings.templates.ruleTemplateN', { n: i + 1 })}
                  </label>
                  <select
                    id={`${baseId}-tpl-${i}`}
                    value={r.templateId}
                    disabled={readOnly}
                    onChange={(e) => update(i, { templateId: e.target.value })}
                  >
                    {[...new Set([...view.templateIds, r.templateId])].map((id) => (
                      <option key={id} value={id}>
                        {id}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <Button appearance="subtle" disabled={readOnly} onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                    {t('settings.templates.ruleRemove', { n: i + 1 })}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <ErrorMessage error={error} title={t('settings.templates.rulesFailed')} t={t} headingLevel={3} /> : null}
      <div className="row">
        <Button
          disabled={readOnly}
          onClick={() => setRules([...rules, { label: '', templateId: view.templateIds[0] ?? view.current.templateId }])}
          testId="rule-add"
        >
          {t('settings.templates.ruleAdd')}
        </Button>
        <Button
          appearance="primary"
          onClick={() => void save()}
          busy={busy}
          disabled={readOnly || !unsaved}
          disabledReason={readOnly ? t('settings.templates.adminOnly') : undefined}
          testId="rules-save"
        >
          {t('settings.templates.rulesSave')}
        </Button>
      </div>
    </div>
  );
}
