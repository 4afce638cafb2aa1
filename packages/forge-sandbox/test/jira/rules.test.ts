/** Jira's rules as the emulator enforces them, over HTTP. */
import { ACCOUNT_IDS, EMAILS, ISSUE_TYPE_IDS, ROLE_IDS } from '../../src/jira/seed';
import { AS, createIssue, field, startEmulator, type As, type RunningEmulator } from './helpers';

const { admin: ADMIN, member: MEMBER, outsider: OUTSIDER, app: APP } = AS;

describe('Jira emulator rules', () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.close());

  const create = (fields: Record<string, unknown>, as: As = MEMBER) => createIssue(emu, fields, as);

  describe('hierarchy', () => {
    it('refuses a sub-task directly under an epic with Jira’s message', async () => {
      const epic = await create({ issuetype: { name: 'Epic' }, summary: 'Epic' });
      const r = await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'x', parent: { key: epic.key } } },
      });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        errorMessages: [],
        errors: { parentId: 'Given parent work item does not belong to appropriate hierarchy.' },
      });
    });

    it('refuses a sub-task without a parent', async () => {
      const r = await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'x' } },
      });
      expect(r.status).toBe(400);
      expect(field(r.body, 'errors', 'issuetype')).toBe('Issue type is a sub-task but parent issue key or id not specified.');
    });

    it('refuses an epic under an epic and an epic under a sub-task', async () => {
      const epic = await create({ issuetype: { name: 'Epic' }, summary: 'Epic' });
      const task = await create({ issuetype: { name: 'Task' }, summary: 'Task', parent: { key: epic.key } });
      const sub = await create({ issuetype: { name: 'Sub-task' }, summary: 'Sub', parent: { key: task.key } });
      for (const parent of [epic.key, sub.key]) {
        const r = await emu.call('POST', '/rest/api/3/issue', {
          as: MEMBER,
          body: { fields: { project: { key: 'DEMO' }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary: 'x', parent: { key: parent } } },
        });
        expect(r.status).toBe(400);
        expect(field(r.body, 'errors', 'parentId')).toBe('Given parent work item does not belong to appropriate hierarchy.');
      }
      const got = await emu.call('GET', `/rest/api/3/issue/${sub.key}`, { as: MEMBER });
      expect(field(got.body, 'fields', 'parent', 'key')).toBe(task.key);
      expect(field(got.body, 'fields', 'issuetype', 'subtask')).toBe(true);
      const parent = await emu.call('GET', `/rest/api/3/issue/${task.key}?fields=subtasks,parent`, { as: MEMBER });
      expect(field<{ key: string }[]>(parent.body, 'fields', 'subtasks').map((s) => s.key)).toEqual([sub.key]);
      expect(field(parent.body, 'fields', 'parent', 'fields', 'issuetype', 'name')).toBe('Epic');
    });

    it('refuses a task under a task (a child is exactly one level below)', async () => {
      const task = await create({ issuetype: { name: 'Task' }, summary: 'Task' });
      const r = await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Story' }, summary: 'x', parent: { key: task.key } } },
      });
      expect(r.status).toBe(400);
      expect(field(r.body, 'errors', 'parentId')).toMatch(/appropriate hierarchy/);
    });
  });

  describe('bulk create', () => {
    const item = (summary: string, type = 'Task'): Record<string, unknown> => ({
      fields: { project: { key: 'DEMO' }, issuetype: { name: type }, summary },
    });

    it('refuses 51 issues in one call', async () => {
      const r = await emu.call('POST', '/rest/api/3/issue/bulk', {
        as: MEMBER,
        body: { issueUpdates: Array.from({ length: 51 }, (_, i) => item(`i${i}`)) },
      });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/50/);
      const search = await emu.call('GET', '/rest/api/3/search/jql?jql=project%3DDEMO', { as: MEMBER });
      expect(field<unknown[]>(search.body, 'issues')).toHaveLength(0);
    });

    it('accepts 50 issues', async () => {
      const r = await emu.call('POST', '/rest/api/3/issue/bulk', {
        as: MEMBER,
        body: { issueUpdates: Array.from({ length: 50 }, (_, i) => item(`i${i}`)) },
      });
      expect(r.status).toBe(201);
      expect(field<unknown[]>(r.body, 'issues')).toHaveLength(50);
    });

    it('answers 201 with per-element errors when one element is bad', async () => {
      const r = await emu.call('POST', '/rest/api/3/issue/bulk', {
        as: MEMBER,
        body: { issueUpdates: [item('ok 1'), item('bad', 'Sub-task'), item('ok 2')] },
      });
      expect(r.status).toBe(201);
      expect(field<{ key: string }[]>(r.body, 'issues').map((i) => i.key)).toEqual(['DEMO-1', 'DEMO-2']);
      expect(field(r.body, 'errors')).toEqual([
        {
          status: 400,
          elementErrors: { errorMessages: [], errors: { issuetype: 'Issue type is a sub-task but parent issue key or id not specified.' } },
          failedElementNumber: 1,
        },
      ]);
    });

    it('answers 400 when every element fails', async () => {
      const r = await emu.call('POST', '/rest/api/3/issue/bulk', {
        as: MEMBER,
        body: { issueUpdates: [item('', 'Task'), item('x', 'Nope')] },
      });
      expect(r.status).toBe(400);
      expect(field<unknown[]>(r.body, 'issues')).toHaveLength(0);
      expect(field<{ failedElementNumber: number }[]>(r.body, 'errors').map((e) => e.failedElementNumber)).toEqual([0, 1]);
    });
  });

  it('answers 410 Gone on the removed /rest/api/3/search', async () => {
    for (const method of ['GET', 'POST']) {
      const r = await emu.call(method, '/rest/api/3/search?jql=project%3DDEMO', {
        as: MEMBER,
        body: method === 'POST' ? { jql: 'project = DEMO' } : undefined,
      });
      expect(r.status).toBe(410);
      expect(JSON.stringify(r.body)).toContain('/rest/api/3/search/jql');
    }
  });

  describe('authentication and visibility', () => {
    it('401 without credentials, with an unknown email, or with an unknown actor', async () => {
      for (const as of ['anonymous', { email: 'nobody@sandbox.test' }, { actor: 'user:nobody' }, { actor: 'root' }] as As[]) {
        const r = await emu.call('GET', '/rest/api/3/myself', { as });
        expect(r.status).toBe(401);
        expect(field<string[]>(r.body, 'errorMessages').length).toBe(1);
      }
    });

    it('acts as a user through X-Sandbox-Actor and as the app', async () => {
      const me = await emu.call('GET', '/rest/api/3/myself', { as: { actor: `user:${ACCOUNT_IDS.arkkitehti}` } });
      expect(field(me.body, 'emailAddress')).toBe(EMAILS.arkkitehti);
      const app = await emu.call('GET', '/rest/api/3/myself', { as: APP });
      expect(field(app.body, 'accountType')).toBe('app');
    });

    it('the outsider gets 404 on DEMO and its issues; non-admins are refused the workflow APIs', async () => {
      const epic = await create({ issuetype: { name: 'Epic' }, summary: 'Salainen' });
      expect((await emu.call('GET', '/rest/api/3/project/DEMO', { as: OUTSIDER })).status).toBe(404);
      expect((await emu.call('GET', `/rest/api/3/issue/${epic.key}`, { as: OUTSIDER })).status).toBe(404);
      expect((await emu.call('GET', `/rest/api/3/issue/${epic.key}/transitions`, { as: OUTSIDER })).status).toBe(404);
      expect((await emu.call('GET', `/rest/api/3/issue/${epic.key}/properties`, { as: OUTSIDER })).status).toBe(404);
      expect((await emu.call('GET', '/rest/api/3/project/DEMO/role', { as: OUTSIDER })).status).toBe(404);
      // the spec documents 401 ("... or the caller doesn't have permissions") for searchWorkflows, 403 for the scheme API
      expect((await emu.call('GET', '/rest/api/3/workflows/search', { as: OUTSIDER })).status).toBe(401);
      expect((await emu.call('GET', '/rest/api/3/workflows/search', { as: MEMBER })).status).toBe(401);
      expect((await emu.call('GET', '/rest/api/3/workflowscheme/project?projectId=10000', { as: MEMBER })).status).toBe(403);
      expect((await emu.call('GET', '/rest/api/3/workflows/search', { as: ADMIN })).status).toBe(200);
      const page = await emu.call('GET', '/rest/api/3/project/search', { as: OUTSIDER });
      expect(field(page.body, 'total')).toBe(0);
      const jql = await emu.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(`key = ${epic.key}`)}`, { as: OUTSIDER });
      expect(jql.status).toBe(400);
      const byType = await emu.call('GET', '/rest/api/3/search/jql?jql=issuetype%3DEpic', { as: OUTSIDER });
      expect(field<unknown[]>(byType.body, 'issues')).toHaveLength(0);
      const createR = await emu.call('POST', '/rest/api/3/issue', {
        as: OUTSIDER,
        body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'x' } },
      });
      expect(createR.status).toBe(400);
      expect(field(createR.body, 'errors', 'project')).toBeDefined();
    });

    it('a member may not administer: permissions per seed', async () => {
      const perms =
        'BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ASSIGN_ISSUES,ASSIGNABLE_USER,TRANSITION_ISSUES,DELETE_ISSUES,ADMINISTER_PROJECTS,ADMINISTER';
      const have = async (as: As): Promise<Record<string, boolean>> => {
        const r = await emu.call('GET', `/rest/api/3/mypermissions?projectKey=DEMO&permissions=${perms}`, { as });
        expect(r.status).toBe(200);
        const p = field<Record<string, { havePermission: boolean }>>(r.body, 'permissions');
        return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.havePermission]));
      };
      const admin = await have(ADMIN);
      expect(Object.values(admin).every(Boolean)).toBe(true);
      const member = await have(MEMBER);
      expect(member).toMatchObject({
        BROWSE_PROJECTS: true,
        CREATE_ISSUES: true,
        ASSIGNABLE_USER: true,
        TRANSITION_ISSUES: true,
        DELETE_ISSUES: true,
        ADMINISTER_PROJECTS: false,
        ADMINISTER: false,
      });
      const outsider = await have(OUTSIDER);
      expect(Object.values(outsider).some(Boolean)).toBe(false);

      const check = await emu.call('POST', '/rest/api/3/permissions/check', {
        as: APP,
        body: {
          accountId: ACCOUNT_IDS.outsider,
          globalPermissions: ['ADMINISTER'],
          projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10000] }],
        },
      });
      expect(check.body).toEqual({
        globalPermissions: [],
        projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [], issues: [] }],
      });
      const self = await emu.call('POST', '/rest/api/3/permissions/check', {
        as: MEMBER,
        body: { projectPermissions: [{ permissions: ['EDIT_ISSUES', 'ADMINISTER_PROJECTS'], projects: [10000] }] },
      });
      expect(field(self.body, 'projectPermissions')).toEqual([
        { permission: 'EDIT_ISSUES', projects: [10000], issues: [] },
        { permission: 'ADMINISTER_PROJECTS', projects: [], issues: [] },
      ]);
      const other = await emu.call('POST', '/rest/api/3/permissions/check', {
        as: MEMBER,
        body: { accountId: ACCOUNT_IDS.admin, globalPermissions: ['ADMINISTER'] },
      });
      expect(other.status).toBe(403);
    });

    it('project roles hold exactly the seeded users', async () => {
      const roles = await emu.call('GET', '/rest/api/3/project/DEMO/role', { as: MEMBER });
      expect(Object.keys(roles.body as object).sort()).toEqual(
        [
          'Administrators',
          'Arkkitehti',
          'Hankepäällikkö',
          'Johto-/ohjausryhmä',
          'Members',
          'Palvelusta vastaava',
          'Toteutustiimi',
          'Tuotantotiimi',
        ].sort(),
      );
      // A role's actors need Administer Projects (or Administer Jira), as in Jira Cloud.
      const denied = await emu.call('GET', `/rest/api/3/project/DEMO/role/${ROLE_IDS.hankepaallikko}`, { as: MEMBER });
      expect(denied.status).toBe(404);
      const pm = await emu.call('GET', `/rest/api/3/project/DEMO/role/${ROLE_IDS.hankepaallikko}`, { as: { email: 'admin@sandbox.test' } });
      expect(field<{ actorUser: { accountId: string } }[]>(pm.body, 'actors').map((a) => a.actorUser.accountId)).toEqual([
        ACCOUNT_IDS.hankepaallikko,
      ]);
      const members = await emu.call('GET', `/rest/api/3/project/DEMO/role/${ROLE_IDS.members}`, { as: { email: 'admin@sandbox.test' } });
      expect(field<unknown[]>(members.body, 'actors')).toHaveLength(6);
    });
  });

  describe('faults', () => {
    it('a rate limit answers 429 with Retry-After and Jira’s body', async () => {
      emu.jira.faults.setRateLimit({ maxRequests: 2, windowMs: 60_000, retryAfterSeconds: 7 });
      expect((await emu.call('GET', '/rest/api/3/myself')).status).toBe(200);
      expect((await emu.call('GET', '/rest/api/3/myself')).status).toBe(200);
      const r = await emu.call('GET', '/rest/api/3/myself');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(field<string[]>(r.body, 'errorMessages').length).toBe(1);
      emu.jira.faults.setRateLimit(null);
      expect((await emu.call('GET', '/rest/api/3/myself')).status).toBe(200);
    });

    it('injects 5xx a given number of times, matching method and path prefix', async () => {
      emu.jira.faults.injectFaults([
        { kind: 'status', status: 503, times: 2, match: { method: 'GET', pathPrefix: '/rest/api/3/project' } },
      ]);
      expect((await emu.call('GET', '/rest/api/3/myself')).status).toBe(200);
      expect((await emu.call('GET', '/rest/api/3/project/DEMO')).status).toBe(503);
      expect((await emu.call('GET', '/rest/api/3/project/search')).status).toBe(503);
      expect((await emu.call('GET', '/rest/api/3/project/DEMO')).status).toBe(200);
    });

    it('drops connections', async () => {
      emu.jira.faults.injectFaults([{ kind: 'drop', times: 1 }]);
      await expect(emu.call('GET', '/rest/api/3/myself')).rejects.toThrow();
      expect((await emu.call('GET', '/rest/api/3/myself')).status).toBe(200);
    });

    it('fault controls and stats over HTTP', async () => {
      const set = await emu.call('POST', '/__sandbox/jira/faults', {
        as: 'anonymous',
        body: { rateLimit: { maxRequests: 0, windowMs: 1000, retryAfterSeconds: 3 } },
      });
      expect(set.status).toBe(200);
      expect((await emu.call('GET', '/rest/api/3/myself')).status).toBe(429);
      await emu.call('DELETE', '/__sandbox/jira/faults', { as: 'anonymous' });
      emu.jira.stats.reset();
      await emu.call('GET', '/rest/api/3/issue/DEMO-99');
      await emu.call('GET', '/rest/api/3/issue/DEMO-98');
      expect(emu.jira.stats.requests).toBe(2);
      expect(emu.jira.stats.byRoute).toEqual({ 'GET /rest/api/3/issue/{issueIdOrKey}': 2 });
      const stats = await emu.call('GET', '/__sandbox/jira/stats', { as: 'anonymous' });
      expect(field(stats.body, 'requests')).toBe(2);
    });
  });
});
