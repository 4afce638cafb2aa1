/**
 * Readiness across deployments: the project page's table and the steering group's gadget.
 * Both read only what Jira lets the caller browse: ONE JQL search as the user (asUser) that
 * returns each epic's gate summary from the app's read-only custom field (services/portfolio/gate-field.ts),
 * never a read per epic. The summary is the reporting copy kept by services/portfolio/summary.ts, written only
 * by the app; nothing here decides a gate.
 */
import { isDeploymentEpic } from '../../core/settings';
import { countIssues, searchJql, searchProjectsByKeys, type JiraIssue } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type { ProjectSettings } from '../../shared/api';
import {
  GATE_FIELD_ALIASES,
  type GadgetConfig,
  type GadgetView,
  type PortfolioPage,
  type PortfolioQuery,
  type PortfolioRow,
  type PortfolioSortField,
} from '../../shared/portfolio';
import * as store from '../../storage/store';
import { statusCategoryOf, toEpicSummary } from '../common/epic';
import { gateClause, gateField, parseGateSummary, type GateFieldRef } from './gate-field';
import { backfillSummaries } from './summary';
import { AppError, M } from '../common/errors';
import type { Caller } from '../phase/context';
import { requireTemplate } from '../templates/template-of-epic';
import { l10n } from '../../core/messages';
import { allSettledOrThrow } from '../../core/settled';

const FIELDS = ['summary', 'status', 'issuetype', 'labels', 'project'];
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
/** Searches one "mine" page may take while it finds fewer of the caller's epics than a page holds. */
const MINE_MAX_SEARCHES = 3;

/** Every deployment epic carries a summary once its phase has started. */
const hasSummary = (field: GateFieldRef) => `${gateClause(field)} IS NOT EMPTY`;

function toRow(issue: JiraIssue, field: GateFieldRef): PortfolioRow {
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary ?? '',
    projectKey: issue.fields.project?.key ?? issue.key.split('-')[0] ?? '',
    statusName: issue.fields.status?.name ?? '',
    statusCategory: statusCategoryOf(issue),
    gate: parseGateSummary((issue.fields as Record<string, unknown>)[field.id]),
  };
}

function roles() {
  return requireTemplate('kayttoonotto').roles.map((r) => ({ id: r.id, name: r.name }));
}

/** A JQL string literal (values here are validated, this only guards the quoting). */
const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

const SORT_ALIAS: Record<PortfolioSortField, string | null> = {
  key: null,
  readiness: GATE_FIELD_ALIASES.readiness,
  blockers: GATE_FIELD_ALIASES.blockers,
  pendingWaivers: GATE_FIELD_ALIASES.pendingWaivers,
  phaseStart: GATE_FIELD_ALIASES.phaseStart,
  lastChange: GATE_FIELD_ALIASES.lastChange,
};

/** The project page's JQL. "Mine" is not in it: who holds a role is the app's own data (KVS), never indexed by Jira. */
export function portfolioJql(
  project: { id: string },
  settings: ProjectSettings | undefined,
  query: PortfolioQuery,
  field: GateFieldRef,
): string {
  const parts = [`project = ${project.id}`, hasSummary(field)];
  if (settings?.epicSelector.mode === 'label') parts.push(`labels = ${quote(settings.epicSelector.label)}`);
  if (query.filter?.blockedOnly) parts.push(`${gateClause(field, GATE_FIELD_ALIASES.exitGate)} = blocked`);
  if (query.filter?.role) parts.push(`${gateClause(field, GATE_FIELD_ALIASES.actRoles)} = ${quote(query.filter.role)}`);
  const sort = query.sort ?? { field: 'key', direction: 'ASC' };
  const alias = SORT_ALIAS[sort.field];
  const tie = alias === null ? '' : ', key ASC';
  return `${parts.join(' AND ')} ORDER BY ${alias === null ? 'key' : gateClause(field, alias)} ${sort.direction}${tie}`;
}

const projectNotFound = l10n('server.errors.projectNotFound');

/** Jira refuses JQL naming a project the caller may not browse (400): that is "not found". */
function searchRefused(e: unknown, message = projectNotFound): never {
  if (e instanceof JiraError && (e.kind === 'bad-request' || e.kind === 'not-found' || e.kind === 'forbidden')) {
    throw new AppError('NOT_FOUND', message, e.messages.slice(0, 3));
  }
  throw e;
}

