/**
 * A stateful property test of what the panel, the settings page and the project page offer beyond the
 * gate's own actions (issue 21; the gate's actions have test/app/gate-model.property.test.ts): the
 * template import and save, the roster defaults, the panel's upgrade (preview and apply), re-sync
 * after a child was deleted in Jira, completing an item through Jira's transition as the caller,
 * item waivers with an expiry and their lapse when the clock passes it, the steering group's
 * entry-gate waiver and its revocation, the personal-data run after an account was closed, the
 * project page's list and bulk upgrade, and an upgrade killed mid-invocation that the next
 * invocation finishes (or that left nothing, and a retry does it).
 *
 * fast-check drives random sequences of these commands by random users, one fresh sandbox (strict
 * mode) with two deployment epics per run; before each command the model (world.ts) predicts
 * accepted or refused, and after it every epic's version, roster, item states, waivers, entry gate
 * (the validator's verdict) and upgrade audit entries must equal the model's. The test counts how
 * often each command ran, was accepted and was refused, prints the table, and fails when any command
 * never ran, was never accepted or was never refused.
 */
import fc from 'fast-check';
import type { RoleId } from '../../../src/core/template/schema';
import { clockTo } from '../../clock';
import { createEpic, startApp, type Sandbox, type UserKey } from '../helpers';
import type { Cmd } from './calls';
import { bulkUpgradeCmd, portfolioCmd } from './page-commands';
import {
  completeCmd,
  decideWaiverCmd,
  entryWaiverCmd,
  requestWaiverCmd,
  resyncCmd,
  saveDefaultsCmd,
  saveTemplateCmd,
  upgradeCmd,
} from './panel-commands';
import { killCmd, lapseCmd, privacyCmd } from './platform-commands';
import { bulkRoundCmd, entryWaiverRoundCmd, privacyRoundCmd, upgradeRoundCmd, waiverLapseRoundCmd } from './rounds';
import { COMPLETABLE, DAY_MS, initialModel, MEMBERS, ROLES, WAIVABLE, type Real, type Stat } from './world';

/** Every command the test drives; each must have run, been accepted and been refused. */
const COMMANDS = [
  'saveTemplate',
  'saveDefaults',
  'upgrade',
  'resync',
  'complete',
  'requestWaiver',
  'decideWaiver',
  'waiveEntryGate',
  'revokeEntryGateWaiver',
  'lapse',
  'privacy',
  'kill',
  'portfolio',
  'bulkUpgrade',
] as const;

