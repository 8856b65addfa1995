/**
 * The index in PostgreSQL + pgvector (`STORE=postgres`): every instance on one
 * database serves the same generation and keeps no files.
 *
 * - Reports (the corpus) live in the `reports` table. CORPUS_DIR, when set, is an import source: a
 *   report the database lacks or holds in another version is written there at start.
 * - A generation is built from the reports table and written whole while nothing points at it; then
 *   `current_generation` is flipped to it in one statement. Readers only read the generation they were
 *   given, so an ask never sees half an index. Correctness rests on generation ids and that one
 *   statement alone, never on transaction isolation between connections or on NOTIFY being delivered.
 * - Every instance polls the pointer (and LISTENs, to notice sooner) and switches to a new generation
 *   once it has loaded it. The generation before the current one is kept (an instance may still be
 *   answering from it); older ones are removed after each flip.
 * - In memory per generation: documents, paragraphs (the answer step reads them synchronously) and each
 *   token's document frequency (idf); postings and vectors stay in the database.
 * - The poll doubles as the health check: a failed poll, or a search that cannot reach the database,
 *   marks the store down (asks get 503) until a poll succeeds again.
 */
import pg from 'pg';
import { z } from 'zod';
import { DocumentSchema, ParagraphSchema, type Paragraph, type ReportDocument } from '../../../../src/schema.js';
import { buildLexical } from '../../../../src/retrieve/lexical.js';
import { corpusVocabulary } from '../../../../src/retrieve/vocabulary.js';
import type { IndexGeneration, IndexStore, StoreHealth } from '../../../../src/store/index.js';
import { corpusIdentity, loadCorpusFiles, readReportFiles, sha256Of, type Corpus } from '../../corpus.js';
import type { ModelEmbeddings } from '../../index/embeddings.js';
import { jiebaSegmenter } from '../../index/jieba.js';
import { embeddingText, PIPELINE_VERSION, queryEmbedder } from '../../index/store.js';
import { migrate } from './migrations.js';
import { isUnavailable, withBuildClient } from './pool.js';
import { PgDenseSearch, PgLexicalSearch, runner, type Run } from './search.js';

export const GENERATION_CHANNEL = 'fazhi_generation';

export interface PgStoreOptions {
  pool: pg.Pool;
  /** For the LISTEN connection (a pooled connection cannot be held for notifications). */
  url: string;
  embeddings: ModelEmbeddings;
  /** Reports imported at start when the database lacks them or holds another version; '' imports nothing. */
  importDir?: string;
  /** How often the pointer is read (the health check, and the fallback when a notification is missed). */
  pollMs: number;
  onProgress?: (event: { stage: string; done: number; total: number }) => void;
  log?: (message: string) => void;
}

export type PgGeneration = IndexGeneration & { rebuilt: boolean; reason: string };

const GenerationRow = z.object({
  id: z.string(),
  corpus: z.string(),
  pipeline_version: z.number().int(),
  model: z.string(),
  dimensions: z.number().int(),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  vocabulary: z.array(z.string()),
  k1: z.number(),
  b: z.number(),
  avg_length: z.number(),
  paragraphs: z.number().int(),
});
type GenerationRow = z.infer<typeof GenerationRow>;

/** Rows per INSERT: large enough to keep round trips few, small enough to keep each statement well inside its timeout. */
const INSERT_BATCH = 500;
const EMBED_BATCH = 256;
const PROGRESS_EVERY_MS = 5000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A PostgreSQL array literal of integers, for an int[] column sent as text. */
const intArray = (values: ArrayLike<number>) => `{${Array.prototype.join.call(values, ',')}}`;

export class PgIndexStore implements IndexStore {
  readonly kind = 'postgres';
  private served: PgGeneration | null = null;
  private state: StoreHealth = { ok: true };
  private readonly listeners = new Set<(g: IndexGeneration) => void>();
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;
  private readonly run: Run;
  private readonly embedQuery: (question: string) => Promise<number[]>;

  constructor(private readonly options: PgStoreOptions) {
    this.run = runner((reason) => this.down(reason));
    this.embedQuery = queryEmbedder(options.embeddings);
  }

