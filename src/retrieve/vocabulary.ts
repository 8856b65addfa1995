/**
 * The corpus's own words for the segmenter, read from the ingested metadata and
 * text rather than written down: localities with and without their 街道/镇
 * suffix, the parts of each region, and short quoted terms (“一网通办”).
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import { placeNames } from './query.js';
import { searchForm } from './tokenize.js';

export function corpusVocabulary(documents: ReportDocument[], paragraphs: Paragraph[]): string[] {
  const words = new Set<string>();
  for (const d of documents) for (const w of placeNames(d)) words.add(w);
  for (const p of paragraphs) {
    for (const m of searchForm(p.simplified).matchAll(/[“"「]([\u4e00-\u9fff]{2,8})[”"」]/gu)) if (m[1]) words.add(m[1]);
  }
  return [...words];
}
