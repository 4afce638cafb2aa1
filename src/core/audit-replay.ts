/**
 * Replays an epic's audit trail into the state it describes (roster, risk level, attestations,
 * waivers) and compares it with the stored state. A consistent trail replays into exactly what is
 * stored; the closure dossier records the result, and the privacy run's pseudonymisation must keep
 * it (the same pseudonym in the records and in the entries). Pure.
 */
import type { AttestationRecord, AuditEntry, Roster, WaiverRecord } from './model';

export interface ReplayedState {
  roster: Roster;
  riskLevel: string | null;
  attestations: Record<string, AttestationRecord>;
  waivers: Record<string, WaiverRecord>;
}

export interface StoredState {
  roster: Roster;
  riskLevel: string | null;
  attestations: readonly AttestationRecord[];
  waivers: readonly WaiverRecord[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Oldest first: by time, then by id (ids of one scope are unique). */
export function chronological(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export function replayAudit(entries: readonly AuditEntry[]): ReplayedState {
  const s: ReplayedState = { roster: {}, riskLevel: null, attestations: {}, waivers: {} };
  for (const e of chronological(entries)) {
    switch (e.action) {
      case 'phase.started': {
        const roster = isRecord(e.after) && isRecord(e.after.roster) ? e.after.roster : {};
        for (const [role, id] of Object.entries(roster)) if (typeof id === 'string' && id) (s.roster as Record<string, string>)[role] = id;
        break;
      }
      case 'roster.changed':
        if (e.subject) {
          if (typeof e.after === 'string' && e.after) (s.roster as Record<string, string>)[e.subject] = e.after;
          else delete (s.roster as Record<string, string>)[e.subject];
        }
        break;
      case 'risk.changed':
        s.riskLevel = typeof e.after === 'string' ? e.after : null;
        break;
      case 'attestation.added':
        if (e.subject && isRecord(e.after)) s.attestations[e.subject] = e.after as unknown as AttestationRecord;
        break;
      case 'attestation.revoked':
        if (e.subject) delete s.attestations[e.subject];
        break;
      case 'waiver.requested':
      case 'waiver.approved':
      case 'waiver.rejected':
        if (e.subject && isRecord(e.after)) s.waivers[e.subject] = e.after as unknown as WaiverRecord;
        break;
      default:
        break;
    }
  }
  return s;
}

function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Every difference between the replayed and the stored state, as "what: replayed ≠ stored". Empty when consistent. */
export function replayDifferences(replayed: ReplayedState, stored: StoredState): string[] {
  const out: string[] = [];
  const roles = new Set([...Object.keys(replayed.roster), ...Object.keys(stored.roster)]);
  for (const role of [...roles].sort()) {
    const a = (replayed.roster as Record<string, string>)[role] ?? null;
    const b = (stored.roster as Record<string, string>)[role] ?? null;
    if (a !== b) out.push(`roster.${role}: ${String(a)} ≠ ${String(b)}`);
  }
  if ((replayed.riskLevel ?? null) !== (stored.riskLevel ?? null))
    out.push(`riskLevel: ${String(replayed.riskLevel)} ≠ ${String(stored.riskLevel)}`);
  const att = new Map(stored.attestations.map((a) => [a.conditionId, a]));
  for (const id of [...new Set([...Object.keys(replayed.attestations), ...att.keys()])].sort()) {
    if (!same(replayed.attestations[id] ?? null, att.get(id) ?? null)) out.push(`attestation ${id} differs`);
  }
  const wv = new Map(stored.waivers.map((w) => [w.itemId, w]));
  for (const id of [...new Set([...Object.keys(replayed.waivers), ...wv.keys()])].sort()) {
    if (!same(replayed.waivers[id] ?? null, wv.get(id) ?? null)) out.push(`waiver ${id} differs`);
  }
  return out;
}
