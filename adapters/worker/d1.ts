/**
 * The Worker's index in D1, runtime-neutral: the schema, the generation the
 * pointer names, its reports and paragraphs (loaded once per isolate and
 * generation, the answer step reads them synchronously), and BM25 scored in
 * SQL over the postings.
 *
 * Every row belongs to one generation; `fz_current` points at the serving one
 * and is written last by a load (generated/d1.sql from `npm run worker:build`),
 * so a reader sees a whole build or the one before, never a mix. A load keeps
 * the generation it replaces, so an ask running on it when the pointer flips
 * still finds its postings.
 *
 * Scores are today's BM25 (src/retrieve/bm25.ts): the same per-posting term
 * idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / avgLength)), summed per
 * paragraph, ordered by score, then by the first query token that met the
 * paragraph, then by paragraph: the order the in-memory scan gives ties.
 */
import { z } from 'zod';
import { LexicalIndex } from '../../src/retrieve/lexical.js';
import type { LexicalHit, LexicalSearch } from '../../src/retrieve/retriever.js';
import type { WordSegmenter } from '../../src/retrieve/tokenize.js';
import type { Paragraph, ReportDocument } from '../../src/schema.js';
import type { D1Binding } from './bindings.js';
import type { PrunedPhrases } from './opencc-phrases.js';

/** Bumped when the tables change; a generation written by another layout is not served. */
export const D1_SCHEMA_VERSION = 1;

