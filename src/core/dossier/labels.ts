/** The printable dossier's words: labels, the codes' words, the audit events and fields, the file name. */
import type { AuditAction } from '../domain';
import type { Locale, LocalizedText } from '../template/schema';
import { l10n, l10nIn } from '../messages';

/*
 * The printable dossier is a record for a Finnish public office: A4 pages with margins (@page), words
 * never broken inside (hyphens: manual; only URLs, ids and the digest may wrap anywhere), times in
 * Finnish time (Europe/Helsinki) with the zone named in words, dates as d.M.yyyy in Finnish and
 * Swedish, codes (risk and security levels, roles, statuses, audit events) in words from the
 * catalogue, and the audit trail as a table a person can read. The JSON (and its digest) is unchanged.
 */
export const LABELS = {
  standInFor: l10n('server.dossier.standInFor'),
  quorum: l10n('server.dossier.quorum'),
  title: l10n('server.dossier.title'),
  epic: l10n('portfolio.upgrade.columns.epic'),
  template: l10n('server.dossier.template'),
  started: l10n('ui.audit.action.phase.started'),
  generated: l10n('server.dossier.generated'),
  roster: l10n('server.dossier.roster'),
  entry: l10n('server.dossier.entry'),
  exit: l10n('server.dossier.exit'),
  condition: l10n('server.dossier.condition'),
  state: l10n('ui.export.column.state'),
  who: l10n('server.dossier.who'),
  when: l10n('server.dossier.whenLocal'),
  evidence: l10n('ui.export.column.evidence'),
  waivers: l10n('server.dossier.waivers'),
  item: l10n('server.dossier.item'),
  reason: l10n('ui.attest.revokeReason'),
  requested: l10n('server.dossier.requested'),
  decided: l10n('server.dossier.decided'),
  risk: l10n('server.dossier.risk'),
  riskLevel: l10n('ui.risk.title'),
  securityLevel: l10n('server.dossier.securityLevel'),
  dataProtectionLevel: l10n('server.dossier.dataProtectionLevel'),
  decisionReference: l10n('server.dossier.decisionReference'),
  reviewOn: l10n('server.dossier.reviewOn'),
  expiresOn: l10n('server.dossier.expiresOn'),
  lapsed: l10n('server.dossier.lapsed'),
  entryWaiver: l10n('server.dossier.entryWaiver'),
  none: l10n('server.dossier.none'),
  noWaivers: l10n('server.dossier.noWaivers'),
  audit: l10n('server.dossier.audit'),
  action: l10n('server.dossier.action'),
  by: l10n('server.dossier.by'),
  subject: l10n('server.dossier.subject'),
  detail: l10n('server.dossier.changes'),
  before: l10n('server.dossier.before'),
  after: l10n('server.dossier.after'),
  asRole: l10n('server.dossier.role'),
  timesNote: l10n('server.dossier.timesNote'),
  replayOk: l10n('server.dossier.replayOk'),
  replayBad: l10n('server.dossier.replayBad'),
  digest: l10n('server.dossier.digest'),
  verify: l10n('server.dossier.verify'),
  closedAccount: l10n('server.dossier.closedAccount'),
  app: l10n('server.dossier.app'),
  yes: l10n('server.dossier.yes'),
  no: l10n('server.dossier.no'),
  boolYes: l10n('server.dossier.boolYes'),
  boolNo: l10n('server.dossier.boolNo'),
  nothing: l10n('server.dossier.nothing'),
} as const;

/** Words for the codes a dossier holds (the JSON keeps the codes). */
export const WORDS: Record<string, Readonly<Record<string, LocalizedText>>> = {
  riskLevel: { low: l10n('ui.risk.level.low'), medium: l10n('ui.risk.level.medium'), high: l10n('ui.risk.level.high') },
  securityLevel: {
    basic: l10n('ui.attest.security.basic'),
    elevated: l10n('ui.attest.security.elevated'),
    high: l10n('ui.attest.security.high'),
  },
  dataProtectionLevel: {
    'no-personal-data': l10n('ui.attest.dataProtection.no-personal-data'),
    'personal-data': l10n('ui.attest.dataProtection.personal-data'),
    'special-categories': l10n('ui.attest.dataProtection.special-categories'),
  },
  phaseStatus: {
    'not-started': l10n('ui.status.not-started'),
    'in-progress': l10n('ui.status.in-progress'),
    'ready-for-done': l10n('ui.status.ready-for-done'),
    done: l10n('ui.status.done'),
  },
  templateStatus: { draft: l10n('ui.template.status.draft'), published: l10n('ui.template.status.published') },
  waiverStatus: {
    requested: l10n('server.dossier.waiverStatus.requested'),
    approved: l10n('server.dossier.waiverStatus.approved'),
    rejected: l10n('server.dossier.waiverStatus.rejected'),
  },
};

