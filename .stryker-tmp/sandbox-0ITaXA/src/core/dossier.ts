/**
 * The closure dossier: one document of a closed deployment phase for the archive — JSON to keep and
 * check, printable HTML to print to PDF — with a SHA-256 digest of its content printed on it.
 * Pure: the service (src/services/dossier.ts) gathers the panel's view, the whole audit trail and
 * the people's names; this builds, hashes, verifies and renders.
 *
 * Canonical JSON for the digest: RFC 8785 (JSON Canonicalization Scheme). For the values a dossier
 * holds (objects, arrays, strings, finite numbers, booleans, null) that is: object members sorted by
 * the UTF-16 code units of their names, no whitespace, strings and numbers exactly as ECMAScript's
 * JSON.stringify writes them, members whose value is undefined left out.
 */
// @ts-nocheck

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
import type { Locale } from './template/schema';
import { l10n } from './messages';

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
 * out this very dossier is told by the app's own record of the digests it gave out (services/dossier.ts).
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
      };
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
const LABELS = {
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
  when: l10n('server.dossier.when'),
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
  detail: l10n('portfolio.upgrade.columns.details'),
  replayOk: l10n('server.dossier.replayOk'),
  replayBad: l10n('server.dossier.replayBad'),
  digest: l10n('server.dossier.digest'),
  verify: l10n('server.dossier.verify'),
  closedAccount: l10n('server.dossier.closedAccount'),
  app: l10n('server.dossier.app'),
  yes: l10n('server.dossier.yes'),
  no: l10n('server.dossier.no'),
} as const;

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function dossierHtml(d: Dossier, locale: Locale): string {
  const c = d.content;
  const t = (k: keyof typeof LABELS) => LABELS[k][locale];
  const who = (p: DossierPerson | null) =>
    !p
      ? '–'
      : p.accountId === 'app'
        ? t('app')
        : isPseudonym(p.accountId)
          ? `${t('closedAccount')} (${p.accountId})`
          : p.displayName
            ? `${p.displayName} (${p.accountId})`
            : p.accountId;
  const names = new Map(c.people.map((p) => [p.accountId, p.displayName]));
  const detail = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : canonicalJson(v));
  const gate = (g: 'entry' | 'exit') => `
<h2>${esc(t(g))} — ${esc(c.gates[g].passed ? t('yes') : t('no'))}</h2>
<table><thead><tr><th>${esc(t('condition'))}</th><th>${esc(t('state'))}</th><th>${esc(t('who'))}</th><th>${esc(t('when'))}</th><th>${esc(t('evidence'))}</th></tr></thead><tbody>
${c.gates[g].conditions
  .map(
    (x) =>
      `<tr><td>${esc(x.text[locale])}<br><small>${esc(x.id)}</small></td><td>${esc(x.passed ? t('yes') : t('no'))}<br><small>${esc(x.reason[locale])}</small></td><td>${esc(x.kind === 'attestation' ? who(x.confirmedBy) : '')}${x.asRole ? `<br><small>${esc(x.asRole)}</small>` : ''}</td><td>${esc(x.confirmedAt ?? '')}</td><td>${x.evidenceUrl ? esc(x.evidenceUrl) : ''}${x.comment ? `<br>${esc(x.comment)}` : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const ra = c.riskAcceptance;
  return `<!doctype html>
<html lang="${esc(locale)}"><head><meta charset="utf-8"><title>${esc(t('title'))} ${esc(c.epic.key)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#172b4d;margin:2rem;line-height:1.4}
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}th,td{border:1px solid #8590a2;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem;overflow-wrap:anywhere}
th{background:#f1f2f4}small{color:#44546f}.digest{font-family:ui-monospace,monospace;font-size:1rem;word-break:break-all;border:2px solid #172b4d;padding:.5rem}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}.digest{break-inside:avoid}}
</style></head><body>
<header><h1>${esc(t('title'))}: ${esc(c.epic.key)} ${esc(c.epic.summary)}</h1>
<dl>
<dt>${esc(t('template'))}</dt><dd>${esc(c.template.id)} ${esc(c.template.version)} (${esc(c.template.status)})</dd>
<dt>${esc(t('started'))}</dt><dd>${esc(c.phase.startedAt)} — ${esc(who(c.phase.startedBy))}</dd>
<dt>${esc(t('state'))}</dt><dd>${esc(c.epic.statusName)} (${esc(c.phase.status)})</dd>
<dt>${esc(t('generated'))}</dt><dd>${esc(c.generatedAt)} — ${esc(who(c.generatedBy))}</dd>
</dl>
<p>${esc(t('digest'))}:</p><p class="digest" data-testid="dossier-digest">${esc(d.digest.value)}</p>
<p><small>${esc(t('verify'))}</small></p></header>
<main>
<h2>${esc(t('roster'))}</h2>
<table><tbody>${c.roster.map((r) => `<tr><th scope="row">${esc(r.roleName[locale])}</th><td>${esc(who(r.person))}</td></tr>`).join('')}</tbody></table>
${gate('entry')}
${gate('exit')}
<h2>${esc(t('risk'))}</h2>
${
  ra
    ? `<table><tbody>
<tr><th scope="row">${esc(t('riskLevel'))}</th><td>${esc(ra.riskLevel)}</td></tr>
<tr><th scope="row">${esc(t('securityLevel'))}</th><td>${esc(ra.securityLevel)}</td></tr>
<tr><th scope="row">${esc(t('dataProtectionLevel'))}</th><td>${esc(ra.dataProtectionLevel)}</td></tr>
<tr><th scope="row">${esc(t('decisionReference'))}</th><td>${esc(ra.decisionReference ?? '–')}${ra.comment ? `<br>${esc(ra.comment)}` : ''}</td></tr>
${ra.reviewOn ? `<tr><th scope="row">${esc(t('reviewOn'))}</th><td>${esc(ra.reviewOn)}</td></tr>` : ''}
<tr><th scope="row">${esc(t('who'))}</th><td>${esc(who(ra.acceptedBy))}, ${esc(ra.acceptedAt)}</td></tr>
</tbody></table>`
    : `<p>${esc(t('none'))}</p>`
}
${
  c.entryGateWaiver
    ? `<h2>${esc(t('entryWaiver'))}</h2>
<table><tbody>
<tr><th scope="row">${esc(t('reason'))}</th><td>${esc(c.entryGateWaiver.reason)}</td></tr>
<tr><th scope="row">${esc(t('decisionReference'))}</th><td>${esc(c.entryGateWaiver.decisionReference ?? '–')}</td></tr>
${c.entryGateWaiver.reviewOn ? `<tr><th scope="row">${esc(t('reviewOn'))}</th><td>${esc(c.entryGateWaiver.reviewOn)}</td></tr>` : ''}
<tr><th scope="row">${esc(t('decided'))}</th><td>${esc(who(c.entryGateWaiver.waivedBy))}, ${esc(c.entryGateWaiver.waivedAt)}</td></tr>
</tbody></table>`
    : ''
}
<h2>${esc(t('waivers'))}</h2>
${
  c.waivers.length
    ? `<table><thead><tr><th>${esc(t('item'))}</th><th>${esc(t('reason'))}</th><th>${esc(t('requested'))}</th><th>${esc(t('decided'))}</th><th>${esc(t('state'))}</th></tr></thead><tbody>
${c.waivers
  .map(
    (w) =>
      `<tr><td>${esc(w.itemText[locale])}<br><small>${esc(w.itemId)}</small></td><td>${esc(w.reason)}</td><td>${esc(who(w.requestedBy))}<br><small>${esc(w.requestedAt)}</small></td><td>${esc(who(w.decidedBy))}<br><small>${esc(w.decidedAt ?? '')}</small>${w.decisionComment ? `<br>${esc(w.decisionComment)}` : ''}</td><td>${esc(w.status)}${w.expiresOn ? `<br><small>${esc(t('expiresOn'))} ${esc(w.expiresOn)}${w.lapsed ? ` (${esc(t('lapsed'))})` : ''}</small>` : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : `<p>${esc(t('noWaivers'))}</p>`
}
<h2>${esc(t('audit'))}</h2>
<p>${esc(c.auditReplay.consistent ? t('replayOk') : t('replayBad'))}${c.auditReplay.differences.map((x) => `<br>${esc(x)}`).join('')}</p>
<table><thead><tr><th>${esc(t('when'))}</th><th>${esc(t('action'))}</th><th>${esc(t('by'))}</th><th>${esc(t('detail'))}</th></tr></thead><tbody>
${c.audit
  .map(
    (e) =>
      `<tr><td>${esc(e.at)}</td><td>${esc(e.action)}${e.subject ? `<br><small>${esc(e.subject)}</small>` : ''}</td><td>${esc(who({ accountId: e.by, displayName: names.get(e.by) ?? null }))}</td><td><small>${esc(
        [detail(e.before), detail(e.after)].filter(Boolean).join(' → '),
      )}</small></td></tr>`,
  )
  .join('\n')}
</tbody></table>
</main>
<footer><p class="digest">${esc(d.digest.algorithm)} ${esc(d.digest.value)}</p></footer>
</body></html>
`;
}
