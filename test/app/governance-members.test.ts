/**
 * Issue #24: several people per role. The project manager picks which of a role's people gets the
 * role's items (resolver `pickRoleAssignee`): the picked person becomes the role's first, the former
 * first a further person, the role's open children are assigned to the picked person in Jira (closed
 * ones keep theirs), with one audit entry. Only the project manager (or a project admin) picks, only
 * among the role's people; the steering group's rule does not block a pick (nobody leaves the role).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayAudit, replayDifferences } from '../../src/core/audit-replay';
import type { AuditEntry, PanelView, Result } from '../../src/shared/api';
import { createEpic as createCrashEpic, invoke, panelCall, rest, start, stop, storedUnder, waitFor, type Running } from './crash/client';
import {
  ACCOUNT_IDS,
  TRANSITION_IDS,
  children,
  createEpic,
  jira,
  ok,
  panel,
  startApp,
  storedState,
  wholeAudit,
  type Sandbox,
} from './helpers';

const A = ACCOUNT_IDS.arkkitehti;
const B = ACCOUNT_IDS.toteutustiimi;
const C = ACCOUNT_IDS.tuotantotiimi;

const replays = (audit: Parameters<typeof replayAudit>[0], view: PanelView) =>
  replayDifferences(replayAudit(audit), { ...storedState(view), members: view.members ?? {} });

describe('a role of several people: the project manager picks who gets its items', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  async function startedEpic(summary: string): Promise<{ id: string; key: string }> {
    const epic = await createEpic(sb, summary);
    await sb.harness.triggers.drain();
    ok(await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'architect', accountIds: [B, C] }));
    return epic;
  }

  it('the picked person becomes first, the former first a further person; open children move to them, closed ones stay; one audit entry', async () => {
    const epic = await startedEpic('Valinta');
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.permissions.pickRoleAssignee?.allowed).toBe(true);
    const architects = view.readiness.items.filter((i) => i.role === 'architect' && i.child);
    expect(architects.length).toBeGreaterThan(1);
    // One of the role's children closed before the pick: it keeps its assignee.
    const closed = architects[0]!.child!;
    expect(
      (await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${closed.key}/transitions`, { transition: { id: TRANSITION_IDS.done } })).status,
    ).toBe(204);
    const before = await children(sb, epic.key);
    expect(before.find((c) => c.key === closed.key)).toMatchObject({ assignee: A, status: 'done' });
    const auditBefore = (await wholeAudit(sb, epic)).length;

    const picked = ok(await panel(sb, 'hankepaallikko', epic, 'pickRoleAssignee', { role: 'architect', accountId: B }));
    expect(picked).toMatchObject({ role: 'architect', first: B, members: [A, C], failed: [] });
    expect(picked.reassigned).toHaveLength(architects.length - 1);

    const after = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(after.roster.architect).toBe(B);
    expect(after.members?.architect).toEqual([A, C]);
    const rows = await children(sb, epic.key);
    for (const item of architects) {
      const row = rows.find((r) => r.key === item.child!.key)!;
      expect(row.assignee).toBe(item.child!.key === closed.key ? A : B);
    }
    // Other roles' children are untouched.
    const others = view.readiness.items.filter((i) => i.role !== 'architect' && i.child);
    for (const item of others) expect(rows.find((r) => r.key === item.child!.key)!.assignee).toBe(item.child!.assigneeAccountId);

    const audit = await wholeAudit(sb, epic);
    expect(audit).toHaveLength(auditBefore + 1);
    const entries = audit.filter((e) => e.action === 'roster.assigneePicked');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      by: ACCOUNT_IDS.hankepaallikko,
      subject: 'architect',
      before: { first: A, members: [B, C] },
      after: { first: B, members: [A, C], failed: [] },
    });
    expect(replays(audit, after)).toEqual([]);
    // Nothing left half done.
    expect(sb.harness.kvs.dump()[`epic:${epic.id}:pick`]).toBeUndefined();
  });

  it('only the project manager (or a project admin) picks: anyone else is refused in their language', async () => {
    const epic = await startedEpic('Valinta ei sallittu');
    const view = ok(await panel(sb, 'arkkitehti', epic, 'getPanel', {}));
    expect(view.permissions.pickRoleAssignee?.allowed).toBe(false);
    const fi = await panel(sb, 'arkkitehti', epic, 'pickRoleAssignee', { role: 'architect', accountId: B }, 'fi-FI');
    const en = await panel(sb, 'arkkitehti', epic, 'pickRoleAssignee', { role: 'architect', accountId: B }, 'en-US');
    expect(!fi.ok && fi.error.code).toBe('FORBIDDEN');
    expect(!en.ok && en.error.code).toBe('FORBIDDEN');
    expect(!fi.ok && fi.error.message).toContain('Hankepäällikkö, projektin ylläpitäjä');
    expect(!en.ok && en.error.message).toContain('project admin');
    expect(!en.ok && en.error.message).not.toContain('Hankepäällikkö');
    // A project admin may.
    ok(await panel(sb, 'admin', epic, 'pickRoleAssignee', { role: 'architect', accountId: C }));
    const after = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(after.roster.architect).toBe(C);
    expect(after.members?.architect).toEqual([A, B]);
  });

  it('the picked person must already hold the role', async () => {
    const epic = await startedEpic('Valinta roolin ulkopuolelta');
    const r = await panel(sb, 'hankepaallikko', epic, 'pickRoleAssignee', { role: 'architect', accountId: ACCOUNT_IDS.palvelustaVastaava });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(!r.ok && r.error.message).toBe('Henkilö ei ole tässä roolissa. Lisää hänet ensin roolin henkilöksi.');
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.roster.architect).toBe(A);
    expect((await wholeAudit(sb, epic)).filter((e) => e.action === 'roster.assigneePicked')).toEqual([]);
  });

  it("the steering group's rule does not block a pick: nobody leaves the role", async () => {
    const epic = await startedEpic('Ohjausryhmän valinta');
    ok(await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'steering-group', accountIds: [A] }));
    // Removing the steering group's member would be refused for the project manager…
    const removal = await panel(sb, 'hankepaallikko', epic, 'setRoleMembers', { role: 'steering-group', accountIds: [] });
    expect(!removal.ok && removal.error.code).toBe('FORBIDDEN');
    // …but picking among its people is not a removal.
    ok(await panel(sb, 'hankepaallikko', epic, 'pickRoleAssignee', { role: 'steering-group', accountId: A }));
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.roster['steering-group']).toBe(A);
    expect(view.members?.['steering-group']).toEqual([ACCOUNT_IDS.ohjausryhma]);
  });
});

type Epic = { id: string; key: string };

const call = <T>(url: string, as: string, epic: Epic, name: string, payload: Record<string, unknown> = {}) =>
  invoke<T>(url, panelCall(as, epic, name, payload));
const okIn = <T>(r: Result<T> | null): T => ok(r ?? { ok: false, error: { code: 'INTERNAL', message: 'no answer' } });
const storedKeys = async (url: string, prefix: string) => Object.keys(await storedUnder(url, prefix));

describe('a pick killed in the middle of reassigning is finished by the next caller (child process, strict mode)', () => {
  let dataDir: string;
  let running: Running | null = null;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kayttoonotto-pick-crash-'));
  });
  afterAll(async () => {
    if (running) await stop(running, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL after the intent and the first assignments; the next roster change finishes it with its one audit entry', async () => {
    running = await start(dataDir);
    let url = running.url;
    const pm = ACCOUNT_IDS.hankepaallikko;
    const epic = await createCrashEpic(url, 'Kaatuva valinta');
    await waitFor('the 38 children', 120_000, async () =>
      okIn(await call<PanelView>(url, pm, epic, 'getPanel')).phase?.spawn.state === 'complete' ? true : null,
    );
    okIn(await call(url, pm, epic, 'setRoleMembers', { role: 'architect', accountIds: [B, C] }));
    const view = okIn(await call<PanelView>(url, pm, epic, 'getPanel'));
    const open = view.readiness.items.filter((i) => i.role === 'architect' && i.child && i.child.statusCategory !== 'done');
    expect(open.length).toBeGreaterThan(2);

    // Jira answers after 250 ms a request: the pick records its intent, then assigns the children one by one.
    void call(url, pm, epic, 'pickRoleAssignee', { role: 'architect', accountId: B }).catch(() => null);
    await waitFor('the intent', 30_000, async () => ((await storedKeys(url, `epic:${epic.id}:pick`)).length > 0 ? true : null));
    // Killed once the first child is assigned (read from Jira, strongly consistent), with the others still to go.
    const intent = Object.values(await storedUnder(url, `epic:${epic.id}:pick`))[0] as {
      children: { key: string }[];
    };
    expect(intent.children).toHaveLength(open.length);
    await waitFor('the first assignment', 30_000, async () => {
      const r = await rest(url, 'GET', `/rest/api/3/issue/${intent.children[0]!.key}?fields=assignee`);
      return (r.body as { fields?: { assignee?: { accountId?: string } | null } }).fields?.assignee?.accountId === B ? true : null;
    });
    await stop(running, 'SIGKILL');
    running = await start(dataDir);
    url = running.url;

    // Cut off in the middle: the intent is there, some children moved and some not, no audit entry yet.
    expect(await storedKeys(url, `epic:${epic.id}:pick`)).toHaveLength(1);
    await fetch(`${url}/__sandbox/jira/strict`, { method: 'POST', body: JSON.stringify({ settleSearch: true }) });
    const cut = okIn(await call<PanelView>(url, pm, epic, 'getPanel'));
    const movedAtKill = cut.readiness.items.filter((i) => i.role === 'architect' && i.child?.assigneeAccountId === B).length;
    expect(movedAtKill).toBeGreaterThan(0);
    expect(movedAtKill).toBeLessThan(open.length);

    // The next caller changes another role: the unfinished pick is finished first.
    okIn(await call(url, pm, epic, 'setRoleMembers', { role: 'service-owner', accountIds: [C] }));
    expect(await storedKeys(url, `epic:${epic.id}:pick`)).toEqual([]);
    await fetch(`${url}/__sandbox/jira/strict`, { method: 'POST', body: JSON.stringify({ settleSearch: true }) });
    await new Promise((r) => setTimeout(r, 2_500)); // the trail is listed with a KVS query, 1.5 s behind in strict mode
    const after = okIn(await call<PanelView>(url, pm, epic, 'getPanel'));
    expect(after.roster.architect).toBe(B);
    expect(after.members?.architect).toEqual([A, C]);
    for (const item of open) expect(after.readiness.items.find((i) => i.itemId === item.itemId)!.child!.assigneeAccountId).toBe(B);
    const audit: AuditEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = okIn(
        await call<{ entries: AuditEntry[]; nextCursor: string | null }>(url, pm, epic, 'getAudit', cursor ? { cursor } : {}),
      );
      audit.push(...page.entries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const picks = audit.filter((e) => e.action === 'roster.assigneePicked');
    expect(picks).toHaveLength(1);
    expect(picks[0]).toMatchObject({ by: pm, subject: 'architect', after: { first: B, members: [A, C], failed: [] } });
    expect((picks[0]!.after as { reassigned: string[] }).reassigned).toHaveLength(open.length);
    expect(replays(audit, after)).toEqual([]);
    console.info(`[pick crash test] killed with ${movedAtKill} of ${open.length} children moved`);
  }, 300_000);
});
