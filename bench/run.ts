/**
 * npm run bench — measures, in one run on one machine (compare the ratios, not absolute numbers):
 *  - spawn: Jira calls, KVS operations, queue pushes and wall time for spawning the 38 items of a new
 *    deployment epic (the panel's start); then the gate-summary refresh that spawn queues, as its own
 *    figure (the consumer run now on the event spawn pushed); next to naive baselines that create one
 *    issue per call, one at a time and all 38 at once;
 *  - validator: Jira calls, KVS operations and median time of one exit-gate evaluation, and the
 *    exit-gate function's own bundle (esbuild, bench/bundles.ts): gzipped size and cold start;
 *  - action: confirming a condition as the panel does it (the action, its delta applied; the names the panel lacks);
 *  - panel: resolver calls, Jira calls and KVS operations of the panel's first complete render, its
 *    time, and the panel's JavaScript size gzipped;
 *  - portfolio: Jira calls and time of the project page's first page over 500 deployment epics.
 * Every Jira call, KVS operation and queue push gets LATENCY_MS of injected latency. Ends with one
 * line of JSON; exits 1 when a target is missed (each missed target is printed before that line).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { seedDemoSettings } from '../dev/sandbox/demo';
import { ACCOUNT_IDS, DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { PanelDelta, PanelView, Result } from '../src/shared/api';
import { applyDelta, printsOf } from '../src/shared/panel-delta';
import { GATE_FIELD_MODULE_KEY, type GateSummary, type PortfolioPage } from '../src/shared/portfolio';
import { measureBundles } from './bundles';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };
const auth = (email: string) => `Basic ${Buffer.from(`${email}:bench`).toString('base64')}`;

async function jira(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(sb.url + path, {
    method,
    headers: { authorization: auth(EMAILS.hankepaallikko), 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function createEpic(sb: Sandbox, summary: string): Promise<{ id: string; key: string }> {
  const r = await jira(sb, 'POST', '/rest/api/3/issue', {
    fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary },
  });
  if (r.status !== 201) throw new Error(`create epic: ${r.status}`);
  return r.body as { id: string; key: string };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Latency on every Jira call (the emulator), KVS operation and queue push (the harness). */
function setLatency(sb: Sandbox, ms: number): void {
  sb.emulator.faults.setLatency(ms);
  sb.harness.setPlatformLatency(ms);
}

interface Mark {
  jira: number;
  kvs: number;
  queue: number;
}
const mark = (sb: Sandbox): Mark => ({ jira: sb.harness.jiraLog.length, kvs: sb.harness.kvsLog.length, queue: sb.harness.queueLog.length });

/** What the named functions did since `from`: Jira calls, KVS operations, queue pushes. */
function countsOf(sb: Sandbox, from: Mark, functionKeys: string[]): { calls: number; kvs: number; pushes: number } {
  const of = <T extends { functionKey: string }>(xs: T[], i: number) =>
    xs.slice(i).filter((c) => functionKeys.includes(c.functionKey)).length;
  return { calls: of(sb.harness.jiraLog, from.jira), kvs: of(sb.harness.kvsLog, from.kvs), pushes: of(sb.harness.queueLog, from.queue) };
}

const kB = (value: unknown) => +(Buffer.byteLength(JSON.stringify(value) ?? '') / 1024).toFixed(1);

