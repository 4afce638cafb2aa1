/**
 * Due dates through an upgrade killed at any moment (issue 24): the sandbox runs as a child process in
 * strict mode with Jira slowed down (test/app/crash/sandbox-process.ts), an upgrade that adds an item
 * with an offset and changes another's starts, and the process is killed (SIGKILL) at a different moment
 * each time. After the restart, without anyone acting, each epic ends upgraded with the dates the epic's
 * date gives (the added child's and the moved one's, recorded as the app's) or untouched with its old
 * dates; a later move of the epic's date then moves the added child too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { ACCOUNT_IDS, DEMO_PROJECT, ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import type { PanelView } from '../../src/shared/api';
import { asManager, invoke, rest, start, stop, storedUnder, waitFor, type Running } from './crash/client';

type Epic = { id: string; key: string };
const [A, B] = CURRENT_TEMPLATE.items.slice(0, 2).map((i) => i.id) as [string, string];
const ADDED = 'duty.kaatuminen.paivalla';

async function saveVersion(url: string, version: string, offsets: Record<string, number>, added: boolean): Promise<void> {
  const d = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as { version: string; items: Record<string, unknown>[] };
  d.version = version;
  for (const item of d.items) if (typeof item.id === 'string' && item.id in offsets) item.dueDays = offsets[item.id];
  const duty = d.items.find((i) => i.kind === 'duty')!;
  if (added) d.items.push({ ...duty, id: ADDED, text: { fi: 'Päivätty', sv: 'Daterad', en: 'Dated' }, subPoints: [], dueDays: -14 });
  const r = await invoke(url, {
    resolver: 'settings-resolver',
    name: 'saveProjectTemplate',
    payload: { text: YAML.stringify(d), locale: 'en-US' },
    accountId: ACCOUNT_IDS.admin,
  });
  expect(r?.ok).toBe(true);
}

/** item id → the child's Jira due date (the search, settled). */
async function dueDates(url: string, epicKey: string): Promise<Map<string, string | null>> {
  await fetch(`${url}/__sandbox/jira/strict`, { method: 'POST', body: JSON.stringify({ settleSearch: true }) });
  const r = await rest(url, 'POST', '/rest/api/3/search/jql', {
    jql: `parent = ${epicKey}`,
    fields: ['duedate'],
    properties: ['kayttoonotto-item'],
    maxResults: 100,
  });
  const issues = (r.body as { issues: { fields: { duedate?: string | null }; properties?: Record<string, { itemId?: string }> }[] }).issues;
  const ids = issues.map((i) => i.properties?.['kayttoonotto-item']?.itemId ?? '');
  expect(new Set(ids).size).toBe(ids.length); // each item's child once
  return new Map(issues.map((i, n) => [ids[n]!, i.fields.duedate ?? null]));
}

/**
 * When each kill lands: `before` ms after the upgrade request leaves (before its intent is recorded: the
 * epic stays untouched), or `after` ms after its intent is seen recorded (Jira answers after 250 ms per
 * request, so an upgrade's steps take a few seconds), so that the moments hold however slow the machine is.
 */
const KILLS: ({ before: number } | { after: number })[] = [
  { before: 50 },
  { after: 0 },
  { after: 150 },
  { after: 300 },
  { after: 500 },
  { after: 800 },
  { after: 1_200 },
];
const label = (k: (typeof KILLS)[number]) => ('before' in k ? `${k.before} ms after the request` : `${k.after} ms after the intent`);

