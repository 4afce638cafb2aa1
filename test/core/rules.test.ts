/** The gate's and the permissions' shared rules (src/core/rules.ts), by example. */
import {
  approvalsVoidedBy,
  callerRoles,
  confirmingRole,
  rosterChangeBlock,
  isApprovalVoid,
  mayConfirmAs,
  waiverDecisionBlock,
  waiverDeciders,
  waiverMayBeRequested,
} from '../../src/core/rules';
import type { Roster } from '../../src/core/model';

const roster: Roster = { 'project-manager': 'pm', 'steering-group': 'sg', architect: 'pm', 'service-owner': 'so' };
const at = (conditionId: string, riskLevel?: string) => ({
  conditionId,
  ...(riskLevel ? { approval: { riskLevel, securityLevel: 'basic', dataProtectionLevel: 'personal-data' } } : {}),
});

describe('a void approval does not count', () => {
  it('an approval is void at any level but the one it accepted, and when the epic has none; no approval is never void', () => {
    expect(isApprovalVoid({ riskLevel: 'medium' }, 'medium')).toBe(false);
    expect(isApprovalVoid({ riskLevel: 'medium' }, 'high')).toBe(true);
    expect(isApprovalVoid({ riskLevel: 'medium' }, null)).toBe(true);
    expect(isApprovalVoid(undefined, 'high')).toBe(false);
    expect(isApprovalVoid(null, null)).toBe(false);
  });

  it('a risk change voids the approvals that held before it, not those void already, nor confirmations without one', () => {
    const attestations = [at('a', 'medium'), at('b', 'low'), at('c')];
    expect(approvalsVoidedBy(attestations, 'medium', 'high')).toEqual(['a']);
    expect(approvalsVoidedBy(attestations, 'high', 'low')).toEqual([]);
    expect(approvalsVoidedBy(attestations, 'low', 'medium')).toEqual(['b']);
    expect(approvalsVoidedBy(attestations, 'medium', 'medium')).toEqual([]);
    expect(approvalsVoidedBy(attestations, null, 'medium')).toEqual([]);
  });
});

describe('who may confirm a condition', () => {
  const condition = { kind: 'attestation' as const, attestRoles: ['architect', 'service-owner'] as const };
  it('a role of the condition may; another role, or any role for an automatic condition, may not', () => {
    expect(mayConfirmAs(condition, 'architect')).toBe(true);
    expect(mayConfirmAs(condition, 'steering-group')).toBe(false);
    expect(mayConfirmAs({ kind: 'automatic' }, 'architect')).toBe(false);
  });
  it('a person confirms as the first of their roles that may; without one, as none', () => {
    expect(callerRoles('pm', roster)).toEqual(['project-manager', 'architect']);
    expect(confirmingRole(condition, 'pm', roster)).toBe('architect');
    expect(confirmingRole(condition, 'so', roster)).toBe('service-owner');
    expect(confirmingRole(condition, 'sg', roster)).toBeUndefined();
    expect(confirmingRole(condition, 'nobody', roster)).toBeUndefined();
  });
});

describe('roster changes the editor may make', () => {
  it('nobody names themselves, and only the steering group’s person replaces it; a project admin may both', () => {
    expect(rosterChangeBlock({ by: 'pm', role: 'architect', before: 'x', after: 'y', admin: false })).toBeNull();
    expect(rosterChangeBlock({ by: 'pm', role: 'architect', before: 'x', after: 'pm', admin: false })).toBe('self');
    expect(rosterChangeBlock({ by: 'pm', role: 'steering-group', before: 'sg', after: 'y', admin: false })).toBe('steering');
    expect(rosterChangeBlock({ by: 'sg', role: 'steering-group', before: 'sg', after: 'y', admin: false })).toBeNull();
    expect(rosterChangeBlock({ by: 'pm', role: 'steering-group', before: null, after: 'y', admin: false })).toBeNull();
    expect(rosterChangeBlock({ by: 'pm', role: 'steering-group', before: 'sg', after: 'pm', admin: true })).toBeNull();
  });
});

describe('waivers', () => {
  const requested = { status: 'requested' as const, requestedBy: 'pm' };
  it('only a waiting request is decided, and never by the person who asked', () => {
    expect(waiverDecisionBlock(requested, 'sg')).toBeNull();
    expect(waiverDecisionBlock(requested, 'pm')).toBe('own-request');
    expect(waiverDecisionBlock({ ...requested, status: 'approved' }, 'sg')).toBe('not-requested');
    expect(waiverDecisionBlock(undefined, 'sg')).toBe('not-requested');
    expect(waiverDeciders(roster, 'pm')).toEqual(['sg']);
    expect(waiverDeciders(roster, 'so')).toEqual(['pm', 'sg']);
  });
  it('may be asked for with none, after a rejection, or once an approval lapsed; not while one waits or counts', () => {
    expect(waiverMayBeRequested(null, '2026-06-01')).toBe(true);
    expect(waiverMayBeRequested({ status: 'rejected' }, '2026-06-01')).toBe(true);
    expect(waiverMayBeRequested({ status: 'requested' }, '2026-06-01')).toBe(false);
    expect(waiverMayBeRequested({ status: 'requested', expiresOn: '2026-01-01' }, '2026-06-01')).toBe(false);
    expect(waiverMayBeRequested({ status: 'approved' }, '2026-06-01')).toBe(false);
    expect(waiverMayBeRequested({ status: 'approved', expiresOn: '2026-06-01' }, '2026-06-01')).toBe(false);
    expect(waiverMayBeRequested({ status: 'approved', expiresOn: '2026-06-01' }, '2026-06-02')).toBe(true);
  });
});
