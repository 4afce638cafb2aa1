/**
 * Upgrading a running deployment epic to the newest version of its template, after a preview.
 *
 * Who: the epic's project manager (on its roster) or a project admin (Jira's ADMINISTER_PROJECTS).
 * Every Jira call runs as the caller (asUser), so Jira also checks that they may create and edit
 * the work items. What (src/core/template/upgrade.ts): items added are spawned and assigned from
 * the roster; the children of removed items are kept and labelled obsolete; changed texts and
 * owners are written to the children; attestations and waivers are kept where the id and the
 * meaning are unchanged, and voided with the reason otherwise. One audit entry per upgrade.
 *
 * All or nothing for the user: once authorised and planned, the upgrade is recorded as an operation
 * before its first write and run step by step (services/templates/upgrade-operation.ts); a crash at any moment
 * is finished by whoever comes next (the watchdog armed here, a spawn run, the next attempt).
 *
 * Due dates (issue 24): the children of added items get the date their offset gives from the epic's
 * Jira due date, in the bulk create; the children of items whose offset changed are moved, unless a
 * person gave them a date of their own. The epic's date and the moves are fixed in the intent, and
 * the app's dates recorded (storage/due-dates.ts) as spawning and a move of the epic's date do.
 *
 * Jira calls: one search (epic + children), one permission check, one bulk create per 50 added
 * items (plus one retry without assignee or due date if Jira refuses them), one edit per removed
 * or changed child, and one entity property write on the epic; when the new version gives offsets,
 * one read of the epic's due date, and for children whose offset changed one reconciled search per
 * 50 and one edit per moved date.
 */
import { compareVersions, planUpgrade, type UpgradePlan } from '../../core/template';
import type { Template } from '../../core/template/schema';
import { changedDueDays, dueDateOf, planUpgradeDueMoves, type ChildDue } from '../../core/due-dates';
import { getIssue, getMyPermissions, getProject } from '../../jira/client';
import { getDueRecord } from '../../storage/due-dates';
import { invocationDeadline } from '../../jira/transport';
import { JiraError } from '../../jira/errors';
import type { UpgradeOffer, UpgradePlanView, UpgradeReport } from '../../shared/templates';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import { confirmChildren, loadEpicWithChildren, type EpicWithChildren } from '../common/epic';
import type { Caller } from '../phase/context';
import { armWatchdog, disarmWatchdog, spawnTuning } from '../items/spawn-queue';
import { resumeOperation, runUpgradeOperation, type UpgradeOperation } from './upgrade-operation';
import { findTemplate, newestTemplate } from './catalog';
import { changeViews } from './project-templates';
import { l10n, perLocale } from '../../core/messages';
import { allSettledOrThrow } from '../../core/settled';

const T = {
  closed: l10n('server.upgrade.closed'),
  notAllowed: l10n('server.upgrade.notAllowed'),
  noJiraRights: l10n('server.upgrade.noJiraRights'),
  upToDate: l10n('server.upgrade.upToDate'),
  changed: l10n('server.upgrade.changed'),
  busy: l10n('server.upgrade.busy'),
  missingTemplate: l10n('server.upgrade.missingTemplate'),
};

interface Loaded {
  loaded: EpicWithChildren;
  state: store.EpicState;
  settings: Awaited<ReturnType<typeof store.getProjectSettings>>;
  meta: store.PhaseMeta;
  from: Template;
  to: Template | null;
  childKeys: Record<string, string>;
}

