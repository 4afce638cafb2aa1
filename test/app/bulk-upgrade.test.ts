/**
 * Bulk upgrade of running deployment epics from the project page (issue 13, portfolio-resolver):
 * the preview lists the project's epics on an older template version with the panel's plan; the
 * upgrade runs the panel's upgrade per epic, as the caller, with the panel's permission rule, and
 * answers per epic (upgraded, refused with the reason, failed). Payloads are strict.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS, DEMO_PROJECT } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { PayloadOf, Result, ResolverName, ResultOf } from '../../src/shared/api';
import { BULK_UPGRADE_BATCH, BULK_UPGRADE_START_BUDGET_MS, type BulkUpgradeResult } from '../../src/shared/portfolio';
import { children, createEpic, ok, panel, settleSearch, startApp, TEST_UNCERTAIN_MS, type UserKey, saveEditedTemplate } from './helpers';

function pageContext(as: UserKey) {
  return {
    accountId: ACCOUNT_IDS[as],
    moduleKey: 'deployments-page',
    extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
  };
}

async function page<K extends ResolverName>(
  sb: Sandbox,
  as: UserKey,
  name: K,
  payload: PayloadOf<K>,
  locale = 'en-US',
): Promise<Result<ResultOf<K>>> {
  return (await sb.harness.invokeResolver('portfolio-resolver', name, { ...payload, locale }, pageContext(as))) as Result<ResultOf<K>>;
}

async function saveVersion(sb: Sandbox, version: string, duties: (typeof NEW_DUTY)[]): Promise<void> {
  await saveEditedTemplate(sb, (d) => {
    d.version = version;
    d.items.push(...duties);
  });
}

const SECTION = CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty')!.sectionId;
const NEW_DUTY = {
  id: 'duty.tietoturva.saavutettavuus',
  kind: 'duty',
  sectionId: SECTION,
  role: 'architect',
  text: { fi: 'Saavutettavuusarvio tehty', sv: 'Tillgänglighetsbedömning gjord', en: 'Accessibility review done' },
  subPoints: [],
  mandatory: true,
};
const SECOND_DUTY = {
  ...NEW_DUTY,
  id: 'duty.tietoturva.lokitus',
  text: { fi: 'Lokitus tarkistettu', sv: 'Loggningen kontrollerad', en: 'Logging checked' },
};
const KEPT = CURRENT_TEMPLATE.gates.entry.conditions.find(
  (c) => c.kind === 'attestation' && !c.approval && c.attestRoles.includes('project-manager'),
)!;

const outcomeOf = (r: BulkUpgradeResult) => [r.key, r.outcome, 'code' in r ? r.code : null];

describe('bulk upgrade of running epics from the project page', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('previews the three epics on 1.0.0; the project manager of two upgrades those two (one child each, attestations kept), the third is refused with the reason; a stale version is CONFLICT for that epic only', async () => {
    const epics: { id: string; key: string }[] = [];
    for (const summary of ['Kassa', 'Portaali', 'Arkisto']) epics.push(await createEpic(sb, summary));
    await sb.harness.triggers.drain();
    const ours = (x: { key: string }) => epics.some((e) => e.key === x.key);
    const [a, b, c] = epics as [(typeof epics)[0], (typeof epics)[0], (typeof epics)[0]];
    for (const e of epics)
      ok(await panel(sb, 'hankepaallikko', e, 'attest', { conditionId: KEPT.id, evidenceUrl: 'https://example.invalid/e' }));
    // The third epic gets another project manager: hankepäällikkö (no project admin) may not upgrade it.
    ok(await panel(sb, 'admin', c, 'setRosterMember', { role: 'project-manager', accountId: ACCOUNT_IDS.toteutustiimi }));

    // Nothing to upgrade while every epic is on the newest version.
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    const none = ok(await page(sb, 'hankepaallikko', 'previewBulkUpgrade', {}));
    expect(none.scanned).toBeGreaterThanOrEqual(3);
    expect(none.candidates.filter(ours)).toEqual([]);

    await saveVersion(sb, '1.1.0', [NEW_DUTY]);
    const preview = ok(await page(sb, 'hankepaallikko', 'previewBulkUpgrade', {}));
    expect(preview.errors).toEqual([]);
    expect(preview.candidates.filter(ours).map((x) => [x.key, x.plan.from.version, x.plan.to.version, x.allowed])).toEqual([
      [a.key, '1.0.0', '1.1.0', true],
      [b.key, '1.0.0', '1.1.0', true],
      [c.key, '1.0.0', '1.1.0', false],
    ]);
    // The panel's own preview, epic by epic.
    for (const x of preview.candidates.filter(ours)) {
      expect(x.plan.added.map((p) => [p.itemId, p.assigneeAccountId])).toEqual([[NEW_DUTY.id, ACCOUNT_IDS.arkkitehti]]);
      expect([x.plan.removed, x.plan.changed, x.plan.voidedAttestations, x.plan.voidedWaivers]).toEqual([[], [], [], []]);
      expect(x.plan.keptAttestations).toEqual([KEPT.id]);
    }
    const notAllowed = "Only the epic's project manager or a project admin can upgrade the template.";
    expect(preview.candidates.find((x) => x.key === c.key)!.reason).toBe(notAllowed);
    // Same as the panel says.
    expect(ok(await panel(sb, 'hankepaallikko', c, 'previewUpgrade', {}, 'en-US'))).toEqual({
      plan: preview.candidates.find((x) => x.key === c.key)!.plan,
      allowed: false,
      reason: notAllowed,
    });

    const before = await Promise.all(epics.map((e) => children(sb, e.key)));
    const jiraBefore = sb.harness.jiraLog.length;
    const first = ok(
      await page(sb, 'hankepaallikko', 'bulkUpgrade', {
        epics: [
          { key: a.key, toTemplateId: 'kayttoonotto', toVersion: '1.1.0' },
          { key: b.key, toTemplateId: 'kayttoonotto', toVersion: '1.0.9' }, // not what the preview showed
          { key: c.key, toTemplateId: 'kayttoonotto', toVersion: '1.1.0' },
        ],
      }),
    );
    expect(first.results.map(outcomeOf)).toEqual([
      [a.key, 'upgraded', null],
      [b.key, 'refused', 'CONFLICT'],
      [c.key, 'refused', 'FORBIDDEN'],
    ]);
    expect(first.results[0]).toMatchObject({ to: { templateId: 'kayttoonotto', version: '1.1.0' }, created: 1, failed: [] });
    expect(first.results[1]).toMatchObject({ reason: 'The template has changed since the preview. Preview the upgrade again.' });
    expect(first.results[2]).toMatchObject({ reason: notAllowed });
    // Jira, as the user: the first epic (strongly consistent: its status decides) and its search, the
    // project's permissions (asked once per call), its new child, its property; then the two refused
    // epics' reads and searches, and nothing written for them.
    const calls = sb.harness.jiraLog.slice(jiraBefore).filter((x) => x.functionKey === 'portfolio-resolver');
    expect(calls.map((x) => `${x.method} ${x.path.split('?')[0]}`)).toEqual([
      `GET /rest/api/3/issue/${a.key}`,
      'POST /rest/api/3/search/jql',
      'GET /rest/api/3/mypermissions',
      'POST /rest/api/3/issue/bulk',
      `PUT /rest/api/3/issue/${a.key}/properties/kayttoonotto-phase`,
      `GET /rest/api/3/issue/${b.key}`,
      'POST /rest/api/3/search/jql',
      `GET /rest/api/3/issue/${c.key}`,
      'POST /rest/api/3/search/jql',
    ]);

    // The stale one again, with the version the preview showed.
    const second = ok(
      await page(sb, 'hankepaallikko', 'bulkUpgrade', { epics: [{ key: b.key, toTemplateId: 'kayttoonotto', toVersion: '1.1.0' }] }),
    );
    expect(second.results.map(outcomeOf)).toEqual([[b.key, 'upgraded', null]]);

    const after = await Promise.all(epics.map((e) => children(sb, e.key)));
    for (const i of [0, 1]) {
      const added = after[i]!.filter((x) => !before[i]!.some((y) => y.key === x.key));
      expect(added.map((x) => [x.itemId, x.assignee])).toEqual([[NEW_DUTY.id, ACCOUNT_IDS.arkkitehti]]);
      expect(after[i]).toHaveLength(before[i]!.length + 1);
      const view = ok(await panel(sb, 'hankepaallikko', epics[i]!, 'getPanel', {}));
      expect(view.phase?.templateVersion).toBe('1.1.0');
      expect(view.attestations.map((x) => x.conditionId)).toEqual([KEPT.id]);
    }
    expect(after[2]).toEqual(before[2]);
    expect(ok(await panel(sb, 'hankepaallikko', c, 'getPanel', {})).phase?.templateVersion).toBe('1.0.0');

    // The preview now lists only the third; a newer version saved after a preview makes that preview
    // stale for the epic it names, not for the rest of the batch (an admin may upgrade any epic).
    const left = ok(await page(sb, 'admin', 'previewBulkUpgrade', {}));
    expect(left.candidates.filter(ours).map((x) => [x.key, x.allowed])).toEqual([[c.key, true]]);
    await saveVersion(sb, '1.2.0', [NEW_DUTY, SECOND_DUTY]);
    const third = ok(
      await page(sb, 'admin', 'bulkUpgrade', {
        epics: [
          { key: c.key, toTemplateId: 'kayttoonotto', toVersion: '1.1.0' },
          { key: a.key, toTemplateId: 'kayttoonotto', toVersion: '1.2.0' },
        ],
      }),
    );
    expect(third.results.map(outcomeOf)).toEqual([
      [c.key, 'refused', 'CONFLICT'],
      [a.key, 'upgraded', null],
    ]);
    expect(third.results[1]).toMatchObject({ created: 1 });
    expect(await children(sb, c.key)).toEqual(before[2]);

    // One audit entry per upgrade.
    sb.harness.kvs.settleQueries();
    const audit = ok(await panel(sb, 'hankepaallikko', b, 'getAudit', {}));
    expect(audit.entries.filter((e) => e.action === 'template.upgraded')).toHaveLength(1);
  });

  it('refuses hostile payloads with INVALID_INPUT in the user language and changes nothing', async () => {
    const target = { key: 'DEMO-1', toTemplateId: 'kayttoonotto', toVersion: '1.1.0' };
    const many = Array.from({ length: BULK_UPGRADE_BATCH + 1 }, (_, i) => ({ ...target, key: `DEMO-${i + 1}` }));
    const jiraBefore = sb.harness.jiraLog.length;
    const hostile: unknown[] = [
      { epics: many },
      { epics: [] },
      {},
      { epics: [target], extra: 1 },
      { epics: [{ ...target, projectId: '10000' }] },
      { epics: [{ ...target, key: 'DEMO-1 OR project = OTHER' }] },
      { epics: [{ ...target, key: 'demo-1' }] },
      { epics: [{ ...target, key: 'DEMO-0' }] },
      { epics: [{ ...target, key: 12 }] },
      { epics: [{ ...target, toTemplateId: 'Käyttöönotto' }] },
      { epics: [{ ...target, toVersion: '1.1' }] },
      { epics: [target, target] },
      { epics: 'DEMO-1' },
    ];
    for (const payload of hostile) {
      const r = (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'bulkUpgrade',
        { ...(payload as object), locale: 'en-US' },
        pageContext('admin'),
      )) as Result<unknown>;
      expect([JSON.stringify(payload), !r.ok && r.error.code]).toEqual([JSON.stringify(payload), 'INVALID_INPUT']);
    }
    for (const payload of [{ pageSize: 51 }, { pageSize: 0 }, { nextPageToken: '' }, { page: 2 }]) {
      const r = (await sb.harness.invokeResolver(
        'portfolio-resolver',
        'previewBulkUpgrade',
        { ...payload, locale: 'en-US' },
        pageContext('admin'),
      )) as Result<unknown>;
      expect([JSON.stringify(payload), !r.ok && r.error.code]).toEqual([JSON.stringify(payload), 'INVALID_INPUT']);
    }
    // Clear words in each language, naming the bad entry.
    const bad = { epics: [{ ...target, key: 'demo-1' }] };
    const fi = await page(sb, 'admin', 'bulkUpgrade', bad as never, 'fi-FI');
    expect(!fi.ok && fi.error.message).toBe('Virheellinen syöte. epics.0.key: ei ole Jiran työtehtävän avain');
    const sv = await page(sb, 'admin', 'bulkUpgrade', bad as never, 'sv-SE');
    expect(!sv.ok && sv.error.message).toBe('Ogiltig indata. epics.0.key: är inte en nyckel till ett Jira-ärende');
    const dup = await page(sb, 'admin', 'bulkUpgrade', { epics: [target, target] }, 'en-US');
    expect(!dup.ok && dup.error.details).toEqual(['epics.1.key: DEMO-1 is already in the list']);
    // Not on a project page (the gadget): refused before anything is read.
    const gadget = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'bulkUpgrade',
      { epics: [target] },
      { accountId: ACCOUNT_IDS.admin, moduleKey: 'deployments-gadget', extension: {} },
    )) as Result<unknown>;
    expect(!gadget.ok && gadget.error.code).toBe('INVALID_INPUT');
    expect(sb.harness.jiraLog.slice(jiraBefore).filter((x) => x.functionKey === 'portfolio-resolver')).toEqual([]);
  });

  it('an epic that does not exist, or is on the newest version already, is refused for itself; the others still run', async () => {
    const epic = await createEpic(sb, 'Ei käyttöönottoa', 'hankepaallikko');
    await sb.harness.triggers.drain();
    const r = ok(
      await page(sb, 'hankepaallikko', 'bulkUpgrade', {
        epics: [
          { key: 'DEMO-99999', toTemplateId: 'kayttoonotto', toVersion: '1.1.0' },
          { key: `${epic.key}`, toTemplateId: 'kayttoonotto', toVersion: '1.1.0' },
        ],
      }),
    );
    expect(r.results.map((x) => [x.key, x.outcome])).toEqual([
      ['DEMO-99999', 'refused'],
      [epic.key, 'refused'],
    ]);
    expect(r.results[0]).toMatchObject({ code: 'NOT_FOUND' });
    // A new epic starts on the newest version: nothing to upgrade.
    expect(r.results[1]).toMatchObject({ code: 'CONFLICT' });
  });
});

/** Saves the next minor version of the project's template with one more duty; returns [the version before, the new one]. */
async function saveNext(sb: Sandbox, id: string): Promise<[string, string]> {
  const ctx = settingsContext(ACCOUNT_IDS.admin);
  const current = ok(
    (await sb.harness.invokeResolver('settings-resolver', 'exportProjectTemplate', { format: 'json' }, ctx)) as Result<{ text: string }>,
  );
  const d = JSON.parse(current.text) as { version: string; items: unknown[] };
  const before = d.version;
  const [major, minor] = before.split('.').map(Number);
  d.version = `${major}.${minor! + 1}.0`;
  d.items.push({ ...NEW_DUTY, id, text: { fi: `Lisätehtävä ${id}`, sv: `Extra uppgift ${id}`, en: `Extra duty ${id}` } });
  ok((await sb.harness.invokeResolver('settings-resolver', 'saveProjectTemplate', { text: JSON.stringify(d) }, ctx)) as Result<unknown>);
  return [before, d.version];
}

