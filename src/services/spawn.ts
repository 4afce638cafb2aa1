/**
 * Spawning: every duty and deliverable becomes a child of the deployment epic, exactly once.
 *
 * Exactly once: one spawner at a time per epic (a `FAIL_IF_EXISTS` claim in KVS that expires),
 * and reconciliation by item id (the children map in KVS ∪ the children Jira returns, each
 * carrying the item id in an entity property), so duplicate or concurrent trigger events and
 * double clicks plan only what is missing.
 * Recoverable: 429 is retried by the transport honouring Retry-After; a 5xx on the bulk create
 * is reconciled (search again) before retrying; an element refused because of its assignee is
 * created again without one and reported; when the invocation runs out of time the rest is
 * queued to the `spawn-queue` consumer.
 */
import { Queue } from '@forge/events';
import type { Roster, SpawnReport, SpawnStatus, SpawnWarning } from '../shared/api';
import { BULK_LIMIT, chunk, planSpawn, type PlannedChild } from '../core/spawn-plan';
import { isDeploymentEpic } from '../core/settings';
import { ROLE_IDS, type RoleId, type Template } from '../core/template/schema';
import { requireTemplate } from './templates';
import { findTemplate, templateForNewPhase } from './template-catalog';
import { createIssuesBulk, getMyPermissions, getProject, getProjectRole, setIssueProperty, type BulkCreateResult } from '../jira/client';
import { JiraError } from '../jira/errors';
import { invocationDeadline, type Actor } from '../jira/transport';
import * as store from '../storage/store';
import { AppError, M } from './errors';
import { loadEpicWithChildren, type EpicWithChildren } from './epic';

export const PHASE_PROPERTY_KEY = 'kayttoonotto-phase';
export const SPAWN_QUEUE_KEY = 'spawn-queue';
/** Tuning of spawning; exported so tests and benchmarks can exercise the continuation path. */
export const spawnTuning = {
  /** How long a spawn claim holds before another spawner may take over. */
  claimTtlMs: 60_000,
  /** Issues per bulk call (Jira's limit is 50). */
  chunkSize: BULK_LIMIT,
  /** Time one bulk call may need; with less remaining time, the rest is queued. */
  timePerChunkMs: 6_000,
};

export type SpawnReason = 'trigger' | 'manual' | 'resync' | 'queue';

export interface SpawnArgs {
  actor: Actor;
  /** Who asked: an account id, or 'app' for the trigger and the queue. */
  requestedBy: string;
  epicKey: string;
  /** The epic's id when the caller knows it (event, panel context): lets the search reconcile. */
  epicId?: string;
  reason: SpawnReason;
  deadline?: number;
}

