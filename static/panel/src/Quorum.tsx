/**
 * A condition's confirmations beyond the first (issue #24): the count against its quorum ("2/3") and
 * every confirmation as "A for B" when a stand-in gave it, with a stale one marked. Used by Gates.tsx.
 */
import type { AttestationRecord, ConditionResult, PanelView } from '../../../src/shared/api';
import type { UiEnvironment } from '../../common/i18n';
import { confirmingRole, type ConfirmableCondition } from '../../../src/shared/rules';
import { usePanel } from './context';
import { roleName } from './model';

/** Who gave a confirmation: "A for B" when a stand-in gave it. */
export function byText(record: AttestationRecord, nameOf: (id: string) => string, t: UiEnvironment['t']): string {
  return record.onBehalfOf
    ? t('ui.quorum.standInFor', { name: nameOf(record.attestedBy), absent: nameOf(record.onBehalfOf) })
    : nameOf(record.attestedBy);
}

/** The payload field a stand-in confirms with: the absent person whose role lets them confirm (none when the
 * caller may confirm in a role of their own). The server checks the same (core/rules.ts). */
export function onBehalfOfFor(view: PanelView, condition: ConfirmableCondition): { onBehalfOf?: string } {
  if (confirmingRole(condition, view.callerAccountId, view.roster, view.members)) return {};
  const absent = (view.standingFor ?? []).find((id) => confirmingRole(condition, id, view.roster, view.members));
  return absent ? { onBehalfOf: absent } : {};
}

export function QuorumLine(props: { result: ConditionResult | undefined }): JSX.Element | null {
  const { env, view, nameOf, when } = usePanel();
  const { t, lang } = env;
  const result = props.result;
  if (!result) return null;
  const others = view.attestations.filter((a) => a.conditionId === result.conditionId && a !== result.attestation);
  const first = result.attestation;
  if (!result.quorum && others.length === 0 && !first?.onBehalfOf && !first?.stale) return null;
  const line = (a: AttestationRecord) =>
    `${byText(a, nameOf, t)} (${roleName(view.template, a.asRole, lang)}), ${when(a.attestedAt)}${a.stale ? ` – ${t('ui.condition.status.stale')}` : ''}`;
  return (
    <div className="meta line-detail" data-testid="quorum">
      {result.quorum ? (
        <p>
          {t('ui.quorum.count', { counted: result.quorum.counted, needed: result.quorum.needed })}
          {result.quorum.needed > result.quorum.holders ? ` – ${t('ui.quorum.unreachable', { holders: result.quorum.holders })}` : ''}
        </p>
      ) : null}
      <ul className="plain">
        {(first ? [first, ...others] : others).map((a) => (
          <li key={`${a.conditionId}#${a.slot ?? 1}`} data-testid="confirmation">
            {line(a)}
          </li>
        ))}
      </ul>
    </div>
  );
}
