/** The panel's pure helpers (static/panel/src/work.ts, model.ts): what waits for whom, blockers, filters, remembered choices, CSV. */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';

// model.ts reaches @forge/bridge through the UI's i18n module; these pure helpers never call it.
jest.mock('@forge/bridge', () => ({}));
import type { PanelView } from '../../src/shared/api';
import {
  blockers,
  doneWithGateUnmet,
  filterItems,
  parsePrefs,
  DEFAULT_PREFS,
  riskChangeVoids,
  rosterChangeEffect,
  withItemDone,
  yourTurn,
} from '../../static/panel/src/work';
import { csvSeparator, isoDate, toCsv, type ChecklistRow } from '../../static/panel/src/model';
import { createEpic, ok, panel, startApp, type UserKey } from '../app/helpers';

describe('the panel for daily work, on a real view (getPanel of a new epic)', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  const views = new Map<UserKey, PanelView>();
  const viewOf = async (who: UserKey): Promise<PanelView> => views.get(who) ?? ok(await panel(sb, who, epic, 'getPanel', {}));
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Päivittäinen työ');
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await sb.close();
  });

  it("your turn: the project manager's confirmable conditions (entry gate first) and their own open items; the outsider-like viewer none", async () => {
    const pm = await viewOf('hankepaallikko');
    const turn = yourTurn(pm);
    // The epic is still To Do: only the entry gate applies now (issue 23), not the exit gate's conditions too.
    expect(pm.epic.statusCategory).toBe('new');
    expect(turn.conditions.length).toBeGreaterThan(0);
    expect(turn.conditions.every((c) => c.gate === 'entry')).toBe(true);
    expect(turn.conditions.every((c) => pm.permissions.attest[c.conditionId]?.allowed)).toBe(true);
    // Once started (In Progress, the entry gate waived), only the exit gate's.
    const started: PanelView = {
      ...pm,
      epic: { ...pm.epic, statusCategory: 'indeterminate' },
      entryGateWaiver: { waivedBy: 'sandbox-ohjausryhma', waivedAt: '2026-01-01T00:00:00Z', asRole: 'steering-group', reason: 'x' },
    };
    const later = yourTurn(started).conditions;
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((c) => c.gate === 'exit')).toBe(true);
    // Started without the entry gate (moved without the validator): Done needs both, entry first.
    const both = yourTurn({ ...pm, epic: { ...pm.epic, statusCategory: 'indeterminate' } }).conditions.map((c) => c.gate);
    expect(both).toEqual([...both].sort());
    expect(new Set(both)).toEqual(new Set(['entry', 'exit']));
    expect(turn.items.every((i) => i.child?.assigneeAccountId === 'sandbox-hankepaallikko')).toBe(true);
    expect(turn.items.length).toBeGreaterThan(0);
    const admin = await viewOf('admin');
    expect(yourTurn(admin)).toEqual({ conditions: [], waivers: [], items: [] });
  });

  it('blockers: each unmet exit condition with the roles and people who act; open items with the roles that own them', async () => {
    const pm = await viewOf('hankepaallikko');
    const list = blockers(pm);
    expect(list.map((b) => b.conditionId)).toEqual(pm.gates.exit.unmet);
    for (const b of list) expect(b.owners.length).toBeGreaterThan(0);
    const items = list.find((b) => b.target === 'items');
    expect(items?.openItems).toBe(38);
    expect(items?.owners.map((o) => o.role).sort()).toEqual(
      Object.keys(pm.readiness.byRole)
        .filter((r) => (pm.readiness.byRole as Record<string, { total: number }>)[r]!.total > 0)
        .sort(),
    );
    expect(items?.owners.every((o) => o.accountId)).toBe(true);
  });

  it('filters: mine, open only, role and section combine', async () => {
    const pm = await viewOf('toteutustiimi');
    const mine = filterItems(pm, pm.readiness.items, { ...DEFAULT_PREFS.filters, mine: true });
    expect(mine.length).toBe(7);
    expect(filterItems(pm, pm.readiness.items, { ...DEFAULT_PREFS.filters, role: 'steering-group' })).toHaveLength(1);
    const section = pm.readiness.items[0]!.sectionId;
    expect(
      filterItems(pm, pm.readiness.items, { mine: false, openOnly: true, role: '', section }).every((i) => i.sectionId === section),
    ).toBe(true);
  });

  it('completing counts at once; a role cleared names its items; a risk change names the approvals it voids', async () => {
    const team = await viewOf('toteutustiimi');
    const item = yourTurn(team).items[0]!;
    const after = withItemDone(team, item.itemId, 'Done');
    expect(after.readiness.overall.done).toBe(team.readiness.overall.done + 1);
    expect(after.readiness.byRole['implementation-team'].done).toBe(team.readiness.byRole['implementation-team'].done + 1);
    expect(yourTurn(after).items.map((i) => i.itemId)).not.toContain(item.itemId);
    expect(rosterChangeEffect(team, 'architect').itemsReassigned).toBe(7);
    expect(riskChangeVoids(team, 'high')).toEqual([]);
    expect(doneWithGateUnmet(team)).toBe(false);
    expect(doneWithGateUnmet({ ...team, epic: { ...team.epic, statusCategory: 'done' } })).toBe(true);
  });
});

describe('remembered view choices', () => {
  it('reads what it wrote, and anything malformed as the defaults, field by field', () => {
    const prefs = {
      filters: { mine: true, openOnly: true, role: 'architect' as const, section: 'section.tietoturva' },
      open: { ...DEFAULT_PREFS.open, items: true },
    };
    expect(parsePrefs(JSON.stringify(prefs))).toEqual(prefs);
    expect(parsePrefs('{not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(parsePrefs(JSON.stringify({ filters: { mine: 'yes', role: 'king' }, open: { items: 1, audit: true } }))).toEqual({
      filters: DEFAULT_PREFS.filters,
      open: { ...DEFAULT_PREFS.open, audit: true },
    });
  });
});

describe('the closure checklist as CSV', () => {
  const row: ChecklistRow = {
    type: 'Tehtävä',
    group: 'Ohjaus',
    id: 'duty.x',
    key: 'DEMO-7',
    text: 'Laatii; "raportin"',
    state: 'Valmis',
    jiraStatus: 'Done',
    who: 'Hanna',
    when: '1.12.2026 klo 2.48',
    completedOn: '2026-12-01',
    evidence: '',
    waiverReason: '=SUM(A1)',
    detail: '',
  };
  const t = (key: string) => key.split('.').pop() ?? key;
  it('uses semicolons for Finnish and Swedish, commas for English, ISO dates, and quotes what needs it', () => {
    expect(csvSeparator('fi')).toBe(';');
    expect(csvSeparator('sv')).toBe(';');
    expect(csvSeparator('en')).toBe(',');
    const fi = toCsv([row], t, 'fi')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(fi[0]).toBe('type;group;id;key;text;state;jiraStatus;who;completedOn;evidence;waiverReason;detail');
    expect(fi[1]).toBe(`Tehtävä;Ohjaus;duty.x;DEMO-7;"Laatii; ""raportin""";Valmis;Done;Hanna;2026-12-01;;'=SUM(A1);`);
    expect(toCsv([row], t, 'en').split('\r\n')[1]).toBe(
      `Tehtävä,Ohjaus,duty.x,DEMO-7,"Laatii; ""raportin""",Valmis,Done,Hanna,2026-12-01,,'=SUM(A1),`,
    );
    expect(isoDate('2026-12-01T23:30:00.000+0200')).toBe('2026-12-01');
    expect(isoDate('not a date')).toBe('');
  });
});
