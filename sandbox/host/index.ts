/**
 * The sandbox's Jira-like host pages and the @forge/bridge host for the app's Custom UI.
 *
 *   const host = createHostHandler({ sandbox });   // sandbox = await createSandbox({ extraHandler })
 *
 * Pages (query `as=<seeded email>`, `locale=fi-FI|sv-SE|en-US`, `theme=light|dark`, kept across links):
 *   /                                   projects
 *   /projects/<KEY>                     work items + "create epic" form
 *   /browse/<KEY>                       work item view, children, transitions, the app's panel on epics
 *   /plugins/servlet/project-config/<KEY>/apps/kayttoonotto   the app's project settings page
 * Bridge host: /__forge/<resource>/... serves static/<app>/build with the bridge script and the
 * translation resources; POST /__sandbox/invoke and /__sandbox/product run on behalf of the frame's user.
 * Every page acts as the chosen seeded user through the emulator's REST API (HTTP Basic).
 * The sandbox binds to loopback (127.0.0.1) by default: these pages have no real authentication.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { User } from '../jira/types';
import { BRIDGE_CLIENT_JS, HOST_PAGE_JS } from './client-scripts';
import { hostT, type HostLang, type HostStringKey } from './strings';

export interface HostSandbox {
  /** Base URL of the sandbox server (read at request time). */
  readonly url: string;
  emulator: { users: { byEmail(email: string): User | undefined; byAccountId(id: string): User | undefined; all(): User[] } };
  harness: {
    invokeResolver(
      functionKey: string,
      resolverName: string,
      payload: unknown,
      ctx: { accountId: string | null; moduleKey: string; extension: Record<string, unknown>; locale?: string; timezone?: string; theme?: string; localId?: string },
    ): Promise<unknown>;
  };
}

export interface HostOptions {
  sandbox: HostSandbox;
  /** Repository root (manifest.yml, locales/, static/); default: two levels above this file. */
  rootDir?: string;
  /** Who acts when `as` is missing; default the project manager. */
  defaultEmail?: string;
  /** How often the issue view checks the epic and its children for changes (ms); 0 = never. */
  pollMs?: number;
}

export type HostHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export const DEFAULT_ACTOR_EMAIL = 'hankepaallikko@sandbox.test';
export const SETTINGS_PATH = (projectKey: string): string => `/plugins/servlet/project-config/${projectKey}/apps/kayttoonotto`;
const LOCALES = ['fi-FI', 'sv-SE', 'en-US'] as const;
type HostLocale = (typeof LOCALES)[number];
type Theme = 'light' | 'dark';
const APP_ID = '00000000-0000-4000-8000-000000000000';
const ENVIRONMENT_ID = '00000000-0000-4000-8000-0000000000e1';
const CLOUD_ID = '00000000-0000-4000-8000-00000000c10d';
const THEME_ATTR = 'light:light dark:dark spacing:spacing typography:typography shape:shape';

interface ModuleInfo {
  moduleKey: string;
  type: string;
  resource: string;
  functionKey: string;
}

interface PageState {
  user: User;
  email: string;
  locale: HostLocale;
  lang: HostLang;
  theme: Theme;
  warning: string | null;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

// -------------------------------------------------------------------------------------------------
// small helpers
// -------------------------------------------------------------------------------------------------
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON for a <script> element (no `</script>` break-out). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new HttpError(413, 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

function sendJsonResponse(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Plain text of an Atlassian Document Format value. */
function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!isRecord(node)) return '';
  if (node.type === 'text') return str(node.text);
  const content = Array.isArray(node.content) ? node.content.map(adfText) : [];
  const block = ['paragraph', 'heading', 'listItem', 'bulletList', 'orderedList'].includes(str(node.type));
  return content.join(block ? '\n' : '') + (block ? '\n' : '');
}

// -------------------------------------------------------------------------------------------------
// manifest, resources, tokens
// -------------------------------------------------------------------------------------------------
function loadModules(rootDir: string): { modules: ModuleInfo[]; resources: Map<string, string>; translations: { locales: string[]; fallback: string } } {
  const doc: unknown = parseYaml(readFileSync(path.join(rootDir, 'manifest.yml'), 'utf8'));
  if (!isRecord(doc)) throw new Error('manifest.yml is not a mapping');
  const modules: ModuleInfo[] = [];
  const moduleMap = isRecord(doc.modules) ? doc.modules : {};
  for (const [type, list] of Object.entries(moduleMap)) {
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      if (!isRecord(m) || typeof m.resource !== 'string' || !isRecord(m.resolver) || typeof m.resolver.function !== 'string') continue;
      modules.push({ moduleKey: str(m.key), type, resource: m.resource, functionKey: m.resolver.function });
    }
  }
  const resources = new Map<string, string>();
  for (const r of Array.isArray(doc.resources) ? doc.resources : []) {
    if (isRecord(r) && typeof r.key === 'string' && typeof r.path === 'string') resources.set(r.key, path.join(rootDir, r.path));
  }
  const translations = isRecord(doc.translations) ? doc.translations : {};
  const locales = (Array.isArray(translations.resources) ? translations.resources : []).filter(isRecord).map((r) => str(r.key));
  const fallback = isRecord(translations.fallback) ? str(translations.fallback.default) : 'fi-FI';
  return { modules, resources, translations: { locales, fallback: fallback || 'fi-FI' } };
}