function newOwner(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Roster defaults from the project settings: a user, or a project role holding exactly one user. */
export async function resolveDefaultRoster(actor: Actor, projectId: string, settings: NonNullable<Awaited<ReturnType<typeof store.getProjectSettings>>>, deadline: number): Promise<Roster> {
  const roster: Roster = {};
  await Promise.all(
    ROLE_IDS.map(async (role: RoleId) => {
      const def = settings.defaultRoster[role];
      if (def?.type === 'user') roster[role] = def.accountId;
      else if (def?.type === 'project-role') {
        try {
          const detail = await getProjectRole(actor, projectId, def.projectRoleId, { deadline });
          const users = (detail.actors ?? []).map((a) => a.actorUser?.accountId).filter((x): x is string => !!x);
          if (users.length === 1) roster[role] = users[0];
        } catch (e) {
          if (!(e instanceof JiraError) || e.kind === 'server' || e.kind === 'network') throw e;
          // A deleted or hidden project role leaves the role empty; the panel shows it unfilled.
        }
      }
    }),
  );
  return roster;
}

interface ElementOutcome {
  created: Map<string, { id: string; key: string }>;
  assigneeRejected: PlannedChild[];
  failed: { child: PlannedChild; message: string }[];
}

function outcomeOf(batch: PlannedChild[], result: BulkCreateResult): ElementOutcome {
  const failedIdx = new Map<number, string[]>();
  const assigneeIdx = new Set<number>();
  for (const err of result.errors) {
    const idx = err.failedElementNumber;
    if (typeof idx !== 'number') continue;
    const fieldErrors = err.elementErrors?.errors ?? {};
    const messages = [...(err.elementErrors?.errorMessages ?? []), ...Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`)];
    failedIdx.set(idx, messages);
    if ('assignee' in fieldErrors) assigneeIdx.add(idx);
  }
  const created = new Map<string, { id: string; key: string }>();
  const okChildren = batch.filter((_, i) => !failedIdx.has(i));
  okChildren.forEach((child, i) => {
    const issue = result.issues[i];
    if (issue) created.set(child.itemId, { id: issue.id, key: issue.key });
  });
  const assigneeRejected: PlannedChild[] = [];
  const failed: ElementOutcome['failed'] = [];
  batch.forEach((child, i) => {
    if (assigneeIdx.has(i) && child.assigneeAccountId) assigneeRejected.push(child);
    else if (failedIdx.has(i)) failed.push({ child, message: (failedIdx.get(i) ?? []).join('; ') });
  });
  return { created, assigneeRejected, failed };
}

function withoutAssignee(child: PlannedChild): PlannedChild {
  const { assignee: _dropped, ...fields } = child.payload.fields;
  return { ...child, assigneeAccountId: null, payload: { ...child.payload, fields } };
}

async function pushContinuation(epicKey: string, epicId: string): Promise<void> {
  await new Queue({ key: SPAWN_QUEUE_KEY }).push({ body: { epicKey, epicId } });
}

/** Creates the children that are missing. Safe to call any number of times, concurrently. */
export async function spawnPhase(args: SpawnArgs): Promise<SpawnReport> {
  const deadline = args.deadline ?? invocationDeadline();
  // What this app already created for the epic: Jira must return those ids in their latest state
  // even if its search index lags (reconcileIssues), so nothing is planned twice.
  const known = args.epicId ? await store.readEpicState(args.epicId) : null;
  const reconcileIssues = (epicId: string | undefined, children: store.ChildRefs) =>
    [epicId, ...Object.values(children).map((c) => c.id)].filter((x): x is string => !!x).slice(0, 50);
  let loaded: EpicWithChildren = await loadEpicWithChildren(args.actor, args.epicKey, {
    deadline,
    reconcileIssues: reconcileIssues(args.epicId, known?.children ?? {}),
  });
  const { epic } = loaded;
  const settings = await store.getProjectSettings(epic.projectId);
  if (!settings?.enabled) throw new AppError('NOT_ENABLED', M.notEnabled);
  if (args.reason === 'trigger' && !isDeploymentEpic(settings, epic)) {
    return { status: { state: 'not-started', created: 0, total: 0, warnings: [] }, createdNow: 0 };
  }
  if (epic.hierarchyLevel < 0) throw new AppError('INVALID_INPUT', M.notAnEpic);

  if (args.actor === 'user') {
    const perms = await getMyPermissions({ projectId: epic.projectId, permissions: ['CREATE_ISSUES'] }, { deadline });
    if (!perms.CREATE_ISSUES) throw new AppError('FORBIDDEN', M.noCreatePermission);
  }

  // The phase is recorded once, with the template version it starts with, and its roster is
  // resolved before that record is written: a Jira failure here leaves nothing half-made.
  let meta = (known ?? (await store.readEpicState(epic.id))).meta;
  if (!meta) {
    // Project roles are readable only by project admins; the caller's right to create issues was
    // checked above, so the defaults are read as the app.
    const roster = await resolveDefaultRoster('app', epic.projectId, settings, deadline);
    const starting = (await templateForNewPhase(epic.projectId, settings, epic.labels)) ?? requireTemplate('kayttoonotto', settings.templateVersion);
    const created = await store.createPhaseMeta({
      epicId: epic.id,
      epicKey: epic.key,
      projectId: epic.projectId,
      templateId: starting.id,
      templateVersion: starting.version,
      startedAt: new Date().toISOString(),
      startedBy: args.requestedBy,
    });
    meta = created.meta;
    if (created.created) {
      await store.initRoster(epic.id, roster);
      await store.appendAudit(epic.id, { by: args.requestedBy, action: 'phase.started', after: { templateVersion: meta.templateVersion, roster } });
    }
  }
  const template: Template = (await findTemplate(epic.projectId, meta.templateId, meta.templateVersion)) ?? requireTemplate(meta.templateId, meta.templateVersion);

  const owner = newOwner();
  if (!(await store.claimSpawn(epic.id, owner, spawnTuning.claimTtlMs))) {
    const state = await store.readEpicState(epic.id);
    return { status: state.spawn ?? { state: 'running', created: 0, total: template.items.length, warnings: [] }, createdNow: 0 };
  }

  const warnings: SpawnWarning[] = [];
  let createdNow = 0;
  let queued = false;
  let report: SpawnReport;
  let children: store.ChildRefs = {};
  try {
    const state = await store.readEpicState(epic.id);
    children = { ...state.children };
    const inJira = new Set(loaded.children.map((c) => c.itemId));
    // Re-sync trusts only what Jira shows (a deleted child is recreated); the other paths also
    // trust the KVS map, since Jira's search index may not show a child created a moment ago.
    if (args.reason === 'resync') for (const itemId of Object.keys(children)) if (!inJira.has(itemId)) delete children[itemId];
    for (const c of loaded.children) children[c.itemId] ??= { id: c.id, key: c.key };

    let childIssueTypeId = settings.childIssueTypeId ?? '';
    if (epic.hierarchyLevel === 0) {
      const project = await getProject(args.actor, epic.projectId, { deadline });
      childIssueTypeId = project.issueTypes?.find((t) => t.subtask)?.id ?? childIssueTypeId;
    }
    const plan = () =>
      planSpawn({
        template,
        epic: { id: epic.id, key: epic.key, projectId: epic.projectId, hierarchyLevel: epic.hierarchyLevel },
        roster: state.roster,
        settings: { childIssueTypeId, deliverableOwners: settings.deliverableOwners },
        existingItemIds: new Set(Object.keys(children)),
      });
    const total = template.items.length;
    const status = (s: SpawnStatus['state']): SpawnStatus => ({
      state: s,
      created: Object.keys(children).length,
      total,
      startedAt: state.spawn?.startedAt ?? new Date().toISOString(),
      ...(s === 'running' ? {} : { finishedAt: new Date().toISOString() }),
      warnings,
    });

    let pending = plan();
    if (pending.length > 0) await store.setSpawnStatus(epic.id, status('running'));
    let reconciles = 0;
    let chunksSent = 0;
    while (pending.length > 0) {
      // Every invocation makes progress (one chunk at least); then it queues the rest when short of time.
      if (chunksSent > 0 && Date.now() + spawnTuning.timePerChunkMs > deadline) {
        await store.setChildren(epic.id, children);
        queued = true; // pushed after the claim is released, so the consumer can take it
        break;
      }
      const batch = chunk(pending, spawnTuning.chunkSize)[0] ?? [];
      chunksSent++;
      let result: BulkCreateResult;
      try {
        result = await createIssuesBulk(args.actor, batch.map((c) => c.payload), { deadline });
      } catch (e) {
        // A 5xx may have created some of the batch: look again before retrying.
        if (e instanceof JiraError && (e.kind === 'server' || e.kind === 'network') && reconciles < 3) {
          reconciles++;
          await new Promise((r) => setTimeout(r, 200 * 2 ** reconciles));
          loaded = await loadEpicWithChildren(args.actor, args.epicKey, { deadline, reconcileIssues: reconcileIssues(epic.id, children) });
          for (const c of loaded.children) children[c.itemId] ??= { id: c.id, key: c.key };
          pending = plan();
          continue;
        }
        throw e;
      }
      const outcome = outcomeOf(batch, result);
      for (const [itemId, ref] of outcome.created) children[itemId] = ref;
      createdNow += outcome.created.size;
      if (outcome.assigneeRejected.length > 0) {
        const retry = outcome.assigneeRejected.map(withoutAssignee);
        const second = outcomeOf(retry, await createIssuesBulk(args.actor, retry.map((c) => c.payload), { deadline }));
        for (const [itemId, ref] of second.created) {
          children[itemId] = ref;
          const original = outcome.assigneeRejected.find((c) => c.itemId === itemId);
          warnings.push({
            itemId,
            code: 'ASSIGNEE_REJECTED',
            message: `Created without assignee: Jira refused ${original?.assigneeAccountId ?? 'the roster person'} as assignee.`,
          });
        }
        createdNow += second.created.size;
        for (const f of second.failed) warnings.push({ itemId: f.child.itemId, code: 'CREATE_FAILED', message: f.message });
      }
      for (const f of outcome.failed) warnings.push({ itemId: f.child.itemId, code: 'CREATE_FAILED', message: f.message });
      const failedIds = new Set(warnings.filter((w) => w.code === 'CREATE_FAILED').map((w) => w.itemId));
      pending = plan().filter((c) => !failedIds.has(c.itemId));
    }

    await store.setChildren(epic.id, children);
    const done = Object.keys(children).length >= total;
    const final = status(queued ? 'running' : done ? 'complete' : 'partial');
    await store.setSpawnStatus(epic.id, final);
    if (createdNow > 0 || args.reason === 'resync') {
      await setIssueProperty(args.actor, epic.key, PHASE_PROPERTY_KEY, {
        templateId: template.id,
        templateVersion: template.version,
        spawnState: final.state,
        created: final.created,
        total,
      }, { deadline });
      await store.appendAudit(epic.id, {
        by: args.requestedBy,
        action: 'spawn.completed',
        after: { reason: args.reason, createdNow, created: final.created, total, warnings: warnings.length },
      });
    }
    report = { status: final, createdNow };
  } catch (e) {
    // Never leave the phase looking "running": keep what was created and record that it stopped.
    try {
      await store.setChildren(epic.id, children);
      await store.setSpawnStatus(epic.id, {
        state: 'failed',
        created: Object.keys(children).length,
        total: template.items.length,
        finishedAt: new Date().toISOString(),
        warnings,
      });
    } catch {
      // The original error is the one worth reporting.
    }
    throw e;
  } finally {
    await store.releaseSpawn(epic.id, owner);
  }
  if (queued) await pushContinuation(epic.key, epic.id);
  return report;
}
