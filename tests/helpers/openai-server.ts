/**
 * A small real OpenAI-compatible chat server for tests: POST /v1/chat/completions
 * (plain JSON or text/event-stream) and GET /v1/models, on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  messages: { role: string; content: string }[];
  model: string;
  stream: boolean;
}

/** A reply text, an error response, or a reply text sent after a delay. */
export type Reply = string | { status: number; body: unknown } | { delayMs: number; text: string };
export type ReplyFn = (req: ChatRequest) => Reply | Promise<Reply>;

export interface OpenAIServer {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  /** The JSON bodies of chat-completion requests, in arrival order. */
  requests: unknown[];
  /** The Authorization header of each chat-completion request, in arrival order. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

const CHUNK_CHARS = 3;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

export async function startOpenAIServer(reply: ReplyFn): Promise<OpenAIServer> {
  const requests: unknown[] = [];
  const authorizations: (string | undefined)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;

  const wait = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        timers.delete(t);
        res.off('close', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      timers.add(t);
      res.once('close', done);
    });

  async function completions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      sendJson(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
      return;
    }
    requests.push(body);
    authorizations.push(req.headers.authorization);
    const model = typeof body.model === 'string' ? body.model : 'unknown';
    const stream = body.stream === true;
    const messages = Array.isArray(body.messages)
      ? body.messages.map((m: { role?: unknown; content?: unknown }) => ({
          role: typeof m?.role === 'string' ? m.role : '',
          content: contentText(m?.content),
        }))
      : [];

    let spec = await reply({ messages, model, stream });
    if (typeof spec === 'object' && 'status' in spec) {
      sendJson(res, spec.status, spec.body);
      return;
    }
    if (typeof spec === 'object') {
      await wait(spec.delayMs, res);
      if (res.destroyed || res.writableEnded) return;
      spec = spec.text;
    }
    const text = spec;
    const id = `chatcmpl-test-${++seq}`;
    const created = Math.floor(Date.now() / 1000);

    if (!stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: Array.from(text).length, total_tokens: 10 + Array.from(text).length },
      });
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (delta: Record<string, unknown>, finish: string | null) =>
      res.write(
        `data: ${JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        })}\n\n`,
      );
    send({ role: 'assistant', content: '' }, null);
    const chars = Array.from(text);
    for (let i = 0; i < chars.length; i += CHUNK_CHARS) {
      if (res.destroyed) return;
      send({ content: chars.slice(i, i + CHUNK_CHARS).join('') }, null);
      await wait(2, res);
    }
    if (res.destroyed) return;
    send({}, 'stop');
    const options = body.stream_options as { include_usage?: unknown } | undefined;
    if (options?.include_usage === true) {
      res.write(
        `data: ${JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [],
          usage: { prompt_tokens: 10, completion_tokens: chars.length, total_tokens: 10 + chars.length },
        })}\n\n`,
      );
    }
    res.end('data: [DONE]\n\n');
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      completions(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(e), type: 'server_error' } });
        else res.destroy();
      });
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: 'test-model', object: 'model', created: 0, owned_by: 'tests' }] });
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
