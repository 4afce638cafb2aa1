/**
 * Reads a PDF file for the tests, in a Node process of its own (pdfjs-dist is an ES module, which
 * jest's CommonJS transform cannot load): `node test/pdf/read-pdf.mjs <file>` prints JSON with the
 * text of each page (pdf.js), the XMP packet, the trailer's encryption, and per font dictionary
 * whether its descriptor holds an embedded font file (pdf-lib, from the file's own objects).
 */
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDict, PDFDocument, PDFName, PDFArray, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';

const bytes = new Uint8Array(readFileSync(process.argv[2]));

const pdfjs = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
const pages = [];
for (let i = 1; i <= pdfjs.numPages; i++) {
  const page = await pdfjs.getPage(i);
  const content = await page.getTextContent();
  const [, , w, h] = page.view;
  pages.push({ text: content.items.map((t) => ('str' in t ? t.str + (t.hasEOL ? '\n' : '') : '')).join(''), width: w, height: h });
}
const meta = await pdfjs.getMetadata();

const doc = await PDFDocument.load(bytes, { updateMetadata: false });
const ctx = doc.context;
const deref = (o) => (o instanceof PDFRef ? ctx.lookup(o) : o);
const fonts = [];
for (const [, obj] of ctx.enumerateIndirectObjects()) {
  if (!(obj instanceof PDFDict) || deref(obj.get(PDFName.of('Type')))?.toString() !== '/Font') continue;
  const subtype = deref(obj.get(PDFName.of('Subtype')))?.toString();
  if (subtype === '/Type0') continue; // its descendant CIDFont is a font dictionary of its own
  const descriptor = deref(obj.get(PDFName.of('FontDescriptor')));
  const file = ['FontFile', 'FontFile2', 'FontFile3'].find((k) => descriptor instanceof PDFDict && descriptor.get(PDFName.of(k)));
  fonts.push({ subtype, baseFont: deref(obj.get(PDFName.of('BaseFont')))?.toString(), embedded: file ?? null });
}
const metadataRef = doc.catalog.get(PDFName.of('Metadata'));
const metadataStream = metadataRef ? ctx.lookup(metadataRef) : null;
const xmp = metadataStream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(metadataStream).decode()).toString('utf8') : null;
const intents = deref(doc.catalog.get(PDFName.of('OutputIntents')));
const outputIntents =
  intents instanceof PDFArray
    ? intents.asArray().map((r) => {
        const d = deref(r);
        return { s: deref(d.get(PDFName.of('S')))?.toString(), profile: !!d.get(PDFName.of('DestOutputProfile')) };
      })
    : [];
const header = Buffer.from(bytes.slice(0, 8)).toString('latin1');
process.stdout.write(
  JSON.stringify({
    header,
    pages,
    info: meta.info,
    xmp,
    fonts,
    outputIntents,
    encrypted: !!ctx.trailerInfo.Encrypt,
    lang: deref(doc.catalog.get(PDFName.of('Lang')))?.decodeText?.() ?? null,
  }),
);
