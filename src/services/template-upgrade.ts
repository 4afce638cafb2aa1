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
 * Jira calls: one search (epic + children), one permission check, one bulk create per 50 added
 * items (plus one retry without assignee if Jira refuses a roster person), one edit per removed
 * or changed child, and one entity property write on the epic.
 */
import { compareVersions, OBSOLETE_LABEL, planUpgrade, type UpgradePlan } from '../core/template';
import { BULK_LIMIT, chunk, planSpawn, summaryOf, type PlannedChild } from '../core/spawn-plan';
import type { Template } from '../core/template/schema';
import type { WaiverRecord } from '../core/model';
import { createIssuesBulk, editIssue, getMyPermissions, getProject, setIssueProperty } from '../jira/client';
import { JiraError } from '../jira/errors';
import type { UpgradeOffer, UpgradePlanView, UpgradeReport } from '../shared/templates';
import * as store from '../storage/store';
import * as tstore from '../storage/templates';
import { AppError, M } from './errors';
import { loadEpicWithChildren, type EpicWithChildren } from './epic';
import type { Caller } from './phase';
import { PHASE_PROPERTY_KEY } from './spawn';
import { refreshSummary } from './summary';
import { findTemplate, newestTemplate } from './template-catalog';
import { changeViews } from './template-admin';
import { l10n, perLocale } from '../core/messages';

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
    loaded = await loadEpicWithChildren('user', epicKey);
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden')) throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  void caller;
  const [state, settings] = await Promise.all([store.readEpicState(loaded.epic.id), store.getProjectSettings(loaded.epic.projectId)]);
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

export async function previewUpgrade(caller: Caller, epicKey: string, opts: UpgradeOptions = {}): Promise<UpgradeOffer> {
  const l = await load(caller, epicKey);
  checkProject(l, opts);
  const perm = await mayUpgrade(caller, l, opts);
  if (!l.to) return { plan: null, ...perm };
  return { plan: view(l, l.to, planOf(l, l.to)), ...perm };
}

function withoutAssignee(child: PlannedChild): PlannedChild {
  const { assignee: _dropped, ...fields } = child.payload.fields;
  return { ...child, assigneeAccountId: null, payload: { ...child.payload, fields } };
}

