import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { inDoubt } from '../../src/services/items/in-doubt';
import YAML from 'yaml';
import { seedDemoSettings, settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS, DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import type { RoleId } from '../../src/core/template/schema';
import type { AuditEntry, PanelView, PayloadOf, Result, ResolverName, ResultOf } from '../../src/shared/api';
import { GATE_FIELD_MODULE_KEY, type GateSummary } from '../../src/shared/portfolio';

/** What the model-based test (test/app/model/) reaches of the sandbox, so that only this file names its paths. */
export type { Sandbox };
export { settingsContext };
export { ACCOUNT_IDS, DEFAULT_ROLE_HOLDERS, DEMO_PROJECT, STATUS_IDS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
export { invocationStorage } from '@kayttoonotto/forge-sandbox/forge/runtime';

export const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };

export interface StartOptions {
  triggerDuplicates?: number;
  triggerDelayMs?: number;
  /** Strict mode (default on): the platform as Atlassian documents it; see packages/forge-sandbox/README.md. */
  strict?: boolean;
  /** How far `kvs.query` lags behind writes in strict mode (default 1000 ms). */
  kvsQueryLagMs?: number;
  /** How long an expired KVS entry may still be read in strict mode (default 48 platform hours). */
  kvsTtlLingerMs?: number;
  dbPath?: string;
}

/** Platform time in the app tests: 24 platform hours take 8.6 s, 15 minutes 90 ms. */
export const TEST_TIME_SCALE = 0.0001;

/** Delays the app asks for (retryAfter, delayInSeconds) run this much faster than asked. */
const APP_DELAY_SCALE = 0.1;

/**
 * How long a create request whose answer was lost may still show up, in the app tests (the app's
 * default is 60 s): longer than the emulator's search lag in strict mode (1.5 s), so it is still the
 * search that must show an adopted child, but short enough for a test.
 */
export const TEST_UNCERTAIN_MS = 2_500;

export async function startApp(opts: StartOptions = {}): Promise<Sandbox> {
  const strict = opts.strict ?? true;
  inDoubt.uncertainMs = TEST_UNCERTAIN_MS;
  const sb = await createSandbox({
    strict,
    // Jira's per-issue write window (20 writes per 2 s) is compressed by the same factor as the app's
    // own delays: the summary writer coalesces for 1 s, so at 0.1 it would otherwise write ten times
    // as often, relative to Jira's window, as it does on a real site.
    ...(strict ? { jiraOptions: { strict: { issueWriteLimit: { writes: 20, windowMs: 2000 * APP_DELAY_SCALE } } } } : {}),
    ...(opts.dbPath ? { dbPath: opts.dbPath } : {}),
    harnessOptions: {
      triggerDelayMs: opts.triggerDelayMs ?? 10,
      triggerDuplicates: opts.triggerDuplicates ?? 1,
      retryBaseDelayMs: 10,
      timeScale: TEST_TIME_SCALE,
      appDelayScale: APP_DELAY_SCALE,
      kvsQueryLagMs: opts.kvsQueryLagMs ?? 1000,
      ...(opts.kvsTtlLingerMs !== undefined ? { kvsTtlLingerMs: opts.kvsTtlLingerMs } : {}),
      logger: quiet,
    },
  });
  await seedDemoSettings(sb);
  return sb;
}

export type UserKey = keyof typeof EMAILS;

export async function jira(
  sb: Sandbox,
  as: UserKey,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const auth = `Basic ${Buffer.from(`${EMAILS[as]}:token`).toString('base64')}`;
  const res = await fetch(sb.url + path, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export async function createEpic(
  sb: Sandbox,
  summary: string,
  as: UserKey = 'hankepaallikko',
  labels: string[] = [],
): Promise<{ id: string; key: string }> {
  const r = await jira(sb, as, 'POST', '/rest/api/3/issue', {
    fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary, labels },
  });
  if (r.status !== 201) throw new Error(`create epic: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; key: string };
}

export interface ChildRow {
  key: string;
  labels: string[];
  assignee: string | null;
  itemId: string | null;
  status: string;
}

/** Jira's search is eventually consistent (strict mode of the emulator): a test that reads it right
 * after the app wrote reads it as someone would a moment later. (Answers 404 on an emulator without strict mode.) */
export async function settleSearch(sb: Sandbox): Promise<void> {
  await fetch(`${sb.url}/__sandbox/jira/strict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ settleSearch: true }),
  })
    .then((r) => r.text())
    .catch(() => undefined);
}

