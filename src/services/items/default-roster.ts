/** The roster a new epic starts with: the project's defaults (a user, or a project role with exactly one user), checked against Jira. */
import type { ProjectSettings, Roster } from '../../shared/api';
import { ROLE_IDS, type RoleId } from '../../core/template/schema';
import { getProjectRole } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { type Actor } from '../../jira/transport';
import { allSettledOrThrow } from '../../core/settled';

/** Roster defaults from the project settings: a user, or a project role holding exactly one user. */
export async function resolveDefaultRoster(actor: Actor, projectId: string, settings: ProjectSettings, deadline: number): Promise<Roster> {
  const roster: Roster = {};
  await allSettledOrThrow(
    ROLE_IDS.map(async (role: RoleId) => {
      const def = settings.defaultRoster[role];
      if (def?.type === 'user') roster[role] = def.accountId;
      else if (def?.type === 'project-role') {
        try {
          const detail = await getProjectRole(actor, projectId, def.projectRoleId, { deadline });
          const users = (detail.actors ?? []).map((a) => a.actorUser?.accountId).filter((x): x is string => !!x);
          if (users.length === 1) roster[role] = users[0];
        } catch (e) {
          if (!(e instanceof JiraError) || e.kind === 'server' || e.kind === 'network') throw e;
          // A deleted or hidden project role leaves the role empty; the panel shows it unfilled.
        }
      }
    }),
  );
  return roster;
}
