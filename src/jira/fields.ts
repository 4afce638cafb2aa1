/** Jira Cloud REST v3, fields: one function per endpoint (see src/jira/client.ts). */
import { route } from '@forge/api';
import { send, type Actor } from './transport';
import type { CallOptions } from './shapes';

export interface JiraField {
  id: string;
  key?: string;
  name: string;
  custom?: boolean;
  clauseNames?: string[];
  schema?: { type?: string; custom?: string; customId?: number };
}

export async function getFields(actor: Actor, opts: CallOptions = {}): Promise<JiraField[]> {
  const res = await send<JiraField[]>(
    actor,
    'getFields',
    (jira, init) => jira.requestJira(route`/rest/api/3/field`, { ...init, method: 'GET' }),
    opts,
  );
  return Array.isArray(res.data) ? res.data : [];
}

/**
 * Sets the values of the app's own custom fields (only the owning app may: OpenAPI
 * `POST /rest/api/3/app/field/value`). `generateChangelog: false`: a report's rewrite is not a change of the issue.
 */
export async function setAppFieldValues(
  updates: { customField: string; issueIds: number[]; value: unknown }[],
  opts: CallOptions = {},
): Promise<void> {
  await send(
    'app',
    'updateMultipleCustomFieldValues',
    (jira, init) => jira.requestJira(route`/rest/api/3/app/field/value?generateChangelog=false`, { ...init, method: 'POST' }),
    {
      method: 'POST',
      body: { updates },
      ...opts,
    },
  );
}
