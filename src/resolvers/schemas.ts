/**
 * One strict schema per resolver action: the whole payload is validated, unknown fields are refused
 * (never ignored), levels are enums, and every text is normalised and checked by the shared rules
 * of src/core/text.ts. The shapes are in src/shared/api.ts; every payload may also carry the
 * caller's `locale` (WirePayload), which the envelope takes off before the handler sees it.
 *
 * Problems a person can fix carry a `rule` in the zod issue's params, so the envelope can say them
 * in the caller's language (`describeRule`); the rest are worded by zod's own fi/sv/en locales.
 */
import * as z from 'zod';
import {
  DATA_PROTECTION_LEVELS,
  FORGE_LOCALES,
  MAX_ROLE_HOLDERS,
  RISK_LEVELS,
  ROLE_IDS,
  SECURITY_LEVELS,
  type Locale,
} from '../core/domain';
import {
  ACCOUNT_ID_PATTERN,
  STABLE_ID_PATTERN,
  TEXT_LIMITS,
  checkDecisionRef,
  checkText,
  checkUrl,
  textProblemMessage,
  type TextProblem,
  type TextRule,
} from '../core/text';
import { projectSettingsSchema } from '../core/settings';
import { checkFutureDate, dateProblemMessage, utcDay, type DateProblem } from '../core/dates';
import { l10nIn, type Message } from '../core/messages';
import { DOSSIER_FILE_MAX_CHARS } from '../shared/dossier';

const render = (m: Message, l: Locale): string => l10nIn(l, m.key, m.vars);

/** A problem with a person-readable explanation. */
export type Rule = TextProblem | DateProblem | { kind: 'id' } | { kind: 'account-id' } | { kind: 'account-blank' } | { kind: 'cursor' };

export function describeRule(rule: Rule, l: Locale): string {
  switch (rule.kind) {
    case 'id':
      return l10nIn(l, 'server.schemas.id');
    case 'account-id':
      return l10nIn(l, 'server.schemas.accountId');
    case 'account-blank':
      return l10nIn(l, 'server.schemas.accountBlank');
    case 'cursor':
      return l10nIn(l, 'server.schemas.cursor');
    case 'date':
    case 'date-past':
    case 'date-too-far':
      return render(dateProblemMessage(rule), l);
    default:
      return render(textProblemMessage(rule), l);
  }
}

function refuse(ctx: z.RefinementCtx, rule: Rule): never {
  ctx.addIssue({ code: 'custom', params: { rule } });
  return z.NEVER;
}

/** A bound on the raw string before it is normalised (normalisation never grows it past 3×). */
const raw = (max: number) => z.string().max(max * 3 + 16);

const text = (rule: TextRule) =>
  raw(rule.max).transform((value, ctx) => {
    const checked = checkText(value, rule);
    return checked.ok ? checked.value : refuse(ctx, checked.problem);
  });

const url = raw(TEXT_LIMITS.url).transform((value, ctx) => {
  const checked = checkUrl(value);
  return checked.ok ? checked.value : refuse(ctx, checked.problem);
});

/** A steering group decision's reference: the minutes' number, or an https link (core/text.ts). */
const decisionRef = raw(TEXT_LIMITS.decisionRef).transform((value, ctx) => {
  const checked = checkDecisionRef(value);
  return checked.ok ? checked.value : refuse(ctx, checked.problem);
});

/** A day a person gives for the future (`YYYY-MM-DD`): today (UTC) or later, at most five years
 * ahead. "Today" is the server's clock when the payload is read. */
const futureDate = raw(10).transform((value, ctx) => {
  const problem = checkFutureDate(value.trim(), utcDay(new Date()));
  return problem ? refuse(ctx, problem) : value.trim();
});

/** An id of the template (item, condition). */
const templateId = raw(200).transform((value, ctx) =>
  STABLE_ID_PATTERN.test(value) && value.length <= 200 ? value : refuse(ctx, { kind: 'id' }),
);

