/**
 * Who may do what on a deployment epic. Pure: the panel shows these answers and the resolvers
 * enforce the same answers server side.
 */
import type { ActionPermission, PanelPermissions, Roster, RosterMembers, WaiverRecord } from './model';
import type { Locale, RoleId, Template } from './template/schema';
import { l10n, l10nIn } from './messages';
import { callerRoles, confirmingRole, DECIDER_ROLES, ROSTER_EDITOR_ROLES, waiverDecidingAs, waiverDecisionBlock } from './rules';

export { callerRoles, DECIDER_ROLES, ROSTER_EDITOR_ROLES } from './rules';

export interface CallerFacts {
  accountId: string;
  roster: Roster;
  /** The further people of each role (several per role). */
  members?: RosterMembers;
  /** The people on the roster whose stand-in the caller is today (they confirm in those people's roles). */
  standingFor?: readonly string[];
  phaseStarted: boolean;
  enabled: boolean;
  spawnComplete: boolean;
  /** Jira permissions of the caller in the epic's project. */
  jira: { createIssues: boolean; editIssues: boolean; administerProject: boolean };
}

const R = {
  notEnabled: l10n('server.gate.notEnabled'),
  notStarted: l10n('server.gate.notStarted'),
  alreadyStarted: l10n('server.permissions.alreadyStarted'),
  noCreate: l10n('server.permissions.noCreate'),
  needRole: (roles: string, l: Locale) => l10nIn(l, 'server.permissions.needRole', { roles }),
  needAnyRole: l10n('server.permissions.needAnyRole'),
  ownRequest: l10n('server.permissions.ownRequest'),
  absentRequest: l10n('server.permissions.absentRequest'),
  notRequested: l10n('server.phase.noOpenWaiver'),
} as const;

const yes: ActionPermission = { allowed: true };
const no = (reason: string): ActionPermission => ({ allowed: false, reason });

function roleList(template: Template, roles: readonly RoleId[], l: Locale): string {
  return roles.map((r) => template.roles.find((x) => x.id === r)?.name[l] ?? r).join(', ');
}

export function panelPermissions(template: Template, facts: CallerFacts, l: Locale): PanelPermissions {
  const roles = callerRoles(facts.accountId, facts.roster, facts.members);
  const has = (allowed: readonly RoleId[]) => roles.some((r) => allowed.includes(r));
  const gateOk = !facts.enabled ? no(R.notEnabled[l]) : !facts.phaseStarted ? no(R.notStarted[l]) : null;

  const startPhase = !facts.enabled
    ? no(R.notEnabled[l])
    : facts.phaseStarted && facts.spawnComplete
      ? no(R.alreadyStarted[l])
      : facts.jira.createIssues
        ? yes
        : no(R.noCreate[l]);

  const resync = !facts.enabled
    ? no(R.notEnabled[l])
    : !facts.phaseStarted
      ? no(R.notStarted[l])
      : facts.jira.createIssues
        ? yes
        : no(R.noCreate[l]);

  const editRoster =
    gateOk ??
    (has(ROSTER_EDITOR_ROLES) || facts.jira.administerProject ? yes : no(R.needRole(roleList(template, ROSTER_EDITOR_ROLES, l), l)));
  const decider = gateOk ?? (has(DECIDER_ROLES) ? yes : no(R.needRole(roleList(template, DECIDER_ROLES, l), l)));

  const attest: Record<string, ActionPermission> = {};
  for (const gate of [template.gates.entry, template.gates.exit]) {
    for (const c of gate.conditions) {
      if (c.kind !== 'attestation') continue;
      attest[c.id] =
        gateOk ??
        ([facts.accountId, ...(facts.standingFor ?? [])].some((id) => confirmingRole(c, id, facts.roster, facts.members))
          ? yes
          : no(R.needRole(roleList(template, c.attestRoles, l), l)));
    }
  }
  // The evidence link of a condition that takes one: changed by whoever may confirm it, or a project admin.
  const changeEvidence: Record<string, ActionPermission> = {};
  for (const gate of [template.gates.entry, template.gates.exit]) {
    for (const c of gate.conditions) {
      if (c.kind !== 'attestation' || c.evidence === 'none') continue;
      changeEvidence[c.id] = mayChangeEvidence(attest[c.id] ?? no(R.needAnyRole[l]), facts.jira.administerProject, gateOk);
    }
  }
  return {
    startPhase,
    resync,
    editRoster,
    setRiskLevel: decider,
    attest,
    changeEvidence,
    requestWaiver: gateOk ?? (roles.length > 0 ? yes : no(R.needAnyRole[l])),
    // A stand-in decides for the absent person's deciding role too ("A for B"; core/rules.ts waiverDecidingAs).
    decideWaiver:
      gateOk ??
      (waiverDecidingAs(facts.accountId, facts.standingFor ?? [], facts.roster, facts.members)
        ? yes
        : no(R.needRole(roleList(template, DECIDER_ROLES, l), l))),
    pickRoleAssignee: mayPickRoleAssignee(template, facts, l),
  };
}

