/**
 * The audit replay knows every kind of entry the app writes: the kinds are one typed list
 * (AUDIT_ACTIONS, core/domain.ts) that appendAudit requires, the code writes no other, and the
 * replay handles each; an entry of an unknown kind is a difference, never skipped in silence.
 */
// @ts-nocheck

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { replayAudit, replayDifferences, type StoredState } from '../../src/core/audit-replay';
import { AUDIT_ACTIONS, type AuditAction } from '../../src/core/domain';
import type { AttestationRecord, AuditEntry, WaiverRecord } from '../../src/shared/api';

const SRC = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Every quoted audit action the code passes as `action: …` (a literal, or the branches of a conditional). */
function writtenKinds(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) {
      for (const lit of m[1]!.matchAll(/'([a-zA-Z]+\.[a-zA-Z]+)'/g)) {
        const kind = lit[1]!;
        out.set(kind, [...(out.get(kind) ?? []), file.slice(SRC.length + 1)]);
      }
    }
  }
  return out;
}

let n = 0;
const entry = (action: string, rest: Partial<AuditEntry> = {}): AuditEntry =>
  ({ id: `000${++n}`, at: `2026-03-01T10:00:${String(n).padStart(2, '0')}.000Z`, by: 'u1', action, ...rest }) as AuditEntry;

describe('the kinds of audit entry', () => {
  it('the code writes only kinds of the typed list (src/ scanned for `action: ...` literals)', () => {
    const written = writtenKinds();
    // The scan finds what the writers write (the upgrade's kind among them).
    for (const k of ['phase.started', 'attestation.added', 'waiver.approved', 'waiver.rejected', 'template.upgraded', 'roster.changed'])
      expect(written.has(k)).toBe(true);
    const unknown = [...written.entries()].filter(([k]) => !(AUDIT_ACTIONS as readonly string[]).includes(k));
    expect(unknown).toEqual([]);
  });

  it.each(AUDIT_ACTIONS.map((a) => [a]))('the replay knows %s', (action: AuditAction) => {
    const replayed = replayAudit([entry(action, { subject: 'x', after: {} })]);
    expect(replayed.unknown).toEqual([]);
  });

  it('an entry of a kind the replay does not know is a difference, named by its id and kind', () => {
    const e = entry('gate.teleported', { subject: 'x', after: {} });
    const replayed = replayAudit([e]);
    expect(replayed.unknown).toEqual([`${e.id}: gate.teleported`]);
    const stored: StoredState = { roster: {}, riskLevel: null, attestations: [], waivers: [] };
    expect(replayDifferences(replayed, stored)).toEqual([`audit entry ${e.id}: gate.teleported: a kind the replay does not know`]);
  });
});

describe('an upgrade in the trail', () => {
  const confirmed: AttestationRecord = {
    conditionId: 'entry.a',
    attestedBy: 'u1',
    attestedAt: '2026-03-01T09:00:00.000Z',
    asRole: 'project-manager',
  };
  const kept: AttestationRecord = { ...confirmed, conditionId: 'entry.b' };
  const waiver: WaiverRecord = {
    itemId: 'duty.x',
    reason: 'ei tarvita',
    requestedBy: 'u2',
    requestedAt: '2026-03-01T09:10:00.000Z',
    status: 'approved',
    decidedBy: 'u3',
    decidedAt: '2026-03-01T09:20:00.000Z',
  };
  const voidedAs: WaiverRecord = {
    ...waiver,
    status: 'rejected',
    decidedBy: 'u1',
    decidedAt: '2026-03-01T11:00:00.000Z',
    decisionComment: 'Voided by the upgrade to kayttoonotto 1.1.0: its wording changed',
  };
  const trail = [
    entry('attestation.added', { subject: confirmed.conditionId, after: confirmed }),
    entry('attestation.added', { subject: kept.conditionId, after: kept }),
    entry('waiver.requested', {
      subject: waiver.itemId,
      after: { ...waiver, status: 'requested', decidedBy: undefined, decidedAt: undefined },
    }),
    entry('waiver.approved', { subject: waiver.itemId, after: waiver }),
    entry('template.upgraded', {
      subject: 'kayttoonotto@1.1.0',
      before: { templateId: 'kayttoonotto', templateVersion: '1.0.0' },
      after: {
        templateId: 'kayttoonotto',
        templateVersion: '1.1.0',
        voidedAttestations: [{ record: confirmed, reason: 'its wording changed' }],
        voidedWaivers: [{ record: waiver, voidedAs, reason: 'its wording changed' }],
      },
    }),
  ];

  it('a confirmation it voided does not come back, and a voided waiver reads as stored', () => {
    const stored: StoredState = { roster: {}, riskLevel: null, attestations: [kept], waivers: [voidedAs], entryGateWaiver: null };
    expect(replayDifferences(replayAudit(trail), stored)).toEqual([]);
    expect(replayDifferences(replayAudit(trail.slice(0, -1)), stored)).toEqual(['attestation entry.a differs', 'waiver duty.x differs']);
  });

  it('the entry gate waiver replays too', () => {
    const w = { waivedBy: 'u7', waivedAt: '2026-03-01T12:00:00.000Z', asRole: 'steering-group' as const, reason: 'päätös 12/2026' };
    const withWaiver = [...trail, entry('entryGate.waived', { before: null, after: w })];
    const stored: StoredState = { roster: {}, riskLevel: null, attestations: [kept], waivers: [voidedAs], entryGateWaiver: w };
    expect(replayDifferences(replayAudit(withWaiver), stored)).toEqual([]);
    expect(replayDifferences(replayAudit(withWaiver), { ...stored, entryGateWaiver: null })).toEqual(['entry gate waiver differs']);
    const revoked = [...withWaiver, entry('entryGate.waiverRevoked', { before: w, after: { reason: 'peruttu' } })];
    expect(replayDifferences(replayAudit(revoked), { ...stored, entryGateWaiver: null })).toEqual([]);
  });
});
