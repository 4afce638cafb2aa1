/**
 * Who may do what on a deployment epic (src/core/permissions.ts), by example: each action of the panel for
 * each kind of caller, and the reason a refusal gives. Written to kill the mutants StrykerJS makes of
 * permissions.ts (`npm run -s mutation`).
 */
import { mayCleanDuplicates, mayDecideWaiver, panelPermissions, type CallerFacts } from '../../src/core/permissions';
import { l10n, l10nIn } from '../../src/core/messages';
import type { WaiverRecord } from '../../src/shared/api';
import { ATTESTABLE, ROSTER, T } from './gate-fixtures';

const facts: CallerFacts = {
  accountId: 'pm',
  roster: ROSTER,
  phaseStarted: true,
  enabled: true,
  spawnComplete: true,
  jira: { createIssues: true, editIssues: true, administerProject: false },
};
const yes = { allowed: true };
const no = (reason: string) => ({ allowed: false, reason });
const names = (roles: readonly string[], l: 'fi' | 'sv' | 'en') => roles.map((r) => T.roles.find((x) => x.id === r)!.name[l]).join(', ');
const needRole = (roles: readonly string[], l: 'fi' | 'sv' | 'en') => l10nIn(l, 'server.permissions.needRole', { roles: names(roles, l) });
const DECIDERS = ['project-manager', 'steering-group'];

describe('starting and re-syncing the phase', () => {
  it('start: in an enabled project, by someone who may create issues, until the phase has started and its items exist', () => {
    const notStarted = { ...facts, phaseStarted: false, spawnComplete: false };
    expect(panelPermissions(T, notStarted, 'en').startPhase).toEqual(yes);
    expect(panelPermissions(T, { ...facts, spawnComplete: false }, 'en').startPhase).toEqual(yes);
    expect(panelPermissions(T, { ...facts, phaseStarted: false }, 'en').startPhase).toEqual(yes);
    expect(panelPermissions(T, facts, 'en').startPhase).toEqual(no(l10n('server.permissions.alreadyStarted').en));
    expect(panelPermissions(T, { ...notStarted, enabled: false }, 'sv').startPhase).toEqual(no(l10n('server.gate.notEnabled').sv));
    const noCreate = { ...notStarted, jira: { ...facts.jira, createIssues: false } };
    expect(panelPermissions(T, noCreate, 'fi').startPhase).toEqual(no(l10n('server.permissions.noCreate').fi));
  });

  it('re-sync: once the phase has started, by someone who may create issues', () => {
    expect(panelPermissions(T, facts, 'en').resync).toEqual(yes);
    expect(panelPermissions(T, { ...facts, enabled: false }, 'en').resync).toEqual(no(l10n('server.gate.notEnabled').en));
    expect(panelPermissions(T, { ...facts, phaseStarted: false }, 'en').resync).toEqual(no(l10n('server.gate.notStarted').en));
    const noCreate = { ...facts, jira: { ...facts.jira, createIssues: false } };
    expect(panelPermissions(T, noCreate, 'en').resync).toEqual(no(l10n('server.permissions.noCreate').en));
  });
});

