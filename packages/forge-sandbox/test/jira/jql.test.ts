/** The JQL subset: tokenizer, parser and evaluation semantics. */
import { compileJql, JqlError, parseJql, sortIssues, tokenize, type JqlEnvironment, type JqlIssue } from '../../src/jira/jql';

const env: JqlEnvironment = {
  currentAccountId: 'me',
  projects: [{ id: '10000', key: 'DEMO', name: 'Käyttöönotto demo' }],
  issueTypes: [
    { id: '10000', name: 'Epic', subtask: false },
    { id: '10001', name: 'Task', subtask: false },
    { id: '10003', name: 'Sub-task', subtask: true },
  ],
  statuses: [
    { id: '10000', name: 'To Do', category: 'new' },
    { id: '3', name: 'In Progress', category: 'indeterminate' },
    { id: '10001', name: 'Done', category: 'done' },
  ],
  findIssue: (k) => issues.find((i) => i.key === k.toUpperCase() || i.id === k),
};

function issue(num: number, o: Partial<JqlIssue> & { props?: Record<string, unknown> } = {}): JqlIssue {
  const props = o.props ?? {};
  return {
    id: String(10000 + num),
    key: `DEMO-${num}`,
    num,
    projectId: '10000',
    projectKey: 'DEMO',
    issueTypeId: '10001',
    statusId: '10000',
    parentId: null,
    labels: [],
    assignee: null,
    reporter: 'me',
    summary: `s${num}`,
    created: `2025-01-01T00:00:0${num}.000+0000`,
    updated: `2025-01-02T00:00:0${9 - num}.000+0000`,
    property: (k) => (k in props ? { found: true, value: props[k] } : { found: false }),
    ...o,
  };
}

const issues: JqlIssue[] = [
  issue(1, { issueTypeId: '10000', labels: ['kayttoonotto'] }),
  issue(2, {
    parentId: '10001',
    assignee: 'me',
    labels: ['role-architect', 'deliverable'],
    statusId: '3',
    props: { item: { role: 'architect', n: 2 } },
  }),
  issue(3, { parentId: '10001', assignee: 'other', statusId: '10001', props: { item: { role: 'service-owner', n: 10 } } }),
  issue(4, { issueTypeId: '10003', parentId: '10002' }),
];

function keys(jql: string): string[] {
  const q = parseJql(jql);
  const p = compileJql(q, env);
  return sortIssues(issues.filter(p), q.orderBy).map((i) => i.key);
}

describe('JQL tokenizer and parser', () => {
  it('tokenizes strings, operators, property fields and functions', () => {
    expect(tokenize('issue.property[a.b].c.d != "x y" AND f(1, 2)').map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:issue.property[a.b].c.d',
      'op:!=',
      'string:x y',
      'word:AND',
      'word:f',
      'lparen:(',
      'word:1',
      'comma:,',
      'word:2',
      'rparen:)',
      'eof:',
    ]);
    expect(tokenize("summary = 'it\\'s'")[2]?.text).toBe("it's");
    expect(() => tokenize('project = "DEMO')).toThrow(/not terminated/);
  });

  it('honours precedence: NOT > AND > OR, and parentheses', () => {
    expect(() => parseJql('a = 1')).toThrow(/Field 'a' does not exist/);
    const q = parseJql('project = DEMO OR labels = x AND NOT status = Done');
    expect(q.where?.type).toBe('or');
    const r = q.where as { type: 'or'; right: { type: string; right: { type: string } } };
    expect(r.right.type).toBe('and');
    expect(r.right.right.type).toBe('not');
    expect(parseJql('(project = DEMO OR labels = x) AND status = Done').where?.type).toBe('and');
  });

  it('parses ORDER BY lists and rejects what it does not support', () => {
    expect(parseJql('project = DEMO order by created desc, key').orderBy).toEqual([
      { field: 'created', direction: 'DESC' },
      { field: 'key', direction: 'ASC' },
    ]);
    const bad: [string, RegExp][] = [
      ['project ~ DEMO', /operator '~' is not supported/],
      ['status WAS Done', /operator 'WAS' is not supported/],
      ['project in DEMO', /Expecting '\('/],
      ['project = DEMO)', /Expecting 'AND', 'OR' or 'ORDER BY'/],
      ['assignee IS me', /only be used with EMPTY/],
      ['assignee = membersOf(x)', /Unable to find JQL function 'membersOf\(\)'/],
      ['cf[10010] = 1', /Field 'cf\[10010\]' does not exist/],
    ];
    for (const [jql, msg] of bad) {
      expect(() => parseJql(jql)).toThrow(JqlError);
      expect(() => parseJql(jql)).toThrow(msg);
    }
  });
});

