/** How the model-based test's commands call the app: as a frame of the panel, the settings page or the project page would. */
import type fc from 'fast-check';
import type { Result } from '../../../src/shared/api';
import { ACCOUNT_IDS, DEMO_PROJECT, panel, settingsContext, type Sandbox, type UserKey } from '../helpers';
import { isPm, type EpicModel, type Model, type Real } from './world';

export type Cmd = fc.AsyncCommand<Model, Real>;
export const always = { check: () => true };
export const TEMPLATE_ID = 'kayttoonotto';

export const settings = (sb: Sandbox, as: UserKey, name: string, payload: unknown) =>
  sb.harness.invokeResolver(
    'settings-resolver',
    name,
    { ...(payload as object), locale: 'en-US' },
    settingsContext(ACCOUNT_IDS[as]),
  ) as Promise<Result<unknown>>;
export const page = (sb: Sandbox, as: UserKey, name: string, payload: unknown) =>
  sb.harness.invokeResolver(
    'portfolio-resolver',
    name,
    { ...(payload as object), locale: 'en-US' },
    {
      accountId: ACCOUNT_IDS[as],
      moduleKey: 'deployments-page',
      extension: { project: { id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, type: 'software' } },
    },
  ) as Promise<Result<unknown>>;
export const panelRaw = (sb: Sandbox, as: UserKey, e: EpicModel, name: string, payload: unknown) =>
  panel(sb, as, e, name as never, payload as never) as Promise<Result<unknown>>;
export const mayUpgrade = (e: EpicModel, who: UserKey) => who === 'admin' || isPm(e, who);
