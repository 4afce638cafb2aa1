/**
 * Replays an epic's audit trail into the state it describes (roster, risk level, attestations,
 * waivers, the entry gate's waiver) and compares it with the stored state. A consistent trail
 * replays into exactly what is stored; the closure dossier records the result, and the privacy
 * run's pseudonymisation must keep it (the same pseudonym in the records and in the entries). Pure.
 *
 * The replay knows every kind of entry the app writes (`AUDIT_ACTIONS`, core/domain.ts): the switch
 * below is exhaustive for the compiler, and an entry of a kind it does not know (a newer version's,
 * or a damaged one) is itself a difference, never silently skipped.
 */
import type { AttestationRecord, AuditEntry, EntryGateWaiverRecord, Roster, RosterMembers, WaiverRecord } from './model';

/** Where a confirmation sits among its condition's: the condition id, and `#<slot>` for a further one (a quorum). */
export function attestationSlotKey(record: Pick<AttestationRecord, 'conditionId' | 'slot'>): string {
  return record.slot && record.slot > 1 ? `${record.conditionId}#${record.slot}` : record.conditionId;
}

export interface ReplayedState {
  roster: Roster;
  /** The further holders of each role (several people per role). */
  members: RosterMembers;
  riskLevel: string | null;
  /** By attestationSlotKey. */
  attestations: Record<string, AttestationRecord>;
  waivers: Record<string, WaiverRecord>;
  entryGateWaiver: EntryGateWaiverRecord | null;
  /** Entries of a kind the replay does not know ("<id>: <action>"). */
  unknown: string[];
}

