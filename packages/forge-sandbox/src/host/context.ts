/** What the host's pages, bridge and static serving share: options, the app's manifest, the acting user, REST as that user. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { User } from '../jira/types';
import { HttpError, isRecord, str } from './http';
import type { HostLang } from './strings';
import { defaultAppDir } from '../app-dir';

export interface HostSandbox {
  /** Base URL of the sandbox server (read at request time). */
  readonly url: string;
  emulator: { users: { byEmail(email: string): User | undefined; byAccountId(id: string): User | undefined; all(): User[] } };
  harness: {
    invokeResolver(
      functionKey: string,
      resolverName: string,
      payload: unknown,
      ctx: {
        accountId: string | null;
        moduleKey: string;
        extension: Record<string, unknown>;
        locale?: string;
        timezone?: string;
        theme?: string;
        localId?: string;
      },
    ): Promise<unknown>;
  };
}

export interface HostOptions {
  sandbox: HostSandbox;
  /** The app's folder (manifest.yml and the resources it names); default: app-dir.ts. */
  rootDir?: string;
  /** Who acts when `as` is missing; default the project manager. */
  defaultEmail?: string;
  /** How often the issue view checks the epic and its children for changes (ms); 0 = never. */
  pollMs?: number;
}

export type HostHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export const DEFAULT_ACTOR_EMAIL = 'hankepaallikko@sandbox.test';
export const SETTINGS_PATH = (projectKey: string): string => `/plugins/servlet/project-config/${projectKey}/apps/kayttoonotto`;
export const LOCALES = ['fi-FI', 'sv-SE', 'en-US'] as const;
export type HostLocale = (typeof LOCALES)[number];
export type Theme = 'light' | 'dark';
export const APP_ID = '00000000-0000-4000-8000-000000000000';
export const ENVIRONMENT_ID = '00000000-0000-4000-8000-0000000000e1';
export const CLOUD_ID = '00000000-0000-4000-8000-00000000c10d';
export { THEME_ATTR } from './browser/protocol';

export interface ModuleInfo {
  moduleKey: string;
  type: string;
  resource: string;
  functionKey: string;
  /** The module's `displayConditions` as written in the manifest. */
  displayConditions?: unknown;
  /** The module's `title` as written in the manifest (a string, or `{ i18n: <key> }`). */
  title?: unknown;
}

/**
 * Evaluates the subset of Jira display conditions the host knows (docs: manifest-reference/display-conditions):
 * `issueType` (the type's NAME, as Jira compares it), `and`, `or`, `not`. Other conditions count as met.
 */
export function displayConditionsMet(conditions: unknown, issue: { issueTypeName: string }): boolean {
  if (!isRecord(conditions)) return true;
  return Object.entries(conditions).every(([key, value]) => {
    if (key === 'issueType') return str(value) === issue.issueTypeName;
    if (key === 'not') return !displayConditionsMet(value, issue);
    if (key === 'and') return displayConditionsMet(value, issue);
    if (key === 'or') return isRecord(value) ? Object.entries(value).some(([k, v]) => displayConditionsMet({ [k]: v }, issue)) : true;
    return true;
  });
}

export interface PageState {
  user: User;
  email: string;
  locale: HostLocale;
  lang: HostLang;
  theme: Theme;
  warning: string | null;
}

export interface AppManifest {
  modules: ModuleInfo[];
  resources: Map<string, string>;
  /** `files`: locale → the translation resource's file (the manifest's `translations.resources[].path`). */
  translations: { locales: string[]; fallback: string; files?: Record<string, string> };
  /** `permissions.external.fetch.client` addresses (links to these open without the "leaving" prompt). */
  fetchClient: string[];
}

/**
 * The sandbox attribute of a Custom UI iframe. Popups are blocked unless the app declares
 * `permissions.external.fetch.client` with `address: "*"`, which adds `allow-popups` and
 * `allow-popups-to-escape-sandbox` (docs: manifest-reference/permissions, "Popups").
 */
export function iframeSandbox(manifest: AppManifest): string {
  const base = 'allow-scripts allow-same-origin allow-forms allow-downloads allow-modals';
  return manifest.fetchClient.includes('*') ? `${base} allow-popups allow-popups-to-escape-sandbox` : base;
}

