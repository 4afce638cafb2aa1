import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../../src/sandbox';
import * as fixtureApp from './fixture/src/index';

const FIXTURE = join(__dirname, 'fixture');
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };
const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: {} };
const PM = `Basic ${Buffer.from('hankepaallikko@sandbox.test:token').toString('base64')}`;

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function jira(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(sb.url + path, {
    method,
    headers: { authorization: PM, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function createTask(sb: Sandbox, summary: string): Promise<string> {
  const r = await jira(sb, 'POST', '/rest/api/3/issue', { fields: { project: { key: 'DEMO' }, issuetype: { id: '10001' }, summary } });
  expect(r.status).toBe(201);
  return (r.body as { key: string }).key;
}

function triggerRecords(sb: Sandbox, key: string): { eventType: string; hasPrincipal: boolean; retry: number }[] {
  return Object.entries(sb.harness.kvs.dump())
    .filter(([k]) => k.startsWith(`trigger-${key}-`))
    .map(([, v]) => v as { eventType: string; hasPrincipal: boolean; retry: number });
}

describe('Forge harness against the Jira emulator', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox({
      harnessOptions: {
        manifestPath: join(FIXTURE, 'manifest.yml'),
        loadApp: () => fixtureApp,
        triggerDelayMs: 20,
        retryBaseDelayMs: 5,
        logger: quiet,
      },
    });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('asUser() and asApp() reach the emulator as that user and as the app', async () => {
    // Events of the file's other tests (which may run first, in random order) are delivered before counting.
    await sb.harness.triggers.drain();
    const before = sb.harness.jiraLog.length;
    const u = (await sb.harness.invokeResolver('fixture-resolver', 'myselfAsUser', {}, ctx)) as {
      status: number;
      body: { accountId: string };
    };
    const a = (await sb.harness.invokeResolver('fixture-resolver', 'myselfAsApp', {}, ctx)) as {
      status: number;
      body: { accountId: string; accountType: string };
    };
    expect(u).toMatchObject({ status: 200, body: { accountId: 'sandbox-hankepaallikko' } });
    expect(a).toMatchObject({ status: 200, body: { accountId: 'sandbox-app', accountType: 'app' } });
    const calls = sb.harness.jiraLog.slice(before);
    expect(calls.map((c) => [c.actor, c.accountId, c.method, c.path, c.status])).toEqual([
      ['user', 'sandbox-hankepaallikko', 'GET', '/rest/api/3/myself', 200],
      ['app', null, 'GET', '/rest/api/3/myself', 200],
    ]);
  });

  it('an issue created by a user is delivered to the trigger asynchronously, without a user principal', async () => {
    sb.harness.triggers.setDuplicates(1);
    sb.harness.triggers.setDelay(1000);
    let key: string;
    try {
      key = await createTask(sb, 'trigger me');
      await waitFor(() => sb.harness.triggers.pending() > 0, 'the trigger to be scheduled');
      // Scheduled, not yet delivered: the create call has answered before the trigger runs.
      expect(triggerRecords(sb, key)).toHaveLength(0);
    } finally {
      sb.harness.triggers.setDelay(20);
    }
    await sb.harness.triggers.drain();
    expect(triggerRecords(sb, key)).toEqual([{ eventType: 'avi:jira:created:issue', hasPrincipal: false, retry: 0 }]);
    // asUser() inside a trigger fails as on Forge: there is no user.
    expect(sb.harness.kvs.dump()[`trigger-asuser-${key}`]).toEqual({ asUserError: 'NEEDS_AUTHENTICATION_ERR' });
  });

  it('delivers every event N times when asked (duplicates)', async () => {
    sb.harness.triggers.setDuplicates(5);
    try {
      const key = await createTask(sb, 'duplicated');
      await waitFor(() => sb.harness.triggers.pending() > 0 || triggerRecords(sb, key).length > 0, 'the trigger to be scheduled');
      await sb.harness.triggers.drain();
      expect(triggerRecords(sb, key)).toHaveLength(5);
      expect(sb.harness.triggers.deliveries.filter((d) => d.subject === key && d.outcome === 'ok')).toHaveLength(5);
    } finally {
      sb.harness.triggers.setDuplicates(1);
    }
  });

  it('retries a trigger that returns an InvocationError, with retryContext', async () => {
    const key = await createTask(sb, 'please retry');
    await waitFor(() => sb.harness.triggers.deliveries.some((d) => d.subject === key), 'the first delivery');
    await sb.harness.triggers.drain();
    const attempts = sb.harness.triggers.deliveries.filter((d) => d.subject === key).map((d) => [d.attempt, d.outcome]);
    expect(attempts).toEqual([
      [0, 'retry-requested'],
      [1, 'retry-requested'],
      [2, 'ok'],
    ]);
    expect(
      triggerRecords(sb, key)
        .map((r) => r.retry)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('ignoreSelf: issues the app itself creates (asUser or asApp) are not delivered to its trigger', async () => {
    const viaUser = (await sb.harness.invokeResolver('fixture-resolver', 'createIssue', { summary: 'by app as user' }, ctx)) as {
      status: number;
      body: { key: string };
    };
    const viaApp = (await sb.harness.invokeResolver('fixture-resolver', 'createIssue', { summary: 'by app as app', asApp: true }, ctx)) as {
      status: number;
      body: { key: string };
    };
    expect(viaUser.status).toBe(201);
    expect(viaApp.status).toBe(201);
    // A user-made issue afterwards proves triggers still run; the app-made ones must have none.
    const control = await createTask(sb, 'control');
    await waitFor(() => triggerRecords(sb, control).length > 0, 'the control trigger');
    await sb.harness.triggers.drain();
    expect(triggerRecords(sb, viaUser.body.key)).toHaveLength(0);
    expect(triggerRecords(sb, viaApp.body.key)).toHaveLength(0);
  });

  it("a workflow validator blocks a transition over HTTP with the function's message", async () => {
    sb.emulator.workflows.setValidators('DEMO', 'Task', '31', ['fixture-validator']);
    try {
      const blocked = await createTask(sb, 'please block this');
      const r = await jira(sb, 'POST', `/rest/api/3/issue/${blocked}/transitions`, { transition: { id: '31' } });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain('Fixture says no: \\"please block this\\" contains block');
      // The validator ran as the acting user, with Forge's payload.
      expect(sb.harness.kvs.dump()[`validated-${blocked}`]).toEqual({ by: 'sandbox-hankepaallikko', to: '10001' });

      const fine = await createTask(sb, 'all good');
      const ok = await jira(sb, 'POST', `/rest/api/3/issue/${fine}/transitions`, { transition: { id: '31' } });
      expect(ok.status).toBe(204);
    } finally {
      sb.emulator.workflows.setValidators('DEMO', 'Task', '31', []);
    }
  });

  it('a validator that throws refuses the transition, saying it could not run', async () => {
    sb.emulator.workflows.setValidators('DEMO', 'Task', '31', [{ moduleKey: 'fixture-validator', configuration: { fail: true } }]);
    try {
      const key = await createTask(sb, 'whatever');
      const r = await jira(sb, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '31' } });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/Validator \\"fixture-validator\\" could not run/);
    } finally {
      sb.emulator.workflows.setValidators('DEMO', 'Task', '31', []);
    }
  });

  it('a bulk create with write:jira-work declared passes the scope check', async () => {
    const r = (await sb.harness.invokeResolver('fixture-resolver', 'bulkCreate', { summary: 'bulk ok' }, ctx)) as { status: number };
    expect(r.status).toBe(201);
  });
});

describe('Forge harness: scopes and time limits', () => {
  it('fails a Jira call whose operation needs a scope the manifest does not declare', async () => {
    const errors: string[] = [];
    const sb = await createSandbox({
      harnessOptions: {
        manifestPath: join(FIXTURE, 'manifest-noscope.yml'),
        loadApp: () => fixtureApp,
        logger: { error: (m: string) => errors.push(m), warn: () => undefined, info: () => undefined },
      },
    });
    try {
      const r = (await sb.harness.invokeResolver('fixture-resolver', 'bulkCreate', { summary: 'nope' }, ctx)) as {
        status: number;
        body: { message: string; sandbox: string };
      };
      expect(r.status).toBe(401);
      expect(r.body.message).toBe('Unauthorized; scope does not match');
      expect(r.body.sandbox).toContain('POST /rest/api/3/issue/bulk requires the "write:jira-work" scope');
      const call = sb.harness.jiraLog.find((c) => c.path === '/rest/api/3/issue/bulk');
      expect(call?.scopeDenied).toEqual({ operation: 'POST /rest/api/3/issue/bulk', missing: ['write:jira-work'] });
      expect(errors.some((m) => m.includes('SCOPE DENIED') && m.includes('write:jira-work'))).toBe(true);
      // The request never reached Jira.
      expect(Object.keys(sb.emulator.stats.byRoute).some((k) => k.includes('/issue/bulk'))).toBe(false);
      // Reads are still allowed by read:jira-work.
      const me = (await sb.harness.invokeResolver('fixture-resolver', 'myselfAsUser', {}, ctx)) as { status: number };
      expect(me.status).toBe(200);
    } finally {
      await sb.close();
    }
  });

  it('a validator slower than the invocation limit refuses the transition', async () => {
    const sb = await createSandbox({
      harnessOptions: { manifestPath: join(FIXTURE, 'manifest.yml'), loadApp: () => fixtureApp, invocationTimeoutMs: 100, logger: quiet },
    });
    try {
      sb.emulator.workflows.setValidators('DEMO', 'Task', '31', [{ moduleKey: 'fixture-validator', configuration: { slowMs: 500 } }]);
      const key = await createTask(sb, 'slow one');
      const r = await jira(sb, 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '31' } });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/could not run \(it timed out after 100 ms\)/);
    } finally {
      await sb.close();
    }
  });
});
