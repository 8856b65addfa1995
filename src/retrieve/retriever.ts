/**
 * What the answer step needs of retrieval, and no more: the corpus, the
 * question's analysis, ranked paragraphs, and the term statistics that weigh
 * a question's words. HybridRetriever is one implementation; a test or another
 * runtime may bring its own.
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import type { AnalysisContext, Filters, QueryAnalysis } from './query.js';

export interface Hit {
  paragraph: Paragraph;
  document: ReportDocument;
  /** Fused score (reciprocal rank fusion). */
  score: number;
  lexical: number | null;
  /** Cosine of the question and the paragraph, when a dense index is searched. */
  dense: number | null;
}

export interface RetrieveOptions {
  topK?: number;
  filters?: Filters;
}

export interface Retrieval {
  analysis: QueryAnalysis;
  hits: Hit[];
  /** `denseMs` is the wait for the dense ranking once the lexical one is done: the two run at once. */
  timings: { lexicalMs: number; denseMs: number; fuseMs: number };
}

/** Term statistics of the indexed paragraphs: how a text is tokenized and how rare a token is. */
export interface TermStats {
  tokens(text: string): string[];
  /** The same tokens as a set, shared between calls: never to be changed. */
  tokenSet(text: string): ReadonlySet<string>;
  idf(token: string): number;
  documentFrequency(token: string): number;
}

/**
 * A lexical ranking over one generation's paragraphs (by position in it): in memory
 * (LexicalIndex), or in a database (PostgreSQL, D1), hence possibly async.
 * `scope`, when given, lists the only paragraph positions to score.
 */
export interface LexicalSearch extends TermStats {
  search(text: string, limit: number, scope?: readonly number[]): LexicalHit[] | Promise<LexicalHit[]>;
}

export interface LexicalHit {
  index: number;
  score: number;
}

export interface Retriever {
  readonly documents: ReportDocument[];
  readonly terms: TermStats;
  /** Whether a dense signal comes with the hits (a Worker without Vectorize has none). */
  readonly hasDense: boolean;
  document(id: string): ReportDocument | undefined;
  /** A report's paragraphs in report order. */
  paragraphsOf(docId: string): Paragraph[];
  paragraph(id: string): Paragraph | undefined;
  /** Every place word the corpus answers to, longest first (taken out of a question's content words). */
  placeWords(): string[];
  analyze(question: string, filters?: Filters, context?: AnalysisContext): QueryAnalysis;
  /** The best paragraphs for an analysed question within the reports it allows (or for a question, analysed here). */
  retrieve(query: QueryAnalysis | string, options?: RetrieveOptions): Promise<Retrieval>;
}
