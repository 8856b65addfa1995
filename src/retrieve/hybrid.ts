/**
 * Hybrid retrieval: the lexical ranking and the dense ranking fused by
 * reciprocal rank, within the reports the question (or its filters) allows.
 */
import type { Paragraph, ReportDocument } from '../schema.js';
import { analyzeQuery, placeWordList, type AnalysisContext, type CorpusLookups, type Filters, type PlaceWord, type QueryAnalysis } from './query.js';
import type { Hit, LexicalSearch, Retrieval, RetrieveOptions, Retriever, TermStats } from './retriever.js';
import { LexicalIndex } from './lexical.js';
import { bigrams, searchForm } from './tokenize.js';

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
  /** Each report's paragraph positions and ids, in report order: a question naming its place scores only these. */
  private readonly positionsByDoc = new Map<string, number[]>();
  private readonly idsByDoc = new Map<string, string[]>();
  /**
   * The years each report's headings and text mention ("2021年"), for a question naming a year: worked out
   * for a report the first time a question asks, since reading every paragraph in search form at start-up
   * took seconds at 50,000 paragraphs and few questions ever ask.
   */
  private readonly yearsByDoc = new Map<string, Set<number>>();
  /** Each paragraph's text in search form (by position), kept once worked out for the years or the names. */
  private readonly searchTexts: (string | undefined)[];
  /** Each section path in search form: a report's paragraphs share a few. */
  private readonly sectionTexts = new Map<string, string>();
  /** Every report's place words, longest first; worked out once, not at every question. */
  readonly places: PlaceWord[];
  private readonly words: string[];
  private readonly placeWordSet: Set<string>;
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
    this.searchTexts = new Array<string | undefined>(paragraphs.length);
    paragraphs.forEach((p, i) => {
      let list = this.byDoc.get(p.docId);
      if (!list) {
        this.byDoc.set(p.docId, (list = []));
        this.positionsByDoc.set(p.docId, []);
        this.idsByDoc.set(p.docId, []);
      }
      list.push(p);
      (this.positionsByDoc.get(p.docId) as number[]).push(this.indexById.get(p.id) as number);
      (this.idsByDoc.get(p.docId) as string[]).push(p.id);
    });
    this.places = placeWordList(documents);
    this.words = this.places.map((p) => p.word);
    this.placeWordSet = new Set(this.words);
    this.lookups = {
      places: this.places,
      mentionsYear: (ids, year) => this.mentionsYear(ids, year),
      mentioning: (name) => this.mentioning(name),
    };
  }

  placeWords(): string[] {
    return [...this.words];
  }

  get terms(): TermStats {
    return this.lexical;
  }

  get hasDense(): boolean {
    return this.dense !== null;
  }

  /** The reports whose text mentions a name. */
  mentioning(name: string): string[] {
    const within = this.containing(name);
    if (within) {
      const found = new Set<string>();
      for (const i of within) {
        const p = this.paragraphs[i];
        if (p && !found.has(p.docId) && this.searchText(p).includes(name)) found.add(p.docId);
      }
      return [...this.byDoc.keys()].filter((id) => found.has(id));
    }
    if (!this.texts) {
      this.texts = new Map();
      // Search form converts a text piece by piece: no folding or script conversion reaches across a line break.
      for (const [id, ps] of this.byDoc) this.texts.set(id, ps.map((p) => this.searchText(p)).join('\n'));
    }
    const out: string[] = [];
    for (const [id, text] of this.texts) if (text.includes(name)) out.push(id);
    return out;
  }

  /**
   * The paragraphs (by position) that may hold a name: those whose postings have every character pair of
   * it, for a text holding the name holds its pairs. Reading every report's text in search form for the
   * first such question took seconds at 50,000 paragraphs; a name with no pair, or an index kept
   * elsewhere, is looked for in every report's text.
   */
  private containing(name: string): number[] | null {
    if (!(this.lexical instanceof LexicalIndex) || name.includes('\n')) return null;
    const pairs = bigrams(name).filter((b) => b.length === 2);
    return pairs.length ? this.lexical.containingAll(pairs.map((b) => `b:${b}`)) : null;
  }

  document(id: string): ReportDocument | undefined {
    return this.docsById.get(id);
  }

  /** The ids of the allowed reports' paragraphs, when they are few enough to score one by one. */
  private candidates(docIds: string[]): string[] | undefined {
    if (docIds.length === this.documents.length) return undefined;
    const ids: string[] = [];
    for (const d of docIds) {
      for (const id of this.idsByDoc.get(d) ?? []) ids.push(id);
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
    return docIds.some((id) => this.yearsOf(id).has(year));
  }

  private yearsOf(docId: string): Set<number> {
    let years = this.yearsByDoc.get(docId);
    if (years) return years;
    years = new Set();
    const own = this.docsById.get(docId)?.year;
    for (const p of this.paragraphsOf(docId)) {
      // Search form converts a text piece by piece: no folding or script conversion reaches across a space.
      const key = p.section.join(' ');
      let section = this.sectionTexts.get(key);
      if (section === undefined) this.sectionTexts.set(key, (section = searchForm(key)));
      const text = `${section} ${this.searchText(p)}`;
      for (const m of text.matchAll(/((?:19|20)\d{2})年/gu)) years.add(Number(m[1]));
      // "较上年增加9件" states the year before's figure too.
      if (own && /(较|比)(上年|去年|上一年)[^，。；]{0,4}?(增加|增长|减少|下降|多|少)了?\d/u.test(text)) years.add(own - 1);
    }
    this.yearsByDoc.set(docId, years);
    return years;
  }

  /** A paragraph's text in search form; the same string as the paragraph's when search form changes nothing. */
  private searchText(p: Paragraph): string {
    const i = this.indexById.get(p.id) as number;
    let text = this.searchTexts[i];
    if (text === undefined) {
      text = searchForm(p.simplified);
      this.searchTexts[i] = text === p.simplified ? p.simplified : text;
    }
    return text;
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
        : analysis.allowedDocIds.flatMap((d) => this.positionsByDoc.get(d) ?? []);
    // The question's embedding is under way (on the model's thread) while the postings are scored here.
    const denseSearch = allowed.size && this.dense ? this.dense.search(question, depth, (p) => allowed.has(p.docId), this.candidates(analysis.allowedDocIds)) : Promise.resolve([]);
    denseSearch.catch(() => undefined);
    // Within the reports a question names, their places' names are every paragraph's context, not words to rank by; a
    // place below them ("芦湾街道" in a district's report) is.
    const words = scope ? analysis.places.filter((p) => this.placeWordSet.has(p.name)).reduce((text, p) => text.split(p.name).join(' '), analysis.expanded) : analysis.expanded;
    const lexical = allowed.size ? await this.lexical.search(words, depth, scope) : [];
    const t1 = performance.now();
    const dense = await denseSearch;
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
