/** The governance resolvers' contract (issue #24): a role's several people, and a person's stand-in. */
import type { RoleId } from '../core/domain';
import type { StandInRecord } from '../core/model';

export interface GovernanceContract {
  /** A role's further people, after the roster's first (at most 9): the whole list as it should be. */
  setRoleMembers: { payload: { role: RoleId; accountIds: string[] }; result: { role: RoleId; accountIds: string[] } };
  /** The project manager (or a project admin) picks which of the role's people gets its items: that person becomes the
   * role's first, the former first a further person; the role's open children are assigned to them (`reassigned`: keys;
   * `failed`: "KEY: reason" for children Jira refused). */
  pickRoleAssignee: {
    payload: { role: RoleId; accountId: string };
    result: { role: RoleId; first: string; members: string[]; reassigned: string[]; failed: string[] };
  };
  /** The caller's own stand-in (never someone else's), and whose stand-in the caller is. */
  getStandIn: { payload: { [K in never]: never }; result: { mine: StandInRecord | null; standingFor: StandInRecord[] } };
  /** Names the caller's stand-in from `from` through `to` (`YYYY-MM-DD`, UTC). */
  nameStandIn: { payload: { standIn: string; from: string; to: string }; result: StandInRecord };
  /** Ends the caller's stand-in now. */
  endStandIn: { payload: { [K in never]: never }; result: { ended: boolean } };
}

export const PANEL_GOVERNANCE_RESOLVERS = [
  'setRoleMembers',
  'pickRoleAssignee',
  'getStandIn',
  'nameStandIn',
  'endStandIn',
] as const satisfies readonly (keyof GovernanceContract)[];
