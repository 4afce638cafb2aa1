/**
 * Unit tests for the pure transport and spawn helpers: Retry-After parsing, the status → error kind
 * mapping, the bulk-create outcome mapping, and the spawn claim (through the sandbox harness's KVS).
 */
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import Resolver from '@forge/resolver';
import { createForgeHarness, type ForgeHarness } from '@kayttoonotto/forge-sandbox/forge';
import type { PlannedChild } from '../../src/core/spawn-plan';
import { kindOfStatus, parseRetryAfter } from '../../src/jira/errors';
import type { BulkCreateResult } from '../../src/jira/client';
import { outcomeOf } from '../../src/services/items/spawn-outcome';
import { claimSpawn, releaseSpawn } from '../../src/storage/store';
import * as fixtureApp from '@kayttoonotto/forge-sandbox/test/forge/fixture/src/index';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 2500).toUTCString(), now)).toBe(2000); // HTTP-dates have whole seconds
  });

  it('never returns a negative delay (a date in the past, a negative number)', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-3', now)).toBe(0);
  });

  it('returns null when the header is missing or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('kindOfStatus', () => {
  it.each([
    [429, 'rate-limited'],
    [404, 'not-found'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [400, 'bad-request'],
    [409, 'bad-request'],
  ] as const)('%i → %s', (status, kind) => {
    expect(kindOfStatus(status)).toBe(kind);
  });

  it('tells a 401 for a missing OAuth scope from a 401 for missing credentials', () => {
    expect(kindOfStatus(401, ['Unauthorized; scope does not match'])).toBe('scope');
    expect(kindOfStatus(401, ['Client must be authenticated to access this resource.'])).toBe('unauthorized');
    // the scope message only matters on a 401
    expect(kindOfStatus(403, ['scope does not match'])).toBe('forbidden');
  });
});

describe('outcomeOf (bulk create answer → created / retry / failed per element)', () => {
  const child = (itemId: string, withAssignee = true): PlannedChild =>
    ({
      itemId,
      role: 'architect',
      assigneeAccountId: withAssignee ? 'sandbox-arkkitehti' : null,
      payload: {
        fields: {
          project: { id: '10000' },
          parent: { key: 'DEMO-1' },
          issuetype: { id: '10002' },
          summary: itemId,
          labels: ['kayttoonotto'],
          ...(withAssignee ? { assignee: { accountId: 'sandbox-arkkitehti' } } : {}),
        },
      },
    }) as PlannedChild;

  it('maps every created issue to its element, in order', () => {
    const batch = [child('a'), child('b')];
    const out = outcomeOf(batch, {
      issues: [
        { id: '1', key: 'DEMO-2' },
        { id: '2', key: 'DEMO-3' },
      ],
      errors: [],
    });
    expect([...out.created]).toEqual([
      ['a', { id: '1', key: 'DEMO-2' }],
      ['b', { id: '2', key: 'DEMO-3' }],
    ]);
    expect(out.retry).toEqual([]);
    expect(out.failed).toEqual([]);
  });

  it('skips the failed elements when matching created issues, and retries an element refused only for droppable fields', () => {
    const batch = [child('a'), child('b'), child('c')];
    const result: BulkCreateResult = {
      issues: [
        { id: '1', key: 'DEMO-2' },
        { id: '3', key: 'DEMO-4' },
      ],
      errors: [{ status: 400, failedElementNumber: 1, elementErrors: { errors: { assignee: 'User cannot be assigned issues.' } } }],
    };
    const out = outcomeOf(batch, result);
    expect(out.created.get('a')).toEqual({ id: '1', key: 'DEMO-2' });
    expect(out.created.get('c')).toEqual({ id: '3', key: 'DEMO-4' });
    expect(out.created.has('b')).toBe(false);
    expect(out.retry).toEqual([{ child: batch[1], drop: ['assignee'] }]);
    expect(out.failed).toEqual([]);
  });

  it('fails an element refused for a field the app cannot do without, with Jira’s message', () => {
    const batch = [child('a')];
    const out = outcomeOf(batch, {
      issues: [],
      errors: [{ failedElementNumber: 0, elementErrors: { errors: { summary: 'Summary is required.' } } }],
    });
    expect(out.retry).toEqual([]);
    expect(out.failed).toEqual([{ child: batch[0], message: 'summary: Summary is required.' }]);
  });

  it('fails (does not retry) when a droppable field is named but the element did not send it, or there are other messages too', () => {
    const noAssignee = child('a', false);
    const extra = child('b');
    const out = outcomeOf([noAssignee, extra], {
      issues: [],
      errors: [
        { failedElementNumber: 0, elementErrors: { errors: { assignee: 'x' } } },
        { failedElementNumber: 1, elementErrors: { errorMessages: ['Something else'], errors: { labels: 'y' } } },
      ],
    });
    expect(out.retry).toEqual([]);
    expect(out.failed).toEqual([
      { child: noAssignee, message: 'assignee: x' },
      { child: extra, message: 'Something else; labels: y' },
    ]);
  });

  it('fails the whole batch on a request-level refusal (an error body, not a bulk result)', () => {
    const batch = [child('a'), child('b')];
    const refusal = { errorMessages: ['Bad request'], errors: {} } as unknown as BulkCreateResult;
    const out = outcomeOf(batch, refusal, ['Bad request']);
    expect(out.created.size).toBe(0);
    expect(out.failed.map((f) => [f.child.itemId, f.message])).toEqual([
      ['a', 'Bad request'],
      ['b', 'Bad request'],
    ]);
    const silent = outcomeOf([child('c')], { issues: [], errors: [] });
    expect(silent.failed[0]!.message).toBe('Jira refused the request without naming this element');
  });

  it('ignores element errors whose index is outside the batch', () => {
    const batch = [child('a')];
    const out = outcomeOf(batch, {
      issues: [{ id: '1', key: 'DEMO-2' }],
      errors: [{ failedElementNumber: 7, elementErrors: { errors: { summary: 'x' } } }],
    });
    expect(out.created.get('a')).toEqual({ id: '1', key: 'DEMO-2' });
    expect(out.failed).toEqual([]);
  });
});