/** Atlassian design tokens for both colour modes (the host supplies them, as Jira does for Custom UI). */
function loadTokensCss(rootDir: string): string {
  const require = createRequire(path.join(rootDir, 'package.json'));
  const parts = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];
  const css: string[] = [];
  for (const part of parts) {
    try {
      const mod = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${part}.js`) as { default?: unknown };
      if (typeof mod.default === 'string') css.push(mod.default);
    } catch {
      // a theme part missing from this tokens version: the CSS fallbacks still apply
    }
  }
  return css.join('\n');
}

// -------------------------------------------------------------------------------------------------
// the handler
// -------------------------------------------------------------------------------------------------
export function createHostHandler(opts: HostOptions): HostHandler {
  const rootDir = opts.rootDir ?? path.resolve(__dirname, '..', '..');
  const { sandbox } = opts;
  const defaultEmail = opts.defaultEmail ?? DEFAULT_ACTOR_EMAIL;
  const pollMs = opts.pollMs ?? 3000;
  const manifest = loadModules(rootDir);
  let tokensCss: string | null = null;
  const panelModule = manifest.modules.find((m) => m.type === 'jira:issuePanel');
  const settingsModule = manifest.modules.find((m) => m.type === 'jira:projectSettingsPage');

  // ---- page state -------------------------------------------------------------------------------
  function pageState(url: URL): PageState {
    const asParam = url.searchParams.get('as');
    let warning: string | null = null;
    let user = asParam ? sandbox.emulator.users.byEmail(asParam) : undefined;
    if (asParam && (!user || user.accountType === 'app')) {
      warning = `Unknown user "${asParam}"; acting as ${defaultEmail}.`;
      user = undefined;
    }
    user ??= sandbox.emulator.users.byEmail(defaultEmail);
    if (!user) throw new HttpError(500, `The seeded user ${defaultEmail} is missing`);
    const localeParam = url.searchParams.get('locale');
    const locale: HostLocale = (LOCALES as readonly string[]).includes(localeParam ?? '') ? (localeParam as HostLocale) : 'fi-FI';
    const theme: Theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
    return { user, email: user.emailAddress ?? defaultEmail, locale, lang: locale === 'sv-SE' ? 'sv' : locale === 'en-US' ? 'en' : 'fi', theme, warning };
  }

  function link(state: PageState, pathname: string, extra: Record<string, string> = {}): string {
    const params = new URLSearchParams({ as: state.email, locale: state.locale, theme: state.theme, ...extra });
    return `${pathname}?${params.toString()}`;
  }

  // ---- REST as the acting user ------------------------------------------------------------------
  async function jira(state: PageState | User, method: string, restPath: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
    const user = 'user' in state ? state.user : state;
    const auth = Buffer.from(`${user.emailAddress ?? ''}:sandbox`).toString('base64');
    const response = await fetch(`${sandbox.url}${restPath}`, {
      method,
      headers: { authorization: `Basic ${auth}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  function jiraErrorText(body: unknown): string {
    if (!isRecord(body)) return str(body);
    const messages = Array.isArray(body.errorMessages) ? body.errorMessages.map(str) : [];
    const fieldErrors = isRecord(body.errors) ? Object.entries(body.errors).map(([k, v]) => `${k}: ${str(v)}`) : [];
    return [...messages, ...fieldErrors].join('\n') || JSON.stringify(body);
  }

  // ---- layout -----------------------------------------------------------------------------------
  function layout(state: PageState, url: URL, title: string, main: string, hostConfig: Record<string, unknown> = {}): string {
    const t = (key: HostStringKey, vars?: Record<string, string>): string => hostT(state.lang, key, vars);
    const users = sandbox.emulator.users.all().filter((u) => u.accountType !== 'app' && u.emailAddress);
    const keep = [...url.searchParams.entries()].filter(([k]) => !['as', 'locale', 'theme', 'flash', 'error'].includes(k));
    return `<!doctype html>
<html lang="${state.lang}" data-color-mode="${state.theme}" data-theme="${THEME_ATTR}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(t('brand'))}</title>
<link rel="stylesheet" href="/__forge/__tokens.css">
<link rel="stylesheet" href="/__host/host.css">
</head>
<body>
<a class="skip" href="#main">${escapeHtml(t('skip'))}</a>
<header class="top">
  <a class="brand" href="${escapeHtml(link(state, '/'))}">${escapeHtml(t('brand'))}</a>
  <nav aria-label="${escapeHtml(t('projects'))}"><a href="${escapeHtml(link(state, '/'))}">${escapeHtml(t('projects'))}</a></nav>
  <form class="switcher" method="get" action="${escapeHtml(url.pathname)}" aria-label="${escapeHtml(t('switcher'))}">
    ${keep.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('')}
    <label>${escapeHtml(t('actAs'))}
      <select name="as" data-testid="switch-as">${users
        .map((u) => `<option value="${escapeHtml(u.emailAddress)}"${u.accountId === state.user.accountId ? ' selected' : ''}>${escapeHtml(u.displayName)} (${escapeHtml(u.emailAddress)})</option>`)
        .join('')}</select>
    </label>
    <label>${escapeHtml(t('language'))}
      <select name="locale" data-testid="switch-locale">${LOCALES.map((l) => `<option value="${l}"${l === state.locale ? ' selected' : ''}>${l === 'fi-FI' ? 'suomi' : l === 'sv-SE' ? 'svenska' : 'English'}</option>`).join('')}</select>
    </label>
    <label>${escapeHtml(t('theme'))}
      <select name="theme" data-testid="switch-theme"><option value="light"${state.theme === 'light' ? ' selected' : ''}>${escapeHtml(t('light'))}</option><option value="dark"${state.theme === 'dark' ? ' selected' : ''}>${escapeHtml(t('dark'))}</option></select>
    </label>
    <button type="submit" class="btn">${escapeHtml(t('apply'))}</button>
  </form>
</header>
<main id="main" tabindex="-1">
${state.warning ? `<div class="message message-warning" role="alert">${escapeHtml(state.warning)}</div>` : ''}
<p class="meta">${escapeHtml(t('you', { name: state.user.displayName }))}</p>
${main}
</main>
<section class="flags" aria-label="${escapeHtml(t('flags'))}"><ul id="flag-list" aria-live="polite" data-testid="flags"></ul></section>
<footer class="meta">${escapeHtml(t('loopback'))}</footer>
<script>window.__HOST__ = ${scriptJson({ as: state.email, closeLabel: t('close'), pollMs, ...hostConfig })};</script>
<script src="/__host/host.js"></script>
</body>
</html>`;
  }

  function messageBox(kind: 'error' | 'success' | 'warning', title: string, text: string, testId: string): string {
    return `<div class="message message-${kind}" role="${kind === 'error' ? 'alert' : 'status'}" data-testid="${testId}"><strong>${escapeHtml(title)}</strong><pre class="verbatim">${escapeHtml(text)}</pre></div>`;
  }

  function frameUrl(state: PageState, module: ModuleInfo, extension: Record<string, string>): string {
    const params = new URLSearchParams({ module: module.moduleKey, as: state.email, locale: state.locale, theme: state.theme, ...extension });
    return `/__forge/${encodeURIComponent(module.resource)}/index.html?${params.toString()}`;
  }

  // ---- pages ------------------------------------------------------------------------------------
  async function projectsPage(state: PageState, url: URL): Promise<string> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const answer = await jira(state, 'GET', '/rest/api/3/project/search?expand=lead&maxResults=50');
    const values = isRecord(answer.body) && Array.isArray(answer.body.values) ? answer.body.values.filter(isRecord) : [];
    const rows = values
      .map((p) => `<tr><td>${escapeHtml(p.key)}</td><td><a href="${escapeHtml(link(state, `/projects/${str(p.key)}`))}">${escapeHtml(p.name)}</a></td><td>${escapeHtml(isRecord(p.lead) ? p.lead.displayName : '')}</td></tr>`)
      .join('');
    const body = `<h1>${escapeHtml(t('projects'))}</h1>
${answer.status >= 400 ? messageBox('error', t('error'), jiraErrorText(answer.body), 'jira-error') : ''}
${values.length === 0 ? `<p>${escapeHtml(t('noProjects'))}</p>` : `<table data-testid="projects"><thead><tr><th scope="col">${escapeHtml(t('key'))}</th><th scope="col">${escapeHtml(t('name'))}</th><th scope="col">${escapeHtml(t('lead'))}</th></tr></thead><tbody>${rows}</tbody></table>`}`;
    return layout(state, url, t('projects'), body);
  }

  async function projectPage(state: PageState, url: URL, projectKey: string, formError: string | null = null): Promise<{ status: number; html: string }> {
    const t = (key: HostStringKey, vars?: Record<string, string>): string => hostT(state.lang, key, vars);
    const project = await jira(state, 'GET', `/rest/api/3/project/${encodeURIComponent(projectKey)}`);
    if (project.status >= 400 || !isRecord(project.body)) {
      return { status: project.status, html: layout(state, url, t('notFound'), `<h1>${escapeHtml(t('notFound'))}</h1>${messageBox('error', t('error'), jiraErrorText(project.body), 'jira-error')}`) };
    }
    const p = project.body;
    const search = await jira(state, 'POST', '/rest/api/3/search/jql', {
      jql: `project = "${projectKey}" ORDER BY created DESC`,
      fields: ['summary', 'status', 'issuetype', 'assignee', 'parent'],
      maxResults: 100,
    });
    const issues = isRecord(search.body) && Array.isArray(search.body.issues) ? search.body.issues.filter(isRecord) : [];
    const rows = issues
      .map((issue) => {
        const f = isRecord(issue.fields) ? issue.fields : {};
        const type = isRecord(f.issuetype) ? str(f.issuetype.name) : '';
        const status = isRecord(f.status) ? str(f.status.name) : '';
        const assignee = isRecord(f.assignee) ? str(f.assignee.displayName) : t('unassigned');
        const parent = isRecord(f.parent) ? str(f.parent.key) : '';
        return `<tr data-testid="issue-row" data-key="${escapeHtml(issue.key)}"><td><a href="${escapeHtml(link(state, `/browse/${str(issue.key)}`))}">${escapeHtml(issue.key)}</a></td><td>${escapeHtml(type)}</td><td>${escapeHtml(f.summary)}</td><td>${escapeHtml(status)}</td><td>${escapeHtml(assignee)}</td><td>${escapeHtml(parent)}</td></tr>`;
      })
      .join('');
    const body = `<h1>${escapeHtml(p.name)} (${escapeHtml(p.key)})</h1>
<p><a href="${escapeHtml(link(state, SETTINGS_PATH(str(p.key))))}">${escapeHtml(t('projectSettings'))} › ${escapeHtml(t('apps'))}</a></p>
<section aria-labelledby="create-epic-title" class="card">
  <h2 id="create-epic-title">${escapeHtml(t('createEpic'))}</h2>
  ${formError ? messageBox('error', t('error'), formError, 'create-error') : ''}
  <form method="post" action="${escapeHtml(link(state, `/projects/${str(p.key)}/epics`))}" data-testid="create-epic">
    <div class="field"><label for="epic-summary">${escapeHtml(t('summary'))} (${escapeHtml(t('required'))})</label><input id="epic-summary" name="summary" type="text" required maxlength="255"></div>
    <div class="field"><label for="epic-labels">${escapeHtml(t('labels'))}</label><input id="epic-labels" name="labels" type="text" aria-describedby="epic-labels-help"><span id="epic-labels-help" class="meta">${escapeHtml(t('labelsHelp'))}</span></div>
    <button type="submit" class="btn btn-primary">${escapeHtml(t('create'))}</button>
  </form>
</section>
<section aria-labelledby="issues-title">
  <h2 id="issues-title">${escapeHtml(t('issues'))}</h2>
  ${search.status >= 400 ? messageBox('error', t('error'), jiraErrorText(search.body), 'jira-error') : ''}
  ${issues.length === 0 ? `<p>${escapeHtml(t('noIssues'))}</p>` : `<table data-testid="issues"><thead><tr><th scope="col">${escapeHtml(t('key'))}</th><th scope="col">${escapeHtml(t('type'))}</th><th scope="col">${escapeHtml(t('summary'))}</th><th scope="col">${escapeHtml(t('status'))}</th><th scope="col">${escapeHtml(t('assignee'))}</th><th scope="col">${escapeHtml(t('parent'))}</th></tr></thead><tbody>${rows}</tbody></table>`}
</section>`;
    return { status: formError ? 400 : 200, html: layout(state, url, str(p.name), body) };
  }

  async function createEpic(state: PageState, url: URL, projectKey: string, form: URLSearchParams): Promise<{ redirect?: string; status?: number; html?: string }> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const summary = (form.get('summary') ?? '').trim();
    if (!summary) {
      const page = await projectPage(state, url, projectKey, t('summaryRequired'));
      return { status: 400, html: page.html };
    }
    const project = await jira(state, 'GET', `/rest/api/3/project/${encodeURIComponent(projectKey)}`);
    const types = isRecord(project.body) && Array.isArray(project.body.issueTypes) ? project.body.issueTypes.filter(isRecord) : [];
    const epicType = types.find((type) => type.hierarchyLevel === 1) ?? types.find((type) => type.name === 'Epic');
    const labels = (form.get('labels') ?? '').split(/\s+/).filter(Boolean);
    const created = await jira(state, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: projectKey },
        issuetype: { id: str(epicType?.id ?? '10000') },
        summary,
        ...(labels.length > 0 ? { labels } : {}),
      },
    });
    if (created.status >= 400 || !isRecord(created.body)) {
      const page = await projectPage(state, url, projectKey, jiraErrorText(created.body));
      return { status: created.status, html: page.html };
    }
    return { redirect: link(state, `/browse/${str(created.body.key)}`, { flash: `created:${str(created.body.key)}` }) };
  }

  async function issuePage(state: PageState, url: URL, key: string, transitionError: string | null = null): Promise<{ status: number; html: string }> {
    const t = (k: HostStringKey, vars?: Record<string, string>): string => hostT(state.lang, k, vars);
    const answer = await jira(state, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,status,issuetype,assignee,parent,labels,description,project,updated&expand=transitions`);
    if (answer.status >= 400 || !isRecord(answer.body)) {
      return { status: answer.status, html: layout(state, url, t('notFound'), `<h1>${escapeHtml(t('notFound'))}: ${escapeHtml(key)}</h1>${messageBox('error', t('error'), jiraErrorText(answer.body), 'jira-error')}`) };
    }
    const issue = answer.body;
    const f = isRecord(issue.fields) ? issue.fields : {};
    const type = isRecord(f.issuetype) ? f.issuetype : {};
    const status = isRecord(f.status) ? f.status : {};
    const project = isRecord(f.project) ? f.project : {};
    const parent = isRecord(f.parent) ? f.parent : null;
    const isEpic = Number(type.hierarchyLevel) === 1 || type.name === 'Epic';
    const transitions = Array.isArray(issue.transitions) ? issue.transitions.filter(isRecord) : [];
    const children = await jira(state, 'POST', '/rest/api/3/search/jql', {
      jql: `parent = "${str(issue.key)}" ORDER BY key ASC`,
      fields: ['summary', 'status', 'issuetype', 'assignee', 'labels'],
      maxResults: 100,
    });
    const childIssues = isRecord(children.body) && Array.isArray(children.body.issues) ? children.body.issues.filter(isRecord) : [];
    const flash = url.searchParams.get('flash');
    let flashHtml = '';
    if (flash?.startsWith('created:')) flashHtml = messageBox('success', t('created', { key: flash.slice(8) }), '', 'flash');
    else if (flash?.startsWith('moved:')) flashHtml = messageBox('success', t('transitionDone', { status: flash.slice(6) }), '', 'flash');
    const description = adfText(f.description).trim();
    const childRows = childIssues
      .map((c) => {
        const cf = isRecord(c.fields) ? c.fields : {};
        return `<tr data-testid="child-row" data-key="${escapeHtml(c.key)}"><td><a href="${escapeHtml(link(state, `/browse/${str(c.key)}`))}">${escapeHtml(c.key)}</a></td><td>${escapeHtml(cf.summary)}</td><td>${escapeHtml(isRecord(cf.status) ? cf.status.name : '')}</td><td>${escapeHtml(isRecord(cf.assignee) ? cf.assignee.displayName : t('unassigned'))}</td><td>${escapeHtml(Array.isArray(cf.labels) ? cf.labels.join(' ') : '')}</td></tr>`;
      })
      .join('');
    const transitionForms = transitions
      .map(
        (tr) => `<form method="post" action="${escapeHtml(link(state, `/browse/${str(issue.key)}/transitions`))}" class="inline"><input type="hidden" name="transition" value="${escapeHtml(tr.id)}"><button type="submit" class="btn" data-testid="transition" data-transition="${escapeHtml(tr.id)}">${escapeHtml(tr.name)}</button></form>`,
      )
      .join(' ');
    let panel = '';
    if (isEpic && panelModule) {
      const src = frameUrl(state, panelModule, {
        frameId: `panel-${str(issue.key)}`,
        issueId: str(issue.id),
        issueKey: str(issue.key),
        issueType: str(type.name),
        issueTypeId: str(type.id),
        projectId: str(project.id),
        projectKey: str(project.key),
        projectType: str(project.projectTypeKey) || 'software',
      });
      panel = `<section aria-labelledby="app-panel-title" class="card">
  <h2 id="app-panel-title">${escapeHtml(t('appPanel'))}</h2>
  <iframe data-forge-frame="panel-${escapeHtml(issue.key)}" data-testid="panel-frame" title="${escapeHtml(t('appPanel'))}" src="${escapeHtml(src)}" class="forge-frame" sandbox="allow-scripts allow-same-origin allow-forms allow-downloads allow-popups allow-modals"></iframe>
</section>`;
    }
    const body = `<nav aria-label="breadcrumbs" class="meta"><a href="${escapeHtml(link(state, `/projects/${str(project.key)}`))}">${escapeHtml(project.name)}</a>${parent ? ` / <a href="${escapeHtml(link(state, `/browse/${str(parent.key)}`))}">${escapeHtml(parent.key)}</a>` : ''} / ${escapeHtml(issue.key)}</nav>
<h1 data-testid="issue-title">${escapeHtml(issue.key)}: ${escapeHtml(f.summary)}</h1>
${flashHtml}
${transitionError ? messageBox('error', t('transitionFailed'), transitionError, 'transition-error') : ''}
<section aria-labelledby="details-title" class="card">
  <h2 id="details-title">${escapeHtml(t('details'))}</h2>
  <dl class="fields">
    <dt>${escapeHtml(t('type'))}</dt><dd>${escapeHtml(type.name)}</dd>
    <dt>${escapeHtml(t('status'))}</dt><dd data-testid="issue-status">${escapeHtml(status.name)}</dd>
    <dt>${escapeHtml(t('assignee'))}</dt><dd>${escapeHtml(isRecord(f.assignee) ? f.assignee.displayName : t('unassigned'))}</dd>
    <dt>${escapeHtml(t('labels'))}</dt><dd>${escapeHtml(Array.isArray(f.labels) ? f.labels.join(' ') : '')}</dd>
    ${parent ? `<dt>${escapeHtml(t('parent'))}</dt><dd><a href="${escapeHtml(link(state, `/browse/${str(parent.key)}`))}">${escapeHtml(parent.key)}</a></dd>` : ''}
  </dl>
  ${description ? `<pre class="description">${escapeHtml(description)}</pre>` : ''}
  ${transitions.length > 0 ? `<div class="transitions" role="group" aria-label="${escapeHtml(t('transitions'))}"><span>${escapeHtml(t('transitions'))}:</span> ${transitionForms}</div>` : ''}
</section>
${panel}
${isEpic || childIssues.length > 0 ? `<section aria-labelledby="children-title" class="card">
  <h2 id="children-title">${escapeHtml(t('children'))} (${childIssues.length})</h2>
  ${childIssues.length === 0 ? `<p>${escapeHtml(t('noChildren'))}</p>` : `<table data-testid="children"><thead><tr><th scope="col">${escapeHtml(t('key'))}</th><th scope="col">${escapeHtml(t('summary'))}</th><th scope="col">${escapeHtml(t('status'))}</th><th scope="col">${escapeHtml(t('assignee'))}</th><th scope="col">${escapeHtml(t('labels'))}</th></tr></thead><tbody>${childRows}</tbody></table>`}
</section>` : ''}`;
    const watch = isEpic ? { watchIssue: { key: str(issue.key), id: str(issue.id), projectId: str(project.id) } } : {};
    return { status: transitionError ? 400 : 200, html: layout(state, url, `${str(issue.key)} ${str(f.summary)}`, body, watch) };
  }

  async function transition(state: PageState, url: URL, key: string, form: URLSearchParams): Promise<{ redirect?: string; status?: number; html?: string }> {
    const id = form.get('transition') ?? '';
    const answer = await jira(state, 'POST', `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, { transition: { id } });
    if (answer.status >= 400) {
      const page = await issuePage(state, url, key, jiraErrorText(answer.body));
      return { status: page.status, html: page.html };
    }
    const after = await jira(state, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=status`);
    const statusName = isRecord(after.body) && isRecord(after.body.fields) && isRecord(after.body.fields.status) ? str(after.body.fields.status.name) : '';
    return { redirect: link(state, `/browse/${key}`, { flash: `moved:${statusName}` }) };
  }

  async function settingsPage(state: PageState, url: URL, projectKey: string): Promise<{ status: number; html: string }> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const project = await jira(state, 'GET', `/rest/api/3/project/${encodeURIComponent(projectKey)}`);
    if (project.status >= 400 || !isRecord(project.body) || !settingsModule) {
      return { status: project.status >= 400 ? project.status : 404, html: layout(state, url, t('notFound'), `<h1>${escapeHtml(t('notFound'))}</h1>${messageBox('error', t('error'), jiraErrorText(project.body), 'jira-error')}`) };
    }
    const p = project.body;
    const src = frameUrl(state, settingsModule, { frameId: `settings-${str(p.key)}`, projectId: str(p.id), projectKey: str(p.key), projectType: 'software' });
    const body = `<nav aria-label="breadcrumbs" class="meta"><a href="${escapeHtml(link(state, `/projects/${str(p.key)}`))}">${escapeHtml(p.name)}</a> / ${escapeHtml(t('projectSettings'))} / ${escapeHtml(t('apps'))}</nav>
<h1>${escapeHtml(t('projectSettings'))}: ${escapeHtml(p.name)}</h1>
<iframe data-forge-frame="settings-${escapeHtml(p.key)}" data-testid="settings-frame" title="${escapeHtml(t('projectSettings'))}" src="${escapeHtml(src)}" class="forge-frame" sandbox="allow-scripts allow-same-origin allow-forms allow-downloads allow-popups allow-modals"></iframe>`;
    return { status: 200, html: layout(state, url, t('projectSettings'), body) };
  }

  // ---- bridge host ------------------------------------------------------------------------------
  interface FrameContext {
    module: ModuleInfo;
    user: User;
    locale: HostLocale;
    theme: Theme;
    frameId: string;
    extension: Record<string, unknown>;
  }

  function frameContext(query: string): FrameContext {
    const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
    const module = manifest.modules.find((m) => m.moduleKey === params.get('module'));
    if (!module) throw new HttpError(400, `Unknown module "${params.get('module') ?? ''}"`);
    const user = sandbox.emulator.users.byEmail(params.get('as') ?? defaultEmail);
    if (!user || user.accountType === 'app') throw new HttpError(403, `Unknown user "${params.get('as') ?? ''}"`);
    const localeParam = params.get('locale') ?? '';
    const locale: HostLocale = (LOCALES as readonly string[]).includes(localeParam) ? (localeParam as HostLocale) : 'fi-FI';
    const theme: Theme = params.get('theme') === 'dark' ? 'dark' : 'light';
    const extension: Record<string, unknown> = { type: module.type };
    if (params.get('issueKey')) {
      extension.issue = { id: params.get('issueId') ?? '', key: params.get('issueKey') ?? '', type: params.get('issueType') ?? '', typeId: params.get('issueTypeId') ?? '' };
      extension.isNewToIssue = false;
    }
    if (params.get('projectKey')) extension.project = { id: params.get('projectId') ?? '', key: params.get('projectKey') ?? '', type: params.get('projectType') ?? 'software' };
    return { module, user, locale, theme, frameId: params.get('frameId') ?? module.moduleKey, extension };
  }

  function forgeContext(frame: FrameContext): Record<string, unknown> {
    const localId = `ari:cloud:ecosystem::extension/${APP_ID}/${ENVIRONMENT_ID}/static/${frame.module.moduleKey}`;
    return {
      accountId: frame.user.accountId,
      accountType: 'licensed',
      cloudId: CLOUD_ID,
      workspaceId: CLOUD_ID,
      siteUrl: sandbox.url,
      localId,
      moduleKey: frame.module.moduleKey,
      environmentId: ENVIRONMENT_ID,
      environmentType: 'DEVELOPMENT',
      locale: frame.locale,
      timezone: frame.user.timeZone || 'Europe/Helsinki',
      theme: { colorMode: frame.theme },
      extension: frame.extension,
    };
  }

  function serveResourceFile(res: ServerResponse, resourceDir: string, rel: string, url: URL): boolean {
    const target = path.resolve(resourceDir, rel);
    if (!target.startsWith(path.resolve(resourceDir) + path.sep)) throw new HttpError(403, 'Outside the resource');
    if (!existsSync(target) || !statSync(target).isFile()) {
      if (rel === 'index.html') {
        send(res, 503, 'text/plain; charset=utf-8', `The Custom UI is not built (${resourceDir}). Run: npm run build:ui`);
        return true;
      }
      throw new HttpError(404, `No such file: ${rel}`);
    }
    if (rel === 'index.html') {
      const frame = frameContext(url.search);
      const injected = `<script>window.__FORGE_FRAME__ = ${scriptJson({ context: forgeContext(frame), query: url.search, frameId: frame.frameId })};</script>
<script src="/__forge/__bridge.js"></script>
<link rel="stylesheet" href="/__forge/__tokens.css">`;
      const html = readFileSync(target, 'utf8')
        .replace(/<html([^>]*)\slang="[^"]*"/, `<html$1 lang="${frame.locale.slice(0, 2)}"`)
        .replace(/<html([^>]*)>/, `<html$1 data-color-mode="${frame.theme}" data-theme="${THEME_ATTR}">`)
        .replace(/<head>/i, `<head>\n${injected}`);
      send(res, 200, MIME['.html'] ?? 'text/html', html);
      return true;
    }
    send(res, 200, MIME[path.extname(target)] ?? 'application/octet-stream', readFileSync(target), { 'cache-control': 'no-cache' });
    return true;
  }

  function serveForge(res: ServerResponse, url: URL): boolean {
    const rest = url.pathname.slice('/__forge/'.length);
    if (rest === '__tokens.css') {
      tokensCss ??= loadTokensCss(rootDir);
      send(res, 200, 'text/css; charset=utf-8', tokensCss, { 'cache-control': 'max-age=3600' });
      return true;
    }
    if (rest === '__bridge.js') {
      send(res, 200, 'text/javascript; charset=utf-8', BRIDGE_CLIENT_JS);
      return true;
    }
    const slash = rest.indexOf('/');
    const resourceKey = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const rel = slash < 0 ? 'index.html' : decodeURIComponent(rest.slice(slash + 1)) || 'index.html';
    const resourceDir = manifest.resources.get(resourceKey);
    if (!resourceDir) throw new HttpError(404, `No resource "${resourceKey}" in manifest.yml`);
    if (rel.startsWith('__LOCALES__/')) {
      const name = rel.slice('__LOCALES__/'.length);
      if (name === 'i18n-info.json') {
        sendJsonResponse(res, 200, { config: { locales: manifest.translations.locales, fallback: { default: manifest.translations.fallback } } });
        return true;
      }
      const locale = name.replace(/\.json$/, '');
      if (!manifest.translations.locales.includes(locale)) throw new HttpError(404, `No translation resource ${locale}`);
      send(res, 200, 'application/json; charset=utf-8', readFileSync(path.join(rootDir, 'locales', `${locale}.json`)));
      return true;
    }
    return serveResourceFile(res, resourceDir, rel, url);
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    if (!isRecord(body)) throw new HttpError(400, 'Expected a JSON object');
    const frame = frameContext(str(body.frame));
    const resolverName = str(body.functionKey);
    if (!resolverName) throw new HttpError(400, 'functionKey is required');
    try {
      const answer = await sandbox.harness.invokeResolver(frame.module.functionKey, resolverName, body.payload ?? {}, {
        accountId: frame.user.accountId,
        moduleKey: frame.module.moduleKey,
        extension: frame.extension,
        locale: frame.locale,
        timezone: frame.user.timeZone || 'Europe/Helsinki',
        theme: frame.theme,
      });
      sendJsonResponse(res, 200, { body: answer ?? null });
    } catch (e) {
      // What Forge's bridge does when the function fails: the UI's invoke() rejects.
      sendJsonResponse(res, 500, { message: e instanceof Error ? e.message : String(e) });
    }
  }

  async function handleProduct(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    if (!isRecord(body)) throw new HttpError(400, 'Expected a JSON object');
    const frame = frameContext(str(body.frame));
    if (body.product !== 'jira') throw new HttpError(400, `Product "${str(body.product)}" is not available in the sandbox`);
    const restPath = str(body.restPath);
    if (!restPath.startsWith('/rest/')) throw new HttpError(400, 'restPath must start with /rest/');
    const init = isRecord(body.init) ? body.init : {};
    const headers = new Headers();
    if (Array.isArray(init.headers)) for (const pair of init.headers) if (Array.isArray(pair) && pair.length === 2) headers.set(str(pair[0]), str(pair[1]));
    headers.delete('authorization');
    headers.delete('x-sandbox-actor');
    headers.set('authorization', `Basic ${Buffer.from(`${frame.user.emailAddress ?? ''}:sandbox`).toString('base64')}`);
    const method = str(init.method) || 'GET';
    const response = await fetch(`${sandbox.url}${restPath}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : str(init.body) || undefined });
    const text = await response.text();
    sendJsonResponse(res, 200, { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers.entries()), body: text, isAttachment: false });
  }

  async function issueStamp(res: ServerResponse, url: URL): Promise<void> {
    const state = pageState(url);
    const key = url.searchParams.get('key') ?? '';
    if (!/^[A-Z][A-Z0-9]*-\d+$/.test(key)) throw new HttpError(400, 'Bad issue key');
    const answer = await jira(state, 'POST', '/rest/api/3/search/jql', { jql: `key = "${key}" OR parent = "${key}"`, fields: ['updated', 'status', 'assignee'], maxResults: 100 });
    const issues = isRecord(answer.body) && Array.isArray(answer.body.issues) ? answer.body.issues.filter(isRecord) : [];
    const parts = issues
      .map((i) => {
        const f = isRecord(i.fields) ? i.fields : {};
        return `${str(i.key)}:${str(f.updated)}:${isRecord(f.status) ? str(f.status.id) : ''}:${isRecord(f.assignee) ? str(f.assignee.accountId) : ''}`;
      })
      .sort();
    sendJsonResponse(res, answer.status >= 400 ? answer.status : 200, { stamp: `${issues.length}|${parts.join('|')}` });
  }

  // ---- dispatch ---------------------------------------------------------------------------------
  async function respond(res: ServerResponse, result: { redirect?: string; status?: number; html?: string }): Promise<void> {
    if (result.redirect) redirect(res, result.redirect);
    else send(res, result.status ?? 200, 'text/html; charset=utf-8', result.html ?? '');
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const p = url.pathname;
    try {
      if (p.startsWith('/__forge/') && method === 'GET') return serveForge(res, url);
      if (p === '/__host/host.js' && method === 'GET') {
        send(res, 200, 'text/javascript; charset=utf-8', HOST_PAGE_JS);
        return true;
      }
      if (p === '/__host/host.css' && method === 'GET') {
        send(res, 200, 'text/css; charset=utf-8', HOST_CSS);
        return true;
      }
      if (p === '/__sandbox/invoke' && method === 'POST') {
        await handleInvoke(req, res);
        return true;
      }
      if (p === '/__sandbox/product' && method === 'POST') {
        await handleProduct(req, res);
        return true;
      }
      if (p === '/__sandbox/host/issue-stamp' && method === 'GET') {
        await issueStamp(res, url);
        return true;
      }
      if (p === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return true;
      }
      if (p === '/' && method === 'GET') {
        const state = pageState(url);
        send(res, 200, 'text/html; charset=utf-8', await projectsPage(state, url));
        return true;
      }
      let m = /^\/projects\/([A-Za-z][A-Za-z0-9]*)\/?$/.exec(p);
      if (m && method === 'GET') {
        const page = await projectPage(pageState(url), url, (m[1] ?? '').toUpperCase());
        send(res, page.status, 'text/html; charset=utf-8', page.html);
        return true;
      }
      m = /^\/projects\/([A-Za-z][A-Za-z0-9]*)\/epics$/.exec(p);
      if (m && method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        await respond(res, await createEpic(pageState(url), url, (m[1] ?? '').toUpperCase(), form));
        return true;
      }
      m = /^\/browse\/([A-Za-z][A-Za-z0-9]*-\d+)$/.exec(p);
      if (m && method === 'GET') {
        const page = await issuePage(pageState(url), url, (m[1] ?? '').toUpperCase());
        send(res, page.status, 'text/html; charset=utf-8', page.html);
        return true;
      }
      m = /^\/browse\/([A-Za-z][A-Za-z0-9]*-\d+)\/transitions$/.exec(p);
      if (m && method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        await respond(res, await transition(pageState(url), url, (m[1] ?? '').toUpperCase(), form));
        return true;
      }
      m = /^\/(?:plugins\/servlet\/project-config|projects)\/([A-Za-z][A-Za-z0-9]*)\/(?:apps|settings\/apps)\/kayttoonotto\/?$/.exec(p);
      if (m && method === 'GET') {
        const page = await settingsPage(pageState(url), url, (m[1] ?? '').toUpperCase());
        send(res, page.status, 'text/html; charset=utf-8', page.html);
        return true;
      }
      return false;
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      if (!(e instanceof HttpError)) console.error('[sandbox host]', e);
      if (!res.headersSent) {
        if (p.startsWith('/__sandbox/')) sendJsonResponse(res, status, { message: e instanceof Error ? e.message : String(e) });
        else send(res, status, 'text/plain; charset=utf-8', e instanceof Error ? e.message : String(e));
      } else res.end();
      return true;
    }
  };
}

