/**
 * The daily reminders (issue 24): the scheduled trigger `due-reminders` (manifest.yml, interval `day`).
 * Each person with overdue work or a condition waiting for them gets at most one Jira notification a day
 * (POST /rest/api/3/issue/{key}/notify, as the app), in their language (the locale the app remembered
 * from their last use; Finnish and English when unknown); an item overdue by more than the project's
 * escalation days is also listed to the epic's project manager. Projects whose settings turn reminders
 * off (or the template off) are left out.
 *
 * Jira calls, however many epics: the overdue children in one paged search
 * (`labels = kayttoonotto AND duedate < startOfDay() AND statusCategory != Done`), the running
 * deployments in one paged search over the gate field (`<field> IS NOT EMPTY AND statusCategory != Done`,
 * after one `GET /field` per installation), then one notify per person. Each epic's roster, confirmations
 * and template come from the app's storage. A due-date move a crash left unfinished is finished here.
 *
 * At most one a day: storage/reminders.ts (the mark is taken before the send; a crash in between costs
 * that person that day's reminder, never a second one).
 */
import { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { utcDay } from '../../core/dates';
import {
  buildDigests,
  digestNotice,
  digestsByRecipient,
  ESCALATION_ROLE,
  reminderSettingsOf,
  waitingConditions,
  type OverdueItem,
} from '../../core/reminders';
import { APP_LABEL } from '../../core/spawn-plan';
import { LOCALES, type Locale } from '../../core/template/schema';
import { searchJql, type JiraIssue } from '../../jira/client';
import { invocationDeadline, send } from '../../jira/transport';
import { takeReminderMark } from '../../storage/reminders';
import * as store from '../../storage/store';
import { getStandIns } from '../../storage/governance';
import { gateClause, gateField } from '../portfolio/gate-field';
import { findTemplate } from '../templates/catalog';
import { requireTemplate } from '../templates/template-of-epic';
import { resumeDueMove } from './due-move';
import { resumeRolePick } from '../roster/pick-assignee';

/** Tuning, exported so tests can exercise the bounds. */
export const reminderTuning = {
  /** Search pages read at most per query (100 issues a page). */
  maxPages: 50,
  /** Stop starting new sends this long before the invocation's deadline. */
  marginMs: 5_000,
};

async function searchEvery(jql: string, fields: string[], deadline: number): Promise<JiraIssue[]> {
  const out: JiraIssue[] = [];
  let token: string | undefined;
  for (let page = 0; page < reminderTuning.maxPages; page++) {
    const res = await searchJql('app', { jql, fields, maxResults: 100, ...(token ? { nextPageToken: token } : {}) }, { deadline });
    out.push(...res.issues);
    if (!res.nextPageToken || res.isLast) break;
    token = res.nextPageToken;
  }
  return out;
}

async function localeOf(accountId: string): Promise<Locale | null> {
  const remembered = store.parseUserLocale(await kvs.get<unknown>(store.userLocaleKey(accountId)));
  const lang = remembered?.slice(0, 2);
  return LOCALES.find((l) => l === lang) ?? null;
}

export interface ReminderRun {
  day: string;
  /** People told in this run. */
  sent: number;
  /** People told earlier the same day (their mark was taken). */
  already: number;
  failed: number;
}

export async function runReminders(now = new Date()): Promise<ReminderRun> {
  const deadline = invocationDeadline();
  const day = utcDay(now);
  const run: ReminderRun = { day, sent: 0, already: 0, failed: 0 };
  const overdueIssues = await searchEvery(
    `labels = ${APP_LABEL} AND duedate < startOfDay() AND statusCategory != Done AND parent IS NOT EMPTY ORDER BY key ASC`,
    ['summary', 'duedate', 'assignee', 'parent', 'project'],
    deadline,
  );
  const field = await gateField();
  const running = await searchEvery(
    `${gateClause(field)} IS NOT EMPTY AND statusCategory != Done ORDER BY key ASC`,
    ['status', 'project'],
    deadline,
  );

  // The projects' settings (one KVS read each): reminders on, and their escalation days.
  const projectIds = new Set([...overdueIssues, ...running].map((i) => i.fields.project?.id ?? ''));
  const projects = new Map<string, { on: boolean; escalationDays: number }>();
  for (const id of projectIds) {
    if (!id) continue;
    const settings = await store.getProjectSettings(id);
    const r = reminderSettingsOf(settings);
    projects.set(id, { on: !!settings?.enabled && r.enabled, escalationDays: r.escalationDays });
  }
  const on = (i: JiraIssue) => projects.get(i.fields.project?.id ?? '')?.on === true;

  // The epics: the running deployments and the parents of overdue items (their rosters and confirmations).
  const epics = new Map<string, { id: string; key: string; projectId: string; category: string }>();
  for (const e of running.filter(on))
    epics.set(e.id, {
      id: e.id,
      key: e.key,
      projectId: e.fields.project?.id ?? '',
      category: e.fields.status?.statusCategory.key ?? 'new',
    });
  const epicInfo = new Map<string, { projectManager: string | null; escalationDays: number }>();
  const conditions: Parameters<typeof buildDigests>[0]['conditions'][number][] = [];
  for (const epic of epics.values()) {
    await resumeDueMove(epic.id).catch((e: unknown) => console.warn(`[reminders] ${epic.key}: due-date move not finished:`, e));
    await resumeRolePick(epic.id).catch((e: unknown) => console.warn(`[reminders] ${epic.key}: role pick not finished:`, e));
    const state = await store.readEpicState(epic.id);
    if (!state.meta) continue;
    epicInfo.set(epic.key, {
      projectManager: state.roster[ESCALATION_ROLE] ?? null,
      escalationDays: projects.get(epic.projectId)?.escalationDays ?? 0,
    });
    const template =
      (await findTemplate(state.meta.projectId, state.meta.templateId, state.meta.templateVersion)) ??
      requireTemplate(state.meta.templateId, state.meta.templateVersion);
    const gate = epic.category === 'indeterminate' ? 'exit' : 'entry';
    for (const c of waitingConditions({
      template,
      gate,
      roster: state.roster,
      attestations: state.attestations,
      riskLevel: state.riskLevel,
    }))
      conditions.push({ epicKey: epic.key, text: c.text, people: c.people });
  }
  const overdue: OverdueItem[] = overdueIssues.filter(on).flatMap((i) =>
    i.fields.parent && typeof i.fields.duedate === 'string'
      ? [
          {
            key: i.key,
            summary: i.fields.summary ?? '',
            epicKey: i.fields.parent.key,
            projectId: i.fields.project?.id ?? '',
            due: i.fields.duedate,
            assignee: i.fields.assignee?.accountId ?? null,
          },
        ]
      : [],
  );
  // A stand-in gets what their absent person would (issue 24), merged into their own one digest of the day.
  const own = buildDigests({ today: day, overdue, conditions, epics: epicInfo });
  const digests = digestsByRecipient(own, await getStandIns(own.map((d) => d.accountId)), day);

  for (const digest of digests) {
    if (Date.now() + reminderTuning.marginMs > deadline) break; // the rest hear tomorrow
    // Jira sends a notification about an issue: the first overdue item, else the first epic named.
    const about = digest.overdue[0]?.key ?? digest.conditions[0]?.epicKey ?? digest.escalated[0]?.key;
    if (!about) continue;
    const person = digest.accountId;
    if (!(await takeReminderMark(day, person, now))) {
      run.already++;
      continue;
    }
    const notice = digestNotice(digest, await localeOf(person));
    try {
      await send('app', 'notify', (jira, init) => jira.requestJira(route`/rest/api/3/issue/${about}/notify`, { ...init, method: 'POST' }), {
        method: 'POST',
        body: { subject: notice.subject, textBody: notice.textBody, to: { users: [{ accountId: person }] } },
        deadline,
      });
      run.sent++;
    } catch (e) {
      // The mark stays: at most one a day (storage/reminders.ts). Tomorrow's run tells them again.
      run.failed++;
      console.warn(`[reminders] ${about}: not sent:`, e instanceof Error ? e.message : e);
    }
  }
  return run;
}

/** The scheduled trigger (no user; 204 is success: function-reference/scheduled-trigger). Not retried by Forge. */
export async function handleReminderSchedule(): Promise<{ statusCode: number; statusText?: string }> {
  try {
    const r = await runReminders();
    return { statusCode: 204, statusText: `${r.day}: ${r.sent} sent, ${r.already} told already, ${r.failed} failed` };
  } catch (e) {
    console.error('[reminders] run failed:', e);
    return { statusCode: 500, statusText: 'reminders failed; the next run tries again' };
  }
}
