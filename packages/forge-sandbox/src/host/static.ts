/**
 * Static serving: the app's Custom UI resources (with the bridge injected into index.html), the
 * translation resources, the design tokens, and the host's own browser scripts and CSS
 * (sandbox/host/browser/*, TypeScript bundled with esbuild on first use).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { buildSync } from 'esbuild';
import type { Bridge } from './bridge';
import { THEME_ATTR, type HostContext } from './context';
import { HttpError, MIME, scriptJson, send, sendJsonResponse } from './http';

const BROWSER_DIR = path.join(__dirname, 'browser');

/** Bundles a browser entry (sandbox/host/browser/<name>.ts) into one classic script. */
export function bundleBrowserScript(name: 'bridge-client' | 'host-page'): string {
  const result = buildSync({
    entryPoints: [path.join(BROWSER_DIR, `${name}.ts`)],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild produced nothing for ${name}.ts`);
  return out.text;
}

/** Atlassian design tokens for both colour modes (the host supplies them, as Jira does for Custom UI): the package's own copy. */
function loadTokensCss(): string {
  const require = createRequire(__filename);
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

export function createStatic(ctx: HostContext, bridge: Bridge) {
  const { manifest } = ctx;
  const { frameContext, forgeContext } = bridge;
  let tokensCss: string | null = null;
  const scripts = new Map<string, string>();
  let hostCss: string | null = null;

  function script(name: 'bridge-client' | 'host-page'): string {
    let js = scripts.get(name);
    if (js === undefined) {
      js = bundleBrowserScript(name);
      scripts.set(name, js);
    }
    return js;
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
      tokensCss ??= loadTokensCss();
      send(res, 200, 'text/css; charset=utf-8', tokensCss, { 'cache-control': 'max-age=3600' });
      return true;
    }
    if (rest === '__bridge.js') {
      send(res, 200, 'text/javascript; charset=utf-8', script('bridge-client'));
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
        sendJsonResponse(res, 200, {
          config: { locales: manifest.translations.locales, fallback: { default: manifest.translations.fallback } },
        });
        return true;
      }
      const locale = name.replace(/\.json$/, '');
      const file = manifest.translations.locales.includes(locale) ? manifest.translations.files?.[locale] : undefined;
      if (!file) throw new HttpError(404, `No translation resource ${locale}`);
      send(res, 200, 'application/json; charset=utf-8', readFileSync(file));
      return true;
    }
    return serveResourceFile(res, resourceDir, rel, url);
  }

  function serveHostAsset(res: ServerResponse, pathname: string): boolean {
    if (pathname === '/__host/host.js') {
      send(res, 200, 'text/javascript; charset=utf-8', script('host-page'));
      return true;
    }
    if (pathname === '/__host/host.css') {
      hostCss ??= readFileSync(path.join(BROWSER_DIR, 'host.css'), 'utf8');
      send(res, 200, 'text/css; charset=utf-8', hostCss);
      return true;
    }
    return false;
  }

  return { serveForge, serveHostAsset };
}
