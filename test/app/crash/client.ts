/**
 * Talking to the crash tests' sandbox process (test/app/crash/sandbox-process.ts) from outside:
 * start it on a data folder, stop it with a signal, REST as the admin, the resolvers through its
 * /__crash endpoints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ACCOUNT_IDS, DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result } from '../../../src/shared/api';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(__dirname, 'sandbox-process.ts');
const AUTH = `Basic ${Buffer.from(`${EMAILS.admin}:token`).toString('base64')}`;

export interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

export async function start(dataDir: string): Promise<Running> {
  // Node itself with tsx's loader (not the tsx wrapper, which would leave its node child running when killed).
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 60 s:\n${stderr}`)), 60_000);
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { url?: string };
        if (msg.url) {
          clearTimeout(timer);
          resolve(msg.url);
        }
      } catch {
        // not our line
      }
    });
    void exited.then((code) => reject(new Error(`the sandbox exited (${String(code)}) before it served:\n${stderr}`)));
  });
  return { child, url, exited };
}

export async function stop(r: Running, signal: NodeJS.Signals): Promise<void> {
  r.child.kill(signal);
  await r.exited;
}

export async function rest(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: AUTH, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export async function createEpic(url: string, summary: string): Promise<{ id: string; key: string }> {
  const r = await rest(url, 'POST', '/rest/api/3/issue', {
    fields: { project: { key: DEMO_PROJECT.key }, issuetype: { id: ISSUE_TYPE_IDS.epic }, summary },
  });
  if (r.status !== 201) throw new Error(`create epic: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; key: string };
}

/** The spawn status as the panel shows it (the crash script's /__crash/spawn). */
export async function shownSpawn(url: string, epicId: string): Promise<{ state: string; created: number }> {
  const r = await rest(url, 'GET', `/__crash/spawn?epicId=${epicId}`);
  return (r.body as { shown: { state: string; created: number } }).shown;
}

/** The children's item ids (one entry per child issue). */
export async function childItems(url: string, epicKey: string): Promise<string[]> {
  const r = await rest(url, 'POST', '/rest/api/3/search/jql', {
    jql: `parent = ${epicKey}`,
    fields: ['summary'],
    properties: ['kayttoonotto-item'],
    maxResults: 100,
  });
  if (r.status !== 200) return [];
  const issues = (r.body as { issues: { properties?: Record<string, { itemId?: string }> }[] }).issues;
  return issues.map((i) => i.properties?.['kayttoonotto-item']?.itemId ?? '?');
}

export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | null>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A resolver call through the process's /__crash/invoke; null when the process died before it answered. */
export async function invoke<T>(url: string, call: Record<string, unknown>): Promise<Result<T> | null> {
  const res = await fetch(`${url}/__crash/invoke`, { method: 'POST', body: JSON.stringify(call) });
  return ((await res.json()) as { answer: Result<T> | null }).answer;
}

/** A panel resolver call as `accountId` on `epic`, in English. */
export const panelCall = (accountId: string, epic: { id: string; key: string }, name: string, payload: Record<string, unknown> = {}) => ({
  resolver: 'panel-resolver',
  name,
  payload: { ...payload, locale: 'en-US' },
  accountId,
  epic,
});

/** A panel resolver call as the project manager. */
export const asManager = (epic: { id: string; key: string }, name: string, payload: Record<string, unknown> = {}) =>
  panelCall(ACCOUNT_IDS.hankepaallikko, epic, name, payload);

/** The process's app storage under a key prefix. */
export async function storedUnder(url: string, prefix: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}/__crash/kvs?prefix=${prefix}`)).json()) as Record<string, unknown>;
}
