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
 * Prints one JSON line `{"url": ...}` on stdout when it serves; SIGTERM stops it cleanly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createSandbox } from '../../../sandbox/sandbox';
import { ensureDemoSettings } from '../../../sandbox/demo';
import { spawnTuning } from '../../../src/services/spawn';
import { effectiveSpawnStatus } from '../../../src/storage/store';
import type { SpawnStatus } from '../../../src/shared/api';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: sandbox-process.ts <data-dir>');
  spawnTuning.chunkSize = 4;
  spawnTuning.timePerChunkMs = 2_000;
  spawnTuning.claimMarginMs = 2_000;
  const toStderr = { error: console.error, warn: console.error, info: console.error };
  // GET /__crash/spawn?epicId=<id>: the epic's spawn status as the panel reads it.
  let dump: () => Record<string, unknown> = () => ({});
  const extraHandler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://x');
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
