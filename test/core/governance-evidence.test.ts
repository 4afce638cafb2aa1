/** Issue #24 in the pure core: a changed evidence link makes confirmations stale; a stand-in decides waivers
 * for the absent decider, never a request of theirs or the absent person's (src/core/rules.ts, permissions.ts). */
import { confirmationsStaledByEvidence, currentEvidenceUrl, waiverDecidingAs, waiverDecisionBlock } from '../../src/core/rules';
import { mayChangeEvidence, mayDecideWaiver } from '../../src/core/permissions';
import type { AttestationRecord, Roster, WaiverRecord } from '../../src/core/model';

const AT = '2026-05-02T10:00:00.000Z';
const record = (attestedBy: string, evidenceUrl?: string, extra: Partial<AttestationRecord> = {}): AttestationRecord => ({
  conditionId: 'c1',
  attestedBy,
  attestedAt: '2026-05-01T10:00:00.000Z',
  asRole: 'service-owner',
  ...(evidenceUrl ? { evidenceUrl } : {}),
  ...extra,
});

describe('confirmationsStaledByEvidence', () => {
  it('marks the live confirmations of the condition whose link differs, with the new link', () => {
    const a = record('a', 'https://x/1');
    const b = record('b', 'https://x/2', { slot: 2 });
    const none = record('c', undefined, { slot: 3 });
    const other = { ...record('d', 'https://x/1'), conditionId: 'c2' };
    const staled = confirmationsStaledByEvidence([a, b, none, other], 'c1', 'https://x/2', AT);
    expect(staled.map((r) => r.attestedBy)).toEqual(['a', 'c']);
    expect(staled[0]!.stale).toEqual({ at: AT, reason: 'evidence-changed', evidenceUrl: 'https://x/2' });
    // The records given are not changed.
    expect(a.stale).toBeUndefined();
  });

  it('the same link again, or confirmations stale already, change nothing', () => {
    const stale = record('a', 'https://x/1', { stale: { at: AT, reason: 'reopened', itemId: 'i' } });
    expect(confirmationsStaledByEvidence([record('b', 'https://x/2'), stale], 'c1', 'https://x/2', AT)).toEqual([]);
  });
});

describe('currentEvidenceUrl', () => {
  it('is the newest live link or the link a change recorded', () => {
    const changed = record('a', 'https://x/1', { stale: { at: AT, reason: 'evidence-changed', evidenceUrl: 'https://x/2' } });
    expect(currentEvidenceUrl([changed], 'c1')).toBe('https://x/2');
    const later = record('b', 'https://x/3', { attestedAt: '2026-05-03T10:00:00.000Z', slot: 2 });
    expect(currentEvidenceUrl([changed, later], 'c1')).toBe('https://x/3');
    const reopened = record('a', 'https://x/1', { stale: { at: AT, reason: 'reopened' } });
    expect(currentEvidenceUrl([reopened], 'c1')).toBeUndefined();
    expect(currentEvidenceUrl([record('a', 'https://x/1')], 'c2')).toBeUndefined();
  });
});

describe('mayChangeEvidence', () => {
  it('whoever may confirm, or a project admin; never before the phase is on', () => {
    const no = { allowed: false, reason: 'role' };
    expect(mayChangeEvidence({ allowed: true }, false, null).allowed).toBe(true);
    expect(mayChangeEvidence(no, true, null).allowed).toBe(true);
    expect(mayChangeEvidence(no, false, null)).toEqual(no);
    expect(mayChangeEvidence({ allowed: true }, true, { allowed: false, reason: 'off' })).toEqual({ allowed: false, reason: 'off' });
  });
});

describe('a stand-in decides waivers for the absent decider', () => {
  const roster: Roster = { 'project-manager': 'pm', 'steering-group': 'sg', 'service-owner': 'so' };
  const waiver = (requestedBy: string): WaiverRecord => ({ itemId: 'i', reason: 'syy', requestedBy, requestedAt: AT, status: 'requested' });

  it('decides as themselves when they hold a deciding role, else for the absent decider they stand in for', () => {
    expect(waiverDecidingAs('pm', ['sg'], roster)).toEqual({});
    expect(waiverDecidingAs('so', ['sg'], roster)).toEqual({ onBehalfOf: 'sg' });
    expect(waiverDecidingAs('so', [], roster)).toBeNull();
    // Standing in for someone who decides nothing gives no say.
    expect(waiverDecidingAs('x', ['so'], roster)).toBeNull();
  });

  it('neither the stand-in’s own request nor the absent person’s', () => {
    expect(waiverDecisionBlock(waiver('it'), 'so', 'sg')).toBeNull();
    expect(waiverDecisionBlock(waiver('so'), 'so', 'sg')).toBe('own-request');
    expect(waiverDecisionBlock(waiver('sg'), 'so', 'sg')).toBe('absent-request');
    expect(waiverDecisionBlock(waiver('sg'), 'pm')).toBeNull();
    expect(mayDecideWaiver({ allowed: true }, waiver('sg'), 'so', 'en', 'sg')).toEqual({
      allowed: false,
      reason: 'As a stand-in you cannot decide a waiver request made by the person you stand in for.',
    });
    expect(mayDecideWaiver({ allowed: true }, waiver('it'), 'so', 'fi', 'sg')).toEqual({ allowed: true });
  });
});
