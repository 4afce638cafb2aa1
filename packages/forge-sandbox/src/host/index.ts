/**
 * The sandbox's Jira-like host pages and the @forge/bridge host for the app's Custom UI.
 *
 *   const host = createHostHandler({ sandbox });   // sandbox = await createSandbox({ extraHandler })
 *
 * Pages (query `as=<seeded email>`, `locale=fi-FI|sv-SE|en-US`, `theme=light|dark`, kept across links):
 *   /                                   projects
 *   /projects/<KEY>                     work items + "create epic" form
 *   /browse/<KEY>                       work item view, children, transitions, the app's panel (epics; others on "Add")
 *   /plugins/servlet/project-config/<KEY>/apps/kayttoonotto   the app's project settings page
 *   /projects/<KEY>/kayttoonotto        the app's project page (deployments of the project)
 *   /dashboard                          a dashboard with the app's gadget (`edit=1`: its edit view)
 * Bridge host: /__forge/<resource>/... serves static/<app>/build with the bridge script and the
 * translation resources; POST /__sandbox/invoke and /__sandbox/product run on behalf of the frame's user.
 * Every page acts as the chosen seeded user through the emulator's REST API (HTTP Basic).
 * The sandbox binds to loopback (127.0.0.1) by default: these pages have no real authentication.
 *
 * Files: context.ts (options, manifest, acting user, REST as that user), pages.ts (the HTML pages; layout.ts their frame),
 * bridge.ts (frame context, invoke, requestJira), static.ts (resources, tokens, browser bundles),
 * browser/*.ts (the browser side: bridge-client in each iframe, host-page in the page; bundled by esbuild).
 */
import type { ServerResponse } from 'node:http';
import { createBridge } from './bridge';
import { createHostContext, type HostHandler, type HostOptions } from './context';
import { HttpError, redirect, send, sendJsonResponse, readBody } from './http';
import { createPages, type PageResult } from './pages';
import { createStatic } from './static';

export { DEFAULT_ACTOR_EMAIL, SETTINGS_PATH, type HostHandler, type HostOptions, type HostSandbox } from './context';
export { escapeHtml } from './http';

export function createHostHandler(opts: HostOptions): HostHandler {
  const ctx = createHostContext(opts);
  const { pageState } = ctx;
  const bridge = createBridge(ctx);
  const { handleInvoke, handleProduct, handleSubmit } = bridge;
  const { serveForge, serveHostAsset } = createStatic(ctx, bridge);
  const { projectsPage, projectPage, createEpic, issuePage, transition, settingsPage, issueStamp, deploymentsPage, dashboardPage } =
    createPages(ctx);

  // ---- dispatch ---------------------------------------------------------------------------------
  async function respond(res: ServerResponse, result: PageResult): Promise<void> {
    if (result.redirect) redirect(res, result.redirect);
    else send(res, result.status ?? 200, 'text/html; charset=utf-8', result.html ?? '');
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const p = url.pathname;
    let m0: RegExpExecArray | null;
    try {
      if (p.startsWith('/__forge/') && method === 'GET') return serveForge(res, url);
      if (p.startsWith('/__host/') && method === 'GET' && serveHostAsset(res, p)) return true;
      if (p === '/__sandbox/invoke' && method === 'POST') {
        await handleInvoke(req, res);
        return true;
      }
      if (p === '/__sandbox/submit' && method === 'POST') {
        await handleSubmit(req, res);
        return true;
      }
      m0 = /^\/projects\/([A-Za-z][A-Za-z0-9]*)\/kayttoonotto\/?$/.exec(p);
      if (m0 && method === 'GET') {
        const page = await deploymentsPage(pageState(url), url, (m0[1] ?? '').toUpperCase());
        send(res, page.status, 'text/html; charset=utf-8', page.html);
        return true;
      }
      if (p === '/dashboard' && method === 'GET') {
        const page = await dashboardPage(pageState(url), url);
        send(res, page.status, 'text/html; charset=utf-8', page.html);
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
