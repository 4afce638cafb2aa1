/**
 * The sandbox answers only when it is ready (issue 19): during its set-up (for `npm start`, the demo
 * project's template) every outside request gets 503 with Retry-After, while the app's own requests
 * (the harness's, naming their actor) pass; afterwards everyone is answered. `npm start` wires the
 * demo set-up this way, so an epic created as soon as the REST API answers spawns like any other.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { seedDemoSettings } from '../../dev/sandbox/demo';
import { quiet } from '../app/helpers';

const basic = `Basic ${Buffer.from('hankepaallikko@sandbox.test:x').toString('base64')}`;
const myself = (url: string) => fetch(`${url}/rest/api/3/myself`, { headers: { authorization: basic } });

describe('the sandbox answers only once it is set up', () => {
  let sb: Sandbox | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  it('refuses outside requests with 503 and Retry-After during the set-up, lets the app through, then answers', async () => {
    const during: { status: number; retryAfter: string | null }[] = [];
    sb = await createSandbox({
      harnessOptions: { logger: quiet },
      setUp: async (s) => {
        const r = await myself(s.url);
        during.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
        // The set-up itself goes through the app's resolver, which calls Jira as the harness does.
        await seedDemoSettings(s);
      },
    });
    expect(during).toEqual([{ status: 503, retryAfter: '1' }]);
    expect((await myself(sb.url)).status).toBe(200);
  });

  it('npm start: an epic created the moment the REST API answers spawns its 38 children', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'kt-ready-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'dev/sandbox/main.ts', '--port', String(port), '--data-dir', dataDir], {
      cwd: join(__dirname, '..', '..'),
      stdio: 'ignore',
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const url = `http://127.0.0.1:${port}`;
    try {
      // As a script would: POST until the API answers anything but "not yet".
      let key = '';
      const until = Date.now() + 60_000;
      while (!key && Date.now() < until) {
        try {
          const r = await fetch(`${url}/rest/api/3/issue`, {
            method: 'POST',
            headers: { authorization: basic, 'content-type': 'application/json' },
            body: JSON.stringify({ fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: 'Heti alussa' } }),
          });
          if (r.status === 201) key = ((await r.json()) as { key: string }).key;
          else expect(r.status).toBe(503);
        } catch {
          // not listening yet
        }
        if (!key) await new Promise((r) => setTimeout(r, 20));
      }
      expect(key).toMatch(/^DEMO-\d+$/);
      let count = 0;
      while (count < 38 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        const r = await fetch(`${url}/rest/api/3/search/jql`, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/json' },
          body: JSON.stringify({ jql: `parent = ${key}`, fields: ['summary'], maxResults: 100 }),
        });
        count = ((await r.json()) as { issues: unknown[] }).issues.length;
      }
      expect(count).toBe(38);
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