/** The audit trail's events in words. */
export const AUDIT_EVENT: Readonly<Record<AuditAction, LocalizedText>> = {
  'phase.started': l10n('ui.audit.action.phase.started'),
  'roster.changed': l10n('ui.audit.action.roster.changed'),
  'roster.membersChanged': l10n('ui.audit.action.roster.membersChanged'),
  'roster.assigneePicked': l10n('ui.audit.action.roster.assigneePicked'),
  'attestation.stale': l10n('ui.audit.action.attestation.stale'),
  'evidence.changed': l10n('ui.audit.action.evidence.changed'),
  'standIn.named': l10n('ui.audit.action.standIn.named'),
  'standIn.ended': l10n('ui.audit.action.standIn.ended'),
  'risk.changed': l10n('ui.audit.action.risk.changed'),
  'attestation.added': l10n('ui.audit.action.attestation.added'),
  'attestation.revoked': l10n('ui.audit.action.attestation.revoked'),
  'waiver.requested': l10n('ui.audit.action.waiver.requested'),
  'waiver.approved': l10n('ui.audit.action.waiver.approved'),
  'waiver.rejected': l10n('ui.audit.action.waiver.rejected'),
  'spawn.completed': l10n('ui.audit.action.spawn.completed'),
  'children.reassigned': l10n('ui.audit.action.children.reassigned'),
  'children.deduplicated': l10n('ui.audit.action.children.deduplicated'),
  'entryGate.waived': l10n('ui.audit.action.entryGate.waived'),
  'entryGate.waiverRevoked': l10n('ui.audit.action.entryGate.waiverRevoked'),
  'settings.changed': l10n('ui.audit.action.settings.changed'),
  'template.saved': l10n('ui.audit.action.template.saved'),
  'template.upgraded': l10n('ui.audit.action.template.upgraded'),
  'dossier.recorded': l10n('ui.audit.action.dossier.recorded'),
  'dueDates.moved': l10n('ui.audit.action.dueDates.moved'),
};

/** Names of the fields an audit entry's before/after holds; a field not named here keeps its own name. */
export const FIELD: Readonly<Record<string, LocalizedText>> = {
  reason: l10n('server.dossier.field.reason'),
  comment: l10n('server.dossier.field.comment'),
  evidenceUrl: l10n('server.dossier.field.evidenceUrl'),
  asRole: l10n('server.dossier.field.asRole'),
  riskLevel: l10n('server.dossier.field.riskLevel'),
  securityLevel: l10n('server.dossier.field.securityLevel'),
  dataProtectionLevel: l10n('server.dossier.field.dataProtectionLevel'),
  decisionRef: l10n('server.dossier.field.decisionRef'),
  reviewOn: l10n('server.dossier.field.reviewOn'),
  expiresOn: l10n('server.dossier.field.expiresOn'),
  decisionComment: l10n('server.dossier.field.decisionComment'),
  status: l10n('server.dossier.field.status'),
  templateId: l10n('server.dossier.field.templateId'),
  templateVersion: l10n('server.dossier.field.templateVersion'),
  roster: l10n('server.dossier.field.roster'),
  created: l10n('server.dossier.field.created'),
  createdNow: l10n('server.dossier.field.createdNow'),
  total: l10n('server.dossier.field.total'),
  warnings: l10n('server.dossier.field.warnings'),
  reassigned: l10n('server.dossier.field.reassigned'),
  failed: l10n('server.dossier.field.failed'),
  digest: l10n('server.dossier.field.digest'),
  generatedAt: l10n('server.dossier.field.generatedAt'),
  algorithm: l10n('server.dossier.field.algorithm'),
  attestedBy: l10n('server.dossier.field.attestedBy'),
  attestedAt: l10n('server.dossier.field.attestedAt'),
  conditionId: l10n('server.dossier.field.conditionId'),
  itemId: l10n('server.dossier.field.itemId'),
  requestedBy: l10n('server.dossier.field.requestedBy'),
  requestedAt: l10n('server.dossier.field.requestedAt'),
  decidedBy: l10n('server.dossier.field.decidedBy'),
  decidedAt: l10n('server.dossier.field.decidedAt'),
  waivedBy: l10n('server.dossier.field.waivedBy'),
  waivedAt: l10n('server.dossier.field.waivedAt'),
  approval: l10n('server.dossier.field.approval'),
  added: l10n('server.dossier.field.added'),
  removed: l10n('server.dossier.field.removed'),
  changed: l10n('server.dossier.field.changed'),
  voidedAttestations: l10n('server.dossier.field.voidedAttestations'),
  voidedWaivers: l10n('server.dossier.field.voidedWaivers'),
  voidedAs: l10n('server.dossier.field.voidedAs'),
};

/** The dossier's file name (without extension) in the caller's language, e.g. `DEMO-1-sulkemisasiakirja`. */
export function dossierFileName(epicKey: string, locale: Locale): string {
  return `${epicKey}-${l10nIn(locale, 'server.dossier.fileName')}`;
}
