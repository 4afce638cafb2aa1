/**
 * Browser scripts of the host: the @forge/bridge host inside each Custom UI iframe (BRIDGE_CLIENT_JS,
 * runs before the app's bundle) and the Jira-like parent page's side (HOST_PAGE_JS).
 * Plain ES2020, served as classic scripts.
 */

/** Defines `window.__bridge.callBridge(name, payload)` in the iframe. Needs `window.__FORGE_FRAME__`. */
export const BRIDGE_CLIENT_JS = String.raw`(function () {
  'use strict';
  var frame = window.__FORGE_FRAME__;
  var context = frame.context;
  var listeners = {};
  var parentWin = window.parent && window.parent !== window ? window.parent : null;

  function post(type, data) {
    if (parentWin) parentWin.postMessage({ source: 'forge-bridge', frameId: frame.frameId, type: type, data: data }, window.location.origin);
  }

  async function hostFetch(path, body) {
    var response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.assign({ frame: frame.query }, body)),
    });
    var text = await response.text();
    var parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
    if (!response.ok) {
      var message = parsed && parsed.message ? parsed.message : 'Host error ' + response.status;
      throw new Error(message);
    }
    return parsed;
  }

  function applyTheme() {
    var root = document.documentElement;
    root.setAttribute('data-color-mode', context.theme && context.theme.colorMode === 'dark' ? 'dark' : 'light');
    root.setAttribute('data-theme', 'light:light dark:dark spacing:spacing typography:typography shape:shape');
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.source !== 'forge-host') return;
    if (event.data.type === 'event') {
      var callbacks = listeners[event.data.event] || [];
      callbacks.slice().forEach(function (cb) {
        try { cb(event.data.payload); } catch (e) { console.error(e); }
      });
    }
  });

  // Forge resizes issue panels to their content.
  if (typeof ResizeObserver === 'function') {
    var lastHeight = 0;
    var observer = new ResizeObserver(function () {
      // the content's height (scrollHeight never shrinks below the iframe's own height)
      var body = document.body;
      var height = Math.ceil(body.getBoundingClientRect().bottom + parseFloat(getComputedStyle(body).marginBottom || '0') + window.scrollY);
      if (Math.abs(height - lastHeight) > 2) {
        lastHeight = height;
        post('resize', { height: height });
      }
    });
    document.addEventListener('DOMContentLoaded', function () { observer.observe(document.body); });
  }

  var handlers = {
    getContext: function () { return JSON.parse(JSON.stringify(context)); },
    invoke: async function (payload) {
      var answer = await hostFetch('/__sandbox/invoke', { functionKey: payload.functionKey, payload: payload.payload || {} });
      return answer.body;
    },
    enableTheming: function () { applyTheme(); },
    fetchProduct: async function (payload) {
      return hostFetch('/__sandbox/product', { product: payload.product, restPath: payload.restPath, init: payload.fetchRequestInit || {} });
    },
    showFlag: function (payload) { post('flag', payload); return true; },
    closeFlag: function (payload) { post('closeFlag', payload); return true; },
    navigate: function (payload) { post('navigate', payload); return true; },
    reload: function () { post('reload', {}); return true; },
    getUrl: function (location) { return window.location.origin + (location && location.url ? location.url : '/'); },
    emit: function (payload) { post('emit', payload); return true; },
    emitPublic: function (payload) { post('emit', payload); return true; },
    on: function (payload) { return subscribe(payload.event, payload.callback); },
    onPublic: function (payload) { return subscribe(payload.event, payload.callback); },
    resize: function (payload) { post('resize', payload || {}); return true; },
    changeWindowTitle: function (title) { post('title', { title: title }); return true; },
    emitReadyEvent: function () { return true; },
    refresh: function () { window.location.reload(); return true; },
  };

  function subscribe(event, callback) {
    (listeners[event] = listeners[event] || []).push(callback);
    return {
      unsubscribe: function () {
        listeners[event] = (listeners[event] || []).filter(function (cb) { return cb !== callback; });
      },
    };
  }

  window.__bridge = {
    callBridge: function (name, payload) {
      var handler = handlers[name];
      if (!handler) return Promise.reject(new Error('The sandbox bridge host does not support "' + name + '"'));
      try {
        return Promise.resolve(handler(payload));
      } catch (e) {
        return Promise.reject(e);
      }
    },
  };
  post('ready', {});
})();
`;

