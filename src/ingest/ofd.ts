/**
 * OFD (GB/T 33190-2016), the fixed-layout format of Chinese official
 * documents: a zip of XML. OFD.xml names the document root (DocBody/DocRoot),
 * Document.xml lists the pages (Pages/Page@BaseLoc) and each page's
 * Content.xml holds TextObjects (Boundary, Size) whose TextCodes carry the
 * text at X/Y inside the boundary. The runs go through the same layout as a
 * PDF's (layout.ts), so reading order, running headers and page numbers are
 * handled alike.
 */
import { DOMParser } from '@xmldom/xmldom';
import { UnreadableReportError } from './errors.js';
import { layoutPages, type LayoutPage, type PagedLine, type TextRun } from './layout.js';
import { unzipChecked, type ZipEntry } from './zip.js';

export interface OfdText { lines: PagedLine[]; pages: number }

export function isOfd(entries: ZipEntry[]): boolean {
  return entries.some((e) => e.name.replace(/^\//u, '') === 'OFD.xml');
}

function children(el: Element | Document, local: string): Element[] {
  const out: Element[] = [];
  const all = el.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const e = all.item(i);
    if (e && (e.localName ?? e.nodeName) === local) out.push(e);
  }
  return out;
}

const numbers = (s: string | null) => (s ?? '').trim().split(/[\s,]+/u).filter(Boolean).map(Number);

/** Resolves a BaseLoc against the directory of the file that names it (absolute when it starts with "/"). */
function resolveLoc(base: string, loc: string): string {
  const parts = loc.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const p of loc.replace(/^\//u, '').split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** The first `max` numbers of a DeltaX/DeltaY list, where "g N d" stands for N times d (so a crafted N costs nothing). */
function deltas(spec: string | null, max: number): number[] {
  const tokens = (spec ?? '').trim().split(/\s+/u).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < max; i++) {
    if (tokens[i] === 'g') {
      const d = Number(tokens[i + 2]);
      for (let k = Math.min(Number(tokens[i + 1]) || 0, max - out.length); k > 0; k--) out.push(d);
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out.filter(Number.isFinite);
}

function textRuns(page: Document): TextRun[] {
  const runs: TextRun[] = [];
  for (const obj of children(page, 'TextObject')) {
    const [bx = 0, by = 0] = numbers(obj.getAttribute('Boundary'));
    const size = Number(obj.getAttribute('Size')) || 3.5;
    const ctm = numbers(obj.getAttribute('CTM'));
    const scale = ctm.length === 6 ? Math.abs(ctm[3] ?? 1) || 1 : 1;
    for (const code of children(obj, 'TextCode')) {
      const text = code.textContent ?? '';
      if (!text.trim()) continue;
      const chars = [...text].length;
      const dx = deltas(code.getAttribute('DeltaX'), chars - 1);
      const width = dx.length ? dx.reduce((a, b) => a + b, 0) + size : chars * size;
      runs.push({ text, x: bx + Number(code.getAttribute('X') ?? 0), y: by + Number(code.getAttribute('Y') ?? 0) * scale, width, size: size * scale });
    }
  }
  return runs;
}

/** An OFD's text, page by page through the layout step. */
export function ofdToText(bytes: Uint8Array, fileName: string): OfdText {
  const files = unzipChecked(bytes, (name) => /\.xml$/iu.test(name), fileName);
  const decoder = new TextDecoder('utf-8');
  const xml = (path: string): Document => {
    const data = files.get(path) ?? files.get(`/${path}`);
    if (!data) throw new UnreadableReportError(`not a valid OFD (missing ${path})`, fileName);
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } }).parseFromString(decoder.decode(data), 'text/xml');
    if (errors.length) throw new UnreadableReportError(`not a valid OFD (${path}: ${errors[0]})`, fileName);
    return doc;
  };
  const root = children(xml('OFD.xml'), 'DocRoot')[0]?.textContent?.trim();
  if (!root) throw new UnreadableReportError('not a valid OFD (OFD.xml names no DocRoot)', fileName);
  const docPath = resolveLoc('OFD.xml', root);
  const document = xml(docPath);
  const [, , defaultW = 210, defaultH = 297] = numbers(children(document, 'PhysicalBox')[0]?.textContent ?? null);
  const pages: LayoutPage[] = children(document, 'Page').map((p, i) => {
    const loc = p.getAttribute('BaseLoc');
    if (!loc) throw new UnreadableReportError(`not a valid OFD (page ${i + 1} has no BaseLoc)`, fileName);
    const content = xml(resolveLoc(docPath, loc));
    const [, , w = defaultW, h = defaultH] = numbers(children(content, 'PhysicalBox')[0]?.textContent ?? null);
    return { number: i + 1, width: w, height: h, runs: textRuns(content) };
  });
  return { lines: layoutPages(pages), pages: pages.length };
}