describe('due dates through an upgrade killed at any moment (child process, strict mode)', () => {
  let dataDir: string;
  let running: Running | null = null;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kayttoonotto-upgrade-due-crash-'));
  });
  afterAll(async () => {
    if (running) await stop(running, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`SIGKILL at ${KILLS.length} moments: upgraded with the right dates, or untouched`, async () => {
    running = await start(dataDir);
    let url = running.url;
    await saveVersion(url, '1.1.0', { [A]: -30, [B]: -7 }, false);
    const epics: Epic[] = [];
    for (let i = 0; i < KILLS.length; i++) {
      const r = await rest(url, 'POST', '/rest/api/3/issue', {
        fields: {
          project: { key: DEMO_PROJECT.key },
          issuetype: { id: ISSUE_TYPE_IDS.epic },
          summary: `Päivät ${i + 1}`,
          duedate: '2027-03-01',
        },
      });
      expect(r.status).toBe(201);
      epics.push(r.body as Epic);
    }
    for (const epic of epics)
      await waitFor(`${epic.key}'s children`, 120_000, async () => {
        const r = await invoke<PanelView>(url, asManager(epic, 'getPanel'));
        return r?.ok && r.data.phase?.spawn.state === 'complete' ? true : null;
      });
    await saveVersion(url, '1.2.0', { [A]: -30, [B]: -10 }, true);

    const outcomes: string[] = [];
    for (const [i, kill] of KILLS.entries()) {
      const epic = epics[i]!;
      void invoke(url, asManager(epic, 'upgradeEpic', { toTemplateId: 'kayttoonotto', toVersion: '1.2.0' })).catch(() => null);
      if ('before' in kill) await new Promise((r) => setTimeout(r, kill.before));
      else {
        const current = url;
        await waitFor(`${epic.key}'s upgrade intent`, 60_000, async () =>
          Object.keys(await storedUnder(current, `epic:${epic.id}:op`)).length > 0 ? true : null,
        );
        await new Promise((r) => setTimeout(r, kill.after));
      }
      await stop(running, 'SIGKILL');
      running = await start(dataDir);
      url = running.url;
      const left = Object.keys(await storedUnder(url, `epic:${epic.id}:op`)).length > 0;
      // Nobody acts: the watchdog resumes a recorded upgrade once the killed invocation's claim lapses.
      await waitFor(`${epic.key}'s upgrade to finish`, 90_000, async () =>
        Object.keys(await storedUnder(url, `epic:${epic.id}:op`)).length === 0 ? true : null,
      );
      const view = await invoke<PanelView>(url, asManager(epic, 'getPanel'));
      const version = view?.ok ? view.data.phase?.templateVersion : '?';
      const dates = await dueDates(url, epic.key);
      const appDates = (
        (await storedUnder(url, `epic:${epic.id}:due`))[`epic:${epic.id}:due`] as { children: Record<string, string | null> }
      ).children;
      expect(dates.get(A)).toBe('2027-01-30');
      if (version === '1.2.0') {
        expect(dates.get(ADDED)).toBe('2027-02-15');
        expect(dates.get(B)).toBe('2027-02-19');
        expect(appDates).toMatchObject({ [ADDED]: '2027-02-15', [B]: '2027-02-19' });
      } else {
        expect(version).toBe('1.1.0');
        expect(dates.has(ADDED)).toBe(false);
        expect(dates.get(B)).toBe('2027-02-22');
      }
      outcomes.push(`${label(kill)}: ${version}${left ? ' (resumed)' : ''}`);
    }
    console.info(`[upgrade due-date crash test] ${outcomes.join('; ')}`);
    // At least one kill landed in the middle of an upgrade that then finished by itself.
    expect(outcomes.some((o) => o.endsWith('1.2.0 (resumed)'))).toBe(true);

    // The go-live moves: the app's dates follow, the added child's among them.
    for (const epic of epics)
      expect((await rest(url, 'PUT', `/rest/api/3/issue/${epic.key}`, { fields: { duedate: '2027-04-01' } })).status).toBe(204);
    for (const [i, epic] of epics.entries()) {
      const upgraded = outcomes[i]!.includes('1.2.0');
      await waitFor(`${epic.key}'s dates to move`, 60_000, async () =>
        (await dueDates(url, epic.key)).get(A) === '2027-03-02' ? true : null,
      );
      const dates = await dueDates(url, epic.key);
      expect(dates.get(B)).toBe(upgraded ? '2027-03-22' : '2027-03-25');
      if (upgraded) expect(dates.get(ADDED)).toBe('2027-03-18');
    }
  }, 900_000);
});
