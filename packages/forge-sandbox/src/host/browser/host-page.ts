/**
 * The Jira-like parent page's side of the bridge: flags, navigation, events to the iframes, iframe
 * sizes, issue-changed polling. Needs `window.__HOST__`. Bundled to a classic script by sandbox/host/static.ts.
 */
import { isRecord, type BridgeMessage, type HostMessage, type HostPageConfig } from './protocol';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function start(config: HostPageConfig): void {
  const flagList = document.getElementById('flag-list');

  const frames = (): HTMLIFrameElement[] => Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe[data-forge-frame]'));
  const frameById = (id: string): HTMLIFrameElement | undefined => frames().find((f) => f.getAttribute('data-forge-frame') === id);

  function broadcast(event: string, payload: unknown): void {
    const message: HostMessage = { source: 'forge-host', type: 'event', event, payload };
    for (const f of frames()) f.contentWindow?.postMessage(message, window.location.origin);
  }
  window.__hostBroadcast = broadcast;

  function withParams(url: string): string {
    const target = new URL(url, window.location.origin);
    if (target.origin !== window.location.origin) return target.toString();
    const current = new URLSearchParams(window.location.search);
    for (const k of ['as', 'locale', 'theme']) {
      const v = current.get(k);
      if (v && !target.searchParams.get(k)) target.searchParams.set(k, v);
    }
    return target.pathname + target.search + target.hash;
  }

  function showFlag(data: Record<string, unknown>): void {
    if (!flagList) return;
    const type = str(data.type) || 'info';
    const item = document.createElement('li');
    item.className = `flag flag-${type}`;
    item.setAttribute('data-flag-id', str(data.id));
    item.setAttribute('data-flag-type', type);
    const title = document.createElement('strong');
    title.textContent = str(data.title);
    item.appendChild(title);
    if (data.description) {
      const text = document.createElement('p');
      text.textContent = str(data.description);
      item.appendChild(text);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn';
    close.textContent = config.closeLabel ?? 'Close';
    close.addEventListener('click', () => item.remove());
    item.appendChild(close);
    flagList.appendChild(item);
    if (data.isAutoDismiss !== false && type !== 'error') setTimeout(() => item.remove(), 8000);
  }

  /** An external link not in the app's fetch.client list: ask first, as Jira does. */
  function isTrusted(target: URL): boolean {
    if (target.origin === window.location.origin) return true;
    return (config.trustedLinks ?? []).some((a) => a === '*' || target.href.startsWith(a) || target.origin === a.replace(/\/$/, ''));
  }

  function confirmLeave(href: string): Promise<boolean> {
    const texts = config.leave ?? {
      title: 'You are leaving Jira',
      text: 'The app wants to open an external link:',
      go: 'Continue',
      cancel: 'Cancel',
    };
    return new Promise((resolve) => {
      const dialog = document.createElement('dialog');
      dialog.className = 'leave-dialog';
      dialog.setAttribute('data-testid', 'leave-dialog');
      dialog.setAttribute('aria-labelledby', 'leave-title');
      const title = document.createElement('h2');
      title.id = 'leave-title';
      title.textContent = texts.title;
      const text = document.createElement('p');
      text.textContent = texts.text;
      const link = document.createElement('p');
      link.className = 'verbatim';
      link.setAttribute('data-testid', 'leave-url');
      link.textContent = href;
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'btn btn-primary';
      go.textContent = texts.go;
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'btn';
      cancel.textContent = texts.cancel;
      const done = (ok: boolean): void => {
        dialog.close();
        dialog.remove();
        resolve(ok);
      };
      go.addEventListener('click', () => done(true));
      cancel.addEventListener('click', () => done(false));
      dialog.addEventListener('cancel', () => done(false));
      dialog.append(title, text, link, go, document.createTextNode(' '), cancel);
      document.body.appendChild(dialog);
      dialog.showModal();
      cancel.focus();
    });
  }

  async function navigate(data: Record<string, unknown>): Promise<boolean> {
    let url = str(data.url) || '/';
    if (data.target === 'issue' && data.issueKey) url = `/browse/${str(data.issueKey)}`;
    const target = new URL(url, window.location.origin);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
    if (!isTrusted(target) && !(await confirmLeave(target.href))) return false;
    if (data.type === 'new-tab') window.open(withParams(url), '_blank', 'noopener');
    else window.location.assign(withParams(url));
    return true;
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== window.location.origin || !isRecord(event.data) || event.data.source !== 'forge-bridge') return;
    const msg = event.data as unknown as BridgeMessage;
    const data = isRecord(msg.data) ? msg.data : {};
    if (msg.type === 'flag') showFlag(data);
    else if (msg.type === 'closeFlag') {
      const existing = flagList?.querySelector(`[data-flag-id="${CSS.escape(str(data.id))}"]`);
      existing?.remove();
    } else if (msg.type === 'navigate') {
      const source = event.source as Window | null;
      const answer = (ok: boolean): void => {
        const reply: HostMessage = { source: 'forge-host', type: 'navigateResult', requestId: str(data.requestId), ok };
        source?.postMessage(reply, window.location.origin);
      };
      void navigate(data).then(answer, () => answer(false));
    } else if (msg.type === 'reload') window.location.reload();
    else if (msg.type === 'submitted') {
      // A gadget's edit view submitted its configuration: show the gadget again.
      const next = new URL(window.location.href);
      next.searchParams.delete('edit');
      window.location.assign(next.toString());
    } else if (msg.type === 'emit') broadcast(str(data.event), data.payload);
    else if (msg.type === 'resize') {
      const frame = frameById(msg.frameId);
      if (frame && data.height) frame.style.height = `${Math.max(150, Math.min(20000, Number(data.height) + 4))}px`;
    }
  });

  // Jira emits JIRA_ISSUE_CHANGED to issue-view modules when the issue changes; the host
  // watches the epic and its children and does the same.
  const watch = config.watchIssue;
  if (watch) {
    let stamp: string | null = null;
    let busy = false;
    const poll = (): void => {
      if (busy || document.hidden) return;
      busy = true;
      fetch(`/__sandbox/host/issue-stamp?key=${encodeURIComponent(watch.key)}&as=${encodeURIComponent(config.as ?? '')}`)
        .then((r) => (r.ok ? (r.json() as Promise<unknown>) : null))
        .then((body) => {
          if (!isRecord(body)) return;
          if (stamp !== null && body.stamp !== stamp) {
            broadcast('JIRA_ISSUE_CHANGED', {
              issueId: watch.id,
              projectId: watch.projectId,
              changes: [{ changeType: 'updated', atlassianId: str(body.by) }],
            });
          }
          stamp = str(body.stamp);
        })
        .catch(() => undefined)
        .finally(() => {
          busy = false;
        });
    };
    poll();
    setInterval(poll, config.pollMs || 3000);
  }
}

start(window.__HOST__ ?? {});
