/**
 * The lexical index: BM25 over segmenter words and character bigrams of each
 * paragraph's simplified text and section path.
 */
import { LRUCache } from 'lru-cache';
import type { Paragraph } from '../schema.js';
import { Bm25, buildBm25, documentsWithAll, type Bm25Data } from './bm25.js';
import type { LexicalHit, LexicalSearch } from './retriever.js';
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

/** Texts whose tokens are remembered: the sentences of the paragraphs answers come from recur in every ask. */
const TOKEN_CACHE = 20_000;

/** A text's search tokens, remembered: segmenting and script conversion are most of an answer's CPU time, and the same paragraph's sentences come back ask after ask. */
export class TokenCache {
  private readonly cache = new LRUCache<string, { list: readonly string[]; set?: ReadonlySet<string> }>({ max: TOKEN_CACHE });

  constructor(private readonly segmenter?: WordSegmenter) {}

  private entry(text: string): { list: readonly string[]; set?: ReadonlySet<string> } {
    let entry = this.cache.get(text);
    if (!entry) {
      entry = { list: searchTokens(searchForm(text), this.segmenter) };
      this.cache.set(text, entry);
    }
    return entry;
  }

  tokens(text: string): string[] {
    return [...this.entry(text).list];
  }

  /** The same tokens as a set, built once per text: an answer tests every sentence it reads against the question's terms. */
  tokenSet(text: string): ReadonlySet<string> {
    const entry = this.entry(text);
    return (entry.set ??= new Set(entry.list));
  }
}

export class LexicalIndex implements LexicalSearch {
  private readonly bm25: Bm25;
  private readonly tokenizer: TokenCache;

  constructor(readonly data: LexicalData, segmenter?: WordSegmenter) {
    this.bm25 = new Bm25(data.bm25);
    this.tokenizer = new TokenCache(segmenter);
  }

  tokens(text: string): string[] {
    return this.tokenizer.tokens(text);
  }

  tokenSet(text: string): ReadonlySet<string> {
    return this.tokenizer.tokenSet(text);
  }

  idf(token: string): number {
    return this.bm25.idf(token);
  }

  documentFrequency(token: string): number {
    return this.bm25.documentFrequency(token);
  }

  /** The paragraphs (by position) whose tokens include every one of `tokens`, in order. */
  containingAll(tokens: readonly string[]): number[] {
    return documentsWithAll(this.data.bm25, tokens);
  }

  /** Paragraphs by BM25, best first; `allow` is a test of a paragraph index, or the allowed indices themselves (cheaper when few). */
  search(text: string, limit: number, allow?: ((i: number) => boolean) | readonly number[]): LexicalHit[] {
    return this.bm25.search(this.tokens(text), limit, allow).map((h) => ({ index: h.doc, score: h.score }));
  }
}
