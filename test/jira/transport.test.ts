/** The Jira client's errors: platform errors propagate, kinds for 401/scope/403, cause kept, 404 per operation. */
import { NeedsAuthenticationError, ProxyRequestError, type APIResponse } from '@forge/api';
import { isPlatformError, JiraError, kindOfStatus } from '../../src/jira/errors';
import { send, type MakeRequest } from '../../src/jira/transport';
import { localizeError } from '../../src/services/common/errors';

function response(status: number, body: unknown, headers: Record<string, string> = {}): APIResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: new Headers(headers),
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(body),
  } as unknown as APIResponse;
}

function counting(fn: () => Promise<APIResponse>): { request: MakeRequest; calls: () => number } {
  let n = 0;
  return {
    request: () => {
      n++;
      return fn();
    },
    calls: () => n,
  };
}

const deadline = () => Date.now() + 60_000;

describe('send: errors thrown by requestJira itself', () => {
  it.each([
    ['NeedsAuthenticationError', () => new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key')],
    ['ProxyRequestError', () => new ProxyRequestError(502, 'PROXY_ERR')],
  ])('%s propagates untouched and is not retried (so Forge can show the consent prompt)', async (_name, make) => {
    const thrown = make();
    const r = counting(() => Promise.reject(thrown));
    await expect(send('user', 'getIssue', r.request, { deadline: deadline() })).rejects.toBe(thrown);
    expect(r.calls()).toBe(1);
    expect(isPlatformError(thrown)).toBe(true);
  });

  it('a dropped connection is a retryable network error that keeps the original as cause', async () => {
    const original = new TypeError('fetch failed');
    const r = counting(() => Promise.reject(original));
    const e = await send('app', 'getIssue', r.request, { method: 'POST', deadline: deadline() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JiraError);
    expect((e as JiraError).kind).toBe('network');
    expect((e as JiraError).cause).toBe(original);
    expect(r.calls()).toBe(1); // a POST is not repeated unless the caller says it is safe
    expect(isPlatformError(original)).toBe(false);
  });
});

describe('error kinds', () => {
  it('401 is unauthorized, 401 "scope does not match" is a scope failure, 403 is forbidden', async () => {
    const kindFor = async (status: number, body: unknown): Promise<string> => {
      const e = await send('app', 'op', () => Promise.resolve(response(status, body)), { deadline: deadline() }).catch((x: unknown) => x);
      return (e as JiraError).kind;
    };
    expect(await kindFor(401, { code: 401, message: 'Unauthorized; scope does not match' })).toBe('scope');
    expect(await kindFor(401, { errorMessages: ['Client must be authenticated to access this resource.'] })).toBe('unauthorized');
    expect(await kindFor(403, { errorMessages: ['You do not have permission'] })).toBe('forbidden');
    expect(kindOfStatus(404)).toBe('not-found');
    expect(kindOfStatus(429)).toBe('rate-limited');
    expect(kindOfStatus(503)).toBe('server');
    expect(kindOfStatus(400)).toBe('bad-request');
  });

  it('a 404 carries what the operation looked up, and the message says so (not always "epic not found")', async () => {
    const e = (await send('user', 'getProjectRole', () => Promise.resolve(response(404, { errorMessages: ['x'] })), {
      deadline: deadline(),
      notFound: 'project-role',
    }).catch((x: unknown) => x)) as JiraError;
    expect(e.subject).toBe('project-role');
    const text = localizeError(e, 'en');
    expect(text).toEqual({ code: 'NOT_FOUND', message: 'The project role does not exist.' });
    expect(localizeError(new JiraError('not-found', 404, 'getIssue', [], null, { subject: 'issue' }), 'fi').message).toMatch(
      /^Työtehtävää ei löydy/,
    );
    expect(localizeError(new JiraError('not-found', 404, 'x'), 'en').message).not.toMatch(/epic/i);
  });

  it('unauthorized is UNAUTHENTICATED and a scope failure is INTERNAL for the user', () => {
    expect(localizeError(new JiraError('unauthorized', 401, 'x'), 'sv').code).toBe('UNAUTHENTICATED');
    expect(localizeError(new JiraError('scope', 401, 'x'), 'en').code).toBe('INTERNAL');
  });
});

describe('resolver envelope', () => {
  it('rethrows a platform error (the bridge then shows the consent prompt) but wraps every other error', async () => {
    const { run } = await import('../../src/resolvers/envelope');
    const { z } = await import('zod');
    const request = { payload: {}, context: { accountId: 'a-1' } } as unknown as Parameters<typeof run<'getPanel'>>[2];
    const consent = new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key', { isExpectedError: true });
    const schema = z.object({}) as unknown as Parameters<typeof run<'getPanel'>>[1];
    await expect(run<'getPanel'>('getPanel', schema, request, () => Promise.reject(consent))).rejects.toBe(consent);
    const wrapped = await run<'getPanel'>('getPanel', schema, request, () => Promise.reject(new JiraError('forbidden', 403, 'x')));
    expect(wrapped).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
