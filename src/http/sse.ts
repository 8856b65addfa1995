/**
 * Parsing a Server-Sent Events stream back into events, as EventSource does,
 * for clients: the web widget (bundled for browsers, so nothing else here) and tests.
 */

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
