/**
 * The upgrade of a running epic as one operation that finishes, whoever finishes it (issue 19).
 *
 * Intent first: once the caller is authorised and the plan made, the whole operation is recorded
 * (`epic:<id>:op`, create-once) before the first outside write: the target version, the plan, the
 * confirmations and waivers it voids, and the id its audit entry will have. Then each step is
 * idempotent: children of added items (each bulk create's items recorded in flight first, and adopted
 * by their marker after a lost answer, as spawning does, with the due dates their offsets give from
 * the epic's date fixed in the intent, recorded as the app's before they are sent), the epic's
 * version, the voided records, the edits of removed and changed children, the moved due dates of
 * children whose offset changed (each edit, then the app's date recorded), the status and the phase
 * property. The audit entry is
 * written under its fixed id (create-once) and only then is the operation record deleted: an effect
 * never lacks its entry, and the entry never lacks its effect.
 *
 * Whoever comes next resumes an unfinished operation (the watchdog event armed when it started, any
 * later spawn run, a new upgrade attempt): the epic ends fully upgraded, never half. A resumed
 * operation acts as the app; the person who started it was authorised when it was recorded.
 */
import type { UpgradePlan } from '../../core/template/upgrade';
import { OBSOLETE_LABEL } from '../../core/template/upgrade';
import { BULK_LIMIT, chunk, PHASE_PROPERTY_KEY, planSpawn, summaryOf, type PlannedChild } from '../../core/spawn-plan';
import type { RoleId } from '../../core/template/schema';
import type { DueMove } from '../../core/due-dates';
import { createIssuesBulk, editIssue, setIssueProperty } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type { Actor } from '../../jira/transport';
import type { AttestationRecord, Roster, WaiverRecord } from '../../shared/api';
import type { UpgradePlanView } from '../../shared/templates';
import { recordAppDueDates } from '../../storage/due-dates';
import { appDueDates, withoutFields, type DroppableField } from '../items/spawn-outcome';
import { deleteConfirmation } from '../../storage/governance';
import * as store from '../../storage/store';
import * as tstore from '../../storage/templates';
import { loadEpicWithChildren } from '../common/epic';
import { AppError } from '../common/errors';
import { inDoubt } from '../items/in-doubt';
import { refreshSummary } from '../portfolio/summary';
import { findTemplate } from './catalog';
import { l10n } from '../../core/messages';

export interface UpgradeOperation {
  kind: 'upgrade';
  epicId: string;
  epicKey: string;
  projectId: string;
  hierarchyLevel: number;
  /** Who started it (account id). */
  by: string;
  startedAt: string;
  /** The id of its audit entry, fixed when the intent is recorded. */
  auditId: string;
  from: { templateId: string; templateVersion: string };
  to: { templateId: string; templateVersion: string };
  childIssueTypeId: string;
  roster: Roster;
  deliverableOwners: Record<string, RoleId>;
  plan: UpgradePlan;
  /** Keys of the children that were open when it was planned (only those are reassigned). */
  openKeys: string[];
  voidedAttestations: { record: AttestationRecord; reason: string | undefined }[];
  voidedWaivers: { record: WaiverRecord; reason: string | undefined }[];
  /** The plan as the preview showed it (the report's plan; the audit entry's `changed`). */
  planView: UpgradePlanView;
  /**
   * Due dates (issue 24), fixed with the intent so that a resumed run gives the same ones: the epic's
   * Jira due date when it was planned (the added children's dates are planned from it), and the
   * children whose item's offset changed, moved unless a person gave them a date of their own.
   * Absent in an operation recorded before these were (no dates then).
   */
  epicDueDate?: string | null;
  dueMoves?: DueMove[];
  dueKept?: string[];
}

export interface OperationOutcome {
  created: number;
  relabelled: number;
  updated: number;
  failed: string[];
}

const inDoubtMessage = (seconds: number) => l10n('server.spawn.busy', { seconds });

/** Fields a create may go without when Jira refuses them: the assignee (not assignable), the due date (not on the create screen). */
const DROPPABLE = ['assignee', 'duedate'] as const;

