/** The panel's use cases' common ground: the caller, the epic as the caller sees it (asUser), and the check of one permission of the panel's rules. */
import type { Readiness } from '../../shared/api';
import { panelPermissions, type CallerFacts } from '../../core/permissions';
import type { Locale, Template } from '../../core/template/schema';
import { getMyPermissions } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import { loadPhase, type PhaseSnapshot } from '../common/epic';
import { standingForOf } from '../roster/stand-ins';
import { l10n, perLocale } from '../../core/messages';

export interface Caller {
  accountId: string;
  locale: Locale;
}

/** The epic a panel runs on: the issue id from the Forge context is its identity; the key must name the same issue. */
export interface EpicRef {
  id: string;
  key: string;
}

export interface Loaded {
  loaded: PhaseSnapshot;
  state: store.EpicState;
  settings: Awaited<ReturnType<typeof store.getProjectSettings>>;
  template: Template;
  readiness: Readiness;
  /** The people on the epic's roster whose stand-in the caller is today. */
  standingFor: string[];
}

/** The epic as the caller sees it, through the same loader as the workflow validators. */
export async function load(caller: Caller, ref: EpicRef): Promise<Loaded> {
  void caller;
  let loaded: PhaseSnapshot;
  try {
    loaded = await loadPhase('user', ref);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden'))
      throw new AppError('NOT_FOUND', M.epicNotFound, [], { cause: e });
    throw e;
  }
  const standingFor = await standingForOf(caller.accountId, loaded.state, loaded.judgedAt.slice(0, 10));
  return { loaded, state: loaded.state, settings: loaded.settings, template: loaded.template, readiness: loaded.readiness, standingFor };
}

export async function jiraFacts(projectId: string): Promise<CallerFacts['jira']> {
  const p = await getMyPermissions({ projectId, permissions: ['CREATE_ISSUES', 'EDIT_ISSUES', 'ADMINISTER_PROJECTS'] });
  return { createIssues: !!p.CREATE_ISSUES, editIssues: !!p.EDIT_ISSUES, administerProject: !!p.ADMINISTER_PROJECTS };
}

export function facts(caller: Caller, l: Loaded, jira: CallerFacts['jira']): CallerFacts {
  return {
    accountId: caller.accountId,
    roster: l.state.roster,
    members: l.state.members,
    standingFor: l.standingFor,
    phaseStarted: !!l.state.meta,
    enabled: !!l.settings?.enabled,
    spawnComplete: l.state.spawn?.state === 'complete',
    jira,
  };
}

export function deny(reason: string | undefined): never {
  throw new AppError('FORBIDDEN', reason ? perLocale(() => reason) : M.jiraForbidden);
}

/** Loads, and checks one permission of the panel's rules. Jira permissions are read only when needed. */
export async function authorize(
  caller: Caller,
  epic: EpicRef,
  pick: (p: ReturnType<typeof panelPermissions>) => { allowed: boolean; reason?: string } | undefined,
  needJira = false,
  /** The epic as the caller already read it in this invocation, so it is not read twice. */
  preloaded?: Loaded,
): Promise<Loaded & { jira: CallerFacts['jira'] }> {
  const l = preloaded ?? (await load(caller, epic));
  if (!l.settings?.enabled) throw new AppError('NOT_ENABLED', M.notEnabled);
  if (!l.state.meta) throw new AppError('NOT_ENABLED', M.notStarted);
  const jira = needJira ? await jiraFacts(l.loaded.epic.projectId) : { createIssues: false, editIssues: false, administerProject: false };
  const perm = pick(panelPermissions(l.template, facts(caller, l, jira), caller.locale));
  if (!perm) throw new AppError('INVALID_INPUT', P.unknownCondition, [P.unknownCondition]);
  if (!perm.allowed) deny(perm.reason);
  return { ...l, jira };
}

/** Problems with a payload that only the template and the epic's state can tell, in three languages. */
export const P = {
  unknownCondition: l10n('server.phase.unknownCondition'),
  unknownItem: l10n('server.phase.unknownItem'),
  evidenceRequired: l10n('server.phase.evidenceRequired'),
  approvalNotTaken: l10n('server.phase.approvalNotTaken'),
  approvalRequired: l10n('server.phase.approvalRequired'),
  approvalRiskMismatch: (current: string) => l10n('server.phase.approvalRiskLevelMismatch', { current }),
  notConfirmed: l10n('server.phase.notConfirmed'),
  waiverExists: l10n('server.phase.waiverExists'),
  noOpenWaiver: l10n('server.phase.noOpenWaiver'),
  waiverRaced: l10n('server.phase.waiverRaced'),
  expiryOnlyWithApproval: l10n('server.phase.expiryOnlyWithApproval'),
  badCursor: l10n('server.phase.badCursor'),
};

export function requireItem(l: Loaded, itemId: string): void {
  if (!l.template.items.some((i) => i.id === itemId)) throw new AppError('INVALID_INPUT', P.unknownItem, [`itemId: ${itemId}`]);
}