const HOST_CSS = `
html, body { margin: 0; background: var(--ds-surface, #fff); color: var(--ds-text, #172b4d); font: var(--ds-font-body, 14px/20px system-ui, sans-serif); }
a { color: var(--ds-link, #0c66e4); }
:focus-visible { outline: 2px solid var(--ds-border-focused, #388bff); outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; background: var(--ds-surface-overlay, #fff); padding: 8px; }
.skip:focus { left: 8px; z-index: 100; }
.top { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--ds-border, #091e4224); background: var(--ds-surface-sunken, #f7f8f9); }
.brand { font-weight: 700; text-decoration: none; color: var(--ds-text, #172b4d); }
.switcher { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-left: auto; }
.switcher label { display: flex; gap: 4px; align-items: center; color: var(--ds-text-subtle, #44546f); }
main { padding: 16px; max-width: 1100px; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 8px 0 16px; }
h2 { font-size: 1.15rem; margin: 0 0 8px; }
.card { border: 1px solid var(--ds-border, #091e4224); border-radius: 4px; padding: 12px; margin: 0 0 16px; background: var(--ds-surface, #fff); }
.meta { color: var(--ds-text-subtle, #44546f); font-size: 0.8125rem; }
footer { padding: 8px 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; border-bottom: 1px solid var(--ds-border, #091e4224); padding: 4px 8px; vertical-align: top; }
th { color: var(--ds-text-subtle, #44546f); }
.field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 8px; max-width: 32rem; }
label { font-weight: 600; }
input[type=text], select { font: inherit; color: var(--ds-text, #172b4d); background: var(--ds-background-input, #fff); border: 1px solid var(--ds-border-input, #8590a2); border-radius: 3px; padding: 4px 6px; }
.btn { font: inherit; font-weight: 500; border: 0; border-radius: 3px; padding: 6px 12px; cursor: pointer; background: var(--ds-background-neutral, #091e420f); color: var(--ds-text, #172b4d); }
.btn:hover { background: var(--ds-background-neutral-hovered, #091e4224); }
.btn-primary { background: var(--ds-background-brand-bold, #0c66e4); color: var(--ds-text-inverse, #fff); }
form.inline { display: inline; }
.transitions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 8px; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 8px; }
dt { color: var(--ds-text-subtle, #44546f); }
dd { margin: 0; }
pre.description, pre.verbatim { white-space: pre-wrap; font: inherit; margin: 4px 0 0; }
.message { border-radius: 3px; padding: 12px; margin: 0 0 16px; background: var(--ds-background-information, #e9f2ff); }
.message-error { background: var(--ds-background-danger, #ffeceb); }
.message-success { background: var(--ds-background-success, #dcfff1); }
.message-warning { background: var(--ds-background-warning, #fff7d6); }
.forge-frame { width: 100%; min-height: 300px; border: 0; display: block; background: var(--ds-surface, #fff); }
.flags { position: fixed; right: 16px; bottom: 16px; z-index: 50; max-width: 24rem; }
.flags ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.flag { background: var(--ds-surface-overlay, #fff); color: var(--ds-text, #172b4d); box-shadow: var(--ds-shadow-overlay, 0 4px 8px #091e4240); border-radius: 4px; padding: 12px; border-left: 4px solid var(--ds-border-information, #1d7afc); }
.flag-success { border-left-color: var(--ds-border-success, #22a06b); }
.flag-error { border-left-color: var(--ds-border-danger, #e2483d); }
.flag-warning { border-left-color: var(--ds-border-warning, #e56910); }
.flag p { margin: 4px 0; }
`;
