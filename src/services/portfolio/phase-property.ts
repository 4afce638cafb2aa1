/**
 * The epic's phase entity property (`kayttoonotto-phase`: template id and version, spawn state,
 * items created of the plan's total), a copy of what storage holds for JQL and for the workflow
 * validators' fallback when storage cannot be read. The summary refresh keeps it (writeSummary:
 * it reads the property in the search it makes anyway and writes it only when it differs), so a
 * spawn does not spend a Jira call of its own on it; an upgrade writes it with its own steps.
 */
import type { SpawnState, SpawnStatus } from '../../shared/api';
import type { PhaseMeta } from '../../storage/store';

export interface PhaseProperty {
  templateId: string;
  templateVersion: string;
  spawnState: SpawnState;
  created: number;
  total: number;
}

/** What the property should hold for the stored phase, or null before the first spawn run. */
export function phasePropertyOf(
  meta: Pick<PhaseMeta, 'templateId' | 'templateVersion'>,
  spawn: SpawnStatus | null | undefined,
): PhaseProperty | null {
  if (!spawn) return null;
  return {
    templateId: meta.templateId,
    templateVersion: meta.templateVersion,
    spawnState: spawn.state,
    created: spawn.created,
    total: spawn.total,
  };
}

export function samePhaseProperty(current: unknown, wanted: PhaseProperty): boolean {
  if (typeof current !== 'object' || current === null) return false;
  const c = current as Record<string, unknown>;
  return (Object.keys(wanted) as (keyof PhaseProperty)[]).every((k) => c[k] === wanted[k]);
}