async function benchSpawn(sb: Sandbox) {
  const ms: number[] = [];
  const calls: number[] = [];
  const kvs: number[] = [];
  const pushes: number[] = [];
  const summaryCalls: number[] = [];
  const summaryKvs: number[] = [];
  const summaryMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    setLatency(sb, 0);
    sb.harness.triggers.setDelay(60_000); // the bench drives the handlers itself, below
    const epic = await createEpic(sb, `Bench spawn ${i}`);
    setLatency(sb, LATENCY_MS);
    const from = mark(sb);
    const t0 = performance.now();
    const r = (await sb.harness.invokeResolver('panel-resolver', 'startPhase', {}, panelCtx(epic))) as Result<{ createdNow: number }>;
    ms.push(performance.now() - t0);
    if (!r.ok || r.data.createdNow !== 38) throw new Error(`spawn failed: ${JSON.stringify(r)}`);
    const c = countsOf(sb, from, ['panel-resolver']);
    calls.push(c.calls);
    kvs.push(c.kvs);
    pushes.push(c.pushes);
    // The gate summary's refresh that the spawn queued: its consumer, run now on what was pushed.
    const queued = sb.harness.queueLog
      .slice(from.queue)
      .filter((q) => q.queueName === 'summary-queue' && q.functionKey === 'panel-resolver');
    if (queued.length === 0) throw new Error('spawn queued no summary refresh');
    const fromSummary = mark(sb);
    const t1 = performance.now();
    for (const q of queued) for (const body of q.bodies) await sb.harness.invokeConsumer('summary-consumer', body);
    summaryMs.push(performance.now() - t1);
    const sc = countsOf(sb, fromSummary, ['summary-refresh']);
    summaryCalls.push(sc.calls);
    summaryKvs.push(sc.kvs);
  }
  // Naive baselines: one POST /issue per item, as a simple script or automation would: one at a
  // time, and all 38 at once.
  const naive = async (parallel: boolean) => {
    const times: number[] = [];
    let naiveCalls = 0;
    for (let i = 0; i < ROUNDS; i++) {
      setLatency(sb, 0);
      const epic = await createEpic(sb, `Bench naive ${parallel ? 'parallel' : 'sequential'} ${i}`);
      setLatency(sb, LATENCY_MS);
      const before = sb.emulator.stats.requests;
      const one = async (n: number) => {
        const r = await jira(sb, 'POST', '/rest/api/3/issue', {
          fields: {
            project: { key: DEMO_PROJECT.key },
            issuetype: { id: ISSUE_TYPE_IDS.task },
            parent: { key: epic.key },
            summary: `Naive item ${n}`,
          },
        });
        if (r.status !== 201) throw new Error(`naive create: ${r.status}`);
      };
      const t0 = performance.now();
      if (parallel) await Promise.all(Array.from({ length: 38 }, (_, n) => one(n)));
      else for (let n = 0; n < 38; n++) await one(n);
      times.push(performance.now() - t0);
      naiveCalls = sb.emulator.stats.requests - before;
    }
    return { calls: naiveCalls, ms: Math.round(median(times)) };
  };
  const sequential = await naive(false);
  const parallel = await naive(true);
  setLatency(sb, 0);
  return {
    calls: Math.max(...calls),
    kvs: Math.max(...kvs),
    pushes: Math.max(...pushes),
    ms: Math.round(median(ms)),
    summaryCalls: Math.max(...summaryCalls),
    summaryKvs: Math.max(...summaryKvs),
    summaryMs: Math.round(median(summaryMs)),
    naiveCalls: sequential.calls,
    naiveMs: sequential.ms,
    naiveParallelMs: parallel.ms,
    ratio: +(sequential.ms / median(ms)).toFixed(1),
  };
}

function panelCtx(epic: { id: string; key: string }) {
  return {
    accountId: ACCOUNT_IDS.hankepaallikko,
    moduleKey: 'phase-panel',
    locale: 'fi-FI',
    extension: { issue: { id: epic.id, key: epic.key, type: 'Epic' }, project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key } },
  };
}

