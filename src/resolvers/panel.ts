/** The phase-readiness panel's resolvers (function key `panel-resolver`). */
import Resolver from '@forge/resolver';
import * as phase from '../services/phase';
import * as users from '../services/users';
import * as entryGate from '../services/entry-gate';
import { defineDossier } from './dossier';
import { defineGovernance } from './governance';
import { define, epicOf } from './envelope';
import { completeItem } from '../services/items';
import { schemas } from './schemas';
import { definePanelTemplateResolvers } from './templates';
import { definePanelDuplicateResolvers } from './duplicates';

export function panelResolver() {
  const resolver = new Resolver();
  define(resolver, 'getPanel', schemas.empty, ({ caller, context, sentLocale }) => phase.getPanel(caller, epicOf(context), sentLocale));
  define(resolver, 'getUsers', schemas.getUsers, ({ payload }) => users.getUsers(payload.accountIds));
  define(resolver, 'searchUsers', schemas.searchUsers, ({ payload }) => users.searchUsers(payload.query));
  define(resolver, 'startPhase', schemas.empty, ({ caller, context }) => phase.startPhase(caller, epicOf(context), 'manual'));
  define(resolver, 'resync', schemas.empty, ({ caller, context }) => phase.startPhase(caller, epicOf(context), 'resync'));
  define(resolver, 'setRosterMember', schemas.setRosterMember, ({ caller, context, payload }) =>
    phase.setRosterMember(caller, epicOf(context), payload),
  );
  define(resolver, 'setRiskLevel', schemas.setRiskLevel, ({ caller, context, payload }) => phase.setRisk(caller, epicOf(context), payload));
  define(resolver, 'attest', schemas.attest, ({ caller, context, payload }) => phase.attest(caller, epicOf(context), payload));
  define(resolver, 'revokeAttestation', schemas.revokeAttestation, ({ caller, context, payload }) =>
    phase.revokeAttestation(caller, epicOf(context), payload),
  );
  define(resolver, 'requestWaiver', schemas.requestWaiver, ({ caller, context, payload }) =>
    phase.requestWaiver(caller, epicOf(context), payload),
  );
  define(resolver, 'decideWaiver', schemas.decideWaiver, ({ caller, context, payload }) =>
    phase.decideWaiver(caller, epicOf(context), payload),
  );
  define(resolver, 'waiveEntryGate', schemas.waiveEntryGate, ({ caller, context, payload }) =>
    entryGate.waiveEntryGate(caller, epicOf(context), payload),
  );
  define(resolver, 'revokeEntryGateWaiver', schemas.entryGateWaiver, ({ caller, context, payload }) =>
    entryGate.revokeEntryGateWaiver(caller, epicOf(context), payload),
  );
  define(resolver, 'getAudit', schemas.getAudit, ({ caller, context, payload }) => phase.getAudit(caller, epicOf(context), payload.cursor));
  defineDossier(resolver);
  defineGovernance(resolver);
  define(resolver, 'completeItem', schemas.completeItem, ({ caller, context, payload }) => completeItem(caller, epicOf(context), payload));
  definePanelTemplateResolvers(resolver);
  definePanelDuplicateResolvers(resolver);
  return resolver.getDefinitions();
}
