/**
 * Readiness across deployments: the project page's table and the steering group's gadget.
 * Both read only what Jira lets the caller browse: ONE JQL search as the user (asUser) that
 * returns each epic's gate summary property, never a read per epic. The summary is the reporting
 * copy kept by services/summary.ts; nothing here decides a gate.
 */
import { z } from 'zod';
import { ROLE_IDS } from '../core/template/schema';
import { isDeploymentEpic } from '../core/settings';
import { searchJql, type JiraIssue } from '../jira/client';
import { JiraError } from '../jira/errors';
import type { ProjectSettings } from '../shared/api';
import {
  SUMMARY_ALIASES,
  SUMMARY_PROPERTY_KEY,
  type GadgetConfig,
  type GadgetView,
  type GateSummary,
  type PortfolioPage,
  type PortfolioQuery,
  type PortfolioRow,
  type PortfolioSortField,
} from '../shared/portfolio';
import * as store from '../storage/store';
import { statusCategoryOf, toEpicSummary } from './epic';
import { backfillSummaries } from './summary';
import { AppError, M } from './errors';
import type { Caller } from './phase';
import { requireTemplate } from './templates';
import { l10n } from '../core/messages';

const FIELDS = ['summary', 'status', 'issuetype', 'labels', 'project'];
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
/** Every deployment epic carries a summary once its phase has started. */
const HAS_SUMMARY = `${SUMMARY_ALIASES.exitGate} IS NOT EMPTY`;

const gateState = z.enum(['passed', 'blocked']);
const roleCounts = z.partialRecord(z.enum(ROLE_IDS), z.number().int().min(0));
/** The copy on the epic is data anyone who may edit the epic can change: read it defensively. */
const summarySchema = z.object({
  v: z.literal(1),
  readiness: z.number().min(0).max(100),
  entryGate: gateState,
  exitGate: gateState,
  blockers: z.number().int().min(0),
  blockersByRole: roleCounts.catch({}),
  actRoles: z.array(z.enum(ROLE_IDS)).catch([]),
  unfilledRoles: z.array(z.enum(ROLE_IDS)).catch([]),
  pendingWaivers: z.number().int().min(0),
  members: z.array(z.string().max(128)).max(50).catch([]),
  templateVersion: z.string().max(50).catch(''),
  phaseStart: z.string().max(40).nullable().catch(null),
  lastChange: z.string().max(40).catch(''),
});

export function parseSummary(value: unknown): GateSummary | null {
  const r = summarySchema.safeParse(value);
  return r.success ? (r.data as GateSummary) : null;
}

function toRow(issue: JiraIssue): PortfolioRow {
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary ?? '',
    projectKey: issue.fields.project?.key ?? issue.key.split('-')[0] ?? '',
    statusName: issue.fields.status?.name ?? '',
    statusCategory: statusCategoryOf(issue),
    gate: parseSummary(issue.properties?.[SUMMARY_PROPERTY_KEY]),
  };
}

function roles() {
  return requireTemplate('kayttoonotto').roles.map((r) => ({ id: r.id, name: r.name }));
}

/** A JQL string literal (values here are validated, this only guards the quoting). */
const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

const SORT_JQL: Record<PortfolioSortField, string> = {
  key: 'key',
  readiness: SUMMARY_ALIASES.readiness,
  blockers: SUMMARY_ALIASES.blockers,
  pendingWaivers: SUMMARY_ALIASES.pendingWaivers,
  phaseStart: `issue.property[${SUMMARY_PROPERTY_KEY}].phaseStart`,
  lastChange: `issue.property[${SUMMARY_PROPERTY_KEY}].lastChange`,
};

export function portfolioJql(
  project: { id: string },
  settings: ProjectSettings | undefined,
  query: PortfolioQuery,
  accountId: string,
): string {
  const parts = [`project = ${project.id}`, HAS_SUMMARY];
  if (settings?.epicSelector.mode === 'label') parts.push(`labels = ${quote(settings.epicSelector.label)}`);
  if (query.filter?.blockedOnly) parts.push(`${SUMMARY_ALIASES.exitGate} = blocked`);
  if (query.filter?.mine) parts.push(`issue.property[${SUMMARY_PROPERTY_KEY}].members = ${quote(accountId)}`);
  if (query.filter?.role) parts.push(`issue.property[${SUMMARY_PROPERTY_KEY}].actRoles = ${quote(query.filter.role)}`);
  const sort = query.sort ?? { field: 'key', direction: 'ASC' };
  const tie = sort.field === 'key' ? '' : ', key ASC';
  return `${parts.join(' AND ')} ORDER BY ${SORT_JQL[sort.field]} ${sort.direction}${tie}`;
}