/** One page of the project's deployment epics: one Jira search (as the caller) and one KVS read; the first page also Jira's approximate count. */
export async function getPortfolio(caller: Caller, project: { id: string; key: string }, query: PortfolioQuery): Promise<PortfolioPage> {
  if (!/^\d+$/.test(project.id) || !PROJECT_KEY.test(project.key))
    throw new AppError('INVALID_INPUT', M.invalidInput, ['context: not a Jira project']);
  const settings = await store.getProjectSettings(project.id);
  if (!settings?.enabled) return { project, rows: [], nextPageToken: null, roles: roles(), total: 0 };
  const field = await gateField();
  const jql = portfolioJql(project, settings, query, field);
  const pageSize = query.pageSize ?? 50;
  const rows: PortfolioRow[] = [];
  let token = query.nextPageToken;
  // The first page also says how many epics match in all: Jira's approximate count over the same JQL,
  // asked beside the search (search/jql gives no total). "Mine" is filtered in storage, so it has none.
  const totalP =
    !query.nextPageToken && !query.filter?.mine
      ? countIssues('user', jql.replace(/\s+ORDER BY\s[\s\S]*$/i, '')).catch((e: unknown) => {
          console.warn('[portfolio] approximate count failed:', e instanceof Error ? e.message : e);
          return null;
        })
      : Promise.resolve(null);
  // "Mine" keeps the epics whose roster (the app's own KVS state) names the caller: 6 strict reads per
  // epic, batched by 25. Pages without one of them are skipped, a few at most, so a page is rarely empty.
  for (let searches = 0; ; searches++) {
    let page;
    try {
      page = await searchJql('user', {
        jql,
        fields: [...FIELDS, field.id],
        maxResults: pageSize,
        ...(token ? { nextPageToken: token } : {}),
      });
    } catch (e) {
      searchRefused(e);
    }
    let found = page.issues.filter((i) => isDeploymentEpic(settings, toEpicSummary(i))).map((i) => toRow(i, field));
    if (query.filter?.mine) {
      const members = await store.readRosterMembers(found.map((r) => r.id));
      found = found.filter((r) => members.get(r.id)?.has(caller.accountId));
    }
    rows.push(...found);
    token = page.isLast === false && page.nextPageToken ? page.nextPageToken : undefined;
    if (!query.filter?.mine || !token || rows.length >= pageSize || searches + 1 >= MINE_MAX_SEARCHES) break;
  }
  // Overdue items are not counted here: the page asks for them after it shows the rows (getPortfolioOverdue),
  // so the first page stays at two Jira calls (issue 22).
  // Epics started before summaries existed (or whose refresh was lost) get one soon.
  if (!query.nextPageToken) await backfillSummaries(project.id);
  return { project, rows, nextPageToken: token ?? null, roles: roles(), total: await totalP };
}

/** Blocked deployments the gadget lists (most blockers first). */
const GADGET_BLOCKED_MAX = 20;

export function gadgetJql(config: GadgetConfig, field: GateFieldRef, projectKeys?: string[]): string {
  if (config.mode === 'projects')
    return `project in (${(projectKeys ?? config.projectKeys).map(quote).join(', ')}) AND ${hasSummary(field)}`;
  if (/\border\s+by\b/i.test(config.jql)) {
    throw new AppError('INVALID_INPUT', M.invalidInput, ['config.jql: leave out ORDER BY; the gadget orders the deployments itself']);
  }
  return `(${config.jql}) AND ${hasSummary(field)}`;
}

/**
 * The steering group's view across projects: counts by gate state and the blocked deployments.
 * The counts come from Jira's count endpoint (one per state, over every deployment, however many),
 * the list from one search. With chosen projects, the viewer sees the deployments of those they may
 * browse, and the gadget names the others (Jira refuses a whole JQL query that names a project the
 * caller cannot see).
 */
export async function getGadget(_caller: Caller, config: GadgetConfig): Promise<GadgetView> {
  const field = await gateField();
  let leftOut: string[] = [];
  let visibleKeys: string[] | undefined;
  if (config.mode === 'projects') {
    const wanted = [...new Set(config.projectKeys.map((k) => k.toUpperCase()))];
    const visible = new Set((await searchProjectsByKeys('user', wanted)).map((p) => p.key.toUpperCase()));
    visibleKeys = wanted.filter((k) => visible.has(k));
    leftOut = wanted.filter((k) => !visible.has(k));
    if (visibleKeys.length === 0)
      return { counts: { total: 0, exitPassed: 0, inProgress: 0, entryBlocked: 0, done: 0 }, leftOut, blocked: [], roles: roles() };
  }
  const base = gadgetJql(config, field, visibleKeys);
  const exit = gateClause(field, GATE_FIELD_ALIASES.exitGate);
  const entry = gateClause(field, GATE_FIELD_ALIASES.entryGate);
  const open = `${base} AND statusCategory != Done`;
  let counts: GadgetView['counts'];
  let issues: JiraIssue[];
  try {
    // A closed deployment counts as done; an open one by its exit gate, then its entry gate.
    const [done, exitPassed, entryBlocked, inProgress, page] = await allSettledOrThrow([
      countIssues('user', `${base} AND statusCategory = Done`),
      countIssues('user', `${open} AND ${exit} = passed`),
      countIssues('user', `${open} AND ${exit} = blocked AND ${entry} = blocked`),
      countIssues('user', `${open} AND ${exit} = blocked AND ${entry} = passed`),
      searchJql('user', {
        jql: `${open} AND ${exit} = blocked ORDER BY ${gateClause(field, GATE_FIELD_ALIASES.blockers)} DESC, key ASC`,
        fields: [...FIELDS, field.id],
        maxResults: GADGET_BLOCKED_MAX,
      }),
    ]);
    counts = { total: done + exitPassed + entryBlocked + inProgress, exitPassed, inProgress, entryBlocked, done };
    issues = page.issues;
  } catch (e) {
    searchRefused(e, l10n('server.portfolio.searchFailed'));
  }
  const blocked = issues
    .map((i) => toRow(i, field))
    .filter((r) => r.gate !== null)
    .slice(0, GADGET_BLOCKED_MAX);
  return { counts, leftOut, blocked, roles: roles() };
}
