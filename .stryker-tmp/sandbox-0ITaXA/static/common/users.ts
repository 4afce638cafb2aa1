/** Display names come from the getUsers resolver and live only in memory (never stored). */
// @ts-nocheck

import { useCallback, useRef, useState } from 'react';
import type { UserSummary } from '../../src/shared/api';
import { call } from './api';

export interface UserNames {
  names: Record<string, UserSummary>;
  /** Fetches the names of ids not yet known (one getUsers call, none when all are known). */
  ensure(ids: Iterable<string | null | undefined>): Promise<void>;
  remember(users: UserSummary[]): void;
}

export function useUserNames(): UserNames {
  const [names, setNames] = useState<Record<string, UserSummary>>({});
  const known = useRef<Record<string, UserSummary>>({});
  const remember = useCallback((users: UserSummary[]) => {
    for (const user of users) known.current[user.accountId] = user;
    setNames({ ...known.current });
  }, []);
  const ensure = useCallback(
    async (ids: Iterable<string | null | undefined>) => {
      const missing = [...new Set([...ids].filter((id): id is string => !!id && id !== 'app' && !known.current[id]))];
      if (missing.length === 0) return;
      const result = await call('getUsers', { accountIds: missing });
      if (result.ok) remember(result.data);
    },
    [remember],
  );
  return { names, ensure, remember };
}