const projectNotFound = l10n('server.errors.projectNotFound');

/** Jira refuses JQL naming a project the caller may not browse (400): that is "not found". */
function searchRefused(e: unknown, message = projectNotFound): never {
  if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found' || e.kind === 'forbidden')) {
    throw new AppError('NOT_FOUND', message, e.messages.slice(0, 3));
  }
  throw e;
}

/** One page of the project's deployment epics: one Jira search (as the caller) and one KVS read. */
export async function getPortfolio(caller: Caller, project: { id: string; key: string }, query: PortfolioQuery): Promise<PortfolioPage> {
  if (!/^\d+$/.test(project.id) || !PROJECT_KEY.test(project.key))
    throw new AppError('INVALID_INPUT', M.invalidInput, ['context: not a Jira project']);
  const settings = await store.getProjectSettings(project.id);
  if (!settings?.enabled) return { project, rows: [], nextPageToken: null, roles: roles() };
  let page;
  try {
    page = await searchJql('user', {
      jql: portfolioJql(project, settings, query, caller.accountId),
      fields: FIELDS,
      properties: [SUMMARY_PROPERTY_KEY],
      maxResults: query.pageSize ?? 50,
      ...(query.nextPageToken ? { nextPageToken: query.nextPageToken } : {}),
    });
  } catch (e) {
    searchRefused(e);
  }
  const rows = page.issues.filter((i) => isDeploymentEpic(settings, toEpicSummary(i))).map(toRow);
  // Epics started before summaries existed (or whose refresh was lost) get one soon.
  if (!query.nextPageToken) await backfillSummaries(project.id);
  return { project, rows, nextPageToken: page.isLast === false && page.nextPageToken ? page.nextPageToken : null, roles: roles() };
}

const MAX_GADGET_PAGES = 10;

export function gadgetJql(config: GadgetConfig): string {
  if (config.mode === 'projects') return `project in (${config.projectKeys.map(quote).join(', ')}) AND ${HAS_SUMMARY} ORDER BY key ASC`;
  if (/\border\s+by\b/i.test(config.jql)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, ['config.jql: leave out ORDER BY; the gadget orders the deployments itself']);
  }
  return `(${config.jql}) AND ${HAS_SUMMARY} ORDER BY key ASC`;
}

/** The steering group's view across projects: counts by gate state and the blocked deployments. */
export async function getGadget(_caller: Caller, config: GadgetConfig): Promise<GadgetView> {
  const jql = gadgetJql(config);
  const issues: JiraIssue[] = [];
  let token: string | undefined;
  let truncated = false;
  try {
    for (let i = 0; i < MAX_GADGET_PAGES; i++) {
      const page = await searchJql('user', {
        jql,
        fields: FIELDS,
        properties: [SUMMARY_PROPERTY_KEY],
        maxResults: 100,
        ...(token ? { nextPageToken: token } : {}),
      });
      issues.push(...page.issues);
      if (page.isLast !== false || !page.nextPageToken) break;
      token = page.nextPageToken;
      if (i === MAX_GADGET_PAGES - 1) truncated = true;
    }
  } catch (e) {
    searchRefused(e, l10n('server.portfolio.searchFailed'));
  }
  // Only epics that carry a readable summary count (a user's filter may match other issues).
  const rows = issues
    .filter((i) => (i.fields.issuetype?.hierarchyLevel ?? 1) === 1)
    .map(toRow)
    .filter((r) => r.gate !== null);
  const counts = { total: rows.length, exitPassed: 0, inProgress: 0, entryBlocked: 0, done: 0 };
  for (const r of rows) {
    if (r.statusCategory === 'done') counts.done++;
    else if (r.gate?.exitGate === 'passed') counts.exitPassed++;
    else if (r.gate?.entryGate === 'blocked') counts.entryBlocked++;
    else counts.inProgress++;
  }
  const blocked = rows
    .filter((r) => r.statusCategory !== 'done' && r.gate?.exitGate === 'blocked')
    .sort((a, b) => (b.gate?.blockers ?? 0) - (a.gate?.blockers ?? 0) || a.key.localeCompare(b.key))
    .slice(0, 20);
  return { counts, blocked, truncated, roles: roles() };
}