async function benchValidator(sb: Sandbox) {
  sb.harness.triggers.setDelay(0);
  const epic = await createEpic(sb, 'Bench validator');
  await sb.harness.triggers.drain();
  // The person has opened the epic's panel (which records their language), as one does before Done.
  const seen = (await sb.harness.invokeResolver('panel-resolver', 'getPanel', { locale: 'fi-FI' }, panelCtx(epic))) as Result<PanelView>;
  if (!seen.ok) throw new Error(seen.error.message);
  setLatency(sb, LATENCY_MS);
  const ms: number[] = [];
  let calls = 0;
  let kvs = 0;
  for (let i = 0; i < Math.max(5, ROUNDS * 2); i++) {
    const from = mark(sb);
    const t0 = performance.now();
    const r = await sb.harness.invokeValidator('exit-gate-validator', {
      issue: { key: epic.key, id: epic.id },
      transition: { from: { id: '10000' }, to: { id: '10001' }, id: TRANSITION_IDS.done, name: 'Done' },
      accountId: ACCOUNT_IDS.hankepaallikko,
    });
    ms.push(performance.now() - t0);
    if (r.result !== false) throw new Error('the exit gate should fail on a fresh epic');
    const c = countsOf(sb, from, ['exit-gate']);
    calls = Math.max(calls, c.calls);
    kvs = Math.max(kvs, c.kvs);
  }
  setLatency(sb, 0);
  const [bundle] = measureBundles(['exit-gate'], ['exit-gate']);
  return {
    calls,
    kvs,
    ms: Math.round(median(ms)),
    bundleKB: bundle!.gzipKB,
    coldStartMs: bundle!.coldStartMs ?? null,
    bundleHasYaml: bundle!.hasYaml,
  };
}

/** Confirming a condition as the panel does it: the action with the fingerprints of the view it holds, its delta applied (getPanel only for another template version), then the names it does not know yet. */
async function benchAction(sb: Sandbox) {
  sb.harness.triggers.setDelay(0);
  const ms: number[] = [];
  let resolverCalls = 0;
  let jiraCalls = 0;
  let kvs = 0;
  let answerKB = 0;
  for (let i = 0; i < ROUNDS; i++) {
    setLatency(sb, 0);
    const epic = await createEpic(sb, `Bench action ${i}`);
    await sb.harness.triggers.drain();
    const first = (await sb.harness.invokeResolver('panel-resolver', 'getPanel', { locale: 'fi-FI' }, panelCtx(epic))) as Result<PanelView>;
    if (!first.ok) throw new Error(first.error.message);
    const known = new Set(accountIdsOf(first.data));
    const conditionId = Object.entries(first.data.permissions.attest).find(
      ([id, p]) => p.allowed && !first.data.attestations.some((a) => a.conditionId === id),
    )?.[0];
    if (!conditionId) throw new Error('no condition the project manager may confirm');
    setLatency(sb, LATENCY_MS);
    const from = mark(sb);
    const t0 = performance.now();
    let calls = 0;
    let bytes = 0;
    const invoke = async <T>(name: string, payload: unknown) => {
      calls++;
      // The UI sends its locale with every call (static/common/api.ts).
      const out = (await sb.harness.invokeResolver(
        'panel-resolver',
        name,
        { ...(payload as object), locale: 'fi-FI' },
        panelCtx(epic),
      )) as Result<T>;
      bytes += Buffer.byteLength(JSON.stringify(out));
      if (!out.ok) throw new Error(`${name}: ${out.error.message}`);
      return out.data;
    };
    // The panel sends the fingerprints of the view it holds and applies the answer's delta (static/panel/src/state/apply-delta.ts).
    const answer = await invoke<{ delta: PanelDelta }>('attest', { conditionId, since: printsOf(first.data, 'fi') });
    const view = applyDelta(first.data, answer.delta, 'fi') ?? (await invoke<PanelView>('getPanel', {}));
    const unknown = accountIdsOf(view).filter((id) => !known.has(id));
    if (unknown.length) await invoke('getUsers', { accountIds: unknown });
    ms.push(performance.now() - t0);
    const c = countsOf(sb, from, ['panel-resolver']);
    resolverCalls = Math.max(resolverCalls, calls);
    jiraCalls = Math.max(jiraCalls, c.calls);
    kvs = Math.max(kvs, c.kvs);
    answerKB = Math.max(answerKB, +(bytes / 1024).toFixed(1));
  }
  setLatency(sb, 0);
  return { resolverCalls, jiraCalls, kvs, ms: Math.round(median(ms)), answerKB };
}

