/**
 * Completing a work item from the panel: the item's child is moved to a Done-category status
 * through Jira's own transitions, as the user (Jira decides whether they may, and runs the
 * child's workflow validators and conditions).
 *
 * - GET /rest/api/3/issue/{key}/transitions?expand=transitions.fields lists the transitions the
 *   user may make now, each with its target status (`to.statusCategory.key`), `hasScreen`, and the
 *   fields the transition asks for (`fields.*.required`).
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
 * - POST /rest/api/3/issue/{key}/transitions {transition: {id}} makes it (204).
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
 *
 * When no transition leads to Done, or the only ones need a screen or required fields, nothing is
 * changed and the answer says so (`needs-jira`), so the panel links to the item instead.
 *
 * The move is the app's own Jira request, so the issue trigger (`filter.ignoreSelf`) never hears of
 * it: the gate summary is refreshed here, in the same operation.
 */
import { route } from '@forge/api';
import type { CompleteItemResult } from '../../shared/api';
import { send } from '../../jira/transport';
import { JiraError } from '../../jira/errors';
import { AppError, M } from '../common/errors';
import { loadPhase } from '../common/epic';
import { refreshSummary } from '../portfolio/summary';
import type { Caller, EpicRef } from '../phase/context';
import { l10n } from '../../core/messages';

interface TransitionField {
  required?: boolean;
  hasDefaultValue?: boolean;
}
export interface JiraTransition {
  id: string;
  name?: string;
  hasScreen?: boolean;
  isAvailable?: boolean;
  to?: { id?: string; name?: string; statusCategory?: { key?: string } };
  fields?: Record<string, TransitionField>;
}

/** The transition to take to Done: available, into a Done-category status, no screen and no required field without a default. */
export function pickDoneTransition(transitions: readonly JiraTransition[]): { pick: JiraTransition | null; blocked: JiraTransition[] } {
  const toDone = transitions.filter((t) => t.isAvailable !== false && t.to?.statusCategory?.key === 'done');
  const simple = toDone.filter(
    (t) => !t.hasScreen && !Object.values(t.fields ?? {}).some((f) => f.required === true && f.hasDefaultValue !== true),
  );
  return { pick: simple[0] ?? null, blocked: toDone.filter((t) => !simple.includes(t)) };
}

const ITEM_ID = /^[a-z0-9][a-z0-9.\-_]{0,199}$/i;

export const ITEM_MESSAGES = {
  unknownItem: l10n('server.items.unknownItem'),
  noChild: l10n('server.items.noChild'),
} as const;

/** Moves one item's child to Done as the caller. */
export async function completeItem(caller: Caller, epic: EpicRef, input: { itemId: string }): Promise<CompleteItemResult> {
  if (!ITEM_ID.test(input.itemId)) throw new AppError('INVALID_INPUT', M.invalidInput, [`itemId: "${input.itemId}" is not an item id`]);
  // The epic as the caller sees it: Jira decides whether they may see it and its children.
  // Children are the app's own (its stored map), never an issue that merely carries the item property.
  const loaded = await loadPhase('user', epic);
  const { settings, state } = loaded;
  if (!settings?.enabled) throw new AppError('NOT_ENABLED', M.notEnabled);
  if (!state.meta) throw new AppError('NOT_ENABLED', M.notStarted);
  const child = loaded.children.find((c) => c.itemId === input.itemId);
  if (!child)
    throw new AppError('NOT_FOUND', ITEM_MESSAGES.unknownItem, [`itemId: no work item for "${input.itemId}" under ${loaded.epic.key}`]);
  const base = { itemId: input.itemId, key: child.key };
  if (child.statusCategory === 'done') return { ...base, outcome: 'already-done', statusName: child.statusName, transitionNames: [] };

  const listed = await send<{ transitions?: JiraTransition[] }>('user', 'getTransitions', (jira, init) =>
    jira.requestJira(route`/rest/api/3/issue/${child.key}/transitions?expand=transitions.fields`, { ...init, method: 'GET' }),
  );
  const { pick, blocked } = pickDoneTransition(listed.data?.transitions ?? []);
  if (!pick) {
    return { ...base, outcome: 'needs-jira', statusName: child.statusName, transitionNames: blocked.map((t) => t.name ?? t.id) };
  }
  try {
    await send(
      'user',
      'doTransition',
      (jira, init) => jira.requestJira(route`/rest/api/3/issue/${child.key}/transitions`, { ...init, method: 'POST' }),
      {
        method: 'POST',
        body: { transition: { id: pick.id } },
      },
    );
  } catch (e) {
    // Jira's own refusal (a validator, a condition) is the answer, in Jira's words.
    if (e instanceof JiraError && e.kind === 'bad-request') {
      throw new AppError('CONFLICT', l10n('server.items.jiraDidNotMove', { key: child.key }), e.messages);
    }
    throw e;
  }
  // The app's own transition is a self-generated event: the issue trigger (ignoreSelf) never sees it.
  await refreshSummary(loaded.epic.id);
  return { ...base, outcome: 'done', statusName: pick.to?.name ?? null, transitionNames: [pick.name ?? pick.id] };
}
