/**
 * Strict mode of the Jira emulator: search lags behind writes unless reconciled, create screens,
 * per-issue write limit and points quota answering 429 as Jira documents.
 */
import { ACCOUNT_IDS, DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS, TRANSITION_IDS } from '../../src/jira/seed';
import { adf, field, startEmulator, type As, type RunningEmulator } from './helpers';

const PM: As = { email: EMAILS.hankepaallikko };
const APP: As = { actor: 'app' };

/** A clock the test moves by hand: nothing depends on the machine's speed. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let t = 1_750_000_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

async function createTask(
  emu: RunningEmulator,
  summary: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  const r = await emu.call('POST', '/rest/api/3/issue', {
    as: PM,
    body: { fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.task }, summary, ...extra } },
  });
  expect(r.status).toBe(201);
  return { id: field<string>(r.body, 'id'), key: field<string>(r.body, 'key') };
}

async function searchKeys(emu: RunningEmulator, jql: string, reconcileIssues?: number[]): Promise<string[]> {
  const r = await emu.call('POST', '/rest/api/3/search/jql', {
    as: PM,
    body: { jql, fields: ['key'], ...(reconcileIssues ? { reconcileIssues } : {}) },
  });
  expect(r.status).toBe(200);
  return field<{ key: string }[]>(r.body, 'issues').map((i) => i.key);
}

describe('strict mode: search is eventually consistent', () => {
  let emu: RunningEmulator;
  const clock = manualClock();
  beforeAll(async () => {
    emu = await startEmulator({ strict: { searchLagMs: 1000 }, clock: clock.now });
  });
  afterAll(() => emu.close());

  it('a new issue is missing from search until the lag has passed, but GET /issue sees it at once', async () => {
    const t = await createTask(emu, 'Lagging task');
    expect((await emu.call('GET', `/rest/api/3/issue/${t.key}`, { as: PM })).status).toBe(200);
    expect(await searchKeys(emu, `project = DEMO`)).not.toContain(t.key);
    clock.advance(1000);
    expect(await searchKeys(emu, `project = DEMO`)).toContain(t.key);
  });

  it('reconcileIssues makes the named issue current (POST body and GET query)', async () => {
    const t = await createTask(emu, 'Reconciled task');
    expect(await searchKeys(emu, 'project = DEMO')).not.toContain(t.key);
    expect(await searchKeys(emu, 'project = DEMO', [Number(t.id)])).toContain(t.key);
    const g = await emu.call(
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('project = DEMO')}&fields=key&reconcileIssues=${t.id}`,
      { as: PM },
    );
    expect(field<{ key: string }[]>(g.body, 'issues').map((i) => i.key)).toContain(t.key);
    clock.advance(1000);
  });

  it('a transition to Done is seen by a status query only after the lag or when reconciled', async () => {
    const t = await createTask(emu, 'Soon done');
    clock.advance(1000);
    const r = await emu.call('POST', `/rest/api/3/issue/${t.key}/transitions`, {
      as: PM,
      body: { transition: { id: TRANSITION_IDS.done } },
    });
    expect(r.status).toBe(204);
    const jql = `key = ${t.key} AND statusCategory = Done`;
    expect(await searchKeys(emu, jql)).toEqual([]);
    expect(await searchKeys(emu, jql, [Number(t.id)])).toEqual([t.key]);
    clock.advance(500);
    expect(await searchKeys(emu, jql)).toEqual([]);
    clock.advance(500);
    expect(await searchKeys(emu, jql)).toEqual([t.key]);
  });

  it('entity properties written just now are not matched yet; a deleted issue is still found for a while', async () => {
    const t = await createTask(emu, 'Property and delete');
    clock.advance(1000);
    expect((await emu.call('PUT', `/rest/api/3/issue/${t.key}/properties/marker`, { as: PM, body: { v: 'x' } })).status).toBe(201);
    const jql = `project = DEMO AND issue.property[marker].v = "x"`;
    expect(await searchKeys(emu, jql)).toEqual([]);
    clock.advance(1000);
    expect(await searchKeys(emu, jql)).toEqual([t.key]);
    expect((await emu.call('DELETE', `/rest/api/3/issue/${t.key}`, { as: { email: EMAILS.admin } })).status).toBe(204);
    expect(await searchKeys(emu, jql)).toEqual([t.key]);
    clock.advance(1000);
    expect(await searchKeys(emu, jql)).toEqual([]);
  });

  it('refuses more than 50 reconcileIssues and non-numeric ids', async () => {
    const many = Array.from({ length: 51 }, (_, i) => 10_000 + i);
    const r = await emu.call('POST', '/rest/api/3/search/jql', { as: PM, body: { jql: 'project = DEMO', reconcileIssues: many } });
    expect(r.status).toBe(400);
    const bad = await emu.call('POST', '/rest/api/3/search/jql', { as: PM, body: { jql: 'project = DEMO', reconcileIssues: ['DEMO-1'] } });
    expect(bad.status).toBe(400);
  });

  it('settleSearch (control) lets the index catch up at once; without strict mode search is immediate', async () => {
    const t = await createTask(emu, 'Settled');
    expect(await searchKeys(emu, 'project = DEMO')).not.toContain(t.key);
    const s = await fetch(`${emu.url}/__sandbox/jira/strict`, { method: 'POST', body: JSON.stringify({ settleSearch: true }) });
    expect(((await s.json()) as { lagging: number }).lagging).toBe(0);
    expect(await searchKeys(emu, 'project = DEMO')).toContain(t.key);
    const plain = await startEmulator();
    try {
      const p = await createTask(plain, 'Immediate');
      expect(await searchKeys(plain, 'project = DEMO')).toContain(p.key);
    } finally {
      await plain.close();
    }
  });
});

describe('create screens (POST /issue and /issue/bulk set only fields on the create screen)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  beforeEach(() => emu.jira.createScreens.set('DEMO', 'Task', ['summary', 'parent', 'assignee']));
  afterAll(() => emu.close());

  it('refuses a field that is not on the screen of that issue type, with Jira’s field error', async () => {
    const r = await emu.call('POST', '/rest/api/3/issue', {
      as: PM,
      body: {
        fields: { project: { key: 'DEMO' }, issuetype: { id: ISSUE_TYPE_IDS.task }, summary: 'x', labels: ['a'], description: adf('d') },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      errorMessages: [],
      errors: {
        labels: "Field 'labels' cannot be set. It is not on the appropriate screen, or unknown.",
        description: "Field 'description' cannot be set. It is not on the appropriate screen, or unknown.",
      },
    });
  });

  it('bulk create fails each element that sets such a field and creates the others', async () => {
    const base = { project: { key: 'DEMO' }, issuetype: { id: ISSUE_TYPE_IDS.task } };
    const r = await emu.call('POST', '/rest/api/3/issue/bulk', {
      as: APP,
      body: {
        issueUpdates: [
          { fields: { ...base, summary: 'ok', assignee: { accountId: ACCOUNT_IDS.arkkitehti } } },
          { fields: { ...base, summary: 'no', labels: ['x'] } },
        ],
      },
    });
    expect(r.status).toBe(201);
    expect(field<unknown[]>(r.body, 'issues')).toHaveLength(1);
    expect(field(r.body, 'errors')).toEqual([
      {
        status: 400,
        failedElementNumber: 1,
        elementErrors: {
          errorMessages: [],
          errors: { labels: "Field 'labels' cannot be set. It is not on the appropriate screen, or unknown." },
        },
      },
    ]);
  });

  it('other issue types keep every field; the screen can be reset over HTTP; unknown fields are refused', async () => {
    const epic = await emu.call('POST', '/rest/api/3/issue', {
      as: PM,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary: 'e', labels: ['a'] } },
    });
    expect(epic.status).toBe(201);
    const res = await fetch(`${emu.url}/__sandbox/jira/create-screens`, {
      method: 'PUT',
      body: JSON.stringify({ projectKey: 'DEMO', issueType: 'Task', fields: null }),
    });
    expect(await res.json()).toEqual({ projectKey: 'DEMO', issueType: 'Task', fields: null });
    const task = await emu.call('POST', '/rest/api/3/issue', {
      as: PM,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { id: ISSUE_TYPE_IDS.task }, summary: 't', labels: ['a'] } },
    });
    expect(task.status).toBe(201);
    expect(() => emu.jira.createScreens.set('DEMO', 'Task', ['priority'])).toThrow(/unknown create screen fields: priority/);
  });
});

describe('strict mode: rate limits answer 429 with Retry-After', () => {
  it('per-issue write limit: the 21st write to one issue within 2 s is refused; other issues are not affected', async () => {
    const clock = manualClock();
    const emu = await startEmulator({ strict: true, clock: clock.now });
    try {
      const a = await createTask(emu, 'Written often');
      const b = await createTask(emu, 'Written once');
      for (let i = 0; i < 20; i++) {
        const r = await emu.call('PUT', `/rest/api/3/issue/${a.key}/properties/n`, { as: APP, body: i });
        expect(r.status).toBeLessThan(300);
      }
      const refused = await emu.call('PUT', `/rest/api/3/issue/${a.key}`, { as: PM, body: { fields: { summary: 'again' } } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(refused.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');
      expect(refused.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
      expect((await emu.call('GET', `/rest/api/3/issue/${a.key}?fields=summary`, { as: PM })).status).toBe(200);
      expect((await emu.call('PUT', `/rest/api/3/issue/${b.key}`, { as: PM, body: { fields: { summary: 'fine' } } })).status).toBe(204);
      clock.advance(2000);
      expect((await emu.call('PUT', `/rest/api/3/issue/${a.key}`, { as: PM, body: { fields: { summary: 'later' } } })).status).toBe(204);
    } finally {
      await emu.close();
    }
  });

  it('points quota: app requests cost 1 + objects read; when spent, 429 until the window ends; people are not metered', async () => {
    const clock = manualClock();
    const emu = await startEmulator({ strict: { pointsQuota: { points: 10, windowMs: 60_000 } }, clock: clock.now });
    try {
      const userAs: As = { actor: `user:${ACCOUNT_IDS.hankepaallikko}` };
      expect((await emu.call('GET', '/rest/api/3/myself', { as: userAs })).status).toBe(200); // 2
      const s = await emu.call('GET', '/rest/api/3/users/search?maxResults=5', { as: APP }); // 1 + 5
      expect(s.status).toBe(200);
      expect(emu.jira.strict.state().pointsUsed).toBe(8);
      expect((await emu.call('GET', '/rest/api/3/myself', { as: APP })).status).toBe(200); // 10
      const refused = await emu.call('GET', '/rest/api/3/myself', { as: APP });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit-reason')).toBe('jira-quota-tenant-based');
      expect(refused.headers.get('retry-after')).toBe('60');
      expect((await emu.call('GET', '/rest/api/3/myself', { as: PM })).status).toBe(200);
      clock.advance(45_000);
      expect((await emu.call('GET', '/rest/api/3/myself', { as: APP })).headers.get('retry-after')).toBe('15');
      clock.advance(15_000);
      expect((await emu.call('GET', '/rest/api/3/myself', { as: APP })).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
