/**
 * The workflow validators (jira:workflowValidator functions): the exit gate on transitions into
 * the Done category, the entry gate on transitions into In Progress. Thin: they read Forge's
 * payload (manifest-reference/modules/jira-workflow-validator: `issue.key`, `transition.from.id`,
 * `transition.to.id`, `configuration`, `modifiedFields`) and hand it to the service, which judges
 * by the target status's category with the same loader and rules as the panel.
 */
import type { GateId } from '../core/template/schema';
import { checkTransition, COULD_NOT_CHECK, type ValidatorResult } from '../services/common/validation';

export type { ValidatorResult } from '../services/common/validation';

export interface ValidatorArgs {
  issue?: { key?: string; id?: string };
  configuration?: unknown;
  transition?: { from?: { id?: string }; to?: { id?: string }; modifiedFields?: Record<string, unknown> };
  modifiedFields?: Record<string, unknown>;
  context?: { accountId?: string; locale?: string };
  accountId?: string;
}

/** The second argument Forge passes to a function: the user who made the transition is its principal. */
export interface FunctionContext {
  principal?: { accountId?: string };
  accountId?: string;
  locale?: string;
}

export async function validateGate(gate: GateId, args: ValidatorArgs, context?: FunctionContext): Promise<ValidatorResult> {
  const accountId = context?.principal?.accountId ?? args?.context?.accountId ?? args?.accountId ?? context?.accountId;
  const locale = args?.context?.locale ?? context?.locale;
  try {
    return await checkTransition({
      gate,
      issueKey: args?.issue?.key,
      targetStatusId: args?.transition?.to?.id,
      ...(accountId ? { accountId } : {}),
      ...(locale ? { locale } : {}),
    });
  } catch (e) {
    // checkTransition answers every failure itself; this is for a fault in it. Fail closed.
    console.error(`[${gate}-gate validator]`, e);
    return { result: false, errorMessage: COULD_NOT_CHECK };
  }
}
