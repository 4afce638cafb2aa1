/**
 * The installed app's own custom fields (`jira:customField`, src/jira/app-fields.ts) as the emulator
 * serves them: who may write what (docs: manifest-reference/modules/jira-custom-field, "Read-only fields";
 * OpenAPI: only the owning app writes through /app/field/value), JQL over them, and search lagging behind
 * the writes in strict mode like every other search datum.
 */
import { appFieldsFromManifest, installAppFields } from '../../src/jira/app-fields';
import { EMAILS } from '../../src/jira/seed';
import { field, startEmulator, type As, type RunningEmulator } from './helpers';

const MEMBER: As = { email: EMAILS.hankepaallikko };
const APP: As = { actor: 'app' };

/** An app with an editable number field and a read-only string field. */
const FIELDS = appFieldsFromManifest({
  app: { id: 'ari:cloud:ecosystem::app/11111111-1111-4111-8111-111111111111' },
  modules: {
    'jira:customField': [
      { key: 'score', name: 'Score', description: 'd', type: 'number' },
      { key: 'verdict', name: 'Verdict', description: 'd', type: 'string', readOnly: true },
    ],
  },
});

describe("the app's custom fields in the emulator", () => {
  let emu: RunningEmulator;
  afterEach(async () => {
    installAppFields(null);
    await emu.close();
  });

  async function epic(): Promise<{ id: string; key: string }> {
    const r = await emu.call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: 'E' } },
    });
    return r.body as { id: string; key: string };
  }

  it('a field that is not read-only is edited like any field; a read-only one only through the app-only endpoint', async () => {
    installAppFields(FIELDS);
    emu = await startEmulator();
    const e = await epic();
    const [score, verdict] = [FIELDS[0]!.id, FIELDS[1]!.id];
    expect((await emu.call('PUT', `/rest/api/3/issue/${e.key}`, { as: MEMBER, body: { fields: { [score]: 7 } } })).status).toBe(204);
    expect((await emu.call('PUT', `/rest/api/3/issue/${e.key}`, { as: MEMBER, body: { fields: { [score]: 'seven' } } })).status).toBe(400);
    const refused = await emu.call('PUT', `/rest/api/3/issue/${e.key}`, { as: MEMBER, body: { fields: { [verdict]: 'ok' } } });
    expect(refused.status).toBe(400);
    expect(field<Record<string, string>>(refused.body, 'errors')[verdict]).toMatch(/cannot be set/);
    // The app's own edit through PUT /issue is refused too: a read-only field is written with /app/field/value.
    expect((await emu.call('PUT', `/rest/api/3/issue/${e.key}`, { as: APP, body: { fields: { [verdict]: 'ok' } } })).status).toBe(400);
    const body = { updates: [{ issueIds: [Number(e.id)], value: 'ok' }] };
    expect((await emu.call('PUT', `/rest/api/3/app/field/${verdict}/value`, { as: MEMBER, body })).status).toBe(403);
    expect((await emu.call('PUT', `/rest/api/3/app/field/${FIELDS[1]!.key}/value`, { as: APP, body })).status).toBe(204);
    expect((await emu.call('PUT', '/rest/api/3/app/field/customfield_99999/value', { as: APP, body })).status).toBe(404);
    const got = await emu.call('GET', `/rest/api/3/issue/${e.key}?fields=${score},${verdict}`, { as: MEMBER });
    expect(field<Record<string, unknown>>(got.body, 'fields')).toEqual({ [score]: 7, [verdict]: 'ok' });
    const search = await emu.call('POST', '/rest/api/3/search/jql', {
      as: MEMBER,
      body: { jql: `Score >= 7 AND cf[${FIELDS[1]!.number}] = OK`, fields: ['summary'] },
    });
    expect(field<{ key: string }[]>(search.body, 'issues').map((i) => i.key)).toEqual([e.key]);
    expect((await emu.call('POST', '/rest/api/3/search/jql', { as: MEMBER, body: { jql: 'Verdict > ok' } })).status).toBe(400);
  });

  it('in strict mode a search sees a new value only after the lag, unless the issue is reconciled', async () => {
    installAppFields(FIELDS);
    emu = await startEmulator({ strict: { searchLagMs: 60_000 } });
    const e = await epic();
    emu.jira.strict.settleSearch();
    const verdict = FIELDS[1]!;
    const write = { updates: [{ issueIds: [Number(e.id)], value: 'late' }] };
    expect((await emu.call('PUT', `/rest/api/3/app/field/${verdict.id}/value`, { as: APP, body: write })).status).toBe(204);
    const jql = `cf[${verdict.number}] = late`;
    const lagging = await emu.call('POST', '/rest/api/3/search/jql', { as: MEMBER, body: { jql } });
    expect(field<unknown[]>(lagging.body, 'issues')).toEqual([]);
    const reconciled = await emu.call('POST', '/rest/api/3/search/jql', { as: MEMBER, body: { jql, reconcileIssues: [Number(e.id)] } });
    expect(field<{ id: string }[]>(reconciled.body, 'issues').map((i) => i.id)).toEqual([e.id]);
    emu.jira.strict.settleSearch();
    const counted = await emu.call('POST', '/rest/api/3/search/approximate-count', { as: MEMBER, body: { jql } });
    expect(counted.body).toEqual({ count: 1 });
  });
});
