/**
 * The closure dossier: one document of a closed deployment phase for the archive — JSON to keep and
 * check, printable HTML to print to PDF — with a SHA-256 digest of its content printed on it.
 * Pure: the service (src/services/records/dossier.ts) gathers the panel's view, the whole audit trail and
 * the people's names; this builds, hashes, verifies and renders.
 *
 * Canonical JSON for the digest: RFC 8785 (JSON Canonicalization Scheme). For the values a dossier
 * holds (objects, arrays, strings, finite numbers, booleans, null) that is: object members sorted by
 * the UTF-16 code units of their names, no whitespace, strings and numbers exactly as ECMAScript's
 * JSON.stringify writes them, members whose value is undefined left out.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, PhaseSnapshot } from './model';
import {
  DOSSIER_FORMAT,
  DOSSIER_FORMAT_VERSION,
  type Dossier,
  type DossierCondition,
  type DossierContent,
  type DossierPerson,
  type LocalizedString,
} from './dossier-format';
import { isPseudonym } from './domain';
import { chronological, replayAudit, replayDifferences } from './audit-replay';
import type { Locale, LocalizedText } from './template/schema';
import type { AuditAction } from './domain';
import { l10n, l10nIn } from './messages';
import { dossierPageRule } from './dossier-print';

// ------------------------------------------------------------------------------ canonical JSON and digest
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // JS string order is UTF-16 code unit order
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new Error(`canonical JSON: cannot encode a ${typeof value}`);
}

export function digestOf(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

export interface Verification {
  ok: boolean;
  /** The digest written in the document. */
  recorded: string | null;
  /** The digest of its content as it is now. */
  computed: string | null;
  problems: string[];
}

/** Checks a dossier read from JSON: its format and that its content still has the recorded digest. */
export function verifyDossier(doc: unknown): Verification {
  const problems: string[] = [];
  const d = doc as Partial<Dossier> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d))
    return { ok: false, recorded: null, computed: null, problems: ['not a JSON object'] };
  const content = d.content as Partial<DossierContent> | undefined;
  if (!content || typeof content !== 'object') problems.push('no "content"');
  else {
    if (content.format !== DOSSIER_FORMAT) problems.push(`content.format is not "${DOSSIER_FORMAT}"`);
    if (content.formatVersion !== DOSSIER_FORMAT_VERSION) problems.push(`content.formatVersion is not ${DOSSIER_FORMAT_VERSION}`);
  }
  const recorded = typeof d.digest?.value === 'string' ? d.digest.value : null;
  if (!recorded) problems.push('no digest.value');
  if (d.digest && (d.digest.algorithm !== 'SHA-256' || d.digest.canonicalization !== 'RFC 8785'))
    problems.push('digest is not SHA-256 over RFC 8785 canonical JSON');
  let computed: string | null = null;
  try {
    computed = content ? digestOf(content) : null;
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  if (recorded && computed && recorded !== computed)
    problems.push('the content does not match its digest: the document was changed after it was generated');
  return { ok: problems.length === 0, recorded, computed, problems };
}

/**
 * A dossier file (its JSON text) as far as the file alone can tell: not a dossier, altered after it
 * was generated (the content no longer matches the digest written in it), or intact. Intact is
 * integrity only: whoever edits the content can write the new digest in too; whether the app gave
 * out this very dossier is told by the app's own record of the digests it gave out (services/records/dossier.ts).
 */
export function readDossierFile(text: string): {
  state: 'not-a-dossier' | 'altered' | 'intact';
  digest: string | null;
  epicId: string | null;
  epicKey: string | null;
  projectId: string | null;
} {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    return { state: 'not-a-dossier', digest: null, epicId: null, epicKey: null, projectId: null };
  }
  const r = verifyDossier(doc);
  const content = (doc as Partial<Dossier> | null)?.content as Partial<DossierContent> | undefined;
  const epicId = typeof content?.epic?.id === 'string' ? content.epic.id : null;
  const epicKey = typeof content?.epic?.key === 'string' ? content.epic.key : null;
  const projectId = typeof content?.epic?.projectId === 'string' ? content.epic.projectId : null;
  const isDossier =
    !!content &&
    content.format === DOSSIER_FORMAT &&
    content.formatVersion === DOSSIER_FORMAT_VERSION &&
    !!r.recorded &&
    !!r.computed &&
    epicId !== null;
  if (!isDossier) return { state: 'not-a-dossier', digest: r.computed, epicId, epicKey, projectId };
  return { state: r.ok ? 'intact' : 'altered', digest: r.computed, epicId, epicKey, projectId };
}

