/** Use case: start the phase by hand, or re-sync its work items. */
import type { SpawnReport } from '../../shared/api';
import { spawnPhase, type SpawnReason } from '../items/spawn';
import { type Caller, type EpicRef } from './context';

/**
 * Starts the phase (or re-creates missing children). Spawning reads the epic by key and refuses,
 * before it writes anything, when that id is not the context's id (services/items/spawn.ts).
 */
export async function startPhase(caller: Caller, epic: EpicRef, reason: Extract<SpawnReason, 'manual' | 'resync'>): Promise<SpawnReport> {
  return spawnPhase({ actor: 'user', requestedBy: caller.accountId, epicKey: epic.key, epicId: epic.id, reason });
}
