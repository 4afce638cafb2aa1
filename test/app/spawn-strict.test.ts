/**
 * The app under the sandbox's strict mode (packages/forge-sandbox/README.md, fidelity table): storage read
 * strictly, events retried only when worth it, one retry mechanism, spawns that never look
 * "running" without an owner, and an honest Re-sync.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_PROJECT } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { children, createEpic, HOLDER, ok, panel, startApp } from './helpers';

function putKvs(sb: Sandbox, key: string, value: unknown): void {
  sb.emulator.db
    .prepare(
      `INSERT INTO forge_kvs (ns, entity, key, value, created_at, updated_at, expire_at) VALUES ('kv', '', ?, ?, ?, ?, NULL)
      ON CONFLICT (ns, entity, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(key, JSON.stringify(value), Date.now(), Date.now());
}

/** Bulk creates per invocation of the app. */
function bulkPostsPerInvocation(sb: Sandbox): number[] {
  const per = new Map<string, number>();
  for (const c of sb.harness.jiraLog)
    if (c.method === 'POST' && c.path === '/rest/api/3/issue/bulk') per.set(c.invocationId, (per.get(c.invocationId) ?? 0) + 1);
  return [...per.values()];
}

// Spawn continuations: the spawn consumer's events after the first run the trigger queued (`start`);
// other queues, such as the summary writer's, are not spawn steps.
const continuations = (sb: Sandbox) =>
  sb.harness.triggers.events().filter((e) => {
    const body = e.payload.body as { watchdog?: boolean; start?: boolean };
    return e.moduleKey === 'spawn-consumer' && !body.watchdog && !body.start;
  });

