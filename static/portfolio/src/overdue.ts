/**
 * The project page's "N myöhässä" badges (issue 24): asked for after a page of rows is shown, with one
 * resolver call per page (`getPortfolioOverdue`), so the first page stays at two Jira calls (issue 22).
 * When the counts cannot be read, the rows stay as they are, without a badge.
 */
import { PORTFOLIO_PAGE_MAX, type PortfolioRow } from '../../../src/shared/portfolio';
import { call } from '../../common/api';

/** Overdue items per epic of these rows, or null when they could not be read. */
export async function loadOverdue(rows: readonly PortfolioRow[]): Promise<Record<string, number> | null> {
  const ids = rows.map((r) => r.id);
  const counts: Record<string, number> = {};
  for (let i = 0; i < ids.length; i += PORTFOLIO_PAGE_MAX) {
    const r = await call('getPortfolioOverdue', { epicIds: ids.slice(i, i + PORTFOLIO_PAGE_MAX) });
    if (!r.ok) {
      console.warn('[portfolio] overdue counts not read:', r.error.code);
      return null;
    }
    Object.assign(counts, r.data.counts);
  }
  return counts;
}

/** The rows with the counts filled in (rows not counted keep what they had). */
export function withOverdue(rows: PortfolioRow[], counts: Record<string, number>): PortfolioRow[] {
  return rows.map((r) => (Object.hasOwn(counts, r.id) ? { ...r, overdue: counts[r.id] } : r));
}
