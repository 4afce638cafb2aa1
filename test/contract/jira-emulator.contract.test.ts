/**
 * Contract: every operation the emulator serves is exercised, its request checked and its response body
 * validated against Atlassian's OpenAPI spec for that operation and status.
 */
import { ROUTES, matchRoute } from '@kayttoonotto/forge-sandbox/jira/routes';
import { ACCOUNT_IDS, EMAILS, ROLE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { adf, field, startEmulator, type As, type RunningEmulator } from '@kayttoonotto/forge-sandbox/test/jira/helpers';
import { describeContract, validateAgainstSpec, validateExchange, validateRequest } from './openapi';

const MEMBER: As = { email: EMAILS.hankepaallikko };
const ADMIN: As = { email: EMAILS.admin };
const APP: As = { actor: 'app' };

describeContract('Jira emulator ↔ Jira Cloud REST v3 OpenAPI spec', () => {
  let emu: RunningEmulator;
  const served = new Set<string>();

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  /** Calls the emulator; the request and the response must both match the spec. */
  async function call(
    method: string,
    path: string,
    opts: { as?: As; body?: unknown; rawBody?: string; expect?: number } = {},
  ): Promise<unknown> {
    const req = validateRequest(method, path, opts.rawBody !== undefined ? JSON.parse(opts.rawBody) : opts.body);
    expect({ request: `${method} ${path}`, errors: req.errors }).toEqual({ request: `${method} ${path}`, errors: [] });
    const r = await emu.call(method, path, opts);
    if (opts.expect !== undefined) expect({ path, status: r.status, body: r.body }).toMatchObject({ status: opts.expect });
    const res = validateAgainstSpec(method, path, r.status, r.body);
    expect({ response: `${method} ${path} → ${r.status}`, errors: res.errors }).toEqual({
      response: `${method} ${path} → ${r.status}`,
      errors: [],
    });
    const m = matchRoute(method, new URL(path, 'http://x').pathname);
    if (m && 'name' in m) served.add(m.name);
    return r.body;
  }

  const cases = new Map<string, () => Promise<void>>();
  const ran = new Set<string>();
  /** A test case that the coverage check can also run. */
  function testCase(name: string, fn: () => Promise<void>): void {
    const run = async (): Promise<void> => {
      ran.add(name);
      await fn();
    };
    cases.set(name, run);
    it(name, run);
  }

  /** An epic with a task (which has a sub-task) for the tests that need existing issues; each test passes alone and in any order. */
  let fixtures: Promise<{ epic: string; task: string }> | undefined;
  function existing(): Promise<{ epic: string; task: string }> {
    fixtures ??= (async () => {
      const e = await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: 'Fixture epic' } },
      });
      const epicKey = field<string>(e.body, 'key');
      const t = await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'Fixture task', parent: { key: epicKey } } },
      });
      const taskKey = field<string>(t.body, 'key');
      await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: {
          fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'Fixture sub-task', parent: { key: taskKey } },
        },
      });
      return { epic: epicKey, task: taskKey };
    })();
    return fixtures;
  }

  testCase('users', async () => {
    await call('GET', '/rest/api/3/myself', { as: MEMBER, expect: 200 });
    await call('GET', '/rest/api/3/myself', { as: APP, expect: 200 });
    await call('GET', `/rest/api/3/user?accountId=${ACCOUNT_IDS.arkkitehti}`, { as: MEMBER, expect: 200 });
    await call('GET', `/rest/api/3/user?accountId=nobody`, { as: MEMBER, expect: 404 });
    const bulk = await call(
      'GET',
      `/rest/api/3/user/bulk?accountId=${ACCOUNT_IDS.arkkitehti}&accountId=${ACCOUNT_IDS.admin}&maxResults=1`,
      { as: MEMBER, expect: 200 },
    );
    expect(field(bulk, 'total')).toBe(2);
    const found = await call('GET', '/rest/api/3/user/search?query=hanna', { as: MEMBER, expect: 200 });
    expect(field(found, 0, 'accountId')).toBe(ACCOUNT_IDS.hankepaallikko);
    await call('GET', '/rest/api/3/users/search?maxResults=100', { as: MEMBER, expect: 200 });
    const assignable = await call('GET', '/rest/api/3/user/assignable/search?project=DEMO', { as: MEMBER, expect: 200 });
    expect((assignable as unknown[]).length).toBe(7);
    await call('GET', '/rest/api/3/user/assignable/search?project=DEMO&query=antti', { as: MEMBER, expect: 200 });
  });

  testCase('projects, roles, issue types, statuses', async () => {
    await call('GET', '/rest/api/3/project/search', { as: MEMBER, expect: 200 });
    await call('GET', '/rest/api/3/project/search?keys=DEMO&expand=description,lead,issueTypes', { as: MEMBER, expect: 200 });
    await call('GET', '/rest/api/3/project/DEMO', { as: MEMBER, expect: 200 });
    await call('GET', '/rest/api/3/project/10000', { as: { email: EMAILS.outsider }, expect: 404 });
    await call('GET', '/rest/api/3/project/DEMO/role', { as: MEMBER, expect: 200 });
    await call('GET', `/rest/api/3/project/DEMO/role/${ROLE_IDS.administrators}`, { as: ADMIN, expect: 200 });
    await call('GET', `/rest/api/3/project/DEMO/role/${ROLE_IDS.members}`, { as: ADMIN, expect: 200 });
    // Role actors need Administer Projects: a member gets 404, as the spec documents.
    await call('GET', `/rest/api/3/project/DEMO/role/${ROLE_IDS.members}`, { as: MEMBER, expect: 404 });
    await call('GET', '/rest/api/3/issuetype/project?projectId=10000', { as: MEMBER, expect: 200 });
    await call('GET', '/rest/api/3/project/DEMO/statuses', { as: MEMBER, expect: 200 });
  });

  testCase('permissions', async () => {
    await call('GET', '/rest/api/3/mypermissions?projectKey=DEMO&permissions=BROWSE_PROJECTS,CREATE_ISSUES,ADMINISTER', {
      as: MEMBER,
      expect: 200,
    });
    await call('GET', '/rest/api/3/mypermissions?permissions=ADMINISTER_PROJECTS', { as: ADMIN, expect: 200 });
    await call('POST', '/rest/api/3/permissions/check', {
      as: APP,
      body: {
        accountId: ACCOUNT_IDS.arkkitehti,
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [{ permissions: ['EDIT_ISSUES'], projects: [10000], issues: [] }],
      },
      expect: 200,
    });
    await call('POST', '/rest/api/3/permissions/check', {
      as: MEMBER,
      body: { accountId: ACCOUNT_IDS.admin, globalPermissions: ['ADMINISTER'] },
      expect: 403,
    });
  });

  testCase('issues: create, bulk, get, edit, assign, delete', async () => {
    const created = await call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: {
        fields: {
          project: { key: 'DEMO' },
          issuetype: { name: 'Epic' },
          summary: 'Käyttöönotto',
          description: adf('kuvaus'),
          labels: ['kayttoonotto'],
        },
        properties: [{ key: 'kayttoonotto', value: { v: 1 } }],
      },
      expect: 201,
    });
    const epic = field<string>(created, 'key');
    await call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'x', parent: { key: epic } } },
      expect: 400,
    });
    const bulk = await call('POST', '/rest/api/3/issue/bulk', {
      as: APP,
      body: {
        issueUpdates: [
          {
            fields: {
              project: { key: 'DEMO' },
              issuetype: { name: 'Task' },
              summary: 'Tehtävä',
              parent: { key: epic },
              assignee: { accountId: ACCOUNT_IDS.arkkitehti },
            },
          },
          { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'väärin', parent: { key: epic } } },
        ],
      },
      expect: 201,
    });
    const task = field<string>(bulk, 'issues', 0, 'key');
    await call('POST', '/rest/api/3/issue/bulk', {
      as: APP,
      body: { issueUpdates: [{ fields: { project: { key: 'DEMO' }, summary: 'no type' } }] },
      expect: 400,
    });
    await call('POST', '/rest/api/3/issue/bulk', {
      as: APP,
      body: {
        issueUpdates: Array.from({ length: 51 }, (_, i) => ({
          fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: `t${i}` },
        })),
      },
      expect: 400,
    });
    const sub = await call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'ali', parent: { key: task } } },
      expect: 201,
    });
    await call('GET', `/rest/api/3/issue/${epic}`, { as: MEMBER, expect: 200 });
    await call('GET', `/rest/api/3/issue/${task}`, { as: MEMBER, expect: 200 });
    await call('GET', `/rest/api/3/issue/${field<string>(sub, 'key')}?expand=transitions&properties=kayttoonotto`, {
      as: MEMBER,
      expect: 200,
    });
    await call('GET', `/rest/api/3/issue/${epic}?fields=summary,status,parent&properties=kayttoonotto`, { as: MEMBER, expect: 200 });
    await call('PUT', `/rest/api/3/issue/${task}`, {
      as: MEMBER,
      body: { fields: { summary: 'Tehtävä 2' }, update: { labels: [{ add: 'x' }] } },
      expect: 204,
    });
    await call('PUT', `/rest/api/3/issue/${task}?returnIssue=true`, { as: MEMBER, body: { fields: { labels: ['y'] } }, expect: 200 });
    await call('PUT', `/rest/api/3/issue/${task}/assignee`, { as: MEMBER, body: { accountId: ACCOUNT_IDS.toteutustiimi }, expect: 204 });
    await call('PUT', `/rest/api/3/issue/${task}/assignee`, { as: MEMBER, body: { accountId: ACCOUNT_IDS.outsider }, expect: 400 });
    await call('DELETE', `/rest/api/3/issue/${task}`, { as: MEMBER, expect: 400 });
    const tmp = await call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Bug' }, summary: 'poistettava' } },
      expect: 201,
    });
    await call('DELETE', `/rest/api/3/issue/${field<string>(tmp, 'key')}`, { as: MEMBER, expect: 204 });
  });

  testCase('search/jql (GET and POST) and the removed /search', async () => {
    const { epic } = await existing();
    await call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = DEMO ORDER BY created DESC')}`, {
      as: MEMBER,
      expect: 200,
    });
    const page = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('project = DEMO')}&maxResults=1&fields=*all&properties=kayttoonotto&expand=transitions`,
      { as: MEMBER, expect: 200 },
    );
    const next = field<string>(page, 'nextPageToken');
    await call(
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('project = DEMO')}&maxResults=1&fields=*all&nextPageToken=${encodeURIComponent(next)}`,
      { as: MEMBER, expect: 200 },
    );
    await call('POST', '/rest/api/3/search/jql', {
      as: MEMBER,
      body: {
        jql: `parent = ${epic} AND statusCategory != Done`,
        fields: ['summary', 'status', 'assignee', 'labels', 'issuetype', 'parent'],
        properties: ['kayttoonotto'],
        maxResults: 100,
        fieldsByKeys: true,
      },
      expect: 200,
    });
    await call('POST', '/rest/api/3/search/jql', {
      as: MEMBER,
      body: { jql: `parent = ${epic}`, fields: ['status'], reconcileIssues: [10001, 10002] },
      expect: 200,
    });
    await call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(`parent = ${epic}`)}&reconcileIssues=10001&reconcileIssues=10002`, {
      as: MEMBER,
      expect: 200,
    });
    await call('POST', '/rest/api/3/search/jql', { as: MEMBER, body: { jql: 'project = DEMO AND bogus = 1' }, expect: 400 });
    const gone = await emu.call('GET', '/rest/api/3/search?jql=project%3DDEMO', { as: MEMBER });
    expect(gone.status).toBe(410);
    served.add('searchRemoved');
  });

  testCase('transitions', async () => {
    const { task } = await existing();
    await call('GET', `/rest/api/3/issue/${task}/transitions`, { as: MEMBER, expect: 200 });
    await call('POST', `/rest/api/3/issue/${task}/transitions`, { as: MEMBER, body: { transition: { id: '21' } }, expect: 204 });
    await call('POST', `/rest/api/3/issue/${task}/transitions`, { as: MEMBER, body: { transition: { id: '21' } }, expect: 400 });
    await call('POST', `/rest/api/3/issue/${task}/transitions`, {
      as: MEMBER,
      body: { transition: { id: '31' }, fields: { summary: 'valmis' } },
      expect: 204,
    });
    const done = await call('GET', `/rest/api/3/issue/${task}?fields=status,resolution,resolutiondate,summary`, {
      as: MEMBER,
      expect: 200,
    });
    expect(field(done, 'fields', 'resolution', 'name')).toBe('Done');
    expect(field(done, 'fields', 'summary')).toBe('valmis');
  });

  testCase('issue properties', async () => {
    const { epic } = await existing();
    await call('PUT', `/rest/api/3/issue/${epic}/properties/kayttoonotto.phase`, {
      as: MEMBER,
      body: { gate: 'exit', ok: false },
      expect: 201,
    });
    await call('PUT', `/rest/api/3/issue/${epic}/properties/kayttoonotto.phase`, {
      as: MEMBER,
      body: { gate: 'exit', ok: true },
      expect: 200,
    });
    await call('GET', `/rest/api/3/issue/${epic}/properties`, { as: MEMBER, expect: 200 });
    await call('GET', `/rest/api/3/issue/${epic}/properties/kayttoonotto.phase`, { as: MEMBER, expect: 200 });
    await call('DELETE', `/rest/api/3/issue/${epic}/properties/kayttoonotto.phase`, { as: MEMBER, expect: 204 });
    await call('GET', `/rest/api/3/issue/${epic}/properties/kayttoonotto.phase`, { as: MEMBER, expect: 404 });
  });

  testCase("the app's custom field: listed, written only by the app, read-only to people, returned by search", async () => {
    const { epic } = await existing();
    const fields = field<{ id: string; schema?: { custom?: string } }[]>(
      { list: await call('GET', '/rest/api/3/field', { as: MEMBER, expect: 200 }) },
      'list',
    );
    const gate = fields.find((f) => f.schema?.custom?.endsWith('/static/deployment-gate'));
    expect(gate).toBeDefined();
    const id = gate!.id;
    const issueId = Number(field<string>(await call('GET', `/rest/api/3/issue/${epic}?fields=summary`, { as: MEMBER, expect: 200 }), 'id'));
    const value = { v: 1, readiness: 40, entryGate: 'passed', exitGate: 'blocked', blockers: 3, pendingWaivers: 0 };
    await call('POST', '/rest/api/3/app/field/value', {
      as: APP,
      body: { updates: [{ customField: id, issueIds: [issueId], value }] },
      expect: 204,
    });
    await call('PUT', `/rest/api/3/app/field/${id}/value`, { as: APP, body: { updates: [{ issueIds: [issueId], value }] }, expect: 204 });
    await call('PUT', `/rest/api/3/app/field/${id}/value`, {
      as: MEMBER,
      body: { updates: [{ issueIds: [issueId], value }] },
      expect: 403,
    });
    await call('POST', '/rest/api/3/app/field/value', {
      as: ADMIN,
      body: { updates: [{ customField: id, issueIds: [issueId], value }] },
      expect: 403,
    });
    await call('POST', '/rest/api/3/app/field/value', {
      as: APP,
      body: { updates: [{ customField: id, issueIds: [issueId], value: { ...value, readiness: 'all' } }] },
      expect: 400,
    });
    await call('PUT', `/rest/api/3/issue/${epic}`, { as: ADMIN, body: { fields: { [id]: value } }, expect: 400 });
    const found = await call('POST', '/rest/api/3/search/jql', {
      as: MEMBER,
      body: { jql: `key = ${epic} AND Kayttoonotto.readiness = 40`, fields: [id] },
      expect: 200,
    });
    expect(field<{ fields: Record<string, unknown> }[]>(found, 'issues')[0]?.fields[id]).toEqual(value);
    const count = await call('POST', '/rest/api/3/search/approximate-count', {
      as: MEMBER,
      body: { jql: `key = ${epic} AND Kayttoonotto.readiness = 40` },
      expect: 200,
    });
    expect(count).toEqual({ count: 1 });
    await call('POST', '/rest/api/3/search/approximate-count', { as: MEMBER, body: { jql: 'ORDER BY key' }, expect: 400 });
  });

  testCase('workflows', async () => {
    const wf = await call('GET', '/rest/api/3/workflows/search?expand=values.transitions', { as: ADMIN, expect: 200 });
    const epicWf = field<
      { name: string; transitions: { id: string; validators: { ruleKey: string; parameters: Record<string, string> }[] }[] }[]
    >(wf, 'values').find((w) => w.name === 'DEMO: Epic workflow');
    const done = epicWf?.transitions.find((t) => t.id === '31');
    expect(done?.validators[0]?.parameters.key).toMatch(/\/static\/exit-gate-validator$/);
    await call('GET', '/rest/api/3/workflows/search?queryString=epic', { as: APP, expect: 200 });
    await call('GET', '/rest/api/3/workflows/search', { as: MEMBER, expect: 401 });
    await call('GET', '/rest/api/3/workflowscheme/project?projectId=10000', { as: MEMBER, expect: 403 });
    await call('POST', '/rest/api/3/workflows', {
      as: APP,
      body: { projectAndIssueTypes: [{ projectId: '10000', issueTypeId: '10000' }] },
      expect: 200,
    });
    await call('GET', '/rest/api/3/workflowscheme/project?projectId=10000', { as: APP, expect: 200 });
  });

  testCase('notify', async () => {
    const { epic } = await existing();
    await call('POST', `/rest/api/3/issue/${epic}/notify`, {
      as: MEMBER,
      body: { subject: 'Poikkeuspyyntö', textBody: 'Odottaa päätöstä.', to: { users: [{ accountId: 'sandbox-ohjausryhma' }] } },
      expect: 204,
    });
    // a request the spec refuses is refused by the emulator too
    expect((await emu.call('POST', `/rest/api/3/issue/${epic}/notify`, { as: MEMBER, body: { to: { users: 'everyone' } } })).status).toBe(
      400,
    );
  });

  testCase('fails when an emulator response is changed to break the spec', async () => {
    const { epic } = await existing();
    const r = await emu.call('GET', `/rest/api/3/issue/${epic}`, { as: MEMBER });
    expect(validateAgainstSpec('GET', `/rest/api/3/issue/${epic}`, 200, r.body).valid).toBe(true);
    const broken = { ...(r.body as Record<string, unknown>), key: 123 };
    const check = validateExchange({ method: 'GET', url: `/rest/api/3/issue/${epic}?fields=*all`, status: 200, responseBody: broken });
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([expect.stringMatching(/^response 200: \/key must be string/)]);
    const page = await emu.call('GET', '/rest/api/3/project/search', { as: MEMBER });
    const values = field<Record<string, unknown>[]>(page.body, 'values');
    const badProject = { ...(page.body as Record<string, unknown>), values: values.map((p) => ({ ...p, projectTypeKey: 'spreadsheet' })) };
    expect(validateAgainstSpec('GET', '/rest/api/3/project/search', 200, badProject).valid).toBe(false);
    const badRequest = validateExchange({
      method: 'POST',
      url: '/rest/api/3/issue/bulk',
      requestBody: { issueUpdates: { fields: {} } },
      status: 201,
      responseBody: { issues: [] },
    });
    expect(badRequest.errors.join()).toMatch(/^request: /);
  });

  it('covers every operation the emulator serves', async () => {
    // the cases not run yet in this process (alone, filtered or in random order) run now
    for (const [name, fn] of cases) if (!ran.has(name)) await fn();
    expect([...new Set(ROUTES.map((r) => r.name))].filter((n) => !served.has(n))).toEqual([]);
  });
});