/** Step 1: the children of added items, each created once (intent recorded, lost answers adopted). */
async function createAdded(actor: Actor, op: UpgradeOperation, out: OperationOutcome): Promise<store.ChildRefs> {
  const state = await store.readEpicState(op.epicId);
  const children: store.ChildRefs = { ...state.children };
  const inflight: store.Inflight = { ...(state.inflight ?? {}) };
  const wanted = new Set(op.plan.added.map((a) => a.itemId));
  for (const id of Object.keys(inflight)) if (children[id] || !wanted.has(id)) delete inflight[id];
  if (Object.keys(inflight).length > 0) {
    const found = await loadEpicWithChildren(actor, op.epicKey);
    for (const c of found.children) {
      if (!wanted.has(c.itemId)) continue;
      children[c.itemId] ??= { id: c.id, key: c.key };
      delete inflight[c.itemId];
    }
    const now = Date.now();
    let until = 0;
    for (const [id, f] of Object.entries(inflight)) {
      if (f.sentAt + inDoubt.uncertainMs <= now) delete inflight[id];
      else until = Math.max(until, f.sentAt + inDoubt.uncertainMs);
    }
    await store.setChildren(op.epicId, children);
    await store.setInflight(op.epicId, inflight);
    // Some request is still in doubt: not created again now; the watchdog (or the next attempt) finishes.
    if (until > now) throw new AppError('CONFLICT', inDoubtMessage(Math.ceil((until - now) / 1000)));
  }
  const to = await findTemplate(op.projectId, op.to.templateId, op.to.templateVersion);
  if (!to) throw new AppError('INTERNAL', l10n('server.upgrade.missingTemplate'));
  const planned = planSpawn({
    template: to,
    epic: { id: op.epicId, key: op.epicKey, projectId: op.projectId, hierarchyLevel: op.hierarchyLevel },
    roster: op.roster,
    settings: { childIssueTypeId: op.childIssueTypeId, deliverableOwners: op.deliverableOwners },
    existingItemIds: new Set(to.items.map((i) => i.id).filter((id) => !wanted.has(id) || children[id])),
    epicDueDate: op.epicDueDate ?? null,
  });
  // The due dates the app gives (issue 24), recorded before they are sent: a later move of the epic's date moves only these.
  await recordAppDueDates(op.epicId, appDueDates(planned));
  for (const batch of chunk(planned, BULK_LIMIT)) {
    let pending = batch;
    for (let attempt = 0; attempt < 2 && pending.length; attempt++) {
      const sentAt = Date.now();
      for (const c of pending) inflight[c.itemId] = { sentAt, owner: `upgrade:${op.auditId}` };
      await store.setInflight(op.epicId, inflight);
      const result = await createIssuesBulk(
        actor,
        pending.map((c) => c.payload),
      );
      const failedIdx = new Map<number, { fields: string[]; message: string }>();
      for (const err of result.errors) {
        if (typeof err.failedElementNumber !== 'number') continue;
        const fieldErrors = err.elementErrors?.errors ?? {};
        const messages = [...(err.elementErrors?.errorMessages ?? []), ...Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`)];
        failedIdx.set(err.failedElementNumber, { fields: Object.keys(fieldErrors), message: messages.join('; ') });
      }
      pending
        .filter((_, i) => !failedIdx.has(i))
        .forEach((child, i) => {
          const issue = result.issues[i];
          if (issue) {
            children[child.itemId] = { id: issue.id, key: issue.key };
            out.created++;
          }
        });
      for (const c of pending) delete inflight[c.itemId];
      await store.setChildren(op.epicId, children);
      await store.setInflight(op.epicId, inflight);
      const retry: PlannedChild[] = [];
      pending.forEach((child, i) => {
        const f = failedIdx.get(i);
        if (!f) return;
        const droppable =
          f.fields.length > 0 && f.fields.every((x) => (DROPPABLE as readonly string[]).includes(x) && x in child.payload.fields);
        if (droppable && attempt === 0) retry.push(withoutFields(child, f.fields as DroppableField[]));
        else out.failed.push(`${child.itemId}: ${f.message || 'not created'}`);
      });
      // A date Jira refused is not the app's: the child has none (a later move of the epic's date gives it one).
      await recordAppDueDates(op.epicId, appDueDates(retry.filter((c) => c.dueDate === null)));
      pending = retry;
    }
  }
  return children;
}

/** A waiver as the upgrade leaves it (the same record however often the step runs). */
function voidedAs(op: UpgradeOperation, w: UpgradeOperation['voidedWaivers'][number]): WaiverRecord {
  return {
    ...w.record,
    status: 'rejected',
    decidedBy: op.by,
    decidedAt: op.startedAt,
    decisionComment: `Voided by the upgrade to ${op.to.templateId} ${op.to.templateVersion}: ${w.reason ?? ''}`,
  };
}

/**
 * The children whose item's offset changed get the date the new one gives (issue 24), each edit then
 * the app's new date recorded, as a move of the epic's date does (services/schedule/due-move.ts): the
 * same value again changes nothing. Jira's refusal of a child is reported; anything else stops here
 * and the operation stays recorded, to be resumed.
 */
async function moveDueDates(actor: Actor, op: UpgradeOperation, out: OperationOutcome): Promise<void> {
  for (const m of op.dueMoves ?? []) {
    try {
      await editIssue(actor, m.id, { fields: { duedate: m.to } });
      await recordAppDueDates(op.epicId, { [m.itemId]: m.to });
      out.updated++;
    } catch (e) {
      if (!(e instanceof JiraError) || e.retryable) throw e;
      out.failed.push(`${m.key}: ${e.messages.join('; ') || e.kind}`);
    }
  }
}

/** Runs (or resumes) a recorded upgrade to its end. Every step may run again without a second effect. */
export async function runUpgradeOperation(actor: Actor, op: UpgradeOperation): Promise<OperationOutcome> {
  const out: OperationOutcome = { created: 0, relabelled: 0, updated: 0, failed: [] };
  const children = await createAdded(actor, op, out);

  // The epic moves to the new version; confirmations and waivers whose meaning changed are voided.
  const meta = (await store.readEpicState(op.epicId)).meta;
  if (meta && (meta.templateId !== op.to.templateId || meta.templateVersion !== op.to.templateVersion))
    await tstore.setEpicTemplate(meta, op.to.templateId, op.to.templateVersion);
  // Each voided confirmation where it sits (a quorum's further ones too: storage/governance.ts).
  for (const a of op.voidedAttestations) await deleteConfirmation(op.epicId, a.record);
  for (const w of op.voidedWaivers) await store.putWaiver(op.epicId, voidedAs(op, w), false);

  // Existing children: obsolete ones labelled, changed ones updated (both idempotent). Refusals are reported.
  const open = new Set(op.openKeys);
  for (const r of op.plan.removed) {
    if (!r.childKey) continue;
    try {
      await editIssue(actor, r.childKey, { update: { labels: [{ add: OBSOLETE_LABEL }] } });
      out.relabelled++;
    } catch (e) {
      out.failed.push(`${r.childKey}: ${e instanceof JiraError ? e.messages.join('; ') || e.kind : 'not changed'}`);
    }
  }
  for (const c of op.plan.changed) {
    if (!c.childKey) continue;
    const fields: Record<string, unknown> = {};
    if (c.summary !== undefined) fields.summary = summaryOf(c.summary);
    if (c.role !== undefined && open.has(c.childKey)) fields.assignee = c.assigneeAccountId ? { accountId: c.assigneeAccountId } : null;
    if (Object.keys(fields).length === 0) continue;
    try {
      await editIssue(actor, c.childKey, { fields });
      out.updated++;
    } catch (e) {
      out.failed.push(`${c.childKey}: ${e instanceof JiraError ? e.messages.join('; ') || e.kind : 'not changed'}`);
    }
  }

  await moveDueDates(actor, op, out);

  const to = await findTemplate(op.projectId, op.to.templateId, op.to.templateVersion);
  const itemIds = to?.items.map((i) => i.id) ?? [];
  const total = itemIds.length;
  const have = itemIds.filter((id) => children[id]).length;
  const spawn = (await store.getSpawnStatus(op.epicId)) ?? { state: 'complete' as const, created: 0, total, warnings: [] };
  await store.setSpawnStatus(op.epicId, {
    ...spawn,
    state: have >= total ? 'complete' : 'partial',
    created: have,
    total,
    finishedAt: new Date().toISOString(),
  });
  await setIssueProperty(actor, op.epicKey, PHASE_PROPERTY_KEY, {
    templateId: op.to.templateId,
    templateVersion: op.to.templateVersion,
    spawnState: have >= total ? 'complete' : 'partial',
    created: have,
    total,
  });

  // The audit entry under its fixed id (written once however often this runs), then the intent goes.
  const added = Object.fromEntries(op.plan.added.flatMap((a) => (children[a.itemId] ? [[a.itemId, children[a.itemId]!.key]] : [])));
  await store.appendAudit(
    op.epicId,
    {
      by: op.by,
      action: 'template.upgraded',
      subject: `${op.to.templateId}@${op.to.templateVersion}`,
      before: { templateId: op.from.templateId, templateVersion: op.from.templateVersion },
      after: {
        templateId: op.to.templateId,
        templateVersion: op.to.templateVersion,
        added,
        removed: op.plan.removed,
        changed: op.planView.changed,
        voidedAttestations: op.voidedAttestations,
        // As stored after the upgrade too: the audit trail replays into the stored state.
        voidedWaivers: op.voidedWaivers.map((w) => ({ ...w, voidedAs: voidedAs(op, w) })),
        ...(op.dueMoves
          ? {
              dueDates: {
                dueDate: op.epicDueDate ?? null,
                moved: Object.fromEntries(op.dueMoves.map((m) => [m.key, { from: m.from, to: m.to }])),
                kept: op.dueKept ?? [],
              },
            }
          : {}),
        failed: out.failed,
      },
    },
    new Date(op.startedAt),
    op.auditId,
  );
  await store.deleteOperation(op.epicId);
  await refreshSummary(op.epicId); // the reporting copy names the template version
  return out;
}

/** Finishes an upgrade left unfinished on this epic, if any (the caller holds the epic's claim). */
export async function resumeOperation(epicId: string): Promise<{ op: UpgradeOperation; outcome: OperationOutcome } | null> {
  const stored = await store.getOperation(epicId);
  if (!stored) return null;
  const op = stored as unknown as UpgradeOperation;
  return { op, outcome: await runUpgradeOperation('app', op) };
}
