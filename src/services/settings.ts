/** The project settings page: set the template up for a project (project admins only). */
import type { ProjectSettings, SettingsView, ValidatorSetup } from '../shared/api';
import { defaultSettings, validateSettings } from '../core/settings';
import { TEMPLATES } from '../core/template';
import type { GateId } from '../core/template/schema';
import { getMyPermissions, getProject, getProjectRole, getProjectRoles, readWorkflow, type JiraProject } from '../jira/client';
import { JiraError } from '../jira/errors';
import * as store from '../storage/store';
import { AppError, M, msg } from './errors';
import type { Caller } from './phase';
import { requireTemplate } from './templates';

export const VALIDATOR_MODULE_KEYS: Record<GateId, string> = {
  entry: 'entry-gate-validator',
  exit: 'exit-gate-validator',
};

const PROJECT_KEY = /^[A-Za-z0-9_]{1,255}$/;

async function loadProject(projectIdOrKey: unknown): Promise<JiraProject> {
  if (typeof projectIdOrKey !== 'string' || !PROJECT_KEY.test(projectIdOrKey)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, ['project: missing from the page context']);
  }
  try {
    return await getProject('user', projectIdOrKey);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden')) {
      throw new AppError('NOT_FOUND', msg('Projektia ei löydy.', 'Projektet finns inte.', 'The project does not exist.'));
    }
    throw e;
  }
}

function templateVersions(): string[] {
  return Object.keys(TEMPLATES['kayttoonotto'] ?? {});
}

/** Whether the Forge validators sit on the epic workflow's transitions (needs Jira admin to read). */
async function validatorSetup(project: JiraProject): Promise<ValidatorSetup[] | null> {
  const epicType = project.issueTypes?.find((t) => t.hierarchyLevel === 1);
  if (!epicType) return null;
  try {
    const wf = await readWorkflow('user', { projectId: project.id, issueTypeId: epicType.id });
    const transitions = (wf.workflows ?? []).flatMap((w) => w.transitions ?? []);
    return (Object.keys(VALIDATOR_MODULE_KEYS) as GateId[]).map((gate) => {
      const moduleKey = VALIDATOR_MODULE_KEYS[gate];
      const t = transitions.find((tr) =>
        (tr.validators ?? []).some((v) => v.ruleKey === 'forge:expression-validator' && (v.parameters?.key ?? '').endsWith(`/static/${moduleKey}`)),
      );
      // Not installed: name the transition the validator belongs on (into the gate's status category), so the help can.
      const category = gate === 'exit' ? 'DONE' : 'IN_PROGRESS';
      const statusOf = (ref: string | undefined) => (wf.statuses ?? []).find((st) => st.statusReference === ref);
      const targetOf = (tr: (typeof transitions)[number] | undefined) => tr?.toStatusReference ?? tr?.to?.statusReference;
      const target = t ?? transitions.find((tr) => statusOf(targetOf(tr))?.statusCategory === category);
      return {
        gate,
        installed: !!t,
        transitionName: target?.name ?? null,
        statusName: statusOf(targetOf(target))?.name ?? null,
        workflowName: wf.workflows?.[0]?.name ?? null,
      };
    });
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'forbidden' || e.kind === 'not-found')) return null;
    throw e;
  }
}

export async function getSettings(caller: Caller, projectIdOrKey: unknown): Promise<SettingsView> {
  void caller;
  const project = await loadProject(projectIdOrKey);
  const [perms, roles, stored] = await Promise.all([
    getMyPermissions({ projectId: project.id, permissions: ['ADMINISTER_PROJECTS', 'ADMINISTER'] }),
    getProjectRoles('user', project.id).catch(() => []),
    store.getProjectSettings(project.id),
  ]);
  const canAdminister = !!perms.ADMINISTER_PROJECTS || !!perms.ADMINISTER;
  const projectRoles = await Promise.all(
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
  const defaultChild = issueTypes.find((t) => t.hierarchyLevel === 0 && /^(task|tehtävä)$/i.test(t.name)) ?? issueTypes.find((t) => t.hierarchyLevel === 0);
  const template = requireTemplate('kayttoonotto', stored?.templateVersion);
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
  };
}

export async function saveSettings(caller: Caller, projectIdOrKey: unknown, input: { settings: unknown }): Promise<SettingsView> {
  const project = await loadProject(projectIdOrKey);
  const perms = await getMyPermissions({ projectId: project.id, permissions: ['ADMINISTER_PROJECTS'] });
  if (!perms.ADMINISTER_PROJECTS) {
    throw new AppError(
      'FORBIDDEN',
      msg(
        'Vain projektin ylläpitäjä voi muuttaa mallin asetuksia.',
        'Endast en projektadministratör kan ändra mallens inställningar.',
        'Only a project admin can change the template settings.',
      ),
    );
  }
  const { settings, problems } = validateSettings(input?.settings, requireTemplate('kayttoonotto'), templateVersions());
  if (!settings) throw new AppError('INVALID_INPUT', M.invalidInput, problems);
  const child = project.issueTypes?.find((t) => t.id === settings.childIssueTypeId);
  if (settings.childIssueTypeId && (!child || (child.hierarchyLevel ?? 0) !== 0 || child.subtask)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, [
      'childIssueTypeId: choose a standard issue type of this project (children of an epic sit one level below it; sub-tasks cannot)',
    ]);
  }
  const before = await store.getProjectSettings(project.id);
  const saved: ProjectSettings = { ...settings, updatedAt: new Date().toISOString(), updatedBy: caller.accountId };
  await store.putProjectSettings(project.id, saved);
  await store.appendAudit(`project-${project.id}`, { by: caller.accountId, action: 'settings.changed', before: before ?? null, after: saved });
  return getSettings(caller, project.id);
}