export interface StoredState {
  roster: Roster;
  riskLevel: string | null;
  attestations: readonly AttestationRecord[];
  waivers: readonly WaiverRecord[];
  /** Compared when given (the dossier and the panel read it; older callers may not). */
  entryGateWaiver?: EntryGateWaiverRecord | null;
  /** Compared when given. */
  members?: RosterMembers;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Oldest first: by time, then by id (ids of one scope are unique). */
export function chronological(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * An upgrade (services/templates/upgrade-epic.ts) deletes the confirmations it voids and rejects the
 * waivers it voids; its entry names both. `voidedAs` is the waiver as stored after the upgrade; an
 * entry written before it was recorded is replayed as that code wrote the record.
 */
function replayUpgrade(s: ReplayedState, e: AuditEntry): void {
  if (!isRecord(e.after)) return;
  const after = e.after;
  for (const v of Array.isArray(after.voidedAttestations) ? after.voidedAttestations : []) {
    const id = isRecord(v) && isRecord(v.record) ? v.record.conditionId : undefined;
    if (typeof id === 'string') delete s.attestations[slotKeyOf(id, isRecord(v) ? v.record : undefined)];
  }
  for (const v of Array.isArray(after.voidedWaivers) ? after.voidedWaivers : []) {
    if (!isRecord(v) || !isRecord(v.record) || typeof v.record.itemId !== 'string') continue;
    if (isRecord(v.voidedAs)) {
      s.waivers[v.record.itemId] = v.voidedAs as unknown as WaiverRecord;
      continue;
    }
    const to = `${String(after.templateId)} ${String(after.templateVersion)}`;
    s.waivers[v.record.itemId] = {
      ...(v.record as unknown as WaiverRecord),
      status: 'rejected',
      decidedBy: e.by,
      decidedAt: e.at,
      decisionComment: `Voided by the upgrade to ${to}: ${typeof v.reason === 'string' ? v.reason : ''}`,
    };
  }
}

export function replayAudit(entries: readonly AuditEntry[]): ReplayedState {
  const s: ReplayedState = { roster: {}, members: {}, riskLevel: null, attestations: {}, waivers: {}, entryGateWaiver: null, unknown: [] };
  for (const e of chronological(entries)) {
    const action = e.action;
    switch (action) {
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
      case 'attestation.stale':
        // A confirmation given again replaces the person's own void or stale one (`before`), wherever it sat.
        if (e.subject && isRecord(e.before) && e.action === 'attestation.added') delete s.attestations[slotKeyOf(e.subject, e.before)];
        if (e.subject && isRecord(e.after)) s.attestations[slotKeyOf(e.subject, e.after)] = e.after as unknown as AttestationRecord;
        break;
      case 'attestation.revoked':
        if (e.subject) delete s.attestations[slotKeyOf(e.subject, e.before)];
        break;
      case 'roster.membersChanged':
        if (e.subject) {
          const after = Array.isArray(e.after) ? e.after.filter((x): x is string => typeof x === 'string') : [];
          if (after.length) (s.members as Record<string, string[]>)[e.subject] = after;
          else delete (s.members as Record<string, string[]>)[e.subject];
        }
        break;
      case 'roster.assigneePicked':
        // The picked person became the role's first, the former first a further person (services/roster/pick-assignee.ts).
        if (e.subject && isRecord(e.after) && typeof e.after.first === 'string') {
          (s.roster as Record<string, string>)[e.subject] = e.after.first;
          const members = Array.isArray(e.after.members) ? e.after.members.filter((x): x is string => typeof x === 'string') : [];
          if (members.length) (s.members as Record<string, string[]>)[e.subject] = members;
          else delete (s.members as Record<string, string[]>)[e.subject];
        }
        break;
      case 'waiver.requested':
      case 'waiver.approved':
      case 'waiver.rejected':
        if (e.subject && isRecord(e.after)) s.waivers[e.subject] = e.after as unknown as WaiverRecord;
        break;
      case 'entryGate.waived':
        if (isRecord(e.after)) s.entryGateWaiver = e.after as unknown as EntryGateWaiverRecord;
        break;
      case 'entryGate.waiverRevoked':
        s.entryGateWaiver = null;
        break;
      case 'template.upgraded':
        replayUpgrade(s, e);
        break;
      // What these record is Jira's (children), the project's (settings, templates), the closure
      // record's or a person's (a stand-in, in the stand-ins' own trail): none of it is part of the
      // epic's replayed state.
      case 'spawn.completed':
      case 'children.reassigned':
      case 'children.deduplicated':
      case 'settings.changed':
      case 'template.saved':
      case 'dossier.recorded':
      case 'standIn.named':
      case 'standIn.ended':
      case 'dueDates.moved':
        break;
      // The confirmations a change of the evidence link made stale have their own entries (attestation.stale).
      case 'evidence.changed':
        break;
      default: {
        const unknownAction: never = action;
        s.unknown.push(`${e.id}: ${String(unknownAction)}`);
      }
    }
  }
  return s;
}

function slotKeyOf(subject: string, record: unknown): string {
  const slot = isRecord(record) && typeof record.slot === 'number' ? record.slot : undefined;
  return attestationSlotKey({ conditionId: subject, ...(slot ? { slot } : {}) });
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
  const out: string[] = replayed.unknown.map((u) => `audit entry ${u}: a kind the replay does not know`);
  const roles = new Set([...Object.keys(replayed.roster), ...Object.keys(stored.roster)]);
  for (const role of [...roles].sort()) {
    const a = (replayed.roster as Record<string, string>)[role] ?? null;
    const b = (stored.roster as Record<string, string>)[role] ?? null;
    if (a !== b) out.push(`roster.${role}: ${String(a)} ≠ ${String(b)}`);
  }
  if ((replayed.riskLevel ?? null) !== (stored.riskLevel ?? null))
    out.push(`riskLevel: ${String(replayed.riskLevel)} ≠ ${String(stored.riskLevel)}`);
  if (stored.members !== undefined) {
    for (const role of [...new Set([...Object.keys(replayed.members), ...Object.keys(stored.members)])].sort()) {
      const a = (replayed.members as Record<string, string[]>)[role] ?? [];
      const b = (stored.members as Record<string, string[]>)[role] ?? [];
      if (!same(a, b)) out.push(`members.${role}: ${a.join(',')} ≠ ${b.join(',')}`);
    }
  }
  const att = new Map(stored.attestations.map((a) => [attestationSlotKey(a), a]));
  for (const id of [...new Set([...Object.keys(replayed.attestations), ...att.keys()])].sort()) {
    if (!same(replayed.attestations[id] ?? null, att.get(id) ?? null)) out.push(`attestation ${id} differs`);
  }
  const wv = new Map(stored.waivers.map((w) => [w.itemId, w]));
  for (const id of [...new Set([...Object.keys(replayed.waivers), ...wv.keys()])].sort()) {
    if (!same(replayed.waivers[id] ?? null, wv.get(id) ?? null)) out.push(`waiver ${id} differs`);
  }
  if (stored.entryGateWaiver !== undefined && !same(replayed.entryGateWaiver, stored.entryGateWaiver))
    out.push('entry gate waiver differs');
  return out;
}
