/** Pure helpers of the panel: ids to resolve, the closure checklist rows and their CSV. */
import type { AuditEntry, ConditionResult, ItemState, PanelView, UserSummary } from '../../../src/shared/api';
import { isPseudonym } from '../../../src/shared/privacy';
import type { Locale, RoleId, TemplateInput } from '../../../src/shared/domain';
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
  view.attestations.forEach((a) => add(a.attestedBy));
  view.waivers.forEach((w) => {
    add(w.requestedBy);
    add(w.decidedBy);
  });
  view.readiness.items.forEach((item) => add(item.child?.assigneeAccountId));
  [...view.auditTail, ...extraAudit].forEach((entry) => add(entry.by));
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
  text: string;
  state: string;
  who: string;
  when: string;
  detail: string;
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
      text: localize(condition.text, lang),
      state: conditionState(result, t),
      who: attestation ? nameOf(attestation.attestedBy) : '',
      when: attestation ? formatWhen(attestation.attestedAt) : '',
      detail: [
        result ? localize(result.reason, lang) : '',
        attestation?.evidenceUrl ?? '',
        attestation?.comment ?? '',
        attestation?.approval
          ? t('ui.attest.approvalSummary', {
              risk: t(`ui.risk.level.${attestation.approval.riskLevel}`),
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
      text: item ? localize(item.text, lang) : state.itemId,
      state: itemStateText(state, t),
      who: decided ? nameOf(waiver.decidedBy) : nameOf(state.child?.assigneeAccountId ?? null),
      when: decided ? formatWhen(waiver.decidedAt) : '',
      detail: [state.child?.key ?? '', state.child?.statusName ?? '', waiver ? `${t('ui.waiver.reason')}: ${waiver.reason}` : '']
        .filter(Boolean)
        .join(' | '),
    });
  }
  return rows;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value; // no formula injection in spreadsheets
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: ChecklistRow[], t: Translate): string {
  const header = ['type', 'group', 'id', 'text', 'state', 'who', 'when', 'detail'].map((c) => t(`ui.export.column.${c}`));
  const lines = [header, ...rows.map((r) => [r.type, r.group, r.id, r.text, r.state, r.who, r.when, r.detail])];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