/** The parent page: flags, navigation, events to the iframes, iframe sizes, issue-changed polling. */
export const HOST_PAGE_JS = String.raw`(function () {
  'use strict';
  var config = window.__HOST__ || {};
  var flagList = document.getElementById('flag-list');

  function frames() { return Array.prototype.slice.call(document.querySelectorAll('iframe[data-forge-frame]')); }
  function frameById(id) { return frames().filter(function (f) { return f.getAttribute('data-forge-frame') === id; })[0]; }

  function broadcast(event, payload) {
    frames().forEach(function (f) {
      if (f.contentWindow) f.contentWindow.postMessage({ source: 'forge-host', type: 'event', event: event, payload: payload }, window.location.origin);
    });
  }
  window.__hostBroadcast = broadcast;

  function withParams(url) {
    var target = new URL(url, window.location.origin);
    if (target.origin !== window.location.origin) return target.toString();
    var current = new URLSearchParams(window.location.search);
    ['as', 'locale', 'theme'].forEach(function (k) {
      if (current.get(k) && !target.searchParams.get(k)) target.searchParams.set(k, current.get(k));
    });
    return target.pathname + target.search + target.hash;
  }

  function showFlag(data) {
    if (!flagList) return;
    var item = document.createElement('li');
    item.className = 'flag flag-' + (data.type || 'info');
    item.setAttribute('data-flag-id', data.id || '');
    item.setAttribute('data-flag-type', data.type || 'info');
    var title = document.createElement('strong');
    title.textContent = data.title || '';
    item.appendChild(title);
    if (data.description) {
      var text = document.createElement('p');
      text.textContent = String(data.description);
      item.appendChild(text);
    }
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn';
    close.textContent = config.closeLabel || 'Close';
    close.addEventListener('click', function () { item.remove(); });
    item.appendChild(close);
    flagList.appendChild(item);
    if (data.isAutoDismiss !== false && data.type !== 'error') setTimeout(function () { item.remove(); }, 8000);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.source !== 'forge-bridge') return;
    var msg = event.data;
    var data = msg.data || {};
    if (msg.type === 'flag') showFlag(data);
    else if (msg.type === 'closeFlag') {
      var existing = flagList && flagList.querySelector('[data-flag-id="' + CSS.escape(String(data.id || '')) + '"]');
      if (existing) existing.remove();
    } else if (msg.type === 'navigate') {
      var url = data.url || '/';
      if (data.target === 'issue' && data.issueKey) url = '/browse/' + data.issueKey;
      if (data.type === 'new-tab') window.open(withParams(url), '_blank', 'noopener');
      else window.location.assign(withParams(url));
    } else if (msg.type === 'reload') window.location.reload();
    else if (msg.type === 'emit') broadcast(data.event, data.payload);
    else if (msg.type === 'resize') {
      var frame = frameById(msg.frameId);
      if (frame && data.height) frame.style.height = Math.max(150, Math.min(20000, Number(data.height) + 4)) + 'px';
    }
  });

  // Jira emits JIRA_ISSUE_CHANGED to issue-view modules when the issue changes; the host
  // watches the epic and its children and does the same.
  if (config.watchIssue) {
    var stamp = null;
    var busy = false;
    var poll = function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch('/__sandbox/host/issue-stamp?key=' + encodeURIComponent(config.watchIssue.key) + '&as=' + encodeURIComponent(config.as))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body) return;
          if (stamp !== null && body.stamp !== stamp) {
            broadcast('JIRA_ISSUE_CHANGED', { issueId: config.watchIssue.id, projectId: config.watchIssue.projectId, changes: [{ changeType: 'updated', atlassianId: body.by || '' }] });
          }
          stamp = body.stamp;
        })
        .catch(function () {})
        .then(function () { busy = false; });
    };
    poll();
    setInterval(poll, config.pollMs || 3000);
  }
})();
`;
