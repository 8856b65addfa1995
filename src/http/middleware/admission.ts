/**
 * Admission control for asks: at most `maxInFlight` answered at once, at most
 * `maxQueued` more waiting for a slot, and anything beyond refused at once
 * with 503 and Retry-After. Past the service's throughput, latency then stays
 * bounded instead of every request queueing without end, and routes without
 * this guard (/healthz, /readyz) keep answering. Hono ships nothing like it.
 *
 * A streamed answer holds its slot until its last byte is sent or the client
 * goes away, not only until the handler returns.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

export interface AdmissionOptions {
  /** 0: no limit. */
  maxInFlight: number;
  maxQueued: number;
}

export class Admission {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: AdmissionOptions) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A slot, resolved once one is free; undefined (refuse now) when the queue is
   * full too. `signal` aborting while queued gives the place up.
   */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (this.options.maxInFlight <= 0) return Promise.resolve(() => undefined);
    if (this.active < this.options.maxInFlight) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.maxQueued) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', leave);
        resolve(this.releaser());
      };
      const leave = () => {
        const at = this.waiting.indexOf(wake);
        if (at !== -1) this.waiting.splice(at, 1);
        resolve(undefined);
      };
      this.waiting.push(wake);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }

  /** Frees the slot once; the first waiting request takes it over. */
  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

/** The body of `response`, calling `release` once it has been read to the end, failed or been cancelled. */
function releasingBody(body: ReadableStream<Uint8Array>, release: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}

/** Seconds a refused client is told to wait: slots free within milliseconds to seconds. */
export function admitted(admission: Admission, retryAfterSeconds = 1): MiddlewareHandler {
  return async (c, next) => {
    const release = await admission.acquire(c.req.raw.signal);
    if (!release) {
      throw new ApiError(503, 'overloaded', 'too many questions at once; try again shortly', { 'Retry-After': String(retryAfterSeconds) });
    }
    try {
      await next();
    } catch (error) {
      release();
      throw error;
    }
    const body = c.res.body;
    if (body && (c.res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      c.res = new Response(releasingBody(body, release), c.res);
    } else release();
  };
}
