/** A PDF read for the tests by test/pdf/read-pdf.mjs, in a Node process of its own (pdfjs-dist is an ES module). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReadPdf {
  header: string;
  pages: { text: string; width: number; height: number }[];
  xmp: string | null;
  fonts: { subtype: string; baseFont: string; embedded: string | null }[];
  outputIntents: { s: string; profile: boolean }[];
  encrypted: boolean;
  lang: string | null;
}

export function readPdf(bytes: Uint8Array): ReadPdf {
  const dir = mkdtempSync(join(tmpdir(), 'kayttoonotto-pdf-'));
  try {
    const file = join(dir, 'read.pdf');
    writeFileSync(file, bytes);
    const out = execFileSync(process.execPath, [join(__dirname, 'read-pdf.mjs'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out) as ReadPdf;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
