/**
 * The sandbox as its own process, for the crash test (test/app/spawn-crash.test.ts): what
 * `npm start -- --strict --data-dir <dir> --port 0` runs, with Jira slowed down and the bulk create
 * cut into chunks of 4, so that a spawn takes seconds and can be killed in the middle. Invocations
 * are limited to 10 s instead of Forge's default 25 s (a function's limit is configurable, and the
 * app takes its deadline from getAppContext().invocationRemainingTimeInMillis(), never from a
 * constant), so a dead owner's claim lapses in seconds and the test waits less.
 *
 *   tsx test/app/crash/sandbox-process.ts <data-dir>
 *
 * Also: `POST /__crash/invoke` calls a panel or settings resolver as a frame would, and
 * `GET /__crash/kvs?prefix=` lists the app's stored keys (test/app/upgrade-crash.test.ts).
 *
 * Prints one JSON line `{"url": ...}` on stdout when it serves; SIGTERM stops it cleanly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createSandbox } from '@kayttoonotto/forge-sandbox';
import { ensureDemoSettings } from '../../../dev/sandbox/demo';
import { spawnTuning } from '../../../src/services/items/spawn-queue';
import { inDoubt } from '../../../src/services/items/in-doubt';
import { settingsContext } from '../../../dev/sandbox/demo';
import { DEMO_PROJECT, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { effectiveSpawnStatus } from '../../../src/storage/store';
import type { SpawnStatus } from '../../../src/shared/api';

interface CrashInvoke {
  resolver: 'panel-resolver' | 'settings-resolver' | 'portfolio-resolver';
  name: string;
  payload: unknown;
  accountId: string;
  epic?: { id: string; key: string };
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: sandbox-process.ts <data-dir>');
  spawnTuning.chunkSize = 4;
  spawnTuning.timePerChunkMs = 2_000;
  spawnTuning.claimMarginMs = 2_000;
  // Compressed like the emulator's other delays (its search lags 1.5 s): a request in doubt waits 5 s.
  inDoubt.uncertainMs = 5_000;
  const toStderr = { error: console.error, warn: console.error, info: console.error };
  // GET /__crash/spawn?epicId=<id>: the epic's spawn status as the panel reads it.
  let dump: () => Record<string, unknown> = () => ({});
  let invoke: (body: CrashInvoke) => Promise<unknown> = () => Promise.resolve(null);
  const extraHandler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__crash/invoke' && req.method === 'POST') {
      // A resolver call as the panel's or the settings page's frame makes it (the answer, or null when killed first).
      let raw = '';
      for await (const chunk of req) raw += String(chunk);
      const answer = await invoke(JSON.parse(raw) as CrashInvoke);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ answer }));
      return true;
    }
    if (url.pathname === '/__crash/kvs') {
      const prefix = url.searchParams.get('prefix') ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(Object.fromEntries(Object.entries(dump()).filter(([k]) => k.startsWith(prefix)))));
      return true;
    }
    if (url.pathname !== '/__crash/spawn') return false;
    const stored = dump()[`epic:${url.searchParams.get('epicId') ?? ''}:spawn`] as SpawnStatus | undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ stored: stored ?? null, shown: effectiveSpawnStatus(stored ?? null) }));
    return true;
  };
  const sb = await createSandbox({
    dbPath: join(dataDir, 'sandbox.db'),
    strict: true,
    port: 0,
    harnessOptions: { logger: toStderr, invocationTimeoutMs: Number(process.env.CRASH_TEST_INVOCATION_MS ?? 10_000) },
    extraHandler,
  });
  dump = () => sb.harness.kvs.dump();
  invoke = (b) =>
    sb.harness.invokeResolver(
      b.resolver,
      b.name,
      b.payload,
      b.resolver === 'portfolio-resolver'
        ? {
            accountId: b.accountId,
            moduleKey: 'deployments-page',
            locale: 'en-US',
            extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
          }
        : b.epic
          ? {
              accountId: b.accountId,
              moduleKey: 'phase-panel',
              locale: 'en-US',
              extension: {
                issue: { id: b.epic.id, key: b.epic.key, type: 'Epic', typeId: ISSUE_TYPE_IDS.epic },
                project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' },
              },
            }
          : { ...settingsContext(b.accountId), locale: 'en-US' },
    );
  sb.emulator.faults.setLatency(Number(process.env.CRASH_TEST_LATENCY_MS ?? 250));
  await ensureDemoSettings(sb);
  process.on('SIGTERM', () => {
    void sb.close().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: sb.url, pid: process.pid })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
