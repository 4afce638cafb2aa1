/**
 * Readiness across deployments: the gate summary on each deployment epic (the app's read-only custom
 * field) reaches JQL (`Kayttoonotto.<alias>`), seen by an outside client (jira.js); the project page
 * resolver lists the deployments with one search as the caller. Only the app can write the summary.
 */
import { Version3Client } from 'jira.js';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, DEMO_PROJECT, EMAILS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { Result } from '../../src/shared/api';
import { LEGACY_SUMMARY_PROPERTY_KEY, PORTFOLIO_RESOLVERS, type GadgetView, type PortfolioPage } from '../../src/shared/portfolio';
import { DEMO_SETTINGS, seedDemoSettings } from '../../dev/sandbox/demo';
import {
  approval,
  children,
  createEpic,
  gateFieldOf,
  gateSummaryOf,
  HOLDER,
  jira,
  ok,
  panel,
  settleSearch,
  startApp,
  summaryWrites,
  type UserKey,
} from './helpers';

const t = CURRENT_TEMPLATE;

/** Until the epic's summary writer is idle: refreshes still due from earlier changes (the spawn, other tests) are written. */
async function quiet(sb: Sandbox, epicId: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const n = summaryWrites(sb, epicId);
    await sb.harness.triggers.drain();
    await new Promise((r) => setTimeout(r, 300));
    await sb.harness.triggers.drain();
    if (summaryWrites(sb, epicId) === n) return;
  }
  throw new Error(`the summary of ${epicId} keeps being written`);
}

async function toDone(sb: Sandbox, key: string): Promise<void> {
  const r = await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: TRANSITION_IDS.done } });
  if (r.status !== 204) throw new Error(`transition ${key}: ${r.status} ${JSON.stringify(r.body)}`);
}

function pageContext(as: UserKey, locale = 'fi-FI') {
  return {
    accountId: ACCOUNT_IDS[as],
    moduleKey: 'deployments-page',
    locale,
    extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
  };
}

async function portfolio(sb: Sandbox, as: UserKey, payload: Record<string, unknown> = {}): Promise<Result<PortfolioPage>> {
  return (await sb.harness.invokeResolver('portfolio-resolver', 'getPortfolio', payload, pageContext(as))) as Result<PortfolioPage>;
}

