/**
 * The closure dossier of a closed deployment phase (resolver `getDossier`). Authorised as the panel:
 * the caller reads the epic through Jira (asUser) and the phase as the panel shows it; the names of
 * the people are read from Jira as the caller, at the moment the dossier is generated.
 *
 * Every dossier the app gives out is recorded where no user can rewrite it: its digest in the app's
 * storage (`epic:<epicId>:dossier:<digest>`) and an audit entry (`dossier.recorded`). A digest in the
 * file proves integrity only (anyone who edits the content can recompute it); the panel's check
 * (`verifyDossier`) tells whether the app gave out exactly this dossier for this epic.
 */
import { buildDossier, dossierFileName, dossierHtml, readDossierFile } from '../../core/dossier';
import type { AuditEntry } from '../../shared/api';
import type { DossierCheck, DossierPdfResult, DossierResult } from '../../shared/dossier';
import { isPseudonym } from '../../shared/privacy';
import { getUsersBulk } from '../../jira/client';
import * as store from '../../storage/store';
import { AppError, M } from '../common/errors';
import type { Caller, EpicRef } from '../phase/context';
import { getPanel } from '../phase/get-panel';
import { loadPhase } from '../common/epic';
import { loadProject } from '../settings/project-settings';
import { JiraError } from '../../jira/errors';
import { l10n } from '../../core/messages';

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
  const generatedAt = now.toISOString();
  const input = { view, audit, names: {}, generatedAt, generatedBy: caller.accountId };
  // The names are read for exactly the people the dossier lists (the core decides who they are: roster,
  // further people, the absent person of a stand-in's act, everyone in the trail), as the caller.
  const lookup = buildDossier(input)
    .content.people.map((p) => p.accountId)
    .filter((id) => !isPseudonym(id));
  const names: Record<string, string> = {};
  for (let i = 0; i < lookup.length; i += 200) {
    for (const u of await getUsersBulk('user', lookup.slice(i, i + 200))) if (u.displayName) names[u.accountId] = u.displayName;
  }
  const dossier = buildDossier({ ...input, names });
  // Recorded before it is given out: a dossier the app gave out can always be verified.
  const digest = dossier.digest.value;
  if (await store.recordDossier(view.epic.id, { digest, generatedAt, by: caller.accountId })) {
    await store.appendAudit(view.epic.id, {
      by: caller.accountId,
      action: 'dossier.recorded',
      subject: digest,
      after: { digest, generatedAt, algorithm: dossier.digest.algorithm },
    });
  }
  return { dossier, html: dossierHtml(dossier, caller.locale), fileName: dossierFileName(view.epic.key, caller.locale) };
}

/**
 * The dossier with its PDF/A-2b copy (resolver `getDossierPdf`): generated and recorded as `getDossier`
 * does, then rendered by services/records/dossier-pdf.ts, which is imported here only (PDFKit and its fonts are
 * loaded when a PDF is asked for, by this function alone).
 */
export async function getDossierPdf(caller: Caller, epic: EpicRef, now = new Date()): Promise<DossierPdfResult> {
  const result = await getDossier(caller, epic, now);
  const { dossierPdf } = await import('./dossier-pdf');
  const pdf = await dossierPdf(result.dossier, result.html, caller.locale);
  return { ...result, pdf: pdf.toString('base64') };
}

/**
 * Checks a dossier file against the app's record for the panel's epic. The caller must see the epic
 * in Jira (read as them). The file's own digest is recomputed first (integrity); then the record says
 * whether the app gave out exactly this dossier (authenticity).
 */
export async function checkDossierFile(caller: Caller, epic: EpicRef, text: string): Promise<DossierCheck> {
  void caller;
  let epicId: string;
  try {
    epicId = (await loadPhase('user', epic)).epic.id;
  } catch (e) {
    if (e instanceof JiraError && (e.kind === 'not-found' || e.kind === 'forbidden'))
      throw new AppError('NOT_FOUND', M.epicNotFound, [], { cause: e });
    throw e;
  }
  return checkAgainstRecord(text, (file) => (file.epicId === epicId ? null : 'other-epic'));
}

/**
 * The settings page's check: a dossier of any epic of the project, also one deleted since (the
 * record outlives the issue). The caller must see the project in Jira (read as them); the file
 * itself names the epic, and only the holder of the file learns whether the app issued it.
 */
export async function checkDossierFileOfProject(caller: Caller, projectIdOrKey: string, text: string): Promise<DossierCheck> {
  void caller;
  const project = await loadProject(projectIdOrKey);
  return checkAgainstRecord(text, (file) => (file.projectId === project.id ? null : 'other-project'));
}

async function checkAgainstRecord(
  text: string,
  elsewhere: (file: ReturnType<typeof readDossierFile>) => 'other-epic' | 'other-project' | null,
): Promise<DossierCheck> {
  const file = readDossierFile(text);
  const base = { digest: file.digest, epicKey: file.epicKey, generatedAt: null };
  if (file.state === 'not-a-dossier') return { ...base, outcome: 'not-a-dossier' };
  if (file.state === 'altered') return { ...base, outcome: 'altered' };
  const other = elsewhere(file);
  if (other) return { ...base, outcome: other };
  const record = file.digest && file.epicId ? await store.getDossierRecord(file.epicId, file.digest) : undefined;
  if (!record) return { ...base, outcome: 'not-issued' };
  return { ...base, outcome: 'verified', generatedAt: record.generatedAt };
}
