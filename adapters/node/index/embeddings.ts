/**
 * Text embeddings: a local ONNX model (bge-small-zh-v1.5 via @huggingface/transformers, CPU, offline),
 * an OpenAI-compatible HTTP provider, and a persistent per-model cache wrapper.
 */
import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdir, open, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import type { OpenAIEmbeddings } from '@langchain/openai';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { sha256Hex } from '../../../src/util/hash.js';
import { sharedPool, type ModelPool, type ModelPoolOptions } from './model-pool.js';

/** Embeddings that know which model produced them (used to key caches and indexes). */
export type ModelEmbeddings = Embeddings & { readonly modelId: string };

// ---------------------------------------------------------------------------------------------
// Local ONNX model
// ---------------------------------------------------------------------------------------------

export interface LocalEmbeddingsOptions extends Omit<ModelPoolOptions, 'modelDir'> {
  /** Path to the model folder itself, e.g. `models/bge-small-zh-v1.5` (relative to cwd or absolute). */
  modelDir: string;
  /** Each text is cut to this many characters before tokenisation (default 512). */
  maxChars?: number;
}

const ONNX_FILE = path.join('onnx', 'model_quantized.onnx');

/**
 * bge-small-zh-v1.5 (or a compatible BERT-style model) run locally with onnxruntime-node in worker
 * threads (./model-pool.ts): CLS pooling + L2 normalisation, so cosine similarity = dot product.
 * The workers start on the first embed call (or `load()`); a failed start is retried by the next call.
 */
export class LocalEmbeddings extends Embeddings implements ModelEmbeddings {
  readonly modelId: string;
  readonly modelDir: string;
  readonly maxChars: number;
  readonly pool: ModelPool;
  private dims = 512;

  constructor(options: LocalEmbeddingsOptions) {
    super({});
    if (!options.modelDir) throw new Error('LocalEmbeddings: modelDir is required');
    const { modelDir, maxChars, ...pool } = options;
    this.modelDir = path.resolve(modelDir);
    this.maxChars = Math.max(1, Math.floor(maxChars ?? 512));
    this.modelId = `local:${path.basename(this.modelDir)}`;
    this.pool = sharedPool({ ...pool, modelDir: this.modelDir });
  }

  /** Output dimension (512 for bge-small-zh; updated from the first real output). */
  get dimensions(): number {
    return this.dims;
  }

  /** Load the model now (otherwise it happens on the first embed call). */
  async load(): Promise<void> {
    this.checkFiles();
    await this.pool.start();
  }

  /** Ends the model's worker threads, shared with every LocalEmbeddings of this model (they do not keep a process alive while idle; a later call starts them again). */
  close(): Promise<void> {
    return this.pool.close();
  }

  private checked = false;

