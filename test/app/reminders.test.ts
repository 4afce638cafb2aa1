import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { DEMO_SETTINGS, seedDemoSettings } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS, DEFAULT_ROLE_HOLDERS, DEMO_PROJECT } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result } from '../../src/shared/api';
import type { PortfolioOverdue } from '../../src/shared/portfolio';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { createEpicDue, dayFromToday, saveTemplateWithDueDays } from './due-helpers';
import { ok, panel, settleSearch, startApp } from './helpers';

const itemOf = (role: string) => CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty' && i.role === role)!;
/** Past the epic's date (5 days ago): 35 days overdue (the implementation team's), 5 days (the architect's). */
const OFFSETS = { [itemOf('implementation-team').id]: -30, [itemOf('architect').id]: 0 };

type Notify = { path: string; users: string[]; subject: string; textBody: string };
const notifications = (sb: Sandbox): Notify[] =>
  sb.harness.jiraLog
    .filter((c) => c.method === 'POST' && c.path.endsWith('/notify') && c.status === 204)
    .map((c) => {
      const body = c.requestBody as { subject: string; textBody: string; to: { users: { accountId: string }[] } };
      return { path: c.path, users: body.to.users.map((u) => u.accountId), subject: body.subject, textBody: body.textBody };
    });

describe('daily reminders and escalation (issue 24): the scheduled trigger daily-reminders', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('tells each person with overdue work once, in their language, escalates to the project manager, and none the second time that day', async () => {
    sb = await startApp();
    await saveTemplateWithDueDays(sb, OFFSETS);
    const epic = await createEpicDue(sb, 'Myöhässä', dayFromToday(-5));
    await sb.harness.triggers.drain();
    // The architect used the panel in Swedish: the app remembers that language.
    await panel(sb, 'arkkitehti', epic, 'getPanel', {}, 'sv-SE');
    await settleSearch(sb); // the daily run comes later than Jira's search lag

    const first = await sb.harness.scheduled.run('daily-reminders');
    expect(first.statusCode).toBe(204);
    const sent = notifications(sb);
    // One notification per person, each to that person alone.
    for (const n of sent) expect(n.users).toHaveLength(1);
    const people = sent.map((n) => n.users[0]);
    expect(new Set(people).size).toBe(people.length);
    const team = DEFAULT_ROLE_HOLDERS['implementation-team'];
    const architect = DEFAULT_ROLE_HOLDERS.architect;
    const pm = DEFAULT_ROLE_HOLDERS['project-manager'];
    expect(people).toEqual(expect.arrayContaining([team, architect, pm]));

    const toTeam = sent.find((n) => n.users[0] === team)!;
    expect(toTeam.textBody).toContain('35'); // days overdue
    expect(toTeam.subject).toContain('Käyttöönotto'); // language unknown: Finnish and English
    expect(toTeam.subject).toContain('Deployment');
    const toArchitect = sent.find((n) => n.users[0] === architect)!;
    expect(toArchitect.subject).toBe('Ibruktagande: dina försenade uppgifter');
    expect(toArchitect.textBody).toContain('Dina försenade uppgifter:');
    // The implementation team's item is 35 days overdue (> 7): the project manager hears of it too; the architect's (5) not.
    const toPm = sent.find((n) => n.users[0] === pm)!;
    expect(toPm.textBody).toMatch(/Pitkään myöhässä[\s\S]*35 pv/);
    expect(toPm.textBody.match(/myöhässä 5 pv/g) ?? []).toHaveLength(0);
    // The entry gate's conditions wait for the people who may confirm them.
    expect(sent.some((n) => n.textBody.includes('Vahvistustasi odottavat ehdot:'))).toBe(true);

    // The panel gives each child its due date; the project page counts the epic's overdue items (both offsets are past).
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.readiness.items.find((i) => i.itemId === itemOf('architect').id)?.child?.dueDate).toBe(dayFromToday(-5));
    // The project page asks for the counts after showing the rows (getPortfolioOverdue), as the user (asUser):
    // someone who may not browse the project learns nothing of its items.
    const overdue = (as: string) =>
      sb.harness.invokeResolver(
        'portfolio-resolver',
        'getPortfolioOverdue',
        { epicIds: [epic.id] },
        {
          accountId: as,
          moduleKey: 'deployments-page',
          extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
        },
      ) as Promise<Result<PortfolioOverdue>>;
    expect(ok(await overdue(pm)).counts).toEqual({ [epic.id]: 2 });
    const outsider = await overdue(ACCOUNT_IDS.outsider);
    // Jira refuses `parent in (…)` naming an issue the caller cannot see, as if it did not exist: "not found", no count.
    expect(outsider.ok === false && outsider.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(outsider)).not.toMatch(/"counts"/);

    // Run again the same day (a redeployment, a late run): nobody is told twice.
    const second = await sb.harness.scheduled.run('daily-reminders');
    expect(second.statusCode).toBe(204);
    expect(notifications(sb)).toHaveLength(sent.length);
  });

  it('a stand-in gets what their absent person would, in their own one notification of the day', async () => {
    sb = await startApp();
    await saveTemplateWithDueDays(sb, OFFSETS);
    const epic = await createEpicDue(sb, 'Sijainen', dayFromToday(-5));
    await sb.harness.triggers.drain();
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    // The architect is away and names the service owner (who has no overdue work of their own) as stand-in.
    ok(await panel(sb, 'arkkitehti', epic, 'nameStandIn', { standIn: ACCOUNT_IDS.palvelustaVastaava, from: today, to: later }));
    const view = ok(await panel(sb, 'arkkitehti', epic, 'getPanel', {}));
    const architectsItem = view.readiness.items.find((i) => i.itemId === itemOf('architect').id)!.child!.key;
    await settleSearch(sb);

    expect((await sb.harness.scheduled.run('daily-reminders')).statusCode).toBe(204);
    const sent = notifications(sb);
    const toStandIn = sent.filter((n) => n.users[0] === ACCOUNT_IDS.palvelustaVastaava);
    expect(toStandIn).toHaveLength(1);
    expect(toStandIn[0]!.textBody).toContain(architectsItem);
    // The architect is still told too, once; nobody twice.
    expect(sent.filter((n) => n.users[0] === DEFAULT_ROLE_HOLDERS.architect)).toHaveLength(1);
    const people = sent.map((n) => n.users[0]);
    expect(new Set(people).size).toBe(people.length);
  });

  it('sends nothing in a project whose settings turn reminders off', async () => {
    sb = await startApp();
    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, reminders: { enabled: false, escalationDays: 7 } } });
    await saveTemplateWithDueDays(sb, OFFSETS);
    await createEpicDue(sb, 'Hiljaa', dayFromToday(-5));
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    expect((await sb.harness.scheduled.run('daily-reminders')).statusCode).toBe(204);
    expect(notifications(sb)).toHaveLength(0);
  });
});
