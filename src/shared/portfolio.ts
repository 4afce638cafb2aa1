/**
 * Readiness across deployments: the gate summary the app keeps on each deployment epic (the value of
 * its read-only custom field, the manifest's `jira:customField` module `deployment-gate`, which only
 * the app can write), and the contract of the project page and the dashboard gadget. Imported by src/ AND static/.
 */
import type { LocalizedText, RoleId } from '../core/domain';
import type { GateSummary, StatusCategory } from '../core/model';
import type { ErrorCode } from './envelope';
import type { UpgradePlanView } from './templates';

/** The module key of the app's custom field that holds the summary (see `jira:customField` in manifest.yml). */
export const GATE_FIELD_MODULE_KEY = 'deployment-gate';
/** The field's name: the JQL clause people type, e.g. `Kayttoonotto.exitGate = blocked` (manifest `name`). */
export const GATE_FIELD_NAME = 'Kayttoonotto';

/** The summary values searchable in JQL as `<field>.<alias>` (schema `searchAlias` in manifest.yml). */
export const GATE_FIELD_ALIASES = {
  readiness: 'readiness',
  exitGate: 'exitGate',
  entryGate: 'entryGate',
  blockers: 'blockers',
  pendingWaivers: 'pendingWaivers',
  actRoles: 'actRoles',
  phaseStart: 'phaseStart',
  lastChange: 'lastChange',
} as const;

/**
 * The issue property that held the summary before the custom field (anyone who could edit the epic
 * could forge it, and it listed account ids that Jira indexed). Never read: the summary writer
 * deletes it from an epic when it writes the field there.
 */
export const LEGACY_SUMMARY_PROPERTY_KEY = 'kayttoonotto-summary';

/** The gate summary itself is what the core computes (src/core/model.ts, src/core/summary.ts). */
export type { GateState, GateSummary } from '../core/model';

export interface PortfolioRow {
  id: string;
  key: string;
  summary: string;
  projectKey: string;
  statusName: string;
  statusCategory: StatusCategory;
  /** null: the phase has not been summarised yet (just started), or the copy is unreadable. */
  gate: GateSummary | null;
  /** Its work items past their due date and not done (issue 24): filled in by the page from `getPortfolioOverdue`. */
  overdue?: number;
}

export const PORTFOLIO_SORT_FIELDS = ['key', 'readiness', 'blockers', 'pendingWaivers', 'phaseStart', 'lastChange'] as const;
export type PortfolioSortField = (typeof PORTFOLIO_SORT_FIELDS)[number];

export interface PortfolioQuery {
  sort?: { field: PortfolioSortField; direction: 'ASC' | 'DESC' };
  filter?: { blockedOnly?: boolean; mine?: boolean; role?: RoleId };
  nextPageToken?: string;
  pageSize?: number;
}

export interface PortfolioPage {
  project: { id: string; key: string };
  rows: PortfolioRow[];
  nextPageToken: string | null;
  /** How many epics match in all (Jira's approximate count, on the first page; null on later pages, with "mine", or when Jira could not count). */
  total: number | null;
  /** The template's roles, for names and the role filter. */
  roles: { id: RoleId; name: LocalizedText }[];
}

export type GadgetConfig = { mode: 'projects'; projectKeys: string[] } | { mode: 'jql'; jql: string };

export interface GadgetView {
  /** Every deployment that matches, by state (Jira's approximate count: recent changes may not be counted yet). */
  counts: { total: number; exitPassed: number; inProgress: number; entryBlocked: number; done: number };
  /** Projects of the configuration left out: the viewer may not browse them (or they do not exist). */
  leftOut: string[];
  /** Deployments whose exit gate is blocked, most blockers first (at most 20). */
  blocked: PortfolioRow[];
  roles: { id: RoleId; name: LocalizedText }[];
}

// ---------------------------------------------------------------------------------------------
// Bulk upgrade of running deployment epics from the project page (issue 13): the panel's preview
// and upgrade (services/templates/upgrade-epic.ts) for many epics, a page and a batch at a time.
// ---------------------------------------------------------------------------------------------
/** Epics of the project looked at per preview page (one Jira search, then one preview per epic on an older version). */
export const BULK_PREVIEW_PAGE_MAX = 50;
/**
 * Epics upgraded per `bulkUpgrade` call. An upgrade makes about six Jira calls one after another;
 * five of them, with no new one started after BULK_UPGRADE_START_BUDGET_MS, keep a call well within
 * Forge's 25 s runtime limit (platform-quotas-and-limits, "Invocation limits").
 */
