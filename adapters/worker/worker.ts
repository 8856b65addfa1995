/**
 * The Worker: the same Hono app (src/http/app.ts) over the same core
 * (QaEngine, HybridRetriever), with what differs in a Worker: the index is in
 * D1 (d1.ts; the script carries none of it), words from jieba-wasm, feedback
 * from KV or memory, dense retrieval from Workers AI + Vectorize when bound,
 * and no re-indexing or uploads (the app answers 501).
 *
 * The app is made on the first request of an isolate and kept for its
 * lifetime. Each request reads D1's generation pointer; a generation the
 * isolate does not hold yet is loaded (reports, paragraphs, term statistics)
 * and swapped in whole, while asks already running finish on the one before.
 * The first load pays for jieba-wasm loading its dictionary (about 0.3 s,
 * when the corpus words are added). Without D1, or with D1 empty, every route
 * that needs the index answers 503 saying how to load it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { QaEngine } from '../../src/engine.js';
import { getConnInfo } from 'hono/cloudflare-workers';
import { appConfigFrom, createApp, type AppEnv } from '../../src/http/app.js';
import { wecomCallbackConfigFromEnv } from '../../src/chat/wecom/callback.js';
import { errorBody } from '../../src/http/errors.js';
import { MemoryFeedbackStore, type FeedbackStore } from '../../src/http/feedback.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import { jsonLogger, type Logger } from '../../src/util/log.js';
import type { D1Binding, WorkerContext, WorkerEnv } from './bindings.js';
import { loadWorkerConfig, type WorkerConfig } from './config.js';
import { currentGeneration, D1LexicalSearch, D1Unavailable, loadGeneration, type D1Generation } from './d1.js';
import { workersAiDense } from './dense.js';
import { KvFeedbackStore } from './feedback-kv.js';
import { useCorpusPhrases } from './opencc.js';
import { jiebaWasmSegmenter, segmenterWords, type JiebaWasm } from './segmenter.js';

export interface WorkerOptions {
  /** Instantiates jieba-wasm; called once per isolate. */
  jieba: () => JiebaWasm;
  /** The web widget's script for GET /widget.js (generated/widget.js); 404 without it. */
  widgetJs?: string | null;
}

/** Routes that need no index: served while D1 cannot be read. */
const WITHOUT_INDEX = new Set(['/widget.js', '/openapi.json', '/docs']);

export interface WorkerInstance {
  app: OpenAPIHono<AppEnv>;
  engine: QaEngine;
  config: WorkerConfig;
  /** The generation being served, once one is loaded. */
  generation(): D1Generation | undefined;
  retrieval(): 'lexical' | 'hybrid' | undefined;
  feedback: 'kv' | 'memory';
  /** Serves D1's current generation (loading it when new); throws D1Unavailable. */
  refresh(db: D1Binding | undefined): Promise<void>;
}

