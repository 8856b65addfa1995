/**
 * PDF → paged lines, offline: pdfjs-dist's legacy build (the one for Node)
 * with its bundled CMaps and standard fonts, nothing fetched. Each page's
 * text layer becomes positioned runs; a page with no or little usable text (a
 * scan) is read by OCR instead (ocr.ts). The runs of all pages go through the
 * core's layout step (src/ingest/layout.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { UnreadableReportError } from '../../../src/ingest/errors.js';
import { layoutPages, type LayoutPage } from '../../../src/ingest/layout.js';
import { junkShare, type PagedText } from '../../../src/ingest/read.js';
import { ocrPages, OcrUnavailableError, type OcrOptions } from './ocr.js';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Fewer letters or digits than this on a page, or mostly junk, and the page is taken to be a scan. */
const MIN_PAGE_CHARS = 20;
const MAX_PAGE_JUNK = 0.3;
const MAX_PAGES = 2000;

export interface PdfOptions {
  /** OCR for scanned pages; false: a file with scanned pages is unreadable. */
  ocr: OcrOptions | false;
}

function textChars(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

export async function readPdf(bytes: Uint8Array, fileName: string, options: PdfOptions): Promise<PagedText> {
  const task = getDocument({
    data: bytes.slice(),
    cMapUrl: `${join(PDFJS_DIR, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PDFJS_DIR, 'standard_fonts')}/`,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new UnreadableReportError('encrypted PDF (it needs a password to open)', fileName, { cause: e });
    throw new UnreadableReportError(`not a valid PDF (${(e as Error).message})`, fileName, { cause: e });
  }
  try {
    if (doc.numPages > MAX_PAGES) throw new UnreadableReportError(`PDF has ${doc.numPages} pages (limit ${MAX_PAGES})`, fileName);
    const pages: LayoutPage[] = [];
    const scanned: { number: number; width: number; height: number }[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs = content.items
        .filter((item): item is TextItem => 'str' in item && item.str.trim() !== '')
        .map((item) => {
          // Page space → viewport space (y downwards from the top, rotation applied).
          const [, , c, d, e, f] = Util.transform(viewport.transform, item.transform) as number[];
          return { text: item.str, x: e ?? 0, y: f ?? 0, width: item.width, size: Math.hypot(c ?? 0, d ?? 0) || item.height };
        });
      const text = runs.map((r) => r.text).join('');
      if (textChars(text) < MIN_PAGE_CHARS || junkShare(text) > MAX_PAGE_JUNK) scanned.push({ number, width: viewport.width, height: viewport.height });
      else pages.push({ number, width: viewport.width, height: viewport.height, runs });
      page.cleanup();
    }
    if (scanned.length) {
      if (!options.ocr) throw new UnreadableReportError(`scanned PDF (${scanned.length} of ${doc.numPages} pages without a text layer) and OCR is off`, fileName);
      try {
        pages.push(...(await ocrPages(bytes, scanned, options.ocr)));
      } catch (e) {
        if (e instanceof OcrUnavailableError) throw new UnreadableReportError(`scanned PDF (${scanned.length} of ${doc.numPages} pages without a text layer): ${e.message}`, fileName, { cause: e });
        throw new UnreadableReportError(`OCR failed (${(e as Error).message})`, fileName, { cause: e });
      }
    }
    return { lines: layoutPages(pages), pages: doc.numPages, ocrPages: scanned.length };
  } finally {
    await doc.destroy();
  }
}
