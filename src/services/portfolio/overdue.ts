/**
 * Overdue items per epic for the project page (issue 24): ONE paged search as the caller over the page's
 * epics (`parent in (…) AND duedate < startOfDay() AND statusCategory != Done`, only `parent` returned),
 * not a call per epic. Read at request time, not kept in the gate summary: an item becomes overdue as
 * days pass, without any change the summary writer would hear of.
 */
import { searchJql } from '../../jira/client';
import type { Actor } from '../../jira/transport';

/** Bound on the pages read (100 items each). */
export const OVERDUE_MAX_PAGES = 10;

export async function overdueCounts(actor: Actor, epicIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const ids = epicIds.filter((id) => /^\d{1,18}$/.test(id));
  if (ids.length === 0) return counts;
  const jql = `parent in (${ids.join(', ')}) AND duedate < startOfDay() AND statusCategory != Done`;
  let token: string | undefined;
  for (let page = 0; page < OVERDUE_MAX_PAGES; page++) {
    const res = await searchJql(actor, { jql, fields: ['parent'], maxResults: 100, ...(token ? { nextPageToken: token } : {}) });
    for (const issue of res.issues) {
      const parent = issue.fields.parent?.id;
      if (parent) counts.set(parent, (counts.get(parent) ?? 0) + 1);
    }
    if (!res.nextPageToken || res.isLast) break;
    token = res.nextPageToken;
  }
  return counts;
}
