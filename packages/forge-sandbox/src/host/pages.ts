/** The Jira-like host pages: projects, a project's work items, the work item view, the project settings page. */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { displayConditionsMet, iframeSandbox, SETTINGS_PATH, type HostContext, type ModuleInfo, type PageState } from './context';
import { adfText, escapeHtml, HttpError, isRecord, sendJsonResponse, str } from './http';
import { createLayout } from './layout';
import { hostT, type HostStringKey } from './strings';

export type PageResult = { redirect?: string; status?: number; html?: string };

export function createPages(ctx: HostContext) {
  const { panelModule, settingsModule, projectPageModule, gadgetModule, pageState, link, jira, jiraErrorText } = ctx;
  const { layout, messageBox, frameUrl } = createLayout(ctx);

  // ---- pages ------------------------------------------------------------------------------------
  async function projectsPage(state: PageState, url: URL): Promise<string> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const answer = await jira(state, 'GET', '/rest/api/3/project/search?expand=lead&maxResults=50');
    const values = isRecord(answer.body) && Array.isArray(answer.body.values) ? answer.body.values.filter(isRecord) : [];
    const rows = values
      .map(
        (p) =>
          `<tr><td>${escapeHtml(p.key)}</td><td><a href="${escapeHtml(link(state, `/projects/${str(p.key)}`))}">${escapeHtml(p.name)}</a></td><td>${escapeHtml(isRecord(p.lead) ? p.lead.displayName : '')}</td></tr>`,
      )
      .join('');
    const body = `<h1>${escapeHtml(t('projects'))}</h1>
${answer.status >= 400 ? messageBox('error', t('error'), jiraErrorText(answer.body), 'jira-error') : ''}
${values.length === 0 ? `<p>${escapeHtml(t('noProjects'))}</p>` : `<table data-testid="projects"><thead><tr><th scope="col">${escapeHtml(t('key'))}</th><th scope="col">${escapeHtml(t('name'))}</th><th scope="col">${escapeHtml(t('lead'))}</th></tr></thead><tbody>${rows}</tbody></table>`}`;
    return layout(state, url, t('projects'), body);
  }

  /** The project as the page's user sees it and the app's module for the page, or the not-found page
   * (Jira refused the project, or the app has no such module). */
  async function projectOrNotFound<M>(
    state: PageState,
    url: URL,
    projectKey: string,
    module: M | undefined,
  ): Promise<{ project: Record<string, unknown>; module: M } | { page: { status: number; html: string } }> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const project = await jira(state, 'GET', `/rest/api/3/project/${encodeURIComponent(projectKey)}`);
    if (project.status < 400 && isRecord(project.body) && module !== undefined) return { project: project.body, module };
    return {
      page: {
        status: project.status >= 400 ? project.status : 404,
        html: layout(
          state,
          url,
          t('notFound'),
          `<h1>${escapeHtml(t('notFound'))}</h1>${messageBox('error', t('error'), jiraErrorText(project.body), 'jira-error')}`,
        ),
      },
    };
  }

  async function projectPage(
    state: PageState,
    url: URL,
    projectKey: string,
    formError: string | null = null,
  ): Promise<{ status: number; html: string }> {
    const t = (key: HostStringKey, vars?: Record<string, string>): string => hostT(state.lang, key, vars);
    const found = await projectOrNotFound(state, url, projectKey, true);
    if ('page' in found) return found.page;
    const p = found.project;
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
<p><a href="${escapeHtml(link(state, SETTINGS_PATH(str(p.key))))}">${escapeHtml(t('projectSettings'))} › ${escapeHtml(t('apps'))}</a>${projectPageModule ? ` · <a data-testid="deployments-link" href="${escapeHtml(link(state, `/projects/${str(p.key)}/kayttoonotto`))}">${escapeHtml(appTitle(state, projectPageModule))}</a>` : ''}</p>
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

  async function createEpic(
    state: PageState,
    url: URL,
    projectKey: string,
    form: URLSearchParams,
  ): Promise<{ redirect?: string; status?: number; html?: string }> {
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

  async function issuePage(
    state: PageState,
    url: URL,
    key: string,
    transitionError: string | null = null,
  ): Promise<{ status: number; html: string }> {
    const t = (k: HostStringKey, vars?: Record<string, string>): string => hostT(state.lang, k, vars);
    const answer = await jira(
      state,
      'GET',
      `/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,status,issuetype,assignee,parent,labels,description,project,updated&expand=transitions`,
    );
    if (answer.status >= 400 || !isRecord(answer.body)) {
      return {
        status: answer.status,
        html: layout(
          state,
          url,
          t('notFound'),
          `<h1>${escapeHtml(t('notFound'))}: ${escapeHtml(key)}</h1>${messageBox('error', t('error'), jiraErrorText(answer.body), 'jira-error')}`,
        ),
      };
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
        (tr) =>
          `<form method="post" action="${escapeHtml(link(state, `/browse/${str(issue.key)}/transitions`))}" class="inline"><input type="hidden" name="transition" value="${escapeHtml(tr.id)}"><button type="submit" class="btn" data-testid="transition" data-transition="${escapeHtml(tr.id)}">${escapeHtml(tr.name)}</button></form>`,
      )
      .join(' ');
    // Jira shows an issue panel when its display conditions are met, once it is added to the issue with
    // the app's button (or pinned by an admin). Here: on epics at once, on other work items after "Add".
    let panel = '';
    const panelAllowed = !!panelModule && displayConditionsMet(panelModule.displayConditions, { issueTypeName: str(type.name) });
    const panelAdded = isEpic || (panelModule !== undefined && url.searchParams.get('panel') === panelModule.moduleKey);
    if (panelAllowed && !panelAdded && panelModule) {
      panel = `<p><a class="btn" data-testid="add-panel" href="${escapeHtml(link(state, `/browse/${str(issue.key)}`, { panel: panelModule.moduleKey }))}">${escapeHtml(t('addAppPanel'))}</a></p>`;
    }
    // The issue's context, as Jira gives it to the panel and the glance alike.
    const issueFrame = {
      issueId: str(issue.id),
      issueKey: str(issue.key),
      issueType: str(type.name),
      issueTypeId: str(type.id),
      projectId: str(project.id),
      projectKey: str(project.key),
      projectType: str(project.projectTypeKey) || 'software',
    };
    if (panelAllowed && panelAdded && panelModule) {
      const src = frameUrl(state, panelModule, {
        frameId: `panel-${str(issue.key)}`,
        ...issueFrame,
      });
      panel = `<section aria-labelledby="app-panel-title" class="card">
  <h2 id="app-panel-title">${escapeHtml(t('appPanel'))}</h2>
  <iframe data-forge-frame="panel-${escapeHtml(issue.key)}" data-testid="panel-frame" title="${escapeHtml(t('appPanel'))}" src="${escapeHtml(src)}" class="forge-frame" sandbox="${escapeHtml(iframeSandbox(ctx.manifest))}"></iframe>
</section>`;
    }
    // jira:issueContext (Jira shows it beside the fields; the sandbox below the panel)
    const contextModule = ctx.manifest.modules.find((m) => m.type === 'jira:issueContext');
    let glance = '';
    if (isEpic && contextModule) {
      const src = frameUrl(state, contextModule, {
        frameId: `glance-${str(issue.key)}`,
        ...issueFrame,
      });
      glance = `<section aria-labelledby="app-context-title" class="card">
  <h2 id="app-context-title">${escapeHtml(t('appContext'))}</h2>
  <iframe data-forge-frame="glance-${escapeHtml(issue.key)}" data-testid="context-frame" title="${escapeHtml(t('appContext'))}" src="${escapeHtml(src)}" class="forge-frame" sandbox="${escapeHtml(iframeSandbox(ctx.manifest))}"></iframe>
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
${glance}
${
  isEpic || childIssues.length > 0
    ? `<section aria-labelledby="children-title" class="card">
  <h2 id="children-title">${escapeHtml(t('children'))} (${childIssues.length})</h2>
  ${childIssues.length === 0 ? `<p>${escapeHtml(t('noChildren'))}</p>` : `<table data-testid="children"><thead><tr><th scope="col">${escapeHtml(t('key'))}</th><th scope="col">${escapeHtml(t('summary'))}</th><th scope="col">${escapeHtml(t('status'))}</th><th scope="col">${escapeHtml(t('assignee'))}</th><th scope="col">${escapeHtml(t('labels'))}</th></tr></thead><tbody>${childRows}</tbody></table>`}
</section>`
    : ''
}`;
    const watch = isEpic ? { watchIssue: { key: str(issue.key), id: str(issue.id), projectId: str(project.id) } } : {};
    return { status: transitionError ? 400 : 200, html: layout(state, url, `${str(issue.key)} ${str(f.summary)}`, body, watch) };
  }

  async function transition(
    state: PageState,
    url: URL,
    key: string,
    form: URLSearchParams,
  ): Promise<{ redirect?: string; status?: number; html?: string }> {
    const id = form.get('transition') ?? '';
    const answer = await jira(state, 'POST', `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, { transition: { id } });
    if (answer.status >= 400) {
      const page = await issuePage(state, url, key, jiraErrorText(answer.body));
      return { status: page.status, html: page.html };
    }
    const after = await jira(state, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=status`);
    const statusName =
      isRecord(after.body) && isRecord(after.body.fields) && isRecord(after.body.fields.status) ? str(after.body.fields.status.name) : '';
    return { redirect: link(state, `/browse/${key}`, { flash: `moved:${statusName}` }) };
  }

  async function settingsPage(state: PageState, url: URL, projectKey: string): Promise<{ status: number; html: string }> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const found = await projectOrNotFound(state, url, projectKey, settingsModule);
    if ('page' in found) return found.page;
    const { project: p, module } = found;
    const src = frameUrl(state, module, {
      frameId: `settings-${str(p.key)}`,
      projectId: str(p.id),
      projectKey: str(p.key),
      projectType: 'software',
    });
    const body = `<nav aria-label="breadcrumbs" class="meta"><a href="${escapeHtml(link(state, `/projects/${str(p.key)}`))}">${escapeHtml(p.name)}</a> / ${escapeHtml(t('projectSettings'))} / ${escapeHtml(t('apps'))}</nav>
<h1>${escapeHtml(t('projectSettings'))}: ${escapeHtml(p.name)}</h1>
<iframe data-forge-frame="settings-${escapeHtml(p.key)}" data-testid="settings-frame" title="${escapeHtml(t('projectSettings'))}" src="${escapeHtml(src)}" class="forge-frame" sandbox="${escapeHtml(iframeSandbox(ctx.manifest))}"></iframe>`;
    return { status: 200, html: layout(state, url, t('projectSettings'), body) };
  }

  /** A module's title in the page's language (from the app's translation resources). */
  function appTitle(state: PageState, module: ModuleInfo): string {
    if (typeof module.title === 'string') return module.title;
    const key = isRecord(module.title) ? str(module.title.i18n) : '';
    const file = ctx.manifest.translations.files?.[state.locale];
    if (!key || !file) return module.moduleKey;
    try {
      const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const found = key.split('.').reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), json);
      return typeof found === 'string' ? found : module.moduleKey;
    } catch {
      return module.moduleKey;
    }
  }

  /** The app's jira:projectPage of a project. */
  async function deploymentsPage(state: PageState, url: URL, projectKey: string): Promise<{ status: number; html: string }> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    const found = await projectOrNotFound(state, url, projectKey, projectPageModule);
    if ('page' in found) return found.page;
    const { project: p, module } = found;
    const title = appTitle(state, module);
    const src = frameUrl(state, module, {
      frameId: `deployments-${str(p.key)}`,
      projectId: str(p.id),
      projectKey: str(p.key),
      projectType: 'software',
    });
    const body = `<nav aria-label="breadcrumbs" class="meta"><a href="${escapeHtml(link(state, `/projects/${str(p.key)}`))}">${escapeHtml(p.name)}</a> / ${escapeHtml(t('apps'))} / ${escapeHtml(title)}</nav>
<iframe data-forge-frame="deployments-${escapeHtml(p.key)}" data-testid="deployments-frame" title="${escapeHtml(title)}" src="${escapeHtml(src)}" class="forge-frame" sandbox="${escapeHtml(iframeSandbox(ctx.manifest))}"></iframe>`;
    return { status: 200, html: layout(state, url, title, body) };
  }

  /** A dashboard with the app's gadget; `edit=1` shows the gadget's edit view. */
  async function dashboardPage(state: PageState, url: URL): Promise<{ status: number; html: string }> {
    const t = (key: HostStringKey): string => hostT(state.lang, key);
    if (!gadgetModule) return { status: 404, html: layout(state, url, t('notFound'), `<h1>${escapeHtml(t('notFound'))}</h1>`) };
    const edit = url.searchParams.get('edit') === '1';
    const title = appTitle(state, gadgetModule);
    const src = frameUrl(state, gadgetModule, {
      frameId: 'gadget-1',
      gadgetId: '1',
      dashboardId: '10000',
      ...(edit ? { entryPoint: 'edit' } : {}),
    });
    const body = `<h1>${escapeHtml(t('dashboard'))}</h1>
<section class="card" aria-labelledby="gadget-1-title">
  <h2 id="gadget-1-title">${escapeHtml(title)}</h2>
  ${edit ? '' : `<p><a data-testid="edit-gadget" href="${escapeHtml(link(state, '/dashboard', { edit: '1' }))}">${escapeHtml(t('editGadget'))}</a></p>`}
  <iframe data-forge-frame="gadget-1" data-testid="gadget-frame" title="${escapeHtml(title)}" src="${escapeHtml(src)}" class="forge-frame" sandbox="${escapeHtml(iframeSandbox(ctx.manifest))}"></iframe>
</section>`;
    return { status: 200, html: layout(state, url, t('dashboard'), body) };
  }

  async function issueStamp(res: ServerResponse, url: URL): Promise<void> {
    const state = pageState(url);
    const key = url.searchParams.get('key') ?? '';
    if (!/^[A-Z][A-Z0-9]*-\d+$/.test(key)) throw new HttpError(400, 'Bad issue key');
    const answer = await jira(state, 'POST', '/rest/api/3/search/jql', {
      jql: `key = "${key}" OR parent = "${key}"`,
      fields: ['updated', 'status', 'assignee'],
      maxResults: 100,
    });
    const issues = isRecord(answer.body) && Array.isArray(answer.body.issues) ? answer.body.issues.filter(isRecord) : [];
    const parts = issues
      .map((i) => {
        const f = isRecord(i.fields) ? i.fields : {};
        return `${str(i.key)}:${str(f.updated)}:${isRecord(f.status) ? str(f.status.id) : ''}:${isRecord(f.assignee) ? str(f.assignee.accountId) : ''}`;
      })
      .sort();
    sendJsonResponse(res, answer.status >= 400 ? answer.status : 200, { stamp: `${issues.length}|${parts.join('|')}` });
  }

  return { projectsPage, projectPage, createEpic, issuePage, transition, settingsPage, issueStamp, deploymentsPage, dashboardPage };
}
