/**
 * Duplicates that exist anyway (issue 19, "Exactly once"), strict mode through the sandbox: a person
 * clones children of a deployment epic (an issue under the epic carrying the same item marker, as an
 * older version of the app would have made). The panel reports them, the settings page lists the
 * epic, the project manager's cleanup deletes the untouched copy and keeps the original, leaves the
 * copy someone worked on for a person, and writes one audit entry; an outsider and a team member are
 * refused; a second cleanup changes nothing; nothing recreates the deleted copy; the audit trail
 * still replays into the stored state.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { settingsContext } from '../../dev/sandbox/demo';
import {
  ACCOUNT_IDS,
  DEMO_PROJECT,
  ISSUE_TYPE_IDS,
  ROLE_IDS as SEED_ROLE_IDS,
  TRANSITION_IDS,
} from '@kayttoonotto/forge-sandbox/jira/seed';
import { replayAudit, replayDifferences } from '../../src/core/audit-replay';
import type { Result } from '../../src/shared/api';
import type { ProjectDuplicatesView } from '../../src/shared/duplicates';
import { children, createEpic, jira, ok, panel, settleSearch, startApp, storedState, wholeAudit } from './helpers';

/** A copy of a child made by a person: an issue under the epic with the same item marker. */
async function cloneChild(sb: Sandbox, epicKey: string, childKey: string): Promise<{ id: string; key: string }> {
  const prop = await jira(sb, 'admin', 'GET', `/rest/api/3/issue/${childKey}/properties/kayttoonotto-item`);
  expect(prop.status).toBe(200);
  const r = await jira(sb, 'toteutustiimi', 'POST', '/rest/api/3/issue', {
    fields: {
      project: { key: DEMO_PROJECT.key },
      parent: { key: epicKey },
      issuetype: { id: ISSUE_TYPE_IDS.task },
      summary: `Kopio: ${childKey}`,
    },
    properties: [{ key: 'kayttoonotto-item', value: (prop.body as { value: unknown }).value }],
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; key: string };
}

describe('duplicate children: found, shown and cleaned up', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('a cloned child is reported, cleaned up by the project manager once, and never recreated', async () => {
    const epic = await createEpic(sb, 'Kloonatut tehtävät');
    await sb.harness.triggers.drain();
    const [first, second] = await children(sb, epic.key);
    const untouched = await cloneChild(sb, epic.key, first!.key);
    const workedOn = await cloneChild(sb, epic.key, second!.key);
    const moved = await jira(sb, 'toteutustiimi', 'POST', `/rest/api/3/issue/${workedOn.key}/transitions`, {
      transition: { id: TRANSITION_IDS.inProgress },
    });
    expect(moved.status).toBe(204);
    await sb.harness.triggers.drain();
    await settleSearch(sb);

    // The panel's first read says there are issues the app does not track (its section is offered).
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).unmappedChildren).toBe(2);
    // The panel reports both items; the untouched copy may go, the one worked on needs a person.
    const seen = ok(await panel(sb, 'hankepaallikko', epic, 'getDuplicates', {}));
    expect(seen.cleanup.allowed).toBe(true);
    const byItem = new Map(seen.items.map((d) => [d.itemId, d]));
    expect(byItem.get(first!.itemId!)).toMatchObject({
      keep: { key: first!.key },
      keepInMap: true,
      remove: [{ key: untouched.key }],
      needsPerson: [],
    });
    expect(byItem.get(second!.itemId!)).toMatchObject({ keep: { key: second!.key }, remove: [], needsPerson: [{ key: workedOn.key }] });

    // The settings page lists the epic.
    const listed = (await sb.harness.invokeResolver(
      'settings-resolver',
      'getProjectDuplicates',
      {},
      settingsContext(ACCOUNT_IDS.admin),
    )) as Result<ProjectDuplicatesView>;
    const project = ok(listed);
    expect(project.epics).toEqual([expect.objectContaining({ key: epic.key, items: 2, surplus: 2 })]);
    expect(project.more).toBe(false);
    // Bounded: with a lower bound than the project's children, it says that there are more (oldest first: the epic's own are seen).
    const { duplicateTuning } = await import('../../src/services/items/duplicates');
    const saved = { ...duplicateTuning };
    try {
      duplicateTuning.projectScanLimit = 39;
      const bounded = ok(
        (await sb.harness.invokeResolver(
          'settings-resolver',
          'getProjectDuplicates',
          {},
          settingsContext(ACCOUNT_IDS.admin),
        )) as Result<ProjectDuplicatesView>,
      );
      expect(bounded).toMatchObject({ scanned: 39, limit: 39, more: true });
    } finally {
      Object.assign(duplicateTuning, saved);
    }

    // A team member and an outsider are refused, and nothing is deleted.
    const deleteKeys = seen.items.flatMap((d) => d.remove.map((c) => c.key));
    const member = ok(await panel(sb, 'toteutustiimi', epic, 'getDuplicates', {}));
    expect(member.cleanup.allowed).toBe(false);
    const byMember = await panel(sb, 'toteutustiimi', epic, 'cleanUpDuplicates', { deleteKeys });
    expect(byMember.ok ? null : byMember.error.code).toBe('FORBIDDEN');
    const byOutsider = await panel(sb, 'outsider', epic, 'cleanUpDuplicates', { deleteKeys });
    expect(byOutsider.ok ? null : byOutsider.error.code).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
    expect((await children(sb, epic.key)).map((c) => c.key)).toContain(untouched.key);

    // The project manager's cleanup.
    const report = ok(await panel(sb, 'hankepaallikko', epic, 'cleanUpDuplicates', { deleteKeys }));
    expect(report.deleted).toEqual([untouched.key]);
    expect(report.refused).toEqual([]);
    expect(report.needsPerson).toEqual([workedOn.key]);
    expect(report.kept[first!.itemId!]).toBe(first!.key);
    const after = (await children(sb, epic.key)).map((c) => c.key);
    expect(after).not.toContain(untouched.key);
    expect(after).toEqual(expect.arrayContaining([first!.key, second!.key, workedOn.key]));
    expect(after).toHaveLength(38 + 1);

    const entries = (await wholeAudit(sb, epic)).filter((e) => e.action === 'children.deduplicated');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ by: ACCOUNT_IDS.hankepaallikko, after: { deleted: [untouched.key], needsPerson: [workedOn.key] } });

    // Again: nothing more is deleted and no second entry is written.
    const again = ok(await panel(sb, 'hankepaallikko', epic, 'cleanUpDuplicates', { deleteKeys }));
    expect(again.deleted).toEqual([]);
    expect(again.alreadyGone).toEqual([]);
    expect((await wholeAudit(sb, epic)).filter((e) => e.action === 'children.deduplicated')).toHaveLength(1);

    // Neither the trigger (the deletion's event) nor a re-sync recreates what was deleted.
    await sb.harness.triggers.drain();
    ok(await panel(sb, 'hankepaallikko', epic, 'resync', {}));
    await sb.harness.triggers.drain();
    const rows = await children(sb, epic.key);
    expect(rows).toHaveLength(38 + 1);
    expect(rows.filter((r) => r.itemId === first!.itemId).map((r) => r.key)).toEqual([first!.key]);

    // The panel now shows only the copy that needs a person; the audit trail replays into the stored state.
    const remaining = ok(await panel(sb, 'hankepaallikko', epic, 'getDuplicates', {}));
    expect(remaining.items.map((d) => d.itemId)).toEqual([second!.itemId]);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.unmappedChildren).toBe(1);
    expect(replayDifferences(replayAudit(await wholeAudit(sb, epic)), storedState(view))).toEqual([]);
  }, 90_000);
  it('a deletion Jira refuses is reported, not fatal; a cleanup cut off before its entry is finished by the next one', async () => {
    const epic = await createEpic(sb, 'Kielletty poisto');
    await sb.harness.triggers.drain();
    const [first, second] = await children(sb, epic.key);
    const copyA = await cloneChild(sb, epic.key, first!.key);
    const copyB = await cloneChild(sb, epic.key, second!.key);
    await sb.harness.triggers.drain();
    await settleSearch(sb);
    const deleteKeys = ok(await panel(sb, 'hankepaallikko', epic, 'getDuplicates', {})).items.flatMap((d) => d.remove.map((c) => c.key));
    expect(deleteKeys.sort()).toEqual([copyA.key, copyB.key].sort());
    const dedupEntries = async () => (await wholeAudit(sb, epic)).filter((e) => e.action === 'children.deduplicated');

    // Jira refuses: the project manager may not delete issues. Reported, and recorded.
    const revoke = sb.emulator.db.prepare("DELETE FROM jira_permission_grants WHERE role_id = ? AND permission = 'DELETE_ISSUES'");
    revoke.run(SEED_ROLE_IDS.members);
    const refused = ok(await panel(sb, 'hankepaallikko', epic, 'cleanUpDuplicates', { deleteKeys }));
    expect(refused.deleted).toEqual([]);
    expect(refused.refused.map((r) => r.split(':')[0]).sort()).toEqual([copyA.key, copyB.key].sort());
    expect((await dedupEntries()).map((e) => (e.after as { refused: string[] }).refused.length)).toEqual([2]);
    sb.emulator.db
      .prepare("INSERT INTO jira_permission_grants (project_id, role_id, permission) VALUES (?, ?, 'DELETE_ISSUES')")
      .run(DEMO_PROJECT.id, SEED_ROLE_IDS.members);

    // Jira stops answering for one of the copies: the cleanup stops with its intent recorded, no entry yet.
    sb.emulator.faults.injectFaults([
      { match: { method: 'DELETE', pathPrefix: `/rest/api/3/issue/${copyA.key}` }, kind: 'status', status: 503, times: 50 },
    ]);
    const cut = await panel(sb, 'hankepaallikko', epic, 'cleanUpDuplicates', { deleteKeys });
    expect(cut.ok ? null : cut.error.code).toBe('JIRA_UNAVAILABLE');
    expect(await dedupEntries()).toHaveLength(1);
    sb.emulator.faults.clear();

    // The next cleanup finishes it: both copies gone, one entry for it, nothing more the time after.
    const finished = ok(await panel(sb, 'hankepaallikko', epic, 'cleanUpDuplicates', { deleteKeys }));
    expect([...finished.deleted, ...finished.alreadyGone].sort()).toEqual([copyA.key, copyB.key].sort());
    const keys = (await children(sb, epic.key)).map((c) => c.key);
    expect(keys).not.toContain(copyA.key);
    expect(keys).not.toContain(copyB.key);
    expect(keys).toHaveLength(38);
    const entries = await dedupEntries();
    expect(entries).toHaveLength(2);
    expect(entries.some((e) => (e.after as { deleted: string[] }).deleted.includes(copyA.key))).toBe(true);
    const again = ok(await panel(sb, 'hankepaallikko', epic, 'cleanUpDuplicates', { deleteKeys }));
    expect([...again.deleted, ...again.alreadyGone, ...again.refused]).toEqual([]);
    expect(await dedupEntries()).toHaveLength(2);
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getDuplicates', {})).items).toEqual([]);
  }, 90_000);
});
