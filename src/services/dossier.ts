/**
 * The closure dossier of a closed deployment phase (resolver `getDossier`). Authorised as the panel:
 * the caller reads the epic through Jira (asUser) and the phase as the panel shows it; the names of
 * the people are read from Jira as the caller, at the moment the dossier is generated.
 */
import { buildDossier, dossierHtml } from '../core/dossier';
import type { AuditEntry } from '../shared/api';
import type { DossierResult } from '../shared/dossier';
import { isPseudonym } from '../shared/privacy';
import { getUsersBulk } from '../jira/client';
import * as store from '../storage/store';
import { AppError, M } from './errors';
import { getPanel, type Caller, type EpicRef } from './phase';
import { l10n } from '../core/messages';

const NOT_CLOSED = l10n('server.dossier.notClosed');

async function wholeAudit(epicId: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const r = await store.readAudit(epicId, 100, cursor);
    out.push(...r.entries);
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  return out;
}

export async function getDossier(caller: Caller, epic: EpicRef, now = new Date()): Promise<DossierResult> {
  const view = await getPanel(caller, epic);
  if (!view.phase) throw new AppError('NOT_ENABLED', M.notStarted);
  if (view.status !== 'done') throw new AppError('CONFLICT', NOT_CLOSED);
  const audit = await wholeAudit(view.epic.id);
  const ids = new Set<string>([caller.accountId, view.phase.startedBy, ...Object.values(view.roster).filter((x): x is string => !!x)]);
  for (const a of view.attestations) ids.add(a.attestedBy);
  for (const w of view.waivers) [w.requestedBy, w.decidedBy].forEach((x) => x && ids.add(x));
  if (view.entryGateWaiver?.waivedBy) ids.add(view.entryGateWaiver.waivedBy);
  for (const e of audit) ids.add(e.by);
  const lookup = [...ids].filter((id) => id && id !== 'app' && !isPseudonym(id));
  const names: Record<string, string> = {};
  for (let i = 0; i < lookup.length; i += 200) {
    for (const u of await getUsersBulk('user', lookup.slice(i, i + 200))) if (u.displayName) names[u.accountId] = u.displayName;
  }
  const dossier = buildDossier({ view, audit, names, generatedAt: now.toISOString(), generatedBy: caller.accountId });
  return { dossier, html: dossierHtml(dossier, caller.locale), fileName: `${view.epic.key}-closure-dossier` };
}
