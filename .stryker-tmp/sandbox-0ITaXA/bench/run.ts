/**
 * npm run bench — measures, in one run on one machine (compare the ratios, not absolute numbers):
 *  - spawn: Jira calls and wall time for spawning the 38 items of a new deployment epic (the
 *    app's real trigger handler), next to a naive baseline that creates one issue per call;
 *  - validator: Jira calls and median time of one exit-gate evaluation;
 *  - panel: resolver calls and Jira calls of the panel's first complete render, its time, and the
 *    panel's JavaScript size gzipped;
 *  - portfolio: Jira calls and time of the project page's first page over 200 deployment epics.
 * Every Jira call gets LATENCY_MS of injected latency. Ends with one line of JSON.
 */
// @ts-nocheck

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createSandbox, type Sandbox } from '../sandbox/sandbox';
import { seedDemoSettings } from '../sandbox/demo';
import { ACCOUNT_IDS, DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS, TRANSITION_IDS } from '../sandbox/jira/seed';
import type { PanelView, Result } from '../src/shared/api';
import { GATE_FIELD_MODULE_KEY, type GateSummary, type PortfolioPage } from '../src/shared/portfolio';

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

function jiraCallsOf(sb: Sandbox, from: number, functionKeys: string[]): number {
  return sb.harness.jiraLog.slice(from).filter((c) => functionKeys.includes(c.functionKey)).length;
}

async function benchSpawn(sb: Sandbox) {
  const ms: number[] = [];
  const calls: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    sb.emulator.faults.setLatency(0);
    sb.harness.triggers.setDelay(60_000); // the bench drives the handler itself, below
    const epic = await createEpic(sb, `Bench spawn ${i}`);
    sb.emulator.faults.setLatency(LATENCY_MS);
    const from = sb.harness.jiraLog.length;
    const t0 = performance.now();
    const r = (await sb.harness.invokeResolver('panel-resolver', 'startPhase', {}, panelCtx(epic))) as Result<{ createdNow: number }>;
    ms.push(performance.now() - t0);
    if (!r.ok || r.data.createdNow !== 38) throw new Error(`spawn failed: ${JSON.stringify(r)}`);
    calls.push(jiraCallsOf(sb, from, ['panel-resolver']));
  }
  // Naive baseline: one POST /issue per item, sequentially, as a simple script or automation would.
  const naiveMs: number[] = [];
  let naiveCalls = 0;
  for (let i = 0; i < ROUNDS; i++) {
    sb.emulator.faults.setLatency(0);
    const epic = await createEpic(sb, `Bench naive ${i}`);
    sb.emulator.faults.setLatency(LATENCY_MS);
    const before = sb.emulator.stats.requests;
    const t0 = performance.now();
    for (let n = 0; n < 38; n++) {
      const r = await jira(sb, 'POST', '/rest/api/3/issue', {
        fields: {
          project: { key: DEMO_PROJECT.key },
          issuetype: { id: ISSUE_TYPE_IDS.task },
          parent: { key: epic.key },
          summary: `Naive item ${n}`,
        },
      });
      if (r.status !== 201) throw new Error(`naive create: ${r.status}`);
    }
    naiveMs.push(performance.now() - t0);
    naiveCalls = sb.emulator.stats.requests - before;
  }
  sb.emulator.faults.setLatency(0);
  return {
    calls: Math.max(...calls),
    ms: Math.round(median(ms)),
    naiveCalls,
    naiveMs: Math.round(median(naiveMs)),
    ratio: +(median(naiveMs) / median(ms)).toFixed(1),
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
  sb.emulator.faults.setLatency(LATENCY_MS);
  const ms: number[] = [];
  let calls = 0;
  for (let i = 0; i < Math.max(5, ROUNDS * 2); i++) {
    const from = sb.harness.jiraLog.length;
    const t0 = performance.now();
    const r = await sb.harness.invokeValidator('exit-gate-validator', {
      issue: { key: epic.key, id: epic.id },
      transition: { from: { id: '10000' }, to: { id: '10001' }, id: TRANSITION_IDS.done, name: 'Done' },
      accountId: ACCOUNT_IDS.hankepaallikko,
    });
    ms.push(performance.now() - t0);
    if (r.result !== false) throw new Error('the exit gate should fail on a fresh epic');
    calls = Math.max(calls, jiraCallsOf(sb, from, ['exit-gate']));
  }
  sb.emulator.faults.setLatency(0);
  return { calls, ms: Math.round(median(ms)) };
}