  private checkFiles(): void {
    if (this.checked) return;
    const dir = this.modelDir;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new Error(`LocalEmbeddings: model directory not found: ${dir}`);
    }
    if (!existsSync(path.join(dir, ONNX_FILE))) {
      throw new Error(`LocalEmbeddings: ${ONNX_FILE} missing in model directory ${dir}`);
    }
    this.checked = true;
  }

  private async run(texts: string[], lane: 'query' | 'bulk'): Promise<number[][]> {
    this.checkFiles();
    const rows = await this.pool.embed(texts.map((t) => t.slice(0, this.maxChars)), lane);
    const first = rows[0];
    if (first) this.dims = first.length;
    return rows.map((r) => Array.from(r));
  }

  override embedDocuments(texts: string[]): Promise<number[][]> {
    return this.run(texts, 'bulk');
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.run([text], 'query');
    return v!;
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration / factory
// ---------------------------------------------------------------------------------------------

export const LocalEmbeddingsConfigSchema = z.object({
  provider: z.literal('local'),
  modelDir: z.string().min(1),
  workers: z.number().int().positive().optional(),
  queryWorkers: z.number().int().positive().optional(),
  batchWaitMs: z.number().nonnegative().optional(),
  maxBatch: z.number().int().positive().optional(),
});

export const OpenAIEmbeddingsConfigSchema = z.object({
  provider: z.literal('openai'),
  baseURL: z.string().min(1),
  apiKey: z.string().optional(),
  model: z.string().min(1),
  dimensions: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
});

export const EmbeddingsConfigSchema = z.discriminatedUnion('provider', [
  LocalEmbeddingsConfigSchema,
  OpenAIEmbeddingsConfigSchema,
]);
export type EmbeddingsConfig = z.infer<typeof EmbeddingsConfigSchema>;

/** Build the embeddings named by a (validated) config. Nothing is loaded or contacted yet. */
export function createEmbeddings(config: EmbeddingsConfig): ModelEmbeddings {
  const c = EmbeddingsConfigSchema.parse(config);
  if (c.provider === 'local') {
    const { provider: _, ...local } = c;
    return new LocalEmbeddings(local);
  }
  return new RemoteEmbeddings(c);
}

/**
 * An OpenAI-protocol embeddings endpoint. The client (LangChain's OpenAIEmbeddings) is loaded on
 * first use: it takes ~0.3 s to load, which the local default should not spend at start.
 */
export class RemoteEmbeddings extends Embeddings implements ModelEmbeddings {
  readonly modelId: string;
  private client: Promise<OpenAIEmbeddings> | null = null;

  constructor(private readonly config: z.infer<typeof OpenAIEmbeddingsConfigSchema>) {
    super({});
    this.modelId = `openai:${config.model}@${config.baseURL}`;
  }

  private inner(): Promise<OpenAIEmbeddings> {
    const c = this.config;
    this.client ??= import('@langchain/openai').then(({ OpenAIEmbeddings }) => new OpenAIEmbeddings({
      model: c.model,
      // Many OpenAI-compatible local servers need no key; the client insists on a non-empty one.
      apiKey: c.apiKey ?? 'not-needed',
      configuration: { baseURL: c.baseURL },
      ...(c.dimensions ? { dimensions: c.dimensions } : {}),
      ...(c.batchSize ? { batchSize: c.batchSize } : {}),
    }));
    return this.client;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.inner()).embedQuery(text);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.inner()).embedDocuments(texts);
  }
}

// ---------------------------------------------------------------------------------------------
// Persistent cache
// ---------------------------------------------------------------------------------------------

/** One JSONL record: model id, SHA-256 of the exact text, little-endian float32 vector in base64. */
interface CacheRecord {
  m: string;
  h: string;
  v: string;
}

function encodeVector(v: readonly number[]): string {
  const f = Float32Array.from(v);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
}

function decodeVector(b64: string): number[] | null {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length === 0 || buf.length % 4 !== 0) return null;
  const f = new Float32Array(buf.length / 4);
  for (let i = 0; i < f.length; i++) f[i] = buf.readFloatLE(i * 4);
  return Array.from(f);
}

/** Round to float32, as stored, so cached and fresh vectors are bit-identical. */
function toF32(v: readonly number[]): number[] {
  return Array.from(Float32Array.from(v));
}

/**
 * Wraps embeddings with a persistent, append-only JSONL cache keyed by (modelId, SHA-256 of text).
 * Each line is `{"m":modelId,"h":sha256,"v":base64(float32 LE)}`; records of another model are
 * ignored, so one file may even be shared safely. A torn last line (crash mid-append) is ignored
 * and cut off before the next append. `embedQuery` is cached in memory only.
 */
export class CachedEmbeddings extends Embeddings implements ModelEmbeddings {
  readonly modelId: string;
  readonly cachePath: string;
  /** Texts actually sent to the inner model by `embedDocuments` since construction. */
  embeddedCount = 0;
  /** Texts served from the cache by `embedDocuments` since construction. */
  hitCount = 0;
  /** Lines of the cache file skipped on load (torn, malformed or of another shape). */
  skippedRecords = 0;

