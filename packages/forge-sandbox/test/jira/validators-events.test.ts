/** Forge workflow validators on transitions, and issue events to the harness. */
import type { IssueEvent, ValidatorCall, ValidatorResult } from '../../src/jira';
import { ACCOUNT_IDS, EMAILS, STATUS_IDS, TRANSITION_IDS } from '../../src/jira/seed';
import { field, startEmulator, type As, type RunningEmulator } from './helpers';

const MEMBER: As = { email: EMAILS.hankepaallikko };

describe('workflow validators', () => {
  let emu: RunningEmulator;
  let calls: ValidatorCall[];
  let answer: (call: ValidatorCall) => Promise<ValidatorResult>;

  beforeEach(async () => {
    calls = [];
    answer = async () => ({ result: true });
    emu = await startEmulator({
      hooks: {
        runValidators: (call) => {
          calls.push(call);
          return answer(call);
        },
      },
      validatorTimeoutMs: 5,
    });
  });
  afterEach(() => emu.close());

  async function epic(): Promise<string> {
    const r = await emu.call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: 'E' } },
    });
    return field<string>(r.body, 'key');
  }

  it('blocks a transition with the validator’s message', async () => {
    const key = await epic();
    answer = async () => ({ result: false, errorMessage: 'Poistumisehdot eivät täyty: palvelusta vastaava puuttuu.' });
    const r = await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, {
      as: MEMBER,
      body: { transition: { id: TRANSITION_IDS.done } },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errorMessages: ['Poistumisehdot eivät täyty: palvelusta vastaava puuttuu.'], errors: {} });
    const got = await emu.call('GET', `/rest/api/3/issue/${key}?fields=status`, { as: MEMBER });
    expect(field(got.body, 'fields', 'status', 'id')).toBe(STATUS_IDS.toDo);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      issue: { key },
      transition: { id: '31', name: 'Done', from: { id: STATUS_IDS.toDo }, to: { id: STATUS_IDS.done } },
      validators: [{ moduleKey: 'exit-gate-validator', configuration: {} }],
      actorAccountId: ACCOUNT_IDS.hankepaallikko,
      modifiedFields: {},
    });
  });

  it('lets a passing transition through, and calls the entry validator on In Progress', async () => {
    const key = await epic();
    const r = await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, {
      as: MEMBER,
      body: { transition: { id: TRANSITION_IDS.inProgress } },
    });
    expect(r.status).toBe(204);
    expect(calls.map((c) => c.validators[0]?.moduleKey)).toEqual(['entry-gate-validator']);
    const got = await emu.call('GET', `/rest/api/3/issue/${key}?fields=status`, { as: MEMBER });
    expect(field(got.body, 'fields', 'status', 'statusCategory', 'key')).toBe('indeterminate');
  });

  it('does not call validators for issue types without them, nor on To Do', async () => {
    const t = await emu.call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'T' } },
    });
    const key = field<string>(t.body, 'key');
    expect(
      (await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: MEMBER, body: { transition: { id: '31' } } })).status,
    ).toBe(204);
    expect(
      (await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: MEMBER, body: { transition: { id: '11' } } })).status,
    ).toBe(204);
    expect(calls).toHaveLength(0);
  });

  it('refuses with a generic message when the validator throws or does not answer in time', async () => {
    const key = await epic();
    answer = async () => {
      throw new Error('boom');
    };
    const thrown = await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: MEMBER, body: { transition: { id: '31' } } });
    expect(thrown.status).toBe(400);
    expect(field<string[]>(thrown.body, 'errorMessages')[0]).toMatch(/could not be validated/);
    answer = () => new Promise<ValidatorResult>(() => undefined); // never settles; the 5 ms limit applies
    const hung = await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: MEMBER, body: { transition: { id: '31' } } });
    expect(hung.status).toBe(400);
    expect(field<string[]>(hung.body, 'errorMessages')[0]).toMatch(/could not be validated/);
  });

  it('attaches and detaches validators through the API and over HTTP; workflows/search shows them', async () => {
    emu.jira.workflows.setValidators('DEMO', 'Epic', '31', []);
    const key = await epic();
    answer = async () => ({ result: false, errorMessage: 'no' });
    expect(
      (await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: MEMBER, body: { transition: { id: '31' } } })).status,
    ).toBe(204);
    expect(calls).toHaveLength(0);

    const put = await emu.call('PUT', '/__sandbox/jira/workflow-validators', {
      as: 'anonymous',
      body: {
        projectKey: 'DEMO',
        issueTypeName: 'Task',
        transitionId: '21',
        validators: [{ moduleKey: 'entry-gate-validator', configuration: { strict: true } }],
      },
    });
    expect(put.status).toBe(200);
    const wf = await emu.call('GET', '/rest/api/3/workflows/search?expand=values.transitions', { as: { email: EMAILS.admin } });
    const values = field<{ name: string; transitions: { id: string; validators: { parameters: Record<string, string> }[] }[] }[]>(
      wf.body,
      'values',
    );
    const std = values.find((w) => w.name === 'DEMO: Standard workflow');
    expect(std?.transitions.find((t) => t.id === '21')?.validators[0]?.parameters).toMatchObject({
      key: expect.stringMatching(/^ari:cloud:ecosystem::extension\/.+\/static\/entry-gate-validator$/),
      config: '{"strict":true}',
      disabled: 'false',
    });
    const epicWf = values.find((w) => w.name === 'DEMO: Epic workflow');
    expect(epicWf?.transitions.find((t) => t.id === '31')?.validators).toEqual([]);
    expect(epicWf?.transitions.find((t) => t.id === '21')?.validators).toHaveLength(1);
    expect(() => emu.jira.workflows.setValidators('DEMO', 'Nope', '31', [])).toThrow(/unknown issue type/);
  });
});

