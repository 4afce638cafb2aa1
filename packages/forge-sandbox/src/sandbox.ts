/**
 * The local sandbox as one loopback HTTP server: the Jira emulator (/rest/api/3/**, /__sandbox/jira/**),
 * then the host pages (`extraHandler`), with the Forge runtime harness wired to both:
 * the emulator calls the harness's hooks (validators, issue events) and the harness sends the app's
 * requestJira calls to this server.
 */
// The harness first: it installs the Forge runtime globals before anything imports @forge/kvs.
import { createForgeHarness, type ForgeHarness, type ForgeHarnessOptions } from './forge';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createJiraEmulator } from './jira';
import type { JiraEmulator, JiraEmulatorOptions } from './jira/types';

export interface SandboxOptions {
  /** SQLite file; default ':memory:'. */
  dbPath?: string;
  /** Delete the database file (and its -wal/-shm) before opening it. */
  reset?: boolean;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Handles what the emulator does not (the host pages); resolves true when it answered. */
  extraHandler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  harnessOptions?: Omit<ForgeHarnessOptions, 'db' | 'strict'>;
  /**
   * Strict mode: Forge and Jira behave as Atlassian documents them where that is least convenient
   * for the app (eventually consistent queries and search, late and repeated events, no locale in
   * resolver contexts, create screens, write limits…). Passed to the harness and to the emulator;
   * the package README lists each behaviour.
   */
  strict?: boolean;
  /**
   * Set-up to finish before the sandbox answers anyone but the app itself (the demo project's
   * template, for `npm start`). Until it is done, every outside request gets 503 with `Retry-After`,
   * so nothing created in the first second is treated differently from later.
   */
  setUp?: (sandbox: Sandbox) => Promise<void>;
  /** Options of the Jira emulator (strict mode's tuning: sandbox/jira/strict.ts); `strict` here overrides the flag above for the emulator. */
  jiraOptions?: Pick<JiraEmulatorOptions, 'strict' | 'clock' | 'validatorTimeoutMs'>;
}

export interface Sandbox {
  url: string;
  strict: boolean;
  emulator: JiraEmulator;
  harness: ForgeHarness;
  close(): Promise<void>;
}

export class SandboxStartError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'SandboxStartError';
  }
}

function openDatabase(dbPath: string, reset: boolean): BetterSqlite3.Database {
  const inMemory = dbPath === ':memory:' || dbPath === '';
  if (!inMemory) {
    if (reset) for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) rmSync(f, { force: true });
    mkdirSync(dirname(dbPath), { recursive: true });
  }
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(inMemory ? ':memory:' : dbPath, { timeout: 2000 });
    if (!inMemory) db.pragma('journal_mode = WAL');
    // A write now shows at once whether another process holds the database.
    db.exec('CREATE TABLE IF NOT EXISTS sandbox_meta (k TEXT PRIMARY KEY, v TEXT)');
    db.prepare("INSERT INTO sandbox_meta (k, v) VALUES ('opened_at', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v").run(
      new Date().toISOString(),
    );
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'DB_ERROR';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new SandboxStartError(
        `The sandbox database ${dbPath} is locked by another process (is another sandbox running?). Stop it or use --reset with another data folder.`,
        'DB_LOCKED',
      );
    }
    throw new SandboxStartError(`Cannot open the sandbox database ${dbPath}: ${e instanceof Error ? e.message : String(e)}`, code);
  }
  return db;
}

export async function createSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const db = openDatabase(opts.dbPath ?? ':memory:', opts.reset === true);
  const strict = opts.strict === true;
  const harness = createForgeHarness({ ...opts.harnessOptions, db, strict });
  const emulator = createJiraEmulator({
    ...opts.jiraOptions,
    strict: opts.jiraOptions?.strict ?? strict,
    db,
    hooks: harness.emulatorHooks,
  });

  let ready = opts.setUp === undefined;
  const server = createServer((req, res) => {
    void (async () => {
      try {
        // Until the set-up is done only the app's own requests (the harness's, which name their actor) pass.
        if (!ready && req.headers['x-sandbox-actor'] === undefined) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
          res.end('The sandbox is starting; try again in a moment.');
          return;
        }
        if (await harness.runInRequestScope(req, () => emulator.handle(req, res))) return;
        if (await harness.handleControl(req, res)) return;
        if (opts.extraHandler && (await opts.extraHandler(req, res))) return;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Not found: ${req.method ?? 'GET'} ${req.url ?? '/'}`);
      } catch (e) {
        console.error('[sandbox] request failed:', e);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal sandbox error');
      }
    })();
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(
          new SandboxStartError(
            `Port ${opts.port ?? 0} on ${host} is already in use. Stop the other process or set PORT to a free port.`,
            'EADDRINUSE',
          ),
        );
      else reject(e);
    });
    server.listen(opts.port ?? 0, host, () => resolve((server.address() as AddressInfo).port));
  }).catch(async (e: unknown) => {
    await harness.close();
    db.close();
    throw e;
  });

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  harness.attachJira(url);

  let closed = false;
  const sandbox: Sandbox = {
    url,
    strict,
    emulator,
    harness,
    async close() {
      if (closed) return;
      closed = true;
      // The harness stops scheduling and lets running deliveries finish (they still reach Jira);
      // events Jira emits meanwhile are persisted and delivered after the next start.
      await harness.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // Let the emulator's after-response hooks (issue events) run before the database closes.
      await new Promise<void>((resolve) => setImmediate(resolve));
      db.close();
    },
  };
  if (opts.setUp) {
    try {
      await opts.setUp(sandbox);
    } finally {
      ready = true;
    }
  }
  return sandbox;
}
