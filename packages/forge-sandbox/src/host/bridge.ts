/**
 * The server side of the @forge/bridge host: each frame's Forge context, and `invoke` / `requestJira`
 * (fetchProduct) run on behalf of the frame's user.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../jira/types';
import { APP_ID, CLOUD_ID, ENVIRONMENT_ID, LOCALES, type HostContext, type HostLocale, type ModuleInfo, type Theme } from './context';
import { HttpError, isRecord, readBody, sendJsonResponse, str } from './http';

export interface FrameContext {
  module: ModuleInfo;
  user: User;
  locale: HostLocale;
  theme: Theme;
  frameId: string;
  extension: Record<string, unknown>;
}

export function createBridge(ctx: HostContext) {
  const { sandbox, manifest, defaultEmail } = ctx;
  /** Each dashboard gadget's configuration, as its edit view submitted it (Forge stores it per gadget). */
  const gadgetConfigs = new Map<string, Record<string, unknown>>();

  function frameContext(query: string): FrameContext {
    const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
    const module = manifest.modules.find((m) => m.moduleKey === params.get('module'));
    if (!module) throw new HttpError(400, `Unknown module "${params.get('module') ?? ''}"`);
    const user = sandbox.emulator.users.byEmail(params.get('as') ?? defaultEmail);
    if (!user || user.accountType === 'app') throw new HttpError(403, `Unknown user "${params.get('as') ?? ''}"`);
    const localeParam = params.get('locale') ?? '';
    const locale: HostLocale = (LOCALES as readonly string[]).includes(localeParam) ? (localeParam as HostLocale) : 'fi-FI';
    const theme: Theme = params.get('theme') === 'dark' ? 'dark' : 'light';
    const extension: Record<string, unknown> = { type: module.type };
    if (params.get('issueKey')) {
      extension.issue = {
        id: params.get('issueId') ?? '',
        key: params.get('issueKey') ?? '',
        type: params.get('issueType') ?? '',
        typeId: params.get('issueTypeId') ?? '',
      };
      extension.isNewToIssue = false;
    }
    if (params.get('projectKey'))
      extension.project = {
        id: params.get('projectId') ?? '',
        key: params.get('projectKey') ?? '',
        type: params.get('projectType') ?? 'software',
      };
    if (module.type === 'jira:dashboardGadget') {
      const gadgetId = params.get('gadgetId') ?? '1';
      extension.gadget = { id: gadgetId };
      extension.dashboard = { id: params.get('dashboardId') ?? '10000' };
      extension.gadgetConfiguration = gadgetConfigs.get(gadgetId) ?? {};
      if (params.get('entryPoint') === 'edit') extension.entryPoint = 'edit';
    }
    return { module, user, locale, theme, frameId: params.get('frameId') ?? module.moduleKey, extension };
  }

  function forgeContext(frame: FrameContext): Record<string, unknown> {
    const localId = `ari:cloud:ecosystem::extension/${APP_ID}/${ENVIRONMENT_ID}/static/${frame.module.moduleKey}`;
    return {
      accountId: frame.user.accountId,
      accountType: 'licensed',
      cloudId: CLOUD_ID,
      workspaceId: CLOUD_ID,
      siteUrl: sandbox.url,
      localId,
      moduleKey: frame.module.moduleKey,
      environmentId: ENVIRONMENT_ID,
      environmentType: 'DEVELOPMENT',
      locale: frame.locale,
      timezone: frame.user.timeZone || 'Europe/Helsinki',
      theme: { colorMode: frame.theme },
      extension: frame.extension,
    };
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    if (!isRecord(body)) throw new HttpError(400, 'Expected a JSON object');
    const frame = frameContext(str(body.frame));
    const resolverName = str(body.functionKey);
    if (!resolverName) throw new HttpError(400, 'functionKey is required');
    try {
      const answer = await sandbox.harness.invokeResolver(frame.module.functionKey, resolverName, body.payload ?? {}, {
        accountId: frame.user.accountId,
        moduleKey: frame.module.moduleKey,
        extension: frame.extension,
        locale: frame.locale,
        timezone: frame.user.timeZone || 'Europe/Helsinki',
        theme: frame.theme,
      });
      sendJsonResponse(res, 200, { body: answer ?? null });
    } catch (e) {
      // What Forge's bridge does when the function fails: the UI's invoke() rejects.
      sendJsonResponse(res, 500, { message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** `view.submit(config)` of a gadget's edit view: the configuration is kept for that gadget. */
  async function handleSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    if (!isRecord(body)) throw new HttpError(400, 'Expected a JSON object');
    const frame = frameContext(str(body.frame));
    const gadget = isRecord(frame.extension.gadget) ? str(frame.extension.gadget.id) : '';
    if (frame.extension.entryPoint !== 'edit' || !gadget) {
      sendJsonResponse(res, 200, { submitted: false });
      return;
    }
    if (!isRecord(body.payload) || JSON.stringify(body.payload).length > 10_000)
      throw new HttpError(400, 'The gadget configuration must be a JSON object (at most 10 000 characters)');
    gadgetConfigs.set(gadget, body.payload);
    sendJsonResponse(res, 200, { submitted: true });
  }

  async function handleProduct(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body: unknown = JSON.parse((await readBody(req)) || '{}');
    if (!isRecord(body)) throw new HttpError(400, 'Expected a JSON object');
    const frame = frameContext(str(body.frame));
    if (body.product !== 'jira') throw new HttpError(400, `Product "${str(body.product)}" is not available in the sandbox`);
    const restPath = str(body.restPath);
    if (!restPath.startsWith('/rest/')) throw new HttpError(400, 'restPath must start with /rest/');
    const init = isRecord(body.init) ? body.init : {};
    const headers = new Headers();
    if (Array.isArray(init.headers))
      for (const pair of init.headers) if (Array.isArray(pair) && pair.length === 2) headers.set(str(pair[0]), str(pair[1]));
    headers.delete('authorization');
    headers.delete('x-sandbox-actor');
    headers.set('authorization', `Basic ${Buffer.from(`${frame.user.emailAddress ?? ''}:sandbox`).toString('base64')}`);
    const method = str(init.method) || 'GET';
    const response = await fetch(`${sandbox.url}${restPath}`, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : str(init.body) || undefined,
    });
    const text = await response.text();
    sendJsonResponse(res, 200, {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
      body: text,
      isAttachment: false,
    });
  }

  return { frameContext, forgeContext, handleInvoke, handleProduct, handleSubmit };
}

export type Bridge = ReturnType<typeof createBridge>;