describe('JQL evaluation', () => {
  it('project, issuetype, status, statusCategory', () => {
    expect(keys('project = DEMO ORDER BY key ASC')).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4']);
    expect(keys('project = "Käyttöönotto demo" AND issuetype = Epic')).toEqual(['DEMO-1']);
    expect(keys('issuetype in (Task, "Sub-task") ORDER BY key')).toEqual(['DEMO-2', 'DEMO-3', 'DEMO-4']);
    expect(keys('issuetype in standardIssueTypes() ORDER BY key')).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3']);
    expect(keys('issuetype in subTaskIssueTypes()')).toEqual(['DEMO-4']);
    expect(keys('status = "In Progress"')).toEqual(['DEMO-2']);
    expect(keys('statusCategory = Done')).toEqual(['DEMO-3']);
    expect(keys('statusCategory != Done ORDER BY key')).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-4']);
    expect(keys('statusCategory = "To Do" ORDER BY key')).toEqual(['DEMO-1', 'DEMO-4']);
    expect(keys('statusCategory in ("In Progress", Done) ORDER BY key')).toEqual(['DEMO-2', 'DEMO-3']);
  });

  it('parent, key, id, labels, assignee with EMPTY and currentUser()', () => {
    expect(keys('parent = DEMO-1 ORDER BY key')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('parent in (DEMO-1, DEMO-2) ORDER BY key DESC')).toEqual(['DEMO-4', 'DEMO-3', 'DEMO-2']);
    expect(keys('parent is EMPTY')).toEqual(['DEMO-1']);
    expect(keys('key in (demo-2, DEMO-3) ORDER BY key')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('issuekey = DEMO-4')).toEqual(['DEMO-4']);
    expect(keys('id in (10001, 10004) ORDER BY id')).toEqual(['DEMO-1', 'DEMO-4']);
    expect(keys('labels = deliverable')).toEqual(['DEMO-2']);
    expect(keys('labels in (kayttoonotto, role-architect) ORDER BY key')).toEqual(['DEMO-1', 'DEMO-2']);
    expect(keys('labels not in (deliverable)')).toEqual(['DEMO-1']);
    expect(keys('labels is EMPTY ORDER BY key')).toEqual(['DEMO-3', 'DEMO-4']);
    expect(keys('assignee = currentUser()')).toEqual(['DEMO-2']);
    expect(keys('assignee != currentUser()')).toEqual(['DEMO-3']);
    expect(keys('assignee is EMPTY ORDER BY key')).toEqual(['DEMO-1', 'DEMO-4']);
    expect(keys('assignee in (other, EMPTY) ORDER BY key')).toEqual(['DEMO-1', 'DEMO-3', 'DEMO-4']);
    expect(() => keys('key = DEMO-99')).toThrow(/An issue with key 'DEMO-99' does not exist/);
    expect(() => keys('status = Nope')).toThrow(/The value 'Nope' does not exist for the field 'status'/);
  });

  it('issue.property paths, numbers and strings', () => {
    expect(keys('issue.property[item].role = architect')).toEqual(['DEMO-2']);
    expect(keys('issue.property[item].role = "ARCHITECT"')).toEqual(['DEMO-2']);
    expect(keys('issue.property[item].n = 10')).toEqual(['DEMO-3']);
    expect(keys('issue.property[item].n in (2, 10) ORDER BY key')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('issue.property[item].role != architect')).toEqual(['DEMO-3']);
    expect(keys('issue.property[item].role is EMPTY ORDER BY key')).toEqual(['DEMO-1', 'DEMO-4']);
    expect(keys('issue.property[item].role is not EMPTY ORDER BY key')).toEqual(['DEMO-2', 'DEMO-3']);
    expect(keys('issue.property[missing].x = 1')).toEqual([]);
  });

  it('AND / OR / NOT / parentheses', () => {
    expect(keys('parent = DEMO-1 AND NOT statusCategory = Done')).toEqual(['DEMO-2']);
    expect(keys('issuetype = Epic OR (parent = DEMO-1 AND assignee = other) ORDER BY key')).toEqual(['DEMO-1', 'DEMO-3']);
    expect(keys('NOT (issuetype = Epic OR issuetype = Task)')).toEqual(['DEMO-4']);
    expect(keys('project = DEMO && labels = deliverable || issuetype = Epic ORDER BY key')).toEqual(['DEMO-1', 'DEMO-2']);
  });

  it('ORDER BY created / updated and the default order (key DESC)', () => {
    expect(keys('project = DEMO ORDER BY created DESC')).toEqual(['DEMO-4', 'DEMO-3', 'DEMO-2', 'DEMO-1']);
    expect(keys('project = DEMO ORDER BY updated ASC')).toEqual(['DEMO-4', 'DEMO-3', 'DEMO-2', 'DEMO-1']);
    expect(keys('project = DEMO')).toEqual(['DEMO-4', 'DEMO-3', 'DEMO-2', 'DEMO-1']);
  });
});
