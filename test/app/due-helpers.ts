import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_PROJECT, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { jira, type UserKey, saveEditedTemplate, settleSearch } from './helpers';

/** Saves the built-in template with `dueDays` on the items named (version 1.1.0: what a new epic gets). */
export async function saveTemplateWithDueDays(sb: Sandbox, offsets: Readonly<Record<string, number>>): Promise<void> {
  await saveEditedTemplate(sb, (d) => {
    d.version = '1.1.0';
    for (const item of d.items) if (typeof item.id === 'string' && item.id in offsets) item.dueDays = offsets[item.id];
  });
}

/** Creates a DEMO epic with a Jira due date, as `as`. */
export async function createEpicDue(sb: Sandbox, summary: string, duedate: string, as: UserKey = 'hankepaallikko') {
  const r = await jira(sb, as, 'POST', '/rest/api/3/issue', {
    fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary, duedate },
  });
  if (r.status !== 201) throw new Error(`create epic: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; key: string };
}

/** A UTC day `days` from today. */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Each child's due date as Jira shows it (a moment after the app wrote), by item id; each item's child once. */
export async function dueDates(sb: Sandbox, epicKey: string): Promise<Map<string, { key: string; due: string | null }>> {
  await settleSearch(sb);
  const r = await jira(sb, 'admin', 'POST', '/rest/api/3/search/jql', {
    jql: `parent = ${epicKey}`,
    fields: ['duedate'],
    properties: ['kayttoonotto-item'],
    maxResults: 100,
  });
  const page = r.body as { issues: { key: string; fields: { duedate: string | null }; properties: Record<string, { itemId: string }> }[] };
  const ids = page.issues.map((i) => i.properties['kayttoonotto-item']!.itemId);
  if (new Set(ids).size !== ids.length) throw new Error(`an item has two children under ${epicKey}: ${ids.join(', ')}`);
  return new Map(page.issues.map((i) => [i.properties['kayttoonotto-item']!.itemId, { key: i.key, due: i.fields.duedate }]));
}

/** The dates the app recorded as its own for the epic's children (a move changes only these). */
export const appDates = (sb: Sandbox, epicId: string) =>
  (sb.harness.kvs.dump()[`epic:${epicId}:due`] as { children: Record<string, string | null> } | undefined)?.children ?? {};

/** The project manager moves the epic's due date; the app's trigger has run when this returns. */
export async function moveEpicDue(sb: Sandbox, epicKey: string, duedate: string): Promise<void> {
  const r = await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${epicKey}`, { fields: { duedate } });
  if (r.status !== 204) throw new Error(`move ${epicKey} due: ${r.status} ${JSON.stringify(r.body)}`);
  await sb.harness.triggers.drain();
}
