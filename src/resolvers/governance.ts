/** The governance resolvers on the panel's function (`panel-resolver`): a role's several people (and which of them gets the role's items), and the caller's own stand-in. */
import type Resolver from '@forge/resolver';
import { pickRoleAssignee } from '../services/roster/pick-assignee';
import { setRoleMembers } from '../services/roster/roster-members';
import { endStandIn, getStandIn, nameStandIn } from '../services/roster/stand-ins';
import { define, epicOf } from './envelope';
import { schemas } from './schemas';

export function defineGovernance(resolver: Resolver): void {
  define(resolver, 'setRoleMembers', schemas.setRoleMembers, ({ caller, context, payload }) =>
    setRoleMembers(caller, epicOf(context), payload),
  );
  define(resolver, 'pickRoleAssignee', schemas.pickRoleAssignee, ({ caller, context, payload }) =>
    pickRoleAssignee(caller, epicOf(context), payload),
  );
  // A stand-in is the caller's own: the payload names the stand-in, never whose it is.
  define(resolver, 'getStandIn', schemas.empty, ({ caller }) => getStandIn(caller));
  define(resolver, 'nameStandIn', schemas.nameStandIn, ({ caller, payload }) => nameStandIn(caller, payload));
  define(resolver, 'endStandIn', schemas.empty, ({ caller }) => endStandIn(caller));
}