describe('the roster, the risk level and waivers', () => {
  it('the roster: the project manager, the steering group or a project admin; nobody before the phase starts', () => {
    for (const accountId of ['pm', 'sg']) expect(panelPermissions(T, { ...facts, accountId }, 'en').editRoster).toEqual(yes);
    expect(panelPermissions(T, { ...facts, accountId: 'ar' }, 'en').editRoster).toEqual(no(needRole(DECIDERS, 'en')));
    const admin = { ...facts, accountId: 'ar', jira: { ...facts.jira, administerProject: true } };
    expect(panelPermissions(T, admin, 'en').editRoster).toEqual(yes);
    expect(panelPermissions(T, { ...admin, phaseStarted: false }, 'en').editRoster).toEqual(no(l10n('server.gate.notStarted').en));
    expect(panelPermissions(T, { ...facts, enabled: false }, 'fi').editRoster).toEqual(no(l10n('server.gate.notEnabled').fi));
  });

  it('the risk level and waiver decisions: the project manager or the steering group only, a project admin not', () => {
    for (const accountId of ['pm', 'sg']) {
      const p = panelPermissions(T, { ...facts, accountId }, 'en');
      expect([p.setRiskLevel, p.decideWaiver]).toEqual([yes, yes]);
    }
    for (const accountId of ['ar', 'so', 'nobody']) {
      const p = panelPermissions(T, { ...facts, accountId, jira: { ...facts.jira, administerProject: true } }, 'sv');
      expect(p.setRiskLevel).toEqual(no(needRole(DECIDERS, 'sv')));
      expect(p.decideWaiver).toEqual(no(needRole(DECIDERS, 'sv')));
    }
    expect(panelPermissions(T, { ...facts, phaseStarted: false }, 'en').decideWaiver).toEqual(no(l10n('server.gate.notStarted').en));
  });

  it('asking for a waiver: anyone with a role on the epic, nobody else', () => {
    expect(panelPermissions(T, { ...facts, accountId: 'it' }, 'en').requestWaiver).toEqual(yes);
    expect(panelPermissions(T, { ...facts, accountId: 'nobody' }, 'en').requestWaiver).toEqual(
      no(l10n('server.permissions.needAnyRole').en),
    );
    expect(panelPermissions(T, { ...facts, accountId: 'it', enabled: false }, 'en').requestWaiver).toEqual(
      no(l10n('server.gate.notEnabled').en),
    );
  });

  it('deciding one waiver: only a waiting request, never one’s own, and never without the right to decide at all', () => {
    const waiver: WaiverRecord = { itemId: 'x', reason: 'r', requestedBy: 'pm', requestedAt: 'now', status: 'requested' };
    const refused = no('not a decider');
    expect(mayDecideWaiver(refused, waiver, 'sg', 'en')).toBe(refused);
    expect(mayDecideWaiver(yes, waiver, 'sg', 'en')).toEqual(yes);
    expect(mayDecideWaiver(yes, waiver, 'pm', 'fi')).toEqual(no(l10n('server.permissions.ownRequest').fi));
    expect(mayDecideWaiver(yes, { ...waiver, status: 'approved' }, 'sg', 'en')).toEqual(no(l10n('server.phase.noOpenWaiver').en));
    expect(mayDecideWaiver(yes, undefined, 'sg', 'sv')).toEqual(no(l10n('server.phase.noOpenWaiver').sv));
  });
});

describe('confirming conditions', () => {
  it('each attestation condition, and only those, may be confirmed by the holders of its roles; the refusal names them', () => {
    const p = panelPermissions(T, { ...facts, accountId: 'ar' }, 'en');
    expect(Object.keys(p.attest).sort()).toEqual(ATTESTABLE.map((c) => c.id).sort());
    for (const c of ATTESTABLE) {
      expect(p.attest[c.id]).toEqual(c.attestRoles.includes('architect') ? yes : no(needRole(c.attestRoles, 'en')));
      const holder = panelPermissions(T, { ...facts, accountId: ROSTER[c.attestRoles[0]!]! }, 'en');
      expect(holder.attest[c.id]).toEqual(yes);
    }
    const notStarted = panelPermissions(T, { ...facts, phaseStarted: false }, 'en');
    expect(Object.values(notStarted.attest).every((a) => a.reason === l10n('server.gate.notStarted').en)).toBe(true);
  });
});

describe('cleaning up duplicates', () => {
  it('the project manager or a project admin, once the phase has started', () => {
    expect(mayCleanDuplicates(T, facts, 'en')).toEqual(yes);
    const managerAndArchitect = { ...facts, roster: { ...ROSTER, architect: 'pm' } };
    expect(mayCleanDuplicates(T, managerAndArchitect, 'en')).toEqual(yes);
    const architect = { ...facts, accountId: 'ar' };
    expect(mayCleanDuplicates(T, architect, 'en')).toEqual(
      no(
        l10nIn('en', 'server.permissions.needRole', {
          roles: `${names(['project-manager'], 'en')}, ${l10nIn('en', 'server.duplicates.projectAdmin')}`,
        }),
      ),
    );
    expect(mayCleanDuplicates(T, { ...architect, jira: { ...facts.jira, administerProject: true } }, 'en')).toEqual(yes);
    expect(mayCleanDuplicates(T, { ...facts, phaseStarted: false }, 'en')).toEqual(no(l10n('server.gate.notStarted').en));
    expect(mayCleanDuplicates(T, { ...facts, enabled: false }, 'en')).toEqual(no(l10n('server.gate.notEnabled').en));
  });
});
