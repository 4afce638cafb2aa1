/** The project settings page: set the template up for a project (project admins only). */
import type { ProjectSettings, SettingsView, ValidatorSetup } from '../../shared/api';
import { defaultSettings, validateSettings } from '../../core/settings';
import { TEMPLATES } from '../../core/template/registry';
import { ROLE_IDS, type GateId, type LocalizedText } from '../../core/template/schema';
import {
  getMyPermissions,
  getProject,
  getProjectRole,
  getProjectRoles,
  readWorkflow,
  searchJql,
  type JiraProject,
  type WorkflowReadResult,
} from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { gateClause, gateField } from '../portfolio/gate-field';
import { refreshSummary } from '../portfolio/summary';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import type { Caller } from '../phase/context';
import { requireTemplate } from '../templates/template-of-epic';
import { DEFAULT_TEMPLATE_ID, latestProjectTemplates, projectTemplate } from '../templates/catalog';
import { notAssignableText, whyNotAssignable } from '../roster/users';
import { atPath, l10n } from '../../core/messages';
import { allSettledOrThrow } from '../../core/settled';

export const VALIDATOR_MODULE_KEYS: Record<GateId, string> = {
  entry: 'entry-gate-validator',
  exit: 'exit-gate-validator',
};

const PROJECT_KEY = /^[A-Za-z0-9_]{1,255}$/;

export async function loadProject(projectIdOrKey: unknown): Promise<JiraProject> {
  if (typeof projectIdOrKey !== 'string' || !PROJECT_KEY.test(projectIdOrKey)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, ['project: missing from the page context']);
  }
  try {
    return await getProject('user', projectIdOrKey);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden')) {
      throw new AppError('NOT_FOUND', l10n('server.settings.projectMissing'));
    }
    throw e;
  }
}

function templateVersions(): string[] {
  return Object.keys(TEMPLATES['kayttoonotto'] ?? {});
}

/** Whether the Forge validators sit on the epic workflow's transitions (needs Jira admin to read),
 * and which transitions into a status of the Done category lack the exit validator: each of those
 * is a way around the gate (a global "Done", a To Do → Done shortcut, a renamed or second Done
 * status). Judged by the target status's category, never by a transition's name. */
async function validatorSetup(project: JiraProject): Promise<ValidatorSetup[] | null> {
  const epicType = project.issueTypes?.find((t) => t.hierarchyLevel === 1);
  if (!epicType) return null;
  try {
    const wf = await readWorkflow('user', { projectId: project.id, issueTypeId: epicType.id });
    return workflowSetup(wf);
  } catch (e) {
    // the workflow APIs answer 401 (not 403) to a caller who is not a Jira admin (OpenAPI, readWorkflows)
    if (e instanceof JiraError && (e.kind === 'forbidden' || e.kind === 'unauthorized' || e.kind === 'not-found')) return null;
    throw e;
  }
}

/** The setup check over one workflow read (pure; exported for tests). */
export function workflowSetup(wf: WorkflowReadResult): ValidatorSetup[] {
  const transitions = (wf.workflows ?? []).flatMap((w) => w.transitions ?? []).filter((t) => t.type !== 'INITIAL');
  const statusOf = (ref: string | undefined) =>
    (wf.statuses ?? []).find((s) => s.statusReference === ref || (s.id !== undefined && s.id === ref));
  const has = (t: (typeof transitions)[number], moduleKey: string) =>
    (t.validators ?? []).some(
      (v) => v.ruleKey === 'forge:expression-validator' && (v.parameters?.key ?? '').endsWith(`/static/${moduleKey}`),
    );
  return (Object.keys(VALIDATOR_MODULE_KEYS) as GateId[]).map((gate) => {
    const moduleKey = VALIDATOR_MODULE_KEYS[gate];
    const t = transitions.find((tr) => has(tr, moduleKey));
    // Not installed: name the transition the validator belongs on (into the gate's status category), so the help can.
    const category = gate === 'exit' ? 'DONE' : 'IN_PROGRESS';
    const targetOf = (tr: (typeof transitions)[number] | undefined) => tr?.toStatusReference ?? tr?.to?.statusReference;
    const target = t ?? transitions.find((tr) => statusOf(targetOf(tr))?.statusCategory === category);
    const setup: ValidatorSetup = {
      gate,
      installed: !!t,
      transitionName: target?.name ?? null,
      statusName: statusOf(targetOf(target))?.name ?? null,
      workflowName: wf.workflows?.[0]?.name ?? null,
    };
    if (gate === 'exit') {
      setup.unguarded = transitions
        .filter((tr) => statusOf(targetOf(tr))?.statusCategory === 'DONE' && !has(tr, moduleKey))
        .map((tr) => ({ transitionId: tr.id ?? '', transitionName: tr.name ?? '', statusName: statusOf(targetOf(tr))?.name ?? '' }));
    }
    return setup;
  });
}