describe('strict mode: the app reads its state strictly (kvs.query is eventually consistent)', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('nothing the trigger, the queue or the validators decide is read with a query; a confirmation shows at once', async () => {
    sb = await startApp({ kvsQueryLagMs: 5_000 });
    const epic = await createEpic(sb, 'Vahva luku');
    await sb.harness.triggers.drain();
    const condition = CURRENT_TEMPLATE.gates.exit.conditions.flatMap((c) =>
      c.kind === 'attestation' && !c.approval && c.evidence !== 'required' ? [c] : [],
    )[0]!;
    ok(await panel(sb, HOLDER[condition.attestRoles[0]!], epic, 'attest', { conditionId: condition.id }));
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.attestations.map((a) => a.conditionId)).toContain(condition.id);
    const decisive = new Set(['issue-event', 'spawn-continue', 'exit-gate', 'entry-gate']);
    expect(sb.harness.kvsLog.filter((k) => decisive.has(k.functionKey) && k.path.endsWith('/query'))).toEqual([]);
    expect(sb.harness.kvsLog.some((k) => k.functionKey === 'spawn-continue' && k.path.endsWith('/batch/get'))).toBe(true);
  });

  it('a malformed stored record is a fault that names its key, not a silently wrong value', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Rikkinäinen tietue');
    await sb.harness.triggers.drain();
    putKvs(sb, `epic:${epic.id}:risk`, 42);
    const logged: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    });
    try {
      const r = await panel(sb, 'hankepaallikko', epic, 'getPanel', {});
      expect(r.ok === false && r.error.code).toBe('INTERNAL');
      expect(logged.join('\n')).toContain(`Stored record "epic:${epic.id}:risk" is malformed`);
    } finally {
      spy.mockRestore();
    }
  });

  it('the trigger reads the project settings once, and spawnPhase does not read them again', async () => {
    sb = await startApp();
    await createEpic(sb, 'Asetukset kerran');
    await sb.harness.triggers.drain();
    const perInvocation = new Map<string, number>();
    for (const k of sb.harness.kvsLog.filter((k) => k.functionKey === 'issue-event')) {
      const n = k.keys.filter((key) => key === `settings:${DEMO_PROJECT.id}`).length;
      perInvocation.set(k.invocationId, (perInvocation.get(k.invocationId) ?? 0) + n);
    }
    expect(perInvocation.size).toBeGreaterThan(0);
    expect([...perInvocation.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('strict mode: events are retried only when that can help', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('a permanent error in the spawn-queue consumer is acknowledged and logged, not retried for a day', async () => {
    sb = await startApp();
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      sb.harness.triggers.push('spawn-queue', { epicKey: 'DEMO-999', epicId: '99999' });
      await sb.harness.triggers.drain();
      expect(spy.mock.calls.map((c) => String(c[0])).join('\n')).toContain('DEMO-999');
    } finally {
      spy.mockRestore();
    }
    const events = sb.harness.triggers.events().filter((e) => e.kind === 'consumer' && e.primary);
    expect(events.map((e) => [e.state, e.log.length])).toEqual([['done', 1]]);
  });

  it.each([
    ['with an empty errors map', { errorMessages: ['The request could not be processed.'], errors: {} }],
    ['with error messages only', { errorMessages: ['The request could not be processed.'] }],
  ])('a request-level 400 on the bulk create (%s) fails the batch once: no reposting, no continuation', async (_shape, body) => {
    sb = await startApp();
    sb.harness.overrideJira({ method: 'POST', pathPrefix: '/rest/api/3/issue/bulk', status: 400, body, times: 1000 });
    const epic = await createEpic(sb, 'Pyyntö hylätty');
    await sb.harness.triggers.drain();
    expect(bulkPostsPerInvocation(sb).every((n) => n === 1)).toBe(true);
    expect(continuations(sb)).toEqual([]);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.spawn.state).toBe('partial');
    expect(view.phase?.spawn.warnings.filter((w) => w.code === 'CREATE_FAILED')).toHaveLength(38);
    expect(await children(sb, epic.key)).toHaveLength(0);
  });

  it('one retry mechanism: a 5xx on the bulk create is reconciled, the invocation stops, and Forge redelivers the event', async () => {
    sb = await startApp();
    sb.emulator.faults.injectFaults([
      { match: { method: 'POST', pathPrefix: '/rest/api/3/issue/bulk' }, kind: 'status', status: 503, times: 1 },
    ]);
    const epic = await createEpic(sb, 'Yksi uudelleenyritys');
    await sb.harness.triggers.drain();
    expect(bulkPostsPerInvocation(sb).every((n) => n === 1)).toBe(true);
    expect(sb.harness.triggers.deliveries.some((d) => d.functionKey === 'spawn-continue' && d.outcome === 'retry-requested')).toBe(true);
    const rows = await children(sb, epic.key);
    expect(new Set(rows.map((r) => r.itemId)).size).toBe(38);
    expect(rows).toHaveLength(38);
  });
});

describe('strict mode: a spawn never looks "running" without an owner, and Re-sync says what it did', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('a "running" status whose owner\'s claim has lapsed reads as partial', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Omistaja poissa');
    await sb.harness.triggers.drain();
    putKvs(sb, `epic:${epic.id}:spawn`, {
      state: 'running',
      created: 7,
      total: 38,
      warnings: [],
      owner: 'gone',
      ownerExpiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.spawn).toMatchObject({ state: 'partial', created: 7 });
    putKvs(sb, `epic:${epic.id}:spawn`, {
      state: 'running',
      created: 7,
      total: 38,
      warnings: [],
      owner: 'alive',
      ownerExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).phase?.spawn.state).toBe('running');
  });

  it('Re-sync while another run holds the spawn says so and when to try again, instead of "done"', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Toinen ajo');
    await sb.harness.triggers.drain();
    putKvs(sb, `lock:${epic.id}`, { owner: 'someone-else', expiresAt: Date.now() + 20_000 });
    const r = await panel(sb, 'hankepaallikko', epic, 'resync', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toMatch(/yritä uudelleen (1\d|20) s kuluttua/i);
    }
  });
});

describe('public Forge APIs only', () => {
  it('no internal __getRuntime(): the remaining time comes from getAppContext() (runtime-reference/app-context-api)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(__dirname, '..', '..', 'src'));
    expect(files.filter((f) => readFileSync(f, 'utf8').includes('__getRuntime'))).toEqual([]);
    expect(readFileSync(join(__dirname, '..', '..', 'src', 'jira', 'transport.ts'), 'utf8')).toContain(
      'getAppContext().invocationRemainingTimeInMillis()',
    );
  });
});
