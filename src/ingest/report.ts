/**
 * One report's text → its description and its citable paragraphs. Pure: no
 * file system, so the same code runs at build time and in a Worker.
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import { hashId } from '../util/hash.js';
import { cleanLines } from './clean.js';
import { describe, type ReportMeta } from './describe.js';
import { detectScript, toSimplified } from './script.js';
import { chunkText, segment } from './segment.js';

export interface ReportSource {
  file: string;
  sha256: string;
  format: ReportDocument['format'];
  encoding: string;
  text: string;
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
  const lines = cleanLines(src.text);
  const seg = segment(lines);
  const docId = docIdFor(src.file);
  const meta = { ...describe(seg, docId), ...src.overrides };
  const paragraphs: Paragraph[] = [];
  let ordinal = 0;
  seg.paragraphs.forEach((p, index) => {
    // Position and content together: unchanged reports keep their ids, and two
    // identical sentences in one report still get different ones.
    const paragraphId = `p-${hashId(`${docId}\u0000${index}\u0000${p.text}`).slice(0, 12)}`;
    const chunks = chunkText(p.text);
    chunks.forEach((text, i) => {
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
      });
    });
  });
  const document: ReportDocument = {
    id: docId,
    file: src.file,
    sha256: src.sha256,
    format: src.format,
    encoding: src.encoding,
    script: detectScript(lines.join('')),
    title: meta.title,
    locality: meta.locality,
    region: meta.region,
    year: meta.year,
    signedBy: meta.signedBy,
    signedAt: meta.signedAt,
    paragraphs: paragraphs.length,
  };
  return { document, paragraphs };
}