// Its own sandbox: its cases save versions one after another, in any order.
describe('a fault or a slow Jira while upgrading a batch', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    sb.emulator.faults.clear();
    await sb.close();
  });

  it('fails that epic (left on its version, nothing created) and upgrades the next', async () => {
    const a = await createEpic(sb, 'Vikatesti A');
    const b = await createEpic(sb, 'Vikatesti B');
    await sb.harness.triggers.drain();
    const [from, to] = await saveNext(sb, 'duty.tietoturva.vikatesti');
    const before = await children(sb, a.key);
    // Jira is unavailable for the first bulk create (a create is not retried: it may have happened).
    sb.emulator.faults.injectFaults([
      { match: { method: 'POST', pathPrefix: '/rest/api/3/issue/bulk' }, kind: 'status', status: 503, times: 1 },
    ]);
    const r = ok(
      await page(
        sb,
        'hankepaallikko',
        'bulkUpgrade',
        {
          epics: [
            { key: a.key, toTemplateId: 'kayttoonotto', toVersion: to },
            { key: b.key, toTemplateId: 'kayttoonotto', toVersion: to },
          ],
        },
        'fi-FI',
      ),
    );
    expect(r.results.map(outcomeOf)).toEqual([
      [a.key, 'failed', 'JIRA_UNAVAILABLE'],
      [b.key, 'upgraded', null],
    ]);
    expect(r.results[0]).toMatchObject({ reason: 'Jiraan ei saatu yhteyttä. Yritä uudelleen.' });
    expect(await children(sb, a.key)).toEqual(before);
    expect(ok(await panel(sb, 'hankepaallikko', a, 'getPanel', {})).phase?.templateVersion).toBe(from);
    // Tried again once the failed create can no longer be in Jira's search, it finishes that upgrade.
    await new Promise((r) => setTimeout(r, TEST_UNCERTAIN_MS));
    const again = ok(
      await page(sb, 'hankepaallikko', 'bulkUpgrade', { epics: [{ key: a.key, toTemplateId: 'kayttoonotto', toVersion: to }] }),
    );
    expect(again.results.map(outcomeOf)).toEqual([[a.key, 'upgraded', null]]);
    expect(await children(sb, a.key)).toHaveLength(before.length + 1);
  });

  it('starts no epic after its time budget: the rest come back skipped, and a second call upgrades them', async () => {
    const epics: { id: string; key: string }[] = [];
    for (let i = 0; i < BULK_UPGRADE_BATCH; i++) epics.push(await createEpic(sb, `Aikaraja ${i + 1}`));
    await sb.harness.triggers.drain();
    const [, to] = await saveNext(sb, 'duty.tietoturva.aikaraja');
    const targets = epics.map((e) => ({ key: e.key, toTemplateId: 'kayttoonotto', toVersion: to }));
    // A slow Jira: 2 s a request, so two upgrades (at least 3 requests each) outlast the 12 s budget.
    sb.emulator.faults.setLatency(2000);
    let first;
    try {
      first = ok(await page(sb, 'hankepaallikko', 'bulkUpgrade', { epics: targets }));
    } finally {
      sb.emulator.faults.setLatency(0);
    }
    const outcomes = first.results.map((r) => r.outcome);
    expect(outcomes[0]).toBe('upgraded');
    expect(outcomes.slice(2)).toEqual(Array.from({ length: BULK_UPGRADE_BATCH - 2 }, () => 'skipped'));
    expect(BULK_UPGRADE_START_BUDGET_MS).toBe(12_000);
    const rest = targets.filter((_, i) => outcomes[i] === 'skipped');
    const second = ok(await page(sb, 'hankepaallikko', 'bulkUpgrade', { epics: rest }));
    expect(second.results.map((r) => r.outcome)).toEqual(rest.map(() => 'upgraded'));
  }, 120_000);
});
