/**
 * Schemas of the records the app keeps in Forge storage. Every value is parsed when it is read:
 * a malformed record is a fault (written by an older or broken version, or by hand), reported
 * with the key that holds it instead of travelling on as a wrongly typed object.
 * Objects are loose: fields this version does not know are kept, not stripped.
 * Written with the small guards of ./guards.ts, not zod, so that the workflow validator, which
 * reads these records, loads no schema library (issue #22); parseRecord takes a zod schema too.
 */
import { ESCALATION_DAYS, MAX_ROLE_HOLDERS, ROLE_IDS } from '../core/domain';
import { ACCOUNT_ID_PATTERN, forbiddenCharacter } from '../core/text';
import type {
  AttestationRecord,
  AuditEntry,
  ProjectSettings,
  RosterDefault,
  SpawnStatus,
  StandInRecord,
  WaiverRecord,
} from '../core/model';
import * as g from './guards';

export class StoredRecordError extends Error {
  override readonly name = 'StoredRecordError';
  constructor(
    readonly key: string,
    readonly problems: string[],
  ) {
    super(`Stored record "${key}" is malformed: ${problems.join('; ')}`);
  }
}

const isoTime = g.string({ min: 1 });
const accountId = g.string({ min: 1, max: 128 });
const roleId = g.oneOf(ROLE_IDS);
const nonEmpty = g.string({ min: 1 });

export const phaseMetaSchema = g.looseObject({
  epicId: nonEmpty,
  epicKey: nonEmpty,
  projectId: nonEmpty,
  templateId: nonEmpty,
  templateVersion: nonEmpty,
  startedAt: isoTime,
  startedBy: nonEmpty,
});

/** A calendar day `YYYY-MM-DD` (a waiver's expiry, a review date). Records written before these
 * fields existed have none, and stay valid. */
const isoDay = g.string({ regex: /^\d{4}-\d{2}-\d{2}$/ });

const riskAcceptanceSchema = g.looseObject({
  riskLevel: g.string(),
  securityLevel: g.string(),
  dataProtectionLevel: g.string(),
  decisionRef: g.optional(g.string()),
  reviewOn: g.optional(isoDay),
});

export const attestationSchema: g.Guard<AttestationRecord> = g.looseObject({
  conditionId: nonEmpty,
  attestedBy: accountId,
  attestedAt: isoTime,
  asRole: roleId,
  evidenceUrl: g.optional(g.string()),
  comment: g.optional(g.string()),
  approval: g.optional(riskAcceptanceSchema),
  slot: g.optional(g.number({ int: true, min: 2 })),
  onBehalfOf: g.optional(accountId),
  restedOn: g.optional(g.array(g.string())),
  stale: g.optional(
    g.looseObject({
      at: isoTime,
      reason: g.oneOf(['reopened', 'evidence-changed']),
      itemId: g.optional(g.string()),
      evidenceUrl: g.optional(g.string()),
    }),
  ),
});

/** A role's further people on one epic (epic:<id>:members:<roleId>). */
export const membersSchema = g.array(accountId, { max: MAX_ROLE_HOLDERS - 1 });

/** A person's stand-in (standin:<accountId>). */
export const standInSchema: g.Guard<StandInRecord> = g.looseObject({
  accountId,
  standIn: accountId,
  from: isoDay,
  to: isoDay,
  namedAt: isoTime,
});

export const waiverSchema: g.Guard<WaiverRecord> = g.looseObject({
  itemId: nonEmpty,
  reason: g.string(),
  requestedBy: accountId,
  requestedAt: isoTime,
  status: g.oneOf(['requested', 'approved', 'rejected']),
  decidedBy: g.optional(g.string()),
  decidedAt: g.optional(g.string()),
  decisionComment: g.optional(g.string()),
  expiresOn: g.optional(isoDay),
});

const spawnWarningSchema = g.looseObject({
  itemId: g.string(),
  code: g.oneOf(['ASSIGNEE_REJECTED', 'CREATE_FAILED', 'FIELDS_DROPPED']),
  message: g.string(),
});

export const spawnStatusSchema: g.Guard<SpawnStatus> = g.looseObject({
  state: g.oneOf(['not-started', 'running', 'complete', 'partial', 'failed']),
  created: g.number({ int: true, min: 0 }),
  total: g.number({ int: true, min: 0 }),
  startedAt: g.optional(g.string()),
  finishedAt: g.optional(g.string()),
  warnings: g.array(spawnWarningSchema),
  owner: g.optional(g.string()),
  ownerExpiresAt: g.optional(g.string()),
});

