/** A run's first steps: collect the account ids of every record (with the data's age), then merge them into the list to report. */
import { accountIdsOf, isReportableAccountId, mergeOldest, type ReportedAccount } from '../../core/privacy';
import * as ps from '../../storage/privacy';
import { PERSONAL_DATA_PREFIXES, FOUND_CHUNK, LIST_CHUNK } from '../../storage/privacy';
import { privacyTuning, type Budget, type RunState } from './personal-data-state';

// ------------------------------------------------------------------------------ collect
export async function collect(state: RunState, budget: Budget, save: () => Promise<void>): Promise<boolean> {
  const found = new Map<string, { at: string; refreshed?: string }>();
  let pages = 0;
  let scan = { ...state.scan };
  while (pages < privacyTuning.pagesPerSave && scan.prefix < PERSONAL_DATA_PREFIXES.length) {
    if (!budget.canScan()) break;
    const prefix = PERSONAL_DATA_PREFIXES[scan.prefix]!;
    const page = await ps.scanPage(prefix, scan.cursor);
    budget.spentPage();
    pages++;
    state.stats.recordsScanned += page.records.length;
    for (const r of page.records) {
      if (prefix === 'privacy:refreshed:') {
        const id = r.key.slice(prefix.length);
        if (isReportableAccountId(id) && typeof r.value === 'string') {
          const prev = found.get(id);
          found.set(id, { at: prev?.at ?? '~', refreshed: r.value });
        }
        continue;
      }
      // The data's age: when the audit entry was made, else when the record was first stored.
      const entryAt = r.key.startsWith('audit:') ? (r.value as { at?: unknown } | null)?.at : undefined;
      const at = typeof entryAt === 'string' && !Number.isNaN(Date.parse(entryAt)) ? entryAt : (r.createdAt ?? state.startedAt);
      for (const id of accountIdsOf(r.key, r.value)) {
        const prev = found.get(id);
        if (!prev || prev.at === '~' || at < prev.at) found.set(id, { at, ...(prev?.refreshed ? { refreshed: prev.refreshed } : {}) });
      }
    }
    scan = page.nextCursor ? { prefix: scan.prefix, cursor: page.nextCursor } : { prefix: scan.prefix + 1 };
  }
  if (pages === 0) return false;
  // Save what was found, then the position (a rerun after a crash rewrites the same chunk numbers).
  const rows = [...found].map(([id, f]) => (f.refreshed ? [id, f.at, f.refreshed] : [id, f.at]));
  const chunks: { key: string; value: unknown }[] = [];
  for (let i = 0; i < rows.length; i += FOUND_CHUNK)
    chunks.push({ key: ps.foundKey(state.found + chunks.length), value: rows.slice(i, i + FOUND_CHUNK) });
  await ps.putMany(chunks);
  state.found += chunks.length;
  state.scan = scan;
  if (scan.prefix >= PERSONAL_DATA_PREFIXES.length) state.phase = 'merge';
  await save();
  return state.phase !== 'collect' || budget.canScan();
}

// ------------------------------------------------------------------------------ merge
export async function merge(state: RunState): Promise<void> {
  const oldest = new Map<string, string>();
  const refreshed = new Map<string, string>();
  const foundKeys: string[] = [];
  for (let n = 0; n < state.found; n++) {
    foundKeys.push(ps.foundKey(n));
    const rows = (await ps.get<[string, string, string?][]>(ps.foundKey(n))) ?? [];
    for (const [id, at, r] of rows) {
      if (at !== '~') mergeOldest(oldest, id, at);
      if (r && (!refreshed.has(id) || r > refreshed.get(id)!)) refreshed.set(id, r);
    }
  }
  // A refresh marker of an account that is stored nowhere else any more is removed, not reported.
  const staleMarkers = [...refreshed.keys()].filter((id) => !oldest.has(id)).map((id) => ps.refreshedKey(id));
  const accounts: ReportedAccount[] = [...oldest.keys()].sort().map((accountId) => {
    const at = oldest.get(accountId)!;
    const r = refreshed.get(accountId);
    return { accountId, updatedAt: r && r > at ? r : at };
  });
  const lists: { key: string; value: unknown }[] = [];
  for (let i = 0; i < accounts.length; i += LIST_CHUNK)
    lists.push({ key: ps.listKey(lists.length), value: accounts.slice(i, i + LIST_CHUNK) });
  await ps.putMany(lists);
  await ps.removeMany([...foundKeys, ...staleMarkers]);
  state.found = 0;
  state.list = lists.length;
  state.accounts = accounts.length;
  state.next = 0;
  state.phase = 'report';
}
