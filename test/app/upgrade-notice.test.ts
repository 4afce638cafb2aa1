/**
 * The panel's upgrade notice (issue 13): getPanel tells whether the project has a newer version of
 * the epic's template, from one strict read of the template index (no template records).
 */
import YAML from 'yaml';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { createEpic, ok, panel, startApp } from './helpers';

describe('the panel knows of a newer template version', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('null on the newest version; the saved version once the project has one; null again after the upgrade', async () => {
    const epic = await createEpic(sb, 'Ilmoituksen testi');
    await sb.harness.triggers.drain();
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).newerTemplate).toBeNull();

    const d = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as { version: string };
    d.version = '1.0.1';
    const saved = await sb.harness.invokeResolver(
      'settings-resolver',
      'saveProjectTemplate',
      { text: YAML.stringify(d), locale: 'en-US' },
      { ...settingsContext(ACCOUNT_IDS.admin), locale: 'en-US' },
    );
    expect(saved).toMatchObject({ ok: true });

    const before = sb.harness.kvsLog.length;
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.newerTemplate).toEqual({ templateId: 'kayttoonotto', version: '1.0.1' });
    // One read of the index; the newer version's record is not read.
    const keys = sb.harness.kvsLog.slice(before).flatMap((k) => k.keys);
    expect(keys.filter((k) => k.startsWith('ptplindex:'))).toEqual([`ptplindex:${view.phase?.projectId}`]);
    expect(keys.filter((k) => k.endsWith(':1.0.1'))).toEqual([]);

    ok(await panel(sb, 'hankepaallikko', epic, 'upgradeEpic', { toTemplateId: 'kayttoonotto', toVersion: '1.0.1' }));
    expect(ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).newerTemplate).toBeNull();
  });
});
