/**
 * Moving the children's due dates when the epic's due date (the planned go-live) changes (issue 24).
 *
 * One operation that finishes, whoever finishes it, as the upgrade and the duplicate cleanup do:
 * - under the epic's spawn claim (no spawn, upgrade or cleanup meanwhile; an upgrade a crash left
 *   unfinished is finished first), the epic's date is read
 *   from Jira (GET /issue: strongly consistent; an event's changelog may be stale or repeated) and the
 *   children consistently by id (reconciled search, core of services/common/epic.ts);
 * - the core plans the moves (core/due-dates.ts): only children whose date is still the one the app
 *   set (storage/due-dates.ts); a person's own date is kept;
 * - the intent (`epic:<id>:due-move`, create-once) is recorded before the first edit, with the id of
 *   its audit entry;
 * - each step is idempotent: `PUT /issue/{id}` `{fields: {duedate}}` as the app (the same value again
 *   changes nothing), then the app's date for that child is recorded;
 * - the audit entry (`dueDates.moved`) is written under its fixed id, then the intent is deleted.
 * A run cut off in between is finished by the next one (the next change of the epic's date, or the
 * daily reminders run: services/schedule/reminders.ts). The app's own edits are not heard by its
 * issue trigger (ignoreSelf), so the children's edits start nothing further.
 */
import { addDays, dueDateOf, planDueMoves, type ChildDue } from '../../core/due-dates';
import { l10n } from '../../core/messages';
import { editIssue, getIssue } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { invocationDeadline } from '../../jira/transport';
import * as due from '../../storage/due-dates';
import * as store from '../../storage/store';
import { confirmChildren } from '../common/epic';
import { AppError } from '../common/errors';
import { spawnTuning } from '../items/spawn-queue';
import { findTemplate } from '../templates/catalog';
import { resumeOperation } from '../templates/upgrade-operation';
import { requireTemplate } from '../templates/template-of-epic';

export interface DueMoveOutcome {
  moved: string[];
  kept: string[];
  /** Children Jira refused to edit (keys with Jira's message); the rest of the move stands. */
  refused: string[];
}

const NOTHING: DueMoveOutcome = { moved: [], kept: [], refused: [] };

/** Finishes a recorded move: each edit (idempotent), each child's new app date, the audit entry, then the intent goes. */
async function finish(intent: due.DueMoveIntent, deadline: number): Promise<DueMoveOutcome> {
  const out: DueMoveOutcome = { moved: [], kept: intent.kept, refused: [] };
  for (const m of intent.moves) {
    try {
      await editIssue('app', m.id, { fields: { duedate: m.to } }, { deadline });
      await due.recordAppDueDates(intent.epicId, { [m.itemId]: m.to });
      out.moved.push(m.key);
    } catch (e) {
      // Jira's refusal of one child (deleted, no longer editable) is reported; anything else stops here and the intent stays.
      if (!(e instanceof JiraError) || e.retryable) throw e;
      out.refused.push(`${m.key}: ${e.messages.join('; ') || e.kind}`);
    }
  }
  await store.appendAudit(
    intent.epicId,
    {
      by: intent.by,
      action: 'dueDates.moved',
      before: { dueDate: intent.from },
      after: {
        dueDate: intent.to,
        moved: Object.fromEntries(intent.moves.map((m) => [m.key, { from: m.from, to: m.to }])),
        kept: intent.kept,
        refused: out.refused,
      },
    },
    new Date(intent.startedAt),
    intent.auditId,
  );
  await due.deleteDueMoveIntent(intent.epicId);
  return out;
}

/** Finishes a move a crash left unfinished, if any (the daily run calls this for the epics it sees). */
export async function resumeDueMove(epicId: string): Promise<DueMoveOutcome | null> {
  const intent = await due.getDueMoveIntent(epicId);
  return intent ? finish(intent, invocationDeadline()) : null;
}

/**
 * Brings the children's due dates in line with the epic's date now. Safe to call any number of
 * times, concurrently: a second caller finds the claim held (CONFLICT: the trigger asks for the event
 * again) or nothing left to move.
 */
export async function moveDueDates(epic: { id: string; key: string }, by: string): Promise<DueMoveOutcome> {
  const deadline = invocationDeadline();
  const owner = `due-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const claim = await store.claimSpawn(epic.id, owner, Math.max(deadline - Date.now(), 0) + spawnTuning.claimMarginMs);
  if (!claim.claimed) {
    const seconds = Math.max(1, Math.ceil(((claim.holder?.expiresAt ?? Date.now()) - Date.now()) / 1000));
    throw new AppError('CONFLICT', l10n('server.spawn.busy', { seconds }));
  }
  try {
    const unfinished = await due.getDueMoveIntent(epic.id);
    if (unfinished) await finish(unfinished, deadline);
    // An upgrade a crash left unfinished is finished first: its children's dates come from the epic's
    // date it recorded, and this move then plans from the version it leaves (its added children too).
    await resumeOperation(epic.id);
    const state = await store.readEpicState(epic.id);
    const meta = state.meta;
    if (!meta) return NOTHING; // not a started deployment
    const template =
      (await findTemplate(meta.projectId, meta.templateId, meta.templateVersion)) ?? requireTemplate(meta.templateId, meta.templateVersion);
    if (!template.items.some((i) => i.dueDays !== undefined)) return NOTHING;
    const issue = await getIssue('app', epic.id, { fields: ['duedate'] }, { deadline });
    const epicDue = dueDateOf(issue.fields.duedate);
    const refs = Object.entries(state.children);
    const current = await confirmChildren(
      'app',
      epic,
      refs.map(([, r]) => r.id),
      { deadline },
    );
    const byId = new Map(current.map((c) => [c.id, c]));
    const children: ChildDue[] = refs.flatMap(([itemId, r]) => {
      const c = byId.get(r.id);
      return c ? [{ itemId, id: r.id, key: c.key, current: c.dueDate ?? null }] : [];
    });
    const record = await due.getDueRecord(epic.id);
    const plan = planDueMoves(template, epicDue, children, record.children);
    if (plan.moves.length === 0) return { ...NOTHING, kept: plan.kept };
    const startedAt = new Date();
    const intent: due.DueMoveIntent = {
      epicId: epic.id,
      epicKey: epic.key,
      from: previousEpicDue(template, plan.moves),
      to: epicDue,
      by,
      startedAt: startedAt.toISOString(),
      auditId: store.auditIdAt(startedAt),
      moves: plan.moves.map((m) => ({ ...m })),
      kept: plan.kept,
    };
    if (!(await due.putDueMoveIntent(intent))) return NOTHING; // recorded by another run under the claim's takeover: it finishes it
    return await finish(intent, deadline);
  } finally {
    await store.releaseSpawn(epic.id, owner);
  }
}

/** The epic's earlier date as the moved children show it (a child's date minus its offset); null when none had one. */
function previousEpicDue(
  template: { items: readonly { id: string; dueDays?: number }[] },
  moves: readonly { itemId: string; from: string | null }[],
): string | null {
  for (const m of moves) {
    const days = template.items.find((i) => i.id === m.itemId)?.dueDays;
    if (m.from !== null && days !== undefined) return addDays(m.from, -days);
  }
  return null;
}