/** The account ids the panel shows names for (static/panel/src/model.ts accountIdsOf, without the audit). */
function accountIdsOf(view: PanelView): string[] {
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (id && id !== 'app') ids.add(id);
  };
  add(view.callerAccountId);
  Object.values(view.roster).forEach(add);
  view.attestations.forEach((a) => add(a.attestedBy));
  view.waivers.forEach((w) => (add(w.requestedBy), add(w.decidedBy)));
  view.readiness.items.forEach((item) => add(item.child?.assigneeAccountId));
  view.auditTail.forEach((e) => add(e.by));
  if (view.phase) add(view.phase.startedBy);
  return [...ids];
}

async function benchPanel(sb: Sandbox) {
  sb.harness.triggers.setDelay(0);
  const epic = await createEpic(sb, 'Bench panel');
  await sb.harness.triggers.drain();
  setLatency(sb, LATENCY_MS);
  const ms: number[] = [];
  let jiraCalls = 0;
  let kvs = 0;
  let resolverCalls = 0;
  let answerKB = 0;
  for (let i = 0; i < Math.max(5, ROUNDS * 2); i++) {
    const from = mark(sb);
    const t0 = performance.now();
    // The panel's first complete render: getPanel, then the display names of the account ids it shows.
    // The UI sends its locale with every call (static/common/api.ts).
    const view = (await sb.harness.invokeResolver('panel-resolver', 'getPanel', { locale: 'fi-FI' }, panelCtx(epic))) as Result<PanelView>;
    if (!view.ok) throw new Error(view.error.message);
    const users = (await sb.harness.invokeResolver(
      'panel-resolver',
      'getUsers',
      { accountIds: accountIdsOf(view.data), locale: 'fi-FI' },
      panelCtx(epic),
    )) as Result<unknown>;
    if (!users.ok) throw new Error(users.error.message);
    ms.push(performance.now() - t0);
    resolverCalls = 2;
    answerKB = Math.max(answerKB, kB(view));
    const c = countsOf(sb, from, ['panel-resolver']);
    jiraCalls = Math.max(jiraCalls, c.calls);
    kvs = Math.max(kvs, c.kvs);
  }
  setLatency(sb, 0);
  return { resolverCalls, jiraCalls, kvs, ms: Math.round(median(ms)), answerKB, jsGzipKB: panelJsGzipKB() };
}

function panelJsGzipKB(): number | null {
  const dir = join(__dirname, '..', 'static', 'panel', 'build');
  if (!existsSync(dir)) return null;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) bytes += gzipSync(readFileSync(p)).length;
    }
  };
  walk(dir);
  return +(bytes / 1024).toFixed(1);
}

