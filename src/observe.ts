/**
 * What the service reports about itself, runtime-neutral: the app and the
 * engine call an `Observer`, and each runtime decides what to do with it (the
 * Node adapter turns it into Prometheus metrics, adapters/node/metrics.ts), so
 * the core never imports a metrics library.
 *
 * Three ways in, so nothing in the routes or the engine has to change:
 * - `observedService` wraps a QaService: every answer (whole or streamed),
 *   every reindex;
 * - `observeUploads` is a middleware for the upload route: its outcome by
 *   status and error code;
 * - `watchQueue` is handed a reader of the ask admission queue.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AnswerEvent } from './answer/stream.js';
import { LLM_WARNINGS } from './answer/llm-answer.js';
import type { AnswerResult, AskOptions } from './answer/types.js';
import type { QaService, ReindexResult } from './service.js';

export interface AskObservation {
  question: string;
  /** Wall time of the whole answer, in milliseconds (for a stream: until its `done` event). */
  ms: number;
  stream: boolean;
}

/** What became of an LLM's answer: used, or the extractive answer given instead (`fallback`: the model refused or failed; `rejected`: the guard refused its text). */
export interface LlmOutcome {
  outcome: 'accepted' | 'fallback' | 'rejected';
  reason: string;
}

export type ReindexOutcome = { ok: true; result: ReindexResult; ms: number } | { ok: false; ms: number };

export interface QueueState {
  inFlight: number;
  queued: number;
}

export interface Observer {
  onAsk(result: AnswerResult, observation: AskObservation): void;
  /** `outcome`: `stored`, `replaced`, or the error code the upload was refused with. */
  onUpload(outcome: string): void;
  onReindexStart(): void;
  onReindex(outcome: ReindexOutcome): void;
  /** Called once with a reader of the ask admission queue, which the observer reads when it needs to. */
  watchQueue(read: () => QueueState): void;
}

/** One observer calling each of `parts` in turn; each may implement only what it needs. */
export function combineObservers(...parts: Partial<Observer>[]): Observer {
  return {
    onAsk: (result, observation) => parts.forEach((p) => safely(() => p.onAsk?.(result, observation))),
    onUpload: (outcome) => parts.forEach((p) => safely(() => p.onUpload?.(outcome))),
    onReindexStart: () => parts.forEach((p) => safely(() => p.onReindexStart?.())),
    onReindex: (outcome) => parts.forEach((p) => safely(() => p.onReindex?.(outcome))),
    watchQueue: (read) => parts.forEach((p) => safely(() => p.watchQueue?.(read))),
  };
}

/** An LLM outcome from a result's timings and warnings (llm-answer.ts's `LLM_WARNINGS`); undefined when no model was asked. */
export function llmOutcome(result: AnswerResult): LlmOutcome | undefined {
  if (result.timings.llmMs === undefined) return undefined;
  for (const warning of result.warnings ?? []) {
    if (warning === LLM_WARNINGS.refused) return { outcome: 'fallback', reason: 'refused' };
    if (warning === LLM_WARNINGS.unavailable) return { outcome: 'fallback', reason: 'unavailable' };
    // LLM_WARNINGS.rejected(check) names the guard's check
    const check = /failed the ([\w-]+) check/.exec(warning)?.[1];
    if (check) return { outcome: 'rejected', reason: check };
  }
  return { outcome: 'accepted', reason: 'none' };
}

/**
 * The stages of one answer as seconds, from its `timings` (`embedMs`,
 * `lexicalMs`, …; `totalMs` is the whole and not a stage).
 */
export function stageSeconds(result: AnswerResult): [stage: string, seconds: number][] {
  const stages: [string, number][] = [];
  for (const [key, ms] of Object.entries(result.timings)) {
    const stage = /^([a-z][A-Za-z]*)Ms$/.exec(key)?.[1];
    if (!stage || stage === 'total' || !Number.isFinite(ms) || ms < 0) continue;
    stages.push([stage, ms / 1000]);
  }
  return stages;
}

function safely(call: () => void): void {
  try {
    call();
  } catch {
    // a broken observer must not break answers
  }
}

/** `service` with every answer and reindex reported to `observer`; everything else passes through. */
export function observedService(service: QaService, observer: Observer): QaService {
  const reindex = service.reindex?.bind(service);
  return {
    ready: () => service.ready(),
    documents: () => service.documents(),
    document: (id) => service.document(id),
    paragraph: (id) => service.paragraph(id),
    corpus: service.corpus,
    async answer(question: string, options?: AskOptions) {
      const t0 = performance.now();
      const result = await service.answer(question, options);
      safely(() => observer.onAsk(result, { question, ms: performance.now() - t0, stream: false }));
      return result;
    },
    async *answerStream(question: string, options?: AskOptions): AsyncGenerator<AnswerEvent> {
      const t0 = performance.now();
      for await (const event of service.answerStream(question, options)) {
        if (event.type === 'done') safely(() => observer.onAsk(event.result, { question, ms: performance.now() - t0, stream: true }));
        yield event;
      }
    },
    ...(reindex
      ? {
          async reindex() {
            const t0 = performance.now();
            safely(() => observer.onReindexStart());
            try {
              const result = await reindex();
              safely(() => observer.onReindex({ ok: true, result, ms: performance.now() - t0 }));
              return result;
            } catch (error) {
              safely(() => observer.onReindex({ ok: false, ms: performance.now() - t0 }));
              throw error;
            }
          },
        }
      : {}),
  };
}

/** The upload route's answers: the stored file, or the usual error body. */
const StoredSchema = z.object({ replaced: z.boolean() });
const ErrorCodeSchema = z.object({ error: z.object({ code: z.string().regex(/^[a-z_]{1,40}$/) }) });

/** For POST /api/admin/reports: reports each upload's outcome once the route has answered. */
export function observeUploads(observer: Observer): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'POST') return;
    const status = c.res.status;
    let body: unknown;
    try {
      body = await c.res.clone().json();
    } catch {
      body = undefined;
    }
    const outcome =
      status === 201
        ? StoredSchema.safeParse(body).data?.replaced
          ? 'replaced'
          : 'stored'
        : (ErrorCodeSchema.safeParse(body).data?.error.code ?? `status_${status}`);
    safely(() => observer.onUpload(outcome));
  };
}
