/**
 * The Worker: the same Hono app (src/http/app.ts) over the same core
 * (QaEngine, HybridRetriever, LexicalIndex), with what differs in a Worker:
 * the index comes from the build's artifact, words from jieba-wasm, feedback
 * from KV or memory, dense retrieval from Workers AI + Vectorize when bound,
 * and no re-indexing or uploads (the app answers 501).
 *
 * Everything is set up on the first request of an isolate and kept for its
 * lifetime. That first request pays for jieba-wasm loading its dictionary
 * (about 0.3 s, when the corpus words are added); later ones do not.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { QaEngine } from '../../src/engine.js';
import { createApp, type AppEnv, type LogEntry } from '../../src/http/app.js';
import { errorBody } from '../../src/http/errors.js';
import { MemoryFeedbackStore, type FeedbackStore } from '../../src/http/feedback.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import { LexicalIndex } from '../../src/retrieve/lexical.js';
import { checkArtifact, unpackLexical, type WorkerArtifact } from './artifact.js';
import type { WorkerContext, WorkerEnv } from './bindings.js';
import { loadWorkerConfig, type WorkerConfig } from './config.js';
import { workersAiDense } from './dense.js';
import { KvFeedbackStore } from './feedback-kv.js';
import { jiebaWasmSegmenter, type JiebaWasm } from './segmenter.js';

export interface WorkerOptions {
  /** The generated artifact (generated/artifact.js), checked on first use. */
  artifact: unknown;
  /** Instantiates jieba-wasm; called once per isolate. */
  jieba: () => JiebaWasm;
  /** The web widget's script for GET /widget.js (generated/widget.js); 404 without it. */
  widgetJs?: string | null;
}

export interface WorkerInstance {
  app: OpenAPIHono<AppEnv>;
  engine: QaEngine;
  config: WorkerConfig;
  artifact: WorkerArtifact;
  retrieval: 'lexical' | 'hybrid';
  feedback: 'kv' | 'memory';
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

export function workerLogger(min: Level): (entry: LogEntry) => void {
  return (entry) => {
    const level = (LEVELS.includes(entry.level as Level) ? entry.level : 'info') as Level;
    if (LEVELS.indexOf(level) < LEVELS.indexOf(min)) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, ...entry });
    if (level === 'error') console.error(line);
    else console.log(line);
  };
}

export function createWorkerInstance(env: WorkerEnv, options: WorkerOptions): WorkerInstance {
  const config = loadWorkerConfig(env);
  const artifact = checkArtifact(options.artifact);
  const log = workerLogger(config.LOG_LEVEL);
  const lexical = new LexicalIndex(unpackLexical(artifact.lexical, artifact.paragraphs), jiebaWasmSegmenter(options.jieba(), artifact.lexical.vocabulary));
  const dense =
    config.DENSE_RETRIEVAL === 'auto' && env.AI && env.VECTORIZE
      ? workersAiDense({
          ai: env.AI,
          index: env.VECTORIZE,
          paragraphs: artifact.paragraphs,
          model: config.EMBEDDING_MODEL,
          onError: (error) => log({ level: 'warn', msg: 'dense retrieval failed; answering from lexical retrieval', error: error instanceof Error ? error.message : String(error) }),
        })
      : null;
  const engine = new QaEngine(new HybridRetriever(artifact.documents, artifact.paragraphs, lexical, dense));
  const feedback: FeedbackStore = env.FEEDBACK ? new KvFeedbackStore(env.FEEDBACK) : new MemoryFeedbackStore();
  const app = createApp({
    service: engine,
    config: {
      adminToken: config.ADMIN_TOKEN,
      corsOrigins: config.CORS_ORIGINS,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      trustProxy: config.TRUST_PROXY,
      maxUploadBytes: 10 * 1024 * 1024,
      ...(config.MAX_BODY_BYTES !== undefined ? { maxBodyBytes: config.MAX_BODY_BYTES } : {}),
    },
    feedback,
    ...(options.widgetJs ? { assets: { widgetJs: options.widgetJs } } : {}),
    log,
    getClientKey: (c) => c.req.header('cf-connecting-ip'),
  });
  log({
    level: 'info',
    msg: 'worker ready',
    documents: artifact.documents.length,
    paragraphs: artifact.paragraphs.length,
    segmenter: artifact.segmenter,
    retrieval: dense ? `hybrid (${dense.modelId})` : 'lexical',
    feedback: env.FEEDBACK ? 'kv' : 'memory',
  });
  return { app, engine, config, artifact, retrieval: dense ? 'hybrid' : 'lexical', feedback: env.FEEDBACK ? 'kv' : 'memory' };
}

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Response | Promise<Response>;
  /** The isolate's instance, once a request has made it (tests). */
  instance(): WorkerInstance | undefined;
}

/** The module Worker's handler: one instance per isolate, made by its first request. */
export function createWorker(options: WorkerOptions): WorkerHandler {
  let instance: WorkerInstance | undefined;
  let failure: string | undefined;
  return {
    fetch(request, env, ctx) {
      if (!instance && failure === undefined) {
        try {
          instance = createWorkerInstance(env, options);
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
          console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'worker failed to start', error: failure }));
        }
      }
      if (!instance) return Response.json(errorBody('internal', failure ?? 'internal error'), { status: 500 });
      return instance.app.fetch(request, env, ctx as never);
    },
    instance: () => instance,
  };
}
