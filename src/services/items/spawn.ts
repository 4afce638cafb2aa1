/**
 * Spawning: every duty and deliverable becomes a child of the deployment epic, exactly once.
 *
 * Exactly once: one spawner at a time per epic (a `FAIL_IF_EXISTS` claim in KVS that lapses shortly
 * after its owner's invocation must have ended), and reconciliation by item id (the children map in
 * KVS ∪ the children Jira returns, each carrying the item id in an entity property), so duplicate or
 * concurrent trigger events and double clicks plan only what is missing.
 *
 * Recoverable, with one retry mechanism per layer: the transport retries a request (429 honouring
 * Retry-After, 5xx of idempotent requests); Forge redelivers an event whose handler asks for it
 * (InvocationError). A 5xx on the bulk create is reconciled (search again, so the children map holds
 * what Jira did create) and the invocation then stops with the error. An element refused because
 * of its assignee, or because labels/description are not on the project's create screen, is created
 * again without those fields and reported. When the invocation runs out of time the rest is queued
 * to the `spawn-queue` consumer (at most `maxContinuations` times).
 *
 * Intent first: before each bulk create, the items it carries are recorded as in flight
 * (`epic:<id>:inflight`, with the time the request was sent); the answer moves them into the children
 * map. A run that finds items in flight whose answer never came (its owner was killed at its time
 * limit, the answer was lost) does not create them again: it searches for children carrying the
 * app's item marker and adopts them, and waits (a delayed continuation) until `inDoubt.uncertainMs` after the
 * request before it treats the rest as never created.
 *
 * Crash safety: a watchdog event resumes the spawn if its owner dies (spawn-queue.ts).
 */
import { refreshSummary } from '../portfolio/summary';
import type { SpawnStatus, SpawnWarning } from '../../shared/api';
import { recordAppDueDates } from '../../storage/due-dates';
import { chunk, planSpawn } from '../../core/spawn-plan';
import { isDeploymentEpic } from '../../core/settings';
import { type Template } from '../../core/template/schema';
import { requireTemplate } from '../templates/template-of-epic';
import { findTemplate, templateForNewPhase } from '../templates/catalog';
import { createIssuesBulk, getMyPermissions, getProject, type BulkCreateResult } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { invocationDeadline } from '../../jira/transport';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import { confirmChildren, loadEpicWithChildren, type EpicWithChildren } from '../common/epic';
import { inDoubt } from './in-doubt';
import { resumeOperation } from '../templates/upgrade-operation';
import { l10n } from '../../core/messages';
import { type SpawnEventBody, armWatchdog, disarmWatchdog, push, spawnTuning } from './spawn-queue';
import { resolveDefaultRoster } from './default-roster';
import { appDueDates, outcomeOf, withoutFields } from './spawn-outcome';
import type { SpawnArgs, SpawnOutcome } from './spawn-args';
import { allSettledOrThrow } from '../../core/settled';
export type { SpawnReason } from './spawn-args';

