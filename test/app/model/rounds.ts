/**
 * Commands of the model-based test made of two or three checked steps (issue 21): random single
 * commands rarely meet the state in which they are accepted (an upgrade needs a newer version saved
 * first, a decision a request, a lapse an approval until today), so these bring that state about.
 * Each step is counted and checked on its own.
 */
import { clockTo } from '../../clock';
import type { UserKey } from '../helpers';
import { always, type Cmd } from './calls';
import { bulkUpgradeCmd } from './page-commands';
import { decideWaiverCmd, entryWaiverCmd, requestWaiverCmd, saveTemplateCmd, upgradeCmd } from './panel-commands';
import { lapseCmd, privacyCmd } from './platform-commands';

/** An admin saves the next version; then someone upgrades an epic from the panel. */
export const upgradeRoundCmd = (n: number, who: UserKey): Cmd => ({
  ...always,
  toString: () => `upgradeRound(#${n}, ${who})`,
  run: async (m, r) => {
    await saveTemplateCmd('admin', true).run(m, r);
    await upgradeCmd(n, who).run(m, r);
  },
});

/** An admin saves the next version; then someone upgrades every older epic from the project page. */
export const bulkRoundCmd = (who: UserKey): Cmd => ({
  ...always,
  toString: () => `bulkRound(${who})`,
  run: async (m, r) => {
    await saveTemplateCmd('admin', true).run(m, r);
    await bulkUpgradeCmd(who).run(m, r);
  },
});

/** The implementation team asks for a waiver, the steering group approves it until today (or not), and the day passes. */
export const waiverLapseRoundCmd = (n: number, itemId: string, decider: UserKey, lapse: boolean): Cmd => ({
  ...always,
  toString: () => `waiverLapseRound(#${n}, ${itemId}, ${decider}, ${lapse})`,
  run: async (m, r) => {
    await requestWaiverCmd(n, 'toteutustiimi', itemId).run(m, r);
    await decideWaiverCmd(n, decider, itemId, 'today').run(m, r);
    if (lapse) await lapseCmd.run(m, r);
  },
});

/** The steering group's person waives the entry gate; the project manager may not revoke it; the steering group does, once. */
export const entryWaiverRoundCmd = (n: number): Cmd => ({
  ...always,
  toString: () => `entryWaiverRound(#${n})`,
  run: async (m, r) => {
    await entryWaiverCmd(n, 'ohjausryhma', true).run(m, r);
    await entryWaiverCmd(n, 'hankepaallikko', false).run(m, r);
    await entryWaiverCmd(n, 'ohjausryhma', false).run(m, r);
    await entryWaiverCmd(n, 'ohjausryhma', false).run(m, r);
  },
});

/** The personal-data run a week later, and the hourly trigger again an hour later (not due then). */
export const privacyRoundCmd: Cmd = {
  ...always,
  toString: () => 'privacyRound',
  run: async (m, r) => {
    await privacyCmd(true).run(m, r);
    clockTo(Date.now() + 3_600_000);
    await privacyCmd(false).run(m, r);
  },
};
