/** What a spawn run is asked to do (its reason, the caller, the epic, its deadline) and what it reports. */
import type { ProjectSettings, SpawnReport } from '../../shared/api';
import { type Actor } from '../../jira/transport';

export type SpawnReason = 'trigger' | 'manual' | 'resync' | 'queue';

export interface SpawnArgs {
  actor: Actor;
  /** Who asked: an account id, or 'app' for the trigger and the queue. */
  requestedBy: string;
  epicKey: string;
  /** The epic's id when the caller knows it (event, panel context): lets the search reconcile. */
  epicId?: string;
  reason: SpawnReason;
  deadline?: number;
  /** The project's settings when the caller has already read them (the trigger), so they are not read twice. */
  settings?: { projectId: string; value: ProjectSettings | undefined };
  /** How many continuations came before this run. */
  continuation?: number;
}

/** What a run reports to its caller. `busyUntil`: another run holds the claim until then (epoch ms). */
export interface SpawnOutcome extends SpawnReport {
  busyUntil?: number;
}
