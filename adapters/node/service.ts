/**
 * The Node runtime: the local embedding model, the saved index on disk, the
 * corpus directory. Re-indexing builds beside the serving index and swaps the
 * whole retriever in at once.
 */
import { resolve } from 'node:path';
import type { Config } from './config.js';
import { QaEngine } from '../../src/engine.js';
import { fileCorpusAdmin } from './corpus-admin.js';
import { createEmbeddings, type ModelEmbeddings } from './index/embeddings.js';
import { buildIndex, openIndex, type IndexOptions, type LoadedIndex } from './index/store.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
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

export function retrieverFor(index: LoadedIndex): HybridRetriever {
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

export class NodeQaService extends QaEngine {
  private running: Promise<ReindexResult> | null = null;
  private readonly options: IndexOptions;
  index: LoadedIndex | null = null;
  readonly corpus: CorpusAdmin;

  constructor(readonly config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}, deps: ConstructorParameters<typeof QaEngine>[1] = {}) {
    super(null, deps);
    this.options = { corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config), ...extra };
    this.corpus = fileCorpusAdmin(config.CORPUS_DIR);
  }

  /** Loads the saved index, or builds it when the corpus or the model changed. */
  async start(): Promise<LoadedIndex & { rebuilt: boolean; reason: string }> {
    // The model loads lazily; load it now, beside the index, so that the first ask is not the slow one.
    const [index] = await Promise.all([openIndex(this.options), this.options.embeddings.embedQuery('法治政府建设')]);
    this.index = index;
    this.swap(retrieverFor(index));
    return index;
  }

  skipped(): SkippedFile[] {
    return this.index?.manifest.skipped ?? [];
  }

  reindex(): Promise<ReindexResult> {
    this.running ??= (async () => {
      const started = performance.now();
      try {
        const index = await buildIndex(this.options);
        this.index = index;
        this.swap(retrieverFor(index));
        return { documents: index.documents.length, paragraphs: index.paragraphs.length, skipped: index.manifest.skipped, ms: Math.round(performance.now() - started) };
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
