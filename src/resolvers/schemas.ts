/** Payload schemas of the resolvers (the shapes are in src/shared/api.ts). */
import { z } from 'zod';
import { ROLE_IDS } from '../core/template/schema';
import type { ProjectSettings } from '../shared/api';

const empty = z.object({}).strict();
const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const accountId = z.string().min(1).max(128);

export const schemas = {
  empty,
  getUsers: z.object({ accountIds: z.array(accountId).max(200) }),
  searchUsers: z.object({ query: text(100) }),
  setRosterMember: z.object({ role: z.enum(ROLE_IDS), accountId: accountId.nullable() }),
  setRiskLevel: z.object({ riskLevel: text(200) }),
  attest: z.object({
    conditionId: text(200),
    evidenceUrl: text(2000).optional(),
    comment: text(2000).optional(),
    approval: z
      .object({ riskLevel: text(200), securityLevel: text(200), dataProtectionLevel: text(200) })
      .optional(),
  }),
  revokeAttestation: z.object({ conditionId: text(200), reason: text(2000) }),
  requestWaiver: z.object({ itemId: text(200), reason: text(2000) }),
  decideWaiver: z.object({ itemId: text(200), approve: z.boolean(), comment: text(2000).optional() }),
  getAudit: z.object({ cursor: text(500).optional() }),
  completeItem: z.object({ itemId: text(200) }).strict(),
  // Settings are validated in depth by the service (validateSettings), with path-qualified problems.
  saveSettings: z.object({ settings: z.custom<ProjectSettings>((v) => typeof v === 'object' && v !== null, 'settings must be an object') }),
};
