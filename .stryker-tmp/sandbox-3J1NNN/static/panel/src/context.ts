// @ts-nocheck
import { createContext, useContext } from 'react';
import type { ApiError, PanelView, Result } from '../../../src/shared/api';
import type { UiEnvironment } from '../../common/i18n';
import type { NameOf } from './model';

export interface PanelCtx {
  env: UiEnvironment;
  view: PanelView;
  nameOf: NameOf;
  when: (iso: string | undefined | null) => string;
  /** Moves an item's child to Done through Jira as the user; the progress updates at once. */
  completeItem: (itemId: string) => Promise<'done' | 'needs-jira' | 'failed'>;
  /** Runs an action (a resolver call, which carries the UI's locale: common/api.ts), shows its outcome
   * as a flag and announces it, reloads the panel; resolves to the action's envelope. */
  act: <T>(label: string, run: () => Promise<Result<T>>) => Promise<{ ok: true; data: T } | { ok: false; error: ApiError }>;
}

export const PanelContext = createContext<PanelCtx | null>(null);
export function usePanel(): PanelCtx {
  const ctx = useContext(PanelContext);
  if (!ctx) throw new Error('PanelContext missing');
  return ctx;
}
