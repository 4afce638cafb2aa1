/** Builds the dossier's content from the panel's view, the audit trail and the people's names. */
import type { AuditEntry, PhaseSnapshot } from '../model';
import {
  DOSSIER_FORMAT,
  DOSSIER_FORMAT_VERSION,
  type Dossier,
  type DossierCondition,
  type DossierContent,
  type DossierPerson,
  type LocalizedString,
} from '../dossier-format';
import { isPseudonym } from '../domain';
import { chronological, replayAudit, replayDifferences } from '../audit-replay';
import { digestOf } from './digest';

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
  for (const e of audit) for (const id of [e.by, e.onBehalfOf]) person(id);
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
        ...(w.onBehalfOf ? { onBehalfOf: must(w.onBehalfOf) } : {}),
        decidedAt: w.decidedAt ?? null,
        decisionComment: w.decisionComment ?? null,
        expiresOn: w.expiresOn ?? null,
        lapsed: !!view.readiness.items.find((i) => i.itemId === w.itemId)?.waiverExpiry?.lapsed,
      })),
    entryGateWaiver: view.entryGateWaiver
      ? {
          waivedBy: must(view.entryGateWaiver.waivedBy),
          ...(view.entryGateWaiver.onBehalfOf ? { onBehalfOf: must(view.entryGateWaiver.onBehalfOf) } : {}),
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
