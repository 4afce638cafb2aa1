/** The gate's and the permissions' rules for the UI: the core's own functions (src/core/rules.ts), so the
 * panel shows what the server enforces. */
// @ts-nocheck

export {
  DECIDER_ROLES,
  ROSTER_EDITOR_ROLES,
  ROSTER_OWNER,
  approvalsVoidedBy,
  blocksItemsDone,
  callerRoles,
  confirmingRole,
  isApprovalVoid,
  isOpenItem,
  isOwnRequest,
  mayConfirmAs,
  waiverDecisionBlock,
  waiverDeciders,
  waiverMayBeRequested,
} from '../core/rules';
export type { ConfirmableCondition } from '../core/rules';