export const BULK_UPGRADE_BATCH = 5;
/** After this long, a batch starts no further epic; those come back as `skipped` and the UI sends them again. */
export const BULK_UPGRADE_START_BUDGET_MS = 12_000;

export interface BulkUpgradePreviewQuery {
  nextPageToken?: string;
  pageSize?: number;
}

/** One deployment epic on an older version of its template than the newest the project has. */
export interface BulkUpgradeCandidate {
  id: string;
  key: string;
  summary: string;
  statusName: string;
  statusCategory: StatusCategory;
  /** The panel's preview of this epic (what is added, removed, changed, voided and why). */
  plan: UpgradePlanView;
  /** Whether the caller may upgrade this epic (the panel's rule), and why not in their language. */
  allowed: boolean;
  reason?: string;
}

export interface BulkUpgradePreview {
  project: { id: string; key: string };
  candidates: BulkUpgradeCandidate[];
  /** Epics on this page whose preview could not be read (each with its error, in the caller's language). */
  errors: { key: string; code: ErrorCode; message: string }[];
  /** Deployment epics looked at on this page. */
  scanned: number;
  /** More deployment epics to look at: send it back for the next page. */
  nextPageToken: string | null;
}

/** One epic to upgrade, with the version its preview showed (a newer one since then → CONFLICT for that epic). */
export interface BulkUpgradeTarget {
  key: string;
  toTemplateId: string;
  toVersion: string;
}

export type BulkUpgradeResult =
  | {
      key: string;
      outcome: 'upgraded';
      to: { templateId: string; version: string };
      created: number;
      relabelled: number;
      updated: number;
      /** Children Jira refused to change, as "KEY: reason". */
      failed: string[];
    }
  /** The epic was left as it was: not allowed, changed since the preview, not found or not a deployment epic of the project. */
  | { key: string; outcome: 'refused'; code: ErrorCode; reason: string }
  /** A fault (Jira unavailable or rate limiting, an unexpected error): try again. */
  | { key: string; outcome: 'failed'; code: ErrorCode; reason: string }
  /** Not started in this call (its time budget was spent): send it again. */
  | { key: string; outcome: 'skipped' };

/** The most epics one `getPortfolioOverdue` call counts (the project page's largest page). */
export const PORTFOLIO_PAGE_MAX = 100;

/** Overdue work items per epic (issue 24): each epic asked about, 0 where none the caller may browse is overdue. */
export interface PortfolioOverdue {
  counts: Record<string, number>;
}

/** The resolvers of the project page and the gadget (function key `portfolio-resolver`). */
export interface PortfolioContract {
  getPortfolio: { payload: PortfolioQuery; result: PortfolioPage };
  /** Asked by the page after each page of rows is shown (the first page stays at two Jira calls): one search as the caller. */
  getPortfolioOverdue: { payload: { epicIds: string[] }; result: PortfolioOverdue };
  getGadget: { payload: { config: GadgetConfig }; result: GadgetView };
  /** The gadget's edit view: the projects the viewer may browse, to choose from. */
  listGadgetProjects: { payload: { query?: string }; result: { projects: { key: string; name: string }[] } };
  previewBulkUpgrade: { payload: BulkUpgradePreviewQuery; result: BulkUpgradePreview };
  bulkUpgrade: { payload: { epics: BulkUpgradeTarget[] }; result: { results: BulkUpgradeResult[] } };
}

export const PORTFOLIO_RESOLVERS = [
  'getPortfolio',
  'getPortfolioOverdue',
  'getGadget',
  'listGadgetProjects',
  'previewBulkUpgrade',
  'bulkUpgrade',
] as const satisfies readonly (keyof PortfolioContract)[];

/** The CSV of the table: semicolons for Finnish and Swedish (their spreadsheets' list separator), commas for English. */
export function csvSeparator(lang: 'fi' | 'sv' | 'en'): ';' | ',' {
  return lang === 'en' ? ',' : ';';
}

export function toCsvText(rows: string[][], separator: ';' | ','): string {
  const cell = (v: string) =>
    /[";,\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v;
  return `\uFEFF${rows.map((r) => r.map(cell).join(separator)).join('\r\n')}\r\n`;
}
