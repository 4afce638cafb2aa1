/**
 * Issue 13 in Chromium: on the settings page an admin exports the project's template, imports it
 * with one added duty (preview, then save as a new version); on a running epic's panel the project
 * manager previews the upgrade and upgrades: the epic gains exactly that child and keeps its
 * confirmation. A bad file shows its problems, each named by its path, in the user's language, and
 * the text stays. axe-core (WCAG 2.1 A/AA) on both new parts at 720 and 1,280 px.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import YAML from 'yaml';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { children, createEpic, ok, panel } from '../app/helpers';
import { pageUrl, panelFrame, ROOT, startEnv, type Env, browserDescribe } from './helpers';

const d = browserDescribe();

const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SETTINGS_PATH = '/plugins/servlet/project-config/DEMO/apps/kayttoonotto';
const NEW_DUTY = {
  id: 'duty.tietoturva.saavutettavuus',
  kind: 'duty',
  sectionId: CURRENT_TEMPLATE.items.find((i) => i.kind === 'duty')!.sectionId,
  role: 'architect',
  text: { fi: 'Saavutettavuusarvio tehty', sv: 'Tillgänglighetsbedömning gjord', en: 'Accessibility review done' },
  subPoints: [],
  mandatory: true,
};

/** axe at each width; a screenshot of each (test-results/screenshots/templates-<name>-<width>.png). */
async function axeAt(page: Page, name: string, widths: number[] = [720, 1280]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    const frame = page.locator('[data-testid="panel-frame"], [data-testid="settings-frame"]').first();
    await frame.screenshot({ path: path.join(SCREENSHOTS, `templates-${name}-${width}.png`) });
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    out[width] = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return out;
}

