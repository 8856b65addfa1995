/**
 * Server-Sent Events without runtime specifics: encode frames, turn an async
 * iterator into a byte stream that stops the iterator when the client goes
 * away, and parse a stream back into events (for clients and tests).
 */

export interface SseMessage {
  event?: string;
  data: string;
  id?: string;
}

export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** One frame; multi-line data becomes several `data:` lines, as the format requires. */
export function encodeSse(message: SseMessage): string {
  let out = '';
  if (message.event) out += `event: ${oneLine(message.event)}\n`;
  if (message.id) out += `id: ${oneLine(message.id)}\n`;
  for (const line of message.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
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

/**
 * A byte stream of SSE frames pulled from `source` one at a time (so a slow
 * client applies back-pressure to the producer). A thrown error ends the
 * stream with the frames `onError` gives; cancelling (client disconnect)
 * stops the source.
 */
export function sseStream(
  source: AsyncIterator<SseMessage>,
  onError: (error: unknown) => SseMessage[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finished = false;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      try {
        const step = await source.next();
        if (cancelled) return;
        if (step.done) {
          finished = true;
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(encodeSse(step.value)));
      } catch (error) {
        finished = true;
        if (cancelled) return;
        for (const message of onError(error)) controller.enqueue(encoder.encode(encodeSse(message)));
        controller.close();
      }
    },
    async cancel() {
      cancelled = true;
      finished = true;
      try {
        await source.return?.();
      } catch {
        // the client is gone; nothing to report to
      }
    },
  });
}

export interface ParsedSseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Parses an SSE byte stream as the EventSource spec does (event defaults to `message`). */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<ParsedSseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let sawData = false;
  let finished = false;
  const dispatchLine = function* (line: string): Generator<ParsedSseEvent> {
    if (line === '') {
      if (sawData) yield { event: event || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) };
      event = '';
      data = [];
      sawData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      data.push(value);
      sawData = true;
    } else if (field === 'id') id = value;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let match: RegExpExecArray | null;
      const lineBreak = /\r\n|\r|\n/g;
      let start = 0;
      while ((match = lineBreak.exec(buffer))) {
        // a lone \r at the very end may be the first half of \r\n
        if (match[0] === '\r' && match.index === buffer.length - 1 && !done) break;
        yield* dispatchLine(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
      if (done) {
        finished = true;
        // an event not closed by a blank line is incomplete and is dropped, as EventSource does
        return;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