/** Whether a person may change a condition's evidence link: whoever may confirm the condition (a stand-in
 * too), or a project admin; never before the phase is on (`gateOk`: why not, when it is not). */
export function mayChangeEvidence(attest: ActionPermission, administerProject: boolean, gateOk: ActionPermission | null): ActionPermission {
  if (gateOk) return gateOk;
  return attest.allowed || administerProject ? yes : attest;
}

/** Whether this caller may approve or reject this particular waiver (as a stand-in: for `onBehalfOf`). */
export function mayDecideWaiver(
  base: ActionPermission,
  waiver: WaiverRecord | undefined,
  accountId: string,
  l: Locale,
  onBehalfOf?: string,
): ActionPermission {
  if (!base.allowed) return base;
  const block = waiverDecisionBlock(waiver, accountId, onBehalfOf);
  if (block === 'not-requested') return no(R.notRequested[l]);
  if (block === 'own-request') return no(R.ownRequest[l]);
  if (block === 'absent-request') return no(R.absentRequest[l]);
  return yes;
}

/** Who may clean up duplicate children of an epic (core/duplicates.ts): its project manager or a project admin. */
export const DUPLICATE_CLEANER_ROLES: readonly RoleId[] = ['project-manager'];

export function mayCleanDuplicates(template: Template, facts: CallerFacts, l: Locale): ActionPermission {
  if (!facts.enabled) return no(R.notEnabled[l]);
  if (!facts.phaseStarted) return no(R.notStarted[l]);
  const roles = callerRoles(facts.accountId, facts.roster, facts.members);
  if (roles.some((r) => DUPLICATE_CLEANER_ROLES.includes(r)) || facts.jira.administerProject) return yes;
  return no(R.needRole(`${roleList(template, DUPLICATE_CLEANER_ROLES, l)}, ${l10nIn(l, 'server.duplicates.projectAdmin')}`, l));
}

/** Who picks which of a role's people gets the role's items (issue #24): the project manager (any of the
 * role's people) or a project admin, on a started deployment. The panel shows the control by this answer. */
export const ASSIGNEE_PICKER_ROLES: readonly RoleId[] = ['project-manager'];

export function mayPickRoleAssignee(template: Template, facts: CallerFacts, l: Locale): ActionPermission {
  if (!facts.enabled) return no(R.notEnabled[l]);
  if (!facts.phaseStarted) return no(R.notStarted[l]);
  const roles = callerRoles(facts.accountId, facts.roster, facts.members);
  if (roles.some((r) => ASSIGNEE_PICKER_ROLES.includes(r)) || facts.jira.administerProject) return yes;
  return no(R.needRole(`${roleList(template, ASSIGNEE_PICKER_ROLES, l)}, ${l10nIn(l, 'server.duplicates.projectAdmin')}`, l));
}