  private readonly cache = new Map<string, number[]>();
  private readonly queryCache: LRUCache<string, number[]> | null;
  private loaded: Promise<void> | null = null;
  private writes: Promise<void> = Promise.resolve();
  private dims: number | null = null;

  constructor(
    readonly inner: ModelEmbeddings,
    cachePath: string,
    queryCacheSize = 256,
  ) {
    super({});
    this.queryCache = queryCacheSize > 0 ? new LRUCache({ max: queryCacheSize }) : null;
    this.modelId = inner.modelId;
    this.cachePath = path.resolve(cachePath);
  }

  /** Number of vectors cached for this model. */
  get size(): number {
    return this.cache.size;
  }

  /** Read the cache file (once; later calls return the same promise). A missing file is an empty cache. */
  load(): Promise<void> {
    this.loaded ??= this.readCache();
    return this.loaded;
  }

  private async readCache(): Promise<void> {
    let buf: Buffer;
    try {
      buf = await readFile(this.cachePath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    // Drop a torn tail (no final newline) so the next append starts on a fresh line.
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl !== buf.length - 1) {
      await truncate(this.cachePath, lastNl + 1);
      if (buf.length > lastNl + 1) this.skippedRecords++;
      buf = buf.subarray(0, lastNl + 1);
    }
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line) continue;
      let rec: Partial<CacheRecord>;
      try {
        rec = JSON.parse(line) as Partial<CacheRecord>;
      } catch {
        this.skippedRecords++;
        continue;
      }
      if (typeof rec.m !== 'string' || typeof rec.h !== 'string' || typeof rec.v !== 'string') {
        this.skippedRecords++;
        continue;
      }
      if (rec.m !== this.modelId) continue;
      const v = decodeVector(rec.v);
      if (!v || (this.dims !== null && v.length !== this.dims)) {
        this.skippedRecords++;
        continue;
      }
      this.dims = v.length;
      this.cache.set(rec.h, v);
    }
  }

  private append(entries: Array<[string, number[]]>): Promise<void> {
    if (entries.length === 0) return this.writes;
    const data = entries
      .map(([h, v]) => JSON.stringify({ m: this.modelId, h, v: encodeVector(v) } satisfies CacheRecord) + '\n')
      .join('');
    // Serialise appends so concurrent embedDocuments calls never interleave lines.
    const next = this.writes.then(async () => {
      await mkdir(path.dirname(this.cachePath), { recursive: true });
      await appendFile(this.cachePath, data, 'utf8');
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    await this.load();
    const hashes = await Promise.all(texts.map((t) => sha256Hex(t)));
    const missing = new Map<string, string>(); // hash → text (deduplicated)
    hashes.forEach((h, i) => {
      if (!this.cache.has(h) && !missing.has(h)) missing.set(h, texts[i]!);
    });
    this.hitCount += texts.length - hashes.filter((h) => missing.has(h)).length;
    if (missing.size > 0) {
      const todo = [...missing];
      const vecs = await this.inner.embedDocuments(todo.map(([, t]) => t));
      if (vecs.length !== todo.length) {
        throw new Error(`CachedEmbeddings: inner model returned ${vecs.length} vectors for ${todo.length} texts`);
      }
      this.embeddedCount += todo.length;
      const fresh: Array<[string, number[]]> = todo.map(([h], i) => [h, toF32(vecs[i]!)]);
      for (const [h, v] of fresh) this.cache.set(h, v);
      await this.append(fresh);
    }
    return hashes.map((h) => this.cache.get(h)!.slice());
  }

  override async embedQuery(text: string): Promise<number[]> {
    const hit = this.queryCache?.get(text);
    if (hit) return hit.slice();
    const v = await this.inner.embedQuery(text);
    this.queryCache?.set(text, v);
    return v.slice();
  }

  /** Wait for pending appends (e.g. before exiting). */
  async flush(): Promise<void> {
    await this.writes;
    // fsync so a completed flush survives power loss, not only a process crash
    try {
      const fh = await open(this.cachePath, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
