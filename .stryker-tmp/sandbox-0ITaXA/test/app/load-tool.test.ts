/**
 * The load tool (`npm run -s load`, scripts/load.ts) end to end, small: a burst of 20 epics on a
 * 60-item template from 8 clients against its own strict sandbox process. Every epic exact, nothing
 * duplicated, and the work settles. (The full runs — 200 epics, with and without a SIGKILL in the
 * middle — are in the closing notes of issue 19; they take minutes.)
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseLoadArgs } from '../../scripts/load';

describe('npm run -s load', () => {
  it('parses its options and refuses bad ones', () => {
    expect(parseLoadArgs(['--epics', '5', '--clients', '2', '--strict', '--kill-at-epic', '3', '--items', '60'])).toMatchObject({
      epics: 5,
      clients: 2,
      strict: true,
      killAtEpic: 3,
      items: 60,
    });
    expect(() => parseLoadArgs(['--epics', '0'])).toThrow(/--epics needs a whole number/);
    expect(() => parseLoadArgs(['--bogus'])).toThrow(/Unknown option --bogus/);
  });

  it('20 epics x 60 items, 8 clients, strict: every epic exact, none duplicated, settled', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/load.ts',
        '--epics',
        '20',
        '--clients',
        '8',
        '--items',
        '60',
        '--strict',
        '--quiet-s',
        '5',
        '--max-wait-s',
        '120',
      ],
      { cwd: join(__dirname, '..', '..'), encoding: 'utf8', timeout: 170_000 },
    );
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    const line = JSON.parse(last) as Record<string, unknown>;
    expect(line).toMatchObject({
      epics: 20,
      exact: 20,
      duplicates: 0,
      short: 0,
      extra: 0,
      workItems: 1200,
      itemsPerEpic: 60,
      strict: true,
    });
    expect(typeof line.settleS).toBe('number');
    expect(r.status).toBe(0);
  }, 180_000);
});
