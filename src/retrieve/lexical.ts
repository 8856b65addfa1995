/**
 * The lexical index: BM25 over segmenter words and character bigrams of each
 * paragraph's simplified text and section path.
 */
import type { Paragraph } from '../schema.js';
import { Bm25, buildBm25, type Bm25Data } from './bm25.js';
import { searchForm, searchTokens, type WordSegmenter } from './tokenize.js';

export interface LexicalData {
  /** Extra segmenter words, so a loaded index tokenizes queries as it tokenized paragraphs. */
  vocabulary: string[];
  bm25: Bm25Data;
}

export function lexicalText(p: Pick<Paragraph, 'section' | 'simplified'>): string {
  return searchForm(`${p.section.join(' ')} ${p.simplified}`);
}

export function buildLexical(paragraphs: Paragraph[], vocabulary: string[], segmenter?: WordSegmenter): LexicalData {
  return { vocabulary, bm25: buildBm25(paragraphs.map((p) => searchTokens(lexicalText(p), segmenter))) };
}

export class LexicalIndex {
  private readonly bm25: Bm25;

  constructor(readonly data: LexicalData, private readonly segmenter?: WordSegmenter) {
    this.bm25 = new Bm25(data.bm25);
  }

  tokens(text: string): string[] {
    return searchTokens(searchForm(text), this.segmenter);
  }

  idf(token: string): number {
    return this.bm25.idf(token);
  }

  documentFrequency(token: string): number {
    return this.bm25.documentFrequency(token);
  }

  search(text: string, limit: number, allow?: (i: number) => boolean): { index: number; score: number }[] {
    return this.bm25.search(this.tokens(text), limit, allow).map((h) => ({ index: h.doc, score: h.score }));
  }
}
