/** An upgrade plan of one epic, in words (the project page's "Template upgrades"; the panel shows the same preview). */
import type { TemplateChangeView, UpgradePlanView } from '../../../src/shared/templates';
import { localize, type UiEnvironment } from '../../common/i18n';

/** The server's reasons (src/core/template/upgrade.ts) → their translation keys. */
const REASON_KEYS: Record<string, string> = {
  'removed from the template': 'removed',
  'its kind changed': 'kind',
  'its wording changed': 'text',
  'it moved to the other gate': 'gate',
  'the approval it records changed': 'approval',
  'it now needs evidence': 'evidence',
  'the role that confirmed it may no longer confirm it': 'attestRoles',
};

const P = 'portfolio.upgrade';

export function PlanDetails(props: { env: UiEnvironment; plan: UpgradePlanView }): JSX.Element {
  const { t, lang } = props.env;
  const { plan } = props;
  // The diff carries each changed entry's text (new text when added or changed, old when removed).
  const texts = new Map<string, TemplateChangeView['text']>(plan.changes.map((ch) => [ch.id, ch.text]));
  const textOf = (id: string) => localize(texts.get(id), lang) || id;
  const reason = (text: string) => {
    const key = REASON_KEYS[text];
    return key ? t(`${P}.reason.${key}`) : text;
  };
  return (
    <div className="stack">
      <List title={t('portfolio.upgrade.added', { count: plan.added.length })}>
        {plan.added.map((a) => (
          <li key={a.itemId}>{localize(a.text, lang)}</li>
        ))}
      </List>
      <List title={t('portfolio.upgrade.removed', { count: plan.removed.length })}>
        {plan.removed.map((r) => (
          <li key={r.itemId}>
            {textOf(r.itemId)} {r.childKey ? <span className="meta">({r.childKey})</span> : null}
          </li>
        ))}
      </List>
      <List title={t('portfolio.upgrade.changed', { count: plan.changed.length })}>
        {plan.changed.map((ch) => (
          <li key={ch.itemId}>
            {textOf(ch.itemId)} <span className="meta">({ch.fields.map((f) => t(`${P}.field.${f}`)).join(', ')})</span>
          </li>
        ))}
      </List>
      <List title={t('portfolio.upgrade.voided', { count: plan.voidedAttestations.length })}>
        {plan.voidedAttestations.map((v) => (
          <li key={v.conditionId}>
            {textOf(v.conditionId)}: <span className="meta">{reason(v.reason)}</span>
          </li>
        ))}
      </List>
      <List title={t('portfolio.upgrade.voidedWaivers', { count: plan.voidedWaivers.length })}>
        {plan.voidedWaivers.map((v) => (
          <li key={v.itemId}>
            {textOf(v.itemId)}: <span className="meta">{reason(v.reason)}</span>
          </li>
        ))}
      </List>
      <p className="meta">
        {t('portfolio.upgrade.kept', { attestations: plan.keptAttestations.length, waivers: plan.keptWaivers.length })}
      </p>
    </div>
  );
}

function List(props: { title: string; children: JSX.Element[] }): JSX.Element | null {
  if (props.children.length === 0) return null;
  return (
    <div>
      <p className="turn-heading">{props.title}</p>
      <ul>{props.children}</ul>
    </div>
  );
}
