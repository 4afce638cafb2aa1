/**
 * Due dates through a template upgrade (issue 24): the children of items a new version adds get the
 * date their offset gives from the epic's Jira due date, recorded as the app's (a later move of the
 * epic's date moves them); the children of items whose offset changes are moved, unless a person
 * gave them a date of their own; an upgrade cut off after its bulk create took effect, and finished
 * by whoever comes next, gives the same dates. The bulk upgrade from the project page goes the same way.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS, DEMO_PROJECT } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { Result } from '../../src/shared/api';
import type { BulkUpgradeResult } from '../../src/shared/portfolio';
import { appDates, createEpicDue, dueDates, moveEpicDue, saveTemplateWithDueDays } from './due-helpers';
import { jira, ok, panel, saveEditedTemplate, startApp, wholeAudit } from './helpers';

const [A, B, C, D] = CURRENT_TEMPLATE.items.slice(0, 4).map((i) => i.id) as [string, string, string, string];
/** Version 1.1.0 (what a new epic gets): offsets on A, B and C; D has none. */
const OFFSETS: Record<string, number> = { [A]: -30, [B]: -7, [C]: 0 };
const ADDED = 'duty.paivitys.uusi-paivalla';

/** Version 1.2.0: B and C get other offsets, D one for the first time, A keeps its own; one duty with an offset added. */
async function saveNextVersion(sb: Sandbox): Promise<void> {
  await saveEditedTemplate(sb, (d) => {
    d.version = '1.2.0';
    const next: Record<string, number> = { ...OFFSETS, [B]: -10, [C]: -3, [D]: 5 };
    for (const item of d.items) if (typeof item.id === 'string' && item.id in next) item.dueDays = next[item.id];
    const duty = d.items.find((i) => i.kind === 'duty')!;
    d.items.push({
      ...duty,
      id: ADDED,
      text: { fi: 'Uusi tehtävä päivällä', sv: 'Ny uppgift med datum', en: 'New duty with a date' },
      subPoints: [],
      dueDays: -14,
    });
  });
}

/** A spawned epic due on 2027-03-01 on version 1.1.0, C given a date of a person's own, then version 1.2.0 saved. */
async function epicBeforeUpgrade(sb: Sandbox, summary: string) {
  await saveTemplateWithDueDays(sb, OFFSETS);
  const epic = await createEpicDue(sb, summary, '2027-03-01');
  await sb.harness.triggers.drain();
  const before = await dueDates(sb, epic.key);
  expect([before.get(A)?.due, before.get(B)?.due, before.get(C)?.due, before.get(D)?.due]).toEqual([
    '2027-01-30',
    '2027-02-22',
    '2027-03-01',
    null,
  ]);
  expect(
    (await jira(sb, 'toteutustiimi', 'PUT', `/rest/api/3/issue/${before.get(C)!.key}`, { fields: { duedate: '2027-02-20' } })).status,
  ).toBe(204);
  await sb.harness.triggers.drain();
  await saveNextVersion(sb);
  return { epic, before };
}

