/** Helpers of the project page and the gadget: names, blockers text, the CSV, and opening an epic. */
// @ts-nocheck

import { router } from '@forge/bridge';
import type { Locale, RoleId } from '../../src/shared/domain';
import { csvSeparator, toCsvText, type GateSummary, type PortfolioRow } from '../../src/shared/portfolio';
import type { LocalizedText } from '../../src/shared/domain';
import type { Translate } from './i18n';

export type RoleNames = { id: RoleId; name: LocalizedText }[];

export function roleNameOf(roles: RoleNames, id: RoleId, lang: Locale): string {
  const r = roles.find((x) => x.id === id);
  return r ? r.name[lang] || r.name.fi : id;
}

/** "Arkkitehti: 3, Toteutustiimi: 5", most blockers first. */
export function blockersText(gate: GateSummary, roles: RoleNames, lang: Locale, t: Translate): string {
  return Object.entries(gate.blockersByRole)
    .filter((e): e is [RoleId, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([role, count]) => t('portfolio.roleCount', { role: roleNameOf(roles, role, lang), count }))
    .join(', ');
}

export function dateText(iso: string | null | undefined, locale: string, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

export function gateText(state: GateSummary['entryGate'] | undefined, t: Translate): string {
  return t(`portfolio.gate.${state ?? 'unknown'}`);
}

/** The table as CSV: semicolons for Finnish and Swedish, commas for English. */
export function portfolioCsv(rows: PortfolioRow[], roles: RoleNames, lang: Locale, t: Translate, locale: string, timeZone: string): string {
  const header = [
    t('portfolio.columns.key'),
    t('portfolio.columns.summary'),
    t('portfolio.columns.status'),
    t('portfolio.csvReadiness'),
    t('portfolio.columns.entryGate'),
    t('portfolio.columns.exitGate'),
    t('portfolio.columns.blockers'),
    t('portfolio.csvRoles'),
    t('portfolio.columns.pendingWaivers'),
    t('portfolio.columns.phaseStart'),
    t('portfolio.columns.lastChange'),
  ];
  const lines = rows.map((r) => [
    r.key,
    r.summary,
    r.statusName,
    r.gate ? String(r.gate.readiness) : '',
    gateText(r.gate?.entryGate, t),
    gateText(r.gate?.exitGate, t),
    r.gate ? String(r.gate.blockers) : '',
    r.gate ? blockersText(r.gate, roles, lang, t) : '',
    r.gate ? String(r.gate.pendingWaivers) : '',
    dateText(r.gate?.phaseStart, locale, timeZone),
    dateText(r.gate?.lastChange, locale, timeZone),
  ]);
  return toCsvText([header, ...lines], csvSeparator(lang));
}

/** Opens an epic in Jira through the bridge router (the host decides how). */
export function openIssue(key: string): void {
  const href = `/browse/${key}`;
  void router.navigate(href).catch(() => window.open(href, '_top'));
}