/** The project page's first page over EPICS deployment epics, each carrying its gate summary. */
async function benchPortfolio(sb: Sandbox) {
  const EPICS = 500;
  setLatency(sb, 0);
  sb.harness.triggers.setDelay(3_600_000); // the epics' spawns are not what is measured here
  // The summaries are written as the app writes them: its own read-only field, through the app-only endpoint.
  const asApp = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(sb.url + path, {
      method,
      headers: { 'x-sandbox-actor': 'app', 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  const fields = (await asApp('GET', '/rest/api/3/field')).body as { id: string; schema?: { custom?: string } }[];
  const fieldId = fields.find((f) => f.schema?.custom?.endsWith(`/static/${GATE_FIELD_MODULE_KEY}`))?.id;
  if (!fieldId) throw new Error('the app has no gate field');
  for (let start = 0; start < EPICS; start += 50) {
    const issueUpdates = Array.from({ length: Math.min(50, EPICS - start) }, (_, i) => ({
      fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary: `Bench portfolio ${start + i}` },
    }));
    const r = await jira(sb, 'POST', '/rest/api/3/issue/bulk', { issueUpdates });
    if (r.status !== 201) throw new Error(`bulk create: ${r.status}`);
    const updates: { customField: string; issueIds: number[]; value: GateSummary }[] = [];
    for (const [i, issue] of (r.body as { issues: { id: string }[] }).issues.entries()) {
      const n = start + i;
      const summary: GateSummary = {
        v: 1,
        readiness: n % 101,
        entryGate: n % 3 ? 'passed' : 'blocked',
        exitGate: n % 101 === 100 ? 'passed' : 'blocked',
        blockers: 38 - Math.floor(((n % 101) * 38) / 100),
        blockersByRole: { architect: 3, 'implementation-team': 5 },
        actRoles: ['architect', 'implementation-team'],
        unfilledRoles: [],
        pendingWaivers: n % 4,
        templateVersion: '1.0.0',
        phaseStart: `${new Date(Date.UTC(2026, 0, 1 + (n % 28))).toISOString().slice(0, 19)}Z`,
        lastChange: `${new Date(Date.UTC(2026, 1, 1 + (n % 28))).toISOString().slice(0, 19)}Z`,
      };
      updates.push({ customField: fieldId, issueIds: [Number(issue.id)], value: summary });
    }
    const put = await asApp('POST', '/rest/api/3/app/field/value', { updates });
    if (put.status !== 204) throw new Error(`summary: ${put.status} ${JSON.stringify(put.body)}`);
  }
  setLatency(sb, LATENCY_MS);
  const ctx = {
    accountId: ACCOUNT_IDS.ohjausryhma,
    moduleKey: 'deployments-page',
    locale: 'fi-FI',
    extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key } },
  };
  const ms: number[] = [];
  let calls = 0;
  let kvs = 0;
  let rows = 0;
  let total: number | null = null;
  for (let i = 0; i < Math.max(5, ROUNDS * 2); i++) {
    const from = mark(sb);
    const t0 = performance.now();
    const page = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'getPortfolio',
      { sort: { field: 'readiness', direction: 'ASC' } },
      ctx,
    )) as Result<PortfolioPage>;
    ms.push(performance.now() - t0);
    if (!page.ok || page.data.rows.length < 50 || !page.data.nextPageToken)
      throw new Error(`portfolio: ${JSON.stringify(page).slice(0, 300)}`);
    const c = countsOf(sb, from, ['portfolio-resolver']);
    calls = Math.max(calls, c.calls);
    kvs = Math.max(kvs, c.kvs);
    rows = page.data.rows.length;
    const t = (page.data as { total?: unknown }).total;
    total = typeof t === 'number' ? t : null;
  }
  setLatency(sb, 0);
  return { epics: EPICS, rows, total, calls, kvs, ms: Math.round(median(ms)) };
}

type Figures = Record<string, Record<string, unknown>>;

