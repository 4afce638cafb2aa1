/** Issue #24 in the pure core: which of a role's people gets its items (core/rules.ts rosterAfterPick), and who picks
 * (core/permissions.ts mayPickRoleAssignee, the panel's `pickRoleAssignee` permission). */
import { mayPickRoleAssignee, panelPermissions, type CallerFacts } from '../../src/core/permissions';
import { rosterAfterPick } from '../../src/core/rules';
import { CURRENT_TEMPLATE } from '../../src/core/template';

describe('rosterAfterPick', () => {
  it('the picked person becomes first, the former first the first further person, the others keep their order', () => {
    expect(rosterAfterPick({ first: 'a', members: ['b', 'c', 'd'] }, 'c')).toEqual({ first: 'c', members: ['a', 'b', 'd'] });
    expect(rosterAfterPick({ first: 'a', members: ['b'] }, 'b')).toEqual({ first: 'b', members: ['a'] });
  });
  it('picking the first changes nothing; someone not holding the role (or a role of nobody) is no pick', () => {
    expect(rosterAfterPick({ first: 'a', members: ['b'] }, 'a')).toEqual({ first: 'a', members: ['b'] });
    expect(rosterAfterPick({ first: 'a', members: ['b'] }, 'x')).toBeNull();
    expect(rosterAfterPick({ first: null, members: [] }, 'a')).toBeNull();
  });
});

describe('mayPickRoleAssignee', () => {
  const facts = (over: Partial<CallerFacts> = {}): CallerFacts => ({
    accountId: 'me',
    roster: { 'project-manager': 'pm', architect: 'me' },
    members: { 'project-manager': ['pm2'] },
    phaseStarted: true,
    enabled: true,
    spawnComplete: true,
    jira: { createIssues: true, editIssues: true, administerProject: false },
    ...over,
  });
  it('the project manager (first or further) and a project admin pick; anyone else is refused, naming who may', () => {
    expect(mayPickRoleAssignee(CURRENT_TEMPLATE, facts({ accountId: 'pm' }), 'fi').allowed).toBe(true);
    expect(mayPickRoleAssignee(CURRENT_TEMPLATE, facts({ accountId: 'pm2' }), 'fi').allowed).toBe(true);
    const admin = facts({ jira: { createIssues: false, editIssues: false, administerProject: true } });
    expect(mayPickRoleAssignee(CURRENT_TEMPLATE, admin, 'fi').allowed).toBe(true);
    const other = mayPickRoleAssignee(CURRENT_TEMPLATE, facts(), 'fi');
    expect(other.allowed).toBe(false);
    expect(other.reason).toContain('Hankepäällikkö');
    expect(other.reason).toContain('projektin ylläpitäjä');
  });
  it('only on a started deployment; the panel shows the same answer', () => {
    expect(mayPickRoleAssignee(CURRENT_TEMPLATE, facts({ accountId: 'pm', phaseStarted: false }), 'en').allowed).toBe(false);
    expect(mayPickRoleAssignee(CURRENT_TEMPLATE, facts({ accountId: 'pm', enabled: false }), 'en').allowed).toBe(false);
    for (const accountId of ['pm', 'me'])
      expect(panelPermissions(CURRENT_TEMPLATE, facts({ accountId }), 'en').pickRoleAssignee).toEqual(
        mayPickRoleAssignee(CURRENT_TEMPLATE, facts({ accountId }), 'en'),
      );
  });
});
