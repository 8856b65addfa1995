/**
 * Hybrid retrieval: the lexical ranking and the dense ranking fused by
 * reciprocal rank, within the reports the question (or its filters) allows.
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import { analyzeQuery, placeWordList, type AnalysisContext, type CorpusLookups, type Filters, type PlaceWord, type QueryAnalysis } from './query.js';
import type { Hit, LexicalSearch, Retrieval, RetrieveOptions, Retriever, TermStats } from './retriever.js';
import { searchForm } from './tokenize.js';

export type { Hit, Retrieval, RetrieveOptions } from './retriever.js';

export interface DenseSearch {
  readonly modelId: string;
  /**
   * The k nearest paragraphs (by id) to the question among those `allow` keeps;
   * `candidates`, when given, lists every paragraph `allow` keeps (a small set).
   */
  search(question: string, k: number, allow: (p: Paragraph) => boolean, candidates?: string[]): Promise<{ id: string; score: number }[]>;
}

export interface FusionWeights {
  /** RRF constant: larger flattens the difference between ranks. */
  k: number;
  lexical: number;
  dense: number;
  /** How many candidates each side contributes. */
  depth: number;
}

/** Up to this many allowed paragraphs, dense scores are computed exactly instead of by a filtered HNSW search. */
const EXACT_DENSE_LIMIT = 2000;

// Chosen by `npm run eval -- --set dev --sweep` (k 5–60, lexical weight 1–3; 24 reports, 495 questions): flat on dev
// from k 10 and lexical 1–2; k 5 and lexical 3 each answer one `none` question.
export const DEFAULT_FUSION: FusionWeights = { k: 10, lexical: 2, dense: 1, depth: 50 };

export class HybridRetriever implements Retriever {
  private readonly docsById: Map<string, ReportDocument>;
  private readonly indexById: Map<string, number>;
  private readonly byDoc = new Map<string, Paragraph[]>();
  /** The years each report's headings and text mention ("2021年"), for a question naming a year. */
  private readonly yearsByDoc = new Map<string, Set<number>>();
  /** Every report's place words, longest first; worked out once, not at every question. */
  readonly places: PlaceWord[];
  /** Each report's text in search form, built on the first question naming a place no report is about. */
  private texts: Map<string, string> | null = null;
  private readonly lookups: CorpusLookups;

  constructor(
    readonly documents: ReportDocument[],
    readonly paragraphs: Paragraph[],
    readonly lexical: LexicalSearch,
    readonly dense: DenseSearch | null,
    readonly fusion: FusionWeights = DEFAULT_FUSION,
  ) {
    this.docsById = new Map(documents.map((d) => [d.id, d]));
    this.indexById = new Map(paragraphs.map((p, i) => [p.id, i]));
    for (const p of paragraphs) {
      let list = this.byDoc.get(p.docId);
      if (!list) this.byDoc.set(p.docId, (list = []));
      list.push(p);
      let years = this.yearsByDoc.get(p.docId);
      if (!years) this.yearsByDoc.set(p.docId, (years = new Set()));
      const text = searchForm(`${p.section.join(' ')} ${p.simplified}`);
      for (const m of text.matchAll(/((?:19|20)\d{2})年/gu)) years.add(Number(m[1]));
      // "较上年增加9件" states the year before's figure too.
      const own = this.docsById.get(p.docId)?.year;
      if (own && /(较|比)(上年|去年|上一年)[^，。；]{0,4}?(增加|增长|减少|下降|多|少)了?\d/u.test(text)) years.add(own - 1);
    }
    this.places = placeWordList(documents);
    this.lookups = {
      places: this.places,
      mentionsYear: (ids, year) => this.mentionsYear(ids, year),
      mentioning: (name) => this.mentioning(name),
    };
  }

  placeWords(): string[] {
    return this.places.map((p) => p.word);
  }

  get terms(): TermStats {
    return this.lexical;
  }

  get hasDense(): boolean {
    return this.dense !== null;
  }

