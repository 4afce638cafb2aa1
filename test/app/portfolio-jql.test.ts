/**
 * The emulator's JQL knows the search aliases of the app's jira:entityProperty modules, read from
 * manifest.yml: numbers compare numerically (= != < > <= >=), ORDER BY sorts by them, strings match
 * exactly, and what Jira refuses (a range on a string, a word for a number) is a clear 400.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  compileJql,
  entityPropertyIndex,
  installEntityPropertyIndex,
  JqlError,
  parseJql,
  sortIssues,
  type JqlEnvironment,
  type JqlIssue,
} from '../../sandbox/jira/jql';

const env: JqlEnvironment = {
  currentAccountId: 'me',
  projects: [{ id: '10000', key: 'DEMO', name: 'Demo' }],
  issueTypes: [{ id: '10000', name: 'Epic', subtask: false }],
  statuses: [{ id: '10000', name: 'To Do', category: 'new' }],
  findIssue: () => undefined,
};

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
    property: (k) => (k === 'kayttoonotto-summary' && summary ? { found: true, value: summary } : { found: false }),
  };
}

const epics = [
  epic(1, { readiness: 100, exitGate: 'passed', blockers: 0, members: ['me'] }),
  epic(2, { readiness: 9, exitGate: 'blocked', blockers: 30, members: ['other'] }),
  epic(3, { readiness: 50, exitGate: 'blocked', blockers: 12 }),
  epic(4),
];
const keys = (jql: string) => {
  const q = parseJql(jql);
  return sortIssues(epics.filter(compileJql(q, env)), q.orderBy).map((i) => i.key);
};

afterEach(() => installEntityPropertyIndex(null));

describe('entity property search aliases in the emulator', () => {
  it('are the ones the manifest declares, with their types', () => {
    const aliases = Object.fromEntries(
      entityPropertyIndex().flatMap((v) => (v.searchAlias ? [[v.searchAlias, `${v.propertyKey}.${v.path.join('.')}:${v.type}`]] : [])),
    );
    expect(aliases).toEqual({
      kayttoonottoReadiness: 'kayttoonotto-summary.readiness:number',
      kayttoonottoExitGate: 'kayttoonotto-summary.exitGate:string',
      kayttoonottoEntryGate: 'kayttoonotto-summary.entryGate:string',
      kayttoonottoBlockers: 'kayttoonotto-summary.blockers:number',
      kayttoonottoPendingWaivers: 'kayttoonotto-summary.pendingWaivers:number',
    });
  });

  it('compare numbers numerically with every operator (9 < 50 < 100, not as strings)', () => {
    expect(keys('kayttoonottoReadiness < 100 ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('kayttoonottoReadiness > 9 ORDER BY key ASC')).toEqual(['DEMO-1', 'DEMO-3']);
    expect(keys('kayttoonottoReadiness <= 50 ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('kayttoonottoReadiness >= 50 ORDER BY key ASC')).toEqual(['DEMO-1', 'DEMO-3']);
    expect(keys('kayttoonottoReadiness = 50.0')).toEqual(['DEMO-3']);
    expect(keys('kayttoonottoReadiness != 100 ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('kayttoonottoBlockers >= 12 AND kayttoonottoExitGate = blocked ORDER BY key ASC')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('kayttoonottoExitGate IS EMPTY')).toEqual(['DEMO-4']);
    expect(keys('issue.property[kayttoonotto-summary].members = currentUser()')).toEqual(['DEMO-1']);
  });

  it('sort in ORDER BY numerically, EMPTY last in ascending order', () => {
    expect(keys('project = DEMO ORDER BY kayttoonottoReadiness ASC')).toEqual(['DEMO-2', 'DEMO-3', 'DEMO-1', 'DEMO-4']);
    expect(keys('project = DEMO ORDER BY kayttoonottoBlockers DESC, key ASC')).toEqual(['DEMO-4', 'DEMO-2', 'DEMO-3', 'DEMO-1']);
  });

  it('refuse what Jira refuses, with a clear message', () => {
    expect(() => parseJql('kayttoonottoExitGate > passed')).toThrow(/operator '>' is not supported by the 'kayttoonottoExitGate' field/);
    expect(() => compileJql(parseJql('kayttoonottoReadiness < lots'), env)).toThrow(/'lots' is not a valid number/);
    expect(() => parseJql('status > 1')).toThrow(JqlError);
  });

  it('come from the manifest, not from the emulator: an app without the module has no such field', () => {
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