export async function getSettings(caller: Caller, projectIdOrKey: unknown): Promise<SettingsView> {
  void caller;
  const project = await loadProject(projectIdOrKey);
  const [perms, roles, stored] = await allSettledOrThrow([
    getMyPermissions({ projectId: project.id, permissions: ['ADMINISTER_PROJECTS', 'ADMINISTER'] }),
    getProjectRoles('user', project.id).catch(() => []),
    store.getProjectSettings(project.id),
  ]);
  const canAdminister = !!perms.ADMINISTER_PROJECTS || !!perms.ADMINISTER;
  const projectRoles = await allSettledOrThrow(
    roles.map(async (r) => {
      try {
        const detail = await getProjectRole('user', project.id, r.id);
        const userAccountIds = (detail.actors ?? []).map((a) => a.actorUser?.accountId).filter((x): x is string => !!x);
        return { id: r.id, name: r.name, userAccountIds };
      } catch {
        return { id: r.id, name: r.name, userAccountIds: [] };
      }
    }),
  );
  const issueTypes = (project.issueTypes ?? []).map((t) => ({
    id: t.id,
    name: t.name,
    hierarchyLevel: t.hierarchyLevel ?? (t.subtask ? -1 : 0),
    subtask: !!t.subtask,
  }));
  const standard = issueTypes.filter((t) => t.hierarchyLevel === 0 && !t.subtask);
  const defaultChild = standard.find((t) => /^(task|tehtävä|uppgift)$/i.test(t.name)) ?? standard[0];
  const template = requireTemplate('kayttoonotto', stored?.templateVersion);
  // What a new epic gets: the project's own newest saved version of the default template, else the built-in one.
  const own = (await latestProjectTemplates(project.id, { indexOnly: true })).get(DEFAULT_TEMPLATE_ID);
  const ownTemplate = own ? await projectTemplate(project.id, own.templateId, own.version) : undefined;
  const newEpic = ownTemplate ?? template;
  return {
    project: { id: project.id, key: project.key, name: project.name },
    settings: stored ?? defaultSettings(template, defaultChild?.id ?? null),
    isDefault: !stored,
    issueTypes,
    projectRoles,
    templateVersions: templateVersions(),
    template,
    validators: canAdminister ? await validatorSetup(project) : null,
    canAdminister,
    teamManaged: project.style === 'next-gen' || project.simplified === true,
    defaultChildIssueTypeId: defaultChild?.id ?? null,
    newEpicTemplate: {
      templateId: newEpic.id,
      version: newEpic.version,
      source: ownTemplate ? 'project' : 'built-in',
      items: newEpic.items.length,
    },
  };
}

export async function saveSettings(caller: Caller, projectIdOrKey: unknown, input: { settings: unknown }): Promise<SettingsView> {
  const project = await loadProject(projectIdOrKey);
  const perms = await getMyPermissions({ projectId: project.id, permissions: ['ADMINISTER_PROJECTS'] });
  if (!perms.ADMINISTER_PROJECTS) {
    throw new AppError('FORBIDDEN', l10n('server.settings.adminOnly'));
  }
  const { settings, localized } = validateSettings(input?.settings, requireTemplate('kayttoonotto'), templateVersions());
  if (!settings) throw new AppError('INVALID_INPUT', localized[0] ?? M.invalidInput, localized);
  const child = project.issueTypes?.find((t) => t.id === settings.childIssueTypeId);
  if (settings.childIssueTypeId && (!child || (child.hierarchyLevel ?? 0) !== 0 || child.subtask)) {
    const text = l10n('server.settings.childIssueTypeInvalid');
    throw new AppError('INVALID_INPUT', text, [text]);
  }
  await checkDefaultRoster(project, settings);
  const before = await store.getProjectSettings(project.id);
  const saved: ProjectSettings = { ...settings, updatedAt: new Date().toISOString(), updatedBy: caller.accountId };
  await store.putProjectSettings(project.id, saved);
  await store.appendAudit(`project-${project.id}`, {
    by: caller.accountId,
    action: 'settings.changed',
    before: before ?? null,
    after: saved,
  });
  if (!before || readinessRelevant(before) !== readinessRelevant(saved)) await refreshProjectSummaries(project.id);
  return getSettings(caller, project.id);
}

