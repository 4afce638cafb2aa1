/**
 * Bulk upgrade of running deployment epics from the project page (issue 13): the panel's preview
 * and upgrade (services/templates/upgrade-epic.ts, unchanged rules) for many epics.
 *
 * Preview, one page at a time: the project page's own listing (getPortfolio: one Jira search as the
 * caller, deployment epics only), one strict KVS read of the epics' phase records to find those on
 * an older version than the newest their project has, and for each of those the panel's preview
 * (one search of the epic and its children as the caller; Jira's permissions asked once per project).
 *
 * Upgrade, a batch at a time (at most BULK_UPGRADE_BATCH epics, named by the caller with the version
 * their preview showed): each epic through the panel's upgradeEpic, as the caller, with the panel's
 * permission rule. One epic's refusal or fault never stops the others; no epic starts after
 * BULK_UPGRADE_START_BUDGET_MS (it comes back `skipped`, for the next call).
 */
import { compareVersions } from '../../core/template';
import type { ErrorCode } from '../../shared/api';
import {
  BULK_UPGRADE_START_BUDGET_MS,
  type BulkUpgradeCandidate,
  type BulkUpgradePreview,
  type BulkUpgradePreviewQuery,
  type BulkUpgradeResult,
  type BulkUpgradeTarget,
  type PortfolioRow,
} from '../../shared/portfolio';
import { parseRecord, phaseMetaSchema } from '../../storage/records';
import * as store from '../../storage/store';
import { isPlatformError, localizeError } from '../common/errors';
import type { Caller } from '../phase/context';
import { getPortfolio } from '../portfolio/portfolio';
import { newestTemplate } from './catalog';
import { previewUpgrade, upgradeEpic, type UpgradeOptions } from './upgrade-epic';
import { allSettledOrThrow } from '../../core/settled';

/** Previews read at once (each is one Jira search): few enough not to crowd Jira's rate limit. */
const PREVIEW_CONCURRENCY = 4;

/** Codes that mean "left as it was, for a reason the user can read" rather than a fault. */
const REFUSAL_CODES: readonly ErrorCode[] = ['FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'NOT_ENABLED', 'INVALID_INPUT'];

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await allSettledOrThrow(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Which epics of a page are on an older version than the newest their project has (strict KVS reads). */
async function olderOnes(caller: Caller, rows: PortfolioRow[]): Promise<{ older: PortfolioRow[]; errors: BulkUpgradePreview['errors'] }> {
  const keyOf = (id: string) => `epic:${id}:meta`;
  const metas = await store.getMany(rows.map((r) => keyOf(r.id)));
  const newest = new Map<string, Promise<string | undefined>>();
  const newestVersion = (projectId: string, templateId: string) => {
    const k = `${projectId}\u0000${templateId}`;
    let v = newest.get(k);
    if (!v) {
      v = newestTemplate(projectId, templateId).then((n) => n?.template.version);
      newest.set(k, v);
    }
    return v;
  };
  const older: PortfolioRow[] = [];
  const errors: BulkUpgradePreview['errors'] = [];
  for (const row of rows) {
    const value = metas.get(keyOf(row.id));
    if (value === undefined) continue; // listed by its summary but not started as far as the app knows
    try {
      const meta = parseRecord(keyOf(row.id), phaseMetaSchema, value);
      const latest = await newestVersion(meta.projectId, meta.templateId);
      if (latest && compareVersions(latest, meta.templateVersion) > 0) older.push(row);
    } catch (e) {
      if (isPlatformError(e)) throw e;
      const error = localizeError(e, caller.locale);
      if (error.code === 'INTERNAL') console.error(`[bulk upgrade preview] ${row.key}:`, e);
      errors.push({ key: row.key, code: error.code, message: error.message });
    }
  }
  return { older, errors };
}

/** One page of the project's deployment epics that a newer template version is available for, each with the panel's preview. */
export async function previewBulkUpgrade(
  caller: Caller,
  project: { id: string; key: string },
  query: BulkUpgradePreviewQuery,
): Promise<BulkUpgradePreview> {
  const page = await getPortfolio(caller, project, {
    sort: { field: 'key', direction: 'ASC' },
    pageSize: query.pageSize ?? 25,
    ...(query.nextPageToken ? { nextPageToken: query.nextPageToken } : {}),
  });
  const { older, errors } = await olderOnes(caller, page.rows);
  const opts: UpgradeOptions = { permissions: new Map(), projectId: project.id };
  const previews = await mapLimited(older, PREVIEW_CONCURRENCY, async (row) => {
    try {
      return { row, offer: await previewUpgrade(caller, row.key, opts) };
    } catch (e) {
      if (isPlatformError(e)) throw e;
      const error = localizeError(e, caller.locale);
      if (error.code === 'INTERNAL') console.error(`[bulk upgrade preview] ${row.key}:`, e);
      errors.push({ key: row.key, code: error.code, message: error.message });
      return null;
    }
  });
  const candidates: BulkUpgradeCandidate[] = [];
  for (const p of previews) {
    if (!p?.offer.plan) continue; // upgraded by someone else in between
    const { row, offer } = p;
    candidates.push({
      id: row.id,
      key: row.key,
      summary: row.summary,
      statusName: row.statusName,
      statusCategory: row.statusCategory,
      plan: offer.plan!,
      allowed: offer.allowed,
      ...(offer.reason ? { reason: offer.reason } : {}),
    });
  }
  return { project, candidates, errors, scanned: page.rows.length, nextPageToken: page.nextPageToken };
}

/** Upgrades each named epic as the panel would, one after another; a result per epic, in the order given. */
export async function bulkUpgrade(
  caller: Caller,
  project: { id: string; key: string },
  targets: BulkUpgradeTarget[],
  now: () => number = Date.now,
): Promise<{ results: BulkUpgradeResult[] }> {
  const started = now();
  const opts: UpgradeOptions = { permissions: new Map(), projectId: project.id };
  const results: BulkUpgradeResult[] = [];
  for (const target of targets) {
    if (now() - started > BULK_UPGRADE_START_BUDGET_MS) {
      results.push({ key: target.key, outcome: 'skipped' });
      continue;
    }
    try {
      const report = await upgradeEpic(caller, target.key, { toTemplateId: target.toTemplateId, toVersion: target.toVersion }, opts);
      results.push({
        key: target.key,
        outcome: 'upgraded',
        to: report.plan.to,
        created: report.created,
        relabelled: report.relabelled,
        updated: report.updated,
        failed: report.failed,
      });
    } catch (e) {
      if (isPlatformError(e)) throw e;
      const error = localizeError(e, caller.locale);
      if (error.code === 'INTERNAL') console.error(`[bulk upgrade] ${target.key}:`, e);
      const reason = [error.message, ...(error.details ?? [])].filter(Boolean).join(' ');
      results.push({ key: target.key, outcome: REFUSAL_CODES.includes(error.code) ? 'refused' : 'failed', code: error.code, reason });
    }
  }
  return { results };
}
