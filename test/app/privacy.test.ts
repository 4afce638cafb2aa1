/**
 * Personal data reporting and erasure (issue 14), through the sandbox: the real scheduled trigger
 * and queue consumer, the real `privacy.reportPersonalData` of @forge/api, the sandbox's emulation
 * of the reporting API (packages/forge-sandbox/src/forge/privacy.ts) and its KVS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { seedDemoSettings, settingsContext } from '../../dev/sandbox/demo';
import { KvsStore } from '@kayttoonotto/forge-sandbox/forge/kvs-store';
import { ACCOUNT_IDS, SEED_USERS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { replayAudit, replayDifferences } from '../../src/core/audit-replay';
import { verifyDossier } from '../../src/core/dossier';
import { privacyTuning, type RunState } from '../../src/services/privacy/personal-data-run';
import { PERSONAL_DATA_PREFIXES } from '../../src/storage/privacy';
import { userLocaleKey } from '../../src/storage/store';
import type { PanelView } from '../../src/shared/api';
import { isPseudonym } from '../../src/shared/privacy';
import { approval, attestable, createEpic, HOLDER, jira, ok, panel, quiet, wholeAudit } from './helpers';

const t = CURRENT_TEMPLATE;
const STEERING_ID = ACCOUNT_IDS.ohjausryhma;
const STEERING_NAME = SEED_USERS.find((u) => u.accountId === STEERING_ID)!.displayName;
const tuningDefaults = { ...privacyTuning };

async function startSandbox(opts: { duplicates?: number; timeoutMs?: number; dbPath?: string } = {}): Promise<Sandbox> {
  const sb = await createSandbox({
    ...(opts.dbPath ? { dbPath: opts.dbPath } : {}),
    harnessOptions: {
      triggerDelayMs: 5,
      triggerDuplicates: opts.duplicates ?? 1,
      retryBaseDelayMs: 10,
      queueDelayScale: 0.001,
      logger: quiet,
      ...(opts.timeoutMs ? { invocationTimeoutMs: opts.timeoutMs } : {}),
    },
  });
  await seedDemoSettings(sb);
  return sb;
}

async function runReport(sb: Sandbox) {
  const run = await sb.harness.scheduled.run('privacy-report');
  await sb.harness.triggers.drain();
  return run;
}

const runState = (sb: Sandbox) => sb.harness.kvs.dump()['privacy:run'] as RunState | undefined;

/** What the gates say, condition by condition. */
const gateState = (v: PanelView) =>
  (['entry', 'exit'] as const).map((g) => ({
    gate: g,
    passed: v.gates[g].passed,
    conditions: v.gates[g].conditions.map((c) => [c.conditionId, c.status, c.passed]),
  }));

/** The panel's view without what Jira itself holds about the children (their assignee is Jira's data, not the app's). */
function appData(v: PanelView): unknown {
  return {
    ...v,
    readiness: {
      ...v.readiness,
      items: v.readiness.items.map((i) => ({ ...i, child: i.child ? { ...i.child, assigneeAccountId: null } : null })),
    },
  };
}

afterEach(() => {
  Object.assign(privacyTuning, tuningDefaults);
});

