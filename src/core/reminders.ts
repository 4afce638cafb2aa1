/**
 * Daily reminders and escalation (issue 24), pure: who is told what. Each person gets one digest a day
 * listing their overdue items and the conditions waiting for their confirmation; an item overdue by
 * more than the project's escalation days is also listed to the epic's project manager.
 */
import { ESCALATION_DAYS } from './domain';
import { daysOverdue } from './due-dates';
import { l10nIn } from './messages';
import type { AttestationRecord, ProjectSettings, ReminderSettings, Roster, StandInRecord } from './model';
import { confirmingRole, isApprovalVoid, isStandInActive, ROSTER_OWNER } from './rules';
import type { Locale, Template } from './template/schema';

export { ESCALATION_DAYS };

export function reminderSettingsOf(settings: Pick<ProjectSettings, 'reminders'> | null | undefined): ReminderSettings {
  return settings?.reminders ?? { enabled: true, escalationDays: ESCALATION_DAYS.default };
}

export interface OverdueItem {
  key: string;
  summary: string;
  epicKey: string;
  projectId: string;
  due: string;
  assignee: string | null;
}

export interface WaitingCondition {
  epicKey: string;
  text: Template['gates']['entry']['conditions'][number]['text'];
}

export interface Digest {
  accountId: string;
  overdue: (OverdueItem & { days: number })[];
  conditions: WaitingCondition[];
  /** Items of others overdue beyond the escalation days, on epics where this person is the project manager. */
  escalated: (OverdueItem & { days: number })[];
}

/**
 * The conditions of the epic's current gate (the entry gate before work starts, the exit gate while it
 * runs) that wait for a confirmation, with the people who may give it (core/rules.ts: the holders of a
 * role that may confirm it). A void approval waits again.
 */
export function waitingConditions(args: {
  template: Pick<Template, 'gates'>;
  gate: 'entry' | 'exit';
  roster: Roster;
  attestations: readonly AttestationRecord[];
  riskLevel: string | null;
}): { conditionId: string; text: WaitingCondition['text']; people: string[] }[] {
  const out: { conditionId: string; text: WaitingCondition['text']; people: string[] }[] = [];
  for (const c of args.template.gates[args.gate].conditions) {
    if (c.kind !== 'attestation') continue;
    const given = args.attestations.find((a) => a.conditionId === c.id);
    if (given && !isApprovalVoid(given.approval, args.riskLevel)) continue;
    const people = [...new Set(Object.values(args.roster).filter((p): p is string => !!p))].filter(
      (p) => confirmingRole(c, p, args.roster) !== undefined,
    );
    if (people.length > 0) out.push({ conditionId: c.id, text: c.text, people });
  }
  return out;
}

/** One digest per person with something to hear about, in account-id order. */
export function buildDigests(args: {
  today: string;
  overdue: readonly OverdueItem[];
  conditions: readonly (WaitingCondition & { people: readonly string[] })[];
  /** Per epic key: its project manager (roster) and the project's escalation days. */
  epics: ReadonlyMap<string, { projectManager: string | null; escalationDays: number }>;
}): Digest[] {
  const byPerson = new Map<string, Digest>();
  const of = (accountId: string) => {
    let d = byPerson.get(accountId);
    if (!d) byPerson.set(accountId, (d = { accountId, overdue: [], conditions: [], escalated: [] }));
    return d;
  };
  for (const item of args.overdue) {
    const days = daysOverdue(item.due, args.today);
    if (item.assignee) of(item.assignee).overdue.push({ ...item, days });
    const epic = args.epics.get(item.epicKey);
    if (epic?.projectManager && days > epic.escalationDays && epic.projectManager !== item.assignee)
      of(epic.projectManager).escalated.push({ ...item, days });
  }
  for (const c of args.conditions) for (const p of c.people) of(p).conditions.push({ epicKey: c.epicKey, text: c.text });
  return [...byPerson.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

/** The project manager's role on the roster (the escalation's recipient). */
export const ESCALATION_ROLE = ROSTER_OWNER;

/** At most this many lines per list: a notification stays short; the rest is counted. */
export const DIGEST_LINES = 20;

/** The digest as a notification, in the person's language; when it is unknown, in Finnish and English. */
export function digestNotice(digest: Digest, locale: Locale | null): { subject: string; textBody: string } {
  const langs: Locale[] = locale ? [locale] : ['fi', 'en'];
  const part = (l: Locale): string => {
    const lines: string[] = [];
    const list = <T>(heading: string, items: readonly T[], line: (x: T) => string) => {
      if (items.length === 0) return;
      lines.push('', heading);
      for (const x of items.slice(0, DIGEST_LINES)) lines.push(`- ${line(x)}`);
      if (items.length > DIGEST_LINES) lines.push(`- ${l10nIn(l, 'server.reminders.more', { count: items.length - DIGEST_LINES })}`);
    };
    const itemLine = (i: OverdueItem & { days: number }) =>
      l10nIn(l, 'server.reminders.itemLine', { key: i.key, summary: i.summary, epic: i.epicKey, due: i.due, days: i.days });
    list(l10nIn(l, 'server.reminders.overdueHeading'), digest.overdue, itemLine);
    list(l10nIn(l, 'server.reminders.conditionsHeading'), digest.conditions, (c) => `${c.epicKey}: ${c.text[l]}`);
    list(l10nIn(l, 'server.reminders.escalatedHeading'), digest.escalated, itemLine);
    lines.push('', l10nIn(l, 'server.reminders.footer'));
    return lines.join('\n').trim();
  };
  return {
    subject: langs.map((l) => l10nIn(l, 'server.reminders.subject')).join(' / '),
    textBody: langs.map(part).join('\n\n'),
  };
}

/**
 * What each person is sent on `day`: their own digest, and the digests of everyone who named them as
 * stand-in for a period holding `day` (a stand-in gets what their absent person would), merged into one
 * digest per person, so that nobody gets more than one notification a day. Nothing is listed twice.
 */
export function digestsByRecipient(digests: readonly Digest[], standIns: ReadonlyMap<string, StandInRecord>, day: string): Digest[] {
  const byPerson = new Map<string, Digest>();
  const add = (person: string, d: Digest) => {
    const into = byPerson.get(person) ?? { accountId: person, overdue: [], conditions: [], escalated: [] };
    const has = (list: { key: string }[], key: string) => list.some((x) => x.key === key);
    for (const o of d.overdue) if (!has(into.overdue, o.key)) into.overdue.push(o);
    for (const e of d.escalated) if (!has(into.escalated, e.key)) into.escalated.push(e);
    for (const c of d.conditions)
      if (!into.conditions.some((x) => x.epicKey === c.epicKey && JSON.stringify(x.text) === JSON.stringify(c.text)))
        into.conditions.push(c);
    byPerson.set(person, into);
  };
  for (const d of digests) {
    add(d.accountId, d);
    const standIn = standIns.get(d.accountId);
    if (standIn && standIn.accountId === d.accountId && standIn.standIn !== d.accountId && isStandInActive(standIn, day))
      add(standIn.standIn, d);
  }
  return [...byPerson.values()];
}
