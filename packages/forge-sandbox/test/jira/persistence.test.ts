/** The whole emulator state lives in SQLite: a file database survives a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createJiraEmulator } from '../../src/jira';
import { EMAILS } from '../../src/jira/seed';
import { field, startEmulator } from './helpers';

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jira-emu-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps issues, properties, statuses, validators and counters across close and reopen', async () => {
    const dbPath = path.join(dir, 'sandbox.db');
    const first = await startEmulator({ dbPath });
    const r = await first.call('POST', '/rest/api/3/issue', {
      as: { email: EMAILS.hankepaallikko },
      body: {
        fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: 'Pysyvä' },
        properties: [{ key: 'p', value: { a: 1 } }],
      },
    });
    expect(r.status).toBe(201);
    await first.call('POST', '/rest/api/3/issue/DEMO-1/transitions', { as: { actor: 'app' }, body: { transition: { id: '21' } } });
    first.jira.workflows.setValidators('DEMO', 'Epic', '31', ['custom-validator']);
    await first.close();
    first.jira.db.close();

    const second = await startEmulator({ dbPath });
    const got = await second.call('GET', '/rest/api/3/issue/DEMO-1?fields=summary,status&properties=p', {
      as: { email: EMAILS.hankepaallikko },
    });
    expect(got.status).toBe(200);
    expect(field(got.body, 'fields', 'summary')).toBe('Pysyvä');
    expect(field(got.body, 'fields', 'status', 'name')).toBe('In Progress');
    expect(field(got.body, 'properties')).toEqual({ p: { a: 1 } });
    expect(second.jira.workflows.getValidators('DEMO', 'Epic', '31').map((v) => v.moduleKey)).toEqual(['custom-validator']);
    const next = await second.call('POST', '/rest/api/3/issue', {
      as: { email: EMAILS.admin },
      body: { fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'Seuraava' } },
    });
    expect(field(next.body, 'key')).toBe('DEMO-2');
    expect(field(next.body, 'id')).toBe('10002');
    await second.close();
    second.jira.db.close();
  });

  it('shares a database with other tables; reset wipes only the emulator tables and re-seeds', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE harness_kvs (k TEXT PRIMARY KEY, v TEXT)');
    db.prepare('INSERT INTO harness_kvs VALUES (?, ?)').run('a', '1');
    const jira = createJiraEmulator({ db });
    expect(jira.db).toBe(db);
    expect(jira.users.byEmail('ARKKITEHTI@sandbox.test')?.accountId).toBe('sandbox-arkkitehti');
    db.prepare("UPDATE jira_counters SET value = 41 WHERE name = 'issue_num:10000'").run();
    jira.faults.setLatency(10);
    jira.reset();
    expect((db.prepare("SELECT value FROM jira_counters WHERE name = 'issue_num:10000'").get() as { value: number }).value).toBe(0);
    expect(jira.faults.state().latencyMs).toBe(0);
    expect(db.prepare('SELECT v FROM harness_kvs WHERE k = ?').get('a')).toEqual({ v: '1' });
    expect(jira.users.all()).toHaveLength(9);
    db.close();
  });

  it('does not seed when seed: false', () => {
    const jira = createJiraEmulator({ seed: false });
    expect(jira.users.all()).toEqual([]);
    jira.db.close();
  });
});
