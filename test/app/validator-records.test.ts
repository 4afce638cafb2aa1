/**
 * The workflow validator reads stored records with the small guards of src/storage/guards.ts (no
 * zod in its bundle, issue #22): a malformed record is still refused, never trusted. Each record the
 * validator reads, broken in one field, turns its answer into "could not be checked".
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, STATUS_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { ROLE_IDS } from '../../src/core/domain';
import { attestable, createEpic, HOLDER, ok, panel, startApp } from './helpers';

function kvsRow(sb: Sandbox, key: string): unknown {
  const row = sb.emulator.db.prepare(`SELECT value FROM forge_kvs WHERE ns = 'kv' AND entity = '' AND key = ?`).get(key) as
    { value: string } | undefined;
  return row ? JSON.parse(row.value) : undefined;
}

function putKvs(sb: Sandbox, key: string, value: unknown): void {
  sb.emulator.db
    .prepare(
      `INSERT INTO forge_kvs (ns, entity, key, value, created_at, updated_at, expire_at) VALUES ('kv', '', ?, ?, ?, ?, NULL)
      ON CONFLICT (ns, entity, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(key, JSON.stringify(value), Date.now(), Date.now());
}

describe('the validator refuses a malformed stored record', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  let projectId: string;
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Rikkinäiset tietueet');
    await sb.harness.triggers.drain();
    const c = attestable('entry')[0]!;
    ok(await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', { conditionId: c.id }));
    projectId = (kvsRow(sb, `epic:${epic.id}:meta`) as { projectId: string }).projectId;
  });
  afterAll(async () => {
    await sb.close();
  });

  const startCheck = () =>
    sb.harness.invokeValidator('entry-gate-validator', {
      issue: { key: epic.key },
      transition: { from: { id: STATUS_IDS.toDo }, to: { id: STATUS_IDS.inProgress } },
      accountId: ACCOUNT_IDS.hankepaallikko,
    });

  /** Breaks one stored record for one check, then puts it back. */
  async function checkWith(key: () => string, corrupt: (value: Record<string, unknown>) => unknown) {
    const k = key();
    const saved = kvsRow(sb, k) as Record<string, unknown>;
    expect(saved).toBeDefined();
    putKvs(sb, k, corrupt(structuredClone(saved)));
    try {
      return await startCheck();
    } finally {
      putKvs(sb, k, saved);
    }
  }

  it('reads the records as they are: the entry gate is refused for what is unmet, not as unreadable', async () => {
    const r = await startCheck();
    expect(r.result).toBe(false);
    expect(r.errorMessage).not.toContain('could not be checked');
  });

  const attKey = () => `epic:${epic.id}:att:${attestable('entry')[0]!.id}`;
  it.each([
    [
      'the phase record without its template version',
      () => `epic:${epic.id}:meta`,
      (v: Record<string, unknown>) => ({ ...v, templateVersion: undefined }),
    ],
    ['an attestation by an unknown role', attKey, (v: Record<string, unknown>) => ({ ...v, asRole: 'janitor' })],
    ['an attestation with an empty account', attKey, (v: Record<string, unknown>) => ({ ...v, attestedBy: '' })],
    ['the spawn status with a negative count', () => `epic:${epic.id}:spawn`, (v: Record<string, unknown>) => ({ ...v, created: -1 })],
    [
      'the children map with a child without a key',
      () => `epic:${epic.id}:children`,
      (v: Record<string, unknown>) => {
        const [first] = Object.keys(v);
        return { ...v, [first!]: { id: '1' } };
      },
    ],
    [
      'the settings without a role in the default roster',
      () => `settings:${projectId}`,
      (v: Record<string, unknown>) => {
        const roster = { ...(v.defaultRoster as Record<string, unknown>) };
        delete roster[ROLE_IDS[0]];
        return { ...v, defaultRoster: roster };
      },
    ],
    [
      'the settings with a label holding a space',
      () => `settings:${projectId}`,
      (v: Record<string, unknown>) => ({
        ...v,
        epicSelector: { mode: 'label', label: 'two words' },
      }),
    ],
    ['the settings as a list', () => `settings:${projectId}`, () => []],
  ])('%s: "could not be checked"', async (_what, key, corrupt) => {
    const logged: string[] = [];
    const log = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    const spies = [jest.spyOn(console, 'warn').mockImplementation(log), jest.spyOn(console, 'error').mockImplementation(log)];
    try {
      const r = await checkWith(key, corrupt);
      expect(r.result).toBe(false);
      expect(r.errorMessage).toContain('could not be checked');
      // The fault names the record (logged by the validator or, for the settings, by its handler).
      expect(logged.join('\n')).toContain(`Stored record "${key()}" is malformed`);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
