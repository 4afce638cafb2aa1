/**
 * The settings page's template import refuses control, bidi and invisible characters in template
 * texts, as every resolver text field does: the preview names each by its path in the user's
 * language, and saving refuses the file (strict mode, through the sandbox).
 */
import YAML from 'yaml';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import type { PayloadOf, Result, ResolverName, ResultOf } from '../../src/shared/api';
import { ok, startApp } from './helpers';

async function settings<K extends ResolverName>(sb: Sandbox, name: K, payload: PayloadOf<K>, locale: string): Promise<Result<ResultOf<K>>> {
  return (await sb.harness.invokeResolver(
    'settings-resolver',
    name,
    { ...payload, locale },
    { ...settingsContext(ACCOUNT_IDS.admin), locale },
  )) as Result<ResultOf<K>>;
}

describe('template texts on the settings page', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startApp();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('the preview names each refused character by its path, in the user language; saving refuses the file', async () => {
    const d = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml'));
    d.version = '1.0.1';
    d.items[3].text.fi = 'Tehtävä\u0000';
    d.items[4].text.en = 'Task\u0007';
    d.items[5].text.fi = 'Tehtävä\u202Eexe';
    d.items[6].text.sv = 'Upp\u200Bgift';
    const text = YAML.stringify(d);
    const en = ok(await settings(sb, 'previewProjectTemplate', { text }, 'en-US'));
    expect(en).toEqual({
      valid: false,
      problems: [
        'items[3].text.fi: contains a control character (U+0000) that cannot be stored',
        'items[4].text.en: contains a control character (U+0007) that cannot be stored',
        'items[5].text.fi: contains a text-direction character (U+202E) that cannot be stored',
        'items[6].text.sv: contains an invisible character (U+200B) that cannot be stored',
      ],
    });
    const fi = ok(await settings(sb, 'previewProjectTemplate', { text }, 'fi-FI'));
    expect(fi.valid === false && fi.problems[0]).toBe('items[3].text.fi: sisältää ohjausmerkin (U+0000), jota ei voi tallentaa');
    const sv = ok(await settings(sb, 'previewProjectTemplate', { text }, 'sv-SE'));
    expect(sv.valid === false && sv.problems[3]).toBe('items[6].text.sv: innehåller ett osynligt tecken (U+200B) som inte kan sparas');

    const saved = await settings(sb, 'saveProjectTemplate', { text }, 'fi-FI');
    expect(saved.ok).toBe(false);
    if (!saved.ok) {
      expect(saved.error.code).toBe('INVALID_INPUT');
      expect(saved.error.details).toContain('items[5].text.fi: sisältää tekstin suuntaa muuttavan merkin (U+202E), jota ei voi tallentaa');
    }
    const versions = ok(await settings(sb, 'getProjectTemplates', {}, 'en-US'));
    expect(versions.versions.map((v) => v.version)).not.toContain('1.0.1');
  });

  it('a label rule follows the same text rule: a label with a control, bidi or invisible character is refused by its path', async () => {
    for (const [label, problem] of [
      ['kayttoonotto\u0000', 'contains a control character (U+0000) that cannot be stored'],
      ['kayttoonotto\u202Etxt', 'contains a text-direction character (U+202E) that cannot be stored'],
      ['kaytto\u200Bonotto', 'contains an invisible character (U+200B) that cannot be stored'],
    ] as const) {
      const r = await settings(sb, 'saveTemplateLabelRules', { rules: [{ label, templateId: 'kayttoonotto' }] }, 'en-US');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.details).toEqual([`rules[0].label: ${problem}`]);
    }
    const fi = await settings(
      sb,
      'saveTemplateLabelRules',
      { rules: [{ label: 'kayttoonotto\u202Etxt', templateId: 'kayttoonotto' }] },
      'fi-FI',
    );
    expect(!fi.ok && fi.error.details).toEqual([
      'rules[0].label: sisältää tekstin suuntaa muuttavan merkin (U+202E), jota ei voi tallentaa',
    ]);
    const fine = await settings(
      sb,
      'saveTemplateLabelRules',
      { rules: [{ label: 'käyttöönotto-2026', templateId: 'kayttoonotto' }] },
      'en-US',
    );
    expect(fine.ok).toBe(true);
  });
});