async function benchPanel(sb: Sandbox) {
  sb.harness.triggers.setDelay(0);
  const epic = await createEpic(sb, 'Bench panel');
  await sb.harness.triggers.drain();
  sb.emulator.faults.setLatency(LATENCY_MS);
  const ms: number[] = [];
  let jiraCalls = 0;
  let resolverCalls = 0;
  for (let i = 0; i < Math.max(5, ROUNDS * 2); i++) {
    const from = sb.harness.jiraLog.length;
    const t0 = performance.now();
    // The panel's first complete render: getPanel, then the display names of the account ids it shows.
    const view = (await sb.harness.invokeResolver('panel-resolver', 'getPanel', {}, panelCtx(epic))) as Result<PanelView>;
    if (!view.ok) throw new Error(view.error.message);
    const ids = new Set<string>(Object.values(view.data.roster).filter((x): x is string => !!x));
    for (const item of view.data.readiness.items) if (item.child?.assigneeAccountId) ids.add(item.child.assigneeAccountId);
    const users = (await sb.harness.invokeResolver(
      'panel-resolver',
      'getUsers',
      { accountIds: [...ids] },
      panelCtx(epic),
    )) as Result<unknown>;
    if (!users.ok) throw new Error(users.error.message);
    ms.push(performance.now() - t0);
    resolverCalls = 2;
    const perResolver = new Map<string, number>();
    for (const c of sb.harness.jiraLog.slice(from)) perResolver.set(c.invocationId, (perResolver.get(c.invocationId) ?? 0) + 1);
    jiraCalls = Math.max(jiraCalls, ...perResolver.values());
  }
  sb.emulator.faults.setLatency(0);
  return { resolverCalls, jiraCalls, ms: Math.round(median(ms)), jsGzipKB: panelJsGzipKB() };
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
  const EPICS = 200;
  sb.emulator.faults.setLatency(0);
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
  sb.emulator.faults.setLatency(LATENCY_MS);
  const ctx = {
    accountId: ACCOUNT_IDS.ohjausryhma,
    moduleKey: 'deployments-page',
    locale: 'fi-FI',
    extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key } },
  };
  const ms: number[] = [];
  let calls = 0;
  for (let i = 0; i < Math.max(5, ROUNDS * 2); i++) {
    const from = sb.harness.jiraLog.length;
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
    calls = Math.max(calls, jiraCallsOf(sb, from, ['portfolio-resolver']));
  }
  sb.emulator.faults.setLatency(0);
  return { epics: EPICS, calls, ms: Math.round(median(ms)) };
}

async function main() {
  const sb = await createSandbox({ harnessOptions: { triggerDelayMs: 0, logger: quiet } });
  try {
    await seedDemoSettings(sb);
    const spawn = await benchSpawn(sb);
    console.log(
      `spawn: ${spawn.calls} Jira calls, ${spawn.ms} ms (median of ${ROUNDS}); naive: ${spawn.naiveCalls} calls, ${spawn.naiveMs} ms; ${spawn.ratio}× faster  [targets: ≤4 calls, <1000 ms]`,
    );
    const validator = await benchValidator(sb);
    console.log(`validator: ${validator.calls} Jira calls, ${validator.ms} ms median per evaluation  [target: ≤2 calls]`);
    const panel = await benchPanel(sb);
    console.log(
      `panel: ${panel.resolverCalls} resolver calls, ≤${panel.jiraCalls} Jira calls each, ${panel.ms} ms first complete render, ${panel.jsGzipKB} KB JS gzipped  [targets: ≤2, ≤2, ≤110 KB]`,
    );
    const portfolio = await benchPortfolio(sb);
    console.log(
      `portfolio: first page over ${portfolio.epics} deployment epics: ${portfolio.calls} Jira calls, ${portfolio.ms} ms median  [targets: ≤3 calls, <1000 ms]`,
    );
    console.log(`latency injected per Jira call: ${LATENCY_MS} ms`);
    console.log(JSON.stringify({ spawn, validator, panel, portfolio }));
  } finally {
    await sb.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