export const childRefsSchema = g.record(g.looseObject({ id: nonEmpty, key: nonEmpty }));

/** Items whose create request was sent and whose answer is not known yet (epic:<id>:inflight). */
export const inflightSchema = g.record(g.looseObject({ sentAt: g.number(), owner: nonEmpty }));

/** An operation recorded before its first outside write (epic:<id>:op); the service that runs it owns its shape. */
export const operationSchema = g.looseObject({
  kind: g.oneOf(['upgrade']),
  epicId: nonEmpty,
  epicKey: nonEmpty,
  by: nonEmpty,
  startedAt: nonEmpty,
  auditId: nonEmpty,
});
export type StoredOperation = g.Out<typeof operationSchema>;

export const spawnClaimSchema = g.looseObject({ owner: nonEmpty, expiresAt: g.number() });

/** A closure dossier the app gave out (store.recordDossier): its digest, when, and to whom. */
export const dossierRecordSchema = g.looseObject({
  digest: g.string({ regex: /^[0-9a-f]{64}$/ }),
  generatedAt: isoTime,
  by: accountId,
});
export type DossierRecord = g.Out<typeof dossierRecordSchema>;

export const accountIdSchema = accountId;
export const riskLevelSchema = g.string();

/**
 * Stored project settings: what core/settings.ts projectSettingsSchema accepts (the same rules,
 * its fields of ProjectSettings strict, unknown top-level fields kept), with its texts in English
 * only (a stored record's problem is logged, not shown). test/storage/settings-record.test.ts
 * checks both accept and refuse the same values.
 */
const rosterDefaultSchema = g.variants<RosterDefault>('type', {
  none: g.strictObject({ type: g.oneOf(['none']) }),
  user: g.strictObject({
    type: g.oneOf(['user']),
    accountId: g.trimmedString([
      [(v) => v.length > 0, 'account id missing'],
      [(v) => ACCOUNT_ID_PATTERN.test(v), 'not an account id'],
    ]),
  }),
  'project-role': g.strictObject({
    type: g.oneOf(['project-role']),
    projectRoleId: g.string({ regex: /^\d{1,18}$/ }),
  }),
});

export const settingsRecordSchema: g.Guard<ProjectSettings> = g.looseObject({
  enabled: g.boolean(),
  epicSelector: g.variants<ProjectSettings['epicSelector']>('mode', {
    'all-epics': g.strictObject({ mode: g.oneOf(['all-epics']) }),
    label: g.strictObject({
      mode: g.oneOf(['label']),
      label: g.trimmedString([
        [(v) => v.length > 0, 'label empty'],
        [(v) => v.length <= 255, 'label too long'],
        [(v) => /^\S+$/.test(v), 'label has spaces'],
        [(v) => forbiddenCharacter(v.normalize('NFC')) === null, 'label has a character Jira does not take'],
      ]),
    }),
  }),
  childIssueTypeId: g.nullable(g.string({ regex: /^\d{1,18}$/ })),
  defaultRoster: g.strictObject(
    Object.fromEntries(ROLE_IDS.map((r) => [r, rosterDefaultSchema])) as Record<(typeof ROLE_IDS)[number], g.Guard<RosterDefault>>,
  ),
  deliverableOwners: g.record(roleId),
  templateVersion: g.string({ regex: /^\d+\.\d+\.\d+$/ }),
  reminders: g.optional(
    g.strictObject({
      enabled: g.boolean(),
      escalationDays: g.number({ int: true, min: ESCALATION_DAYS.min, max: ESCALATION_DAYS.max }),
    }),
  ),
  updatedAt: g.optional(g.string({ max: 40 })),
  updatedBy: g.optional(g.string({ max: 128 })),
});

export const auditEntrySchema = g.looseObject({
  id: nonEmpty,
  at: isoTime,
  by: nonEmpty,
  action: nonEmpty,
  subject: g.optional(g.string()),
}) as unknown as g.Guard<AuditEntry>;

/** What parseRecord takes: a guard of ./guards.ts, or a zod schema (the same safeParse). */
export interface RecordSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Parses a stored value; throws StoredRecordError naming the key when it does not fit. */
export function parseRecord<T>(key: string, schema: RecordSchema<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new StoredRecordError(
    key,
    r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`),
  );
}