  get pool(): pg.Pool {
    return this.options.pool;
  }

  private down(reason: string): void {
    if (this.state.ok) this.options.log?.(`store down: ${reason}`);
    this.state = { ok: false, reason };
  }

  health(): StoreHealth {
    return this.state;
  }

  current(): PgGeneration | null {
    return this.served;
  }

  onChange(listener: (g: IndexGeneration) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async open(): Promise<PgGeneration> {
    await this.reachable();
    const applied = await migrate(this.pool);
    if (applied.length) this.options.log?.(`migrations applied: ${applied.join(', ')}`);
    if (this.options.importDir) await this.importReports(this.options.importDir);
    const corpus = await this.corpusInDb();
    const pointer = await this.pointer();
    let reason = 'no generation in the database';
    if (pointer) {
      const row = await this.generationRow(pointer);
      if (row.pipeline_version !== PIPELINE_VERSION) reason = 'pipeline changed';
      else if (row.model !== this.options.embeddings.modelId) reason = `generation built with ${row.model}, configured model is ${this.options.embeddings.modelId}`;
      else if (row.corpus !== corpus) reason = 'reports changed';
      else reason = '';
    }
    const generation = reason ? { ...(await this.publish()), rebuilt: true, reason } : { ...(await this.load(pointer as string)), rebuilt: false, reason: 'loaded' };
    this.served = generation;
    this.watch();
    return generation;
  }

  /** Waits for the database at start (an instance started before it, or during an outage, comes up by itself), backing off to 30 s. */
  private async reachable(): Promise<void> {
    for (let wait = 500; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        await this.pool.query('SELECT 1');
        this.state = { ok: true };
        return;
      } catch (err) {
        if (!isUnavailable(err) || this.closed) throw err;
        this.down(`the database is unreachable: ${(err as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Writes the directory's report files the database lacks or holds in another version. */
  private async importReports(dir: string): Promise<void> {
    const held = new Map((await this.pool.query<{ name: string; sha256: string; meta: string }>('SELECT name, sha256, meta FROM reports')).rows.map((r) => [r.name, r]));
    let imported = 0;
    for (const file of await readReportFiles(dir)) {
      const sha256 = sha256Of(file.bytes);
      const row = held.get(file.name);
      if (row && row.sha256 === sha256 && row.meta === file.meta) continue;
      await this.pool.query(
        `INSERT INTO reports (name, bytes, size, sha256, meta) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET bytes = EXCLUDED.bytes, size = EXCLUDED.size, sha256 = EXCLUDED.sha256, meta = EXCLUDED.meta, updated_at = now()`,
        [file.name, Buffer.from(file.bytes), file.bytes.byteLength, sha256, file.meta],
      );
      imported++;
    }
    if (imported) this.options.log?.(`imported ${imported} report(s) from ${dir}`);
  }

  private async corpusInDb(): Promise<string> {
    const { rows } = await this.pool.query<{ name: string; sha256: string; meta: string }>('SELECT name, sha256, meta FROM reports');
    return corpusIdentity(rows);
  }

  private async pointer(): Promise<string | null> {
    const { rows } = await this.pool.query<{ generation: string | null }>('SELECT generation FROM current_generation WHERE one');
    return rows[0]?.generation ?? null;
  }

  private async generationRow(id: string): Promise<GenerationRow> {
    const { rows } = await this.pool.query(
      'SELECT id::text, corpus, pipeline_version, model, dimensions, skipped, vocabulary, k1, b, avg_length, paragraphs FROM generations WHERE id = $1',
      [id],
    );
    return GenerationRow.parse(rows[0]);
  }

  /** Reads a published generation: documents, paragraphs and document frequencies into memory. */
  private async load(id: string): Promise<IndexGeneration> {
    const row = await this.generationRow(id);
    const [docs, paras, terms] = await Promise.all([
      this.pool.query<{ body: unknown }>('SELECT body FROM documents WHERE generation = $1 ORDER BY idx', [id]),
      this.pool.query<{ body: unknown }>('SELECT body FROM paragraphs WHERE generation = $1 ORDER BY idx', [id]),
      this.pool.query<{ token: string; df: number }>('SELECT token, df FROM postings WHERE generation = $1', [id]),
    ]);
    const documents = docs.rows.map((r) => DocumentSchema.parse(r.body));
    const paragraphs = paras.rows.map((r) => ParagraphSchema.parse(r.body));
    if (paragraphs.length !== row.paragraphs) throw new Error(`generation ${id} holds ${paragraphs.length} paragraphs, its row says ${row.paragraphs}`);
    return this.generation(row, documents, paragraphs, new Map(terms.rows.map((t) => [t.token, t.df])));
  }

  private generation(row: GenerationRow, documents: ReportDocument[], paragraphs: Paragraph[], df: Map<string, number>): IndexGeneration {
    const lexical = new PgLexicalSearch(this.pool, this.run, row.id, { k1: row.k1, b: row.b, size: paragraphs.length, df }, jiebaSegmenter(row.vocabulary));
    const dense = new PgDenseSearch(this.pool, this.run, row.id, row.dimensions, paragraphs, this.options.embeddings.modelId, this.embedQuery);
    return { id: row.id, corpus: row.corpus, documents, paragraphs, skipped: row.skipped, lexical, dense };
  }

  async publish(): Promise<PgGeneration> {
    const started = performance.now();
    const { rows: files } = await this.pool.query<{ name: string; bytes: Buffer; meta: string }>('SELECT name, bytes, meta FROM reports ORDER BY name');
    const corpus = await loadCorpusFiles(files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes), meta: f.meta })));
    for (const s of corpus.skipped) this.options.log?.(`skipped ${s.file}: ${s.reason}`);
    const built = await this.write(corpus, started);
    await this.flip(built.id);
    const generation = { ...built, rebuilt: true, reason: 'published' };
    this.served = generation;
    for (const listener of this.listeners) listener(generation);
    await this.removeStale();
    return generation;
  }

  /** Vectors of the texts some complete generation of this model already embedded. */
  private async knownVectors(hashes: string[]): Promise<Map<string, number[]>> {
    const known = new Map<string, number[]>();
    for (const batch of chunks([...new Set(hashes)], INSERT_BATCH)) {
      const { rows } = await this.pool.query<{ text_hash: string; embedding: string }>(
        `SELECT DISTINCT ON (v.text_hash) v.text_hash, v.embedding::text AS embedding
         FROM vectors v JOIN generations g ON g.id = v.generation AND g.complete AND g.model = $2
         WHERE v.text_hash = ANY($1::text[])`,
        [batch, this.options.embeddings.modelId],
      );
      for (const r of rows) known.set(r.text_hash, z.array(z.number()).parse(JSON.parse(r.embedding)));
    }
    return known;
  }

  private async embed(corpus: Corpus): Promise<{ vectors: number[][]; hashes: string[] }> {
    const progress = this.options.onProgress ?? (() => {});
    const docsById = new Map(corpus.documents.map((d) => [d.id, d]));
    const texts = corpus.paragraphs.map((p) => embeddingText(p, docsById.get(p.docId) as ReportDocument));
    const encoder = new TextEncoder();
    const hashes = texts.map((t) => sha256Of(encoder.encode(t)));
    const known = await this.knownVectors(hashes);
    const missing = texts.flatMap((t, i) => (known.has(hashes[i] as string) ? [] : [i]));
    const started = performance.now();
    let lastLine = started;
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const vectors = await this.options.embeddings.embedDocuments(batch.map((j) => texts[j] as string));
      batch.forEach((j, n) => known.set(hashes[j] as string, vectors[n] as number[]));
      const done = Math.min(i + EMBED_BATCH, missing.length);
      progress({ stage: 'embed', done, total: missing.length });
      const now = performance.now();
      if (now - lastLine >= PROGRESS_EVERY_MS && done < missing.length) {
        lastLine = now;
        this.options.log?.(`embedding: ${done}/${missing.length} paragraphs at ${(done / ((now - started) / 1000)).toFixed(1)}/s`);
      }
    }
    this.options.log?.(`embedded ${missing.length} paragraphs, ${texts.length - missing.length} from earlier generations`);
    return { vectors: hashes.map((h) => known.get(h) as number[]), hashes };
  }

  /** Writes a whole generation (nothing points at it yet) and marks it complete. */
  private async write(corpus: Corpus, started: number): Promise<IndexGeneration> {
    const progress = this.options.onProgress ?? (() => {});
    const { vectors, hashes } = await this.embed(corpus);
    const dimensions = vectors[0]?.length ?? (await this.options.embeddings.embedQuery('维度')).length;
    const vocabulary = corpusVocabulary(corpus.documents, corpus.paragraphs);
    const lexical = buildLexical(corpus.paragraphs, vocabulary, jiebaSegmenter(vocabulary));
    const { k1, b, avgLength, lengths, postings } = lexical.bm25;
    // A build is not an ask: it writes on a connection of its own, without the asks' statement and read timeouts
    // (a batch of long postings or an HNSW index over 50,000 paragraphs takes minutes on a small server).
    return withBuildClient(this.options.url, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO generations (corpus, pipeline_version, model, dimensions, skipped, vocabulary, k1, b, avg_length, paragraphs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text`,
        [corpus.hash, PIPELINE_VERSION, this.options.embeddings.modelId, dimensions, JSON.stringify(corpus.skipped), JSON.stringify(vocabulary), k1, b, avgLength, corpus.paragraphs.length],
      );
      const id = (rows[0] as { id: string }).id;
      const tokens = Object.keys(postings);
      try {
        for (const batch of chunks(corpus.documents.map((d, i) => [i, d] as const), INSERT_BATCH)) {
          await client.query('INSERT INTO documents (generation, idx, body) SELECT $1, * FROM unnest($2::int[], $3::jsonb[])', [id, batch.map(([i]) => i), batch.map(([, d]) => JSON.stringify(d))]);
        }
        // as src/retrieve/bm25.ts computes it, so the scores in SQL are its scores
        const norms = lengths.map((n) => k1 * (1 - b + (b * n) / avgLength));
        for (const batch of chunks(corpus.paragraphs.map((p, i) => [i, p] as const), INSERT_BATCH)) {
          await client.query('INSERT INTO paragraphs (generation, idx, norm, body) SELECT $1, * FROM unnest($2::int[], $3::float8[], $4::jsonb[])', [
            id,
            batch.map(([i]) => i),
            batch.map(([i]) => norms[i]),
            batch.map(([, p]) => JSON.stringify(p)),
          ]);
        }
        progress({ stage: 'paragraphs', done: corpus.paragraphs.length, total: corpus.paragraphs.length });
        for (const batch of chunks(tokens, INSERT_BATCH * 4)) {
          const lists = batch.map((t) => postings[t] as number[]);
          await client.query(
            'INSERT INTO postings (generation, token, df, paragraphs, tfs) SELECT $1, t, d, p::int[], f::int[] FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS u(t, d, p, f)',
            [
              id,
              batch,
              lists.map((l) => l.length / 2),
              lists.map((l) => intArray(l.filter((_, i) => i % 2 === 0))),
              lists.map((l) => intArray(l.filter((_, i) => i % 2 === 1))),
            ],
          );
        }
        progress({ stage: 'lexical', done: tokens.length, total: tokens.length });
        for (const batch of chunks(vectors.map((v, i) => [i, v] as const), INSERT_BATCH)) {
          await client.query('INSERT INTO vectors (generation, idx, text_hash, embedding) SELECT $1, i, h, v::vector FROM unnest($2::int[], $3::text[], $4::text[]) AS u(i, h, v)', [
            id,
            batch.map(([i]) => i),
            batch.map(([i]) => hashes[i]),
            batch.map(([, v]) => JSON.stringify(v)),
          ]);
        }
        if (vectors.length) {
          await client.query(`CREATE INDEX IF NOT EXISTS vectors_hnsw_${id} ON vectors USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE generation = ${id}`);
        }
        progress({ stage: 'vectors', done: vectors.length, total: vectors.length });
        await client.query('UPDATE generations SET complete = true, build_ms = $2 WHERE id = $1', [id, Math.round(performance.now() - started)]);
      } catch (err) {
        await this.drop(id).catch(() => undefined);
        throw err;
      }
      const df = new Map(tokens.map((t) => [t, (postings[t] as number[]).length / 2]));
      const row: GenerationRow = {
        id,
        corpus: corpus.hash,
        pipeline_version: PIPELINE_VERSION,
        model: this.options.embeddings.modelId,
        dimensions,
        skipped: corpus.skipped,
        vocabulary,
        k1,
        b,
        avg_length: avgLength,
        paragraphs: corpus.paragraphs.length,
      };
      return this.generation(row, corpus.documents, corpus.paragraphs, df);
    });
  }