describe('issue events', () => {
  let emu: RunningEmulator;
  let events: IssueEvent[];
  let waiters: { n: number; resolve: () => void }[];

  function waitForEvents(n: number): Promise<void> {
    if (events.length >= n) return Promise.resolve();
    return new Promise((resolve) => waiters.push({ n, resolve }));
  }

  beforeEach(async () => {
    events = [];
    waiters = [];
    emu = await startEmulator({
      hooks: {
        onIssueEvent: (e) => {
          events.push(e);
          for (const w of waiters.filter((x) => events.length >= x.n)) w.resolve();
        },
      },
    });
  });
  afterEach(() => emu.close());

  it('fires created, updated (edit, assign, transition) and deleted events with changelogs', async () => {
    const r = await emu.call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'T' } },
    });
    const key = field<string>(r.body, 'key');
    await waitForEvents(1);
    expect(events[0]).toMatchObject({
      eventType: 'avi:jira:created:issue',
      issue: { key, fields: { summary: 'T' } },
      atlassianId: ACCOUNT_IDS.hankepaallikko,
    });

    await emu.call('PUT', `/rest/api/3/issue/${key}`, { as: { actor: 'app' }, body: { fields: { summary: 'T2' } } });
    await emu.call('PUT', `/rest/api/3/issue/${key}/assignee`, { as: MEMBER, body: { accountId: ACCOUNT_IDS.arkkitehti } });
    await emu.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: MEMBER, body: { transition: { id: '31' } } });
    await emu.call('DELETE', `/rest/api/3/issue/${key}`, { as: MEMBER });
    await waitForEvents(5);
    expect(events.map((e) => e.eventType)).toEqual([
      'avi:jira:created:issue',
      'avi:jira:updated:issue',
      'avi:jira:updated:issue',
      'avi:jira:updated:issue',
      'avi:jira:deleted:issue',
    ]);
    expect(events[1]).toMatchObject({
      atlassianId: 'sandbox-app',
      changelog: { items: [{ field: 'summary', fromString: 'T', toString: 'T2' }] },
    });
    expect(events[2]?.changelog?.items).toEqual([
      { field: 'assignee', from: null, to: ACCOUNT_IDS.arkkitehti, fromString: null, toString: 'Antti Arkkitehti' },
    ]);
    expect(events[3]?.changelog?.items).toEqual([
      { field: 'status', from: STATUS_IDS.toDo, to: STATUS_IDS.done, fromString: 'To Do', toString: 'Done' },
      { field: 'resolution', from: null, to: '10000', fromString: null, toString: 'Done' },
    ]);
  });

  it('fires nothing for refused requests and no-op edits', async () => {
    const bad = await emu.call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'x' } },
    });
    expect(bad.status).toBe(400);
    const ok = await emu.call('POST', '/rest/api/3/issue', {
      as: MEMBER,
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'same' } },
    });
    const key = field<string>(ok.body, 'key');
    expect((await emu.call('PUT', `/rest/api/3/issue/${key}`, { as: MEMBER, body: { fields: { summary: 'same' } } })).status).toBe(204);
    // a later, real change is the second event: the refused create and the no-op edit fired nothing
    await emu.call('PUT', `/rest/api/3/issue/${key}`, { as: MEMBER, body: { fields: { summary: 'changed' } } });
    await waitForEvents(2);
    expect(events.map((e) => [e.eventType, e.issue.key])).toEqual([
      ['avi:jira:created:issue', key],
      ['avi:jira:updated:issue', key],
    ]);
  });
});
