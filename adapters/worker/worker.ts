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
import { getConnInfo } from 'hono/cloudflare-workers';
import { appConfigFrom, createApp, type AppEnv } from '../../src/http/app.js';
import { wecomCallbackConfigFromEnv } from '../../src/chat/wecom/callback.js';
import { errorBody } from '../../src/http/errors.js';
import { MemoryFeedbackStore, type FeedbackStore } from '../../src/http/feedback.js';
import { HybridRetriever } from '../../src/retrieve/hybrid.js';
import { jsonLogger } from '../../src/util/log.js';
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

export function createWorkerInstance(env: WorkerEnv, options: WorkerOptions): WorkerInstance {
  const config = loadWorkerConfig(env);
  const artifact = checkArtifact(options.artifact);
  const log = jsonLogger(config.LOG_LEVEL);
  // WECOM_* come as [vars] and secrets (`wrangler secret put WECOM_SECRET`); the callback is off without them
  const wecom = wecomCallbackConfigFromEnv(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')));
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
    config: appConfigFrom(config),
    feedback,
    ...(options.widgetJs ? { assets: { widgetJs: options.widgetJs } } : {}),
    log,
    getClientKey: (c) => getConnInfo(c).remote.address,
    ...(wecom ? { wecom: { config: wecom } } : {}),
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
          jsonLogger('error')({ level: 'error', msg: 'worker failed to start', error: failure });
        }
      }
      if (!instance) return Response.json(errorBody('internal', failure ?? 'internal error'), { status: 500, headers: { 'X-Content-Type-Options': 'nosniff' } });
      return instance.app.fetch(request, env, ctx as never);
    },
    instance: () => instance,
  };
}