/** The tables, created by every load (generated/d1.sql begins with them). */
export const D1_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS fz_generations (id TEXT PRIMARY KEY, schema_version INTEGER NOT NULL, corpus_hash TEXT NOT NULL, segmenter TEXT NOT NULL, documents INTEGER NOT NULL, paragraphs INTEGER NOT NULL, k1 REAL NOT NULL, b REAL NOT NULL, avg_length REAL NOT NULL, activated_at REAL)`,
  `CREATE TABLE IF NOT EXISTS fz_current (slot INTEGER PRIMARY KEY CHECK (slot = 1), generation TEXT NOT NULL)`,
  // Lists too long for one row or statement (reports, corpus words, document frequencies, opencc phrases), in parts.
  `CREATE TABLE IF NOT EXISTS fz_lists (gen TEXT NOT NULL, name TEXT NOT NULL, part INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (gen, name, part)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS fz_paragraphs (gen TEXT NOT NULL, idx INTEGER NOT NULL, length INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (gen, idx)) WITHOUT ROWID`,
  // A term's postings as JSON [[paragraph, tf], …], paragraphs ascending, split into parts under D1's statement size.
  `CREATE TABLE IF NOT EXISTS fz_postings (gen TEXT NOT NULL, token TEXT NOT NULL, part INTEGER NOT NULL, postings TEXT NOT NULL, PRIMARY KEY (gen, token, part)) WITHOUT ROWID`,
];

/** What loading it takes, for messages (README, "Cloudflare Worker"). */
export const D1_LOAD_HINT =
  'load it with `npm run worker:build -- --load local` (wrangler dev) or `npm run worker:build -- --load remote` (the deployed D1 database), ' +
  'or run `npx wrangler d1 execute DB --local|--remote --file adapters/worker/generated/d1.sql` after `npm run worker:build`';

export type D1Problem = 'not_bound' | 'empty' | 'stale' | 'failing';

/** Why the Worker cannot serve from D1; a 503 says it. */
export class D1Unavailable extends Error {
  constructor(
    readonly problem: D1Problem,
    message: string,
  ) {
    super(message);
  }
}

const GenerationRow = z.object({
  id: z.string(),
  schema_version: z.number().int(),
  corpus_hash: z.string(),
  segmenter: z.string(),
  documents: z.number().int(),
  paragraphs: z.number().int(),
  k1: z.number(),
  b: z.number(),
  avg_length: z.number(),
});
const PointerRow = z.object({ generation: z.string() });
const ListRow = z.object({ body: z.string() });
const ParagraphRow = z.object({ length: z.number().int(), body: z.string() });
const HitRow = z.object({ doc: z.number().int(), score: z.number() });

/** One generation as the Worker holds it in memory. */
export interface D1Generation {
  id: string;
  corpusHash: string;
  segmenter: string;
  documents: ReportDocument[];
  paragraphs: Paragraph[];
  skipped: { file: string; reason: string }[];
  vocabulary: string[];
  phrases: PrunedPhrases;
  k1: number;
  b: number;
  avgLength: number;
  lengths: number[];
  /** [token, document frequency], every token of the index. */
  documentFrequencies: [string, number][];
}

function failing(error: unknown): D1Unavailable {
  const message = error instanceof Error ? error.message : String(error);
  if (/no such table/iu.test(message)) return new D1Unavailable('empty', `the D1 database holds no index; ${D1_LOAD_HINT}`);
  return new D1Unavailable('failing', `D1 failed: ${message}`);
}

/** The generation the pointer names, or D1Unavailable. */
export async function currentGeneration(db: D1Binding | undefined): Promise<string> {
  if (!db) throw new D1Unavailable('not_bound', `no D1 database is bound as DB (wrangler.toml [[d1_databases]]); bind one and ${D1_LOAD_HINT}`);
  let row: unknown;
  try {
    row = await db.prepare('SELECT generation FROM fz_current WHERE slot = 1').first();
  } catch (error) {
    throw failing(error);
  }
  if (row === null) throw new D1Unavailable('empty', `the D1 database holds no index; ${D1_LOAD_HINT}`);
  return PointerRow.parse(row).generation;
}

/** The list stored in parts under `name` (each part a JSON array). */
async function readList<T>(db: D1Binding, gen: string, name: string): Promise<T[]> {
  const { results } = await db.prepare('SELECT body FROM fz_lists WHERE gen = ?1 AND name = ?2 ORDER BY part').bind(gen, name).all();
  return results.flatMap((r) => JSON.parse(ListRow.parse(r).body) as T[]);
}

/** Everything of a generation but its postings. */
export async function loadGeneration(db: D1Binding, id: string): Promise<D1Generation> {
  const stale = (why: string) => new D1Unavailable('stale', `${why}; ${D1_LOAD_HINT}`);
  try {
    const raw = await db.prepare('SELECT id, schema_version, corpus_hash, segmenter, documents, paragraphs, k1, b, avg_length FROM fz_generations WHERE id = ?1').bind(id).first();
    if (raw === null) throw stale(`the D1 pointer names generation ${id}, which is not there`);
    const row = GenerationRow.parse(raw);
    if (row.schema_version !== D1_SCHEMA_VERSION) throw stale(`generation ${id} has D1 layout ${row.schema_version}, this Worker reads ${D1_SCHEMA_VERSION}`);
    const [documents, skipped, vocabulary, documentFrequencies, stPhrases, stPhrasesGenerated, rows] = await Promise.all([
      readList<ReportDocument>(db, id, 'documents'),
      readList<{ file: string; reason: string }>(db, id, 'skipped'),
      readList<string>(db, id, 'vocabulary'),
      readList<[string, number]>(db, id, 'df'),
      readList<string>(db, id, 'st_phrases'),
      readList<string>(db, id, 'st_phrases_generated'),
      db.prepare('SELECT length, body FROM fz_paragraphs WHERE gen = ?1 ORDER BY idx').bind(id).all(),
    ]);
    const lengths: number[] = [];
    const paragraphs = rows.results.map((r) => {
      const p = ParagraphRow.parse(r);
      lengths.push(p.length);
      return JSON.parse(p.body) as Paragraph;
    });
    if (documents.length !== row.documents || paragraphs.length !== row.paragraphs) throw stale(`generation ${id} is incomplete in D1`);
    return {
      id,
      corpusHash: row.corpus_hash,
      segmenter: row.segmenter,
      documents,
      paragraphs,
      skipped,
      vocabulary,
      phrases: { stPhrases: stPhrases.join('|'), stPhrasesGenerated: stPhrasesGenerated.join('|') },
      k1: row.k1,
      b: row.b,
      avgLength: row.avg_length,
      lengths,
      documentFrequencies,
    };
  } catch (error) {
    throw error instanceof D1Unavailable ? error : failing(error);
  }
}

/**
 * Scores the query tokens' postings of one generation. ?1 generation, ?2 JSON [[token, idf], …] in query order,
 * ?3 k1, ?4 b, ?5 avgLength, ?6 limit, ?7 JSON of the paragraphs allowed (or null for all).
 */
const SEARCH_SQL = `
WITH q AS (SELECT json_extract(value, '$[0]') AS token, CAST(key AS INTEGER) AS ord, json_extract(value, '$[1]') AS idf FROM json_each(?2)),
hits AS (
  SELECT CAST(json_extract(e.value, '$[0]') AS INTEGER) AS doc, CAST(json_extract(e.value, '$[1]') AS INTEGER) AS tf, q.ord AS ord, q.idf AS idf
  FROM q JOIN fz_postings t ON t.gen = ?1 AND t.token = q.token, json_each(t.postings) e
)
SELECT h.doc AS doc, SUM(h.idf * h.tf * (?3 + 1) / (h.tf + ?3 * (1 - ?4 + (?4 * p.length) / ?5))) AS score, MIN(h.ord) AS first
FROM hits h JOIN fz_paragraphs p ON p.gen = ?1 AND p.idx = h.doc
WHERE ?7 IS NULL OR h.doc IN (SELECT value FROM json_each(?7))
GROUP BY h.doc
ORDER BY score DESC, first, doc
LIMIT ?6`;

/**
 * The lexical side of the Worker's retriever: term statistics in memory (the answer step reads them
 * synchronously), BM25 in D1.
 */
export class D1LexicalSearch implements LexicalSearch {
  /** Tokenizes (with its cache) and weighs tokens; its postings carry only their lengths, all the statistics need. */
  private readonly stats: LexicalIndex;

  constructor(
    private readonly db: D1Binding,
    private readonly generation: D1Generation,
    segmenter: WordSegmenter,
  ) {
    const postings: Record<string, ArrayLike<number>> = {};
    for (const [token, df] of generation.documentFrequencies) postings[token] = { length: 2 * df };
    const { k1, b, avgLength, lengths, vocabulary } = generation;
    this.stats = new LexicalIndex({ vocabulary, bm25: { k1, b, avgLength, lengths, postings } }, segmenter);
  }

  tokens(text: string): string[] {
    return this.stats.tokens(text);
  }

  tokenSet(text: string): ReadonlySet<string> {
    return this.stats.tokenSet(text);
  }

  idf(token: string): number {
    return this.stats.idf(token);
  }

  documentFrequency(token: string): number {
    return this.stats.documentFrequency(token);
  }

  async search(text: string, limit: number, scope?: readonly number[]): Promise<LexicalHit[]> {
    if (limit <= 0 || (scope && scope.length === 0)) return [];
    const query = [...new Set(this.tokens(text))].filter((t) => this.documentFrequency(t) > 0).map((t) => [t, this.idf(t)]);
    if (!query.length) return [];
    const { id, k1, b, avgLength } = this.generation;
    const { results } = await this.db
      .prepare(SEARCH_SQL)
      .bind(id, JSON.stringify(query), k1, b, avgLength, limit, scope ? JSON.stringify(scope) : null)
      .all();
    return results.map((r) => {
      const hit = HitRow.parse(r);
      return { index: hit.doc, score: hit.score };
    });
  }
}
