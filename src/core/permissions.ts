/**
 * Who may do what on a deployment epic. Pure: the panel shows these answers and the resolvers
 * enforce the same answers server side.
 */
import type { ActionPermission, PanelPermissions, Roster, WaiverRecord } from './model';
import type { Locale, RoleId, Template } from './template/schema';

export interface CallerFacts {
  accountId: string;
  roster: Roster;
  phaseStarted: boolean;
  enabled: boolean;
  spawnComplete: boolean;
  /** Jira permissions of the caller in the epic's project. */
  jira: { createIssues: boolean; editIssues: boolean; administerProject: boolean };
}

export const DECIDER_ROLES: readonly RoleId[] = ['project-manager', 'steering-group'];
export const ROSTER_EDITOR_ROLES: readonly RoleId[] = ['project-manager', 'steering-group'];

export function callerRoles(accountId: string, roster: Roster): RoleId[] {
  return (Object.entries(roster) as [RoleId, string | undefined][]).filter(([, id]) => id === accountId).map(([r]) => r);
}

const R = {
  notEnabled: {
    fi: 'Malli ei ole käytössä projektissa.',
    sv: 'Mallen är inte aktiverad i projektet.',
    en: 'The template is not enabled in the project.',
  },
  notStarted: { fi: 'Vaihetta ei ole aloitettu.', sv: 'Fasen har inte startats.', en: 'The phase has not been started.' },
  alreadyStarted: { fi: 'Vaihe on jo aloitettu.', sv: 'Fasen har redan startats.', en: 'The phase has already been started.' },
  noCreate: {
    fi: 'Sinulla ei ole oikeutta luoda tehtäviä projektiin.',
    sv: 'Du får inte skapa ärenden i projektet.',
    en: 'You may not create work items in the project.',
  },
  needRole: {
    fi: (roles: string) => `Vain seuraavat roolit epicissä: ${roles}.`,
    sv: (roles: string) => `Endast följande roller på epicen: ${roles}.`,
    en: (roles: string) => `Only these roles on the epic: ${roles}.`,
  },
  needAnyRole: {
    fi: 'Vain henkilö, jolla on rooli tässä epicissä.',
    sv: 'Endast en person med en roll på denna epic.',
    en: 'Only a person with a role on this epic.',
  },
  ownRequest: {
    fi: 'Et voi hyväksyä omaa poikkeuspyyntöäsi.',
    sv: 'Du kan inte godkänna din egen begäran om undantag.',
    en: 'You cannot approve your own waiver request.',
  },
  notRequested: {
    fi: 'Poikkeuspyyntöä ei ole tai se on jo käsitelty.',
    sv: 'Det finns ingen öppen begäran om undantag.',
    en: 'There is no open waiver request.',
  },
} as const;

const yes: ActionPermission = { allowed: true };
const no = (reason: string): ActionPermission => ({ allowed: false, reason });

function roleList(template: Template, roles: readonly RoleId[], l: Locale): string {
  return roles.map((r) => template.roles.find((x) => x.id === r)?.name[l] ?? r).join(', ');
}

export function panelPermissions(template: Template, facts: CallerFacts, l: Locale): PanelPermissions {
  const roles = callerRoles(facts.accountId, facts.roster);
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
    (has(ROSTER_EDITOR_ROLES) || facts.jira.administerProject ? yes : no(R.needRole[l](roleList(template, ROSTER_EDITOR_ROLES, l))));
  const decider = gateOk ?? (has(DECIDER_ROLES) ? yes : no(R.needRole[l](roleList(template, DECIDER_ROLES, l))));

  const attest: Record<string, ActionPermission> = {};
  for (const gate of [template.gates.entry, template.gates.exit]) {
    for (const c of gate.conditions) {
      if (c.kind !== 'attestation') continue;
      attest[c.id] = gateOk ?? (has(c.attestRoles) ? yes : no(R.needRole[l](roleList(template, c.attestRoles, l))));
    }
  }
  return {
    startPhase,
    resync,
    editRoster,
    setRiskLevel: decider,
    attest,
    requestWaiver: gateOk ?? (roles.length > 0 ? yes : no(R.needAnyRole[l])),
    decideWaiver: decider,
  };
}

/** Whether this caller may approve or reject this particular waiver. */
export function mayDecideWaiver(base: ActionPermission, waiver: WaiverRecord | undefined, accountId: string, l: Locale): ActionPermission {
  if (!base.allowed) return base;
  if (!waiver || waiver.status !== 'requested') return no(R.notRequested[l]);
  if (waiver.requestedBy === accountId) return no(R.ownRequest[l]);
  return yes;
}