// ------------------------------------------------------------------------------ build
export interface DossierInput {
  view: PhaseSnapshot;
  /** The epic's whole audit trail, any order. */
  audit: readonly AuditEntry[];
  /** Display names Jira gave for the account ids (missing: unknown). */
  names: Readonly<Record<string, string>>;
  generatedAt: string;
  generatedBy: string;
}

const L = (t: { fi: string; sv: string; en: string } | undefined): LocalizedString => ({
  fi: t?.fi ?? '',
  sv: t?.sv ?? '',
  en: t?.en ?? '',
});

export function buildDossier(input: DossierInput): Dossier {
  const { view } = input;
  const people = new Map<string, DossierPerson>();
  const person = (id: string | null | undefined): DossierPerson | null => {
    if (!id) return null;
    const p = { accountId: id, displayName: id === 'app' || isPseudonym(id) ? null : (input.names[id] ?? null) };
    if (id !== 'app') people.set(id, p);
    return p;
  };
  const must = (id: string): DossierPerson => person(id) ?? { accountId: id, displayName: null };
  const template = view.template;
  const conditionDefs = new Map([...template.gates.entry.conditions, ...template.gates.exit.conditions].map((c) => [c.id, c]));
  const itemDefs = new Map(template.items.map((i) => [i.id, i]));
  const conditions = (gate: 'entry' | 'exit'): DossierCondition[] =>
    view.gates[gate].conditions.map((c) => {
      const a = c.attestation;
      return {
        id: c.conditionId,
        gate,
        text: L(conditionDefs.get(c.conditionId)?.text),
        kind: c.kind,
        mandatory: c.mandatory,
        status: c.status,
        passed: c.passed,
        reason: L(c.reason),
        confirmedBy: a ? must(a.attestedBy) : null,
        confirmedAt: a?.attestedAt ?? null,
        asRole: a?.asRole ?? null,
        evidenceUrl: a?.evidenceUrl ?? null,
        comment: a?.comment ?? null,
        approval: a?.approval ?? null,
        ...(a?.onBehalfOf ? { onBehalfOf: must(a.onBehalfOf) } : {}),
        ...(c.quorum ? { quorum: quorumRecord(c.conditionId, c.quorum) } : {}),
      };
    });
  const quorumRecord = (conditionId: string, q: { counted: number; needed: number }) => ({
    counted: q.counted,
    needed: q.needed,
    confirmations: view.attestations
      .filter((x) => x.conditionId === conditionId)
      .map((x) => ({ by: must(x.attestedBy), ...(x.onBehalfOf ? { onBehalfOf: must(x.onBehalfOf) } : {}), at: x.attestedAt })),
  });
  const riskCondition = [...template.gates.entry.conditions, ...template.gates.exit.conditions].find(
    (c) => (c as { approval?: string }).approval === 'risk-acceptance',
  );
  const riskResult = riskCondition
    ? [...view.gates.entry.conditions, ...view.gates.exit.conditions].find((c) => c.conditionId === riskCondition.id)
    : undefined;
  const riskAttestation = riskResult?.attestation ?? null;
  const audit = chronological(input.audit);
  for (const e of audit) person(e.by);
  const replayed = replayAudit(audit);
  const differences = replayDifferences(replayed, {
    roster: view.roster,
    riskLevel: view.phase?.riskLevel ?? null,
    attestations: view.attestations,
    waivers: view.waivers,
    entryGateWaiver: view.entryGateWaiver,
  });

  const content: DossierContent = {
    format: DOSSIER_FORMAT,
    formatVersion: DOSSIER_FORMAT_VERSION,
    generatedAt: input.generatedAt,
    generatedBy: must(input.generatedBy),
    epic: {
      id: view.epic.id,
      key: view.epic.key,
      summary: view.epic.summary,
      projectId: view.epic.projectId,
      projectKey: view.epic.projectKey,
      statusName: view.epic.statusName,
    },
    template: { id: template.id, version: template.version, status: template.status },
    phase: {
      startedAt: view.phase?.startedAt ?? '',
      startedBy: person(view.phase?.startedBy),
      status: view.status,
      riskLevel: view.phase?.riskLevel ?? null,
    },
    roster: template.roles.map((r) => ({
      role: r.id,
      roleName: L(r.name),
      person: person((view.roster as Record<string, string | undefined>)[r.id]),
    })),
    gates: {
      entry: { passed: view.gates.entry.passed, conditions: conditions('entry') },
      exit: { passed: view.gates.exit.passed, conditions: conditions('exit') },
    },
    items: view.readiness.items.map((i) => ({
      id: i.itemId,
      kind: i.kind,
      text: L(itemDefs.get(i.itemId)?.text),
      role: view.itemRoles[i.itemId] ?? i.role,
      mandatory: i.mandatory,
      state: i.state,
      issueKey: i.child?.key ?? null,
      issueStatus: i.child?.statusName ?? null,
    })),
    waivers: [...view.waivers]
      .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
      .map((w) => ({
        itemId: w.itemId,
        itemText: L(itemDefs.get(w.itemId)?.text),
        reason: w.reason,
        requestedBy: must(w.requestedBy),
        requestedAt: w.requestedAt,
        status: w.status,
        decidedBy: person(w.decidedBy),
        decidedAt: w.decidedAt ?? null,
        decisionComment: w.decisionComment ?? null,
        expiresOn: w.expiresOn ?? null,
        lapsed: !!view.readiness.items.find((i) => i.itemId === w.itemId)?.waiverExpiry?.lapsed,
      })),
    entryGateWaiver: view.entryGateWaiver
      ? {
          waivedBy: must(view.entryGateWaiver.waivedBy),
          waivedAt: view.entryGateWaiver.waivedAt,
          reason: view.entryGateWaiver.reason,
          decisionReference: view.entryGateWaiver.decisionRef ?? null,
          reviewOn: view.entryGateWaiver.reviewOn ?? null,
        }
      : null,
    riskAcceptance:
      riskCondition && riskAttestation?.approval
        ? {
            conditionId: riskCondition.id,
            riskLevel: riskAttestation.approval.riskLevel,
            securityLevel: riskAttestation.approval.securityLevel,
            dataProtectionLevel: riskAttestation.approval.dataProtectionLevel,
            acceptedBy: must(riskAttestation.attestedBy),
            acceptedAt: riskAttestation.attestedAt,
            decisionReference: riskAttestation.approval.decisionRef ?? riskAttestation.evidenceUrl ?? null,
            reviewOn: riskAttestation.approval.reviewOn ?? null,
            comment: riskAttestation.comment ?? null,
            valid: !!riskResult?.passed,
          }
        : null,
    people: [],
    audit,
    auditReplay: { consistent: differences.length === 0, differences },
  };
  content.people = [...people.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  // The digest is of the content as it reads after a JSON round trip (what an archived copy holds).
  const plain = JSON.parse(JSON.stringify(content)) as DossierContent;
  return { content: plain, digest: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', value: digestOf(plain) } };
}

// ------------------------------------------------------------------------------ printable HTML
/*
 * The printable dossier is a record for a Finnish public office: A4 pages with margins (@page), words
 * never broken inside (hyphens: manual; only URLs, ids and the digest may wrap anywhere), times in
 * Finnish time (Europe/Helsinki) with the zone named in words, dates as d.M.yyyy in Finnish and
 * Swedish, codes (risk and security levels, roles, statuses, audit events) in words from the
 * catalogue, and the audit trail as a table a person can read. The JSON (and its digest) is unchanged.
 */
const LABELS = {
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
const WORDS: Record<string, Readonly<Record<string, LocalizedText>>> = {
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
const AUDIT_EVENT: Readonly<Record<AuditAction, LocalizedText>> = {
  'phase.started': l10n('ui.audit.action.phase.started'),
  'roster.changed': l10n('ui.audit.action.roster.changed'),
  'roster.membersChanged': l10n('ui.audit.action.roster.membersChanged'),
  'attestation.stale': l10n('ui.audit.action.attestation.stale'),
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
const FIELD: Readonly<Record<string, LocalizedText>> = {
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

export const RECORD_TIME_ZONE = 'Europe/Helsinki';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An instant in Finnish time: `7.12.2026 klo 11.59.05` (fi), `7.12.2026 kl. 11.59.05` (sv), `2026-12-07 11:59:05` (en). */
export function recordTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (!ISO_INSTANT.test(iso) || Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: RECORD_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const { year, month, day, hour, minute, second } = parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
  if (locale === 'en') return `${year}-${month}-${day} ${hour}:${minute}:${second}`;
  const d = `${Number(day)}.${Number(month)}.${year}`;
  return `${d} ${locale === 'fi' ? 'klo' : 'kl.'} ${hour}.${minute}.${second}`;
}

/** A calendar day (`YYYY-MM-DD`) as d.M.yyyy in Finnish and Swedish, as it is in English. */
export function recordDate(day: string | null | undefined, locale: Locale): string {
  if (!day) return '';
  const m = ISO_DAY.exec(day);
  if (!m || locale === 'en') return day;
  return `${Number(m[3])}.${Number(m[2])}.${m[1]}`;
}

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A link or identifier that may wrap anywhere (no words in it to break). */
const code = (s: unknown) => `<span class="code">${esc(s)}</span>`;

export function dossierHtml(d: Dossier, locale: Locale): string {
  const c = d.content;
  const t = (k: keyof typeof LABELS) => LABELS[k][locale];
  const word = (kind: keyof typeof WORDS, value: string | null | undefined) => (value ? (WORDS[kind]?.[value]?.[locale] ?? value) : '–');
  const at = (iso: string | null | undefined) => recordTime(iso, locale);
  const day = (s: string | null | undefined) => recordDate(s, locale);
  // HTML: a person's name, and the account id (one long token) in a span that may wrap anywhere.
  const who = (p: DossierPerson | null): string =>
    !p
      ? '–'
      : p.accountId === 'app'
        ? esc(t('app'))
        : isPseudonym(p.accountId)
          ? `${esc(t('closedAccount'))} ${code(`(${p.accountId})`)}`
          : p.displayName
            ? `${esc(p.displayName)} ${code(`(${p.accountId})`)}`
            : code(p.accountId);
  // "A for B" (a stand-in's confirmation), and a quorum's count with every confirmation (issue #24).
  const whoFor = (p: DossierPerson | null, absent?: DossierPerson): string =>
    absent ? `${who(p)} ${esc(t('standInFor'))} ${who(absent)}` : who(p);
  const quorumCell = (x: DossierCondition): string =>
    x.quorum
      ? `<br><small>${esc(t('quorum'))}: ${x.quorum.counted}/${x.quorum.needed}</small>${x.quorum.confirmations.map((q) => `<br><small>${whoFor(q.by, q.onBehalfOf)}, ${esc(at(q.at))}</small>`).join('')}`
      : '';
  const names = new Map(c.people.map((p) => [p.accountId, p.displayName]));
  const person = (id: string) => who({ accountId: id, displayName: names.get(id) ?? null });
  const roles = new Map(c.roster.map((r) => [r.role, r.roleName[locale]]));
  const roleName = (id: string | null | undefined) => (id ? (roles.get(id) ?? id) : '–');
  const conditionText = new Map([...c.gates.entry.conditions, ...c.gates.exit.conditions].map((x) => [x.id, x.text[locale]]));
  const itemText = new Map(c.items.map((i) => [i.id, i.text[locale]]));

  /** A value of an audit entry in words: people by name, times in Finnish time, codes as words. */
  const readable = (value: unknown, key?: string): string => {
    if (value === null || value === undefined || value === '') return esc('–');
    if (typeof value === 'boolean') return esc(value ? t('boolYes') : t('boolNo'));
    if (typeof value === 'number') return esc(value);
    if (typeof value === 'string') {
      if (key && key in WORDS) return esc(word(key as keyof typeof WORDS, value));
      if (key === 'status' && WORDS.waiverStatus?.[value]) return esc(word('waiverStatus', value));
      if (key === 'asRole' || key === 'role') return esc(roleName(value));
      if (key === 'conditionId') return esc(conditionText.get(value) ?? value);
      if (key === 'itemId') return esc(itemText.get(value) ?? value);
      if (ISO_INSTANT.test(value)) return esc(at(value));
      if (ISO_DAY.test(value)) return esc(day(value));
      if (names.has(value) || value === 'app' || isPseudonym(value) || (key && /By$/.test(key))) return person(value);
      if (/^https?:\/\//.test(value) || key === 'digest') return code(value);
      return esc(value);
    }
    if (Array.isArray(value)) return value.length ? value.map((v) => readable(v)).join('; ') : esc(t('nothing'));
    if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return esc(t('nothing'));
      return entries
        .map(([k, v]) => {
          // A roster: role → person; an upgrade's added items: item → issue key.
          const label = roles.has(k)
            ? roleName(k)
            : itemText.has(k)
              ? itemText.get(k)!
              : conditionText.has(k)
                ? conditionText.get(k)!
                : (FIELD[k]?.[locale] ?? k);
          return `${esc(label)}: ${readable(v, k)}`;
        })
        .join('; ');
    }
    return esc(String(value));
  };
  const subjectOf = (e: AuditEntry): string => {
    if (!e.subject) return '';
    if (e.action.startsWith('attestation.')) return esc(conditionText.get(e.subject) ?? e.subject);
    if (e.action.startsWith('waiver.')) return esc(itemText.get(e.subject) ?? e.subject);
    if (e.action === 'roster.changed' || e.action === 'children.reassigned') return esc(roleName(e.subject));
    if (e.action === 'dossier.recorded') return code(e.subject);
    return esc(e.subject);
  };
  const detailOf = (e: AuditEntry): string => {
    const key = e.action === 'risk.changed' ? 'riskLevel' : undefined;
    const parts: string[] = [];
    if (e.before !== undefined && e.before !== null) parts.push(`${esc(t('before'))}: ${readable(e.before, key)}`);
    if (e.after !== undefined && e.after !== null) parts.push(`${parts.length ? `${esc(t('after'))}: ` : ''}${readable(e.after, key)}`);
    return parts.join('<br>');
  };
  const gate = (g: 'entry' | 'exit') => `
<h2>${esc(t(g))} — ${esc(c.gates[g].passed ? t('yes') : t('no'))}</h2>
<table><thead><tr><th scope="col">${esc(t('condition'))}</th><th scope="col">${esc(t('state'))}</th><th scope="col">${esc(t('who'))}</th><th scope="col">${esc(t('when'))}</th><th scope="col">${esc(t('evidence'))}</th></tr></thead><tbody>
${c.gates[g].conditions
  .map(
    (x) =>
      `<tr><td>${esc(x.text[locale])}<br><small class="code">${esc(x.id)}</small></td><td>${esc(x.passed ? t('yes') : t('no'))}<br><small>${esc(x.reason[locale])}</small></td><td>${x.kind === 'attestation' ? whoFor(x.confirmedBy, x.onBehalfOf) + quorumCell(x) : ''}${x.asRole ? `<br><small>${esc(t('asRole'))}: ${esc(roleName(x.asRole))}</small>` : ''}</td><td>${esc(at(x.confirmedAt))}</td><td>${x.evidenceUrl ? code(x.evidenceUrl) : ''}${x.comment ? `<br>${esc(x.comment)}` : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const ra = c.riskAcceptance;
  const reference = (s: string | null | undefined) => (!s ? esc('–') : /^https?:\/\//.test(s) ? code(s) : esc(s));
  return `<!doctype html>
<html lang="${esc(locale)}"><head><meta charset="utf-8"><title>${esc(t('title'))} ${esc(c.epic.key)}</title>
<style>
${dossierPageRule(`${d.digest.algorithm} ${d.digest.value}`, locale)}
html{-webkit-text-size-adjust:100%;color-scheme:light;background:#fff}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#172b4d;line-height:1.4;margin:0 auto;padding:2rem;max-width:190mm;box-sizing:border-box;hyphens:manual;-webkit-hyphens:manual;word-break:normal;overflow-wrap:normal}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}th,td{border:1px solid #8590a2;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.85rem}
th{background:#f1f2f4}small{color:#44546f}
.audit th,.audit td{font-size:.75rem;padding:.25rem .35rem}
.code{overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:.8rem}
.digest{font-family:ui-monospace,monospace;font-size:1rem;overflow-wrap:anywhere;border:2px solid #172b4d;padding:.5rem}
@media print{body{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}.digest{break-inside:avoid}thead{display:table-header-group}}
</style></head><body>
<header><h1>${esc(t('title'))}: ${esc(c.epic.key)} ${esc(c.epic.summary)}</h1>
<dl>
<dt>${esc(t('template'))}</dt><dd>${esc(c.template.id)} ${esc(c.template.version)} (${esc(word('templateStatus', c.template.status))})</dd>
<dt>${esc(t('started'))}</dt><dd>${esc(at(c.phase.startedAt))} — ${who(c.phase.startedBy)}</dd>
<dt>${esc(t('state'))}</dt><dd>${esc(c.epic.statusName)} (${esc(word('phaseStatus', c.phase.status))})</dd>
<dt>${esc(t('generated'))}</dt><dd>${esc(at(c.generatedAt))} — ${who(c.generatedBy)}</dd>
</dl>
<p data-testid="dossier-times-note">${esc(t('timesNote'))}</p>
<p>${esc(t('digest'))}:</p><p class="digest" data-testid="dossier-digest">${esc(d.digest.value)}</p>
<p><small>${esc(t('verify'))}</small></p></header>
<main>
<h2>${esc(t('roster'))}</h2>
<table><tbody>${c.roster.map((r) => `<tr><th scope="row">${esc(r.roleName[locale])}</th><td>${who(r.person)}</td></tr>`).join('')}</tbody></table>
${gate('entry')}
${gate('exit')}
<h2>${esc(t('risk'))}</h2>
${
  ra
    ? `<table><tbody>
<tr><th scope="row">${esc(t('riskLevel'))}</th><td>${esc(word('riskLevel', ra.riskLevel))}</td></tr>
<tr><th scope="row">${esc(t('securityLevel'))}</th><td>${esc(word('securityLevel', ra.securityLevel))}</td></tr>
<tr><th scope="row">${esc(t('dataProtectionLevel'))}</th><td>${esc(word('dataProtectionLevel', ra.dataProtectionLevel))}</td></tr>
<tr><th scope="row">${esc(t('decisionReference'))}</th><td>${reference(ra.decisionReference)}${ra.comment ? `<br>${esc(ra.comment)}` : ''}</td></tr>
${ra.reviewOn ? `<tr><th scope="row">${esc(t('reviewOn'))}</th><td>${esc(day(ra.reviewOn))}</td></tr>` : ''}
<tr><th scope="row">${esc(t('who'))}</th><td>${who(ra.acceptedBy)}, ${esc(at(ra.acceptedAt))}</td></tr>
</tbody></table>`
    : `<p>${esc(t('none'))}</p>`
}
${
  c.entryGateWaiver
    ? `<h2>${esc(t('entryWaiver'))}</h2>
<table><tbody>
<tr><th scope="row">${esc(t('reason'))}</th><td>${esc(c.entryGateWaiver.reason)}</td></tr>
<tr><th scope="row">${esc(t('decisionReference'))}</th><td>${reference(c.entryGateWaiver.decisionReference)}</td></tr>
${c.entryGateWaiver.reviewOn ? `<tr><th scope="row">${esc(t('reviewOn'))}</th><td>${esc(day(c.entryGateWaiver.reviewOn))}</td></tr>` : ''}
<tr><th scope="row">${esc(t('decided'))}</th><td>${who(c.entryGateWaiver.waivedBy)}, ${esc(at(c.entryGateWaiver.waivedAt))}</td></tr>
</tbody></table>`
    : ''
}
<h2>${esc(t('waivers'))}</h2>
${
  c.waivers.length
    ? `<table><thead><tr><th scope="col">${esc(t('item'))}</th><th scope="col">${esc(t('reason'))}</th><th scope="col">${esc(t('requested'))}</th><th scope="col">${esc(t('decided'))}</th><th scope="col">${esc(t('state'))}</th></tr></thead><tbody>
${c.waivers
  .map(
    (w) =>
      `<tr><td>${esc(w.itemText[locale])}<br><small class="code">${esc(w.itemId)}</small></td><td>${esc(w.reason)}</td><td>${who(w.requestedBy)}<br><small>${esc(at(w.requestedAt))}</small></td><td>${who(w.decidedBy)}<br><small>${esc(at(w.decidedAt))}</small>${w.decisionComment ? `<br>${esc(w.decisionComment)}` : ''}</td><td>${esc(word('waiverStatus', w.status))}${w.expiresOn ? `<br><small>${esc(t('expiresOn'))} ${esc(day(w.expiresOn))}${w.lapsed ? ` (${esc(t('lapsed'))})` : ''}</small>` : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : `<p>${esc(t('noWaivers'))}</p>`
}
<h2>${esc(t('audit'))}</h2>
<p>${esc(c.auditReplay.consistent ? t('replayOk') : t('replayBad'))}${c.auditReplay.differences.map((x) => `<br>${esc(x)}`).join('')}</p>
<table class="audit" data-testid="dossier-audit"><thead><tr><th scope="col">${esc(t('action'))}<br><small>${esc(t('when'))}</small></th><th scope="col">${esc(t('by'))}</th><th scope="col">${esc(t('subject'))}</th><th scope="col">${esc(t('detail'))}</th></tr></thead><tbody>
${c.audit
  .map(
    (e) =>
      `<tr><td>${esc(AUDIT_EVENT[e.action as AuditAction]?.[locale] ?? e.action)}<br><small>${esc(at(e.at))}</small></td><td>${person(e.by)}</td><td>${subjectOf(e)}</td><td>${detailOf(e)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
</main>
<footer><p class="digest">${esc(d.digest.algorithm)} ${esc(d.digest.value)}</p></footer>
</body></html>
`;
}
