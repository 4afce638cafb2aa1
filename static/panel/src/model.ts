/** Pure helpers of the panel: ids to resolve, the closure checklist rows and their CSV. */
import type { AuditEntry, ConditionResult, ItemState, PanelView, UserSummary } from '../../../src/shared/api';
import { isPseudonym } from '../../../src/shared/privacy';
import type { Locale, RoleId, TemplateInput } from '../../../src/shared/domain';
import { RISK_LEVELS } from '../../../src/shared/roles';
import { localize, type Translate } from '../../common/i18n';

type TemplateCondition = TemplateInput['gates']['entry']['conditions'][number];
type TemplateItem = TemplateInput['items'][number];

/** Every account id the panel shows a name for. */
export function accountIdsOf(view: PanelView, extraAudit: AuditEntry[] = []): string[] {
  const ids = new Set<string>();
  const add = (id: string | null | undefined): void => {
    if (id && id !== 'app') ids.add(id);
  };
  add(view.callerAccountId);
  Object.values(view.roster).forEach(add);
  view.attestations.forEach((a) => (add(a.attestedBy), add(a.onBehalfOf)));
  Object.values(view.members ?? {}).forEach((ids) => ids.forEach(add));
  (view.standingFor ?? []).forEach(add);
  view.waivers.forEach((w) => {
    add(w.requestedBy);
    add(w.decidedBy);
    add(w.onBehalfOf);
  });
  view.readiness.items.forEach((item) => add(item.child?.assigneeAccountId));
  [...view.auditTail, ...extraAudit].forEach((entry) => (add(entry.by), add(entry.onBehalfOf)));
  if (view.phase) add(view.phase.startedBy);
  return [...ids];
}

export function templateConditions(template: TemplateInput): (TemplateCondition & { gate: 'entry' | 'exit' })[] {
  return [
    ...template.gates.entry.conditions.map((c) => ({ ...c, gate: 'entry' as const })),
    ...template.gates.exit.conditions.map((c) => ({ ...c, gate: 'exit' as const })),
  ];
}

export function itemById(template: TemplateInput): Map<string, TemplateItem> {
  return new Map(template.items.map((item) => [item.id, item]));
}

export function roleName(template: TemplateInput, role: RoleId | string, lang: Locale): string {
  const found = template.roles.find((r) => r.id === role);
  return found ? localize(found.name, lang) : role;
}

export function sectionTitle(template: TemplateInput, sectionId: string, lang: Locale): string {
  const section = template.sections.find((s) => s.id === sectionId);
  if (!section) return sectionId;
  const parent = section.parentId ? template.sections.find((s) => s.id === section.parentId) : undefined;
  const own = localize(section.title, lang);
  return parent && section.kind === 'deliverable-group' ? `${localize(parent.title, lang)} / ${own}` : own;
}

export type NameOf = (accountId: string | null | undefined) => string;
export function nameResolver(names: Record<string, UserSummary>, t: Translate): NameOf {
  return (accountId) => {
    if (!accountId) return '';
    if (accountId === 'app') return t('ui.common.app');
    if (isPseudonym(accountId)) return t('privacy.closedAccount');
    return names[accountId]?.displayName ?? t('ui.common.unknownUser');
  };
}

export interface ChecklistRow {
  type: string;
  group: string;
  id: string;
  /** The Jira key of an item's work item ('' for conditions). */
  key: string;
  text: string;
  state: string;
  /** The work item's status in Jira ('' for conditions). */
  jiraStatus: string;
  who: string;
  /** For the screen, in the user's locale. */
  when: string;
  /** Completion date as ISO 8601 (YYYY-MM-DD): confirmed, decided, or resolved in Jira. */
  completedOn: string;
  /** Evidence link of a confirmation. */
  evidence: string;
  /** A waiver's reason. */
  waiverReason: string;
  detail: string;
}

/** YYYY-MM-DD of an ISO timestamp ('' when absent or malformed). */
export function isoDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

function riskText(level: string, t: Translate): string {
  return (RISK_LEVELS as readonly string[]).includes(level) ? t(`ui.risk.level.${level}`) : level;
}

export function conditionState(result: ConditionResult | undefined, t: Translate): string {
  if (!result) return t('ui.condition.status.failed');
  return t(`ui.condition.status.${result.status}`);
}