/** What of the settings the gate summaries of running epics are computed from: the owner role of
 * each deliverable (who must act), and whether the epics count as deployment epics at all. */
function readinessRelevant(s: ProjectSettings): string {
  const owners = Object.entries(s.deliverableOwners).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ enabled: s.enabled, epicSelector: s.epicSelector, owners });
}

/** Pages of epics asked for a refresh in the save itself (100 a page, 10 at a time, well within a
 * resolver's 25 s); beyond that, the rest follow their next change. */
const REFRESH_PAGES = 3;
const REFRESH_PARALLEL = 10;

/**
 * The settings changed what the gate summaries of the project's running epics say: each epic that
 * carries a summary is asked for a refresh (coalesced, services/portfolio/summary.ts). Nothing else follows a
 * settings save (it is no Jira event at all). Never throws: the settings are saved already.
 */
async function refreshProjectSummaries(projectId: string): Promise<void> {
  try {
    let token: string | undefined;
    const field = await gateField();
    for (let page = 0; page < REFRESH_PAGES; page++) {
      const r = await searchJql('app', {
        jql: `project = ${projectId} AND ${gateClause(field)} IS NOT EMPTY ORDER BY key ASC`,
        fields: ['issuetype'],
        maxResults: 100,
        ...(token ? { nextPageToken: token } : {}),
      });
      for (let i = 0; i < r.issues.length; i += REFRESH_PARALLEL)
        await allSettledOrThrow(r.issues.slice(i, i + REFRESH_PARALLEL).map((issue) => refreshSummary(issue.id)));
      if (r.isLast !== false || !r.nextPageToken) return;
      token = r.nextPageToken;
    }
    console.warn(`[settings] project ${projectId}: more than ${REFRESH_PAGES * 100} epics; the rest are refreshed at their next change`);
  } catch (e) {
    console.warn(`[settings] project ${projectId}: could not ask for the summaries' refresh:`, e instanceof Error ? e.message : e);
  }
}

/**
 * The default roster names people and project roles that exist in Jira: each default user must be
 * an active, assignable person of the project (as on the panel), and each project role one of the
 * project's. Every problem is named with its path, in the caller's language.
 */
async function checkDefaultRoster(project: JiraProject, settings: ProjectSettings): Promise<void> {
  const defaults = ROLE_IDS.map((role) => ({ role, def: settings.defaultRoster[role] }));
  const needRoles = defaults.some((d) => d.def?.type === 'project-role');
  const projectRoles = needRoles ? await getProjectRoles('user', project.id) : [];
  // One check per role, side by side; the problems keep the roles' order.
  const found = await allSettledOrThrow(
    defaults.map(async ({ role, def }): Promise<LocalizedText | null> => {
      if (def?.type === 'user') {
        const reason = await whyNotAssignable('user', project.id, def.accountId);
        if (!reason) return null;
        const text = notAssignableText(reason, def.accountId, project.key);
        const path = `defaultRoster.${role}.accountId`;
        return atPath(path, text);
      }
      if (def?.type === 'project-role' && !projectRoles.some((r) => r.id === def.projectRoleId)) {
        const path = `defaultRoster.${role}.projectRoleId`;
        return l10n('server.settings.projectRoleMissing', { path, key: project.key, projectRoleId: def.projectRoleId });
      }
      return null;
    }),
  );
  const problems = found.filter((p): p is LocalizedText => p !== null);
  if (problems.length) throw new AppError('INVALID_INPUT', problems[0] ?? M.invalidInput, problems);
}

/** A project's stored settings as the app reads them (for the trigger, which must not touch storage itself). */
export async function projectSettingsOf(projectId: string): Promise<ProjectSettings | undefined> {
  return store.getProjectSettings(projectId);
}
