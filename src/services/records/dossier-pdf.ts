/**
 * The closure dossier as PDF/A-2b, made by the app with PDFKit (its `subset: 'PDF/A-2b'` mode writes
 * the XMP identification pdfaid:part 2, pdfaid:conformance B and an sRGB output intent with its ICC
 * profile; no encryption is ever set). Loaded only by `getDossierPdf` through a dynamic import, so
 * that no other function loads PDFKit.
 *
 * Content: the printable HTML's sections, words and order (services/records/dossier-blocks.ts reads them from
 * `dossierHtml`), on A4 with margins of at least 15 mm, the page number and the digest on every page.
 * Fonts: Noto Sans (SIL Open Font License 1.1) from the npm package @expo-google-fonts/noto-sans,
 * read at run time (PDF_DATA_FILES) and embedded as subsets (PDF/A forbids the standard 14 fonts,
 * which are never embedded). Metadata: the record's title, epic key and digest in the XMP packet
 * (Dublin Core and Adobe PDF properties only, which PDF/A needs no extension schema for).
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Dossier } from '../../core/dossier-format';
import type { Locale } from '../../core/template/schema';
import { l10nIn } from '../../core/messages';
import { dossierBlocks, plain, type Block, type Cell, type Para } from './dossier-blocks';

const MM = 72 / 25.4;
/** Page margins in mm: the footer (page number, digest) sits in the bottom margin, 15 mm above the edge. */
export const PDF_MARGINS_MM = { top: 20, right: 18, bottom: 27, left: 22 } as const;
const FOOTER_FROM_BOTTOM_MM = 16;

/**
 * Data files the PDF needs, as paths in node_modules. Forge bundles a function's code with Webpack, which
 * leaves data files out: manifest.yml `app.package.extraFiles` copies these into the deployed app, where
 * they are read relative to the app's directory (docs: manifest-reference, "Packaging", "Reading packaged
 * files"); in Node outside Forge (sandbox, tests) from the package.
 */
export const PDF_DATA_FILES = {
  regular: 'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: 'node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  srgb: 'node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc',
} as const;

function dataFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return readFileSync(require.resolve(path.slice('node_modules/'.length)));
  }
}

const SIZE = { h1: 15, h2: 12, p: 9.5, cell: 8.5, small: 7.5, auditCell: 7.5, auditSmall: 6.8, footer: 7.5 } as const;
const INK = '#172b4d';
const MUTED = '#44546f';
const RULE = '#8590a2';
const HEAD_FILL = '#f1f2f4';