export async function children(sb: Sandbox, epicKey: string): Promise<ChildRow[]> {
  await settleSearch(sb);
  type Page = {
    issues: {
      key: string;
      fields: { labels: string[]; assignee: { accountId: string } | null; status: { statusCategory: { key: string } } };
      properties?: Record<string, { itemId?: string }>;
    }[];
    nextPageToken?: string;
  };
  const issues: Page['issues'] = [];
  let nextPageToken: string | undefined;
  do {
    const r = await jira(sb, 'admin', 'POST', '/rest/api/3/search/jql', {
      jql: `parent = ${epicKey} ORDER BY key ASC`,
      fields: ['labels', 'assignee', 'status'],
      properties: ['kayttoonotto-item'],
      maxResults: 100,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    if (r.status !== 200) throw new Error(`search: ${r.status} ${JSON.stringify(r.body)}`);
    const page = r.body as Page;
    issues.push(...page.issues);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return issues.map((i) => ({
    key: i.key,
    labels: i.fields.labels,
    assignee: i.fields.assignee?.accountId ?? null,
    itemId: i.properties?.['kayttoonotto-item']?.itemId ?? null,
    status: i.fields.status.statusCategory.key,
  }));
}

export function panelContext(accountId: string, epic: { id: string; key: string }, locale = 'fi-FI') {
  return {
    accountId,
    moduleKey: 'phase-panel',
    locale,
    extension: {
      issue: { id: epic.id, key: epic.key, type: 'Epic', typeId: ISSUE_TYPE_IDS.epic },
      project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' },
    },
  };
}

/** Calls a panel resolver through the real @forge/resolver definitions, as `as`. */
export async function panel<K extends ResolverName>(
  sb: Sandbox,
  as: UserKey,
  epic: { id: string; key: string },
  name: K,
  payload: PayloadOf<K>,
  locale?: string,
): Promise<Result<ResultOf<K>>> {
  // The UI sends its locale in the payload (Forge gives resolvers none); the server reads only that.
  const wire = locale ? { ...payload, locale } : payload;
  // The audit trail is listed with kvs.query, which Forge documents as eventually consistent
  // (storage-reference/kvs, "Data consistency"); a test reading it right after a write reads it as
  // someone would a moment later. Nothing the gate or spawning decides is read this way.
  if (name === 'getAudit') sb.harness.kvs.settleQueries();
  return (await sb.harness.invokeResolver('panel-resolver', name, wire, panelContext(ACCOUNT_IDS[as], epic, locale))) as Result<
    ResultOf<K>
  >;
}

export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message} ${(r.error.details ?? []).join('; ')}`);
  return r.data;
}

/** The demo project's default holder of each role (dev/sandbox/demo.ts). */
export const HOLDER: Record<RoleId, UserKey> = {
  'project-manager': 'hankepaallikko',
  'service-owner': 'palvelustaVastaava',
  architect: 'arkkitehti',
  'implementation-team': 'toteutustiimi',
  'production-team': 'tuotantotiimi',
  'steering-group': 'ohjausryhma',
};

/** The conditions of a gate of the current template that a person confirms. */
export const attestable = (gate: 'entry' | 'exit') =>
  CURRENT_TEMPLATE.gates[gate].conditions.flatMap((c) => (c.kind === 'attestation' ? [c] : []));

/** The steering group's risk acceptance the tests give. */
export const approval = { riskLevel: 'medium', securityLevel: 'basic', dataProtectionLevel: 'personal-data' } as const;

/** Writes of the gate summary on one epic (what the coalescing keeps low), from the harness's Jira log: the app's
 * writes of its custom field (`POST /rest/api/3/app/field/value`) that name the epic. */
export const summaryWrites = (sb: Sandbox, epicId: string) =>
  sb.harness.jiraLog.filter(
    (c) =>
      c.method === 'POST' &&
      c.path === '/rest/api/3/app/field/value' &&
      c.status < 300 &&
      ((c.requestBody as { updates?: { issueIds?: number[] }[] } | null)?.updates ?? []).some((u) => u.issueIds?.includes(Number(epicId))),
  ).length;

/** The app's gate field as Jira lists it (`GET /rest/api/3/field`). */
export async function gateFieldOf(sb: Sandbox): Promise<{ id: string; clause: string }> {
  const r = await jira(sb, 'admin', 'GET', '/rest/api/3/field');
  const field = (r.body as { id: string; clauseNames: string[]; schema?: { custom?: string } }[]).find((f) =>
    f.schema?.custom?.endsWith(`/static/${GATE_FIELD_MODULE_KEY}`),
  );
  if (!field) throw new Error('the app has no gate field in Jira');
  return { id: field.id, clause: field.clauseNames.find((c) => c.startsWith('cf[')) ?? field.id };
}

/** The gate summary on an epic, read as `as` through GET /issue (null: none). */
export async function gateSummaryOf(sb: Sandbox, epicKey: string, as: UserKey = 'admin'): Promise<GateSummary | null> {
  const field = await gateFieldOf(sb);
  const r = await jira(sb, as, 'GET', `/rest/api/3/issue/${epicKey}?fields=${field.id}`);
  if (r.status !== 200) throw new Error(`GET ${epicKey}: ${r.status} ${JSON.stringify(r.body)}`);
  return ((r.body as { fields: Record<string, unknown> }).fields[field.id] as GateSummary | null) ?? null;
}

/** The epic's whole audit trail through the panel, every page (newest first), as the project manager. */
export async function wholeAudit(sb: Sandbox, epic: { id: string; key: string }): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', cursor ? { cursor } : {}));
    out.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** What the audit trail must replay into, as the panel shows it. */
export const storedState = (v: PanelView) => ({
  roster: v.roster,
  riskLevel: v.phase?.riskLevel ?? null,
  attestations: v.attestations,
  waivers: v.waivers,
  entryGateWaiver: v.entryGateWaiver,
});

/** The built-in template as the editable document a person exports (YAML), loosely typed for tests to change. */
export interface TemplateDocument {
  version: string;
  items: Record<string, unknown>[];
  gates: Record<'entry' | 'exit', { conditions: Record<string, unknown>[] }>;
}

/** Saves, as the project admin, the built-in template as changed by `edit` (a new project version: what new epics get). */
export async function saveEditedTemplate(sb: Sandbox, edit: (d: TemplateDocument) => void): Promise<void> {
  const d = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as TemplateDocument;
  edit(d);
  ok(
    (await sb.harness.invokeResolver(
      'settings-resolver',
      'saveProjectTemplate',
      { text: YAML.stringify(d), locale: 'en-US' },
      settingsContext(ACCOUNT_IDS.admin),
    )) as Result<unknown>,
  );
}

/** Saves a project template of `items` items (the built-in one with duties added) as version 1.1.0. */
export async function templateOfSize(sb: Sandbox, items: number): Promise<void> {
  await saveEditedTemplate(sb, (d) => {
    const duty = d.items.find((i) => i.kind === 'duty')!;
    d.version = '1.1.0';
    for (let n = d.items.length + 1; d.items.length < items; n++)
      d.items.push({
        ...duty,
        id: `duty.kuorma.tehtava-${n}`,
        text: { fi: `Tehtävä ${n}`, sv: `Uppgift ${n}`, en: `Duty ${n}` },
        subPoints: [],
      });
  });
}