/** The dates after the upgrade to 1.2.0 of an epic due on `epicDue` (C kept at the person's date). */
function expectUpgradedDates(dates: Map<string, { due: string | null }>, epicDue: string): void {
  const day = (offset: number) => new Date(Date.parse(`${epicDue}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  expect(dates.get(ADDED)?.due).toBe(day(-14));
  expect(dates.get(A)?.due).toBe(day(-30));
  expect(dates.get(B)?.due).toBe(day(-10));
  expect(dates.get(C)?.due).toBe('2027-02-20');
  expect(dates.get(D)?.due).toBe(day(5));
}

describe('due dates through a template upgrade (issue 24)', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('an added item’s child gets its date in the bulk create; changed offsets move the app’s dates and keep a person’s', async () => {
    sb = await startApp();
    const { epic, before } = await epicBeforeUpgrade(sb, 'Päivitys päivineen');
    const report = ok(await panel(sb, 'hankepaallikko', epic, 'upgradeEpic', { toTemplateId: 'kayttoonotto', toVersion: '1.2.0' }));
    expect(report.created).toBe(1);

    let dates = await dueDates(sb, epic.key);
    expectUpgradedDates(dates, '2027-03-01');
    // The added child's date came with its create: the only children edited are B and D (moved).
    const edited = sb.harness.jiraLog.filter((x) => x.method === 'PUT' && /\/rest\/api\/3\/issue\/\d+$/.test(x.path)).map((x) => x.path);
    expect(edited.sort()).toEqual([B, D].map((id) => `/rest/api/3/issue/${issueId(sb, epic.id, id)}`).sort());
    // The app's dates are recorded (the person's date on C is not the app's).
    expect(appDates(sb, epic.id)).toMatchObject({ [ADDED]: '2027-02-15', [B]: '2027-02-19', [C]: '2027-03-01', [D]: '2027-03-06' });
    const entry = (await wholeAudit(sb, epic)).find((e) => e.action === 'template.upgraded');
    expect(entry?.after).toMatchObject({
      dueDates: {
        dueDate: '2027-03-01',
        moved: { [before.get(B)!.key]: { from: '2027-02-22', to: '2027-02-19' }, [before.get(D)!.key]: { from: null, to: '2027-03-06' } },
        kept: [before.get(C)!.key],
      },
    });

    // A later move of the epic's date moves the added child too; the person's date stays.
    await moveEpicDue(sb, epic.key, '2027-04-01');
    dates = await dueDates(sb, epic.key);
    expectUpgradedDates(dates, '2027-04-01');
  }, 120_000);

  it('a bulk upgrade whose bulk create’s answer is lost, finished after the epic’s date moved, gives the dates of the new date', async () => {
    sb = await startApp();
    const { epic } = await epicBeforeUpgrade(sb, 'Katkennut päivitys');
    // The bulk create takes effect and its answer is lost: the upgrade stops with its intent recorded.
    sb.emulator.faults.injectFaults([{ match: { method: 'POST', pathPrefix: '/rest/api/3/issue/bulk' }, kind: 'lost', times: 1 }]);
    const bulk = (await sb.harness.invokeResolver(
      'portfolio-resolver',
      'bulkUpgrade',
      { epics: [{ key: epic.key, toTemplateId: 'kayttoonotto', toVersion: '1.2.0' }], locale: 'en-US' },
      {
        accountId: ACCOUNT_IDS.hankepaallikko,
        moduleKey: 'deployments-page',
        extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
      },
    )) as Result<{ results: BulkUpgradeResult[] }>;
    expect(ok(bulk).results.map((r) => r.outcome)).not.toContain('upgraded');
    const op = sb.harness.kvs.dump()[`epic:${epic.id}:op`] as { epicDueDate?: string | null } | undefined;
    expect(op?.epicDueDate).toBe('2027-03-01');

    // The go-live moves before anyone finishes the upgrade: the move finishes it first (with the date
    // its intent recorded), then moves the app's dates, the added child's among them.
    await moveEpicDue(sb, epic.key, '2027-04-01');
    expect(sb.harness.kvs.dump()[`epic:${epic.id}:op`]).toBeUndefined();
    const dates = await dueDates(sb, epic.key);
    expectUpgradedDates(dates, '2027-04-01');
    expect(appDates(sb, epic.id)).toMatchObject({ [ADDED]: '2027-03-18', [B]: '2027-03-22', [D]: '2027-04-06' });
  }, 120_000);
});

/** The Jira id of the child the app mapped to an item. */
function issueId(sb: Sandbox, epicId: string, itemId: string): string {
  const map = sb.harness.kvs.dump()[`epic:${epicId}:children`] as Record<string, { id: string }>;
  return map[itemId]!.id;
}
