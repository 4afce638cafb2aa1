/**
 * The load tool: a burst of deployment epics against a fresh sandbox, as a CSV import or an
 * automation rule would create them, and what the app made of it.
 *
 *   npm run -s load -- [--epics 200] [--clients 8] [--strict] [--kill-at-ms N | --kill-at-epic N] [--items N] [--quiet-s 20] [--max-wait-s 300]
 *
 * Starts the sandbox (`dev/sandbox/main.ts`) as a child process on a fresh data folder, creates the
 * epics over REST (HTTP Basic, as the project manager) with `--clients` requests in flight, and
 * waits until the work settles: no Forge event pending or running and the number of work items
 * unchanged for `--quiet-s` seconds. With `--kill-at-ms N` the sandbox is killed (SIGKILL) N ms
 * after the burst starts (or `--kill-at-epic N`: once N epics exist) and restarted on its data; the
 * clients retry until it answers again.
 * With `--items N` the project's template is first saved (through the settings resolver, as the
 * project admin) as a new version with duties added until it has N items.
 * The truth is read from the sandbox's SQLite database (read-only), never from the app.
 *
 * Prints one JSON line: {"epics","exact","duplicates","short","extra","workItems","settleS",...};
 * exits 1 when an epic has a duplicate or is short, 2 on a usage error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

interface Options {
  epics: number;
  clients: number;
  strict: boolean;
  killAtMs: number | null;
  /** Kill once the clients have had this many epics created (the middle of the burst, whatever the machine's speed). */
  killAtEpic: number | null;
  quietS: number;
  maxWaitS: number;
  keep: boolean;
  /** A project template with this many items (duties added to the built-in one), saved before the burst. */
  items: number | null;
}

const USAGE =
  'Usage: npm run -s load -- [--epics 200] [--clients 8] [--strict] [--kill-at-ms N | --kill-at-epic N] [--quiet-s 20] [--max-wait-s 300] [--items N] [--keep]';

export function parseLoadArgs(argv: string[]): Options {
  const o: Options = {
    epics: 200,
    clients: 8,
    strict: false,
    killAtMs: null,
    killAtEpic: null,
    quietS: 20,
    maxWaitS: 300,
    keep: false,
    items: null,
  };
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--epics') o.epics = num(a, argv[++i], 1);
    else if (a === '--clients') o.clients = num(a, argv[++i], 1);
    else if (a === '--strict') o.strict = true;
    else if (a === '--kill-at-ms') o.killAtMs = num(a, argv[++i], 0);
    else if (a === '--kill-at-epic') o.killAtEpic = num(a, argv[++i], 1);
    else if (a === '--quiet-s') o.quietS = num(a, argv[++i], 1);
    else if (a === '--max-wait-s') o.maxWaitS = num(a, argv[++i], 1);
    else if (a === '--keep') o.keep = true;
    else if (a === '--items') o.items = num(a, argv[++i], 1);
    else throw new Error(`Unknown option ${a}\n${USAGE}`);
  }
  return o;
}

const REPO = path.resolve(__dirname, '..');
const AUTH = `Basic ${Buffer.from('hankepaallikko@sandbox.test:load').toString('base64')}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

function startSandbox(dataDir: string, strict: boolean, reset: boolean, log: string[]): Promise<Running> {
  const args = ['--import', 'tsx', path.join(REPO, 'dev/sandbox/main.ts'), '--port', '0', '--data-dir', dataDir];
  if (reset) args.push('--reset');
  if (strict) args.push('--strict');
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      const s = b.toString();
      log.push(s);
      if (log.length > 2000) log.splice(0, log.length - 2000);
      out += s;
      const m = /Open:\s+(http:\/\/[^\s/]+)\//.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
    child.once('exit', (code) =>
      reject(new Error(`the sandbox exited (${String(code)}) before it answered:\n${log.join('').slice(-2000)}`)),
    );
  });
}

/** Creates one epic; retries while the sandbox is down, restarting or busy. Resolves with its key. */
async function createEpic(base: () => string, n: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base()}/rest/api/3/issue`, {
        method: 'POST',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: `Kuormitus ${n}` } }),
      });
      if (res.status === 201) return ((await res.json()) as { key: string }).key;
      if (res.status !== 429 && res.status < 500) throw new Error(`POST /issue answered ${res.status}: ${await res.text()}`);
      const retryAfter = Number(res.headers.get('retry-after') ?? '1');
      await sleep(Math.min(5, Math.max(0.2, retryAfter)) * 1000);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('POST /issue answered')) throw e;
      if (attempt > 600) throw e;
      await sleep(250); // down or restarting
    }
  }
}

export interface Census {
  epics: number;
  exact: number;
  duplicates: number;
  short: number;
  extra: number;
  workItems: number;
  pendingEvents: number;
}

