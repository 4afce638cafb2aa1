/**
 * npm start: the local Käyttöönotto demo on one machine.
 *
 *   npm start -- [--port 8080] [--data-dir .sandbox-data] [--reset] [--strict]
 *
 * Starts the Jira emulator, the Forge runtime harness and the host pages on one loopback server
 * (127.0.0.1 only: the host pages let anyone act as any seeded user) with a SQLite file database.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createHostHandler,
  createSandbox,
  DEFAULT_ACTOR_EMAIL,
  SandboxStartError,
  SETTINGS_PATH,
  type HostHandler,
  type Sandbox,
} from '@kayttoonotto/forge-sandbox';
import { ensureDemoSettings } from './demo';

// The app the sandbox runs: this repository (manifest.yml, src/, locales/, static/), whatever the current directory.
process.env.FORGE_APP_DIR ??= path.resolve(__dirname, '..', '..');

interface Options {
  port: number;
  dataDir: string;
  reset: boolean;
  strict: boolean;
}

const USAGE = `Usage: npm start -- [--port <n>] [--data-dir <folder>] [--reset] [--strict]
  --port      TCP port on 127.0.0.1 (default: $PORT or 8080; 0 picks a free one)
  --data-dir  folder of the SQLite database (default: .sandbox-data/)
  --reset     start from a clean database (deletes the sandbox's data)
  --strict    Forge and Jira behave as Atlassian documents them where that is least convenient
              (lagging queries and search, late and repeated events, no locale in resolver contexts…;
              see packages/forge-sandbox/README.md)`;

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Options {
  const options: Options = { port: env.PORT ? Number(env.PORT) : 8080, dataDir: '.sandbox-data', reset: false, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--port') options.port = Number(value());
    else if (flag === '--data-dir') options.dataDir = value();
    else if (flag === '--reset') options.reset = true;
    else if (flag === '--strict') options.strict = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw new Error(`--port must be 0–65535 (got ${String(options.port)})`);
  return options;
}

/**
 * One sandbox per data folder: SQLite in WAL mode would let a second process open the same file and
 * the two would run the app's triggers twice. The lock file holds the owner's pid; a stale one is taken over.
 */
export function acquireDataLock(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'sandbox.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(lockPath, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      let alive: boolean;
      try {
        if (owner > 0) process.kill(owner, 0);
        alive = owner > 0;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive)
        throw new Error(
          `The database in ${dataDir} is locked: another sandbox (pid ${owner}) is using it. Stop it, or use another --data-dir.`,
          { cause: e },
        );
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Cannot lock ${lockPath}`);
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const dbPath = path.resolve(options.dataDir, 'sandbox.db');
  let lock: { release(): void };
  try {
    lock = acquireDataLock(path.resolve(options.dataDir));
  } catch (e) {
    console.error(`Cannot start the sandbox: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  let host: HostHandler | null = null;
  const extraHandler = (req: IncomingMessage, res: ServerResponse): Promise<boolean> => (host ? host(req, res) : Promise.resolve(false));
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox({
      dbPath,
      reset: options.reset,
      port: options.port,
      host: '127.0.0.1',
      extraHandler,
      strict: options.strict,
      // The REST API and the pages answer (503 until then) only once DEMO's template is set up.
      setUp: async (sb) => {
        host = createHostHandler({ sandbox: sb });
        try {
          const outcome = await ensureDemoSettings(sb);
          if (outcome === 'saved') console.log('Set up project DEMO with the Käyttöönotto template (first start).');
        } catch (e) {
          console.error(`Warning: could not set up DEMO's settings: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    });
  } catch (e) {
    if (e instanceof SandboxStartError) {
      console.error(`Cannot start the sandbox: ${e.message}`);
      if (e.code === 'EADDRINUSE') console.error(`Try: npm start -- --port ${options.port + 1}`);
    } else console.error('Cannot start the sandbox:', e);
    lock.release();
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    sandbox
      .close()
      .then(() => {
        lock.release();
        console.log('Stopped. Data kept in', dbPath);
        process.exit(0);
      })
      .catch((e: unknown) => {
        lock.release();
        console.error('Error while stopping:', e);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const users = sandbox.emulator.users.all().filter((u) => u.accountType !== 'app' && u.emailAddress);
  const width = Math.max(...users.map((u) => (u.emailAddress ?? '').length));
  console.log(`
Käyttöönotto for Jira – local sandbox (loopback only)
  Open:      ${sandbox.url}/
  Demo:      ${sandbox.url}/projects/DEMO
  Settings:  ${sandbox.url}${SETTINGS_PATH('DEMO')}?as=admin@sandbox.test
  Deployments: ${sandbox.url}/projects/DEMO/kayttoonotto   Dashboard: ${sandbox.url}/dashboard?as=ohjausryhma@sandbox.test
  REST API:  ${sandbox.url}/rest/api/3/…  (HTTP Basic: <email>:<any token>)
  Database:  ${dbPath}${options.reset ? ' (reset)' : ''}
  Mode:      ${options.strict ? 'strict (Forge and Jira as documented; see packages/forge-sandbox/README.md)' : 'convenient (npm start -- --strict for the platform as documented)'}

Act as a user by adding ?as=<email> (default ${DEFAULT_ACTOR_EMAIL}); &locale=fi-FI|sv-SE|en-US; &theme=light|dark
${users.map((u) => `  ${(u.emailAddress ?? '').padEnd(width)}  ${u.displayName.padEnd(28)} ${sandbox.url}/?as=${encodeURIComponent(u.emailAddress ?? '')}`).join('\n')}

Ctrl-C stops the sandbox.`);
}

void main();
