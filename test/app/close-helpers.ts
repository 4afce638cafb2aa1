/**
 * Taking an epic through its whole phase in the sandbox, as people do: every entry condition confirmed,
 * the epic into In Progress, every child done, every exit condition confirmed, the epic into Done. The
 * closure dossier's tests start from here.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { approval, attestable, HOLDER, jira, ok, panel, type UserKey } from './helpers';

type Condition = ReturnType<typeof attestable>[number];

export async function transition(sb: Sandbox, key: string, id: string): Promise<void> {
  const r = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id } });
  if (r.status !== 204) throw new Error(`transition ${key} → ${id}: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface CloseOptions {
  /** Who confirms a condition, and for whom when a stand-in does; by default the holder of its first role. */
  confirmer?: (c: Condition) => { as: UserKey; onBehalfOf?: string } | undefined;
  /** Runs once the epic is in progress, before its children are done. */
  inProgress?: () => Promise<void>;
}

export async function closeEpic(sb: Sandbox, epic: { id: string; key: string }, opts: CloseOptions = {}): Promise<void> {
  const confirm = async (gate: 'entry' | 'exit'): Promise<void> => {
    for (const c of attestable(gate)) {
      const who = opts.confirmer?.(c) ?? { as: HOLDER[c.attestRoles[0]!] };
      ok(
        await panel(sb, who.as, epic, 'attest', {
          conditionId: c.id,
          evidenceUrl: 'https://example.invalid/e',
          ...(c.approval ? { approval } : {}),
          ...(who.onBehalfOf ? { onBehalfOf: who.onBehalfOf } : {}),
        }),
      );
    }
  };
  await confirm('entry');
  await transition(sb, epic.key, TRANSITION_IDS.inProgress);
  await opts.inProgress?.();
  const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
  for (const item of view.readiness.items) {
    const r = await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${item.child!.key}/transitions`, {
      transition: { id: TRANSITION_IDS.done },
    });
    if (r.status !== 204) throw new Error(`done ${item.child!.key}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  await confirm('exit');
  await transition(sb, epic.key, TRANSITION_IDS.done);
}
