import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEFAULT_ROLE_HOLDERS, EMAILS, ROLE_IDS as SEED_ROLE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { seedDemoSettings, DEMO_SETTINGS } from '../../dev/sandbox/demo';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { children, createEpic, jira, ok, panel, startApp } from './helpers';

const t = CURRENT_TEMPLATE;

function expectExactlyOnePerItem(rows: Awaited<ReturnType<typeof children>>) {
  const ids = rows.map((r) => r.itemId);
  expect(ids).toHaveLength(38);
  expect(new Set(ids).size).toBe(38);
  expect(new Set(ids)).toEqual(new Set(t.items.map((i) => i.id)));
}

describe('spawning through the sandbox (trigger → real handlers → emulator)', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('a new epic in DEMO gets 38 children, each assigned to the roster person of its role and labelled', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Asiakasportaalin käyttöönotto');
    await sb.harness.triggers.drain();
    const rows = await children(sb, epic.key);
    expectExactlyOnePerItem(rows);
    for (const row of rows) {
      const item = t.items.find((i) => i.id === row.itemId)!;
      expect(row.assignee).toBe(DEFAULT_ROLE_HOLDERS[item.role]);
      expect(row.labels).toEqual(expect.arrayContaining(['kayttoonotto', `kayttoonotto-rooli-${item.role}`]));
      expect(row.labels.some((l) => l.startsWith('kayttoonotto-osio-'))).toBe(true);
    }
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.spawn.state).toBe('complete');
    expect(view.phase?.templateVersion).toBe(t.version);
    expect(view.readiness.items.filter((i) => i.child)).toHaveLength(38);
    // The epic records the template version and the spawn state as an entity property too.
    const prop = await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${epic.key}/properties/kayttoonotto-phase`);
    expect(prop.body).toMatchObject({ value: { templateVersion: t.version, spawnState: 'complete', created: 38 } });
  });

  it('five concurrent duplicate events and a double-clicked start still give exactly 38', async () => {
    sb = await startApp({ triggerDuplicates: 5 });
    const epic = await createEpic(sb, 'Kaksoistapahtumat');
    const clicks = await Promise.all([
      panel(sb, 'hankepaallikko', epic, 'startPhase', {}),
      panel(sb, 'hankepaallikko', epic, 'startPhase', {}),
    ]);
    // A click while another run holds the spawn says so honestly (CONFLICT, "try again in N s").
    for (const c of clicks)
      if (!c.ok) expect([c.error.code, c.error.message]).toEqual(['CONFLICT', expect.stringMatching(/yritä uudelleen \d+ s/i)]);
    await sb.harness.triggers.drain();
    expectExactlyOnePerItem(await children(sb, epic.key));
    expect(sb.harness.triggers.deliveries.filter((d) => d.functionKey === 'issue-event').length).toBeGreaterThanOrEqual(5);
  });

  it('an element refused for its assignee is created without one and reported as a warning', async () => {
    sb = await startApp();
    // The settings name the architect (saving checks that they are assignable); then the architect
    // loses access to DEMO, so Jira refuses them as assignee.
    await seedDemoSettings(sb, {
      force: true,
      settings: {
        ...DEMO_SETTINGS,
        defaultRoster: { ...DEMO_SETTINGS.defaultRoster, architect: { type: 'user', accountId: 'sandbox-arkkitehti' } },
      },
    });
    sb.emulator.db.prepare('DELETE FROM jira_role_actors WHERE account_id = ?').run('sandbox-arkkitehti');
    const epic = await createEpic(sb, 'Väärä arkkitehti');
    await sb.harness.triggers.drain();
    const rows = await children(sb, epic.key);
    expectExactlyOnePerItem(rows);
    const architectItems = t.items.filter((i) => i.role === 'architect').map((i) => i.id);
    expect(architectItems.length).toBeGreaterThan(0);
    for (const row of rows.filter((r) => architectItems.includes(r.itemId!))) expect(row.assignee).toBeNull();
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.spawn.warnings.map((w) => w.itemId).sort()).toEqual([...architectItems].sort());
    expect(view.phase?.spawn.warnings.every((w) => w.code === 'ASSIGNEE_REJECTED')).toBe(true);
  });

  it('takes a role default from a project role with exactly one user, and leaves the role empty when the project role has several', async () => {
    sb = await startApp();
    await seedDemoSettings(sb, {
      force: true,
      settings: {
        ...DEMO_SETTINGS,
        defaultRoster: {
          ...DEMO_SETTINGS.defaultRoster,
          architect: { type: 'project-role', projectRoleId: String(SEED_ROLE_IDS.arkkitehti) },
          'production-team': { type: 'project-role', projectRoleId: String(SEED_ROLE_IDS.members) },
        },
      },
    });
    const epic = await createEpic(sb, 'Projektiroolit');
    await sb.harness.triggers.drain();
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.roster.architect).toBe(DEFAULT_ROLE_HOLDERS.architect);
    expect(view.roster['production-team']).toBeUndefined();
    const rows = await children(sb, epic.key);
    const productionItems = new Set(t.items.filter((i) => i.role === 'production-team').map((i) => i.id));
    for (const row of rows.filter((r) => productionItems.has(r.itemId!))) expect(row.assignee).toBeNull();
  });

  it('survives a burst of 429s with nothing duplicated or lost', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Ruuhka');
    // From now on Jira answers 429 (Retry-After: 1) after 2 requests per second.
    sb.emulator.faults.setRateLimit({ maxRequests: 2, windowMs: 1000, retryAfterSeconds: 1 });
    await sb.harness.triggers.drain();
    const rateLimited = sb.harness.jiraLog.filter((c) => c.status === 429).length;
    sb.emulator.faults.setRateLimit(null);
    expect(rateLimited).toBeGreaterThan(0);
    expectExactlyOnePerItem(await children(sb, epic.key));
  });

  it('a 5xx on the bulk create is reconciled and retried without duplicates', async () => {
    sb = await startApp();
    sb.emulator.faults.injectFaults([
      { match: { method: 'POST', pathPrefix: '/rest/api/3/issue/bulk' }, kind: 'status', status: 503, times: 1 },
    ]);
    const epic = await createEpic(sb, 'Palvelinvirhe');
    await sb.harness.triggers.drain();
    expectExactlyOnePerItem(await children(sb, epic.key));
  });

  it('Re-sync recreates a deleted child and nothing else', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Poistettu lapsi');
    await sb.harness.triggers.drain();
    const before = await children(sb, epic.key);
    const victim = before[3]!;
    expect((await jira(sb, 'admin', 'DELETE', `/rest/api/3/issue/${victim.key}`)).status).toBe(204);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.readiness.missingItemIds).toEqual([victim.itemId]);
    const report = ok(await panel(sb, 'hankepaallikko', epic, 'resync', {}));
    expect(report.createdNow).toBe(1);
    const after = await children(sb, epic.key);
    expectExactlyOnePerItem(after);
    const recreated = after.find((r) => r.itemId === victim.itemId)!;
    expect(recreated.key).not.toBe(victim.key);
    expect(after.filter((r) => r.key !== recreated.key).map((r) => r.key)).toEqual(
      before.filter((r) => r.key !== victim.key).map((r) => r.key),
    );
  });

  it('the manual start acts as the user and refuses a user who may not create issues', async () => {
    sb = await startApp({ triggerDelayMs: 60_000 });
    const epic = await createEpic(sb, 'Ulkopuolinen');
    const r = await panel(sb, 'outsider', epic, 'startPhase', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NOT_FOUND');
    expect(EMAILS.outsider).toContain('outsider');
  });
});

describe('spawning that runs out of invocation time', () => {
  it('saves its progress and continues through the spawn-queue consumer until all 38 exist', async () => {
    const { spawnTuning } = await import('../../src/services/items/spawn-queue');
    const saved = { ...spawnTuning };
    // Ten per bulk call, and pretend every call needs more time than an invocation has left.
    Object.assign(spawnTuning, { chunkSize: 10, timePerChunkMs: 10 * 60_000 });
    const sb = await startApp();
    try {
      const epic = await createEpic(sb, 'Aikaraja');
      await sb.harness.triggers.drain();
      const rows = await children(sb, epic.key);
      expect(rows).toHaveLength(38);
      expect(new Set(rows.map((r) => r.itemId)).size).toBe(38);
      // Spawn continuations (not the first run the trigger queued, not the summary queue's, not watchdogs,
      // not the extra copies of an at-least-once delivery).
      const continuations = sb.harness.triggers
        .events()
        .filter(
          (e) =>
            e.kind === 'consumer' &&
            e.moduleKey === 'spawn-consumer' &&
            e.primary &&
            !(e.payload.body as { watchdog?: boolean }).watchdog &&
            !(e.payload.body as { start?: boolean }).start,
        );
      expect(continuations.map((e) => e.state)).toEqual(['done', 'done', 'done']); // 10 by the run the trigger queued, then 10 + 10 + 8
      const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
      expect(view.phase?.spawn.state).toBe('complete');
    } finally {
      Object.assign(spawnTuning, saved);
      await sb.close();
    }
  });
});
