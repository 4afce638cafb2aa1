/**
 * Stand-ins (issue #24): a person names who acts for them while they are away, for a period of days.
 * Stored per person (standin:<accountId>, personal data: docs/DATA-MAP.md, the personal-data run). Only
 * the person themselves names or ends their stand-in (the payload names no one else: the caller is the
 * absent person); the stand-in may then confirm conditions in that person's roster roles on the epics
 * where that person holds them ("A for B"), until the last day passes (core/rules.ts isStandInActive).
 * No stand-in of a stand-in (core/rules.ts standInBlock and mayActFor); a stand-in acts only on the epics
 * they share with the absent person (standingForOn).
 */
import type { StandInRecord } from '../../core/model';
import { roleHolders, standingForOn, standInBlock } from '../../core/rules';
import { ROLE_IDS } from '../../core/domain';
import { utcDay } from '../../core/dates';
import { l10n } from '../../core/messages';
import type { EpicState } from '../../storage/store';
import * as store from '../../storage/store';
import * as gov from '../../storage/governance';
import { getUsersBulk } from '../../jira/client';
import { AppError } from '../common/errors';

/** The person acting (services/phase.ts Caller). */
interface Caller {
  accountId: string;
}

const E = {
  self: l10n('server.governance.standInSelf'),
  chain: l10n('server.governance.standInChain'),
  period: l10n('server.governance.standInPeriod'),
  notPerson: l10n('server.governance.standInNotPerson'),
};

/** The audit trail of stand-ins (a person's, not an epic's). */
export const STAND_IN_AUDIT_SCOPE = 'standins';

/** The people on the epic's roster whose stand-in `accountId` is on `today`. */
export async function standingForOf(accountId: string, state: Pick<EpicState, 'roster' | 'members'>, today: string): Promise<string[]> {
  const holders = [...new Set(ROLE_IDS.flatMap((r) => roleHolders(state.roster, state.members, r)))];
  // Nobody to stand in for, or not on this epic: no stand-in record to read.
  if (!holders.includes(accountId) || holders.length < 2) return [];
  const others = holders.filter((id) => id !== accountId);
  return standingForOn(accountId, holders, await gov.getStandIns(others), today);
}

export async function getStandIn(caller: Caller): Promise<{ mine: StandInRecord | null; standingFor: StandInRecord[] }> {
  const mine = (await gov.getStandIn(caller.accountId)) ?? null;
  // Whose stand-in the caller is is shown on the epics they share (PanelView.standingFor); here only one's own.
  return { mine, standingFor: [] };
}

export async function nameStandIn(caller: Caller, input: { standIn: string; from: string; to: string }): Promise<StandInRecord> {
  const record: StandInRecord = {
    accountId: caller.accountId,
    standIn: input.standIn,
    from: input.from,
    to: input.to,
    namedAt: new Date().toISOString(),
  };
  const theirs = await gov.getStandIn(input.standIn);
  const block = standInBlock(record, theirs);
  if (block) throw new AppError('INVALID_INPUT', E[block], [E[block]]);
  // A person's account, active (Jira says so): never an app, never an unknown id.
  const user = (await getUsersBulk('user', [input.standIn])).find((u) => u.accountId === input.standIn);
  if (!user || user.accountType === 'app' || user.active === false) throw new AppError('INVALID_INPUT', E.notPerson, [E.notPerson]);
  const before = (await gov.getStandIn(caller.accountId)) ?? null;
  await gov.putStandIn(record);
  await store.appendAudit(STAND_IN_AUDIT_SCOPE, { by: caller.accountId, action: 'standIn.named', before, after: record });
  return record;
}

export async function endStandIn(caller: Caller): Promise<{ ended: boolean }> {
  const before = await gov.getStandIn(caller.accountId);
  if (!before) return { ended: false };
  await gov.deleteStandIn(caller.accountId);
  await store.appendAudit(STAND_IN_AUDIT_SCOPE, {
    by: caller.accountId,
    action: 'standIn.ended',
    before,
    after: { endedOn: utcDay(new Date()) },
  });
  return { ended: true };
}
