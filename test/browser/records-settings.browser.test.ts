/**
 * Issue 23 on the settings page, in Chromium and Finnish: no unfilled "{…}" placeholder anywhere
 * (the versions table's "Saved" column); after a 60-item template is saved the form says what a new
 * epic gets (the project's version and 60 work items, not the built-in 1.0.0 and 38); the import
 * preview names changed fields in Finnish; the child type is preselected (Task) when none was chosen.
 */
import type { Frame, Page } from 'playwright-core';
import YAML from 'yaml';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { DEMO_SETTINGS, seedDemoSettings } from '../../dev/sandbox/demo';
import { ISSUE_TYPE_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import type { Result } from '../../src/shared/api';
import { ACCOUNT_IDS, saveEditedTemplate, settingsContext } from '../app/helpers';
import { browserDescribe, pageUrl, panelFrame, startEnv, type Env } from './helpers';

const d = browserDescribe();
const SETTINGS_PATH = '/plugins/servlet/project-config/DEMO/apps/kayttoonotto';

d('settings page wording and defaults (issue 23)', () => {
  let env: Env;
  let page: Page;

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
  });
  afterAll(async () => {
    await env?.close();
  });

  async function openSettings(locale = 'fi-FI'): Promise<Frame> {
    await page.goto(pageUrl(env.sandbox, SETTINGS_PATH, { as: 'admin@sandbox.test', locale }));
    const frame = await panelFrame(page, 'settings-frame');
    await frame.getByTestId('template-current').waitFor({ timeout: 20_000 });
    return frame;
  }

  it('preselects Task as the child type when the saved settings chose none', async () => {
    await seedDemoSettings(env.sandbox, { force: true, settings: { ...DEMO_SETTINGS, enabled: false, childIssueTypeId: null } });
    const frame = await openSettings();
    expect(await frame.getByTestId('child-type').inputValue()).toBe(ISSUE_TYPE_IDS.task);
    await seedDemoSettings(env.sandbox, { force: true });
  });

  it('after a 60-item template is imported: the form names its version and 60 work items, the preview names fields in Finnish, and no text shows a "{" placeholder', async () => {
    const frame = await openSettings();
    const doc = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as {
      version: string;
      items: { id: string; role: string }[];
    };
    doc.version = '1.1.0';
    const section = CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty')!.sectionId;
    for (let n = 1; n <= 22; n++) {
      doc.items.push({
        id: `duty.lisa.${n}`,
        kind: 'duty',
        sectionId: section,
        role: 'architect',
        text: { fi: `Lisätehtävä numero ${n}`, sv: `Extra uppgift nummer ${n}`, en: `Extra duty number ${n}` },
        subPoints: [],
        mandatory: true,
      } as unknown as { id: string; role: string });
    }
    const deliverable = doc.items.find((i) => CURRENT_TEMPLATE.items.find((x) => x.id === i.id)?.kind === 'deliverable')!;
    deliverable.role = deliverable.role === 'architect' ? 'production-team' : 'architect';
    expect(doc.items).toHaveLength(60);
    await frame.getByTestId('import-text').fill(YAML.stringify(doc));
    await frame.getByTestId('import-preview').click();
    await frame.getByTestId('import-preview-result').waitFor();
    const changed = await frame.getByTestId('import-changed').innerText();
    expect(changed).toContain('muuttuu: vastuurooli');
    expect(changed).not.toMatch(/—|\brole\b/);
    await frame.getByTestId('import-save').click();
    await frame.locator('[data-testid="template-current"][data-version="1.1.0"]').waitFor();
    // the form's view is read again after the save (it may show an earlier project version until then)
    const inUse = frame.getByTestId('template-version-project');
    await frame.locator('[data-testid="template-version-project"]', { hasText: 'versio 1.1.0' }).waitFor();
    expect(await inUse.innerText()).toContain('kayttoonotto, versio 1.1.0 (60 työtehtävää)');
    await frame.getByLabel('Kaikki projektin epiikit', { exact: false }).check();
    const warning = await frame.getByTestId('all-epics-warning').innerText();
    expect(warning).toContain('60 työtehtävää');
    expect(warning).not.toContain('38');
    const text = await frame.locator('body').innerText();
    expect(text).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(await frame.locator('[data-testid="template-versions"] th').allInnerTexts()).toContain('Tallennettu');
  });

  it('in Swedish the versions table has no placeholder either', async () => {
    // The table is there once the project has a version of its own: one is saved unless the project has
    // some already (a version is never saved twice, nor below a saved one), whichever test ran before.
    const saved = (await env.sandbox.harness.invokeResolver(
      'settings-resolver',
      'getProjectTemplates',
      {},
      settingsContext(ACCOUNT_IDS.admin),
    )) as Result<{ versions: unknown[] }>;
    if (!saved.ok) throw new Error(saved.error.message);
    if (saved.data.versions.length === 0) await saveEditedTemplate(env.sandbox, (d) => void (d.version = '1.0.1'));
    const frame = await openSettings('sv-SE');
    await frame.getByTestId('template-versions').waitFor();
    expect(await frame.locator('body').innerText()).not.toMatch(/\{[a-zA-Z]+\}/);
  });
});
