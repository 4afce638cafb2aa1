/**
 * The printable dossier (core/dossier.ts `dossierHtml`) read back as blocks for the PDF/A copy, so that
 * the PDF holds the same sections, words and order as the HTML without a second copy of its wording.
 * It reads only the HTML that `dossierHtml` writes: a fixed set of elements (h1, h2, p, dl/dt/dd,
 * table/tr/th/td, br, small, span.code), every text escaped by its `esc` (the five entities below).
 * Pure; no PDF library here.
 */

/** One run of text in a paragraph: small print, or a code (account id, link, digest) that may wrap anywhere. */
export interface Run {
  text: string;
  small: boolean;
  code: boolean;
}
/** A paragraph: runs on one line, wrapped; a cell or a definition holds several (one per `<br>`). */
export type Para = Run[];
export interface Cell {
  header: boolean;
  paras: Para[];
}
export type Block =
  | { kind: 'h1' | 'h2' | 'p'; paras: Para[]; digest: boolean }
  | { kind: 'dl'; rows: [Para[], Para[]][] }
  | { kind: 'table'; head: Cell[] | null; rows: Cell[][]; audit: boolean };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
const squash = (s: string) => s.replace(/\s+/g, ' ');

/** Collects runs between tags; `<br>` starts a new paragraph. */
class Flow {
  paras: Para[] = [[]];
  text(t: string, small: boolean, code: boolean) {
    const text = squash(unescape(t));
    if (!text.trim() && this.paras[this.paras.length - 1]!.length === 0) return;
    this.paras[this.paras.length - 1]!.push({ text, small, code });
  }
  br() {
    this.paras.push([]);
  }
  done(): Para[] {
    return this.paras
      .map((p) => {
        const runs = p.filter((r) => r.text.length > 0);
        if (runs.length) {
          runs[0] = { ...runs[0]!, text: runs[0]!.text.trimStart() };
          const last = runs.length - 1;
          runs[last] = { ...runs[last]!, text: runs[last]!.text.trimEnd() };
        }
        return runs.filter((r) => r.text.length > 0);
      })
      .filter((p) => p.length > 0);
  }
}

/** The blocks of the body of a dossier's HTML, in order (the `<head>` and its style left out). */
export function dossierBlocks(html: string): Block[] {
  const body = html.slice(html.indexOf('<body>') + '<body>'.length, html.lastIndexOf('</body>'));
  const blocks: Block[] = [];
  const tag = /<(\/?)([a-z0-9]+)([^>]*)>/g;
  let at = 0;
  let small = 0;
  let code = 0;
  let flow: Flow | null = null;
  let textBlock: { kind: 'h1' | 'h2' | 'p'; digest: boolean } | null = null;
  let dl: [Para[], Para[]][] | null = null;
  let dt: Para[] | null = null;
  let table: { head: Cell[] | null; rows: Cell[][]; audit: boolean } | null = null;
  let inHead = false;
  let row: Cell[] | null = null;
  let cellHeader = false;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    if (flow) flow.text(body.slice(at, m.index), small > 0, code > 0);
    at = tag.lastIndex;
    const [, close, name, attrs] = m as unknown as [string, string, string, string];
    if (name === 'br') {
      flow?.br();
      continue;
    }
    if (name === 'small') small += close ? -1 : 1;
    else if (name === 'span') {
      if (close) code = Math.max(0, code - 1);
      else if (/class="code"/.test(attrs)) code++;
    } else if (name === 'h1' || name === 'h2' || name === 'p') {
      if (!close) {
        textBlock = { kind: name, digest: /class="digest"/.test(attrs) };
        flow = new Flow();
      } else if (textBlock && flow) {
        const paras = flow.done();
        if (paras.length) blocks.push({ ...textBlock, paras });
        textBlock = null;
        flow = null;
      }
    } else if (name === 'dl') {
      if (!close) dl = [];
      else if (dl) {
        blocks.push({ kind: 'dl', rows: dl });
        dl = null;
      }
    } else if (name === 'dt' || name === 'dd') {
      if (!close) flow = new Flow();
      else if (flow && dl) {
        if (name === 'dt') dt = flow.done();
        else dl.push([dt ?? [], flow.done()]);
        flow = null;
      }
    } else if (name === 'table') {
      if (!close) table = { head: null, rows: [], audit: /class="audit"/.test(attrs) };
      else if (table) {
        blocks.push({ kind: 'table', ...table });
        table = null;
      }
    } else if (name === 'thead') inHead = !close;
    else if (name === 'tr') {
      if (!close) row = [];
      else if (row && table) {
        if (inHead) table.head = row;
        else table.rows.push(row);
        row = null;
      }
    } else if (name === 'th' || name === 'td') {
      if (!close) {
        flow = new Flow();
        cellHeader = name === 'th';
      } else if (flow && row) {
        row.push({ header: cellHeader, paras: flow.done() });
        flow = null;
      }
    }
  }
  return blocks;
}

/** The plain text of paragraphs (tests, the PDF's document outline). */
export function plain(paras: Para[]): string {
  return paras.map((p) => p.map((r) => r.text).join('')).join('\n');
}
