/** The steering group's waiver of the entry gate, and the reference to a steering group's decision it shares with approvals. */
import { isHttpsLink } from '../../../../src/shared/text';
import { ExternalLink } from '../../../common/links';
import { usePanel } from '../context';
import { formatDay } from '../Items';
import { todayOf } from '../work';

/** The steering group's decision's reference (a link when it is an https address) and review date. */
export function DecisionRef(props: { decisionRef?: unknown; reviewOn?: unknown }): JSX.Element | null {
  const { env, view } = usePanel();
  const { t } = env;
  const ref = typeof props.decisionRef === 'string' && props.decisionRef ? props.decisionRef : null;
  const review = typeof props.reviewOn === 'string' && props.reviewOn ? props.reviewOn : null;
  if (!ref && !review) return null;
  return (
    <span data-testid="decision-ref">
      {ref ? (
        <>
          {' · '}
          {isHttpsLink(ref) ? (
            <ExternalLink href={ref}>{t('ui.attest.decisionSummary', { ref })}</ExternalLink>
          ) : (
            t('ui.attest.decisionSummary', { ref })
          )}
        </>
      ) : null}
      {review ? (
        <>
          {' · '}
          {t('ui.attest.reviewSummary', { date: formatDay(review, env.locale) })}
          {review < todayOf(view) ? ` (${t('ui.attest.reviewDue')})` : ''}
        </>
      ) : null}
    </span>
  );
}

/** The steering group's waiver of the entry gate, with its decision's reference. */
export function EntryGateWaiver(): JSX.Element | null {
  const { env, view, nameOf, when } = usePanel();
  const w = view.entryGateWaiver;
  if (!w) return null;
  return (
    <p className="meta" data-testid="entry-gate-waiver">
      {env.t('ui.attest.entryWaived', {
        name: w.onBehalfOf ? env.t('ui.quorum.standInFor', { name: nameOf(w.waivedBy), absent: nameOf(w.onBehalfOf) }) : nameOf(w.waivedBy),
        when: when(w.waivedAt),
        reason: w.reason,
      })}
      <DecisionRef decisionRef={w.decisionRef} reviewOn={w.reviewOn} />
    </p>
  );
}