/** Creates the added items' children; returns itemId → ref of those created, and failures. */
async function createAdded(l: Loaded, to: Template, plan: UpgradePlan, failed: string[]): Promise<store.ChildRefs> {
  const epic = l.loaded.epic;
  let childIssueTypeId = l.settings?.childIssueTypeId ?? '';
  if (epic.hierarchyLevel === 0) {
    const project = await getProject('user', epic.projectId);
    childIssueTypeId = project.issueTypes?.find((t) => t.subtask)?.id ?? childIssueTypeId;
  }
  const wanted = new Set(plan.added.map((a) => a.itemId));
  const planned = planSpawn({
    template: to,
    epic: { id: epic.id, key: epic.key, projectId: epic.projectId, hierarchyLevel: epic.hierarchyLevel },
    roster: l.state.roster,
    settings: { childIssueTypeId, deliverableOwners: l.settings?.deliverableOwners ?? {} },
    existingItemIds: new Set(to.items.map((i) => i.id).filter((id) => !wanted.has(id))),
  });
  const created: store.ChildRefs = {};
  for (const batch of chunk(planned, BULK_LIMIT)) {
    let pending = batch;
    for (let attempt = 0; attempt < 2 && pending.length; attempt++) {
      const result = await createIssuesBulk(
        'user',
        pending.map((c) => c.payload),
      );
      const failedIdx = new Map<number, { assignee: boolean; message: string }>();
      for (const err of result.errors) {
        if (typeof err.failedElementNumber !== 'number') continue;
        const fieldErrors = err.elementErrors?.errors ?? {};
        const messages = [...(err.elementErrors?.errorMessages ?? []), ...Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`)];
        failedIdx.set(err.failedElementNumber, { assignee: 'assignee' in fieldErrors, message: messages.join('; ') });
      }
      const ok = pending.filter((_, i) => !failedIdx.has(i));
      ok.forEach((child, i) => {
        const issue = result.issues[i];
        if (issue) created[child.itemId] = { id: issue.id, key: issue.key };
      });
      const retry: PlannedChild[] = [];
      pending.forEach((child, i) => {
        const f = failedIdx.get(i);
        if (!f) return;
        if (f.assignee && child.assigneeAccountId && attempt === 0) retry.push(withoutAssignee(child));
        else failed.push(`${child.itemId}: ${f.message || 'not created'}`);
      });
      pending = retry;
    }
  }
  return created;
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

  // The spawn claim keeps the upgrade and a spawn (or a second upgrade) from interleaving.
  const owner = `upgrade-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  if (!(await store.claimSpawn(epic.id, owner, 120_000))) throw new AppError('CONFLICT', T.busy);
  try {
    // Read again under the claim: what a concurrent spawn created is not planned twice.
    const state = await store.readEpicState(epic.id);
    if (state.meta?.templateVersion !== l.meta.templateVersion || state.meta?.templateId !== l.meta.templateId)
      throw new AppError('CONFLICT', T.changed);
    for (const [itemId, ref] of Object.entries(state.children)) l.childKeys[itemId] ??= ref.key;
    l.state = state;
    const plan = planOf(l, to);
    const failed: string[] = [];

    // 1. Children of added items (before the epic moves to the new version: a failure here leaves
    //    the epic on its old version, and a retry plans only what is still missing).
    const created = await createAdded(l, to, plan, failed);
    const children = { ...state.children, ...created };
    await store.setChildren(epic.id, children);

    // 2. The epic moves to the new version; confirmations and waivers whose meaning changed are voided.
    await tstore.setEpicTemplate(l.meta, to.id, to.version);
    const voidedAttestations = state.attestations.filter((a) => plan.voidedAttestations.some((v) => v.conditionId === a.conditionId));
    for (const a of voidedAttestations) await store.deleteAttestation(epic.id, a.conditionId);
    const now = new Date().toISOString();
    const voidedWaivers = state.waivers.filter((w) => plan.voidedWaivers.some((v) => v.itemId === w.itemId));
    // As stored after the upgrade: the audit entry records them, so the trail replays into the stored state.
    const voidedAs = new Map<string, WaiverRecord>();
    for (const w of voidedWaivers) {
      const reason = plan.voidedWaivers.find((v) => v.itemId === w.itemId)?.reason ?? '';
      const voided: WaiverRecord = {
        ...w,
        status: 'rejected',
        decidedBy: caller.accountId,
        decidedAt: now,
        decisionComment: `Voided by the upgrade to ${to.id} ${to.version}: ${reason}`,
      };
      voidedAs.set(w.itemId, voided);
      await store.putWaiver(epic.id, voided, false);
    }

    // 3. Existing children: obsolete ones labelled, changed ones updated. Jira's refusals are reported.
    let relabelled = 0;
    let updated = 0;
    const openKeys = new Set(l.loaded.children.filter((c) => c.statusCategory !== 'done').map((c) => c.key));
    for (const r of plan.removed) {
      if (!r.childKey) continue;
      try {
        await editIssue('user', r.childKey, { update: { labels: [{ add: OBSOLETE_LABEL }] } });
        relabelled++;
      } catch (e) {
        failed.push(`${r.childKey}: ${e instanceof JiraError ? e.messages.join('; ') || e.kind : 'not changed'}`);
      }
    }
    for (const c of plan.changed) {
      if (!c.childKey) continue;
      const fields: Record<string, unknown> = {};
      if (c.summary !== undefined) fields.summary = summaryOf(c.summary);
      if (c.role !== undefined && openKeys.has(c.childKey))
        fields.assignee = c.assigneeAccountId ? { accountId: c.assigneeAccountId } : null;
      if (Object.keys(fields).length === 0) continue;
      try {
        await editIssue('user', c.childKey, { fields });
        updated++;
      } catch (e) {
        failed.push(`${c.childKey}: ${e instanceof JiraError ? e.messages.join('; ') || e.kind : 'not changed'}`);
      }
    }

    const total = to.items.length;
    const have = to.items.filter((i) => children[i.id]).length;
    await store.setSpawnStatus(epic.id, {
      ...(state.spawn ?? { warnings: [] }),
      state: have >= total ? 'complete' : 'partial',
      created: have,
      total,
      finishedAt: now,
      warnings: state.spawn?.warnings ?? [],
    });
    await setIssueProperty('user', epic.key, PHASE_PROPERTY_KEY, {
      templateId: to.id,
      templateVersion: to.version,
      spawnState: have >= total ? 'complete' : 'partial',
      created: have,
      total,
    });
    const report: UpgradeReport = { plan: view(l, to, plan), created: Object.keys(created).length, relabelled, updated, failed };
    await store.appendAudit(epic.id, {
      by: caller.accountId,
      action: 'template.upgraded',
      subject: `${to.id}@${to.version}`,
      before: { templateId: l.from.id, templateVersion: l.from.version },
      after: {
        templateId: to.id,
        templateVersion: to.version,
        added: Object.fromEntries(Object.entries(created).map(([itemId, ref]) => [itemId, ref.key])),
        removed: plan.removed,
        changed: report.plan.changed,
        voidedAttestations: voidedAttestations.map((a) => ({
          record: a,
          reason: plan.voidedAttestations.find((v) => v.conditionId === a.conditionId)?.reason,
        })),
        voidedWaivers: voidedWaivers.map((w) => ({
          record: w,
          voidedAs: voidedAs.get(w.itemId),
          reason: plan.voidedWaivers.find((v) => v.itemId === w.itemId)?.reason,
        })),
        failed,
      },
    });
    await refreshSummary(epic.id); // the reporting copy names the template version
    return report;
  } finally {
    await store.releaseSpawn(epic.id, owner);
  }
}