async function load(caller: Caller, epicKey: string): Promise<Loaded> {
  let loaded: EpicWithChildren;
  try {
    loaded = await loadEpicWithChildren('user', epicKey, { epicFirst: true });
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden')) throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  void caller;
  const [state, settings] = await allSettledOrThrow([store.readEpicState(loaded.epic.id), store.getProjectSettings(loaded.epic.projectId)]);
  if (!settings?.enabled) throw new AppError('NOT_ENABLED', M.notEnabled);
  const meta = state.meta;
  if (!meta) throw new AppError('NOT_ENABLED', M.notStarted);
  const from = await findTemplate(meta.projectId, meta.templateId, meta.templateVersion);
  if (!from) throw new AppError('INTERNAL', T.missingTemplate);
  const newest = await newestTemplate(meta.projectId, meta.templateId);
  const to = newest && compareVersions(newest.template.version, from.version) > 0 ? newest.template : null;
  // The children the app knows of (KVS) and those Jira shows; Jira's view wins for the key.
  const childKeys: Record<string, string> = Object.fromEntries(Object.entries(state.children).map(([itemId, ref]) => [itemId, ref.key]));
  for (const c of loaded.children) childKeys[c.itemId] = c.key;
  return { loaded, state, settings, meta, from, to, childKeys };
}

function planOf(l: Loaded, to: Template): UpgradePlan {
  return planUpgrade({
    from: l.from,
    to,
    children: l.childKeys,
    roster: l.state.roster,
    deliverableOwners: l.settings?.deliverableOwners ?? {},
    attestations: l.state.attestations,
    waivers: l.state.waivers,
  });
}

function view(l: Loaded, to: Template, plan: UpgradePlan): UpgradePlanView {
  const text = (t: Template, id: string) => {
    const x = t.items.find((i) => i.id === id)?.text;
    return x ? { fi: x.fi, sv: x.sv, en: x.en } : { fi: id, sv: id, en: id };
  };
  return {
    from: { templateId: l.from.id, version: l.from.version },
    to: { templateId: to.id, version: to.version },
    added: plan.added.map((a) => ({ ...a, text: text(to, a.itemId) })),
    removed: plan.removed,
    changed: plan.changed.map(({ itemId, childKey, fields }) => ({ itemId, childKey, fields })),
    keptAttestations: plan.keptAttestations,
    voidedAttestations: plan.voidedAttestations,
    keptWaivers: plan.keptWaivers,
    voidedWaivers: plan.voidedWaivers,
    changes: changeViews(l.from, to, plan.changes),
  };
}

/**
 * For many epics in one call (the project page's bulk upgrade): Jira's answer to "what may I do in
 * this project" asked once per project, and the project the epics must belong to.
 */
export interface UpgradeOptions {
  /** projectId → the caller's permissions there; filled on first use. */
  permissions?: Map<string, Promise<Record<string, boolean>>>;
  /** Refuse (NOT_FOUND) an epic of another project. */
  projectId?: string;
}

const notInProject = l10n('server.upgrade.notInProject');

function checkProject(l: Loaded, opts: UpgradeOptions): void {
  if (opts.projectId !== undefined && l.loaded.epic.projectId !== opts.projectId) throw new AppError('NOT_FOUND', notInProject);
}

function permissionsOf(projectId: string, opts: UpgradeOptions): Promise<Record<string, boolean>> {
  const asked = () => getMyPermissions({ projectId, permissions: ['ADMINISTER_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES'] });
  if (!opts.permissions) return asked();
  let p = opts.permissions.get(projectId);
  if (!p) {
    p = asked();
    // A failed answer is not kept: the next epic asks again.
    p.catch(() => opts.permissions?.delete(projectId));
    opts.permissions.set(projectId, p);
  }
  return p;
}

/** The caller may upgrade: the epic's project manager or a project admin, with Jira's create and edit rights. */
async function mayUpgrade(caller: Caller, l: Loaded, opts: UpgradeOptions = {}): Promise<{ allowed: boolean; reason?: string }> {
  // A closed phase (the epic in a Done-category status) keeps the version it was closed with: its
  // closure dossier and audit trail describe that version.
  if (l.loaded.epic.statusCategory === 'done') return { allowed: false, reason: T.closed[caller.locale] };
  const p = await permissionsOf(l.loaded.epic.projectId, opts);
  const isManager = l.state.roster['project-manager'] === caller.accountId;
  if (!isManager && !p.ADMINISTER_PROJECTS) return { allowed: false, reason: T.notAllowed[caller.locale] };
  if (!p.CREATE_ISSUES || !p.EDIT_ISSUES) return { allowed: false, reason: T.noJiraRights[caller.locale] };
  return { allowed: true };
}

/**
 * The due dates an upgrade gives (issue 24), read under the claim: the epic's Jira due date as the
 * spawn reads it (the epic's `duedate` in its latest state; GET /issue is strongly consistent), and
 * the moves of the children whose item's offset changes, from their dates read consistently and the
 * dates the app set (core/due-dates.ts planUpgradeDueMoves: a person's own date is kept). Nothing is
 * read when the new version gives no item an offset.
 */
async function duePlan(
  epic: { id: string; key: string },
  from: Template,
  to: Template,
  children: Readonly<Record<string, { id: string; key: string }>>,
): Promise<Pick<UpgradeOperation, 'epicDueDate' | 'dueMoves' | 'dueKept'>> {
  if (!to.items.some((i) => i.dueDays !== undefined)) return {};
  const epicDueDate = dueDateOf((await getIssue('user', epic.id, { fields: ['duedate'] })).fields.duedate);
  const changed = changedDueDays(from, to);
  const refs = Object.entries(children).filter(([itemId]) => changed.has(itemId));
  if (refs.length === 0) return { epicDueDate, dueMoves: [], dueKept: [] };
  const byId = new Map(
    (
      await confirmChildren(
        'user',
        epic,
        refs.map(([, r]) => r.id),
      )
    ).map((c) => [c.id, c]),
  );
  const current: ChildDue[] = refs.flatMap(([itemId, r]) => {
    const c = byId.get(r.id);
    return c ? [{ itemId, id: r.id, key: c.key, current: c.dueDate ?? null }] : [];
  });
  const plan = planUpgradeDueMoves(from, to, epicDueDate, current, (await getDueRecord(epic.id)).children);
  return { epicDueDate, dueMoves: plan.moves, dueKept: plan.kept };
}

export async function previewUpgrade(caller: Caller, epicKey: string, opts: UpgradeOptions = {}): Promise<UpgradeOffer> {
  const l = await load(caller, epicKey);
  checkProject(l, opts);
  const perm = await mayUpgrade(caller, l, opts);
  if (!l.to) return { plan: null, ...perm };
  return { plan: view(l, l.to, planOf(l, l.to)), ...perm };
}

export async function upgradeEpic(
  caller: Caller,
  epicKey: string,
  input: { toTemplateId: string; toVersion: string },
  opts: UpgradeOptions = {},
): Promise<UpgradeReport> {
  const l = await load(caller, epicKey);
  checkProject(l, opts);
  if (l.loaded.epic.statusCategory === 'done') throw new AppError('CONFLICT', T.closed);
  const perm = await mayUpgrade(caller, l, opts);
  if (!perm.allowed)
    throw new AppError(
      'FORBIDDEN',
      perLocale(() => perm.reason ?? ''),
    );
  if (!l.to) throw new AppError('CONFLICT', T.upToDate);
  if (l.to.id !== input.toTemplateId || l.to.version !== input.toVersion) throw new AppError('CONFLICT', T.changed);
  const to = l.to;
  const epic = l.loaded.epic;

  // The spawn claim keeps the upgrade and a spawn (or a second upgrade) from interleaving. It lapses
  // shortly after this invocation must have ended: a killed upgrade is finished by whoever comes next.
  const owner = `upgrade-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const deadline = invocationDeadline();
  const claimUntil = Math.max(deadline, Date.now()) + spawnTuning.claimMarginMs;
  if (!(await store.claimSpawn(epic.id, owner, claimUntil - Date.now())).claimed) throw new AppError('CONFLICT', T.busy);
  const watchdog = await armWatchdog({ epicKey: epic.key, epicId: epic.id, continuation: 0 }, claimUntil);
  try {
    // An upgrade a crash left unfinished is finished first (it may be this very upgrade).
    const resumed = await resumeOperation(epic.id);
    if (resumed) {
      const { op, outcome } = resumed;
      // The very upgrade asked for, which a crash had left unfinished: now it is done.
      if (op.to.templateId === input.toTemplateId && op.to.templateVersion === input.toVersion)
        return {
          plan: op.planView,
          created: outcome.created,
          relabelled: outcome.relabelled,
          updated: outcome.updated,
          failed: outcome.failed,
        };
      throw new AppError('CONFLICT', T.changed);
    }
    // Read again under the claim: what a concurrent spawn created is not planned twice.
    const state = await store.readEpicState(epic.id);
    if (state.meta?.templateVersion !== l.meta.templateVersion || state.meta?.templateId !== l.meta.templateId)
      throw new AppError('CONFLICT', T.changed);
    for (const [itemId, ref] of Object.entries(state.children)) l.childKeys[itemId] ??= ref.key;
    l.state = state;
    const plan = planOf(l, to);
    let childIssueTypeId = l.settings?.childIssueTypeId ?? '';
    if (epic.hierarchyLevel === 0) {
      const project = await getProject('user', epic.projectId);
      childIssueTypeId = project.issueTypes?.find((t) => t.subtask)?.id ?? childIssueTypeId;
    }
    const planView = view(l, to, plan);
    const dues = await duePlan(epic, l.from, to, { ...state.children, ...Object.fromEntries(l.loaded.children.map((c) => [c.itemId, c])) });
    const startedAt = new Date();
    // Intent first: the whole operation is recorded before its first outside write.
    const op: UpgradeOperation = {
      kind: 'upgrade',
      epicId: epic.id,
      epicKey: epic.key,
      projectId: epic.projectId,
      hierarchyLevel: epic.hierarchyLevel,
      by: caller.accountId,
      startedAt: startedAt.toISOString(),
      auditId: store.auditIdAt(startedAt),
      from: { templateId: l.from.id, templateVersion: l.from.version },
      to: { templateId: to.id, templateVersion: to.version },
      childIssueTypeId,
      roster: state.roster,
      deliverableOwners: l.settings?.deliverableOwners ?? {},
      plan,
      openKeys: l.loaded.children.filter((c) => c.statusCategory !== 'done').map((c) => c.key),
      voidedAttestations: state.attestations
        .filter((a) => plan.voidedAttestations.some((v) => v.conditionId === a.conditionId))
        .map((record) => ({ record, reason: plan.voidedAttestations.find((v) => v.conditionId === record.conditionId)?.reason })),
      voidedWaivers: state.waivers
        .filter((w) => plan.voidedWaivers.some((v) => v.itemId === w.itemId))
        .map((record) => ({ record, reason: plan.voidedWaivers.find((v) => v.itemId === record.itemId)?.reason })),
      planView,
      ...dues,
    };
    if (!(await store.putOperation(epic.id, op as unknown as store.StoredOperation))) throw new AppError('CONFLICT', T.busy);
    const out = await runUpgradeOperation('user', op);
    return { plan: planView, created: out.created, relabelled: out.relabelled, updated: out.updated, failed: out.failed };
  } finally {
    await store.releaseSpawn(epic.id, owner);
    await disarmWatchdog(watchdog);
  }
}