  /** Makes a complete generation current and retires the one it replaces, in one statement. */
  private async flip(id: string): Promise<void> {
    await this.pool.query(
      `WITH previous AS (SELECT generation FROM current_generation WHERE one),
       flipped AS (UPDATE current_generation SET generation = $1, changed_at = now() WHERE one AND EXISTS (SELECT 1 FROM generations WHERE id = $1 AND complete) RETURNING generation)
       UPDATE generations SET retired_at = now() WHERE id IN (SELECT generation FROM previous) AND id <> $1 AND EXISTS (SELECT 1 FROM flipped)`,
      [id],
    );
    if ((await this.pointer()) !== id) throw new Error(`generation ${id} could not be made current`);
    await this.pool.query('SELECT pg_notify($1, $2)', [GENERATION_CHANNEL, id]).catch(() => undefined);
  }

  /** Retired generations but the latest retired one (an instance may still be answering from it), and builds abandoned a day ago. */
  private async removeStale(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id::text FROM generations g
       WHERE g.id <> COALESCE((SELECT generation FROM current_generation WHERE one), 0)
         AND ((g.retired_at IS NOT NULL AND g.id <> (SELECT id FROM generations WHERE retired_at IS NOT NULL ORDER BY retired_at DESC, id DESC LIMIT 1))
           OR (NOT g.complete AND g.created_at < now() - interval '1 day'))`,
    );
    for (const { id } of rows) await this.drop(id);
  }

  private async drop(id: string): Promise<void> {
    await this.pool.query(`DROP INDEX IF EXISTS vectors_hnsw_${BigInt(id)}`);
    await this.pool.query('DELETE FROM generations WHERE id = $1', [id]);
  }

  /** Polls the pointer (health, and generations published elsewhere) and listens for notifications. */
  private watch(): void {
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
    void this.listen();
  }

  /** One poll at a time; a notification during a poll is covered by the poll after it. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    let pointer: string | null;
    try {
      pointer = await this.pointer();
    } catch (err) {
      this.down(`the database is unreachable: ${(err as Error).message}`);
      return;
    }
    if (!this.state.ok) this.options.log?.('store up again');
    this.state = { ok: true };
    if (!this.listener) void this.listen();
    if (!pointer || pointer === this.served?.id || this.closed) return;
    try {
      const generation = { ...(await this.load(pointer)), rebuilt: false, reason: 'published elsewhere' };
      if (this.closed) return;
      this.served = generation;
      this.options.log?.(`serving generation ${pointer}`);
      for (const listener of this.listeners) listener(generation);
    } catch (err) {
      // the next poll tries again (the generation may have been replaced meanwhile)
      this.options.log?.(`generation ${pointer} not loaded: ${(err as Error).message}`);
    }
  }

  private async listen(): Promise<void> {
    if (this.closed || this.listener) return;
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: 3000 });
    this.listener = client;
    const forget = () => {
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
    };
    client.on('error', forget);
    client.on('end', forget);
    client.on('notification', () => void this.poll());
    try {
      await client.connect();
      await client.query(`LISTEN ${GENERATION_CHANNEL}`);
    } catch {
      forget();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }
}
