/** A gate's checklist: its conditions (gates/ConditionRow) and, for the entry gate, the steering group's waiver. */
import type { GateId } from '../../../src/shared/domain';
import { RISK_LEVELS } from '../../../src/shared/domain';
import { localize } from '../../common/i18n';
import { usePanel } from './context';
import { ConditionRow } from './gates/ConditionRow';
import { EntryGateWaiver } from './gates/EntryGateWaiver';

export { RISK_LEVELS };
export { ConditionRow, ownersText } from './gates/ConditionRow';
export { riskName } from './gates/risk';

export function GateChecklist(props: { gate: GateId; filters?: { mine: boolean; openOnly: boolean } }): JSX.Element {
  const { env, view } = usePanel();
  const { lang } = env;
  const gate = view.template.gates[props.gate];
  const evaluation = view.gates[props.gate];
  const results = new Map(evaluation.conditions.map((c) => [c.conditionId, c]));
  const shown = gate.conditions.filter((c) => {
    const result = results.get(c.id);
    if (props.filters?.openOnly && result?.passed) return false;
    if (props.filters?.mine && !(c.kind === 'attestation' && view.permissions.attest[c.id]?.allowed)) return false;
    return true;
  });
  return (
    <div data-testid={`gate-${props.gate}`}>
      {gate.intro ? <p className="subtle">{localize(gate.intro, lang)}</p> : null}
      {props.gate === 'entry' && view.entryGateWaiver ? <EntryGateWaiver /> : null}
      <ul className="rows">
        {shown.map((condition) => (
          <ConditionRow key={condition.id} conditionId={condition.id} gate={props.gate} result={results.get(condition.id)} />
        ))}
      </ul>
    </div>
  );
}
