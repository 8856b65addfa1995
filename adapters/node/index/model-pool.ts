/**
 * The local model's worker threads and the micro-batcher in front of them.
 * Questions from concurrent asks join one queue; a free worker takes up to
 * `maxBatch` of them in one message. While the workers are busy the queue
 * fills, so batches form by themselves under load; when a worker is free, a
 * question waits at most `batchWaitMs` for others to join it.
 *
 * Questions go to at most `queryWorkers` workers (by default one fewer than
 * the workers): the event loop that parses requests, retrieves and extracts
 * answers keeps a core of its own. Measured on 2 cores, 50 clients in process:
 * one worker for questions 101–120 asks/s with p99 0.7–0.8 s, two 78–88 asks/s
 * with p99 4–6 s, the event loop starved. Bulk texts (an index build's
 * paragraphs) use every worker, and questions go before them.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelWorkerMessage } from './model-worker.js';

export interface ModelPoolOptions {
  /** The model folder, absolute. */
  modelDir: string;
  /** Worker threads (default: one per core, at most 2). */
  workers?: number;
  /** onnxruntime intra-op threads in each worker (default 1). */
  threadsPerWorker?: number;
  /** Longest wait for other texts before a free worker is sent a batch (ms, default 0). */
  batchWaitMs?: number;
  /** Most texts in one message to a worker (default 8). */
  maxBatch?: number;
  /** Workers that take questions (default one fewer than `workers`, at least 1). */
  queryWorkers?: number;
}

/** Cumulative figures, for benchmarks: texts embedded, messages sent, model time and queue time (ms). */
export interface ModelPoolStats {
  texts: number;
  batches: number;
  computeMs: number;
  waitMs: number;
}

interface Pending {
  text: string;
  queued: number;
  resolve: (v: Float32Array) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: Promise<void>;
  loaded: boolean;
  inFlight: Pending[] | null;
}

export const DEFAULT_POOL_WORKERS = Math.max(1, Math.min(2, availableParallelism()));