describe('claimSpawn / releaseSpawn (through the Forge harness KVS)', () => {
  const MANIFEST = join(dirname(require.resolve('@kayttoonotto/forge-sandbox/package.json')), 'test', 'forge', 'fixture', 'manifest.yml');
  const ctx = { accountId: 'sandbox-hankepaallikko', moduleKey: 'fixture-panel', extension: { issue: { key: 'DEMO-1' } } };
  const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };
  let db: Database.Database;
  let h: ForgeHarness;

  beforeEach(() => {
    const r = new Resolver();
    r.define('claim', ({ payload }) => {
      const p = payload as { epicId: string; owner: string; ttlMs: number; now: number };
      return claimSpawn(p.epicId, p.owner, p.ttlMs, p.now);
    });
    r.define('release', async ({ payload }) => {
      const p = payload as { epicId: string; owner: string };
      await releaseSpawn(p.epicId, p.owner);
      return null;
    });
    db = new Database(':memory:');
    h = createForgeHarness({
      db,
      manifestPath: MANIFEST,
      loadApp: () => ({ ...fixtureApp, resolver: r.getDefinitions() }),
      triggerDelayMs: 5,
      logger: quiet,
    });
  });
  afterEach(async () => {
    await h.close();
    db.close();
  });

  const claim = (owner: string, now: number, epicId = '10001', ttlMs = 60_000) =>
    h.invokeResolver('fixture-resolver', 'claim', { epicId, owner, ttlMs, now }, ctx);
  const release = (owner: string, epicId = '10001') => h.invokeResolver('fixture-resolver', 'release', { epicId, owner }, ctx);

  it('gives the claim to the first owner and refuses a second while it is live, naming the holder', async () => {
    expect(await claim('a', 1000)).toEqual({ claimed: true });
    expect(await claim('b', 2000)).toEqual({ claimed: false, holder: { owner: 'a', expiresAt: 61_000 } });
    // another epic is claimed independently
    expect(await claim('b', 2000, '10002')).toEqual({ claimed: true });
  });

  it('lets one owner take over an expired claim, once', async () => {
    expect(await claim('a', 1000)).toEqual({ claimed: true });
    expect(await claim('b', 70_000)).toEqual({ claimed: true });
    expect(await claim('c', 70_000)).toEqual({ claimed: false, holder: { owner: 'b', expiresAt: 130_000 } });
  });

  it('two owners racing for an expired claim: exactly one wins', async () => {
    expect(await claim('a', 1000)).toEqual({ claimed: true });
    const results = (await Promise.all([claim('b', 70_000), claim('c', 70_000)])) as { claimed: boolean }[];
    expect(results.filter((x) => x.claimed)).toHaveLength(1);
  });

  it('release frees the claim only for its owner', async () => {
    expect(await claim('a', 1000)).toEqual({ claimed: true });
    await release('b');
    expect((await claim('b', 2000)) as { claimed: boolean }).toMatchObject({ claimed: false });
    await release('a');
    expect(await claim('b', 3000)).toEqual({ claimed: true });
  });
});
