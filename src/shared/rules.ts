/** The gate's and the permissions' rules for the UI: the core's own functions (src/core/rules.ts), so the
 * panel shows what the server enforces. */
export {
  DECIDER_ROLES,
  ROSTER_EDITOR_ROLES,
  ROSTER_OWNER,
  approvalsVoidedBy,
  blocksItemsDone,
  callerRoles,
  confirmingRole,
  currentEvidenceUrl,
  isApprovalVoid,
  isOpenItem,
  isOwnRequest,
  isQuorumUnreachable,
  isStale,
  isStandInActive,
  mayConfirmAs,
  principalOf,
  quorumCount,
  quorumOf,
  roleHolders,
  waiverDecidingAs,
  waiverDecisionBlock,
  waiverDeciders,
  waiverMayBeRequested,
} from '../core/rules';
export type { ConfirmableCondition } from '../core/rules';