/** The targets (issue 22): each is checked against the figures; a missed one fails the bench. */
const TARGETS: { name: string; ok: (f: Figures) => boolean; show: (f: Figures) => unknown }[] = [
  { name: 'spawn: ≤3 Jira calls for 38 items', ok: (f) => Number(f.spawn!.calls) <= 3, show: (f) => f.spawn!.calls },
  // The spawn's time is printed, not a target of issue 22 (≤3 Jira calls is): at 100 ms per KVS operation its
  // 31 KVS operations, most of them one after another for exactly-once, take 2.7-2.9 s here.
  { name: 'validator: ≤2 Jira calls', ok: (f) => Number(f.validator!.calls) <= 2, show: (f) => f.validator!.calls },
  { name: 'validator: ≤3 KVS operations', ok: (f) => Number(f.validator!.kvs) <= 3, show: (f) => f.validator!.kvs },
  { name: 'validator: < 400 ms', ok: (f) => Number(f.validator!.ms) < 400, show: (f) => f.validator!.ms },
  { name: 'validator: bundle ≤60 KB gzipped', ok: (f) => Number(f.validator!.bundleKB) <= 60, show: (f) => f.validator!.bundleKB },
  { name: 'validator: bundle without yaml', ok: (f) => f.validator!.bundleHasYaml === false, show: (f) => f.validator!.bundleHasYaml },
  { name: 'action: 1 resolver call', ok: (f) => Number(f.action!.resolverCalls) <= 1, show: (f) => f.action!.resolverCalls },
  { name: 'action: answer ≤10 KB', ok: (f) => Number(f.action!.answerKB) <= 10, show: (f) => f.action!.answerKB },
  { name: 'panel: ≤2 resolver calls', ok: (f) => Number(f.panel!.resolverCalls) <= 2, show: (f) => f.panel!.resolverCalls },
  {
    name: 'panel: ≤110 KB JS gzipped',
    ok: (f) => f.panel!.jsGzipKB !== null && Number(f.panel!.jsGzipKB) <= 110,
    show: (f) => f.panel!.jsGzipKB,
  },
  { name: 'portfolio: ≤2 Jira calls', ok: (f) => Number(f.portfolio!.calls) <= 2, show: (f) => f.portfolio!.calls },
  { name: 'portfolio: < 1000 ms', ok: (f) => Number(f.portfolio!.ms) < 1000, show: (f) => f.portfolio!.ms },
  { name: 'portfolio: the total shown', ok: (f) => typeof f.portfolio!.total === 'number', show: (f) => f.portfolio!.total },
];

async function main() {
  const sb = await createSandbox({ harnessOptions: { triggerDelayMs: 0, logger: quiet } });
  let failed = 0;
  try {
    await seedDemoSettings(sb);
    const spawn = await benchSpawn(sb);
    console.log(
      `spawn: ${spawn.calls} Jira calls, ${spawn.kvs} KVS ops, ${spawn.pushes} queue pushes, ${spawn.ms} ms (median of ${ROUNDS}); ` +
        `then the summary refresh: ${spawn.summaryCalls} Jira calls, ${spawn.summaryKvs} KVS ops, ${spawn.summaryMs} ms; ` +
        `naive: ${spawn.naiveCalls} calls, ${spawn.naiveMs} ms one at a time, ${spawn.naiveParallelMs} ms all at once`,
    );
    const validator = await benchValidator(sb);
    console.log(
      `validator: ${validator.calls} Jira calls, ${validator.kvs} KVS ops, ${validator.ms} ms median; bundle ${validator.bundleKB} KB gzipped, cold start ${validator.coldStartMs} ms`,
    );
    const action = await benchAction(sb);
    console.log(
      `action (confirm): ${action.resolverCalls} resolver calls, ${action.jiraCalls} Jira calls, ${action.kvs} KVS ops, ${action.ms} ms, ${action.answerKB} KB answered`,
    );
    const panel = await benchPanel(sb);
    console.log(
      `panel: ${panel.resolverCalls} resolver calls, ${panel.jiraCalls} Jira calls, ${panel.kvs} KVS ops, ${panel.ms} ms first complete render, getPanel ${panel.answerKB} KB, ${panel.jsGzipKB} KB JS gzipped`,
    );
    const portfolio = await benchPortfolio(sb);
    console.log(
      `portfolio: first page over ${portfolio.epics} deployment epics: ${portfolio.rows} rows of ${portfolio.total ?? '(no total)'}, ${portfolio.calls} Jira calls, ${portfolio.kvs} KVS ops, ${portfolio.ms} ms median`,
    );
    console.log(`latency injected per Jira call, KVS operation and queue push: ${LATENCY_MS} ms`);
    const figures = { spawn, validator, action, panel, portfolio };
    for (const t of TARGETS) {
      const ok = t.ok(figures);
      if (!ok) failed++;
      console.log(`${ok ? 'met   ' : 'MISSED'} ${t.name} (${JSON.stringify(t.show(figures))})`);
    }
    console.log(JSON.stringify({ ...figures, targetsMissed: failed }));
  } finally {
    await sb.close();
  }
  if (failed > 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
