import { createJiraEmulator, type JiraEmulator, type JiraEmulatorOptions } from '../../src/jira';
import { EMAILS } from '../../src/jira/seed';

/** Who acts in a test request: a seeded user's email (HTTP Basic), the app, a user via the harness header, or nobody. */
export type As = { email: string } | { actor: string } | 'anonymous';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

export interface RunningEmulator {
  jira: JiraEmulator;
  url: string;
  close(): Promise<void>;
  call(method: string, path: string, opts?: { as?: As; body?: unknown; rawBody?: string }): Promise<CallResult>;
}

export function basicAuth(email: string, token = 'any-token'): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

export async function startEmulator(opts: JiraEmulatorOptions = {}): Promise<RunningEmulator> {
  const jira = createJiraEmulator(opts);
  const server = await jira.listen(0);
  const call: RunningEmulator['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const as = o.as ?? { email: 'admin@sandbox.test' };
    if (as !== 'anonymous') {
      if ('email' in as) headers.Authorization = basicAuth(as.email);
      else headers['X-Sandbox-Actor'] = as.actor;
    }
    let payload: string | undefined;
    if (o.rawBody !== undefined) payload = o.rawBody;
    else if (o.body !== undefined) payload = JSON.stringify(o.body);
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, text, body };
  };
  return { jira, url: server.url, close: server.close, call };
}

/** Minimal ADF document. */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
}

export function adf(text: string): { type: 'doc'; version: number; content: AdfNode[] } {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

export function field<T = unknown>(body: unknown, ...path: (string | number)[]): T {
  let cur: unknown = body;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') throw new Error(`no ${path.join('.')} in ${JSON.stringify(body)}`);
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur as T;
}

/** The seed's people as the rules tests call Jira: a project admin, a project member, an outsider, the app. */
export const AS = {
  admin: { email: EMAILS.admin },
  member: { email: EMAILS.hankepaallikko },
  outsider: { email: EMAILS.outsider },
  app: { actor: 'app' },
} satisfies Record<string, As>;

/** Creates an issue in DEMO (as a project member unless told), failing loudly when Jira refuses it. */
export async function createIssue(
  emu: RunningEmulator,
  fields: Record<string, unknown>,
  as: As = AS.member,
): Promise<{ id: string; key: string }> {
  const r = await emu.call('POST', '/rest/api/3/issue', { as, body: { fields: { project: { key: 'DEMO' }, ...fields } } });
  if (r.status !== 201) throw new Error(`create failed ${r.status} ${r.text}`);
  return r.body as { id: string; key: string };
}
