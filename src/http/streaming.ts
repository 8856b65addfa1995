/**
 * Sending answers as Server-Sent Events with hono/streaming's streamSSE: the
 * source starts before the status is chosen and stops when the client goes
 * away. (Parsing them back, for clients, is sse.ts.)
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

export interface SseMessage {
  event?: string;
  data: string;
}

/**
 * Starts the iteration before any byte is sent, so a failure on the first
 * step can still be answered with a proper status instead of a 200 stream.
 * The returned iterator replays that first step.
 */
export async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterator<T>> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  let replayed = false;
  return {
    next: () => {
      if (!replayed) {
        replayed = true;
        return Promise.resolve(first);
      }
      return it.next();
    },
    return: async (value?: unknown) => {
      replayed = true;
      if (it.return) return it.return(value);
      return { done: true, value: value as T };
    },
  };
}

/** Maps every step of `source` to messages (and `end()`'s after the last); stopping the result stops the source. */
export async function* mapEvents<S, T>(source: AsyncIterator<S>, map: (event: S) => Iterable<T>, end?: () => Iterable<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const step = await source.next();
      if (step.done) break;
      yield* map(step.value);
    }
    if (end) yield* end();
  } finally {
    await source.return?.();
  }
}

/**
 * Sends `source` as an event stream, one message at a time (a slow client
 * holds the producer back), and stops it when the client goes away. A failure
 * mid-stream ends it with `onError`'s messages: it is caught here because
 * streamSSE's own error path would also send the error's message, internals
 * included, to the client.
 */
export function sendEvents(c: Context, source: AsyncIterator<SseMessage>, onError: (error: unknown) => SseMessage[]): Response {
  const response = streamSSE(c, async (stream) => {
    try {
      for (;;) {
        const step = await source.next();
        if (step.done || stream.aborted) break;
        await stream.writeSSE(step.value);
      }
    } catch (error) {
      if (!stream.aborted) for (const message of onError(error)) await stream.writeSSE(message);
    } finally {
      await source.return?.();
    }
  });
  response.headers.set('Content-Type', 'text/event-stream; charset=utf-8');
  // no-transform and X-Accel-Buffering keep proxies (nginx) from holding the events back
  response.headers.set('Cache-Control', 'no-cache, no-transform');
  response.headers.set('X-Accel-Buffering', 'no');
  return response;
}