function loadModules(rootDir: string): AppManifest {
  const doc: unknown = parseYaml(readFileSync(path.join(rootDir, 'manifest.yml'), 'utf8'));
  if (!isRecord(doc)) throw new Error('manifest.yml is not a mapping');
  const modules: ModuleInfo[] = [];
  const moduleMap = isRecord(doc.modules) ? doc.modules : {};
  for (const [type, list] of Object.entries(moduleMap)) {
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      if (!isRecord(m) || typeof m.resource !== 'string' || !isRecord(m.resolver) || typeof m.resolver.function !== 'string') continue;
      modules.push({
        moduleKey: str(m.key),
        type,
        resource: m.resource,
        functionKey: m.resolver.function,
        displayConditions: m.displayConditions,
        title: m.title,
      });
    }
  }
  const resources = new Map<string, string>();
  for (const r of Array.isArray(doc.resources) ? doc.resources : []) {
    if (isRecord(r) && typeof r.key === 'string' && typeof r.path === 'string') resources.set(r.key, path.join(rootDir, r.path));
  }
  const translations = isRecord(doc.translations) ? doc.translations : {};
  const translationResources = (Array.isArray(translations.resources) ? translations.resources : []).filter(isRecord);
  const locales = translationResources.map((r) => str(r.key));
  const files = Object.fromEntries(translationResources.map((r) => [str(r.key), path.join(rootDir, str(r.path))]));
  const fallback = isRecord(translations.fallback) ? str(translations.fallback.default) : 'fi-FI';
  const permissions = isRecord(doc.permissions) ? doc.permissions : {};
  const external = isRecord(permissions.external) ? permissions.external : {};
  const fetch = isRecord(external.fetch) ? external.fetch : {};
  const client = Array.isArray(fetch.client) ? fetch.client : [];
  const fetchClient = client.map((c) => (isRecord(c) ? str(c.address) : str(c))).filter((a) => a !== '');
  return { modules, resources, translations: { locales, fallback: fallback || 'fi-FI', files }, fetchClient };
}

export interface JiraAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface HostContext {
  sandbox: HostSandbox;
  rootDir: string;
  defaultEmail: string;
  pollMs: number;
  manifest: AppManifest;
  panelModule: ModuleInfo | undefined;
  settingsModule: ModuleInfo | undefined;
  /** The app's jira:projectPage and jira:dashboardGadget modules. */
  projectPageModule: ModuleInfo | undefined;
  gadgetModule: ModuleInfo | undefined;
  /** Who acts on a page (query `as`, `locale`, `theme`). */
  pageState(url: URL): PageState;
  /** A link that keeps `as`, `locale` and `theme`. */
  link(state: PageState, pathname: string, extra?: Record<string, string>): string;
  /** Jira REST as the acting user (HTTP Basic against the emulator). */
  jira(state: PageState | User, method: string, restPath: string, body?: unknown): Promise<JiraAnswer>;
  jiraErrorText(body: unknown): string;
}

export function createHostContext(opts: HostOptions): HostContext {
  const rootDir = opts.rootDir ?? defaultAppDir();
  const { sandbox } = opts;
  const defaultEmail = opts.defaultEmail ?? DEFAULT_ACTOR_EMAIL;
  const pollMs = opts.pollMs ?? 3000;
  const manifest = loadModules(rootDir);
  const panelModule = manifest.modules.find((m) => m.type === 'jira:issuePanel');
  const settingsModule = manifest.modules.find((m) => m.type === 'jira:projectSettingsPage');
  const projectPageModule = manifest.modules.find((m) => m.type === 'jira:projectPage');
  const gadgetModule = manifest.modules.find((m) => m.type === 'jira:dashboardGadget');

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
    return {
      user,
      email: user.emailAddress ?? defaultEmail,
      locale,
      lang: locale === 'sv-SE' ? 'sv' : locale === 'en-US' ? 'en' : 'fi',
      theme,
      warning,
    };
  }

  function link(state: PageState, pathname: string, extra: Record<string, string> = {}): string {
    const params = new URLSearchParams({ as: state.email, locale: state.locale, theme: state.theme, ...extra });
    return `${pathname}?${params.toString()}`;
  }

  // ---- REST as the acting user ------------------------------------------------------------------
  async function jira(
    state: PageState | User,
    method: string,
    restPath: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const user = 'user' in state ? state.user : state;
    const auth = Buffer.from(`${user.emailAddress ?? ''}:sandbox`).toString('base64');
    const response = await fetch(`${sandbox.url}${restPath}`, {
      method,
      headers: {
        authorization: `Basic ${auth}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
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

  return {
    sandbox,
    rootDir,
    defaultEmail,
    pollMs,
    manifest,
    panelModule,
    settingsModule,
    projectPageModule,
    gadgetModule,
    pageState,
    link,
    jira,
    jiraErrorText,
  };
}
