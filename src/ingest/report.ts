/**
 * One report's text → its description and its citable paragraphs. Pure: no
 * file system, so the same code runs at build time and in a Worker.
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import { hashId } from '../util/hash.js';
import { cleanLinesWithSource, pageStatements } from './clean.js';
import { describe, type ReportMeta } from './describe.js';
import type { PagedLine } from './layout.js';
import { detectScript, toSimplified } from './script.js';
import { chunkText, segment } from './segment.js';

export interface ReportSource {
  file: string;
  sha256: string;
  format: ReportDocument['format'];
  encoding: string;
  text: string;
  /** Paged formats: text's lines with their pages and OCR flags (text is them joined by "\n"). */
  lines?: PagedLine[];
  pages?: number;
  ocrPages?: number;
  overrides?: Partial<ReportMeta>;
}

export interface IngestedReport {
  document: ReportDocument;
  paragraphs: Paragraph[];
}

/** A URL-safe document id from the file name, stable across runs. */
export function docIdFor(file: string): string {
  const stem = file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const slug = stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug && /^[\x00-\x7f]*$/.test(stem) ? slug : `doc-${hashId(stem).slice(0, 10)}`;
}

export function ingestReport(src: ReportSource): IngestedReport {
  const cleaned = cleanLinesWithSource(src.text, { closeUp: !src.lines });
  const lines = cleaned.map((l) => l.text);
  const seg = segment(lines);
  const origin = (line: number) => {
    const source = cleaned[line]?.source;
    return source === undefined ? undefined : src.lines?.[source];
  };
  const docId = docIdFor(src.file);
  const script = detectScript(lines.join(''));
  const { published, source, address, host, filing } = pageStatements(src.text);
  const meta = { ...describe(seg, docId, { address, filing }), ...src.overrides };
  const paragraphs: Paragraph[] = [];
  let ordinal = 0;
  seg.paragraphs.forEach((p, index) => {
    // Position and content together: unchanged reports keep their ids, and two
    // identical sentences in one report still get different ones.
    const paragraphId = `p-${hashId(`${docId}\u0000${index}\u0000${p.text}`).slice(0, 12)}`;
    const chunks = chunkText(p.text);
    const from = origin(p.line);
    const first = from?.pages[0];
    const last = from?.pages[from.pages.length - 1];
    const where = {
      ...(first !== undefined ? { page: first } : {}),
      ...(last !== undefined && last !== first ? { pageEnd: last } : {}),
      ...(from?.ocr ? { ocr: true as const } : {}),
    };
    chunks.forEach((piece, i) => {
      // OCR with both Chinese models mixes scripts ("調解" among "调解"); a simplified report reads simplified.
      const text = from?.ocr && script === 'simplified' ? toSimplified(piece) : piece;
      const chunk = chunks.length > 1 ? i + 1 : null;
      paragraphs.push({
        id: chunk ? `${paragraphId}-${chunk}` : paragraphId,
        docId,
        ordinal: ordinal++,
        paragraphId,
        chunk,
        section: p.section,
        text,
        simplified: toSimplified(text),
        ...where,
      });
    });
  });
  const document: ReportDocument = {
    id: docId,
    file: src.file,
    sha256: src.sha256,
    format: src.format,
    encoding: src.encoding,
    script,
    title: meta.title,
    locality: meta.locality,
    region: meta.region,
    year: meta.year,
    signedBy: meta.signedBy,
    signedAt: meta.signedAt,
    issuer: meta.issuer,
    level: meta.level,
    chain: meta.chain,
    paragraphs: paragraphs.length,
    ...(published ? { published } : {}),
    ...(source ? { source } : {}),
    ...(address ? { address } : {}),
    ...(host ? { host } : {}),
    ...(filing ? { filing } : {}),
    ...(src.pages !== undefined ? { pages: src.pages } : {}),
    ...(src.ocrPages ? { ocrPages: src.ocrPages } : {}),
  };
  return { document, paragraphs };
}
