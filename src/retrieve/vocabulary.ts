/**
 * The corpus's own words for the segmenter, read from the ingested metadata and
 * text rather than written down: localities with and without their 街道/镇
 * suffix, the parts of each region, and short quoted terms (“一网通办”).
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import { searchForm } from './tokenize.js';

const SUFFIX = /(街道|镇|乡|街)$/u;

export function placeWords(doc: Pick<ReportDocument, 'locality' | 'region'>): string[] {
  const out = [doc.locality, doc.locality.replace(SUFFIX, '')];
  for (const part of doc.region?.match(/.+?(?:省|自治区|市|区|县)/gu) ?? []) out.push(part, part.replace(/(省|自治区|市|区|县)$/u, ''));
  return out.map(searchForm).filter((w) => w.length >= 2);
}

export function corpusVocabulary(documents: ReportDocument[], paragraphs: Paragraph[]): string[] {
  const words = new Set<string>();
  for (const d of documents) for (const w of placeWords(d)) words.add(w);
  for (const p of paragraphs) {
    for (const m of searchForm(p.simplified).matchAll(/[“"「]([\u4e00-\u9fff]{2,8})[”"」]/gu)) if (m[1]) words.add(m[1]);
  }
  return [...words];
}
