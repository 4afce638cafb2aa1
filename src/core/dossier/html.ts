/** The printable dossier (HTML to print to PDF). */
import type { AuditEntry } from '../model';
import type { Dossier, DossierCondition, DossierPerson } from '../dossier-format';
import { isPseudonym, type AuditAction } from '../domain';
import type { Locale } from '../template/schema';
import { dossierPageRule } from '../dossier-print';
import { LABELS, WORDS, AUDIT_EVENT, FIELD } from './labels';
import { ISO_DAY, ISO_INSTANT, recordTime, recordDate } from './record-time';

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
    if (e.action === 'roster.changed' || e.action === 'roster.assigneePicked' || e.action === 'children.reassigned')
      return esc(roleName(e.subject));
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
<tr><th scope="row">${esc(t('decided'))}</th><td>${whoFor(c.entryGateWaiver.waivedBy, c.entryGateWaiver.onBehalfOf)}, ${esc(at(c.entryGateWaiver.waivedAt))}</td></tr>
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
      `<tr><td>${esc(w.itemText[locale])}<br><small class="code">${esc(w.itemId)}</small></td><td>${esc(w.reason)}</td><td>${who(w.requestedBy)}<br><small>${esc(at(w.requestedAt))}</small></td><td>${whoFor(w.decidedBy, w.onBehalfOf)}<br><small>${esc(at(w.decidedAt))}</small>${w.decisionComment ? `<br>${esc(w.decisionComment)}` : ''}</td><td>${esc(word('waiverStatus', w.status))}${w.expiresOn ? `<br><small>${esc(t('expiresOn'))} ${esc(day(w.expiresOn))}${w.lapsed ? ` (${esc(t('lapsed'))})` : ''}</small>` : ''}</td></tr>`,
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
      `<tr><td>${esc(AUDIT_EVENT[e.action as AuditAction]?.[locale] ?? e.action)}<br><small>${esc(at(e.at))}</small></td><td>${person(e.by)}${e.onBehalfOf ? ` ${esc(t('standInFor'))} ${person(e.onBehalfOf)}` : ''}</td><td>${subjectOf(e)}</td><td>${detailOf(e)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
</main>
<footer><p class="digest">${esc(d.digest.algorithm)} ${esc(d.digest.value)}</p></footer>
</body></html>
`;
}