export function itemStateText(item: ItemState, t: Translate): string {
  if (item.waiver && item.waiver.status === 'requested' && item.state !== 'waived') {
    return `${t(`ui.item.state.${item.state}`)} (${t('ui.waiver.status.requested')})`;
  }
  return t(`ui.item.state.${item.state}`);
}

/** Every condition and item of the phase, with its state, who and when ("Tarkistuslista vaiheen päättämiseksi"). */
export function closureChecklist(
  view: PanelView,
  lang: Locale,
  t: Translate,
  nameOf: NameOf,
  formatWhen: (iso: string | undefined) => string,
): ChecklistRow[] {
  const rows: ChecklistRow[] = [];
  const results = new Map([...view.gates.entry.conditions, ...view.gates.exit.conditions].map((c) => [c.conditionId, c]));
  for (const condition of templateConditions(view.template)) {
    const result = results.get(condition.id);
    const attestation = result?.attestation ?? null;
    const gateTitle = localize(view.template.gates[condition.gate].title, lang);
    rows.push({
      type: t(`ui.export.type.${condition.kind}`),
      group: gateTitle,
      id: condition.id,
      key: '',
      text: localize(condition.text, lang),
      state: conditionState(result, t),
      jiraStatus: '',
      who: attestation ? nameOf(attestation.attestedBy) : '',
      when: attestation ? formatWhen(attestation.attestedAt) : '',
      completedOn: attestation && result?.passed ? isoDate(attestation.attestedAt) : '',
      evidence: attestation?.evidenceUrl ?? '',
      waiverReason: '',
      detail: [
        result && !result.passed && result.status !== 'void' ? localize(result.reason, lang) : '',
        attestation?.comment ?? '',
        attestation?.approval
          ? t('ui.attest.approvalSummary', {
              risk: riskText(attestation.approval.riskLevel, t),
              security: t(`ui.attest.security.${attestation.approval.securityLevel}`),
              dataProtection: t(`ui.attest.dataProtection.${attestation.approval.dataProtectionLevel}`),
            })
          : '',
      ]
        .filter(Boolean)
        .join(' | '),
    });
  }
  const items = itemById(view.template);
  for (const state of view.readiness.items) {
    const item = items.get(state.itemId);
    const waiver = state.waiver;
    const decided = waiver && waiver.status !== 'requested';
    rows.push({
      type: t(`ui.item.kind.${state.kind}`),
      group: sectionTitle(view.template, state.sectionId, lang),
      id: state.itemId,
      key: state.child?.key ?? '',
      text: item ? localize(item.text, lang) : state.itemId,
      state: itemStateText(state, t),
      jiraStatus: state.child?.statusName ?? '',
      who: decided ? nameOf(waiver.decidedBy) : nameOf(state.child?.assigneeAccountId ?? null),
      when: decided ? formatWhen(waiver.decidedAt) : state.state === 'done' ? formatWhen(state.child?.resolvedAt) : '',
      completedOn: state.state === 'waived' ? isoDate(waiver?.decidedAt) : state.state === 'done' ? isoDate(state.child?.resolvedAt) : '',
      evidence: '',
      waiverReason: waiver ? waiver.reason : '',
      detail: waiver?.decisionComment ?? '',
    });
  }
  return rows;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value; // no formula injection in spreadsheets
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Finnish and Swedish spreadsheets (Excel) expect ';' (the decimal separator is ','); English ','. */
export function csvSeparator(lang: Locale): ';' | ',' {
  return lang === 'en' ? ',' : ';';
}

export const CSV_COLUMNS = [
  'type',
  'group',
  'id',
  'key',
  'text',
  'state',
  'jiraStatus',
  'who',
  'completedOn',
  'evidence',
  'waiverReason',
  'detail',
] as const;

export function toCsv(rows: ChecklistRow[], t: Translate, lang: Locale): string {
  const sep = csvSeparator(lang);
  const header = CSV_COLUMNS.map((c) => t(`ui.export.column.${c}`));
  const lines = [header, ...rows.map((r) => CSV_COLUMNS.map((c) => r[c]))];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(sep)).join('\r\n')}\r\n`;
}