  /** The reports whose text mentions a name. */
  mentioning(name: string): string[] {
    if (!this.texts) {
      this.texts = new Map();
      for (const [id, ps] of this.byDoc) this.texts.set(id, searchForm(ps.map((p) => p.simplified).join('\n')));
    }
    const out: string[] = [];
    for (const [id, text] of this.texts) if (text.includes(name)) out.push(id);
    return out;
  }

  document(id: string): ReportDocument | undefined {
    return this.docsById.get(id);
  }

  /** The ids of the allowed reports' paragraphs, when they are few enough to score one by one. */
  private candidates(docIds: string[]): string[] | undefined {
    if (docIds.length === this.documents.length) return undefined;
    const ids: string[] = [];
    for (const d of docIds) {
      for (const p of this.paragraphsOf(d)) ids.push(p.id);
      if (ids.length > EXACT_DENSE_LIMIT) return undefined;
    }
    return ids;
  }

  /** A report's paragraphs in report order. */
  paragraphsOf(docId: string): Paragraph[] {
    return this.byDoc.get(docId) ?? [];
  }

  paragraph(id: string): Paragraph | undefined {
    const i = this.indexById.get(id);
    return i === undefined ? undefined : this.paragraphs[i];
  }

  /** Whether any paragraph of these reports mentions the year (a 2020 report may plan for 2021). */
  mentionsYear(docIds: string[], year: number): boolean {
    return docIds.some((id) => this.yearsByDoc.get(id)?.has(year));
  }

  analyze(question: string, filters?: Filters, context?: AnalysisContext): QueryAnalysis {
    return analyzeQuery(question, this.documents, this.lookups, filters, context);
  }

  async retrieve(query: QueryAnalysis | string, options: RetrieveOptions = {}): Promise<Retrieval> {
    const analysis = typeof query === 'string' ? this.analyze(query, options.filters) : query;
    const question = analysis.question;
    const topK = options.topK ?? 5;
    const allowed = new Set(analysis.allowedDocIds);
    const t0 = performance.now();
    const { depth, k } = this.fusion;
    // A question that names its reports scores their paragraphs alone (cheap at any corpus size); one that
    // allows every report scans the postings.
    const scope =
      analysis.allowedDocIds.length === this.documents.length
        ? undefined
        : analysis.allowedDocIds.flatMap((d) => this.paragraphsOf(d).map((p) => this.indexById.get(p.id) as number));
    const lexical = allowed.size ? await this.lexical.search(analysis.expanded, depth, scope) : [];
    const t1 = performance.now();
    const dense = allowed.size && this.dense ? await this.dense.search(question, depth, (p) => allowed.has(p.docId), this.candidates(analysis.allowedDocIds)) : [];
    const t2 = performance.now();

    const fused = new Map<number, { score: number; lexical: number | null; dense: number | null }>();
    const entry = (i: number) => {
      let e = fused.get(i);
      if (!e) fused.set(i, (e = { score: 0, lexical: null, dense: null }));
      return e;
    };
    lexical.forEach((h, rank) => {
      const e = entry(h.index);
      e.score += this.fusion.lexical / (k + rank + 1);
      e.lexical = h.score;
    });
    dense.forEach((h, rank) => {
      const i = this.indexById.get(h.id);
      if (i === undefined) return;
      const e = entry(i);
      e.score += this.fusion.dense / (k + rank + 1);
      e.dense = h.score;
    });
    const hits: Hit[] = [];
    for (const [i, e] of fused) {
      const paragraph = this.paragraphs[i];
      const document = paragraph && this.docsById.get(paragraph.docId);
      if (paragraph && document) hits.push({ paragraph, document, ...e });
    }
    hits.sort((a, b) => b.score - a.score || (b.lexical ?? 0) - (a.lexical ?? 0));
    const t3 = performance.now();
    return {
      analysis,
      hits: hits.slice(0, Math.max(topK, 1)),
      timings: { lexicalMs: t1 - t0, denseMs: t2 - t1, fuseMs: t3 - t2 },
    };
  }
}