/** What the emulator's database holds: per deployment epic, its children carrying the app's item marker. */
export function census(dbPath: string, itemsPerEpic: number): Census {
  const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const epics = db
      .prepare(
        `SELECT i.id FROM jira_issues i JOIN jira_issue_types t ON t.id = i.issue_type_id AND t.project_id = i.project_id
         WHERE t.hierarchy_level = 1`,
      )
      .all() as { id: number }[];
    const rows = db
      .prepare(
        `SELECT i.parent_id AS parent, json_extract(p.value, '$.itemId') AS item, COUNT(*) AS n
         FROM jira_issues i JOIN jira_issue_properties p ON p.issue_id = i.id AND p.key = 'kayttoonotto-item'
         WHERE i.parent_id IS NOT NULL GROUP BY i.parent_id, item`,
      )
      .all() as { parent: number; item: string; n: number }[];
    const workItems = (db.prepare('SELECT COUNT(*) AS n FROM jira_issues WHERE parent_id IS NOT NULL').get() as { n: number }).n;
    let pendingEvents = 0;
    try {
      pendingEvents = (db.prepare("SELECT COUNT(*) AS n FROM forge_events WHERE state IN ('pending','running')").get() as { n: number }).n;
    } catch {
      // no events table yet
    }
    const perEpic = new Map<number, { items: number; copies: number }>();
    for (const r of rows) {
      const e = perEpic.get(r.parent) ?? { items: 0, copies: 0 };
      e.items++;
      e.copies += r.n;
      perEpic.set(r.parent, e);
    }
    let exact = 0;
    let duplicates = 0;
    let short = 0;
    let extra = 0;
    for (const { id } of epics) {
      const e = perEpic.get(id) ?? { items: 0, copies: 0 };
      const dup = e.copies > e.items;
      if (dup) duplicates++;
      if (e.items < itemsPerEpic) short++;
      if (!dup && e.items === itemsPerEpic) exact++;
      extra += e.copies - e.items;
    }
    return { epics: epics.length, exact, duplicates, short, extra, workItems, pendingEvents };
  } finally {
    db.close();
  }
}

/** Saves a project template of `items` items for DEMO through the settings page's resolver, as the admin. */
async function saveTemplateOfSize(url: string, items: number): Promise<number> {
  const { CURRENT_TEMPLATE } = await import('../src/core/template');
  const { serializeTemplate } = await import('../src/core/template/document');
  const doc = JSON.parse(serializeTemplate(CURRENT_TEMPLATE, 'json')) as { version: string; items: Record<string, unknown>[] };
  const duty = doc.items.find((i) => i.kind === 'duty');
  if (!duty) throw new Error('the built-in template has no duty');
  doc.version = '1.1.0';
  for (let n = doc.items.length + 1; doc.items.length < items; n++) {
    doc.items.push({
      ...duty,
      id: `duty.kuormitus.tehtava-${n}`,
      text: { fi: `Kuormitustehtävä ${n}`, sv: `Belastningsuppgift ${n}`, en: `Load duty ${n}` },
      subPoints: [],
    });
  }
  doc.items.length = Math.min(doc.items.length, items);
  const frame = new URLSearchParams({
    module: 'project-settings',
    as: 'admin@sandbox.test',
    locale: 'en-US',
    projectId: '10000',
    projectKey: 'DEMO',
  });
  const res = await fetch(`${url}/__sandbox/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      frame: `?${frame.toString()}`,
      functionKey: 'saveProjectTemplate',
      payload: { text: JSON.stringify(doc), locale: 'en-US' },
    }),
  });
  const body = (await res.json()) as { body?: { ok?: boolean; error?: unknown } };
  if (!body.body?.ok) throw new Error(`saving the ${items}-item template failed: ${JSON.stringify(body)}`);
  return doc.items.length;
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseLoadArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const { CURRENT_TEMPLATE } = await import('../src/core/template');
  let itemsPerEpic = CURRENT_TEMPLATE.items.length;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kayttoonotto-load-'));
  const dbPath = path.join(dataDir, 'sandbox.db');
  const log: string[] = [];
  let running = await startSandbox(dataDir, o.strict, true, log);
  if (o.items !== null) itemsPerEpic = await saveTemplateOfSize(running.url, o.items);
  const base = () => running.url;
  let kills = 0;
  const t0 = Date.now();
  let killAt: () => void = () => undefined;
  const killNow = new Promise<void>((resolve) => (killAt = resolve));
  const killer =
    o.killAtMs === null && o.killAtEpic === null
      ? null
      : (async () => {
          await (o.killAtMs !== null ? sleep(o.killAtMs) : killNow);
          running.child.kill('SIGKILL');
          await running.exited;
          kills++;
          running = await startSandbox(dataDir, o.strict, false, log);
        })();
  let next = 0;
  const created: string[] = [];
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      while (next < o.epics) {
        const n = ++next;
        created.push(await createEpic(base, n));
        if (created.length === o.killAtEpic) killAt();
      }
    }),
  );
  const burstS = (Date.now() - t0) / 1000;
  await killer;
  const burstEnd = Date.now();
  let last = census(dbPath, itemsPerEpic);
  let quietSince = Date.now();
  while (Date.now() - burstEnd < o.maxWaitS * 1000) {
    await sleep(1000);
    const now = census(dbPath, itemsPerEpic);
    if (now.workItems !== last.workItems || now.pendingEvents > 0) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= o.quietS * 1000) break;
  }
  const settled = Date.now() - quietSince >= o.quietS * 1000;
  const settleS = Math.round((quietSince - burstEnd) / 100) / 10;
  running.child.kill('SIGTERM');
  await Promise.race([running.exited, sleep(10_000)]);
  const final = census(dbPath, itemsPerEpic);
  const line = {
    epics: final.epics,
    exact: final.exact,
    duplicates: final.duplicates,
    short: final.short,
    extra: final.extra,
    workItems: final.workItems,
    expected: final.epics * itemsPerEpic,
    settleS: settled ? Math.max(0, settleS) : null,
    burstS: Math.round(burstS * 10) / 10,
    itemsPerEpic,
    clients: o.clients,
    strict: o.strict,
    kills,
    requested: o.epics,
    createdByClients: created.length,
  };
  if (o.keep) console.error(`data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(line));
  process.exit(final.duplicates === 0 && final.short === 0 && final.epics >= o.epics && settled ? 0 : 1);
}

if (require.main === module) void main();
