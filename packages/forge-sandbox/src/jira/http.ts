import type { IncomingMessage, ServerResponse } from 'node:http';

/** Jira's error body. */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

export class JiraHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`Jira ${status}`);
  }
}

export function errorBody(messages: string[] | string, errors: Record<string, string> = {}): ErrorCollection {
  return { errorMessages: Array.isArray(messages) ? messages : [messages], errors };
}

export function fail(status: number, messages: string[] | string, errors: Record<string, string> = {}): never {
  throw new JiraHttpError(status, errorBody(messages, errors));
}

export function failFields(status: number, errors: Record<string, string>): never {
  throw new JiraHttpError(status, errorBody([], errors));
}

export const INVALID_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';

export async function readRaw(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) fail(413, 'Request entity too large.');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return fail(400, INVALID_PAYLOAD);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Query values, both repeated (`a=1&a=2`) and comma-separated (`a=1,2`). */
export function listParam(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function intParam(url: URL, name: string, dflt: number): number {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) fail(400, `The value '${v}' of the parameter '${name}' is not a valid integer.`);
  return n;
}

export function jiraTimestamp(d: Date = new Date()): string {
  return d.toISOString().replace('Z', '+0000');
}