const WORKER_URL = new URL(`./model-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * The worker's bootstrap. Run from TypeScript sources (tsx, vitest), the worker registers tsx's
 * loader itself: a worker thread does not inherit the loader its parent was started with under vitest.
 */
const BOOTSTRAP = WORKER_URL.pathname.endsWith('.ts')
  ? `import(${JSON.stringify(pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href)})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`
  : `import(${JSON.stringify(WORKER_URL.href)})`;

export class ModelPool {
  readonly size: number;
  readonly stats: ModelPoolStats = { texts: 0, batches: 0, computeMs: 0, waitMs: 0 };
  private readonly threads: number;
  private readonly batchWaitMs: number;
  private readonly maxBatch: number;
  /** Workers by position, started when first needed: questions need the first `queryWorkers`, bulk texts all. */
  private slots: (Slot | undefined)[] = [];
  private readonly queryWorkers: number;
  /** Questions, served first, by the first `queryWorkers` workers. */
  private queries: Pending[] = [];
  /** Bulk texts, by any worker. */
  private bulk: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 0;

  constructor(private readonly options: ModelPoolOptions) {
    this.size = Math.max(1, Math.floor(options.workers ?? DEFAULT_POOL_WORKERS));
    this.threads = Math.max(1, Math.floor(options.threadsPerWorker ?? 1));
    this.batchWaitMs = Math.max(0, options.batchWaitMs ?? 0);
    this.maxBatch = Math.max(1, Math.floor(options.maxBatch ?? 8));
    this.queryWorkers = Math.min(this.size, Math.max(1, Math.floor(options.queryWorkers ?? this.size - 1)));
  }

  /**
   * Starts the workers that take questions and loads the model in each (once; a failed start is
   * retried by the next call). The others start with the first bulk texts, so a service that only
   * answers never loads them.
   */
  start(): Promise<void> {
    return Promise.all(this.ensure(this.queryWorkers).map((s) => s.ready)).then(() => undefined);
  }

  private ensure(count: number): Slot[] {
    for (let i = 0; i < count; i++) this.slots[i] ??= this.spawn(i);
    return this.slots.slice(0, count) as Slot[];
  }

  /** One vector per text, in order; `bulk` texts (an index build's) use every worker, after the questions. */
  embed(texts: string[], lane: 'query' | 'bulk' = 'query'): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    this.ensure(lane === 'bulk' ? this.size : this.queryWorkers);
    const now = performance.now();
    const vectors = texts.map(
      (text) => new Promise<Float32Array>((resolve, reject) => (lane === 'bulk' ? this.bulk : this.queries).push({ text, queued: now, resolve, reject })),
    );
    // Sent now to a loaded, free worker; else when one finishes loading or its work.
    this.schedule();
    return Promise.all(vectors);
  }

  /** Ends the workers; texts still queued are rejected. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const slots = this.slots.filter((s): s is Slot => s !== undefined);
    this.slots = [];
    this.failQueued(new Error('the model pool was closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(index: number): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { modelDir: this.options.modelDir, threads: this.threads } });
    const slot: Slot = { index, worker, ready: Promise.resolve(), loaded: false, inFlight: null };
    slot.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        this.discard(error);
        reject(error);
      };
      worker.on('message', (message: ModelWorkerMessage) => {
        if (message.type === 'ready') {
          worker.unref();
          slot.loaded = true;
          resolve();
          this.schedule();
        } else if (message.type === 'failed') {
          fail(new Error(message.error));
        } else this.finish(slot, message);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (this.slots.includes(slot)) fail(new Error(`the model worker exited (code ${code})`));
      });
    });
    slot.ready.catch(() => undefined);
    return slot;
  }

  /** A worker failed: every worker goes (the next call starts afresh), and every waiting text is rejected. */
  private discard(error: Error): void {
    const slots = this.slots.filter((s): s is Slot => s !== undefined);
    this.slots = [];
    for (const s of slots) {
      for (const p of s.inFlight ?? []) p.reject(error);
      s.inFlight = null;
      void s.worker.terminate();
    }
    this.failQueued(error);
  }

  private failQueued(error: Error): void {
    const queued = [...this.queries, ...this.bulk];
    this.queries = [];
    this.bulk = [];
    for (const p of queued) p.reject(error);
  }

  private schedule(): void {
    const idle = this.idle();
    if (idle.length === 0) return;
    if (this.bulk.length > 0) {
      this.flush();
      return;
    }
    const forQueries = idle.filter((s) => this.takesQueries(s)).length;
    if (forQueries === 0 || this.queries.length === 0) return;
    if (this.batchWaitMs === 0 || this.queries.length >= this.maxBatch * forQueries) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.batchWaitMs);
  }

  private idle(): Slot[] {
    return this.slots.filter((s): s is Slot => s !== undefined && s.loaded && s.inFlight === null);
  }

  private takesQueries(slot: Slot): boolean {
    return slot.index < this.queryWorkers;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const idle = this.idle();
    let forQueries = idle.filter((s) => this.takesQueries(s)).length;
    for (const slot of idle) {
      if (this.takesQueries(slot) && this.queries.length > 0) {
        // Share the questions between the free workers, so one does not take them all while another idles.
        this.send(slot, this.queries.splice(0, Math.min(this.maxBatch, Math.ceil(this.queries.length / forQueries))));
        forQueries--;
      } else if (this.bulk.length > 0) {
        // A worker that takes questions takes bulk texts one at a time, so a question never waits behind a batch.
        this.send(slot, this.bulk.splice(0, this.takesQueries(slot) ? 1 : this.maxBatch));
        if (this.takesQueries(slot)) forQueries--;
      }
    }
  }

  private send(slot: Slot, batch: Pending[]): void {
    slot.inFlight = batch;
    slot.worker.ref();
    const now = performance.now();
    for (const p of batch) this.stats.waitMs += now - p.queued;
    this.stats.batches++;
    slot.worker.postMessage({ id: this.nextId++, texts: batch.map((p) => p.text) });
  }

  private finish(slot: Slot, message: Extract<ModelWorkerMessage, { type: 'done' | 'error' }>): void {
    const batch = slot.inFlight ?? [];
    slot.inFlight = null;
    slot.worker.unref();
    if (message.type === 'error') {
      for (const p of batch) p.reject(new Error(message.error));
    } else {
      batch.forEach((p, i) => p.resolve(message.vectors.subarray(i * message.dims, (i + 1) * message.dims)));
      this.stats.texts += batch.length;
      for (const ms of message.ms) this.stats.computeMs += ms;
    }
    // What is queued now has waited for a worker already: send it at once.
    if (this.queries.length > 0 || this.bulk.length > 0) this.flush();
  }
}

const pools = new Map<string, ModelPool>();

/** One pool per model and set-up in a process: every LocalEmbeddings of the same model shares its workers. */
export function sharedPool(options: ModelPoolOptions): ModelPool {
  const key = JSON.stringify([options.modelDir, options.workers ?? DEFAULT_POOL_WORKERS, options.threadsPerWorker ?? 1, options.batchWaitMs ?? 0, options.maxBatch ?? 8, options.queryWorkers ?? null]);
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new ModelPool(options)));
  return pool;
}