export function newOwner(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export const BUSY = (seconds: number) => l10n('server.spawn.busy', { seconds });

/** Creates the children that are missing. Safe to call any number of times, concurrently. */
export async function spawnPhase(args: SpawnArgs): Promise<SpawnOutcome> {
  const deadline = args.deadline ?? invocationDeadline();
  // What this app already created for the epic: Jira must return those ids in their latest state
  // even if its search index lags (reconcileIssues), so nothing is planned twice.
  const knownChildren = args.epicId ? await store.getChildren(args.epicId) : {};
  const reconcileIssues = (epicId: string | undefined, children: store.ChildRefs) =>
    [epicId, ...Object.values(children).map((c) => c.id)].filter((x): x is string => !!x).slice(0, 50);
  const loaded: EpicWithChildren = await loadEpicWithChildren(args.actor, args.epicKey, {
    deadline,
    reconcileIssues: reconcileIssues(args.epicId, knownChildren),
  });
  const { epic } = loaded;
  // The panel names the epic by id and key: both must be the same issue before anything is made.
  if (args.epicId && epic.id !== args.epicId)
    throw new AppError('INVALID_INPUT', M.contextMismatch, [`context: issue ${epic.key} has id ${epic.id}, not ${args.epicId}`]);
  const settings =
    args.settings && args.settings.projectId === epic.projectId ? args.settings.value : await store.getProjectSettings(epic.projectId);
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
  let state = await store.readEpicState(epic.id);
  let meta = state.meta;
  if (!meta) {
    // Project roles are readable only by project admins; the caller's right to create issues was
    // checked above, so the defaults are read as the app.
    const roster = await resolveDefaultRoster('app', epic.projectId, settings, deadline);
    const starting =
      (await templateForNewPhase(epic.projectId, settings, epic.labels)) ?? requireTemplate('kayttoonotto', settings.templateVersion);
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
      await store.appendAudit(epic.id, {
        by: args.requestedBy,
        action: 'phase.started',
        after: { templateVersion: meta.templateVersion, roster },
      });
    }
  }
  const template: Template =
    (await findTemplate(epic.projectId, meta.templateId, meta.templateVersion)) ?? requireTemplate(meta.templateId, meta.templateVersion);

  const owner = newOwner();
  const claimedAt = Date.now();
  // The claim lapses shortly after this invocation must have stopped: a dead owner holds it no longer.
  const claimExpiresAt = Math.max(deadline, claimedAt) + spawnTuning.claimMarginMs;
  const claim = await store.claimSpawn(epic.id, owner, claimExpiresAt - claimedAt, claimedAt);
  if (!claim.claimed) {
    const busyUntil = claim.holder?.expiresAt ?? claimedAt + spawnTuning.claimMarginMs;
    if (args.reason === 'manual' || args.reason === 'resync') {
      throw new AppError('CONFLICT', BUSY(Math.max(1, Math.ceil((busyUntil - Date.now()) / 1000))));
    }
    const current = await store.getSpawnStatus(epic.id);
    return { status: current ?? { state: 'running', created: 0, total: template.items.length, warnings: [] }, createdNow: 0, busyUntil };
  }
  const eventBody: SpawnEventBody = { epicKey: epic.key, epicId: epic.id, continuation: args.continuation ?? 0 };
  const watchdog = await armWatchdog(eventBody, claimExpiresAt);
  // An upgrade a crash left unfinished is finished first; the spawn then has nothing of its own to do
  // (the upgrade created what the new version adds), and a later run plans from the new version.
  let resumed: boolean;
  try {
    resumed = (await resumeOperation(epic.id)) !== null;
  } catch (e) {
    await store.releaseSpawn(epic.id, owner);
    await disarmWatchdog(watchdog);
    throw e;
  }
  if (resumed) {
    await store.releaseSpawn(epic.id, owner);
    await disarmWatchdog(watchdog);
    const current = await store.getSpawnStatus(epic.id);
    return { status: current ?? { state: 'complete', created: 0, total: 0, warnings: [] }, createdNow: 0 };
  }

  const warnings: SpawnWarning[] = [];
  let createdNow = 0;
  let queued = false;
  let report: SpawnOutcome;
  let children: store.ChildRefs = {};
  let inflight: store.Inflight = {};
  /** When the oldest uncertain request may be given up (epoch ms), if any is left. */
  let uncertainUntil: number | null = null;
  try {
    state = await store.readEpicState(epic.id);
    children = { ...state.children };
    inflight = { ...(state.inflight ?? {}) };
    const inJira = new Set(loaded.children.map((c) => c.itemId));
    if (args.reason === 'resync') {
      // Re-sync trusts only what Jira shows (a deleted child is recreated). The search above is
      // eventually consistent and reconciles at most 50 ids, so a known child it does not show is
      // asked about by id, consistently, before it counts as gone.
      const unseen = Object.entries(children).filter(([itemId]) => !inJira.has(itemId));
      if (unseen.length > 0) {
        const still = await confirmChildren(
          args.actor,
          epic,
          unseen.map(([, ref]) => ref.id),
          { deadline },
        );
        const stillIds = new Set(still.map((c) => c.id));
        for (const [itemId, ref] of unseen) if (!stillIds.has(ref.id)) delete children[itemId];
      }
    }
    for (const c of loaded.children) children[c.itemId] ??= { id: c.id, key: c.key };
    const hadInflight = Object.keys(inflight).length > 0;
    for (const itemId of Object.keys(inflight)) if (children[itemId]) delete inflight[itemId];
    if (Object.keys(inflight).length > 0) {
      // A request sent by an earlier run has no recorded answer: what it created is adopted, found by
      // the item marker in a search made now, under the claim (never created a second time).
      const again = await loadEpicWithChildren(args.actor, epic.key, { deadline, reconcileIssues: reconcileIssues(epic.id, children) });
      for (const c of again.children) {
        children[c.itemId] ??= { id: c.id, key: c.key };
        delete inflight[c.itemId];
      }
      const now = Date.now();
      for (const [itemId, f] of Object.entries(inflight)) {
        const until = f.sentAt + inDoubt.uncertainMs;
        if (until <= now)
          delete inflight[itemId]; // long enough: Jira would show it by now
        else uncertainUntil = Math.min(uncertainUntil ?? until, until);
      }
    }
    if (hadInflight) {
      // What was adopted is recorded before anything new is sent.
      await store.setChildren(epic.id, children);
      await store.setInflight(epic.id, inflight);
    }

    let childIssueTypeId = settings.childIssueTypeId ?? '';
    if (epic.hierarchyLevel === 0) {
      const project = await getProject(args.actor, epic.projectId, { deadline });
      childIssueTypeId = project.issueTypes?.find((t) => t.subtask)?.id ?? childIssueTypeId;
    }
    const roster = state.roster;
    const plan = () =>
      planSpawn({
        template,
        epic: { id: epic.id, key: epic.key, projectId: epic.projectId, hierarchyLevel: epic.hierarchyLevel },
        roster,
        settings: { childIssueTypeId, deliverableOwners: settings.deliverableOwners },
        existingItemIds: new Set([...Object.keys(children), ...Object.keys(inflight)]),
        epicDueDate: epic.dueDate ?? null,
      });
    const total = template.items.length;
    const startedAt = state.spawn?.startedAt ?? new Date().toISOString();
    const status = (s: SpawnStatus['state'], ownerExpiresAt?: number): SpawnStatus => ({
      state: s,
      created: Object.keys(children).length,
      total,
      startedAt,
      ...(s === 'running'
        ? { owner, ownerExpiresAt: new Date(ownerExpiresAt ?? claimExpiresAt).toISOString() }
        : { finishedAt: new Date().toISOString() }),
      warnings,
    });

    const failedIds = new Set<string>();
    let pending = plan();
    if (pending.length > 0) await store.setSpawnStatus(epic.id, status('running'));
    // The due dates the app gives (issue 24), recorded before they are sent: a later move of the epic's date moves only these.
    await recordAppDueDates(epic.id, appDueDates(pending));
    let chunksSent = 0;
    while (pending.length > 0) {
      // Every invocation makes progress (one chunk at least); then it queues the rest when short of time.
      if (chunksSent > 0 && Date.now() + spawnTuning.timePerChunkMs > deadline) {
        queued = true; // pushed after the claim is released, so the consumer can take it
        break;
      }
      const batch = chunk(pending, spawnTuning.chunkSize)[0] ?? [];
      chunksSent++;
      // Intent first: these items may exist in Jira from the moment the request leaves.
      const sentAt = Date.now();
      for (const c of batch) inflight[c.itemId] = { sentAt, owner };
      await store.setInflight(epic.id, inflight);
      let result: BulkCreateResult;
      try {
        result = await createIssuesBulk(
          args.actor,
          batch.map((c) => c.payload),
          { deadline },
        );
      } catch (e) {
        // A 5xx may have created some of the batch: look again, so that the children map holds what
        // Jira did create, then stop; the event's redelivery (or the user) retries.
        if (e instanceof JiraError && (e.kind === 'server' || e.kind === 'network')) {
          try {
            const again = await loadEpicWithChildren(args.actor, args.epicKey, {
              deadline,
              reconcileIssues: reconcileIssues(epic.id, children),
            });
            for (const c of again.children) {
              children[c.itemId] ??= { id: c.id, key: c.key };
              delete inflight[c.itemId];
            }
          } catch {
            // The bulk create's error is the one to report.
          }
        } else {
          // Any other refusal is Jira's answer: nothing of the batch was created.
          for (const c of batch) delete inflight[c.itemId];
        }
        throw e;
      }
      const outcome = outcomeOf(batch, result);
      // The answer is known: every element of the batch is created, to be retried or failed.
      for (const c of batch) delete inflight[c.itemId];
      for (const [itemId, ref] of outcome.created) children[itemId] = ref;
      createdNow += outcome.created.size;
      if (outcome.retry.length > 0) {
        const retry = outcome.retry.map((r) => withoutFields(r.child, r.drop));
        // A date Jira refused is not the app's: recorded as none, so that a move of the epic's date gives one.
        await recordAppDueDates(epic.id, appDueDates(retry.filter((c) => c.dueDate === null)));
        const second = outcomeOf(
          retry,
          await createIssuesBulk(
            args.actor,
            retry.map((c) => c.payload),
            { deadline },
          ),
        );
        for (const [itemId, ref] of second.created) {
          children[itemId] = ref;
          const original = outcome.retry.find((r) => r.child.itemId === itemId);
          if (original?.drop.includes('assignee')) {
            warnings.push({
              itemId,
              code: 'ASSIGNEE_REJECTED',
              message: `Created without assignee: Jira refused ${original.child.assigneeAccountId ?? 'the roster person'} as assignee.`,
            });
          }
          const screen = original?.drop.filter((f) => f !== 'assignee') ?? [];
          if (screen.length > 0) {
            warnings.push({
              itemId,
              code: 'FIELDS_DROPPED',
              message: `Created without ${screen.join(' and ')}: not on the project's create screen.`,
            });
          }
        }
        createdNow += second.created.size;
        for (const f of [
          ...second.failed,
          ...second.retry.map((r) => ({ child: r.child, message: `Jira refused ${r.drop.join(', ')} again` })),
        ]) {
          warnings.push({ itemId: f.child.itemId, code: 'CREATE_FAILED', message: f.message });
          failedIds.add(f.child.itemId);
        }
      }
      for (const f of outcome.failed) {
        warnings.push({ itemId: f.child.itemId, code: 'CREATE_FAILED', message: f.message });
        failedIds.add(f.child.itemId);
      }
      // Progress is recorded after every chunk: a run cut off here leaves the map and the count true.
      await store.setChildren(epic.id, children);
      await store.setInflight(epic.id, inflight);
      pending = plan().filter((c) => !failedIds.has(c.itemId));
      if (pending.length > 0) await store.setSpawnStatus(epic.id, status('running'));
    }

    if (chunksSent === 0) await store.setChildren(epic.id, children); // a chunk's answer was recorded with it, unchanged since
    // Items whose earlier request may still show up: come back when it is safe to decide.
    const waiting = Object.keys(inflight).length > 0 && uncertainUntil !== null;
    if (waiting) queued = true;
    const continuation = (args.continuation ?? 0) + 1;
    if (queued && continuation > spawnTuning.maxContinuations) {
      console.error(
        `[spawn] ${epic.key}: stopped after ${spawnTuning.maxContinuations} continuations with ${pending.length} items missing`,
      );
      queued = false;
    }
    const done = Object.keys(children).length >= total;
    // A queued run has no claim: it counts as the owner for one more invocation's time.
    // A run that made no progress after a failed one (it only waited for a request in doubt) leaves
    // the phase failed: the panel says so and offers Re-sync, while the queue keeps trying.
    const stillFailed = !done && createdNow === 0 && state.spawn?.state === 'failed';
    const final = stillFailed
      ? status('failed')
      : queued
        ? status('running', Math.max(Date.now(), uncertainUntil ?? 0) + 2 * (claimExpiresAt - claimedAt))
        : status(done ? 'complete' : 'partial');
    await store.setSpawnStatus(epic.id, final);
    // The summary refresh also brings the epic's phase property up to date (./phase-property).
    await refreshSummary(epic.id);
    if (createdNow > 0 || args.reason === 'resync') {
      await store.appendAudit(epic.id, {
        by: args.requestedBy,
        action: 'spawn.completed',
        after: { reason: args.reason, createdNow, created: final.created, total, warnings: warnings.length },
      });
    }
    report = { status: final, createdNow };
    if (queued) eventBody.continuation = continuation;
  } catch (e) {
    // Never leave the phase looking "running": keep what was created and record that it stopped.
    try {
      await store.setChildren(epic.id, children);
      await store.setInflight(epic.id, inflight);
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
    await store.releaseSpawn(epic.id, owner);
    await disarmWatchdog(watchdog);
    throw e;
  }
  const released = store.releaseSpawn(epic.id, owner);
  // A continuation is queued after the claim's release, before the watchdog's cancel (a crash between leaves both: harmless).
  if (queued) {
    await released;
    const waitS = uncertainUntil !== null && Object.keys(inflight).length > 0 ? (uncertainUntil - Date.now()) / 1000 + 1 : 0;
    await push({ epicKey: epic.key, epicId: epic.id, continuation: eventBody.continuation }, waitS > 0 ? waitS : undefined);
  }
  await allSettledOrThrow([released, disarmWatchdog(watchdog)]);
  return report;
}
