/** The phase-readiness panel's resolvers (function key `panel-resolver`). */
import Resolver from '@forge/resolver';
import { getAudit } from '../services/phase/get-audit';
import { getPanel } from '../services/phase/get-panel';
import { setRisk } from '../services/phase/set-risk';
import { setRosterMember } from '../services/roster/set-roster-member';
import { startPhase } from '../services/phase/start-phase';
import * as users from '../services/roster/users';
import { defineDossier } from './dossier';
import { defineGovernance } from './governance';
import { define, epicOf } from './envelope';
import { definePanelActions } from './panel-actions';
import { schemas } from './schemas';
import { definePanelTemplateResolvers } from './templates';
import { definePanelDuplicateResolvers } from './duplicates';

export function panelResolver() {
  const resolver = new Resolver();
  define(resolver, 'getPanel', schemas.empty, ({ caller, context, sentLocale }) => getPanel(caller, epicOf(context), sentLocale));
  define(resolver, 'getUsers', schemas.getUsers, ({ payload }) => users.getUsers(payload.accountIds));
  define(resolver, 'searchUsers', schemas.searchUsers, ({ payload }) => users.searchUsers(payload.query));
  define(resolver, 'startPhase', schemas.empty, ({ caller, context }) => startPhase(caller, epicOf(context), 'manual'));
  define(resolver, 'resync', schemas.empty, ({ caller, context }) => startPhase(caller, epicOf(context), 'resync'));
  define(resolver, 'setRosterMember', schemas.setRosterMember, ({ caller, context, payload }) =>
    setRosterMember(caller, epicOf(context), payload),
  );
  define(resolver, 'setRiskLevel', schemas.setRiskLevel, ({ caller, context, payload }) => setRisk(caller, epicOf(context), payload));
  definePanelActions(resolver);
  define(resolver, 'getAudit', schemas.getAudit, ({ caller, context, payload }) => getAudit(caller, epicOf(context), payload.cursor));
  defineDossier(resolver);
  defineGovernance(resolver);
  definePanelTemplateResolvers(resolver);
  definePanelDuplicateResolvers(resolver);
  return resolver.getDefinitions();
}
