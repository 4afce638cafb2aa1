/**
 * The closure dossier's PDF/A-2b copy (resolver `getDossierPdf`, issue 23), made by the app for a closed
 * phase in strict mode through the sandbox: the file parses as PDF, its XMP says PDF/A-2 level B and
 * carries the record's title, epic key and digest, every font is embedded, there is an sRGB output
 * intent and no encryption, and every A4 page shows the digest and its page number. The answer (PDF,
 * JSON and HTML) stays within the 5 MB Forge allows a front-end invocation's response.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import type { DossierPdfResult } from '../../src/shared/dossier';
import { readPdf as readPdfBytes, type ReadPdf } from '../pdf/read';
import { closeEpic } from './close-helpers';
import { createEpic, ok, panel, startApp } from './helpers';

const readPdf = (base64: string): ReadPdf => readPdfBytes(Buffer.from(base64, 'base64'));

/** A4 in points, and 15 mm. */
const A4 = { width: 595.28, height: 841.89 };

describe('the closure dossier as PDF/A-2b', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  let fi: DossierPdfResult;
  let pdf: ReadPdf;
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Arkistoitava vaihe & <PDF/A> "lainaus"');
    await sb.harness.triggers.drain();
    await closeEpic(sb, epic, {
      // A long audit trail: the risk level changed back and forth (each change one entry, and the voided approvals).
      inProgress: async () => {
        for (let i = 0; i < 40; i++) ok(await panel(sb, 'hankepaallikko', epic, 'setRiskLevel', { riskLevel: i % 2 ? 'medium' : 'high' }));
      },
    });
    fi = ok(await panel(sb, 'hankepaallikko', epic, 'getDossierPdf', {}, 'fi-FI'));
    pdf = readPdf(fi.pdf);
  }, 120_000);
  afterAll(async () => {
    await sb.close();
  });

  it('parses as PDF 1.7 on A4 pages, without encryption, in Finnish', () => {
    expect(pdf.header).toBe('%PDF-1.7');
    expect(pdf.pages.length).toBeGreaterThan(1);
    for (const p of pdf.pages) {
      expect(p.width).toBeCloseTo(A4.width, 0);
      expect(p.height).toBeCloseTo(A4.height, 0);
    }
    expect(pdf.encrypted).toBe(false);
    expect(pdf.lang).toBe('fi-FI');
  });

  it('its XMP names PDF/A-2b, the title, the epic key and the digest; an sRGB output intent is there', () => {
    const xmp = pdf.xmp!;
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toContain(`Käyttöönottovaiheen päättämisasiakirja: ${epic.key} Arkistoitava vaihe &amp; &lt;PDF/A&gt; &quot;lainaus&quot;`);
    expect(xmp).toContain(`urn:sha256:${fi.dossier.digest.value}`);
    expect(xmp).toContain(`<pdf:Keywords>${epic.key}; SHA-256 ${fi.dossier.digest.value}</pdf:Keywords>`);
    expect(pdf.outputIntents).toEqual([{ s: '/GTS_PDFA1', profile: true }]);
  });

  it('every font is embedded (no standard 14 font)', () => {
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const f of pdf.fonts) expect(f).toMatchObject({ embedded: 'FontFile2' });
    expect(pdf.fonts.map((f) => f.baseFont).join(' ')).toMatch(/NotoSans/);
  });

  it('every page shows the digest and its page number; the content is the HTML dossier’s, in Finnish words', () => {
    const n = pdf.pages.length;
    pdf.pages.forEach((p, i) => {
      expect(p.text).toContain(`SHA-256 ${fi.dossier.digest.value}`);
      expect(p.text).toContain(`Sivu ${i + 1}/${n}`);
    });
    const all = pdf.pages.map((p) => p.text).join('\n');
    expect(all).toContain('Ajat ovat Suomen aikaa (Helsinki).');
    expect(all).toContain('Vaihe aloitettu');
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(all).not.toMatch(/\bphase\.started\b|\brisk\.changed\b|\bproject-manager\b|\bpersonal-data\b/);
  });

  it('the answer (PDF, JSON, HTML) stays within Forge’s 5 MB response; the dossier is the one recorded', async () => {
    const bytes = Buffer.byteLength(JSON.stringify({ ok: true, data: fi }), 'utf8');
    console.log(`dossier PDF ${Buffer.from(fi.pdf, 'base64').length} bytes, ${pdf.pages.length} pages; response ${bytes} bytes`);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    const check = ok(await panel(sb, 'ohjausryhma', epic, 'verifyDossier', { text: JSON.stringify(fi.dossier) }));
    expect(check.outcome).toBe('verified');
    expect(fi.fileName).toBe(`${epic.key}-sulkemisasiakirja`);
  });

  it('in Swedish: Swedish page numbers; an open phase and an outsider are refused as for the HTML dossier', async () => {
    const sv = ok(await panel(sb, 'hankepaallikko', epic, 'getDossierPdf', {}, 'sv-SE'));
    const read = readPdf(sv.pdf);
    expect(read.pages[0]!.text).toContain(`Sida 1/${read.pages.length}`);
    expect(sv.fileName).toBe(`${epic.key}-avslutningsdokument`);
    const outsider = await panel(sb, 'outsider', epic, 'getDossierPdf', {});
    const html = await panel(sb, 'outsider', epic, 'getDossier', {});
    expect(outsider.ok).toBe(false);
    expect(outsider.ok === false && outsider.error.code).toBe(html.ok === false && html.error.code);
    const open = await createEpic(sb, 'Avoin vaihe');
    await sb.harness.triggers.drain();
    const early = await panel(sb, 'hankepaallikko', open, 'getDossierPdf', {});
    expect(early.ok).toBe(false);
  }, 60_000);
});
