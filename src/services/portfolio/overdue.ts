/**
 * Overdue items per epic for the project page (issue 24): ONE paged search as the caller over the page's
 * epics (`parent in (…) AND duedate < startOfDay() AND statusCategory != Done`, only `parent` returned),
 * not a call per epic. Read at request time, not kept in the gate summary: an item becomes overdue as
 * days pass, without any change the summary writer would hear of.
 *
 * Its own resolver call (`getPortfolioOverdue`), which the project page makes after a page of rows is
 * shown: the first page stays at two Jira calls (issue 22). As the caller (asUser), so nobody learns of
 * items they cannot browse: those are not counted.
 */
import { searchJql } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type { Actor } from '../../jira/transport';
import { AppError, M } from '../common/errors';
import type { PortfolioOverdue } from '../../shared/portfolio';

/** Bound on the pages read (100 items each). */
export const OVERDUE_MAX_PAGES = 10;

export const overdueJql = (epicIds: readonly string[]) =>
  `parent in (${epicIds.join(', ')}) AND duedate < startOfDay() AND statusCategory != Done`;

export async function overdueCounts(actor: Actor, epicIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const ids = [...new Set(epicIds.filter((id) => /^\d{1,18}$/.test(id)))];
  if (ids.length === 0) return counts;
  const jql = overdueJql(ids);
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

/** The resolver's answer: every epic asked about, 0 where nothing the caller may browse is overdue. */
export async function getPortfolioOverdue(epicIds: readonly string[]): Promise<PortfolioOverdue> {
  let found: Map<string, number>;
  try {
    found = await overdueCounts('user', epicIds);
  } catch (e) {
    // Jira refuses the whole JQL when one of the epics is not there for the caller (deleted since, or not
    // theirs to browse): "not found", and the page shows its rows without the badges. No Jira text is passed on.
    if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found' || e.kind === 'forbidden'))
      throw new AppError('NOT_FOUND', M.epicNotFound);
    throw e;
  }
  const counts: Record<string, number> = {};
  for (const id of epicIds) counts[id] = found.get(id) ?? 0;
  return { counts };
}
