/**
 * The emulator's JQL knows the app's own custom field (manifest `jira:customField`, read from
 * manifest.yml) as `Kayttoonotto.<alias>` and `cf[<n>].<alias>` ("Object type JQL search"): numbers
 * compare numerically (= != < > <= >=), ORDER BY sorts by them, strings and string lists match exactly,
 * dates compare as dates, the whole field is EMPTY or not, and what Jira refuses (a range on a string, a
 * word for a number, an unknown alias) is a clear 400. Entity property aliases still work for an app that declares them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appFields } from '@kayttoonotto/forge-sandbox/jira/app-fields';
import {
  compileJql,
  installEntityPropertyIndex,
  JqlError,
  parseJql,
  sortIssues,
  type JqlEnvironment,
  type JqlIssue,
} from '@kayttoonotto/forge-sandbox/jira/jql';

const env: JqlEnvironment = {
  currentAccountId: 'me',
  projects: [{ id: '10000', key: 'DEMO', name: 'Demo' }],
  issueTypes: [{ id: '10000', name: 'Epic', subtask: false }],
  statuses: [{ id: '10000', name: 'To Do', category: 'new' }],
  findIssue: () => undefined,
};

const FIELD = appFields()[0]!;

function epic(num: number, summary?: Record<string, unknown>): JqlIssue {
  return {
    id: String(10000 + num),
    key: `DEMO-${num}`,
    num,
    projectId: '10000',
    projectKey: 'DEMO',
    issueTypeId: '10000',
    statusId: '10000',
    parentId: null,
    labels: [],
    assignee: null,
    reporter: 'me',
    summary: `e${num}`,
    created: '2026-01-01T00:00:00.000+0000',
    updated: '2026-01-01T00:00:00.000+0000',
    property: () => ({ found: false }),
    field: (id) => (id === FIELD.id && summary ? { found: true, value: summary } : { found: false }),
  };
}

const epics = [
  epic(1, { readiness: 100, exitGate: 'passed', blockers: 0, actRoles: [], phaseStart: '2026-01-05T10:00:00Z' }),
  epic(2, {
    readiness: 9,
    exitGate: 'blocked',
    blockers: 30,
    actRoles: ['architect', 'steering-group'],
    phaseStart: '2026-02-01T00:00:00Z',
  }),
  epic(3, { readiness: 50, exitGate: 'blocked', blockers: 12, actRoles: ['architect'] }),
  epic(4),
];
const keys = (jql: string) => {
  const q = parseJql(jql);
  return sortIssues(epics.filter(compileJql(q, env)), q.orderBy).map((i) => i.key);
};

afterEach(() => installEntityPropertyIndex(null));

describe("the app's custom field in the emulator's JQL", () => {
  it('is the one the manifest declares: read-only, an object whose schema aliases are typed', () => {
    expect(FIELD).toMatchObject({ id: 'customfield_10100', number: 10100, name: 'Kayttoonotto', type: 'object', readOnly: true });
    expect(Object.fromEntries(FIELD.aliases.map((a) => [a.alias, `${a.path.join('.')}:${a.type}`]))).toEqual({
      readiness: 'readiness:number',
      entryGate: 'entryGate:string',
      exitGate: 'exitGate:string',
      blockers: 'blockers:number',
      actRoles: 'actRoles:string',
      pendingWaivers: 'pendingWaivers:number',
      phaseStart: 'phaseStart:date',
      lastChange: 'lastChange:date',
    });
    // No account id can be searched: no user-typed value.
    expect(FIELD.aliases.filter((a) => a.type === 'user')).toEqual([]);
  });

  it('compares numbers numerically with every operator (9 < 50 < 100, not as strings), by name or cf[n]', () => {
    expect(keys('Kayttoonotto.readiness < 100 ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('kayttoonotto.READINESS > 9 ORDER BY key ASC')).toEqual(['DEMO-1', 'DEMO-3']);
    expect(keys('cf[10100].readiness <= 50 ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('cf[10100].readiness >= 50 ORDER BY key ASC')).toEqual(['DEMO-1', 'DEMO-3']);
    expect(keys('Kayttoonotto.readiness = 50.0')).toEqual(['DEMO-3']);
    expect(keys('Kayttoonotto.readiness != 100 ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('Kayttoonotto.blockers >= 12 AND Kayttoonotto.exitGate = blocked ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('Kayttoonotto IS EMPTY')).toEqual(['DEMO-4']);
    expect(keys('cf[10100] IS NOT EMPTY ORDER BY key ASC')).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3']);
    expect(keys('Kayttoonotto.actRoles = architect ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('Kayttoonotto.phaseStart > "2026-01-31" ORDER BY key ASC')).toEqual(['DEMO-2']);
  });

  it('sorts in ORDER BY numerically, EMPTY last in ascending order', () => {
    expect(keys('project = DEMO ORDER BY Kayttoonotto.readiness ASC')).toEqual(['DEMO-2', 'DEMO-3', 'DEMO-1', 'DEMO-4']);
    expect(keys('project = DEMO ORDER BY cf[10100].blockers DESC, key ASC')).toEqual(['DEMO-4', 'DEMO-2', 'DEMO-3', 'DEMO-1']);
  });

  it('refuses what Jira refuses, with a clear message', () => {
    expect(() => parseJql('Kayttoonotto.exitGate > passed')).toThrow(/operator '>' is not supported by the 'Kayttoonotto.exitGate' field/);
    expect(() => compileJql(parseJql('Kayttoonotto.readiness < lots'), env)).toThrow(/'lots' is not a valid number/);
    expect(() => parseJql('Kayttoonotto.members = currentUser()')).toThrow(/Field 'Kayttoonotto.members' does not exist/);
    expect(() => parseJql('Kayttoonotto = passed')).toThrow(/operator '=' is not supported by the 'Kayttoonotto' field/);
    expect(() => parseJql('kayttoonottoReadiness < 100')).toThrow(/Field 'kayttoonottoReadiness' does not exist/);
    expect(() => parseJql('status > 1')).toThrow(JqlError);
  });

  it('entity property aliases come from the manifest, not from the emulator: an app without the module has no such field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alias-'));
    fs.writeFileSync(
      path.join(dir, 'manifest.yml'),
      'modules:\n  jira:entityProperty:\n    - key: k\n      propertyKey: other\n      values:\n        - path: n\n          type: number\n          searchAlias: otherNumber\n',
    );
    installEntityPropertyIndex(path.join(dir, 'manifest.yml'));
    expect(() => parseJql('kayttoonottoReadiness < 100')).toThrow(/Field 'kayttoonottoReadiness' does not exist/);
    expect(parseJql('otherNumber >= 2').where).toMatchObject({
      field: { property: { key: 'other', path: ['n'], type: 'number' } },
      op: '>=',
    });
  });
});
