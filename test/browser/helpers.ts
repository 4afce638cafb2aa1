/** Shared setup of the browser tests: an in-process sandbox on port 0 and Debian's Chromium. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { createHostHandler, type HostHandler } from '@kayttoonotto/forge-sandbox/host';
import { ensureDemoSettings } from '../../dev/sandbox/demo';
import { needed, NEEDS } from '../needs';

export const CHROMIUM = NEEDS.chromium().path;
export const ROOT = path.resolve(__dirname, '..', '..');

/** Whether Chromium is there; a missing one fails the test file with one line, unless skipping was asked for (test/needs.ts). */
export function browserAvailable(): boolean {
  return needed(NEEDS.chromium());
}

export function uiBuilt(): boolean {
  return existsSync(path.join(ROOT, 'static/panel/build/index.html')) && existsSync(path.join(ROOT, 'static/settings/build/index.html'));
}

/**
 * A browser test file's `describe`: the real one when Chromium is there (then the UI must be built);
 * `describe.skip` only when it is missing and KAYTTOONOTTO_ALLOW_SKIP=1 (test/needs.ts), else the file
 * fails; its tests may take `timeoutMs` each (a sandbox and Chromium per file).
 */
export function browserDescribe(timeoutMs = 240_000): jest.Describe {
  const run = browserAvailable();
  if (run && !uiBuilt()) throw new Error('The Custom UI is not built: run `npm run build:ui` before the browser tests');
  jest.setTimeout(timeoutMs);
  return run ? describe : describe.skip;
}

export interface Env {
  sandbox: Sandbox;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function startEnv(): Promise<Env> {
  let host: HostHandler | null = null;
  const sandbox = await createSandbox({
    dbPath: ':memory:',
    port: 0,
    extraHandler: (req: IncomingMessage, res: ServerResponse) => (host ? host(req, res) : Promise.resolve(false)),
    harnessOptions: { triggerDelayMs: 0 },
  });
  host = createHostHandler({ sandbox, pollMs: 0 });
  await ensureDemoSettings(sandbox);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'kt-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  return {
    sandbox,
    context,
    async close() {
      await context.close().catch(() => undefined);
      await sandbox.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function pageUrl(sandbox: Sandbox, pathname: string, params: { as?: string; locale?: string; theme?: string } = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const q = search.toString();
  return `${sandbox.url}${pathname}${q ? `?${q}` : ''}`;
}

/** The panel's frame once its first complete render is on screen (or its error state). */
export async function panelFrame(page: Page, testId = 'panel-frame'): Promise<Frame> {
  const handle = await page.getByTestId(testId).elementHandle();
  if (!handle) throw new Error(`No iframe ${testId}`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`iframe ${testId} has no frame`);
  await frame
    .locator('[data-testid="panel"], [data-testid="settings"], [data-testid="error-message"]')
    .first()
    .waitFor({ timeout: 20_000 });
  return frame;
}

/** Creates an epic through the host's form as the page's user; returns its key. */
export async function createEpic(page: Page, sandbox: Sandbox, summary: string, as = 'hankepaallikko@sandbox.test'): Promise<string> {
  await page.goto(pageUrl(sandbox, '/projects/DEMO', { as }));
  await page.getByLabel(/Yhteenveto|Sammanfattning|Summary/).fill(summary);
  await Promise.all([page.waitForURL(/\/browse\/DEMO-\d+/), page.getByTestId('create-epic').getByRole('button').click()]);
  const match = /\/browse\/(DEMO-\d+)/.exec(page.url());
  if (!match?.[1]) throw new Error(`No issue key in ${page.url()}`);
  return match[1];
}

export interface IssueRef {
  id: string;
  key: string;
}

/** Reads an issue as the admin over the emulator's REST API. */
export async function restAsAdmin(
  sandbox: Sandbox,
  method: string,
  restPath: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}${restPath}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from('admin@sandbox.test:test').toString('base64')}`,
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Calls a panel resolver the way the panel iframe does (POST /__sandbox/invoke), as `email`. */
export async function invokePanelAs(
  sandbox: Sandbox,
  email: string,
  issue: IssueRef,
  name: string,
  payload: unknown,
): Promise<{ status: number; body: unknown }> {
  const frame = new URLSearchParams({
    module: 'phase-panel',
    as: email,
    locale: 'en-US',
    theme: 'light',
    issueId: issue.id,
    issueKey: issue.key,
    issueType: 'Epic',
    issueTypeId: '10000',
    projectId: '10000',
    projectKey: 'DEMO',
  });
  const response = await fetch(`${sandbox.url}/__sandbox/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ frame: `?${frame.toString()}`, functionKey: name, payload }),
  });
  const parsed = (await response.json()) as { body?: unknown; message?: string };
  return { status: response.status, body: parsed.body ?? parsed };
}

/** Opens one of the panel's folded sections (its toggle is `<testId>-toggle`), if it is closed. */
export async function unfold(frame: Frame, testId: string): Promise<void> {
  const toggle = frame.getByTestId(`${testId}-toggle`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** The panel of an issue, once its items are on screen. */
export async function openPanel(
  env: Env,
  page: Page,
  key: string,
  as: string,
  extra: { locale?: string; theme?: string } = {},
): Promise<Frame> {
  await page.goto(pageUrl(env.sandbox, `/browse/${key}`, { as, ...extra }));
  const frame = await panelFrame(page);
  await frame.getByTestId('items').waitFor();
  return frame;
}

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.1 A/AA violations on the page (frames included), one line each. */
export async function axeViolations(page: Page, skipRules: string[] = [], onlyRules: string[] = []): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG);
  if (onlyRules.length > 0) builder = builder.withRules(onlyRules);
  if (skipRules.length > 0) builder = builder.disableRules(skipRules);
  const results = await builder.analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}