describe('a closed account: the steering group member is erased from the app, the gate and the trail hold', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  let before: PanelView;
  let firstRun: { statusCode: number; state: RunState; calls: typeof sb.harness.privacy.calls; dumpBefore: string };
  const dbPath = join(mkdtempSync(join(tmpdir(), 'kt-privacy-')), 'sandbox.db');
  beforeAll(async () => {
    sb = await startSandbox({ dbPath });
    epic = await createEpic(sb, 'Tietosuojatesti');
    await sb.harness.triggers.drain();
    for (const c of attestable('entry')) {
      ok(
        await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', {
          conditionId: c.id,
          evidenceUrl: 'https://example.invalid/ohjausryhma/poytakirja-12',
          ...(c.approval ? { approval, comment: 'Ohjausryhmän kokous 12/2026' } : {}),
        }),
      );
    }
    expect(
      (
        await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, {
          transition: { id: TRANSITION_IDS.inProgress },
        })
      ).status,
    ).toBe(204);
    const waived = t.items.find((i) => i.kind === 'deliverable')!;
    // Someone else names the steering group member in free text.
    ok(
      await panel(sb, 'toteutustiimi', epic, 'requestWaiver', {
        itemId: waived.id,
        reason: `Ei datamigraatiota; sovittu: ${STEERING_NAME}`,
      }),
    );
    ok(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: waived.id, approve: true, comment: 'Hyväksytty' }));
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    for (const item of view.readiness.items) {
      if (item.state === 'waived' || !item.child) continue;
      expect(
        (await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${item.child.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
          .status,
      ).toBe(204);
    }
    for (const c of attestable('exit'))
      ok(await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id, evidenceUrl: 'https://example.invalid/e' }));
    expect(
      (await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
        .status,
    ).toBe(204);
    // The admin saves a project template version (it records who saved it).
    const doc = serializeTemplate(CURRENT_TEMPLATE, 'json').replace(`"version": "${CURRENT_TEMPLATE.version}"`, '"version": "9.0.0"');
    const saved = (await sb.harness.invokeResolver(
      'settings-resolver',
      'saveProjectTemplate',
      { text: doc, locale: 'en-US' },
      { ...settingsContext(ACCOUNT_IDS.admin), locale: 'en-US' },
    )) as { ok: boolean };
    expect(saved.ok).toBe(true);
    before = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    // The steering group member opened the panel in Swedish: the app remembers their language.
    ok(await panel(sb, 'ohjausryhma', epic, 'getPanel', {}, 'sv-SE'));
    expect(sb.harness.kvs.dump()[userLocaleKey(STEERING_ID)]).toEqual({ locale: 'sv-SE' });
    const dumpBefore = JSON.stringify(sb.harness.kvs.dump());
    // The steering group member's account is closed, and the weekly report runs.
    sb.harness.privacy.setAccounts({ closed: [STEERING_ID] });
    const run = await runReport(sb);
    firstRun = { statusCode: run.statusCode, state: runState(sb)!, calls: [...sb.harness.privacy.calls], dumpBefore };
  });
  afterAll(async () => {
    await sb.close();
  });

  it('reports every stored account, and after the steering member is closed nothing the app stores or exports holds their id or name', async () => {
    expect(before.status).toBe('done');
    expect(firstRun.dumpBefore).toContain(STEERING_ID);
    expect(firstRun.dumpBefore).toContain(STEERING_NAME);
    expect(firstRun.statusCode).toBe(204);
    const state = firstRun.state;
    expect(state.phase).toBe('done');
    // The remembered language (a hash of the id as its key) goes with the account.
    expect(sb.harness.kvs.dump()[userLocaleKey(STEERING_ID)]).toBeUndefined();
    expect(sb.harness.kvs.dump()[userLocaleKey(ACCOUNT_IDS.hankepaallikko)]).toBeDefined();
    expect(state.stats).toMatchObject({ closed: 1, rosterRolesLeft: 1, defaultRosterEntriesCleared: 1 });

    // What was reported: every account the app stores (the roles' people and the admin who saved the settings), once, ≤ 90 a call.
    const reported = firstRun.calls.flatMap((c) => c.accounts.map((a) => a.accountId));
    expect(new Set(reported)).toEqual(new Set([ACCOUNT_IDS.admin, ...Object.values(HOLDER).map((k) => ACCOUNT_IDS[k])]));
    expect(reported).toHaveLength(new Set(reported).size);
    for (const c of firstRun.calls) for (const a of c.accounts) expect(Date.parse(a.updatedAt)).toBeLessThanOrEqual(Date.now());

    // No stored record, audit entry or export holds the id or the name.
    const stored = JSON.stringify(sb.harness.kvs.dump());
    expect(stored).not.toContain(STEERING_ID);
    expect(stored).not.toContain(STEERING_NAME);
    const after = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    const audit = await wholeAudit(sb, epic);
    const dossier = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {}));
    for (const exported of [JSON.stringify(appData(after)), JSON.stringify(audit), JSON.stringify(dossier.dossier), dossier.html]) {
      expect(exported).not.toContain(STEERING_ID);
      expect(exported).not.toContain(STEERING_NAME);
    }

    // The gate state is unchanged; the steering member left the roster, and a pseudonym confirmed the risk acceptance.
    expect(after.status).toBe('done');
    expect(gateState(after)).toEqual(gateState(before));
    expect(after.roster['steering-group']).toBeUndefined();
    const risk = after.attestations.find((a) => a.approval)!;
    expect(isPseudonym(risk.attestedBy)).toBe(true);
    expect(after.waivers[0]!.decidedBy).toBe(risk.attestedBy);
    expect(after.waivers[0]!.reason).toBe(`Ei datamigraatiota; sovittu: ${risk.attestedBy}`);

    // The audit trail still replays into the stored state, with the same pseudonym in the entries.
    expect(
      replayDifferences(replayAudit(audit), {
        roster: after.roster,
        riskLevel: after.phase!.riskLevel,
        attestations: after.attestations,
        waivers: after.waivers,
      }),
    ).toEqual([]);
    const left = audit.find((e) => e.action === 'roster.changed' && e.by === 'app');
    expect(left).toMatchObject({ subject: 'steering-group', before: risk.attestedBy, after: null });
    expect(audit.filter((e) => e.by === risk.attestedBy).map((e) => e.action)).toEqual(
      expect.arrayContaining(['attestation.added', 'waiver.approved']),
    );
    expect(dossier.dossier.content.auditReplay).toEqual({ consistent: true, differences: [] });
    expect(verifyDossier(dossier.dossier).ok).toBe(true);

    // The project's default roster no longer names the closed account.
    const settings = sb.harness.kvs.dump()['settings:10000'] as { defaultRoster: Record<string, unknown> };
    expect(settings.defaultRoster['steering-group']).toEqual({ type: 'none' });
  });

  it('no table the app writes, in its storage or in Jira, holds the id or the name (the database dumped and searched)', () => {
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      // Jira's own records of people and work (its users, roles, the issues' assignee/reporter fields: Jira
      // handles closed accounts there), the platform's event log (Forge keeps events 24 h) and the
      // sandbox's bookkeeping are not the app's writes; every other table is searched. A new table fails here.
      const notTheApps = new Set([
        'sandbox_meta',
        'forge_events',
        'forge_jobs',
        'jira_users',
        'jira_global_permissions',
        'jira_projects',
        'jira_workflows',
        'jira_issue_types',
        'jira_statuses',
        'jira_transitions',
        'jira_roles',
        'jira_role_actors',
        'jira_permission_grants',
        'jira_issues',
        'jira_workflow_validators',
        'jira_counters',
        'jira_create_screens',
      ]);
      const searched = tables.filter((t) => !notTheApps.has(t)).sort();
      expect(searched).toEqual(['forge_kvs', 'jira_field_values', 'jira_issue_properties']);
      for (const table of searched) {
        const rows = JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all());
        expect(rows.length).toBeGreaterThan(2);
        expect([table, rows.includes(STEERING_ID)]).toEqual([table, false]);
        expect([table, rows.includes(STEERING_NAME)]).toEqual([table, false]);
      }
    } finally {
      db.close();
    }
  });

  it('every kind of record the app wrote is one the run scans (a new kind of record must be added to the scan)', () => {
    expect(Object.keys(sb.harness.kvs.dump()).filter((k) => k.startsWith('ptpl:'))).toHaveLength(1); // savedBy
    const notPersonal = [
      'lock:',
      'summary:',
      'ptplindex:',
      'ptplrules:',
      'privacy:run',
      'privacy:claim:',
      'privacy:list:',
      'privacy:found:',
      'secret:privacy:pseudonym-key',
      'ulocale:', // a language under a hash of the account id: deleted by the run when the account closes, and expires by itself
    ];
    const unscanned = Object.keys(sb.harness.kvs.dump()).filter(
      (k) => !PERSONAL_DATA_PREFIXES.some((p) => k.startsWith(p)) && !notPersonal.some((p) => k.startsWith(p)),
    );
    expect(unscanned).toEqual([]);
  });

  it('a second run is idempotent: the pseudonym is not reported, nothing is rewritten', async () => {
    privacyTuning.minHoursBetweenRuns = 0;
    const dumpBefore = sb.harness.kvs.dump();
    const callsBefore = sb.harness.privacy.calls.length;
    expect((await runReport(sb)).statusCode).toBe(204);
    const state = runState(sb)!;
    expect(state).toMatchObject({ phase: 'done', stats: { recordsRewritten: 0, closed: 0 } });
    expect(state.number).toBeGreaterThan(firstRun.state.number);
    const reported = sb.harness.privacy.calls.slice(callsBefore).flatMap((c) => c.accounts.map((a) => a.accountId));
    expect(reported.some(isPseudonym)).toBe(false);
    expect(reported).not.toContain(STEERING_ID);
    const strip = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('privacy:')));
    expect(strip(sb.harness.kvs.dump())).toEqual(strip(dumpBefore));
  });

  it('is not due again within the cycle period', async () => {
    const callsBefore = sb.harness.privacy.calls.length;
    const run = await runReport(sb);
    expect(run.result).toMatchObject({ statusCode: 204, statusText: 'not-due' });
    expect(sb.harness.privacy.calls.length).toBe(callsBefore);
  });

  it('the dossier is refused to someone who cannot see the epic, and before the phase is closed', async () => {
    const outsider = await panel(sb, 'outsider', epic, 'getDossier', {});
    expect(outsider.ok === false && outsider.error.code).toBe('NOT_FOUND');
    const open = await createEpic(sb, 'Kesken oleva vaihe');
    await sb.harness.triggers.drain();
    const early = await panel(sb, 'hankepaallikko', open, 'getDossier', {}, 'en-US');
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('once the deployment phase is closed') },
    });
  });

  it('the sandbox controls work over HTTP: mark accounts, list calls, run a scheduled trigger', async () => {
    const post = async (path: string, body?: unknown) => {
      const res = await fetch(sb.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const marked = await post('/__sandbox/privacy/accounts', { updated: ['sandbox-arkkitehti'] });
    expect(marked.body.accounts).toMatchObject({
      [STEERING_ID]: { status: 'closed' },
      'sandbox-arkkitehti': { status: 'updated', changedAt: expect.any(String) },
    });
    const listed = (await (await fetch(`${sb.url}/__sandbox/privacy/accounts`)).json()) as { calls: unknown[] };
    expect(listed.calls.length).toBe(sb.harness.privacy.calls.length);
    privacyTuning.minHoursBetweenRuns = 0;
    const ran = await post('/__sandbox/scheduled/privacy-report/run');
    expect(ran.status).toBe(200);
    expect(ran.body).toMatchObject({ run: { key: 'privacy-report', statusCode: 204, result: { statusCode: 204, statusText: 'started' } } });
    expect(ran.body.privacyCalls).toBe(1);
    expect(sb.harness.privacy.calls.at(-1)!.answered).toEqual([{ accountId: 'sandbox-arkkitehti', status: 'updated' }]);
    expect((await post('/__sandbox/scheduled/no-such-trigger/run')).status).toBe(400);
    const scheduled = (await (await fetch(`${sb.url}/__sandbox/scheduled`)).json()) as { triggers: unknown[] };
    expect(scheduled.triggers).toEqual([{ key: 'privacy-report', function: 'personal-data-report', interval: 'hour' }]);
  });

  it('the dossier of the completed epic verifies with the CLI; one altered character fails it', async () => {
    const { dossier } = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {}));
    const dir = mkdtempSync(join(tmpdir(), 'dossier-'));
    try {
      const good = join(dir, 'good.json');
      const bad = join(dir, 'bad.json');
      const text = JSON.stringify(dossier, null, 2);
      writeFileSync(good, text);
      const at = text.indexOf('Ei datamigraatiota');
      expect(at).toBeGreaterThan(0);
      writeFileSync(bad, `${text.slice(0, at)}E${text.slice(at + 1).replace(/^i/, 'j')}`);
      const cli = (file: string) => {
        try {
          return {
            code: 0,
            out: execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/dossier.ts', 'verify', file], { encoding: 'utf8' }),
          };
        } catch (e) {
          const err = e as { status: number; stdout: string };
          return { code: err.status, out: err.stdout };
        }
      };
      const okRun = cli(good);
      expect(okRun).toMatchObject({ code: 0 });
      expect(okRun.out).toContain(dossier.digest.value);
      const badRun = cli(bad);
      expect(badRun.code).toBe(1);
      expect(badRun.out).toContain('does not match its digest');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('5,000 account ids: batches of 90, resumable across invocations, each account once', () => {
  const N = 5000;
  const ids = Array.from({ length: N }, (_, i) => `acct-${String(i).padStart(5, '0')}`);
  const closed = [ids[7]!, ids[4321]!, ids[4999]!];
  const updated = ids.slice(100, 110);
  let sb: Sandbox;
  let first: { statusCode: number; state: RunState; calls: typeof sb.harness.privacy.calls };

  beforeAll(async () => {
    sb = await startSandbox({ duplicates: 2 });
    // 5,000 audit entries in 50 scopes, each by another account; and 50 roster keys.
    const store = new KvsStore(sb.emulator.db);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    ids.forEach((id, i) => {
      const scope = String(20000 + (i % 50));
      const at = new Date(t0 + i * 1000).toISOString();
      const entryId = `${String(9_999_999_999_999 - (t0 + i * 1000)).padStart(13, '0')}-x${i}`;
      const r = store.handle('/api/v1/set', {
        key: `audit:${scope}:${entryId}`,
        value: { id: entryId, at, by: id, action: 'risk.changed', before: null, after: 'matala' },
      });
      expect(r.status).toBeLessThan(300);
      if (i < 50) store.handle('/api/v1/set', { key: `epic:${scope}:roster:architect`, value: id });
    });
    sb.harness.privacy.setAccounts({ closed, updated, changedAt: new Date(Date.now() - 1000).toISOString() });
    const run = await runReport(sb);
    first = { statusCode: run.statusCode, state: runState(sb)!, calls: [...sb.harness.privacy.calls] };
  });
  afterAll(async () => {
    await sb.close();
  });

  it('reports 5,000 ids in ⌈5000/90⌉ calls over several invocations (duplicate deliveries ignored), erases the closed ones and refreshes the updated', async () => {
    expect(first.statusCode).toBe(204);
    const state = first.state;
    expect(state.phase).toBe('done');
    const calls = first.calls;
    const seeded = 7; // the demo's role holders and admin, from the settings and nothing else
    expect(calls.length).toBe(Math.ceil((N + seeded) / 90));
    for (const c of calls) expect(c.accounts.length).toBeLessThanOrEqual(90);
    const reported = calls.flatMap((c) => c.accounts.map((a) => a.accountId));
    expect(reported).toHaveLength(new Set(reported).size);
    for (const id of ids) expect(reported).toContain(id);
    // The data's age: the oldest record of the account.
    expect(calls.flatMap((c) => c.accounts).find((a) => a.accountId === ids[1])!.updatedAt).toBe('2026-01-01T00:00:01.000Z');
    // More than one invocation (30 calls each), continued through the queue.
    expect(state.stats.invocations).toBeGreaterThanOrEqual(2);
    expect(state.stats.reportCalls).toBe(calls.length);
    expect(state.stats).toMatchObject({ closed: 3, updated: 10, rosterRolesLeft: 1 });

    const dump = sb.harness.kvs.dump();
    const text = JSON.stringify(dump);
    for (const id of closed) expect(text).not.toContain(id);
    for (const id of updated) expect(typeof dump[`privacy:refreshed:${id}`]).toBe('string');
    expect(Object.keys(dump).filter((k) => k.startsWith('privacy:list:') || k.startsWith('privacy:found:'))).toEqual([]);
    if (process.env.PRIVACY_NUMBERS) process.stdout.write(`5,000 ids: ${JSON.stringify(state.stats)}\n`);
  });

  it('the next run sends the refreshed age, so the updated accounts are not answered as updated again', async () => {
    privacyTuning.minHoursBetweenRuns = 0;
    const callsBefore = sb.harness.privacy.calls.length;
    await runReport(sb);
    const calls = sb.harness.privacy.calls.slice(callsBefore);
    expect(calls.length).toBe(Math.ceil((N - closed.length + 7) / 90));
    expect(calls.flatMap((c) => c.answered)).toEqual([]);
    const sent = calls.flatMap((c) => c.accounts).find((a) => a.accountId === updated[0])!;
    expect(Date.parse(sent.updatedAt)).toBeGreaterThan(Date.parse('2026-06-01T00:00:00Z'));
  });

  it('waits out a rate limit (429 with Retry-After) and completes', async () => {
    privacyTuning.minHoursBetweenRuns = 0;
    sb.harness.privacy.rateLimit(1, 1);
    const callsBefore = sb.harness.privacy.calls.length;
    await runReport(sb);
    const calls = sb.harness.privacy.calls.slice(callsBefore);
    expect(calls[0]!.status).toBe(429);
    expect(runState(sb)!.phase).toBe('done');
    // The refused batch is sent again; every account is reported.
    const reported = new Set(calls.filter((c) => c.status !== 429).flatMap((c) => c.accounts.map((a) => a.accountId)));
    expect(reported.size).toBe(N - closed.length + 7);
  });
});

describe('a run that keeps failing gives up without keeping account ids', () => {
  let sb: Sandbox;
  afterAll(async () => {
    await sb.close();
  });

  it('after maxErrors failed reports the run is failed, its lists are gone and the next run starts over', async () => {
    sb = await startSandbox();
    Object.assign(privacyTuning, { maxErrors: 2, minHoursBetweenRuns: 0, hoursBeforeFailedRunRestarts: 0 });
    sb.harness.privacy.setAccounts({ closed: [STEERING_ID] });
    sb.harness.privacy.failNext(2, 503);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await runReport(sb);
    errors.mockRestore();
    const failed = runState(sb)!;
    expect(failed).toMatchObject({ phase: 'failed', errors: 2, closed: [], names: {}, list: 0 });
    expect(Object.keys(sb.harness.kvs.dump()).filter((k) => k.startsWith('privacy:list:') || k.startsWith('privacy:found:'))).toEqual([]);
    // Nothing was erased; the next run reports again and erases.
    expect(JSON.stringify(sb.harness.kvs.dump())).toContain(STEERING_ID);
    await runReport(sb);
    expect(runState(sb)).toMatchObject({ phase: 'done', number: failed.number + 1, stats: { closed: 1 } });
    expect(JSON.stringify(sb.harness.kvs.dump())).not.toContain(STEERING_ID);
  });
});

describe('a saved query cursor the store no longer takes', () => {
  let sb: Sandbox;
  afterAll(async () => {
    await sb.close();
  });

  it('restarts the scan of that prefix, and the run still reports every account once', async () => {
    sb = await startSandbox();
    const now = new Date().toISOString();
    const stale: RunState = {
      number: 1,
      runId: '1',
      startedAt: now,
      phase: 'collect',
      invocation: 0,
      lease: null,
      scan: { prefix: 0, cursor: 'no-longer-valid' },
      found: 0,
      list: 0,
      accounts: 0,
      next: 0,
      closed: [],
      names: {},
      errors: 0,
      lastProgressAt: now,
      stats: {
        invocations: 0,
        reportCalls: 0,
        kvsOps: 0,
        recordsScanned: 0,
        recordsRewritten: 0,
        rosterRolesLeft: 0,
        defaultRosterEntriesCleared: 0,
        closed: 0,
        updated: 0,
      },
    };
    expect(new KvsStore(sb.emulator.db).handle('/api/v1/set', { key: 'privacy:run', value: stale }).status).toBeLessThan(300);
    const run = await runReport(sb);
    expect(run.result).toMatchObject({ statusCode: 204, statusText: 'resumed' });
    expect(runState(sb)).toMatchObject({ phase: 'done', runId: '1' });
    const reported = sb.harness.privacy.calls.flatMap((c) => c.accounts.map((a) => a.accountId));
    expect(reported.sort()).toEqual([ACCOUNT_IDS.admin, ...Object.values(HOLDER).map((k) => ACCOUNT_IDS[k])].sort());
  });
});

describe('an invocation that runs out of time is resumed where it stopped', () => {
  let sb: Sandbox;
  afterAll(async () => {
    await sb.close();
  });

  it('the next scheduled run continues the same run from its saved position', async () => {
    sb = await startSandbox({ timeoutMs: 4000 });
    const store = new KvsStore(sb.emulator.db);
    for (let i = 0; i < 450; i++)
      store.handle('/api/v1/set', {
        key: `audit:30000:000000000000${i}-r`,
        value: { id: `r${i}`, at: '2026-02-01T00:00:00.000Z', by: `user-${i}`, action: 'risk.changed' },
      });
    Object.assign(privacyTuning, { reserveMs: 0, leaseMs: 200, maxReportCallsPerInvocation: 100 });
    // The third reporting call takes longer than the invocation may run: Forge stops the function.
    let n = 0;
    let hung: Promise<unknown> = Promise.resolve();
    const original = sb.harness.privacy.handle.bind(sb.harness.privacy);
    sb.harness.privacy.handle = async (method, body) => {
      if (++n === 3) {
        hung = new Promise((r) => setTimeout(r, 6000));
        await hung;
      }
      return original(method, body);
    };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const first = await runReport(sb);
    expect(first.statusCode).toBe(500);
    expect(first.error).toContain('FUNCTION_TIME_OUT');
    const stopped = runState(sb)!;
    expect(stopped.phase).toBe('report');
    expect(stopped.next).toBe(180);
    await new Promise((r) => setTimeout(r, 300)); // the stopped invocation's lease runs out
    const second = await runReport(sb);
    expect(second.result).toMatchObject({ statusCode: 204, statusText: 'resumed' });
    expect(runState(sb)!.phase).toBe('done');
    await hung; // the stopped invocation's request still reaches the API
    await new Promise((r) => setTimeout(r, 50));
    errors.mockRestore();
    const reported = sb.harness.privacy.calls.flatMap((c) => c.accounts.map((a) => a.accountId));
    // Everyone once, except the batch whose answer the stopped invocation never saw (sent again).
    expect(new Set(reported).size).toBe(450 + 7);
    expect(reported.length).toBe(450 + 7 + 90);
  });
});
