/**
 * A role pick in progress (issue #24, services/roster/pick-assignee.ts):
 *   epic:<epicId>:pick   RolePickIntent (FAIL_IF_EXISTS): the role's people before and after, the open
 *                        children to reassign, the id of its audit entry; recorded before the first
 *                        write and deleted after the audit entry (`roster.assigneePicked`)
 * It names account ids (who picked, the role's people): personal data, reported and pseudonymised by
 * the personal-data run like the roster (core/privacy.ts accountIdsOf).
 */
import { z } from 'zod';
import { ROLE_IDS } from '../core/domain';
import { intentStore } from './intents';

const holders = z.looseObject({ first: z.string().min(1).nullable(), members: z.array(z.string().min(1)) });

export const rolePickIntentSchema = z.looseObject({
  epicId: z.string().min(1),
  epicKey: z.string().min(1),
  role: z.enum(ROLE_IDS),
  picked: z.string().min(1),
  before: holders,
  after: z.looseObject({ first: z.string().min(1), members: z.array(z.string().min(1)) }),
  /** The role's open children not yet assigned to the picked person when it was planned (closed ones never). */
  children: z.array(z.looseObject({ id: z.string().min(1), key: z.string().min(1) })),
  by: z.string().min(1),
  startedAt: z.string().min(1),
  auditId: z.string().min(1),
});
export type RolePickIntent = z.infer<typeof rolePickIntentSchema>;

export const rolePickKey = (epicId: string) => `epic:${epicId}:pick`;

export const rolePicks = intentStore(rolePickKey, rolePickIntentSchema);
