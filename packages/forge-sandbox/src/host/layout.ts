/** The host pages' frame: the Jira-like layout (header, user, language and theme switchers, flags), messages, app frames. */
import { LOCALES, THEME_ATTR, type HostContext, type ModuleInfo, type PageState } from './context';
import { escapeHtml, scriptJson } from './http';
import { hostT, type HostStringKey } from './strings';

export function createLayout(ctx: HostContext) {
  const { sandbox, pollMs, gadgetModule, link } = ctx;

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
  <nav aria-label="${escapeHtml(t('projects'))}"><a href="${escapeHtml(link(state, '/'))}">${escapeHtml(t('projects'))}</a>${gadgetModule ? ` <a href="${escapeHtml(link(state, '/dashboard'))}">${escapeHtml(t('dashboard'))}</a>` : ''}</nav>
  <form class="switcher" method="get" action="${escapeHtml(url.pathname)}" aria-label="${escapeHtml(t('switcher'))}">
    ${keep.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('')}
    <label>${escapeHtml(t('actAs'))}
      <select name="as" data-testid="switch-as">${users
        .map(
          (u) =>
            `<option value="${escapeHtml(u.emailAddress)}"${u.accountId === state.user.accountId ? ' selected' : ''}>${escapeHtml(u.displayName)} (${escapeHtml(u.emailAddress)})</option>`,
        )
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
<script>window.__HOST__ = ${scriptJson({ as: state.email, closeLabel: t('close'), pollMs, trustedLinks: ctx.manifest.fetchClient, leave: { title: t('leaveTitle'), text: t('leaveText'), go: t('leaveGo'), cancel: t('leaveCancel') }, ...hostConfig })};</script>
<script src="/__host/host.js"></script>
</body>
</html>`;
  }

  function messageBox(kind: 'error' | 'success' | 'warning', title: string, text: string, testId: string): string {
    return `<div class="message message-${kind}" role="${kind === 'error' ? 'alert' : 'status'}" data-testid="${testId}"><strong>${escapeHtml(title)}</strong><pre class="verbatim">${escapeHtml(text)}</pre></div>`;
  }

  function frameUrl(state: PageState, module: ModuleInfo, extension: Record<string, string>): string {
    const params = new URLSearchParams({
      module: module.moduleKey,
      as: state.email,
      locale: state.locale,
      theme: state.theme,
      ...extension,
    });
    return `/__forge/${encodeURIComponent(module.resource)}/index.html?${params.toString()}`;
  }

  return { layout, messageBox, frameUrl };
}
