import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_PROJECT, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { jira, type UserKey, saveEditedTemplate } from './helpers';

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