const epicNo = fc.nat(1);
/** Each command with how often it is drawn (the rounds bring about the states in which single commands are accepted). */
/** Each command with how often it is drawn (the rounds bring about the states in which single commands are accepted). */
const weighted: [number, fc.Arbitrary<Cmd>][] = [
  [1, fc.tuple(fc.constantFrom<UserKey>('admin', 'admin', 'hankepaallikko'), fc.boolean()).map(([w, next]) => saveTemplateCmd(w, next))],
  [
    1,
    fc
      .tuple(
        fc.constantFrom<UserKey>('admin', 'hankepaallikko', 'palvelustaVastaava'),
        fc.constantFrom<RoleId>(...ROLES),
        fc.constantFrom(...MEMBERS),
      )
      .map(([w, role, mb]) => saveDefaultsCmd(w, role, mb)),
  ],
  [
    1,
    fc
      .tuple(epicNo, fc.constantFrom<UserKey>('hankepaallikko', 'hankepaallikko', 'admin', 'palvelustaVastaava', 'outsider'))
      .map(([n, w]) => upgradeCmd(n, w)),
  ],
  [
    2,
    fc
      .tuple(epicNo, fc.constantFrom<UserKey>('toteutustiimi', 'hankepaallikko', 'outsider'), fc.option(fc.nat(1)))
      .map(([n, w, d]) => resyncCmd(n, w, d)),
  ],
  [
    2,
    fc
      .tuple(epicNo, fc.constantFrom<UserKey>('toteutustiimi', 'arkkitehti', 'outsider'), fc.constantFrom(...COMPLETABLE))
      .map(([n, w, i]) => completeCmd(n, w, i)),
  ],
  [
    1,
    fc
      .tuple(epicNo, fc.constantFrom<UserKey>('toteutustiimi', 'arkkitehti', 'outsider'), fc.constantFrom(...WAIVABLE))
      .map(([n, w, i]) => requestWaiverCmd(n, w, i)),
  ],
  [
    1,
    fc
      .tuple(
        epicNo,
        fc.constantFrom<UserKey>('ohjausryhma', 'hankepaallikko', 'arkkitehti'),
        fc.constantFrom(...WAIVABLE),
        fc.constantFrom<'today' | 'open' | 'reject'>('today', 'today', 'open', 'reject'),
      )
      .map(([n, w, i, d]) => decideWaiverCmd(n, w, i, d)),
  ],
  [
    1,
    fc
      .tuple(epicNo, fc.constantFrom<UserKey>('ohjausryhma', 'ohjausryhma', 'hankepaallikko'), fc.boolean())
      .map(([n, w, waive]) => entryWaiverCmd(n, w, waive)),
  ],
  [2, fc.constant(lapseCmd)],
  [1, fc.boolean().map((weekLater) => privacyCmd(weekLater))],
  [3, fc.tuple(epicNo, fc.integer({ min: 1, max: 44 })).map(([n, k]) => killCmd(n, k))],
  [2, fc.constantFrom<UserKey>('outsider', 'arkkitehti', 'admin').map((w) => portfolioCmd(w))],
  [1, fc.constantFrom<UserKey>('hankepaallikko', 'palvelustaVastaava', 'admin').map((w) => bulkUpgradeCmd(w))],
  [2, fc.tuple(epicNo, fc.constantFrom<UserKey>('hankepaallikko', 'admin', 'palvelustaVastaava')).map(([n, w]) => upgradeRoundCmd(n, w))],
  [1, fc.constantFrom<UserKey>('hankepaallikko', 'palvelustaVastaava').map((w) => bulkRoundCmd(w))],
  [
    2,
    fc
      .tuple(epicNo, fc.constantFrom(...WAIVABLE), fc.constantFrom<UserKey>('ohjausryhma', 'hankepaallikko'), fc.boolean())
      .map(([n, i, d, l]) => waiverLapseRoundCmd(n, i, d, l)),
  ],
  [1, epicNo.map((n) => entryWaiverRoundCmd(n))],
  [1, fc.constant(privacyRoundCmd)],
];
/** A run: this many commands, drawn by weight (a fixed length: fc.commands favours short runs, and a run's start costs a second). */
const LENGTH = 18;
const commands = fc.array(fc.oneof(...weighted.map(([weight, arbitrary]) => ({ weight, arbitrary }))), {
  minLength: LENGTH,
  maxLength: LENGTH,
});

const RUNS = 4;

/** The statistics as a table: command, ran, accepted, refused. */
function table(stats: Record<string, Stat>): string {
  const rows = COMMANDS.map((c) => [c, stats[c]?.ran ?? 0, stats[c]?.accepted ?? 0, stats[c]?.refused ?? 0] as const);
  const line = (a: string, b: string | number, c: string | number, d: string | number) =>
    `${a.padEnd(22)} ${String(b).padStart(5)} ${String(c).padStart(9)} ${String(d).padStart(8)}`;
  return [line('command', 'ran', 'accepted', 'refused'), ...rows.map((r) => line(...r))].join('\n');
}

describe('the panel, settings and project page against a reference model (stateful property)', () => {
  afterAll(() => {
    jest.useRealTimers();
  });

  it('every command is accepted exactly when the model says, and leaves the state the model predicts', async () => {
    const stats: Record<string, Stat> = {};
    let runs = 0;
    let executed = 0;
    const started = performance.now();
    // Noon (UTC) of the next day: far from midnight, so a day changes only when a command moves the clock.
    clockTo(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS + DAY_MS / 2);
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        runs++;
        let sb: Sandbox | null = null;
        try {
          sb = await startApp();
          const epics = [await createEpic(sb, `Mallitesti ${runs} A`), await createEpic(sb, `Mallitesti ${runs} B`)];
          await sb.harness.triggers.drain();
          const model = initialModel(epics);
          const real: Real = { sb, stats };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          executed += cmds.length;
        } finally {
          await sb?.close();
        }
      }),
      { seed: 20261207, numRuns: RUNS, endOnFailure: true },
    );
    const seconds = Math.round((performance.now() - started) / 1000);
    const report = `app model: ${runs} runs, ${executed} commands, ${seconds} s\n${table(stats)}`;
    console.info(report);
    const missing = COMMANDS.flatMap((c) =>
      (['ran', 'accepted', 'refused'] as const).filter((k) => !(stats[c]?.[k] ?? 0)).map((k) => `${c}: never ${k}`),
    );
    expect({ missing, report }).toEqual({ missing: [], report });
  }, 300_000);
});
