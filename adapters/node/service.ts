/**
 * The Node runtime: the local embedding model and the index store the
 * configuration names (the saved index on disk and the corpus directory, or
 * PostgreSQL). Re-indexing publishes a new generation beside the serving one
 * and swaps the whole retriever in at once; so does a generation another
 * instance published to a shared store.
 */
import { resolve } from 'node:path';
import type pg from 'pg';
import type { Config } from './config.js';
import { QaEngine } from '../../src/engine.js';
import { fileCorpusAdmin } from './corpus-admin.js';
import { createEmbeddings, type ModelEmbeddings } from './index/embeddings.js';
import { openIndex, type IndexOptions, type LoadedIndex } from './index/store.js';
import { EmbeddedIndexStore } from './store/embedded.js';
import { createPool } from './store/postgres/pool.js';
import { PgIndexStore } from './store/postgres/store.js';
import { pgCorpusAdmin } from './store/postgres/corpus-admin.js';
import { PgConversationStore } from './store/postgres/conversations.js';
import { ConversationStore, type ConversationMemory } from '../../src/answer/conversation.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import type { IndexGeneration, IndexStore } from '../../src/store/index.js';
import type { CorpusAdmin, ReindexResult, SkippedFile } from '../../src/service.js';

export function embeddingsFor(config: Config): ModelEmbeddings {
  return config.EMBEDDINGS_PROVIDER === 'openai'
    ? createEmbeddings({ provider: 'openai', baseURL: config.EMBEDDINGS_BASE_URL ?? '', apiKey: config.EMBEDDINGS_API_KEY, model: config.EMBEDDINGS_MODEL ?? '' })
    : createEmbeddings({
        provider: 'local',
        modelDir: resolve(config.EMBEDDINGS_MODEL_DIR),
        ...(config.EMBED_WORKERS ? { workers: config.EMBED_WORKERS } : {}),
        ...(config.EMBED_QUERY_WORKERS ? { queryWorkers: config.EMBED_QUERY_WORKERS } : {}),
        batchWaitMs: config.EMBED_BATCH_WAIT_MS,
        maxBatch: config.EMBED_BATCH_MAX,
      });
}

export function retrieverFor(index: Pick<IndexGeneration, 'documents' | 'paragraphs' | 'lexical' | 'dense'>): HybridRetriever {
  return new HybridRetriever(index.documents, index.paragraphs, index.lexical, index.dense);
}

export interface NodeIndexHandle {
  index: LoadedIndex & { rebuilt: boolean; reason: string };
  retriever: HybridRetriever;
}

export async function openNodeIndex(config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}): Promise<NodeIndexHandle> {
  const index = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config), ...extra });
  return { index, retriever: retrieverFor(index) };
}

/** The index store the configuration names, and the corpus admin over the same reports. */
export interface StoreParts {
  store: IndexStore;
  corpus: CorpusAdmin;
  embeddings: ModelEmbeddings;
  /** Follow-up memory: in the database when instances share one, so a follow-up may reach another instance. */
  conversations: ConversationMemory;
  pool?: pg.Pool;
}

/** The index store the configuration names, the corpus admin over the same reports, and where conversations live. */
export function storeFor(config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}): StoreParts {
  const embeddings = embeddingsFor(config);
  if (config.STORE === 'postgres') {
    const url = config.DATABASE_URL ?? '';
    const pool = createPool({ url, max: config.DATABASE_POOL_MAX, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS });
    const store = new PgIndexStore({ pool, url, embeddings, importDir: config.CORPUS_DIR, pollMs: config.STORE_POLL_MS, ...extra });
    const log = extra.log;
    const conversations = new PgConversationStore(pool, log ? { log: (entry) => log(JSON.stringify(entry)) } : {});
    return { store, corpus: pgCorpusAdmin(pool), embeddings, conversations, pool };
  }
  return {
    store: new EmbeddedIndexStore({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings, ...extra }),
    corpus: fileCorpusAdmin(config.CORPUS_DIR),
    embeddings,
    conversations: new ConversationStore(),
  };
}

export class NodeQaService extends QaEngine {
  private running: Promise<ReindexResult> | null;
  readonly store: IndexStore;
  readonly corpus: CorpusAdmin;
  /** The database pool (STORE=postgres), for the other tables instances share. */
  readonly pool: pg.Pool | undefined;
  private readonly embeddings: ModelEmbeddings;

  readonly config: Config;

  constructor(config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}, deps: ConstructorParameters<typeof QaEngine>[1] = {}) {
    const { store, corpus, pool, embeddings, conversations } = storeFor(config, extra);
    super(null, deps, conversations);
    this.config = config;
    this.running = null;
    this.store = store;
    this.embeddings = embeddings;
    this.corpus = corpus;
    this.pool = pool;
    // a generation published by a re-index here or (a shared store) by another instance: asks running finish on the old one
    this.store.onChange((generation) => this.swap(retrieverFor(generation)));
  }

  /** Loads the current index, or builds it when the reports or the model changed. */
  async start(): Promise<IndexGeneration & { rebuilt: boolean; reason: string }> {
    // The model loads lazily; load it now, beside the index, so that the first ask is not the slow one.
    const [generation] = await Promise.all([this.store.open(), this.embeddings.embedQuery('法治政府建设')]);
    this.swap(retrieverFor(generation));
    return generation;
  }

  /** Serving: an index is loaded and its store can be reached. */
  override ready(): boolean {
    return super.ready() && this.store.health().ok;
  }

  /** Why asks cannot be answered now although an index is loaded (the database is unreachable). */
  unavailable(): string | undefined {
    return this.store.health().reason;
  }

  skipped(): SkippedFile[] {
    return this.store.current()?.skipped ?? [];
  }

  reindex(): Promise<ReindexResult> {
    this.running ??= (async () => {
      const started = performance.now();
      try {
        const generation = await this.store.publish();
        return { documents: generation.documents.length, paragraphs: generation.paragraphs.length, skipped: generation.skipped, ms: Math.round(performance.now() - started) };
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Stops watching the store and closes its connections. */
  async close(): Promise<void> {
    await this.store.close();
    await this.pool?.end();
  }
}
