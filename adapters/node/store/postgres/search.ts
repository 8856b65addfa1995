/**
 * One generation's lexical and dense search in PostgreSQL.
 *
 * Lexical: BM25 over the generation's postings, computed in SQL with the tokens the embedded index
 * uses (jieba with the generation's vocabulary, plus bigrams), each token's idf from the document
 * frequencies held in memory (the answer step reads them synchronously), each paragraph's length
 * normalisation stored as the embedded index computes it, and the sum taken in query-token order. So
 * the scores are the same floating-point numbers as src/retrieve/bm25.ts's, and ties break as its scan
 * meets the paragraphs: by the first query token that finds them, then by position.
 *
 * Dense: pgvector's cosine distance; the generation's HNSW index (a partial index on the column cast
 * to the generation's dimension) when every report is allowed, an exact scan of the allowed
 * paragraphs otherwise, as the embedded search does with hnswlib.
 */
import type { Pool } from 'pg';
import type { Paragraph } from '../../../../src/schema.js';
import type { DenseSearch } from '../../../../src/retrieve/hybrid.js';
import type { LexicalHit, LexicalSearch } from '../../../../src/retrieve/retriever.js';
import type { WordSegmenter } from '../../../../src/retrieve/tokenize.js';
import { bm25Idf } from '../../../../src/retrieve/bm25.js';
import { TokenCache } from '../../../../src/retrieve/lexical.js';
import { StoreUnavailableError } from '../../../../src/store/index.js';
import { hnswQuery, isUnavailable } from './pool.js';

/** Runs a statement, turning "the database cannot serve now" into StoreUnavailableError (and telling `down`). */
export type Run = <R>(what: string, work: () => Promise<R>) => Promise<R>;

export function runner(down: (reason: string) => void): Run {
  return async (what, work) => {
    try {
      return await work();
    } catch (err) {
      if (!isUnavailable(err)) throw err;
      const reason = `the database is unreachable (${what}: ${(err as Error).message})`;
      down(reason);
      throw new StoreUnavailableError(reason, { cause: err });
    }
  };
}

export interface Bm25Stats {
  k1: number;
  b: number;
  /** Paragraphs in the generation. */
  size: number;
  /** token → number of paragraphs with it. */
  df: Map<string, number>;
}

export class PgLexicalSearch implements LexicalSearch {
  private readonly tokenizer: TokenCache;

  constructor(
    private readonly pool: Pool,
    private readonly run: Run,
    private readonly generation: string,
    private readonly stats: Bm25Stats,
    segmenter: WordSegmenter,
  ) {
    this.tokenizer = new TokenCache(segmenter);
  }

  tokens(text: string): string[] {
    return this.tokenizer.tokens(text);
  }

  tokenSet(text: string): ReadonlySet<string> {
    return this.tokenizer.tokenSet(text);
  }

  documentFrequency(token: string): number {
    return this.stats.df.get(token) ?? 0;
  }

  idf(token: string): number {
    return bm25Idf(this.stats.size, this.documentFrequency(token));
  }

  async search(text: string, limit: number, scope?: readonly number[]): Promise<LexicalHit[]> {
    const tokens = [...new Set(this.tokens(text))].filter((t) => this.documentFrequency(t) > 0);
    if (!tokens.length || limit <= 0 || scope?.length === 0) return [];
    const params: unknown[] = [this.generation, tokens, tokens.map((t) => this.idf(t)), this.stats.k1 + 1, limit];
    if (scope) params.push([...scope]);
    const sql = `
WITH q AS (SELECT * FROM unnest($2::text[], $3::float8[]) WITH ORDINALITY AS q(token, idf, ord)),
hits AS (
  SELECT u.idx, q.ord, q.idf, u.tf
  FROM q
  JOIN postings p ON p.generation = $1 AND p.token = q.token
  CROSS JOIN LATERAL unnest(p.paragraphs, p.tfs) AS u(idx, tf)
  ${scope ? 'WHERE u.idx = ANY($6::int[])' : ''}
)
SELECT h.idx, sum(h.idf * h.tf * $4::float8 / (h.tf + pa.norm) ORDER BY h.ord) AS score, min(h.ord) AS first
FROM hits h JOIN paragraphs pa ON pa.generation = $1 AND pa.idx = h.idx
GROUP BY h.idx
ORDER BY score DESC, first, h.idx
LIMIT $5`;
    const { rows } = await this.run('lexical search', () => this.pool.query<{ idx: number; score: number }>(sql, params));
    return rows.map((r) => ({ index: r.idx, score: r.score }));
  }
}

export class PgDenseSearch implements DenseSearch {
  private readonly indexById: Map<string, number>;

  constructor(
    private readonly pool: Pool,
    private readonly run: Run,
    private readonly generation: string,
    private readonly dimensions: number,
    private readonly paragraphs: Paragraph[],
    readonly modelId: string,
    private readonly embedQuery: (question: string) => Promise<number[]>,
  ) {
    this.indexById = new Map(paragraphs.map((p, i) => [p.id, i]));
  }

  async search(question: string, k: number, allow: (p: Paragraph) => boolean, candidates?: string[]): Promise<{ id: string; score: number }[]> {
    if (k <= 0 || !this.paragraphs.length) return [];
    const vector = JSON.stringify(await this.embedQuery(question));
    if (candidates) return this.exact(vector, candidates.flatMap((id) => this.indexById.get(id) ?? []), k);
    // As with hnswlib: a wider search through the index, filtered here, while the filter keeps a fair share;
    // the allowed paragraphs scored exactly otherwise.
    const breadth = Math.min(this.paragraphs.length, k * 10);
    const wide = (await this.nearest(vector, breadth)).filter((h) => {
      const p = this.paragraphs[h.idx];
      return p !== undefined && allow(p);
    });
    if (wide.length >= k || breadth === this.paragraphs.length) return wide.slice(0, k).map((h) => this.hit(h));
    return this.exact(vector, this.paragraphs.flatMap((p, i) => (allow(p) ? [i] : [])), k);
  }

  private hit(h: { idx: number; score: number }): { id: string; score: number } {
    return { id: (this.paragraphs[h.idx] as Paragraph).id, score: h.score };
  }

  /** Through the generation's HNSW index: its predicate and expression are spelled as the index's are. */
  private async nearest(vector: string, k: number): Promise<{ idx: number; score: number }[]> {
    const cast = `vector(${this.dimensions})`;
    const sql = `SELECT idx, 1 - (embedding::${cast} <=> $1::${cast}) AS score FROM vectors
      WHERE generation = ${BigInt(this.generation)} ORDER BY embedding::${cast} <=> $1::${cast} LIMIT $2`;
    const { rows } = await this.run('dense search', () => hnswQuery<{ idx: number; score: number }>(this.pool, sql, [vector, k]));
    return rows;
  }

  /** Every listed paragraph scored (no index: the expression differs from the index's on purpose). */
  private async exact(vector: string, indices: number[], k: number): Promise<{ id: string; score: number }[]> {
    if (!indices.length) return [];
    const sql = `SELECT idx, 1 - (embedding <=> $2::vector) AS score FROM vectors
      WHERE generation = $1 AND idx = ANY($3::int[]) ORDER BY embedding <=> $2::vector, idx LIMIT $4`;
    const { rows } = await this.run('dense search', () => this.pool.query<{ idx: number; score: number }>(sql, [this.generation, vector, indices, k]));
    return rows.map((h) => this.hit(h));
  }
}