d('project templates and the upgrade of a running epic in Chromium', () => {
  let env: Env;
  let page: Page;
  let epic: { id: string; key: string };
  const kept = CURRENT_TEMPLATE.gates.entry.conditions.find(
    (c) => c.kind === 'attestation' && !c.approval && c.attestRoles.includes('project-manager'),
  )!;

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    epic = await createEpic(env.sandbox, 'Mallin päivitys selaimessa');
    await env.sandbox.harness.triggers.drain();
    ok(await panel(env.sandbox, 'hankepaallikko', epic, 'attest', { conditionId: kept.id, evidenceUrl: 'https://example.invalid/e' }));
  });
  afterAll(async () => {
    await env?.close();
  });

  async function openSettings(as: string, locale: string, theme = 'light'): Promise<Frame> {
    await page.goto(pageUrl(env.sandbox, SETTINGS_PATH, { as, locale, theme }));
    const frame = await panelFrame(page, 'settings-frame');
    await frame.getByTestId('template-current').waitFor({ timeout: 20_000 });
    return frame;
  }

  it('a bad file: every problem named by its path in the user language (fi), and the text read from the file stays', async () => {
    const frame = await openSettings('admin@sandbox.test', 'fi-FI');
    const doc = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as { items: Record<string, unknown>[] };
    doc.items[3]!.role = 'arkkitehtti';
    doc.items[4]!.colour = 'red';
    const text = YAML.stringify(doc);
    await frame.getByTestId('import-file').setInputFiles({ name: 'huono.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
    await frame.getByTestId('templates-status').filter({ hasText: 'huono.yaml' }).waitFor();
    expect(await frame.getByTestId('import-text').inputValue()).toBe(text);
    await frame.getByTestId('import-preview').click();
    await frame.getByTestId('import-problems').waitFor();
    const problems = await frame.getByTestId('import-problem').allInnerTexts();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^items\[3\]\.role: tuntematon rooli "arkkitehtti"/);
    expect(problems[1]).toBe('items[4].colour: tuntematon kenttä "colour"');
    expect(await frame.getByTestId('import-text').getAttribute('aria-invalid')).toBe('true');
    // Nothing typed is lost, and nothing can be saved.
    expect(await frame.getByTestId('import-text').inputValue()).toBe(text);
    expect(await frame.getByTestId('import-save').isDisabled()).toBe(true);
    // Editing after the preview: the typed text stays and the preview is marked stale.
    await frame.getByTestId('import-text').press('End');
    await frame.getByTestId('import-text').pressSequentially('# korjataan\n');
    expect(await frame.getByTestId('import-text').inputValue()).toBe(`${text}# korjataan\n`);
  });

  it('a save the server refuses (the same version saved meanwhile) is shown with its reason, and the text stays', async () => {
    const frame = await openSettings('admin@sandbox.test', 'en-US');
    const doc = YAML.parse(serializeTemplate(CURRENT_TEMPLATE, 'yaml')) as { id: string; version: string };
    doc.id = 'oma-malli';
    doc.version = '1.0.0';
    const text = YAML.stringify(doc);
    await frame.getByTestId('import-text').fill(text);
    await frame.getByTestId('import-preview').click();
    await frame.getByTestId('import-preview-result').waitFor();
    expect(await frame.getByTestId('import-save').isDisabled()).toBe(false);
    // Another admin saves the same version first.
    const other = await env.sandbox.harness.invokeResolver(
      'settings-resolver',
      'saveProjectTemplate',
      { text, locale: 'en-US' },
      { ...settingsContext(ACCOUNT_IDS.admin), locale: 'en-US' },
    );
    expect(other).toMatchObject({ ok: true });
    await frame.getByTestId('import-save').click();
    const error = frame.getByTestId('template-import').getByTestId('error-message');
    await error.waitFor();
    expect(await error.innerText()).toContain('The template was not saved');
    expect(await error.innerText()).toContain('version: version "1.0.0" is already saved');
    expect(await frame.getByTestId('import-text').inputValue()).toBe(text);
  });

  it('label rules: a refused rule keeps what was typed and says why; the corrected rule is saved', async () => {
    const frame = await openSettings('admin@sandbox.test', 'en-US');
    await frame.getByTestId('rule-add').click();
    const label = frame.getByLabel('Label of rule 1');
    await label.fill('two words');
    await frame.getByTestId('rules-save').click();
    const error = frame.getByTestId('template-rules').getByTestId('error-message');
    await error.waitFor();
    expect(await error.innerText()).toContain('rules[0].label: a Jira label has 1–255 characters and no spaces');
    expect(await label.inputValue()).toBe('two words');
    await label.fill('saavutettavuus');
    await frame.getByTestId('rules-save').click();
    await frame.getByTestId('templates-status').filter({ hasText: 'The rules were saved' }).waitFor();
    expect(await error.count()).toBe(0);
    await page.reload();
    const again = await openSettings('admin@sandbox.test', 'en-US');
    expect(await again.getByLabel('Label of rule 1').inputValue()).toBe('saavutettavuus');
  });

  it("in the dark theme (sv) the exported text and a bad file's problems have no axe violations", async () => {
    const frame = await openSettings('admin@sandbox.test', 'sv-SE', 'dark');
    await frame.getByTestId('export-template').click();
    await frame.getByTestId('export-text').waitFor();
    await frame.getByTestId('import-text').fill('id: kayttoonotto\nversion: 9\n');
    await frame.getByTestId('import-preview').click();
    await frame.getByTestId('import-problems').waitFor();
    expect((await frame.getByTestId('import-problem').allInnerTexts()).length).toBeGreaterThan(0);
    expect(await axeAt(page, 'settings-dark')).toEqual({ 720: [], 1280: [] });
  });

  it('someone who is not a project admin cannot save, and is told why', async () => {
    const frame = await openSettings('hankepaallikko@sandbox.test', 'en-US');
    await frame.getByTestId('import-text').fill('id: x');
    expect(await frame.getByTestId('import-save').isDisabled()).toBe(true);
    expect(await frame.getByTestId('template-import').innerText()).toContain('Only a project admin can save.');
  });

  it('an admin imports a template with one added duty (export, preview, save); the project manager previews and upgrades the running epic: exactly that new child, the confirmation stays; no axe violations on either', async () => {
    const settings = await openSettings('admin@sandbox.test', 'en-US');
    expect(await settings.getByTestId('template-current').getAttribute('data-source')).toBe('built-in');
    await settings.getByTestId('export-template').click();
    await settings.getByTestId('export-text').waitFor();
    const exported = await settings.getByTestId('export-text').inputValue();
    expect(exported).toBe(serializeTemplate(CURRENT_TEMPLATE, 'yaml'));
    expect(await settings.getByTestId('export-text').getAttribute('readonly')).not.toBeNull();
    const [download] = await Promise.all([page.waitForEvent('download'), settings.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toBe('DEMO-kayttoonotto-1.0.0.yaml');

    const doc = YAML.parse(exported) as { version: string; items: unknown[] };
    doc.version = '1.1.0';
    doc.items.push(NEW_DUTY);
    await settings.getByTestId('import-text').fill(YAML.stringify(doc));
    await settings.getByTestId('import-preview').click();
    await settings.getByTestId('import-preview-result').waitFor();
    expect(await settings.getByTestId('import-added').getAttribute('data-count')).toBe('1');
    expect(await settings.locator('[data-testid="import-added"] li').getAttribute('data-id')).toBe(NEW_DUTY.id);
    expect(await settings.getByTestId('import-removed').count()).toBe(0);
    expect(await settings.getByTestId('import-blockers').count()).toBe(0);
    expect(await axeAt(page, 'settings-preview')).toEqual({ 720: [], 1280: [] });

    await settings.getByTestId('import-save').click();
    await settings.locator('[data-testid="template-current"][data-version="1.1.0"]').waitFor();
    expect(await settings.getByTestId('template-current').getAttribute('data-source')).toBe('project');
    expect(
      await settings
        .locator('[data-testid="template-version"][data-template-id="kayttoonotto"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version'))),
    ).toEqual(['1.1.0']);
    expect(await settings.locator('[data-testid="template-version"][data-template-id="kayttoonotto"]').innerText()).toContain(
      'Aino Ylläpitäjä',
    );
    const before = await children(env.sandbox, epic.key);
    expect(before).toHaveLength(38);
    await page.goto(pageUrl(env.sandbox, `/browse/${epic.key}`, { as: 'hankepaallikko@sandbox.test', locale: 'en-US' }));
    const frame = await panelFrame(page);
    await frame.getByTestId('upgrade-notice').waitFor();
    expect(await frame.getByTestId('upgrade-notice').innerText()).toContain('1.0.0 → 1.1.0');
    await frame.getByTestId('upgrade-preview').click();
    await frame.getByTestId('upgrade-plan').waitFor();
    expect(await frame.getByTestId('upgrade-added').getAttribute('data-count')).toBe('1');
    const added = frame.locator('[data-testid="upgrade-added"] li');
    expect(await added.getAttribute('data-item-id')).toBe(NEW_DUTY.id);
    expect(await added.innerText()).toContain('Accessibility review done');
    expect(await frame.getByTestId('upgrade-voided').count()).toBe(0);
    expect(await frame.getByTestId('upgrade-kept').innerText()).toContain('Kept: 1 confirmations');
    expect(await axeAt(page, 'panel-preview')).toEqual({ 720: [], 1280: [] });

    await frame.getByTestId('upgrade-run').click();
    const confirm = frame.getByTestId('upgrade-confirm');
    expect(await confirm.innerText()).toContain('1 new work items will be created');
    await confirm.getByTestId('confirm-yes').click();
    await frame.getByTestId('upgrade-result').waitFor({ timeout: 60_000 });
    expect(await frame.getByTestId('upgrade-result').innerText()).toContain('1 work items created');
    // The panel refreshed: no notice any more.
    await frame.locator('[data-testid="upgrade-notice"]').waitFor({ state: 'detached' });
    expect(await axeAt(page, 'panel-upgraded', [720])).toEqual({ 720: [] });

    const after = await children(env.sandbox, epic.key);
    expect(after).toHaveLength(before.length + 1);
    const created = after.filter((c) => !before.some((b) => b.key === c.key));
    expect(created.map((c) => [c.itemId, c.assignee])).toEqual([[NEW_DUTY.id, ACCOUNT_IDS.arkkitehti]]);
    const view = ok(await panel(env.sandbox, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.templateVersion).toBe('1.1.0');
    expect(view.attestations.map((a) => a.conditionId)).toEqual([kept.id]);
    expect(view.newerTemplate).toBeNull();
  });
});
