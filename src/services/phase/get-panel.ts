/** Use case: read the phase as the panel shows it. */
import type { PanelView } from '../../shared/api';
import { mayWaiveEntryGate, phaseStatus } from '../../core/gate';
import { callerRoles, panelPermissions } from '../../core/permissions';
import { isDeploymentEpic, itemRolesOf } from '../../core/settings';
import * as store from '../../storage/store';
import { verdictsOf } from '../common/epic';
import { refreshAfterLapse } from '../portfolio/summary';
import { newerVersionOf } from '../templates/catalog';
import { type Caller, type EpicRef, facts, jiraFacts, load } from './context';
import { allSettledOrThrow } from '../../core/settled';

/** Everything the panel needs for its first render: one search and one permission check in Jira. */
export async function getPanel(caller: Caller, ref: EpicRef, sentLocale?: string): Promise<PanelView> {
  // The person's Jira language, for the workflow validator's answer (store.userLocaleKey); never fails the panel.
  const remembered = sentLocale ? store.rememberUserLocale(caller.accountId, sentLocale).catch(() => undefined) : undefined;
  const l = await load(caller, ref);
  const jira = await jiraFacts(l.loaded.epic.projectId);
  const verdicts = verdictsOf(l.loaded);
  const { entry, exit } = verdicts;
  const meta = l.state.meta;
  const [audit, newer] = await allSettledOrThrow([
    store.readAudit(l.loaded.epic.id, 20),
    // A closed phase keeps its version: no upgrade is offered.
    meta && l.loaded.epic.statusCategory !== 'done' ? newerVersionOf(meta.projectId, meta.templateId, meta.templateVersion) : null,
  ]);
  await refreshAfterLapse(l.loaded.epic.id, l.readiness, l.loaded.judgedAt.slice(0, 10));
  await remembered;
  const { hierarchyLevel: _h, issueTypeId: _t, ...epic } = l.loaded.epic;
  return {
    epic,
    enabled: !!l.settings?.enabled,
    isDeploymentEpic: isDeploymentEpic(l.settings, l.loaded.epic),
    template: l.template,
    newerTemplate: meta && newer ? { templateId: meta.templateId, version: newer } : null,
    phase: store.toPhaseRecord(l.state),
    status: phaseStatus({ started: !!l.state.meta, epicStatusCategory: l.loaded.epic.statusCategory, done: verdicts.done }),
    roster: l.state.roster,
    readiness: l.readiness,
    gates: { entry, exit },
    entryGateWaiver: l.loaded.entryGateWaiver,
    attestations: l.state.attestations,
    waivers: l.state.waivers,
    permissions: {
      ...panelPermissions(l.template, facts(caller, l, jira), caller.locale),
      waiveEntryGate: mayWaiveEntryGate(facts(caller, l, jira), caller.locale),
    },
    callerRoles: callerRoles(caller.accountId, l.state.roster, l.state.members),
    members: l.state.members,
    standingFor: l.standingFor,
    callerAccountId: caller.accountId,
    auditTail: audit.entries,
    itemRoles: itemRolesOf(l.template, l.settings),
    today: l.loaded.judgedAt.slice(0, 10),
    unmappedChildren: l.loaded.otherChildren,
  };
}