/** Column widths (shares of the text width) by the number of columns of the dossier's tables. */
function columnShares(n: number, audit: boolean): number[] {
  if (audit && n === 4) return [0.22, 0.22, 0.2, 0.36];
  if (n === 2) return [0.34, 0.66];
  if (n === 5) return [0.3, 0.16, 0.2, 0.15, 0.19];
  return Array.from({ length: n }, () => 1 / n);
}

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export async function dossierPdf(d: Dossier, html: string, locale: Locale): Promise<Buffer> {
  const title = `${l10nIn(locale, 'server.dossier.title')}: ${d.content.epic.key} ${d.content.epic.summary}`;
  const digest = `${d.digest.algorithm} ${d.digest.value}`;
  const doc = new PDFDocument({
    size: 'A4',
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: locale === 'en' ? 'en' : `${locale}-${locale.toUpperCase()}`, // fi-FI, sv-SE
    bufferPages: true,
    autoFirstPage: true,
    margins: {
      top: PDF_MARGINS_MM.top * MM,
      right: PDF_MARGINS_MM.right * MM,
      bottom: PDF_MARGINS_MM.bottom * MM,
      left: PDF_MARGINS_MM.left * MM,
    },
    // Written by PDFKit both in the Info dictionary and, raw, in the XMP packet: plain words only.
    info: { Creator: 'Kayttoonotto for Jira', Producer: 'PDFKit', CreationDate: new Date(d.content.generatedAt) },
    font: dataFile(PDF_DATA_FILES.regular) as unknown as string,
  });
  // PDFKit's PDF/A mode reads its sRGB profile next to its own module file, which a Webpack bundle moves:
  // the same output intent (as PDFKit 0.20 writes it), with the profile read from the packaged file.
  const pdfa = doc as unknown as {
    _addColorOutputIntent: () => void;
    ref: (data: Record<string, unknown>) => { write: (b: Buffer) => void; end: () => void };
    _root: { data: Record<string, unknown> };
  };
  pdfa._addColorOutputIntent = () => {
    const icc = dataFile(PDF_DATA_FILES.srgb);
    const profile = pdfa.ref({ Length: icc.length, N: 3 });
    profile.write(icc);
    profile.end();
    const intent = pdfa.ref({
      Type: 'OutputIntent',
      S: 'GTS_PDFA1',
      Info: new String('sRGB IEC61966-2.1'),
      OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
      DestOutputProfile: profile,
    });
    intent.end();
    pdfa._root.data.OutputIntents = [intent];
  };
  // The record's own metadata, escaped for XML (PDFKit writes Title/Subject/Keywords into XMP unescaped).
  doc.appendXML(`
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(title)}</rdf:li></rdf:Alt></dc:title>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(`${d.content.epic.key}; ${digest}`)}</rdf:li></rdf:Alt></dc:description>
            <dc:identifier>${xml(`urn:sha256:${d.digest.value}`)}</dc:identifier>
            <dc:language><rdf:Bag><rdf:li>${xml(locale)}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Keywords>${xml(`${d.content.epic.key}; ${digest}`)}</pdf:Keywords>
        </rdf:Description>
        `);
  doc.registerFont('regular', dataFile(PDF_DATA_FILES.regular));
  doc.registerFont('bold', dataFile(PDF_DATA_FILES.bold));
  doc.font('regular').fillColor(INK);

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const maxY = () => doc.page.height - doc.page.margins.bottom;
  const room = (h: number) => {
    if (doc.y + h > maxY()) doc.addPage();
  };

  const paraText = (p: Para) => p.map((r) => r.text).join('');
  const paraSize = (p: Para, normal: number, small: number) => (p.every((r) => r.small) ? small : normal);
  const parasHeight = (paras: Para[], w: number, normal: number, small: number, font: 'regular' | 'bold') =>
    paras.reduce(
      (h, p) =>
        h +
        doc
          .font(font)
          .fontSize(paraSize(p, normal, small))
          .heightOfString(paraText(p), { width: w }) +
        1,
      0,
    );
  const drawParas = (paras: Para[], x: number, y: number, w: number, normal: number, small: number, font: 'regular' | 'bold') => {
    let at = y;
    for (const p of paras) {
      const size = paraSize(p, normal, small);
      doc
        .font(font)
        .fontSize(size)
        .fillColor(size === small && small !== normal ? MUTED : INK);
      doc.text(paraText(p), x, at, { width: w });
      at = doc.y + 1;
    }
    doc.fillColor(INK);
    return at;
  };

  const table = (head: Cell[] | null, rows: Cell[][], audit: boolean) => {
    const n = Math.max(head?.length ?? 0, ...rows.map((r) => r.length));
    const widths = columnShares(n, audit).map((s) => s * width);
    const pad = 3;
    const normal = audit ? SIZE.auditCell : SIZE.cell;
    const small = audit ? SIZE.auditSmall : SIZE.small;
    const rowHeight = (cells: Cell[]) =>
      Math.max(...cells.map((c, i) => parasHeight(c.paras, widths[i]! - 2 * pad, normal, small, c.header ? 'bold' : 'regular'))) + 2 * pad;
    const drawRow = (cells: Cell[], header: boolean) => {
      const h = rowHeight(cells);
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (header || c.header) doc.save().rect(x, y, w, h).fill(HEAD_FILL).restore();
        doc.save().lineWidth(0.5).strokeColor(RULE).rect(x, y, w, h).stroke().restore();
        drawParas(c.paras, x + pad, y + pad, w - 2 * pad, normal, small, c.header ? 'bold' : 'regular');
        x += w;
      });
      doc.x = left;
      doc.y = y + h;
    };
    const drawHead = () => head && drawRow(head, true);
    room((head ? rowHeight(head) : 0) + (rows[0] ? rowHeight(rows[0]) : 0));
    drawHead();
    for (const r of rows) {
      const h = rowHeight(r);
      if (doc.y + h > maxY()) {
        doc.addPage();
        drawHead();
      }
      drawRow(r, false);
    }
    doc.moveDown(0.8);
  };

  const block = (b: Block) => {
    if (b.kind === 'table') table(b.head, b.rows, b.audit);
    else if (b.kind === 'h1' || b.kind === 'h2') {
      const size = SIZE[b.kind];
      const text = plain(b.paras).replace(/\n/g, ' ');
      const h = doc.font('bold').fontSize(size).heightOfString(text, { width });
      room(h + (b.kind === 'h2' ? 60 : 0)); // a heading is kept with what follows it
      if (b.kind === 'h2') doc.moveDown(0.4);
      doc.font('bold').fontSize(size).text(text, left, doc.y, { width });
      doc.moveDown(0.3);
    } else if (b.kind === 'p') {
      if (b.digest) {
        const text = plain(b.paras);
        const h =
          doc
            .font('regular')
            .fontSize(10)
            .heightOfString(text, { width: width - 12 }) + 12;
        room(h);
        const y = doc.y;
        doc.save().lineWidth(1.5).strokeColor(INK).rect(left, y, width, h).stroke().restore();
        doc
          .font('regular')
          .fontSize(10)
          .text(text, left + 6, y + 6, { width: width - 12 });
        doc.x = left;
        doc.y = y + h;
        doc.moveDown(0.5);
      } else {
        room(parasHeight(b.paras, width, SIZE.p, SIZE.small, 'regular'));
        doc.y = drawParas(b.paras, left, doc.y, width, SIZE.p, SIZE.small, 'regular');
        doc.moveDown(0.4);
      }
    } else if (b.kind === 'dl') {
      const keyW = width * 0.3;
      for (const [dt, dd] of b.rows) {
        const h = Math.max(
          parasHeight(dt, keyW - 6, SIZE.p, SIZE.small, 'bold'),
          parasHeight(dd, width - keyW, SIZE.p, SIZE.small, 'regular'),
        );
        room(h);
        const y = doc.y;
        drawParas(dt, left, y, keyW - 6, SIZE.p, SIZE.small, 'bold');
        drawParas(dd, left + keyW, y, width - keyW, SIZE.p, SIZE.small, 'regular');
        doc.x = left;
        doc.y = y + h + 2;
      }
      doc.moveDown(0.4);
    }
  };

  for (const b of dossierBlocks(html)) block(b);

  // The page number and the digest on every page, in the bottom margin (at least 15 mm from the edge).
  const range = doc.bufferedPageRange();
  const pages = range.count;
  for (let i = range.start; i < range.start + pages; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    const y = doc.page.height - FOOTER_FROM_BOTTOM_MM * MM - SIZE.footer * 1.4;
    const pageText = l10nIn(locale, 'server.dossier.page', { page: i - range.start + 1, pages });
    doc.font('regular').fontSize(SIZE.footer).fillColor(MUTED);
    doc.text(digest, left, y, { width: width * 0.8, lineBreak: false });
    doc.text(pageText, left + width * 0.8, y, { width: width * 0.2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
