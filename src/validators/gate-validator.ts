/**
 * The workflow validators: the exit gate on the transition to Done, the entry gate on the
 * transition to In Progress. They evaluate the gate with the same pure core as the panel. At most
 * two Jira calls: one search (the epic and its children), and the caller's locale when known.
 * Fail closed: if Jira cannot be read, the transition is blocked with a message saying so.
 */
import { evaluateGate, validatorMessage } from '../core/gate';
import { isDeploymentEpic } from '../core/settings';
import { toLocale } from '../core/template';
import type { GateId, Locale } from '../core/template/schema';
import { getUser } from '../jira/client';
import * as store from '../storage/store';
import { loadEpicWithChildren } from '../services/epic';
import { templateAndReadiness } from '../services/templates';

export interface ValidatorArgs {
  issue?: { key?: string; id?: string };
  configuration?: unknown;
  transition?: { from?: { id?: string }; to?: { id?: string } };
  modifiedFields?: Record<string, unknown>;
  context?: { accountId?: string; locale?: string };
  accountId?: string;
}
export interface ValidatorResult {
  result: boolean;
  errorMessage?: string;
}

const COULD_NOT_CHECK = [
  'Käyttöönoton porttia ei voitu tarkistaa, koska Jiraa ei voitu lukea. Siirtoa ei tehty; yritä hetken kuluttua uudelleen.',
  'Grinden för ibruktagande kunde inte kontrolleras eftersom Jira inte kunde läsas. Övergången gjordes inte; försök igen om en stund.',
  'The deployment gate could not be checked because Jira could not be read. The transition was not made; try again in a moment.',
].join('\n\n');

async function callerLocale(accountId: string | undefined): Promise<Locale | null> {
  if (!accountId) return null;
  try {
    const user = await getUser('app', accountId);
    return user.locale ? toLocale(user.locale) : null;
  } catch {
    return null; // The language is a nicety; the verdict does not depend on it.
  }
}

/** The second argument Forge passes to a function: the user who made the transition is its principal. */
export interface FunctionContext {
  principal?: { accountId?: string };
  accountId?: string;
  locale?: string;
}

export async function validateGate(gate: GateId, args: ValidatorArgs, context?: FunctionContext): Promise<ValidatorResult> {
  const key = args.issue?.key;
  if (!key) return { result: false, errorMessage: COULD_NOT_CHECK };
  try {
    const accountId = context?.principal?.accountId ?? args.context?.accountId ?? args.accountId ?? context?.accountId;
    const explicitLocale = args.context?.locale ?? context?.locale;
    const [loaded, locale] = await Promise.all([
      loadEpicWithChildren('app', key),
      explicitLocale ? Promise.resolve(toLocale(explicitLocale)) : callerLocale(accountId),
    ]);
    const [settings, state] = await Promise.all([store.getProjectSettings(loaded.epic.projectId), store.readEpicState(loaded.epic.id)]);
    // Not a deployment epic: the validator stays out of the way. An epic whose phase has started
    // stays gated even if its label is removed or the template is switched off afterwards.
    if (!state.meta && !isDeploymentEpic(settings, loaded.epic)) return { result: true };
    const { template, readiness } = await templateAndReadiness(loaded.children, state, settings, loaded.epic);
    const evaluation = evaluateGate({
      template,
      gate,
      readiness,
      roster: state.roster,
      attestations: state.attestations,
      riskLevel: state.riskLevel,
    });
    return evaluation.passed ? { result: true } : { result: false, errorMessage: validatorMessage(evaluation, locale) };
  } catch (e) {
    console.error(`[${gate}-gate validator] ${key}:`, e instanceof Error ? e.message : e);
    return { result: false, errorMessage: COULD_NOT_CHECK };
  }
}
