/**
 * The personal-data run's part for stand-ins (services/privacy/personal-data-run.ts): a stand-in record of a closed
 * account — the absent person's (its key names them) or the stand-in's — is deleted, not pseudonymised:
 * nobody acts for or as a closed account. The run's collect step reports both ids (core/privacy.ts
 * ACCOUNT_FIELDS: accountId, standIn).
 */
import * as ps from '../../storage/privacy';

export async function removeClosedStandIn(key: string, value: unknown, closed: ReadonlySet<string>): Promise<boolean> {
  if (!key.startsWith('standin:')) return false;
  const v = (value ?? {}) as { accountId?: unknown; standIn?: unknown };
  const owner = key.slice('standin:'.length);
  if (
    closed.has(owner) ||
    (typeof v.standIn === 'string' && closed.has(v.standIn)) ||
    (typeof v.accountId === 'string' && closed.has(v.accountId))
  )
    await ps.remove(key);
  return true;
}
