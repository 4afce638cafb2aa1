/**
 * Stale confirmations (issue #24): a template condition names the items it rests on (`restsOn`). When
 * Jira reports such an item's child back out of the Done category (the issue trigger's event), each
 * confirmation given while it was done turns stale for good: it is marked, no longer counts (the gate
 * also judges it stale from the child's status alone, core/rules.ts isStale, so no event delay lets it
 * count), the audit trail records it, and its confirmer (and the absent person, for a stand-in's) is
 * told through Jira's notification, in their language. A change of a condition's evidence link makes its
 * confirmations stale too (./evidence.ts); both tell the confirmers through tellConfirmers here.
 */
import { confirmationsStaledBy } from '../../core/rules';
import { l10nIn } from '../../core/messages';
import { LANG_OF, type ForgeLocale, type Locale } from '../../core/domain';
import type { Template } from '../../core/template/schema';
import type { AttestationRecord } from '../../core/model';
import type { Actor } from '../../jira/transport';
import { kvs } from '@forge/kvs';
import * as store from '../../storage/store';
import * as gov from '../../storage/governance';
import { findTemplate } from '../templates/catalog';
import { notifyPeople } from '../common/notify';
import { refreshSummary } from '../portfolio/summary';

export interface ReopenEvent {
  eventType?: string;
  issue?: {
    id?: string;
    key?: string;
    fields?: { parent?: { id?: string } | null; status?: { statusCategory?: { key?: string } }; project?: { id?: string } };
  };
  changelog?: { items?: { field?: string; fieldId?: string }[] };
}

/** A child's status changed and it is not in the Done category now. */
function leftDone(event: ReopenEvent): boolean {
  if (event.eventType !== 'avi:jira:updated:issue') return false;
  const statusChanged = (event.changelog?.items ?? []).some((i) => i.field === 'status' || i.fieldId === 'status');
  const category = event.issue?.fields?.status?.statusCategory?.key;
  return statusChanged && category !== undefined && category !== 'done';
}

async function localeOf(accountId: string): Promise<Locale> {
  const value = store.parseUserLocale(await kvs.get(store.userLocaleKey(accountId)));
  return (value && LANG_OF[value.replace('_', '-') as ForgeLocale]) || 'fi';
}

/** Marks the confirmations resting on a reopened child stale. Never throws (a notice or mark that fails is logged). */
export async function markStaleOnReopen(event: ReopenEvent, now = new Date()): Promise<number> {
  const childId = event.issue?.id;
  const epicId = event.issue?.fields?.parent?.id;
  if (!leftDone(event) || !childId || !epicId) return 0;
  try {
    const state = await store.readEpicState(String(epicId));
    if (!state.meta) return 0;
    const itemId = Object.entries(state.children).find(([, c]) => c.id === childId)?.[0];
    if (!itemId) return 0;
    const template = await findTemplate(state.meta.projectId, state.meta.templateId, state.meta.templateVersion);
    if (!template) return 0;
    const conditions = [...template.gates.entry.conditions, ...template.gates.exit.conditions].flatMap((c) =>
      c.kind === 'attestation' ? [c] : [],
    );
    const at = now.toISOString();
    const staled = confirmationsStaledBy(state.attestations, conditions, itemId, at);
    for (const record of staled) {
      const stale = { ...record, stale: { at, reason: 'reopened' as const, itemId } };
      await gov.putConfirmation(state.meta.epicId, stale);
      await store.appendAudit(state.meta.epicId, {
        by: 'app',
        action: 'attestation.stale',
        subject: record.conditionId,
        before: record,
        after: stale,
      });
      await tellConfirmers(state.meta.epicKey, template, record, { reason: 'reopened', childKey: event.issue?.key ?? itemId }, 'app');
    }
    if (staled.length > 0) await refreshSummary(state.meta.epicId);
    return staled.length;
  } catch (e) {
    console.warn(`[stale] ${event.issue?.key ?? childId}:`, e instanceof Error ? e.message : e);
    return 0;
  }
}

/** Why a confirmation turned stale, for its notice: an item it rests on was reopened, or the condition's evidence link changed. */
export type StaleCause = { reason: 'reopened'; childKey: string } | { reason: 'evidence-changed'; evidenceUrl: string };

export function staleNotice(template: Pick<Template, 'gates'>, epicKey: string, conditionId: string, cause: StaleCause, l: Locale) {
  const all = [...template.gates.entry.conditions, ...template.gates.exit.conditions];
  const condition = (all.find((c) => c.id === conditionId)?.text[l] ?? conditionId).replace(/\.+$/, '');
  return {
    subject: l10nIn(l, 'server.governance.staleSubject', { epicKey }),
    textBody:
      cause.reason === 'reopened'
        ? l10nIn(l, 'server.governance.staleBody', { epicKey, condition, childKey: cause.childKey })
        : l10nIn(l, 'server.governance.evidenceStaleBody', { epicKey, condition, evidenceUrl: cause.evidenceUrl }),
  };
}

/** Tells a stale confirmation's confirmer, and the absent person for a stand-in's, each in their language
 * (never the person whose own action made it stale: `except`). */
export async function tellConfirmers(
  epicKey: string,
  template: Pick<Template, 'gates'>,
  record: AttestationRecord,
  cause: StaleCause,
  actor: Actor,
  except?: string,
): Promise<void> {
  for (const person of new Set([record.attestedBy, ...(record.onBehalfOf ? [record.onBehalfOf] : [])])) {
    if (person === except) continue;
    const l = await localeOf(person);
    await notifyPeople(epicKey, [person], staleNotice(template, epicKey, record.conditionId, cause, l), actor);
  }
}