export function createWorkerInstance(env: WorkerEnv, options: WorkerOptions): WorkerInstance {
  const config = loadWorkerConfig(env);
  const log = jsonLogger(config.LOG_LEVEL);
  // WECOM_* come as [vars] and secrets (`wrangler secret put WECOM_SECRET`); the callback is off without them
  const wecom = wecomCallbackConfigFromEnv(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')));
  const engine = new QaEngine(null);
  const feedback: FeedbackStore = env.FEEDBACK ? new KvFeedbackStore(env.FEEDBACK) : new MemoryFeedbackStore();
  const app = createApp({
    service: engine,
    config: appConfigFrom(config),
    feedback,
    ...(options.widgetJs ? { assets: { widgetJs: options.widgetJs } } : {}),
    log,
    getClientKey: (c) => getConnInfo(c).remote.address,
    ...(wecom ? { wecom: { config: wecom } } : {}),
  });
  const generations = generationLoader(env, config, engine, options, log);
  return {
    app,
    engine,
    config,
    generation: generations.serving,
    retrieval: generations.retrieval,
    feedback: env.FEEDBACK ? 'kv' : 'memory',
    refresh: generations.refresh,
  };
}

/** Keeps the engine on D1's current generation. */
function generationLoader(env: WorkerEnv, config: WorkerConfig, engine: QaEngine, options: WorkerOptions, log: Logger) {
  let serving: { generation: D1Generation; retrieval: 'lexical' | 'hybrid' } | undefined;
  let loading: { id: string; done: Promise<void> } | undefined;
  let jieba: JiebaWasm | undefined;
  /** The words this isolate's jieba holds: it keeps one dictionary, words are only ever added. */
  const jiebaWords = new Set<string>();

  async function load(db: D1Binding, id: string): Promise<void> {
    const generation = await loadGeneration(db, id);
    jieba ??= options.jieba();
    const words = new Set(segmenterWords(generation.vocabulary));
    const extra = [...jiebaWords].filter((w) => !words.has(w)).length;
    if (extra) log({ level: 'warn', msg: 'jieba keeps words of an earlier generation until this isolate is recycled; questions may be cut differently from the paragraphs', generation: id, words: extra });
    for (const w of words) jiebaWords.add(w);
    const lexical = new D1LexicalSearch(db, generation, jiebaWasmSegmenter(jieba, generation.vocabulary));
    const dense =
      config.DENSE_RETRIEVAL === 'auto' && env.AI && env.VECTORIZE
        ? workersAiDense({
            ai: env.AI,
            index: env.VECTORIZE,
            paragraphs: generation.paragraphs,
            model: config.EMBEDDING_MODEL,
            onError: (error) => log({ level: 'warn', msg: 'dense retrieval failed; answering from lexical retrieval', error: error instanceof Error ? error.message : String(error) }),
          })
        : null;
    useCorpusPhrases(generation.phrases);
    engine.swap(new HybridRetriever(generation.documents, generation.paragraphs, lexical, dense));
    serving = { generation, retrieval: dense ? 'hybrid' : 'lexical' };
    log({
      level: 'info',
      msg: 'worker serving',
      generation: id,
      documents: generation.documents.length,
      paragraphs: generation.paragraphs.length,
      segmenter: generation.segmenter,
      retrieval: dense ? `hybrid (${dense.modelId})` : 'lexical',
      feedback: env.FEEDBACK ? 'kv' : 'memory',
    });
  }

  return {
    serving: () => serving?.generation,
    retrieval: () => serving?.retrieval,
    async refresh(db: D1Binding | undefined): Promise<void> {
      const id = await currentGeneration(db);
      if (serving?.generation.id === id) return;
      // Requests arriving during a load wait for that same load.
      if (loading?.id !== id) {
        const done = load(db as D1Binding, id).finally(() => {
          if (loading?.done === done) loading = undefined;
        });
        loading = { id, done };
      }
      await loading.done;
    },
  };
}

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Response | Promise<Response>;
  /** The isolate's instance, once a request has made it (tests). */
  instance(): WorkerInstance | undefined;
}

const JSON_HEADERS = { 'X-Content-Type-Options': 'nosniff' };

function unavailable(request: Request, problem: D1Unavailable): Response {
  const retry: Record<string, string> = problem.problem === 'failing' ? { 'Retry-After': '5' } : {};
  const body = errorBody('not_ready', problem.message);
  const path = new URL(request.url).pathname;
  const status = path === '/healthz' || path === '/readyz' ? { status: 'unavailable', index: problem.problem } : {};
  return Response.json({ ...body, ...status }, { status: 503, headers: { ...JSON_HEADERS, ...retry } });
}

/** The module Worker's handler: one instance per isolate, made by its first request. */
export function createWorker(options: WorkerOptions): WorkerHandler {
  let instance: WorkerInstance | undefined;
  let failure: string | undefined;
  return {
    async fetch(request, env, ctx) {
      if (!instance && failure === undefined) {
        try {
          instance = createWorkerInstance(env, options);
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
          jsonLogger('error')({ level: 'error', msg: 'worker failed to start', error: failure });
        }
      }
      if (!instance) return Response.json(errorBody('internal', failure ?? 'internal error'), { status: 500, headers: JSON_HEADERS });
      try {
        await instance.refresh(env.DB);
      } catch (error) {
        if (!(error instanceof D1Unavailable)) throw error;
        // Asks search D1 too: while it fails, they would fail with it.
        if (!WITHOUT_INDEX.has(new URL(request.url).pathname)) return unavailable(request, error);
      }
      return instance.app.fetch(request, env, ctx as never);
    },
    instance: () => instance,
  };
}
