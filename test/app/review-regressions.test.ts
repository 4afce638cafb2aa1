/**
 * Regressions for findings of the code review: ways around the gate, lost rosters, stuck spawns,
 * spurious spawns, roster self-promotion, concurrent waiver decisions, refused creators.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_SETTINGS, seedDemoSettings } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS, DEFAULT_ROLE_HOLDERS, ROLE_IDS as SEED_ROLE_IDS, TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { retryPolicy } from '../../src/jira/transport';
import { children, createEpic, jira, ok, panel, startApp, TEST_UNCERTAIN_MS } from './helpers';

const t = CURRENT_TEMPLATE;
const LABEL = 'kayttoonotto-vaihe';

describe('review regressions', () => {
  let sb: Sandbox;
  const savedRetry = { ...retryPolicy };
  beforeAll(() => {
    retryPolicy.baseDelayMs = 5;
  });
  afterAll(() => {
    Object.assign(retryPolicy, savedRetry);
  });
  afterEach(async () => {
    await sb?.close();
  });

  it('a started epic stays gated when its label is removed or the template is switched off; a manually started unlabelled epic is gated', async () => {
    sb = await startApp();
    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, epicSelector: { mode: 'label', label: LABEL } } });
    const labelled = await createEpic(sb, 'Merkitty', 'hankepaallikko', [LABEL]);
    const unlabelled = await createEpic(sb, 'Merkitsemätön');
    await sb.harness.triggers.drain();
    expect(await children(sb, labelled.key)).toHaveLength(38);
    ok(await panel(sb, 'hankepaallikko', unlabelled, 'startPhase', {}));

    expect(
      (await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${labelled.key}`, { update: { labels: [{ remove: LABEL }] } })).status,
    ).toBe(204);
    const afterRemoval = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${labelled.key}/transitions`, {
      transition: { id: TRANSITION_IDS.done },
    });
    expect(afterRemoval.status).toBe(400);
    const manual = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${unlabelled.key}/transitions`, {
      transition: { id: TRANSITION_IDS.done },
    });
    expect(manual.status).toBe(400);

    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, enabled: false } });
    const disabled = await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${labelled.key}/transitions`, {
      transition: { id: TRANSITION_IDS.done },
    });
    expect(disabled.status).toBe(400);
    // An epic that never started a phase passes once the template is off.
    const fresh = await createEpic(sb, 'Ei vaihetta');
    await sb.harness.triggers.drain();
    expect(
      (await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${fresh.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
        .status,
    ).toBe(204);
  });

  it('a Jira failure while the phase starts loses nothing: the trigger is delivered again and the roster is kept', async () => {
    sb = await startApp();
    await seedDemoSettings(sb, {
      force: true,
      settings: {
        ...DEMO_SETTINGS,
        defaultRoster: {
          ...DEMO_SETTINGS.defaultRoster,
          architect: { type: 'project-role', projectRoleId: String(SEED_ROLE_IDS.arkkitehti) },
        },
      },
    });
    // Enough 503s to exhaust the first delivery's retries of the project-role read.
    sb.emulator.faults.injectFaults([
      { match: { pathPrefix: '/rest/api/3/project/' }, kind: 'status', status: 503, times: retryPolicy.maxAttempts + 2 },
    ]);
    const epic = await createEpic(sb, 'Katkos alussa');
    await sb.harness.triggers.drain();
    // One epic in this sandbox: every spawn run is its own.
    const deliveries = sb.harness.triggers.deliveries.filter((d) => d.functionKey === 'spawn-continue');
    expect(deliveries.map((d) => d.outcome)).toContain('retry-requested');
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.roster.architect).toBe(DEFAULT_ROLE_HOLDERS.architect);
    expect(view.roster['project-manager']).toBe(DEFAULT_ROLE_HOLDERS['project-manager']);
    const rows = await children(sb, epic.key);
    expect(rows).toHaveLength(38);
    expect(rows.every((r) => r.assignee !== null)).toBe(true);
  });

  it('a spawn that keeps failing is recorded as failed, not running, and Re-sync recovers it', async () => {
    sb = await startApp();
    sb.emulator.faults.injectFaults([
      { match: { method: 'POST', pathPrefix: '/rest/api/3/issue/bulk' }, kind: 'status', status: 503, times: 1000 },
    ]);
    const epic = await createEpic(sb, 'Jatkuva virhe');
    await sb.harness.triggers.drain();
    const failed = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(failed.phase?.spawn.state).toBe('failed');
    expect(await children(sb, epic.key)).toHaveLength(0);
    sb.emulator.faults.clear();
    // The last bulk create answered 503: Jira may still have carried it out, so its items are in
    // doubt until the uncertain window has passed; then Re-sync creates them, once.
    await new Promise((r) => setTimeout(r, TEST_UNCERTAIN_MS));
    const report = ok(await panel(sb, 'hankepaallikko', epic, 'resync', {}));
    expect(report.createdNow).toBe(38);
    expect(report.status.state).toBe('complete');
  });

  it('in all-epics mode an unrelated label edit on an old epic spawns nothing; in label mode adding the label does', async () => {
    sb = await startApp();
    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, enabled: false } });
    const old = await createEpic(sb, 'Vanha epic');
    await sb.harness.triggers.drain();
    await seedDemoSettings(sb, { force: true });
    await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${old.key}`, { update: { labels: [{ add: 'jotain' }] } });
    await sb.harness.triggers.drain();
    expect(await children(sb, old.key)).toHaveLength(0);
    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, epicSelector: { mode: 'label', label: LABEL } } });
    await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${old.key}`, { update: { labels: [{ add: 'muuta' }] } });
    await sb.harness.triggers.drain();
    expect(await children(sb, old.key)).toHaveLength(0);
    await jira(sb, 'hankepaallikko', 'PUT', `/rest/api/3/issue/${old.key}`, { update: { labels: [{ add: LABEL }] } });
    await sb.harness.triggers.drain();
    expect(await children(sb, old.key)).toHaveLength(38);
  });

  it('the manual start reads project-role defaults as the app (a project manager may not read role actors) and creates as the user', async () => {
    sb = await startApp({ triggerDelayMs: 60_000 });
    await seedDemoSettings(sb, {
      force: true,
      settings: {
        ...DEMO_SETTINGS,
        defaultRoster: {
          ...DEMO_SETTINGS.defaultRoster,
          architect: { type: 'project-role', projectRoleId: String(SEED_ROLE_IDS.arkkitehti) },
        },
      },
    });
    const epic = await createEpic(sb, 'Käsin aloitettu');
    const from = sb.harness.jiraLog.length;
    const report = ok(await panel(sb, 'hankepaallikko', epic, 'startPhase', {}));
    expect(report.createdNow).toBe(38);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.roster.architect).toBe(DEFAULT_ROLE_HOLDERS.architect);
    const bulk = sb.harness.jiraLog.slice(from).filter((c) => c.path === '/rest/api/3/issue/bulk');
    expect(bulk.length).toBeGreaterThan(0);
    expect(bulk.every((c) => c.actor === 'user' && c.accountId === ACCOUNT_IDS.hankepaallikko)).toBe(true);
  });

  it('refuses the manual start to a project member who may not create issues', async () => {
    sb = await startApp({ triggerDelayMs: 60_000 });
    const epic = await createEpic(sb, 'Ei luontioikeutta');
    sb.emulator.db
      .prepare("DELETE FROM jira_permission_grants WHERE role_id = ? AND permission = 'CREATE_ISSUES'")
      .run(SEED_ROLE_IDS.members);
    const r = await panel(sb, 'hankepaallikko', epic, 'startPhase', {});
    expect(r.ok === false && r.error.code).toBe('FORBIDDEN');
    expect(r.ok === false && r.error.message).toContain('luoda');
    expect(await children(sb, epic.key)).toHaveLength(0);
  });

  it('nobody names themselves to a role they do not hold, the steering group is changed only by its holder or an admin, and unknown accounts are refused', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Roolit');
    await sb.harness.triggers.drain();
    const self = await panel(sb, 'hankepaallikko', epic, 'setRosterMember', {
      role: 'steering-group',
      accountId: ACCOUNT_IDS.hankepaallikko,
    });
    expect(self.ok === false && self.error.code).toBe('FORBIDDEN');
    const steering = await panel(sb, 'hankepaallikko', epic, 'setRosterMember', {
      role: 'steering-group',
      accountId: ACCOUNT_IDS.toteutustiimi,
    });
    expect(steering.ok === false && steering.error.code).toBe('FORBIDDEN');
    const unknown = await panel(sb, 'hankepaallikko', epic, 'setRosterMember', { role: 'architect', accountId: 'not-a-user' });
    expect(unknown.ok === false && unknown.error.code).toBe('INVALID_INPUT');
    const byHolder = ok(await panel(sb, 'ohjausryhma', epic, 'setRosterMember', { role: 'steering-group', accountId: ACCOUNT_IDS.admin }));
    expect(byHolder.roster['steering-group']).toBe(ACCOUNT_IDS.admin);
    const byAdmin = ok(await panel(sb, 'admin', epic, 'setRosterMember', { role: 'steering-group', accountId: ACCOUNT_IDS.ohjausryhma }));
    expect(byAdmin.roster['steering-group']).toBe(ACCOUNT_IDS.ohjausryhma);
    expect(byAdmin.failed).toEqual([]);
  });

  it('two people deciding the same waiver at the same moment: exactly one decision holds', async () => {
    sb = await startApp();
    const epic = await createEpic(sb, 'Samanaikaiset päätökset');
    await sb.harness.triggers.drain();
    const item = t.items[0]!;
    ok(await panel(sb, 'toteutustiimi', epic, 'requestWaiver', { itemId: item.id, reason: 'Ei koske tätä järjestelmää' }));
    // Latency makes both decisions read the request before either writes, as on a busy site.
    sb.emulator.faults.setLatency(40);
    const [a, b] = await Promise.all([
      panel(sb, 'hankepaallikko', epic, 'decideWaiver', { itemId: item.id, approve: true }),
      panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: item.id, approve: false }),
    ]);
    sb.emulator.faults.setLatency(0);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser.ok === false && loser.error.code).toBe('CONFLICT');
    const audit = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {}));
    expect(audit.entries.filter((e) => e.action === 'waiver.approved' || e.action === 'waiver.rejected')).toHaveLength(1);
  });
});
