/**
 * The Node runtime: the local embedding model, the saved index on disk, the
 * corpus directory. Re-indexing builds beside the serving index and swaps the
 * whole retriever in at once.
 */
import { readdir, rm, writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { QaEngine } from '../../src/engine.js';
import { isReportFile } from './corpus.js';
import { createEmbeddings, type ModelEmbeddings } from './index/embeddings.js';
import { buildIndex, openIndex, type IndexOptions, type LoadedIndex } from './index/store.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import type { CorpusAdmin, ReindexResult } from '../../src/service.js';

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
}

export async function openNodeIndex(config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}): Promise<NodeIndexHandle> {
  const index = await openIndex({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config), ...extra });
  return { index, retriever: retrieverFor(index) };
}

/** A plain report file name: no directories, no hidden files, a report extension. */
export function safeReportName(name: string): string | null {
  if (!name || name.length > 200 || /[\\/\u0000]/u.test(name) || name.startsWith('.') || name.includes('..')) return null;
  return isReportFile(name) ? name : null;
}

export class NodeQaService extends QaEngine {
  private running: Promise<ReindexResult> | null = null;
  private readonly options: IndexOptions;
  index: LoadedIndex | null = null;

  constructor(readonly config: Config, extra: Pick<IndexOptions, 'onProgress' | 'log'> = {}, deps: ConstructorParameters<typeof QaEngine>[1] = {}) {
    super(null, deps);
    this.options = { corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embeddings: embeddingsFor(config), ...extra };
  }

  /** Loads the saved index, or builds it when the corpus or the model changed. */
  async start(): Promise<LoadedIndex & { rebuilt: boolean; reason: string }> {
    const index = await openIndex(this.options);
    // The model loads lazily; load it now so that the first ask is not the slow one.
    await this.options.embeddings.embedQuery('法治政府建设');
    this.index = index;
    this.swap(retrieverFor(index));
    return index;
  }

  get reindexing(): boolean {
    return this.running !== null;
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

  readonly corpus: CorpusAdmin = {
    upload: async (name, bytes) => {
      const file = safeReportName(name);
      if (!file) throw new RangeError(`not an allowed report file name: ${name}`);
      const dir = resolve(this.config.CORPUS_DIR);
      const tmp = join(dir, `.upload-${process.pid}-${Date.now()}.tmp`);
      await writeFile(tmp, bytes);
      await rename(tmp, join(dir, file));
      return { file, bytes: bytes.byteLength };
    },
    remove: async (name) => {
      const file = safeReportName(name);
      if (!file) throw new RangeError(`not an allowed report file name: ${name}`);
      const dir = resolve(this.config.CORPUS_DIR);
      if (!(await readdir(dir)).includes(file)) return false;
      await rm(join(dir, file));
      await rm(join(dir, `${file}.meta.json`), { force: true });
      return true;
    },
    list: async () => (await readdir(resolve(this.config.CORPUS_DIR))).filter(isReportFile).sort(),
  };
}
