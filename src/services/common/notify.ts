/**
 * Tells the people concerned through Jira's own notifications (an email from Jira; the app has no egress):
 * POST /rest/api/3/issue/{issueIdOrKey}/notify, scope write:jira-work, sent as the user who acted.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-notify-post
 * A notification never decides an action: if Jira refuses it, the action stands and the failure is logged.
 */
import { route } from '@forge/api';
import type { RoleId, Template } from '../../core/template/schema';
import { send, type Actor } from '../../jira/transport';
import { l10n } from '../../core/messages';

export interface Notice {
  subject: string;
  textBody: string;
}

/** Sends one notice about the epic to these account ids (none: nothing is sent). Never throws. */
export async function notifyPeople(
  epicKey: string,
  accountIds: readonly string[],
  notice: Notice,
  actor: Actor = 'user',
): Promise<boolean> {
  const users = [...new Set(accountIds.filter((id) => id && id !== 'app'))];
  if (users.length === 0) return false;
  try {
    await send(actor, 'notify', (jira, init) => jira.requestJira(route`/rest/api/3/issue/${epicKey}/notify`, { ...init, method: 'POST' }), {
      method: 'POST',
      body: { subject: notice.subject, textBody: notice.textBody, to: { users: users.map((accountId) => ({ accountId })) } },
    });
    return true;
  } catch (e) {
    console.warn(`[notify] ${epicKey}:`, e instanceof Error ? e.message : e);
    return false;
  }
}

const roleNames = (template: Pick<Template, 'roles'>, role: RoleId) =>
  template.roles.find((r) => r.id === role)?.name ?? { fi: role, sv: role, en: role };

/** The people who may decide a waiver: the core's rule (core/rules.ts). */
export { waiverDeciders } from '../../core/rules';

/** Recipients do not share one language: the notice is in Finnish, Swedish and English. */
export function waiverRequestNotice(template: Pick<Template, 'roles' | 'items'>, epicKey: string, itemId: string, reason: string): Notice {
  const item = template.items.find((i) => i.id === itemId)?.text ?? { fi: itemId, sv: itemId, en: itemId };
  return {
    subject: `${epicKey}: poikkeuspyyntö odottaa päätöstäsi / en begäran om undantag väntar på ditt beslut / a waiver request waits for your decision`,
    textBody: [
      `Poikkeuspyyntö kohdalle "${item.fi}". Perustelu: ${reason}\nPäätä epiikin ${epicKey} Käyttöönotto-paneelissa (Sinun vuorosi).`,
      `Begäran om undantag för "${item.sv}". Motivering: ${reason}\nBesluta i panelen Ibruktagande på ${epicKey} (Din tur).`,
      `Waiver requested for "${item.en}". Reason: ${reason}\nDecide in the Deployment panel of ${epicKey} (Your turn).`,
    ].join('\n\n'),
  };
}

/** Risk level names as the panel shows them (locales/*.json `ui.risk.level.*`); another stored value as it is. */
const RISK_NAMES: Record<string, { fi: string; sv: string; en: string }> = {
  low: l10n('ui.risk.level.low'),
  medium: l10n('ui.risk.level.medium'),
  high: l10n('ui.risk.level.high'),
};
const riskName = (level: string, l: 'fi' | 'sv' | 'en') => RISK_NAMES[level]?.[l] ?? level;

export function approvalVoidedNotice(
  template: Pick<Template, 'roles' | 'gates'>,
  epicKey: string,
  conditionIds: readonly string[],
  levels: { before: string; after: string },
): Notice {
  const all = [...template.gates.entry.conditions, ...template.gates.exit.conditions];
  const texts = (l: 'fi' | 'sv' | 'en') =>
    conditionIds.map((id) => (all.find((c) => c.id === id)?.text[l] ?? id).replace(/\.+$/, '')).join('; ');
  const steering = roleNames(template, 'steering-group');
  return {
    subject: `${epicKey}: hyväksyntä mitätöityi / godkännandet blev ogiltigt / an approval became void`,
    textBody: [
      `Epicin ${epicKey} riskitaso muuttui (${riskName(levels.before, 'fi')} → ${riskName(levels.after, 'fi')}), joten hyväksyntä on mitätön: ${texts('fi')}. ${steering.fi}: hyväksy uudelleen Käyttöönotto-paneelissa.`,
      `Risknivån för ${epicKey} ändrades (${riskName(levels.before, 'sv')} → ${riskName(levels.after, 'sv')}), så godkännandet är ogiltigt: ${texts('sv')}. ${steering.sv}: godkänn på nytt i panelen Ibruktagande.`,
      `The risk level of ${epicKey} changed (${riskName(levels.before, 'en')} → ${riskName(levels.after, 'en')}), so the approval is void: ${texts('en')}. ${steering.en}: approve again in the Deployment panel.`,
    ].join('\n\n'),
  };
}
