/**
 * The model-based test's commands that no one clicks (issue 21): the clock passing a waiver's expiry,
 * the personal-data run after an account was closed, and a function killed mid-invocation.
 */
import { privacyTuning } from '../../../src/services/privacy/personal-data-run';
import type { RoleId } from '../../../src/core/template/schema';
import { clockTo } from '../../clock';
import { ACCOUNT_IDS } from '../helpers';
import { always, panelRaw, TEMPLATE_ID, type Cmd } from './calls';
import { armKill } from './kill';
import { saveTemplateCmd } from './panel-commands';
import { CLOSED_ONE, checkAll, checkChildren, count, DAY_MS, getPanel, today, type EpicModel } from './world';

// ---------------------------------------------------------------------------------------------
// Time, the personal-data run, kills
// ---------------------------------------------------------------------------------------------

/** The next day: a waiver approved until today lapses ("accepted": one did, and the panel shows its item open again; "refused": none was due). */
export const lapseCmd: Cmd = {
  ...always,
  toString: () => 'lapse(next day)',
  run: async (m, r) => {
    const day = today();
    const due = (e: EpicModel) =>
      [...e.waivers.entries()].filter(([, w]) => w.status === 'approved' && w.expiresOn === day).map(([id]) => id);
    const predicted = m.epics.some((e) => due(e).length > 0);
    const waived = async () => {
      const out: string[] = [];
      for (const e of m.epics)
        out.push(...(await getPanel(r.sb, e)).readiness.items.filter((i) => i.state === 'waived').map((i) => `${e.key}/${i.itemId}`));
      return out;
    };
    const before = await waived();
    clockTo(Date.now() + DAY_MS);
    const after = new Set(await waived());
    const lapsed = before.filter((x) => !after.has(x));
    count(r, 'lapse', predicted, { ok: lapsed.length > 0 }, `lapse ${day}`);
    expect(lapsed.sort()).toEqual(m.epics.flatMap((e) => due(e).map((id) => `${e.key}/${id}`)).sort());
    await checkAll(m, r, `lapse ${day}`);
  },
};

/**
 * The personal-data run (the hourly scheduled trigger, services/privacy/personal-data-run.ts) after one person's account
 * was closed, now or a week later: it starts when due (a week after the last run) and erases the
 * person from the rosters and the defaults; not due, it does nothing.
 */
export const privacyCmd = (weekLater: boolean): Cmd => ({
  ...always,
  toString: () => `privacy(${weekLater ? 'a week later' : 'now'})`,
  run: async (m, r) => {
    if (weekLater) clockTo(Date.now() + 7 * DAY_MS);
    const closed = ACCOUNT_IDS[CLOSED_ONE];
    r.sb.harness.privacy.setAccounts({ closed: [closed] });
    const now = Date.now();
    const predicted = m.privacyRunAt === null || now - m.privacyRunAt >= privacyTuning.minHoursBetweenRuns * 3_600_000;
    const runKey = () => r.sb.harness.kvs.dump()['privacy:run'] as { startedAt: string; phase: string } | undefined;
    const before = runKey()?.startedAt ?? null;
    await r.sb.harness.scheduled.run('privacy-report');
    await r.sb.harness.triggers.drain();
    const after = runKey();
    count(r, 'privacy', predicted, { ok: after?.startedAt !== before }, `privacy ${weekLater}`);
    if (predicted) {
      expect(after?.phase).toBe('done');
      m.privacyRunAt = now;
      m.closed.add(closed);
      for (const e of m.epics) for (const role of Object.keys(e.roster) as RoleId[]) if (e.roster[role] === closed) delete e.roster[role];
      for (const role of Object.keys(m.defaults) as RoleId[]) if (m.defaults[role] === closed) delete m.defaults[role];
      // Nothing the app stores names the closed account any more.
      expect(JSON.stringify(r.sb.harness.kvs.dump())).not.toContain(closed);
    }
    await checkAll(m, r, `privacy ${weekLater}`);
  },
});

/**
 * The panel's upgrade killed at its k-th platform request (kill.ts), then the next invocation: the
 * watchdog the upgrade armed, once the killed invocation's claim has lapsed. "Accepted": the killed
 * upgrade's effect survived (it was recorded and the next invocation finished it); "refused": it left
 * no effect, and the project manager's retry is accepted. Either way the epic ends upgraded once.
 */
export const killCmd = (n: number, k: number): Cmd => ({
  check: (m) => m.kills < 1,
  toString: () => `kill(#${n}, upgrade at request ${k})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    m.kills++;
    if (e.minor >= m.newestMinor) await saveTemplateCmd('admin', true).run(m, r);
    const target = `1.${m.newestMinor}.0`;
    await r.sb.harness.triggers.drain();
    const kill = armKill('panel-resolver', k);
    const answer = await panelRaw(r.sb, 'hankepaallikko', e, 'upgradeEpic', { toTemplateId: TEMPLATE_ID, toVersion: target }).finally(() =>
      kill.disarm(),
    );
    // An upgrade makes about 45 platform requests (k is drawn below that); one that made fewer than k ended by itself.
    if (!kill.happened) expect(answer.ok).toBe(true);
    // The killed invocation's claim lapses (its deadline, 25 s, and the margin); the watchdog it armed, if any, runs.
    clockTo(Date.now() + 60_000);
    await r.sb.harness.triggers.drain();
    const survived = (await getPanel(r.sb, e)).phase?.templateVersion === target;
    count(r, 'kill', survived, { ok: survived }, `kill ${e.key} at ${k}`);
    if (!survived)
      expect((await panelRaw(r.sb, 'hankepaallikko', e, 'upgradeEpic', { toTemplateId: TEMPLATE_ID, toVersion: target })).ok).toBe(true);
    e.minor = m.newestMinor;
    e.upgrades++;
    await checkAll(m, r, `kill ${e.key} at ${k}`, e);
    await checkChildren(r, e, `kill ${e.key} at ${k}`);
  },
});
