/**
 * `npm start -- --strict` runs the whole user journey (issue 10): the sandbox's own entry point
 * (dev/sandbox/main.ts, what `npm start` runs after building the UI) as a child process with `--strict`,
 * driven from outside over HTTP only, as a person and the panel would: Jira REST with Basic auth,
 * and the panel's resolvers through the host's bridge endpoint (/__sandbox/invoke, with the frame's
 * context). Create an epic, 38 children exactly once, confirm, waive, complete, Done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { EMAILS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { PanelView, Result } from '../../src/shared/api';
import { invokePanelAs } from '../browser/helpers';
import { approval, attestable, children, createEpic, HOLDER, jira, type UserKey } from './helpers';

const ROOT = join(__dirname, '..', '..');
const t = CURRENT_TEMPLATE;

describe('npm start -- --strict: the whole journey from outside', () => {
  let child: ChildProcess | undefined;
  let exited: Promise<number | null>;
  let dataDir = '';
  let sb: Sandbox; // only its url: the helpers speak HTTP
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kt-strict-journey-'));
    // Node with tsx's loader on the real entry point (not the tsx wrapper, which would leave its node child running).
    child = spawn(process.execPath, ['--import', 'tsx', 'dev/sandbox/main.ts', '--strict', '--port', '0', '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 60 s:\n${output}`)), 60_000);
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        const m = /^\s*Open:\s+(http:\/\/\S+?)\/\s*$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exited.then((code) => reject(new Error(`the sandbox exited (${String(code)}) before it served:\n${output}`)));
    });
    sb = { url } as Sandbox;
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A panel resolver, called as the panel's bridge does (the host builds the context from the frame). */
  async function panel<T>(as: UserKey, epic: { id: string; key: string }, name: string, payload: Record<string, unknown>): Promise<T> {
    const answer = await invokePanelAs(sb, EMAILS[as], epic, name, payload);
    const result = answer.body as Result<T> | undefined;
    if (!result?.ok) throw new Error(`${name} as ${as}: ${JSON.stringify(answer)}`);
    return result.data;
  }

  const transition = async (as: UserKey, key: string, id: string) =>
    (await jira(sb, as, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id } })).status;

  it('strict mode is on, and an epic goes from creation to Done through the gate', async () => {
    expect(output).toMatch(/Mode:\s+strict/);
    const state = (await (await fetch(`${sb.url}/__sandbox/jira/strict`)).json()) as { enabled: boolean };
    expect(state.enabled).toBe(true);

    // 38 children, each item exactly once, though strict mode delivers events late and sometimes twice.
    const epic = await createEpic(sb, 'Tiukka polku');
    const deadline = Date.now() + 60_000;
    let rows = await children(sb, epic.key);
    while (rows.length < 38 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      rows = await children(sb, epic.key);
    }
    await new Promise((r) => setTimeout(r, 2_000)); // late duplicates have had their chance
    rows = await children(sb, epic.key);
    expect(rows).toHaveLength(38);
    expect(new Set(rows.map((r) => r.itemId)).size).toBe(38);

    // The gate holds: Done is refused while anything is open.
    expect(await transition('hankepaallikko', epic.key, TRANSITION_IDS.done)).toBe(400);

    // Entry conditions confirmed by their roles, then In Progress.
    for (const c of attestable('entry'))
      await panel(HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id, ...(c.approval ? { approval } : {}) });
    expect(await transition('hankepaallikko', epic.key, TRANSITION_IDS.inProgress)).toBe(204);

    // One deliverable waived by the steering group after a request; every other item done.
    const waived = t.items.find((i) => i.kind === 'deliverable')!;
    await panel('toteutustiimi', epic, 'requestWaiver', { itemId: waived.id, reason: 'Järjestelmässä ei ole datamigraatiota' });
    await panel('ohjausryhma', epic, 'decideWaiver', { itemId: waived.id, approve: true, comment: 'Hyväksytty' });
    for (const row of rows) if (row.itemId !== waived.id) expect(await transition('admin', row.key, TRANSITION_IDS.done)).toBe(204);

    // Exit conditions, then Done.
    for (const c of attestable('exit'))
      await panel(HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id, ...(c.approval ? { approval } : {}) });
    const view = await panel<PanelView>('hankepaallikko', epic, 'getPanel', {});
    expect(view.gates.exit.unmet).toEqual([]);
    expect(await transition('hankepaallikko', epic.key, TRANSITION_IDS.done)).toBe(204);
    expect((await panel<PanelView>('hankepaallikko', epic, 'getPanel', {})).status).toBe('done');
  }, 180_000);
});
