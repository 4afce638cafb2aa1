/** The dossier's digest (SHA-256 of its content as canonical JSON, RFC 8785) and its verification. */
import { createHash } from 'node:crypto';
import { DOSSIER_FORMAT, DOSSIER_FORMAT_VERSION, type Dossier, type DossierContent } from '../dossier-format';

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
