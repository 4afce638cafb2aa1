/** The phase-readiness panel's resolvers (function key `panel-resolver`). */
import Resolver from '@forge/resolver';
import * as phase from '../services/phase';
import { spawnPhase } from '../services/spawn';
import * as users from '../services/users';
import { define, issueKeyOf, type ForgeContext } from './envelope';
import { schemas } from './schemas';
import { definePanelTemplateResolvers } from './templates';

export function panelResolver() {
  const resolver = new Resolver();
  define(resolver, 'getPanel', schemas.empty, ({ caller, context }) => phase.getPanel(caller, issueKeyOf(context)));
  define(resolver, 'getUsers', schemas.getUsers, ({ payload }) => users.getUsers(payload.accountIds));
  define(resolver, 'searchUsers', schemas.searchUsers, ({ payload }) => users.searchUsers(payload.query));
  define(resolver, 'startPhase', schemas.empty, ({ caller, context }) =>
    spawnPhase({ actor: 'user', requestedBy: caller.accountId, epicKey: issueKeyOf(context), ...issueIdOf(context), reason: 'manual' }),
  );
  define(resolver, 'resync', schemas.empty, ({ caller, context }) =>
    spawnPhase({ actor: 'user', requestedBy: caller.accountId, epicKey: issueKeyOf(context), ...issueIdOf(context), reason: 'resync' }),
  );
  define(resolver, 'setRosterMember', schemas.setRosterMember, ({ caller, context, payload }) =>
    phase.setRosterMember(caller, issueKeyOf(context), payload),
  );
  define(resolver, 'setRiskLevel', schemas.setRiskLevel, ({ caller, context, payload }) => phase.setRisk(caller, issueKeyOf(context), payload));
  define(resolver, 'attest', schemas.attest, ({ caller, context, payload }) => phase.attest(caller, issueKeyOf(context), payload));
  define(resolver, 'revokeAttestation', schemas.revokeAttestation, ({ caller, context, payload }) =>
    phase.revokeAttestation(caller, issueKeyOf(context), payload),
  );
  define(resolver, 'requestWaiver', schemas.requestWaiver, ({ caller, context, payload }) =>
    phase.requestWaiver(caller, issueKeyOf(context), payload),
  );
  define(resolver, 'decideWaiver', schemas.decideWaiver, ({ caller, context, payload }) =>
    phase.decideWaiver(caller, issueKeyOf(context), payload),
  );
  define(resolver, 'getAudit', schemas.getAudit, ({ caller, context, payload }) => phase.getAudit(caller, issueKeyOf(context), payload.cursor));
  definePanelTemplateResolvers(resolver);
  return resolver.getDefinitions();
}

/** The epic's id from the panel's context, when it is a Jira issue id. */
function issueIdOf(context: ForgeContext): { epicId?: string } {
  const id = context.extension?.issue?.id;
  return typeof id === 'string' && /^\d+$/.test(id) ? { epicId: id } : {};
}