const accountId = raw(128).transform((value, ctx) => {
  const trimmed = value.normalize('NFC').trim();
  if (trimmed === '') return refuse(ctx, { kind: 'account-blank' });
  return ACCOUNT_ID_PATTERN.test(trimmed) ? trimmed : refuse(ctx, { kind: 'account-id' });
});

/** KVS cursors are opaque base64 strings (storage-reference/kvs-api-query); anything else is forged. */
const cursor = z
  .string()
  .transform((value, ctx) => (/^[A-Za-z0-9+/_-]{1,1000}={0,2}$/.test(value) ? value : refuse(ctx, { kind: 'cursor' })));

export const localeField = z.enum(FORGE_LOCALES);

/** One action's payload: exactly these fields, plus the caller's locale. */
export const action = <S extends z.ZodRawShape>(shape: S) => z.object({ ...shape, locale: localeField.optional() }).strict();

const riskAcceptance = z
  .object({
    riskLevel: z.enum(RISK_LEVELS),
    securityLevel: z.enum(SECURITY_LEVELS),
    dataProtectionLevel: z.enum(DATA_PROTECTION_LEVELS),
    decisionRef: decisionRef.optional(),
    reviewOn: futureDate.optional(),
  })
  .strict();

const multiline = (max: number, min = 0): TextRule => ({ max, min, multiline: true });

export const schemas = {
  empty: action({}),
  getUsers: action({ accountIds: z.array(accountId).max(200) }),
  searchUsers: action({ query: text({ max: TEXT_LIMITS.query }) }),
  setRosterMember: action({ role: z.enum(ROLE_IDS), accountId: accountId.nullable() }),
  setRiskLevel: action({ riskLevel: z.enum(RISK_LEVELS) }),
  attest: action({
    conditionId: templateId,
    evidenceUrl: url.optional(),
    comment: text(multiline(TEXT_LIMITS.long)).optional(),
    approval: riskAcceptance.optional(),
    // A stand-in confirms for this person (the service checks the stand-in is theirs, today).
    onBehalfOf: accountId.optional(),
  }),
  setRoleMembers: action({ role: z.enum(ROLE_IDS), accountIds: z.array(accountId).max(MAX_ROLE_HOLDERS - 1) }),
  pickRoleAssignee: action({ role: z.enum(ROLE_IDS), accountId }),
  nameStandIn: action({ standIn: accountId, from: futureDate, to: futureDate }),
  // The same link check as a confirmation's evidence (attest above).
  changeEvidence: action({ conditionId: templateId, evidenceUrl: url, onBehalfOf: accountId.optional() }),
  revokeAttestation: action({ conditionId: templateId, reason: text(multiline(TEXT_LIMITS.long, 1)) }),
  requestWaiver: action({ itemId: templateId, reason: text(multiline(TEXT_LIMITS.long, TEXT_LIMITS.waiverReasonMin)) }),
  decideWaiver: action({
    itemId: templateId,
    approve: z.boolean(),
    comment: text(multiline(TEXT_LIMITS.long)).optional(),
    // Only with an approval (the service refuses it with a rejection).
    expiresOn: futureDate.optional(),
  }),
  waiveEntryGate: action({
    reason: text(multiline(TEXT_LIMITS.long, 1)),
    decisionRef: decisionRef.optional(),
    reviewOn: futureDate.optional(),
  }),
  entryGateWaiver: action({ reason: text(multiline(TEXT_LIMITS.long, 1)) }),
  getAudit: action({ cursor: cursor.optional() }),
  completeItem: action({ itemId: templateId }),
  // The file's text as it is: its bytes are what the digest is checked against (core/dossier.ts).
  verifyDossier: action({ text: z.string().min(1).max(DOSSIER_FILE_MAX_CHARS) }),
  // The settings' shape; the service checks them against the template and Jira (roles, users, types).
  saveSettings: action({ settings: projectSettingsSchema }),
};
