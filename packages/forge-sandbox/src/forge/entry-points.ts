/** The app's synchronous entry points: workflow validators (as Jira calls them on a transition) and Custom UI resolvers. */
import type { ValidatorCall, ValidatorResult } from '../jira/types';
import type { ParsedManifest } from './manifest';
import type { InvocationState } from './runtime';
import { ForgeFunctionTimeoutError, type ResolverCallContext, type ValidatorInvocationArgs } from './types';
import { errorMessage, isRecord, jsonRoundTrip } from './util';

export interface EntryPointDeps {
  manifest: ParsedManifest;
  manifestPath: string;
  log: Pick<Console, 'error' | 'warn' | 'info'>;
  strict: boolean;
  appId: string;
  environmentId: string;
  cloudId: string;
  installContext: string;
  siteUrl(): string;
  invoke(
    functionKey: string,
    kind: InvocationState['kind'],
    moduleKey: string,
    principal: string | null,
    args: unknown[],
  ): Promise<unknown>;
  functionContext(principal: string | null): Record<string, unknown>;
}

export function createEntryPoints(deps: EntryPointDeps) {
  const { manifest, manifestPath, log, strict, appId, environmentId, cloudId, installContext, invoke, functionContext } = deps;

  // ---- validators ----
  async function invokeValidator(moduleKey: string, args: ValidatorInvocationArgs): Promise<ValidatorResult> {
    const mod = manifest.validators.find((v) => v.key === moduleKey);
    if (!mod)
      return {
        result: false,
        errorMessage: `Validator "${moduleKey}" could not run: the app has no jira:workflowValidator module with that key`,
      };
    if (!mod.function) {
      log.warn(`[forge-sandbox] validator ${moduleKey} is expression-based; the sandbox does not evaluate Jira expressions, so it passes`);
      return { result: true };
    }
    const payload = {
      issue: { key: args.issue.key, ...(args.issue.id ? { id: args.issue.id } : {}) },
      configuration: args.configuration ?? {},
      transition: {
        from: { id: args.transition.from.id },
        to: { id: args.transition.to.id },
        ...(args.transition.id ? { id: args.transition.id } : {}),
        ...(args.transition.name ? { name: args.transition.name } : {}),
        modifiedFields: args.modifiedFields ?? {},
      },
    };
    try {
      const result = await invoke(mod.function, 'validator', moduleKey, args.accountId, [payload, functionContext(args.accountId)]);
      if (!isRecord(result) || typeof result.result !== 'boolean') {
        return {
          result: false,
          errorMessage: `Validator "${moduleKey}" could not run: its function returned ${JSON.stringify(result)} instead of {result: boolean, errorMessage?}`,
        };
      }
      if (result.result) return { result: true };
      return {
        result: false,
        errorMessage: typeof result.errorMessage === 'string' ? result.errorMessage : `Validator "${moduleKey}" refused the transition`,
      };
    } catch (e) {
      log.error(`[forge-sandbox] validator ${moduleKey} (${mod.function}) failed: ${errorMessage(e)}`);
      const why = e instanceof ForgeFunctionTimeoutError ? `it timed out after ${e.timeoutMs} ms` : errorMessage(e);
      return { result: false, errorMessage: `Validator "${moduleKey}" could not run (${why}); the transition is refused.` };
    }
  }

  async function runValidators(call: ValidatorCall): Promise<ValidatorResult> {
    for (const v of call.validators) {
      const r = await invokeValidator(v.moduleKey, {
        issue: { key: call.issue.key, id: call.issue.id },
        configuration: v.configuration,
        transition: { from: call.transition.from, to: call.transition.to, id: call.transition.id, name: call.transition.name },
        modifiedFields: call.modifiedFields,
        accountId: call.actorAccountId,
      });
      if (!r.result) return r;
    }
    return { result: true };
  }

  // ---- resolvers ----
  async function invokeResolver(functionKey: string, resolverName: string, payload: unknown, ctx: ResolverCallContext): Promise<unknown> {
    const mod = manifest.resolverModules.find((m) => m.key === ctx.moduleKey);
    if (!mod) throw new Error(`Forge harness: no module "${ctx.moduleKey}" with a resolver in ${manifestPath}`);
    if (mod.function !== functionKey)
      throw new Error(`Forge harness: module "${ctx.moduleKey}" uses resolver function "${mod.function}", not "${functionKey}"`);
    const extensionAri = `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${ctx.moduleKey}`;
    const context = {
      accountId: ctx.accountId ?? undefined,
      accountType: ctx.accountId ? 'licensed' : 'unlicensed',
      cloudId,
      workspaceId: cloudId,
      siteUrl: deps.siteUrl(),
      localId: ctx.localId ?? extensionAri,
      moduleKey: ctx.moduleKey,
      extension: { type: mod.type, ...ctx.extension },
      environmentId,
      environmentType: 'DEVELOPMENT',
      installContext,
      // "A user's locale information is not directly available to Forge functions" (runtime-reference/i18n).
      ...(strict ? {} : { locale: ctx.locale ?? 'fi-FI' }),
      timezone: ctx.timezone ?? 'Europe/Helsinki',
      theme: ctx.theme ? { colorMode: ctx.theme } : undefined,
    };
    const request = { call: { functionKey: resolverName, payload: jsonRoundTrip(payload) }, context: jsonRoundTrip(context) };
    return invoke(functionKey, 'resolver', ctx.moduleKey, ctx.accountId, [request, functionContext(ctx.accountId)]);
  }

  return { invokeValidator, runValidators, invokeResolver };
}
