/**
 * GET /metrics in the Prometheus text format (prom-client), fed by the core's
 * Observer (src/observe.ts). Node only: prom-client reads process figures.
 *
 * /metrics takes the admin token (`Authorization: Bearer <ADMIN_TOKEN>`, what
 * Prometheus sends with `authorization: {credentials_file: …}`) and is 404
 * without one configured: it tells who asks how much, so it is not public, and
 * one port keeps the deployment to one proxy block.
 */
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { errorBody } from '../../src/http/errors.js';
import { llmOutcome, stageSeconds, type Observer, type QueueState } from '../../src/observe.js';
import type { QaService } from '../../src/service.js';

/** Seconds: answers take milliseconds (extractive) to tens of seconds (an LLM). */
const ASK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STAGE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30];
const REINDEX_BUCKETS = [0.5, 1, 5, 15, 60, 300, 900, 3600];

export interface NodeMetrics {
  observer: Observer;
  registry: Registry;
  /** A Hono app with GET /metrics behind `adminToken` (404 without one). */
  routes(adminToken: string | undefined): Hono;
}

export function createNodeMetrics(options: { service: Pick<QaService, 'ready' | 'documents'>; defaultMetrics?: boolean }): NodeMetrics {
  const { service } = options;
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const asks = new Counter({ name: 'fazhi_asks_total', help: 'Questions answered or refused', labelNames: ['answered', 'mode', 'stream'] as const, registers: [registry] });
  const refusals = new Counter({ name: 'fazhi_refusals_total', help: 'Questions refused (answered: false)', registers: [registry] });
  const llm = new Counter({
    name: 'fazhi_llm_outcomes_total',
    help: "LLM answers by outcome: accepted, fallback (the model refused or was unavailable) or rejected (by the guard's check named in reason)",
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const askSeconds = new Histogram({ name: 'fazhi_ask_duration_seconds', help: 'Whole answers, by streaming or not', labelNames: ['stream'] as const, buckets: ASK_BUCKETS, registers: [registry] });
  const stageHistogram = new Histogram({ name: 'fazhi_ask_stage_seconds', help: 'One answer by stage (embed, dense, lexical, fuse, extract, llm…)', labelNames: ['stage'] as const, buckets: STAGE_BUCKETS, registers: [registry] });
  const uploads = new Counter({ name: 'fazhi_uploads_total', help: 'Report uploads by outcome: stored, replaced, or the error code', labelNames: ['outcome'] as const, registers: [registry] });
  const reindexes = new Counter({ name: 'fazhi_reindex_total', help: 'Reindexes by outcome', labelNames: ['outcome'] as const, registers: [registry] });
  const reindexSeconds = new Histogram({ name: 'fazhi_reindex_duration_seconds', help: 'Reindexes, start to swap', buckets: REINDEX_BUCKETS, registers: [registry] });

  let reindexRunning = 0;
  let swapped = 0;
  let queue: (() => QueueState) | undefined;
  const read = <T>(get: () => T, fallback: T): T => {
    try {
      return get();
    } catch {
      return fallback;
    }
  };

  new Gauge({ name: 'fazhi_reindex_running', help: '1 while a reindex runs (the previous index keeps serving)', registers: [registry], collect() { this.set(reindexRunning > 0 ? 1 : 0); } });
  new Gauge({
    name: 'fazhi_index_generation',
    help: 'The index serving: 1 once the first is loaded, +1 for each reindex swapped in since the process started; 0 before ready',
    registers: [registry],
    collect() {
      this.set(service.ready() ? 1 + swapped : 0);
    },
  });
  const corpus = () => (service.ready() ? read(() => service.documents(), []) : []);
  new Gauge({ name: 'fazhi_index_documents', help: 'Reports in the serving index', registers: [registry], collect() { this.set(corpus().length); } });
  new Gauge({ name: 'fazhi_index_paragraphs', help: 'Paragraphs in the serving index', registers: [registry], collect() { this.set(corpus().reduce((n, d) => n + d.paragraphs, 0)); } });
  new Gauge({ name: 'fazhi_asks_in_flight', help: 'Asks being answered now', registers: [registry], collect() { this.set(queue ? read(queue, { inFlight: 0, queued: 0 }).inFlight : 0); } });
  new Gauge({ name: 'fazhi_asks_queued', help: 'Asks waiting for a slot (queue depth)', registers: [registry], collect() { this.set(queue ? read(queue, { inFlight: 0, queued: 0 }).queued : 0); } });

  const observer: Observer = {
    onAsk(result, observation) {
      asks.inc({ answered: String(result.answered), mode: result.mode, stream: String(observation.stream) });
      if (!result.answered) refusals.inc();
      const outcome = llmOutcome(result);
      if (outcome) llm.inc({ outcome: outcome.outcome, reason: outcome.reason });
      askSeconds.observe({ stream: String(observation.stream) }, observation.ms / 1000);
      for (const [stage, seconds] of stageSeconds(result)) stageHistogram.observe({ stage }, seconds);
    },
    onUpload(outcome) {
      uploads.inc({ outcome });
    },
    onReindexStart() {
      reindexRunning++;
    },
    onReindex(outcome) {
      reindexRunning = Math.max(0, reindexRunning - 1);
      reindexes.inc({ outcome: outcome.ok ? 'ok' : 'failed' });
      reindexSeconds.observe(outcome.ms / 1000);
      if (outcome.ok) swapped++;
    },
    watchQueue(reader) {
      queue = reader;
    },
  };

  return {
    observer,
    registry,
    routes(adminToken) {
      const app = new Hono();
      const check = adminToken ? bearerAuth({ token: adminToken, realm: 'metrics' }) : undefined;
      app.use('/metrics', async (c, next) => {
        if (!check) return c.json(errorBody('not_found', 'metrics are disabled without ADMIN_TOKEN'), 404);
        let passed = false;
        try {
          await check(c, async () => {
            passed = true;
          });
        } catch {
          passed = false;
        }
        if (!passed) return c.json(errorBody('unauthorized', 'a valid admin token is required'), 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
        await next();
      });
      app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }));
      return app;
    },
  };
}