async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined) return { value, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gate summary in JQL, the project page and the gadget', () => {
  let sb: Sandbox;
  let client: Version3Client;
  const epics: { id: string; key: string }[] = [];
  let burst = { changes: 0, writes: 0 };

  const readiness = async (epic: { key: string }) => {
    const value = await gateSummaryOf(sb, epic.key);
    if (!value) throw new Error(`${epic.key} has no gate summary`);
    return value;
  };
  const doneCount = async (epic: { key: string }) => (await children(sb, epic.key)).filter((c) => c.status === 'done').length;

  // Each test uses its own epic for what it changes (the tests pass alone and in any order):
  // epics[0] is completed here and only read; epics[1] takes the child moves; epics[2] the user's edit.
  beforeAll(async () => {
    // Real-ish timing: events after 300 ms, queue delays as declared (1 s of coalescing).
    sb = await startApp({ triggerDelayMs: 300 });
    for (const name of ['Valmis käyttöönotto', 'Keskeneräinen A', 'Keskeneräinen B']) epics.push(await createEpic(sb, name));
    await sb.harness.triggers.drain();
    client = new Version3Client({ host: sb.url, authentication: { basic: { email: EMAILS.ohjausryhma, apiToken: 'x' } } });
    const complete = epics[0]!;
    const writesBefore = summaryWrites(sb, complete.id);
    for (const child of await children(sb, complete.key)) await toDone(sb, child.key);
    for (const c of t.gates.exit.conditions) {
      if (c.kind !== 'attestation') continue;
      ok(
        await panel(sb, HOLDER[c.attestRoles[0]!], complete, 'attest', {
          conditionId: c.id,
          evidenceUrl: 'https://example.invalid/e',
          ...(c.approval ? { approval } : {}),
        }),
      );
    }
    await sb.harness.triggers.drain();
    burst = {
      changes: 38 + t.gates.exit.conditions.filter((c) => c.kind === 'attestation').length,
      writes: summaryWrites(sb, complete.id) - writesBefore,
    };
  }, 120_000);
  afterAll(async () => {
    await sb.close();
  });

  it('completing an epic (38 child changes and the attestations) is coalesced into a few writes', () => {
    expect(burst.writes).toBeGreaterThan(0);
    expect(burst.writes).toBeLessThan(burst.changes); // at most one write per second of changes
    console.info(`[portfolio] epic completed with ${burst.changes} changes: ${burst.writes} summary writes`);
  });

  it('three deployment epics, one complete: exitGate = passed finds exactly it, readiness < 100 the other two (jira.js)', async () => {
    await settleSearch(sb); // Jira's search is eventually consistent (strict mode): read it as a person would a moment later
    const passed = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = DEMO AND Kayttoonotto.exitGate = passed',
      fields: ['summary'],
    });
    expect(passed.issues?.map((i) => i.key)).toEqual([epics[0]!.key]);
    const open = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = DEMO AND Kayttoonotto.readiness < 100 ORDER BY key ASC',
      fields: ['summary'],
    });
    expect(open.issues?.map((i) => i.key)).toEqual([epics[1]!.key, epics[2]!.key]);
  });

  it('a child moved to Done reaches JQL within 10 s with one write on the epic; a child deleted too', async () => {
    const a = epics[1]!;
    await quiet(sb, a.id);
    const before = (await readiness(a)).readiness;
    const writes = summaryWrites(sb, a.id);
    const [open] = (await children(sb, a.key)).filter((c) => c.status !== 'done');
    await toDone(sb, open!.key);
    const { ms } = await poll(async () => {
      const r = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: `key = ${a.key} AND Kayttoonotto.readiness > ${before}`,
        fields: ['summary'],
      });
      return r.issues?.length === 1 ? r.issues[0] : undefined;
    }, 10_000);
    await sb.harness.triggers.drain();
    const perChange = summaryWrites(sb, a.id) - writes;
    expect(perChange).toBe(1);
    console.info(`[portfolio] one child to Done: in JQL after ${ms} ms, ${perChange} write(s) on the epic`);

    // A child removed (deleted): that item is missing again, and JQL shows it.
    expect((await jira(sb, 'admin', 'DELETE', `/rest/api/3/issue/${open!.key}`)).status).toBe(204);
    await poll(async () => {
      const r = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: `key = ${a.key} AND Kayttoonotto.readiness = ${before}`,
        fields: ['summary'],
      });
      return r.issues?.length === 1 ? true : undefined;
    }, 10_000);
  }, 60_000);

  it('a team member cannot forge the summary: Jira refuses their writes, and a forged copy of the former property reaches no report', async () => {
    const b = epics[2]!;
    const field = await gateFieldOf(sb);
    const forged = { v: 1, readiness: 100, entryGate: 'passed', exitGate: 'passed', blockers: 0, pendingWaivers: 0 };
    // The read-only field through the Edit issue API: refused (docs: jira-custom-field, "Read-only fields").
    const edit = await jira(sb, 'toteutustiimi', 'PUT', `/rest/api/3/issue/${b.key}`, { fields: { [field.id]: forged } });
    expect(edit.status).toBe(400);
    expect(JSON.stringify(edit.body)).toContain(field.id);
    // The app-field endpoint as a person, even a Jira admin: only the owning app may (OpenAPI).
    for (const who of ['toteutustiimi', 'admin'] as const) {
      const direct = await jira(sb, who, 'POST', '/rest/api/3/app/field/value', {
        updates: [{ customField: field.id, issueIds: [Number(b.id)], value: forged }],
      });
      expect(direct.status).toBe(403);
      const single = await jira(sb, who, 'PUT', `/rest/api/3/app/field/${field.id}/value`, {
        updates: [{ issueIds: [Number(b.id)], value: forged }],
      });
      expect(single.status).toBe(403);
    }
    // What main did: the former entity property is still writable by anyone who may edit the epic; nothing reads it.
    expect([200, 201]).toContain(
      (await jira(sb, 'toteutustiimi', 'PUT', `/rest/api/3/issue/${b.key}/properties/${LEGACY_SUMMARY_PROPERTY_KEY}`, forged)).status,
    );
    await settleSearch(sb);
    expect((await gateSummaryOf(sb, b.key))?.exitGate).toBe('blocked');
    const passed = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: `key = ${b.key} AND Kayttoonotto.exitGate = passed`,
      fields: ['summary'],
    });
    expect(passed.issues ?? []).toEqual([]);
    const row = ok(await portfolio(sb, 'ohjausryhma')).rows.find((r) => r.key === b.key);
    expect(row?.gate).toMatchObject({ exitGate: 'blocked' });
    expect(row?.gate?.readiness).toBeLessThan(100);
    const gadget = ok(
      (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'getGadget',
        { config: { mode: 'jql', jql: `key = ${b.key}` } },
        { accountId: ACCOUNT_IDS.ohjausryhma, moduleKey: 'deployments-gadget', extension: { gadget: { id: '1' } } },
      )) as Result<GadgetView>,
    );
    expect(gadget.counts).toMatchObject({ total: 1, exitPassed: 0 });
    // The gate itself never read any copy: the move to Done is still refused.
    const blocked = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${b.key}/transitions`, {
      transition: { id: TRANSITION_IDS.done },
    });
    expect(blocked.status).toBe(400);
    // The next change rewrites the field (and removes the forged property); one that leaves the summary as it is writes nothing.
    const [open] = (await children(sb, b.key)).filter((c) => c.status !== 'done');
    await toDone(sb, open!.key);
    await sb.harness.triggers.drain();
    const value = await readiness(b);
    expect(value.exitGate).toBe('blocked');
    expect(value.readiness).toBe(Math.floor(((await doneCount(b)) * 100) / 38));
    expect((await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${b.key}/properties/${LEGACY_SUMMARY_PROPERTY_KEY}`)).status).toBe(404);
    const writes = summaryWrites(sb, b.id);
    ok(await panel(sb, 'hankepaallikko', b, 'setRiskLevel', { riskLevel: writes % 2 === 0 ? 'high' : 'low' }));
    await sb.harness.triggers.drain();
    expect(summaryWrites(sb, b.id) - writes).toBe(0);
  }, 60_000);

  it('what the app writes to Jira for an epic holds no account id, and its dates have no fractions of a second', async () => {
    await sb.harness.triggers.drain();
    const accountIds = Object.values(ACCOUNT_IDS);
    const onEpic = (path: string) => epics.some((e) => new RegExp(`/issue/(${e.id}|${e.key})(/|$)`).test(path));
    // Every write on an epic (properties, edits, the field); a notification (`/notify`) names its recipients but stores nothing.
    const writes = sb.harness.jiraLog.filter(
      (c) =>
        c.method !== 'GET' &&
        !c.path.startsWith('/rest/api/3/search/') &&
        !c.path.endsWith('/notify') &&
        (onEpic(c.path) || c.path.startsWith('/rest/api/3/app/field')),
    );
    expect(writes.some((c) => c.path.includes('/properties/kayttoonotto-phase'))).toBe(true);
    const fieldWrites = writes.filter((c) => c.path === '/rest/api/3/app/field/value');
    expect(fieldWrites.length).toBeGreaterThan(0);
    for (const c of writes) for (const id of accountIds) expect(JSON.stringify(c.requestBody ?? null)).not.toContain(id);
    for (const e of epics) {
      const value = await readiness(e);
      expect(JSON.stringify(value)).not.toMatch(/sandbox-/);
      expect(value.lastChange).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(value.phaseStart).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    // Dates search as dates: every epic's phase started before now.
    await settleSearch(sb);
    const started = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: `project = DEMO AND Kayttoonotto.phaseStart <= "${new Date(Date.now() + 60_000).toISOString().slice(0, 19)}Z" ORDER BY Kayttoonotto.lastChange DESC`,
      fields: ['summary'],
    });
    expect(started.issues?.map((i) => i.key).sort()).toEqual(epics.map((e) => e.key).sort());
  });

  it('the project page lists every deployment with its gates in one Jira search as the caller, with the total beside it; filters and sorting run in JQL', async () => {
    await sb.harness.triggers.drain();
    await settleSearch(sb); // sorting by readiness reads the search index, which lags behind the latest summary writes
    const calls = sb.harness.jiraLog.length;
    const page = ok(await portfolio(sb, 'ohjausryhma'));
    const jiraCalls = sb.harness.jiraLog.slice(calls);
    // The first page: the search (ORDER BY in JQL) and Jira's approximate count over the same JQL, side by side;
    // nothing else (issue 22: at most 2 calls). The overdue counts are the page's own later call (getPortfolioOverdue).
    expect(jiraCalls.map((c) => `${c.actor} ${c.method} ${c.path}`).sort()).toEqual([
      'user POST /rest/api/3/search/approximate-count',
      'user POST /rest/api/3/search/jql',
    ]);
    const search = jiraCalls.find((c) => c.path.endsWith('/search/jql'))!.requestBody as { jql: string };
    expect(page.rows.every((r) => r.overdue === undefined)).toBe(true);
    const count = jiraCalls.find((c) => c.path.endsWith('/approximate-count'))!.requestBody as { jql: string };
    expect(search.jql).toMatch(/ ORDER BY /);
    expect(search.jql.startsWith(count.jql)).toBe(true);
    expect(count.jql).not.toMatch(/ORDER BY/i);
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.key, r.gate?.exitGate])).toEqual([
      [epics[0]!.key, 'passed'],
      [epics[1]!.key, 'blocked'],
      [epics[2]!.key, 'blocked'],
    ]);
    expect(page.rows[0]!.gate?.readiness).toBe(100);
    expect(page.rows[1]!.gate?.actRoles.length).toBeGreaterThan(0);

    const blockedOnly = ok(
      await portfolio(sb, 'ohjausryhma', { filter: { blockedOnly: true }, sort: { field: 'readiness', direction: 'DESC' } }),
    );
    expect(blockedOnly.rows.map((r) => r.key).sort()).toEqual([epics[1]!.key, epics[2]!.key]);
    const values = blockedOnly.rows.map((r) => r.gate!.readiness);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    const architect = ok(await portfolio(sb, 'ohjausryhma', { filter: { role: 'architect' } }));
    expect(architect.rows.map((r) => r.key)).toEqual([epics[1]!.key, epics[2]!.key]);
    const mine = ok(await portfolio(sb, 'arkkitehti', { filter: { mine: true } }));
    expect(mine.rows).toHaveLength(3);
    // "Mine" comes from the rosters in the app's storage: the Jira admin holds no role on these epics.
    expect(ok(await portfolio(sb, 'admin', { filter: { mine: true } })).rows).toEqual([]);
    // Paged: each page holds the caller's epics; pages with none of them are skipped (a few searches at most).
    const minePage = ok(await portfolio(sb, 'arkkitehti', { filter: { mine: true }, pageSize: 2 }));
    expect(minePage.rows.map((r) => r.key)).toEqual([epics[0]!.key, epics[1]!.key]);
    expect(
      ok(await portfolio(sb, 'arkkitehti', { filter: { mine: true }, pageSize: 2, nextPageToken: minePage.nextPageToken! })).rows,
    ).toHaveLength(1);
    const notMine = ok(await portfolio(sb, 'admin', { filter: { mine: true }, pageSize: 1 }));
    expect(notMine.rows).toEqual([]);
    expect(notMine.nextPageToken).toBeNull();
    const paged = ok(await portfolio(sb, 'ohjausryhma', { pageSize: 2 }));
    expect(paged.rows).toHaveLength(2);
    const rest = ok(await portfolio(sb, 'ohjausryhma', { pageSize: 2, nextPageToken: paged.nextPageToken! }));
    expect(rest.rows.map((r) => r.key)).toEqual([epics[2]!.key]);
    expect(rest.nextPageToken).toBeNull();
    expect(paged.total).toBe(3);
    expect(rest.total).toBeNull(); // later pages keep the first page's total
    expect(mine.total).toBeNull(); // "mine" is filtered in storage: Jira cannot count it
  });

  it('getPortfolioOverdue counts the overdue items of a page of epics in one Jira search as the caller; bad ids are refused', async () => {
    const ids = epics.map((e) => e.id);
    const calls = sb.harness.jiraLog.length;
    const answer = ok(
      (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'getPortfolioOverdue',
        { epicIds: ids },
        pageContext('ohjausryhma'),
      )) as Result<{
        counts: Record<string, number>;
      }>,
    );
    const jiraCalls = sb.harness.jiraLog.slice(calls);
    expect(jiraCalls.map((c) => `${c.actor} ${c.method} ${c.path}`)).toEqual(['user POST /rest/api/3/search/jql']);
    expect((jiraCalls[0]!.requestBody as { jql: string }).jql).toBe(
      `parent in (${ids.join(', ')}) AND duedate < startOfDay() AND statusCategory != Done`,
    );
    // These epics' items have no due date: every epic asked about is there, with none overdue.
    expect(answer.counts).toEqual(Object.fromEntries(ids.map((id) => [id, 0])));

    const refused = async (payload: unknown, locale = 'fi-FI') => {
      const before = sb.harness.jiraLog.length;
      const r = (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'getPortfolioOverdue',
        payload,
        pageContext('ohjausryhma', locale),
      )) as Result<unknown>;
      expect(sb.harness.jiraLog.length).toBe(before); // refused before Jira is asked
      return r;
    };
    const injected = await refused({ epicIds: [ids[0], '1) OR project = SECRET OR parent in (1'], locale: 'en-US' }, 'en-US');
    expect(injected.ok === false && injected.error.code).toBe('INVALID_INPUT');
    expect(injected.ok === false && injected.error.details?.join('\n')).toContain('is not the id of a Jira work item');
    for (const payload of [
      {},
      { epicIds: [] },
      { epicIds: [ids[0], 10001] },
      { epicIds: ['DEMO-1'] },
      { epicIds: ['0'] },
      { epicIds: Array.from({ length: 101 }, (_, i) => String(10_000 + i)) },
      { epicIds: [ids[0]], jql: 'x' },
    ]) {
      const r = await refused(payload);
      expect(r.ok === false && r.error.code).toBe('INVALID_INPUT');
    }
  });

  it('every resolver of the contract list PORTFOLIO_RESOLVERS is defined by portfolio-resolver, each with a strict schema', async () => {
    for (const name of PORTFOLIO_RESOLVERS) {
      const r = (await sb.harness.invokeResolver(
        'portfolio-resolver',
        name,
        { unknownField: 1 },
        pageContext('ohjausryhma'),
      )) as Result<unknown>;
      expect([name, r.ok === false && r.error.code]).toEqual([name, 'INVALID_INPUT']);
    }
    await expect(sb.harness.invokeResolver('portfolio-resolver', 'getPortfolioOverdues', {}, pageContext('ohjausryhma'))).rejects.toThrow();
  });

  it('the outsider sees nothing, and hostile payloads get a clear error in their language', async () => {
    const outsider = await portfolio(sb, 'outsider');
    expect(outsider.ok).toBe(false);
    expect(!outsider.ok && outsider.error.code).toBe('NOT_FOUND');
    const bad = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getPortfolio',
      { sort: { field: 'summary); DROP', direction: 'ASC' }, locale: 'sv-SE' },
      pageContext('ohjausryhma', 'sv-SE'),
    )) as Result<PortfolioPage>;
    expect(bad.ok === false && bad.error.code).toBe('INVALID_INPUT');
    expect(bad.ok === false && bad.error.message).toMatch(/^Ogiltig indata\./);
    const extra = await portfolio(sb, 'ohjausryhma', { filter: { role: 'architect', jql: 'x' } });
    expect(extra.ok === false && extra.error.code).toBe('INVALID_INPUT');
  });

  it('the gadget counts deployments by gate state across projects or a JQL filter and lists the blocked ones', async () => {
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    const ctx = {
      accountId: ACCOUNT_IDS.ohjausryhma,
      moduleKey: 'deployments-gadget',
      locale: 'en-US',
      extension: { gadget: { id: '1' }, dashboard: { id: '1' } },
    };
    const byProject = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getGadget',
      { config: { mode: 'projects', projectKeys: ['DEMO'] } },
      ctx,
    )) as Result<GadgetView>;
    const view = ok(byProject);
    expect(view.counts).toEqual({ total: 3, exitPassed: 1, inProgress: 0, entryBlocked: 2, done: 0 });
    expect(view.blocked.map((r) => r.key).sort()).toEqual([epics[1]!.key, epics[2]!.key].sort());
    const byJql = ok(
      (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'getGadget',
        { config: { mode: 'jql', jql: 'Kayttoonotto.blockers >= 1' } },
        ctx,
      )) as Result<GadgetView>,
    );
    expect(byJql.counts.total).toBe(2);
    const ordered = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getGadget',
      { config: { mode: 'jql', jql: 'project = DEMO ORDER BY key' } },
      ctx,
    )) as Result<GadgetView>;
    expect(ordered.ok === false && ordered.error.details?.join()).toMatch(/ORDER BY/);
    const outsider = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getGadget',
      { config: { mode: 'projects', projectKeys: ['DEMO'] } },
      { ...ctx, accountId: ACCOUNT_IDS.outsider },
    )) as Result<GadgetView>;
    // The outsider may browse none of the projects: nothing is counted, and the gadget says which it left out.
    expect(ok(outsider)).toMatchObject({ counts: { total: 0 }, blocked: [], leftOut: ['DEMO'] });
    const outsiderJql = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getGadget',
      { config: { mode: 'jql', jql: 'project = DEMO' } },
      { ...ctx, accountId: ACCOUNT_IDS.outsider },
    )) as Result<GadgetView>;
    expect(outsiderJql.ok === false && outsiderJql.error.code).toBe('NOT_FOUND');
  });

  it('the gadget shows the projects the viewer may browse and names those it left out (one unbrowsable project does not fail it)', async () => {
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    // A project only a Jira admin can see (no role actors, so no member may browse it).
    sb.emulator.db
      .prepare('INSERT OR IGNORE INTO jira_projects (id, key, name, description, lead_account_id) VALUES (?, ?, ?, ?, ?)')
      .run('10099', 'SALA', 'Salainen', '', ACCOUNT_IDS.admin);
    const gadget = async (locale: string) =>
      (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'getGadget',
        { config: { mode: 'projects', projectKeys: ['SALA', 'DEMO', 'NOPE'] }, locale },
        { accountId: ACCOUNT_IDS.ohjausryhma, moduleKey: 'deployments-gadget', extension: { gadget: { id: '1' } } },
      )) as Result<GadgetView>;
    const view = ok(await gadget('fi-FI'));
    expect(view.counts).toEqual({ total: 3, exitPassed: 1, inProgress: 0, entryBlocked: 2, done: 0 });
    expect(view.leftOut).toEqual(['SALA', 'NOPE']);
    // Nothing of SALA is searched or counted as the viewer (Jira would refuse the whole query).
    const searches = sb.harness.jiraLog.filter((c) => c.path.startsWith('/rest/api/3/search/') && c.accountId === ACCOUNT_IDS.ohjausryhma);
    expect(
      searches
        .slice(-5)
        .map((c) => c.path)
        .sort(),
    ).toEqual([...Array<string>(4).fill('/rest/api/3/search/approximate-count'), '/rest/api/3/search/jql']);
    for (const c of searches.slice(-5)) expect(JSON.stringify(c.requestBody)).not.toContain('SALA');
    // Every project left out: an empty view that still names them.
    const none = ok(
      (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'getGadget',
        { config: { mode: 'projects', projectKeys: ['SALA'] } },
        { accountId: ACCOUNT_IDS.ohjausryhma, moduleKey: 'deployments-gadget', extension: { gadget: { id: '1' } } },
      )) as Result<GadgetView>,
    );
    expect(none).toMatchObject({ counts: { total: 0 }, leftOut: ['SALA'], blocked: [] });
  });

  it('stays out of the way where the template is off: a child change schedules nothing and calls Jira for nothing', async () => {
    await sb.harness.triggers.drain();
    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, enabled: false } });
    // Turning the template off refreshes the project's summaries once (the settings save's own work).
    await sb.harness.triggers.drain();
    try {
      const deliveries = sb.harness.triggers.deliveries.length;
      const calls = sb.harness.jiraLog.length;
      const [open] = (await children(sb, epics[2]!.key)).filter((c) => c.status !== 'done');
      await toDone(sb, open!.key);
      await sb.harness.triggers.drain();
      expect(sb.harness.triggers.deliveries.slice(deliveries).filter((d) => d.moduleKey === 'summary-consumer')).toEqual([]);
      expect(
        sb.harness.jiraLog
          .slice(calls)
          .filter((c) => c.functionKey === 'issue-event' || c.functionKey === 'summary-refresh' || c.functionKey === 'spawn-continue'),
      ).toEqual([]);
      expect(ok(await portfolio(sb, 'ohjausryhma')).rows).toEqual([]);
    } finally {
      await seedDemoSettings(sb, { force: true });
      // Back on: the next change brings the copy up to date.
      const [next] = (await children(sb, epics[2]!.key)).filter((c) => c.status !== 'done');
      await toDone(sb, next!.key);
      await sb.harness.triggers.drain();
    }
  }, 60_000);
});
