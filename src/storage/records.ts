/**
 * Schemas of the records the app keeps in Forge storage. Every value is parsed when it is read:
 * a malformed record is a fault (written by an older or broken version, or by hand), reported
 * with the key that holds it instead of travelling on as a wrongly typed object.
 * Objects are loose: fields this version does not know are kept, not stripped.
 */
import * as z from 'zod';
import { ROLE_IDS } from '../core/template/schema';
import { projectSettingsSchema } from '../core/settings';
import type { AttestationRecord, AuditEntry, ProjectSettings, SpawnStatus, StandInRecord, WaiverRecord } from '../core/model';
import { MAX_ROLE_HOLDERS } from '../core/domain';

export class StoredRecordError extends Error {
  override readonly name = 'StoredRecordError';
  constructor(
    readonly key: string,
    readonly problems: string[],
  ) {
    super(`Stored record "${key}" is malformed: ${problems.join('; ')}`);
  }
}

const isoTime = z.string().min(1);
const accountId = z.string().min(1).max(128);
const roleId = z.enum(ROLE_IDS);

export const phaseMetaSchema = z.looseObject({
  epicId: z.string().min(1),
  epicKey: z.string().min(1),
  projectId: z.string().min(1),
  templateId: z.string().min(1),
  templateVersion: z.string().min(1),
  startedAt: isoTime,
  startedBy: z.string().min(1),
});

/** A calendar day `YYYY-MM-DD` (a waiver's expiry, a review date). Records written before these
 * fields existed have none, and stay valid. */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const riskAcceptanceSchema = z.looseObject({
  riskLevel: z.string(),
  securityLevel: z.string(),
  dataProtectionLevel: z.string(),
  decisionRef: z.string().optional(),
  reviewOn: isoDay.optional(),
});

export const attestationSchema = z.looseObject({
  conditionId: z.string().min(1),
  attestedBy: accountId,
  attestedAt: isoTime,
  asRole: roleId,
  evidenceUrl: z.string().optional(),
  comment: z.string().optional(),
  approval: riskAcceptanceSchema.optional(),
  slot: z.number().int().min(2).optional(),
  onBehalfOf: accountId.optional(),
  restedOn: z.array(z.string()).optional(),
  stale: z.looseObject({ at: isoTime, reason: z.enum(['reopened', 'evidence-changed']), itemId: z.string().optional() }).optional(),
}) satisfies z.ZodType<AttestationRecord>;

/** A role's further people on one epic (epic:<id>:members:<roleId>). */
export const membersSchema = z.array(accountId).max(MAX_ROLE_HOLDERS - 1);

/** A person's stand-in (standin:<accountId>). */
export const standInSchema = z.looseObject({
  accountId,
  standIn: accountId,
  from: isoDay,
  to: isoDay,
  namedAt: isoTime,
}) satisfies z.ZodType<StandInRecord>;

export const waiverSchema = z.looseObject({
  itemId: z.string().min(1),
  reason: z.string(),
  requestedBy: accountId,
  requestedAt: isoTime,
  status: z.enum(['requested', 'approved', 'rejected']),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  decisionComment: z.string().optional(),
  expiresOn: isoDay.optional(),
}) satisfies z.ZodType<WaiverRecord>;

const spawnWarningSchema = z.looseObject({
  itemId: z.string(),
  code: z.enum(['ASSIGNEE_REJECTED', 'CREATE_FAILED', 'FIELDS_DROPPED']),
  message: z.string(),
});

export const spawnStatusSchema = z.looseObject({
  state: z.enum(['not-started', 'running', 'complete', 'partial', 'failed']),
  created: z.number().int().min(0),
  total: z.number().int().min(0),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  warnings: z.array(spawnWarningSchema),
  owner: z.string().optional(),
  ownerExpiresAt: z.string().optional(),
}) satisfies z.ZodType<SpawnStatus>;

export const childRefsSchema = z.record(z.string(), z.looseObject({ id: z.string().min(1), key: z.string().min(1) }));

/** Items whose create request was sent and whose answer is not known yet (epic:<id>:inflight). */
export const inflightSchema = z.record(z.string(), z.looseObject({ sentAt: z.number(), owner: z.string().min(1) }));

/** An operation recorded before its first outside write (epic:<id>:op); the service that runs it owns its shape. */
export const operationSchema = z.looseObject({
  kind: z.literal('upgrade'),
  epicId: z.string().min(1),
  epicKey: z.string().min(1),
  by: z.string().min(1),
  startedAt: z.string().min(1),
  auditId: z.string().min(1),
});

export const spawnClaimSchema = z.looseObject({ owner: z.string().min(1), expiresAt: z.number() });

/** A closure dossier the app gave out (store.recordDossier): its digest, when, and to whom. */
export const dossierRecordSchema = z.looseObject({
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: isoTime,
  by: accountId,
});
export type DossierRecord = z.infer<typeof dossierRecordSchema>;

export const accountIdSchema = accountId;
export const riskLevelSchema = z.string();

export const settingsRecordSchema: z.ZodType<ProjectSettings> = projectSettingsSchema.loose();

export const auditEntrySchema = z.looseObject({
  id: z.string().min(1),
  at: isoTime,
  by: z.string().min(1),
  action: z.string().min(1),
  subject: z.string().optional(),
}) as unknown as z.ZodType<AuditEntry>;

/** Parses a stored value; throws StoredRecordError naming the key when it does not fit. */
export function parseRecord<T>(key: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new StoredRecordError(
    key,
    r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`),
  );
}
