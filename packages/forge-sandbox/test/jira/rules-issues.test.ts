/** Jira's rules as the emulator enforces them, over HTTP: issues and search (rules.test.ts has the rest). */
import { ACCOUNT_IDS, ROLE_IDS } from '../../src/jira/seed';
import { adf, AS, createIssue, field, startEmulator, type As, type RunningEmulator } from './helpers';

const { admin: ADMIN, member: MEMBER, outsider: OUTSIDER, app: APP } = AS;

describe('Jira emulator rules: issues, search', () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.close());

  const create = (fields: Record<string, unknown>, as: As = MEMBER) => createIssue(emu, fields, as);

  describe('issues', () => {
    it('assigning needs ASSIGNABLE_USER in the project', async () => {
      const t = await create({ issuetype: { name: 'Task' }, summary: 'T' });
      const bad = await emu.call('PUT', `/rest/api/3/issue/${t.key}/assignee`, { as: MEMBER, body: { accountId: ACCOUNT_IDS.outsider } });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ errorMessages: [], errors: { assignee: `User '${ACCOUNT_IDS.outsider}' cannot be assigned issues.` } });
      const ok = await emu.call('PUT', `/rest/api/3/issue/${t.key}/assignee`, { as: MEMBER, body: { accountId: ACCOUNT_IDS.arkkitehti } });
      expect(ok.status).toBe(204);
      const got = await emu.call('GET', `/rest/api/3/issue/${t.key}?fields=assignee`, { as: MEMBER });
      expect(field(got.body, 'fields', 'assignee', 'accountId')).toBe(ACCOUNT_IDS.arkkitehti);
      expect(field(got.body, 'fields')).toEqual({ assignee: expect.any(Object) });
      await emu.call('PUT', `/rest/api/3/issue/${t.key}/assignee`, { as: MEMBER, body: { accountId: null } });
      const none = await emu.call('GET', `/rest/api/3/issue/${t.key}?fields=assignee`, { as: MEMBER });
      expect(field(none.body, 'fields', 'assignee')).toBeNull();
    });

    it('edits fields and labels with update operations', async () => {
      const t = await create({ issuetype: { name: 'Task' }, summary: 'T', labels: ['a', 'b'] });
      const r = await emu.call('PUT', `/rest/api/3/issue/${t.key}`, {
        as: MEMBER,
        body: { fields: { summary: 'T2', description: adf('kuvaus') }, update: { labels: [{ add: 'c' }, { remove: 'a' }] } },
      });
      expect(r.status).toBe(204);
      const got = await emu.call('GET', `/rest/api/3/issue/${t.key}?fields=summary,labels,description`, { as: MEMBER });
      expect(field(got.body, 'fields')).toEqual({ summary: 'T2', labels: ['b', 'c'], description: adf('kuvaus') });
      const bad = await emu.call('PUT', `/rest/api/3/issue/${t.key}`, {
        as: MEMBER,
        body: { fields: { customfield_10000: 1, labels: ['with space'] } },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(field(bad.body, 'errors') as object).sort()).toEqual(['customfield_10000', 'labels']);
      const desc = await emu.call('PUT', `/rest/api/3/issue/${t.key}`, { as: MEMBER, body: { fields: { description: 'plain text' } } });
      expect(field(desc.body, 'errors', 'description')).toMatch(/Atlassian Document/);
    });

    it('deleting needs Browse projects (404 without) and Delete issues (403 without)', async () => {
      const t = await create({ issuetype: { name: 'Task' }, summary: 'T' });
      expect((await emu.call('DELETE', `/rest/api/3/issue/${t.key}`, { as: OUTSIDER })).status).toBe(404);
      emu.jira.db.prepare("DELETE FROM jira_permission_grants WHERE role_id = ? AND permission = 'DELETE_ISSUES'").run(ROLE_IDS.members);
      const refused = await emu.call('DELETE', `/rest/api/3/issue/${t.key}`, { as: MEMBER });
      expect(refused.status).toBe(403);
      expect(field(refused.body, 'errorMessages')).toEqual([expect.stringMatching(/permission to delete/)]);
      expect((await emu.call('GET', `/rest/api/3/issue/${t.key}`, { as: MEMBER })).status).toBe(200);
      expect((await emu.call('DELETE', `/rest/api/3/issue/${t.key}`, { as: ADMIN })).status).toBe(204);
      expect((await emu.call('DELETE', `/rest/api/3/issue/${t.key}`, { as: ADMIN })).status).toBe(404);
    });

    it('refuses to delete an issue with sub-tasks unless deleteSubtasks=true', async () => {
      const t = await create({ issuetype: { name: 'Task' }, summary: 'T' });
      const s = await create({ issuetype: { name: 'Sub-task' }, summary: 'S', parent: { key: t.key } });
      const refused = await emu.call('DELETE', `/rest/api/3/issue/${t.key}`, { as: MEMBER });
      expect(refused.status).toBe(400);
      expect((await emu.call('DELETE', `/rest/api/3/issue/${t.key}?deleteSubtasks=true`, { as: MEMBER })).status).toBe(204);
      expect((await emu.call('GET', `/rest/api/3/issue/${s.key}`, { as: MEMBER })).status).toBe(404);
      const again = await create({ issuetype: { name: 'Task' }, summary: 'next' });
      expect(again.key).toBe('DEMO-3');
    });

    it('creates with entity properties and enforces the 32,768-character limit', async () => {
      const r = await emu.call('POST', '/rest/api/3/issue', {
        as: MEMBER,
        body: {
          fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: 'E' },
          properties: [{ key: 'kayttoonotto', value: { templateVersion: '1.0.0' } }],
        },
      });
      expect(r.status).toBe(201);
      const key = field<string>(r.body, 'key');
      const got = await emu.call('GET', `/rest/api/3/issue/${key}/properties/kayttoonotto`, { as: MEMBER });
      expect(got.body).toEqual({ key: 'kayttoonotto', value: { templateVersion: '1.0.0' } });
      const withProps = await emu.call('GET', `/rest/api/3/issue/${key}?fields=summary&properties=kayttoonotto,missing`, { as: MEMBER });
      expect(field(withProps.body, 'properties')).toEqual({ kayttoonotto: { templateVersion: '1.0.0' } });

      const exactly = JSON.stringify('x'.repeat(32766)); // 32,768 characters with the quotes
      expect((await emu.call('PUT', `/rest/api/3/issue/${key}/properties/big`, { as: MEMBER, rawBody: exactly })).status).toBe(201);
      const tooBig = await emu.call('PUT', `/rest/api/3/issue/${key}/properties/big`, {
        as: MEMBER,
        rawBody: JSON.stringify('x'.repeat(32767)),
      });
      expect(tooBig.status).toBe(400);
      const longKey = await emu.call('PUT', `/rest/api/3/issue/${key}/properties/${'k'.repeat(256)}`, { as: MEMBER, body: 1 });
      expect(longKey.status).toBe(400);
      expect((await emu.call('PUT', `/rest/api/3/issue/${key}/properties/big`, { as: MEMBER, body: { v: 2 } })).status).toBe(200);
      const keys = await emu.call('GET', `/rest/api/3/issue/${key}/properties`, { as: MEMBER });
      expect(field<{ key: string }[]>(keys.body, 'keys').map((k) => k.key)).toEqual(['big', 'kayttoonotto']);
      expect((await emu.call('DELETE', `/rest/api/3/issue/${key}/properties/big`, { as: MEMBER })).status).toBe(204);
      expect((await emu.call('GET', `/rest/api/3/issue/${key}/properties/big`, { as: MEMBER })).status).toBe(404);
      expect((await emu.call('PUT', `/rest/api/3/issue/${key}/properties/p`, { as: OUTSIDER, body: 1 })).status).toBe(404);
    });
  });

  describe('search/jql', () => {
    it('pages with nextPageToken until isLast', async () => {
      const upd = Array.from({ length: 7 }, (_, i) => ({
        fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: `t${i}` },
      }));
      expect((await emu.call('POST', '/rest/api/3/issue/bulk', { as: MEMBER, body: { issueUpdates: upd } })).status).toBe(201);
      const keys: string[] = [];
      let token: string | undefined;
      let pages = 0;
      for (;;) {
        const r = await emu.call('POST', '/rest/api/3/search/jql', {
          as: MEMBER,
          body: { jql: 'project = DEMO ORDER BY key ASC', maxResults: 3, fields: ['summary'], ...(token ? { nextPageToken: token } : {}) },
        });
        expect(r.status).toBe(200);
        pages++;
        keys.push(...field<{ key: string }[]>(r.body, 'issues').map((i) => i.key));
        if (field<boolean>(r.body, 'isLast')) {
          expect(field(r.body, 'nextPageToken')).toBeUndefined();
          break;
        }
        token = field<string>(r.body, 'nextPageToken');
        expect(typeof token).toBe('string');
      }
      expect(pages).toBe(3);
      expect(keys).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4', 'DEMO-5', 'DEMO-6', 'DEMO-7']);
      const badToken = await emu.call('GET', '/rest/api/3/search/jql?jql=project%3DDEMO&nextPageToken=garbage', { as: MEMBER });
      expect(badToken.status).toBe(400);
    });

    it('filters by an issue property and returns requested properties', async () => {
      const mk = async (role: string): Promise<string> => {
        const r = await emu.call('POST', '/rest/api/3/issue', {
          as: APP,
          body: {
            fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: role },
            properties: [{ key: 'kayttoonotto.item', value: { role, item: { n: 1 } } }],
          },
        });
        return field<string>(r.body, 'key');
      };
      const a = await mk('architect');
      await mk('service-owner');
      await create({ issuetype: { name: 'Task' }, summary: 'no property' });
      const jql = 'project = DEMO AND issue.property[kayttoonotto.item].role = "architect"';
      const r = await emu.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=summary&properties=kayttoonotto.item`, {
        as: MEMBER,
      });
      expect(r.status).toBe(200);
      const issues = field<{ key: string; properties: unknown }[]>(r.body, 'issues');
      expect(issues.map((i) => i.key)).toEqual([a]);
      expect(issues[0]?.properties).toEqual({ 'kayttoonotto.item': { role: 'architect', item: { n: 1 } } });
      const nested = await emu.call(
        'GET',
        `/rest/api/3/search/jql?jql=${encodeURIComponent('issue.property[kayttoonotto.item].item.n = 1')}`,
        { as: MEMBER },
      );
      expect(field<unknown[]>(nested.body, 'issues')).toHaveLength(2);
      const empty = await emu.call(
        'GET',
        `/rest/api/3/search/jql?jql=${encodeURIComponent('project = DEMO AND issue.property[kayttoonotto.item].role IS EMPTY')}&fields=summary`,
        { as: MEMBER },
      );
      expect(field<{ fields: { summary: string } }[]>(empty.body, 'issues').map((i) => i.fields.summary)).toEqual(['no property']);
    });

    it('returns only ids by default, as Jira does', async () => {
      const t = await create({ issuetype: { name: 'Task' }, summary: 'T' });
      const r = await emu.call('GET', '/rest/api/3/search/jql?jql=project%3DDEMO', { as: MEMBER });
      expect(r.body).toEqual({ issues: [{ id: t.id }], isLast: true });
    });

    it('answers 400 with a clear message for JQL it does not support, and for unbounded JQL', async () => {
      const cases: [string, RegExp][] = [
        ['summary ~ "x"', /Field 'summary' does not exist.*supports/],
        ['project = DEMO AND created > -1d', /Field 'created'/],
        ['assignee = membersOf("x")', /Unable to find JQL function 'membersOf\(\)'/],
        ['project = DEMO AND', /Expecting/],
        ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/],
        ['', /Unbounded JQL/],
        ['ORDER BY key', /Unbounded JQL/],
        ['project = DEMO ORDER BY rank', /ORDER BY/],
      ];
      for (const [jql, msg] of cases) {
        const r = await emu.call('POST', '/rest/api/3/search/jql', { as: MEMBER, body: { jql } });
        expect(r.status).toBe(400);
        expect(field<string[]>(r.body, 'errorMessages')[0]).toMatch(msg);
      }
    });
  });
});
