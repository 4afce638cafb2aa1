/** What a bulk create did to each of its elements: created, refused for a field the create screen lacks (dropped and retried), or failed. */
import { type PlannedChild } from '../../core/spawn-plan';
import { type BulkCreateResult } from '../../jira/client';

/** Fields Jira may refuse on a create that the app can do without: the assignee (not assignable),
 * labels and description (not on the project's create screen; `POST /issue/bulk` sets only fields
 * on the create screen, per its OpenAPI description). */
export const DROPPABLE_FIELDS = ['assignee', 'labels', 'description', 'duedate'] as const;

export type DroppableField = (typeof DROPPABLE_FIELDS)[number];

export interface ElementOutcome {
  created: Map<string, { id: string; key: string }>;
  /** Elements to create again without the fields Jira refused. */
  retry: { child: PlannedChild; drop: DroppableField[] }[];
  failed: { child: PlannedChild; message: string }[];
}

/** Maps Jira's answer to one bulk create back to the batch's elements. Every element ends up created,
 * to be retried without some fields, or failed: a request-level refusal (400 without per-element
 * errors) fails the whole batch instead of leaving it to be posted again. */
export function outcomeOf(batch: PlannedChild[], result: BulkCreateResult, requestMessages: string[] = []): ElementOutcome {
  const failedIdx = new Map<number, { messages: string[]; fields: string[] }>();
  // A request-level 400 is Jira's error body ({errorMessages, errors: {field: message}}), not a bulk result.
  const elementErrors = Array.isArray(result.errors) ? result.errors : [];
  const issues = Array.isArray(result.issues) ? result.issues : [];
  for (const err of elementErrors) {
    const idx = err.failedElementNumber;
    if (typeof idx !== 'number' || idx < 0 || idx >= batch.length) continue;
    const fieldErrors = err.elementErrors?.errors ?? {};
    const messages = [...(err.elementErrors?.errorMessages ?? []), ...Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`)];
    failedIdx.set(idx, { messages, fields: Object.keys(fieldErrors) });
  }
  const created = new Map<string, { id: string; key: string }>();
  const okChildren = batch.filter((_, i) => !failedIdx.has(i));
  okChildren.forEach((child, i) => {
    const issue = issues[i];
    if (issue) created.set(child.itemId, { id: issue.id, key: issue.key });
  });
  const retry: ElementOutcome['retry'] = [];
  const failed: ElementOutcome['failed'] = [];
  batch.forEach((child, i) => {
    const f = failedIdx.get(i);
    if (!f) {
      if (!created.has(child.itemId)) {
        const why = requestMessages.length ? requestMessages.join('; ') : 'Jira refused the request without naming this element';
        failed.push({ child, message: why });
      }
      return;
    }
    const droppable =
      f.fields.length > 0 &&
      f.messages.length === f.fields.length &&
      f.fields.every((x) => (DROPPABLE_FIELDS as readonly string[]).includes(x));
    const drop = f.fields.filter(
      (x): x is DroppableField => (DROPPABLE_FIELDS as readonly string[]).includes(x) && x in child.payload.fields,
    );
    if (droppable && drop.length === f.fields.length) retry.push({ child, drop });
    else failed.push({ child, message: f.messages.join('; ') || 'Jira refused the element' });
  });
  return { created, retry, failed };
}

export function withoutFields(child: PlannedChild, drop: readonly DroppableField[]): PlannedChild {
  const fields = { ...child.payload.fields } as Record<string, unknown>;
  for (const f of drop) delete fields[f];
  return {
    ...child,
    assigneeAccountId: drop.includes('assignee') ? null : child.assigneeAccountId,
    // A date Jira refused is not the app's: the child is created with none.
    ...(drop.includes('duedate') && child.dueDate !== undefined ? { dueDate: null } : {}),
    payload: { ...child.payload, fields: fields as PlannedChild['payload']['fields'] },
  };
}

/** The dates the app gives these children (issue 24), recorded before they are sent: a later move of the
 * epic's date moves only these; null where Jira refused the date (the child has none, and a move gives it one). */
export const appDueDates = (children: readonly PlannedChild[]): Record<string, string | null> =>
  Object.fromEntries(children.flatMap((c) => (c.dueDate !== undefined ? [[c.itemId, c.dueDate]] : [])));
