/**
 * Citations: the paragraphs an answer quotes, numbered in order of first use,
 * then the other retrieved paragraphs as further sources.
 */
import type { Citation, ReportDocument } from '../schema.js';
import type { Hit, Retriever } from '../retrieve/retriever.js';
import { toSimplified } from '../ingest/script.js';

/** A quoted piece of a paragraph, to be cited. */
export interface Part {
  hit: Hit;
  text: string;
  simplified: string;
}

export function citationOf(hit: Hit, n: number, quote?: string): Citation {
  const d = hit.document;
  return {
    n,
    id: hit.paragraph.id,
    docId: d.id,
    title: d.title,
    locality: d.locality,
    ...(d.region ? { region: d.region } : {}),
    year: d.year,
    section: hit.paragraph.section,
    text: hit.paragraph.text,
    simplified: hit.paragraph.simplified,
    ...(hit.paragraph.page !== undefined ? { page: hit.paragraph.page } : {}),
    ...(hit.paragraph.pageEnd !== undefined ? { pageEnd: hit.paragraph.pageEnd } : {}),
    ...(hit.paragraph.ocr ? { ocr: hit.paragraph.ocr } : {}),
    ...(quote ? { quote } : {}),
    score: Number(hit.score.toFixed(6)),
    ...(hit.paragraph.page !== undefined ? { page: hit.paragraph.page } : {}),
    ...(hit.paragraph.pageEnd !== undefined ? { pageEnd: hit.paragraph.pageEnd } : {}),
    ...(hit.paragraph.ocr ? { ocr: true as const } : {}),
  };
}

/** Said after an answer that quotes a paragraph read by OCR from a scanned page. */
export const SCAN_NOTE = '（据扫描件识别，请以原件为准）';

/** The answer with SCAN_NOTE when a quoted citation was read by OCR (once, however often it is applied). */
export function withScanNote<T extends { answered: boolean; answer: string; citations: Citation[] }>(result: T): T {
  const scanned = result.answered && result.citations.some((c) => c.ocr && c.quote !== undefined);
  return scanned && !result.answer.endsWith(SCAN_NOTE) ? { ...result, answer: `${result.answer}${SCAN_NOTE}` } : result;
}

/** Numbers the cited paragraphs in order of first use, then adds the other retrieved ones as further sources. */
export function numberCitations(parts: Part[], others: Hit[], topK: number): { citations: Citation[]; marker: (p: Part) => string } {
  const citations: Citation[] = [];
  const byId = new Map<string, number>();
  for (const p of parts) {
    if (byId.has(p.hit.paragraph.id)) continue;
    byId.set(p.hit.paragraph.id, citations.length + 1);
    citations.push(citationOf(p.hit, citations.length + 1, p.text));
  }
  for (const h of others) {
    if (citations.length >= Math.max(topK, byId.size)) break;
    if (byId.has(h.paragraph.id)) continue;
    byId.set(h.paragraph.id, citations.length + 1);
    citations.push(citationOf(h, citations.length + 1));
  }
  return { citations, marker: (p) => `[${byId.get(p.hit.paragraph.id)}]` };
}

/** All paragraphs of a report as hits, for answers that list a whole section or look for a stated fact. */
export function documentHits(retriever: Retriever, docId: string): Hit[] {
  const document = retriever.document(docId);
  if (!document) return [];
  return retriever.paragraphsOf(docId).map((paragraph) => ({ paragraph, document, score: 0, lexical: null, dense: null }));
}

/**
 * A line of the report that is not a paragraph (its title, its signature) as
 * something to cite: it carries the id of the report's first paragraph, so a
 * link still lands in the report, and quotes the line itself.
 */
export function lineHit(retriever: Retriever, doc: ReportDocument, line: string): Hit | null {
  const first = retriever.paragraphsOf(doc.id)[0];
  if (!first) return null;
  return { paragraph: { ...first, section: [], text: line, simplified: toSimplified(line) }, document: doc, score: 0, lexical: null, dense: null };
}
