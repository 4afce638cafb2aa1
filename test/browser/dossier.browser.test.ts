/**
 * The closure dossier in Chromium (issue 14): on a closed phase the panel offers the printable
 * dossier and its JSON; the HTML carries the digest, prints to PDF, and the JSON verifies.
 * axe-core (WCAG 2.1 A/AA) on the panel with the dossier buttons shown.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { RoleId } from '../../src/core/template/schema';
import { digestOf, verifyDossier } from '../../src/core/dossier';
import type { Dossier } from '../../src/shared/dossier';
import { TRANSITION_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { createEpic, jira, ok, panel, type UserKey } from '../app/helpers';
import { readPdf } from '../pdf/read';
import { pageUrl, panelFrame, startEnv, unfold, type Env, browserDescribe } from './helpers';

const d = browserDescribe();

const HOLDER: Record<RoleId, UserKey> = {
  'project-manager': 'hankepaallikko',
  'service-owner': 'palvelustaVastaava',
  architect: 'arkkitehti',
  'implementation-team': 'toteutustiimi',
  'production-team': 'tuotantotiimi',
  'steering-group': 'ohjausryhma',
};
const approval = { riskLevel: 'low', securityLevel: 'basic', dataProtectionLevel: 'personal-data' } as const;

d('closure dossier in Chromium', () => {
  let env: Env;
  let page: Page;
  let epic: { id: string; key: string };

  beforeAll(async () => {
    env = await startEnv();
    page = await env.context.newPage();
    const sb = env.sandbox;
    epic = await createEpic(sb, 'Arkistoitava vaihe');
    await sb.harness.triggers.drain();
    const conditions = [...CURRENT_TEMPLATE.gates.entry.conditions, ...CURRENT_TEMPLATE.gates.exit.conditions];
    for (const c of conditions) {
      if (c.kind !== 'attestation') continue;
      ok(
        await panel(sb, HOLDER[c.attestRoles[0]!], epic, 'attest', {
          conditionId: c.id,
          evidenceUrl: 'https://example.invalid/paatos-7',
          ...(c.approval ? { approval } : {}),
        }),
      );
    }
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    for (const item of view.readiness.items) {
      if (item.child)
        expect(
          (await jira(sb, 'admin', 'POST', `/rest/api/3/issue/${item.child.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
            .status,
        ).toBe(204);
    }
    expect(
      (await jira(sb, 'hankepaallikko', 'POST', `/rest/api/3/issue/${epic.key}/transitions`, { transition: { id: TRANSITION_IDS.done } }))
        .status,
    ).toBe(204);
  });
  afterAll(async () => {
    await env?.close();
  });

  async function openPanel(): Promise<Frame> {
    await page.goto(pageUrl(env.sandbox, `/browse/${epic.key}`, { as: 'hankepaallikko@sandbox.test', locale: 'en-US' }));
    const frame = await panelFrame(page);
    await unfold(frame, 'fold-export');
    await frame.getByTestId('export-dossier-html').waitFor();
    return frame;
  }

  it('downloads the printable dossier and its JSON (one digest), the JSON verifies and the HTML prints to PDF', async () => {
    const frame = await openPanel();
    const [html] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-dossier-html').click()]);
    expect(html.suggestedFilename()).toBe(`${epic.key}-closure-dossier.html`);
    const [json] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-dossier-json').click()]);
    expect(json.suggestedFilename()).toBe(`${epic.key}-closure-dossier.json`);
    const doc = JSON.parse(readFileSync(await json.path(), 'utf8')) as { digest: { value: string } };
    expect(verifyDossier(doc)).toMatchObject({ ok: true });
    // The PDF/A copy: its own dossier (recorded), named in the user's language, saved through a Blob as PDF.
    const [pdfFile] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-dossier-pdf').click()]);
    expect(pdfFile.suggestedFilename()).toBe(`${epic.key}-closure-dossier.pdf`);
    const archived = readPdf(readFileSync(await pdfFile.path()));
    expect(archived.xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(archived.pages[0]!.text).toContain(`Page 1 of ${archived.pages.length}`);
    const htmlText = readFileSync(await html.path(), 'utf8');
    expect(htmlText).toContain(doc.digest.value);
    expect(htmlText).toContain('https://example.invalid/paatos-7');
    const printed = await env.context.newPage();
    await printed.setContent(htmlText);
    expect(await printed.getByTestId('dossier-digest').innerText()).toBe(doc.digest.value);
    const pdf = await printed.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    const printedViolations = await new AxeBuilder({ page: printed }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(printedViolations.violations.map((v) => v.id)).toEqual([]);
    await printed.close();
  });

  it('a dossier file is verified on the panel: the one downloaded passes, the same edited and re-digested does not', async () => {
    const frame = await openPanel();
    const [json] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-dossier-json').click()]);
    const file = await json.path();
    await frame.locator('[data-testid="dossier-verify"] > summary').click();
    await frame.getByTestId('dossier-verify-file').setInputFiles(file);
    await frame.waitForFunction(() => {
      const t = document.querySelector<HTMLTextAreaElement>('[data-testid="dossier-verify-text"]');
      return !!t && t.value.length > 0;
    });
    await frame.getByTestId('dossier-verify-button').click();
    await frame.locator('[data-testid="dossier-verify-result"] [data-outcome="verified"]').waitFor();
    expect(await frame.getByTestId('dossier-verify-result').innerText()).toContain('Verified.');

    const doc = JSON.parse(readFileSync(file, 'utf8')) as Dossier;
    const content = structuredClone(doc.content);
    content.epic.summary = `${content.epic.summary} (muokattu)`;
    const forged: Dossier = { content, digest: { ...doc.digest, value: digestOf(content) } };
    expect(verifyDossier(forged)).toMatchObject({ ok: true }); // its own digest matches
    await frame.getByTestId('dossier-verify-text').fill(JSON.stringify(forged));
    await frame.getByTestId('dossier-verify-button').click();
    await frame.locator('[data-testid="dossier-verify-result"] [data-outcome="not-issued"]').waitFor();
    expect(await frame.getByTestId('dossier-verify-result').innerText()).toContain('Not verified.');
  });

  it('the panel with the dossier buttons has no axe violations', async () => {
    const frame = await openPanel();
    await frame.locator('[data-testid="dossier-verify"] > summary').click();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });

  it('the Finnish dossier prints on A4 within its margins: no word broken inside, nothing wider than the page (issue 23)', async () => {
    const fi = ok(await panel(env.sandbox, 'hankepaallikko', epic, 'getDossier', {}, 'fi-FI'));
    expect(fi.fileName).toBe(`${epic.key}-sulkemisasiakirja`);
    const printed = await env.context.newPage();
    await printed.emulateMedia({ media: 'print' });
    // A4 (210 mm) less the @page margins (22 + 18 mm) at 96 dpi: 170 mm ≈ 643 CSS px.
    await printed.setViewportSize({ width: 643, height: 1000 });
    await printed.setContent(fi.html);
    const m = await printed.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const style = getComputedStyle(document.body);
      // Every text cell (not links, ids or the digest) keeps its words whole: no line ends inside a word.
      const broken: string[] = [];
      for (const td of Array.from(document.querySelectorAll('td, th, p, dd'))) {
        for (const node of Array.from(td.childNodes)) {
          if (node.nodeType !== Node.TEXT_NODE || !node.textContent) continue;
          const text = node.textContent;
          const range = document.createRange();
          for (const match of text.matchAll(/\p{L}{6,}/gu)) {
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (range.getClientRects().length > 1) broken.push(match[0]);
          }
        }
      }
      const wide = Array.from(document.querySelectorAll('table, dl, p, h1, h2, td, th'))
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .map((el) => `${el.tagName}: ${(el.textContent ?? '').slice(0, 60)}`);
      return { width, scroll: document.documentElement.scrollWidth, hyphens: style.hyphens, broken, wide };
    });
    expect(m.hyphens).toBe('manual');
    expect(m.wide).toEqual([]);
    expect(m.broken).toEqual([]);
    expect(m.scroll).toBeLessThanOrEqual(m.width);
    const pdf = await printed.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Printed: every page carries the digest and its page number (the @page margin boxes).
    const pages = readPdf(pdf).pages;
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p.width).toBeCloseTo(595.28, 0);
      expect(p.text.replace(/\s+/g, ' ')).toContain(`SHA-256 ${fi.dossier.digest.value}`);
      expect(p.text).toContain(`Sivu ${i + 1}/${pages.length}`);
    });
    await printed.close();
  });
});
