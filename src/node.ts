/**
 * The Node runtime: the local embedding model, the saved index on disk and a
 * retriever over it. Re-indexing builds beside the serving index and swaps
 * the whole retriever in at once.
 */
import { resolve } from 'node:path';
import type { Config } from './config.js';
import { createEmbeddings, type ModelEmbeddings } from './index/embeddings.js';
import { buildIndex, openIndex, type IndexOptions, type LoadedIndex } from './index/store.js';
import { HybridRetriever } from './retrieve/hybrid.js';

export function embeddingsFor(config: Config): ModelEmbeddings {
  return config.EMBEDDINGS_PROVIDER === 'openai'
    ? createEmbeddings({ provider: 'openai', baseURL: config.EMBEDDINGS_BASE_URL ?? '', apiKey: config.EMBEDDINGS_API_KEY, model: config.EMBEDDINGS_MODEL ?? '' })
    : createEmbeddings({ provider: 'local', modelDir: resolve(config.EMBEDDINGS_MODEL_DIR) });
}

export function retrieverFor(index: LoadedIndex): HybridRetriever {
  return new HybridRetriever(index.documents, index.paragraphs, index.lexical, index.dense);
}

export interface NodeIndexHandle {
  index: LoadedIndex & { rebuilt: boolean; reason: string };
  retriever: HybridRetriever;
  rebuild(): Promise<{ index: LoadedIndex; retriever: HybridRetriever }>;
}

export async function openNodeIndex(config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}): Promise<NodeIndexHandle> {
  const opts: IndexOptions = { corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config), ...extra };
  const index = await openIndex(opts);
  return {
    index,
    retriever: retrieverFor(index),
    async rebuild() {
      const fresh = await buildIndex(opts);
      return { index: fresh, retriever: retrieverFor(fresh) };
    },
  };
}
