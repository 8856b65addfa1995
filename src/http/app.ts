/**
 * The HTTP face of the question answerer, runtime-neutral: it runs under
 * @hono/node-server and in a Worker alike. Nothing here imports node:*;
 * whatever differs between runtimes (feedback storage, the client address,
 * logging) comes in through `createApp`'s parameters.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { AnswerEvent } from '../answer/stream.js';
import { AnswerResultSchema, type AnswerResult, type AskOptions } from '../answer/types.js';
import { DocumentSchema, ParagraphSchema } from '../schema.js';
import type { QaService, ReindexResult } from '../service.js';
import { mediaType, readBodyLimited, readJsonBody } from './body.js';
import { DOCS_CSP, docsPage } from './docs-page.js';
import { ApiError, errorBody, formatZodError, type ErrorCode, type ErrorStatus } from './errors.js';
import type { FeedbackStore } from './feedback.js';
import {
  ChatCompletionRequestSchema,
  ConversationKeys,
  MAX_QUESTION_CHARS,
  chatChunk,
  chatCompletion,
  chatTurn,
  fazhiExtra,
  type ChatTurn,
} from './openai.js';
import { registerPages } from './pages.js';
import { RateLimiter } from './rate-limit.js';
import { bearerToken, constantTimeEqual, reportNameProblem } from './security.js';
import { SSE_HEADERS, primed, sseStream, type SseMessage } from './sse.js';

export interface AppConfig {
  /** Enables the admin routes; they answer 404 without it. */
  adminToken?: string;
  /** '*' or a comma-separated list of allowed origins. */
  corsOrigins: string;
  /** Per client, for the ask, chat and feedback routes; 0 turns limiting off. */
  rateLimitPerMinute: number;
  maxUploadBytes: number;
  /** Largest JSON body accepted; default 64 KiB. */
  maxBodyBytes?: number;
  /** Take the client address for rate limiting from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy?: boolean;
}

export type LogEntry = Record<string, unknown>;

export interface AppDeps {
  service: QaService;
  config: AppConfig;
  /** Where POST /api/feedback stores; without it the feedback routes answer 501. */
  feedback?: FeedbackStore;
  log?: (entry: LogEntry) => void;
  /** The model id shown by /v1/models and in chat completions; default 'fazhi-wenda'. */
  modelName?: string;
  /** The client's address when no X-Forwarded-For names it (Node: the socket's remote address; Worker: CF-Connecting-IP). */
  getClientKey?: (c: Context) => string | undefined;
  /** The clock the rate limiter uses (tests). */
  now?: () => number;
  /** Static assets handed in as data (no file system here): `widgetJs` is served at /widget.js, 404 without it. */
  assets?: { widgetJs?: string };
}

export type AppEnv = { Variables: { requestId: string } };

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MODEL_NAME = 'fazhi-wenda';
/** Room for the multipart framing around an uploaded file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const VERSION = '0.1.0';

// ---------------------------------------------------------------- schemas

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');

/** The same filters as the core's, rejecting unknown keys so a typo is a 400, not a silent no-op. */
export const AskFiltersSchema = z
  .strictObject({
    locality: z.string().min(1).max(50).optional(),
    year: z.number().int().min(1949).max(2100).optional(),
    docId: z.string().min(1).max(100).optional(),
  })
  .openapi('AskFilters');

export const AskRequestSchema = z
  .object({
    question: z.string().trim().min(1, 'must not be empty').max(MAX_QUESTION_CHARS, `must be at most ${MAX_QUESTION_CHARS} characters`),
    topK: z.number().int().min(1).max(20).optional(),
    filters: AskFiltersSchema.optional(),
    conversationId: z.string().min(1).max(100).optional(),
    mode: z.enum(['extractive', 'llm']).optional().openapi({ description: "Force 'extractive' even when an LLM is configured." }),
  })
  .openapi('AskRequest');

export const FeedbackRequestSchema = z
  .object({
    conversationId: z.string().min(1).max(100).optional(),
    answerId: z.string().min(1).max(100).optional(),
    rating: z.enum(['up', 'down']),
    comment: z.string().max(2000).optional(),
  })
  .refine((v) => v.conversationId !== undefined || v.answerId !== undefined, {
    message: 'conversationId or answerId is required',
    path: ['answerId'],
  })
  .openapi('FeedbackRequest');

const reportName = z.string().superRefine((value, ctx) => {
  const problem = reportNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const IdParamSchema = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) });

// Copies made here: a schema built before @hono/zod-openapi extended zod has no .openapi() of its own.
const AnswerResultDoc = z.object(AnswerResultSchema.shape).openapi('AnswerResult');
const DocumentDoc = z.object(DocumentSchema.shape).openapi('Document');
const ParagraphDoc = z.object(ParagraphSchema.shape).openapi('Paragraph');

const SSE_CONTENT = { 'text/event-stream': { schema: { type: 'string' as const, description: 'Server-Sent Events' } } };

function errors(...statuses: ErrorStatus[]) {
  const descriptions: Record<ErrorStatus, string> = {
    400: 'Bad JSON (bad_json) or a field that fails the schema (invalid_request)',
    401: 'Missing or wrong admin token (unauthorized)',
    404: 'Unknown (not_found)',
    405: 'Wrong method (method_not_allowed)',
    409: 'A reindex is already running (reindex_running)',
    413: 'Body too large (payload_too_large)',
    415: 'Not JSON (unsupported_media_type)',
    429: 'Rate limited (rate_limited); see Retry-After',
    500: 'Internal error',
    501: 'Not available in this runtime (not_implemented)',
    503: 'The index is not loaded yet (not_ready)',
  };
  const out: Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }> = {};
  for (const status of statuses) out[status] = { description: descriptions[status], content: { 'application/json': { schema: ErrorSchema } } };
  return out;
}

// ---------------------------------------------------------------- helpers

const REQUEST_ID = /^[A-Za-z0-9._:\-]{1,128}$/;

function errorResponse(c: Context, error: ApiError): Response {
  return c.json(errorBody(error.code, error.message), error.status, error.headers);
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  501: 'not_implemented',
  503: 'not_ready',
};

function fromHttpException(error: HTTPException): ApiError | undefined {
  const code = HTTP_CODES[error.status];
  if (!code) return undefined;
  if (error.status === 400 && /json/i.test(error.message)) return new ApiError(400, 'bad_json', 'request body is not valid JSON');
  return new ApiError(error.status as ErrorStatus, code, error.message || code.replace(/_/g, ' '));
}

function wantsEventStream(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes('text/event-stream');
}

function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function askOptions(body: { topK?: number; filters?: AskOptions['filters']; conversationId?: string; mode?: AskOptions['mode'] }): AskOptions {
  const options: AskOptions = {};
  if (body.topK !== undefined) options.topK = body.topK;
  if (body.filters !== undefined && Object.keys(body.filters).length) options.filters = body.filters;
  if (body.conversationId !== undefined) options.conversationId = body.conversationId;
  if (body.mode !== undefined) options.mode = body.mode;
  return options;
}

/** Wraps an iterator of answer events so stopping the wrapper stops the source. */
async function* drain<T>(source: AsyncIterator<AnswerEvent>, map: (event: AnswerEvent) => Iterable<T>, end?: () => Iterable<T>): AsyncGenerator<T> {
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

// ---------------------------------------------------------------- the app

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { service, config } = deps;
  const log = (entry: LogEntry) => {
    try {
      deps.log?.(entry);
    } catch {
      // a broken logger must not break requests
    }
  };
  const modelName = deps.modelName ?? DEFAULT_MODEL_NAME;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limiter = new RateLimiter(config.rateLimitPerMinute, deps.now);
  const conversations = new ConversationKeys();
  const started = Math.floor(Date.now() / 1000);
  let reindexing: Promise<ReindexResult> | undefined;
  let lastReindex: { ok: boolean; at: string; result?: ReindexResult; error?: string } | undefined;

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError(400, 'invalid_request', formatZodError(result.error, result.target));
    },
  });

  const logError = (c: Context, error: unknown, where: string) => {
    log({
      level: 'error',
      msg: where,
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  };

  // -- every request: id, log line, CORS

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('X-Request-Id', requestId);
    const status = c.res.status;
    const quiet = c.req.path === '/healthz' || c.req.path === '/readyz';
    log({
      level: status >= 500 ? 'error' : quiet ? 'debug' : 'info',
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - t0) * 10) / 10,
      requestId,
    });
  });

  const origins = config.corsOrigins.trim() === '*' ? '*' : config.corsOrigins.split(',').map((o) => o.trim()).filter(Boolean);
  app.use(
    '*',
    cors({
      origin: origins,
      allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Accept', 'Authorization', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );

  // -- per-route guards

  const clientKey = (c: Context): string => {
    // X-Forwarded-For is the client's own word unless a proxy in front of us set it.
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    return (deps.config.trustProxy ? forwarded : undefined) || deps.getClientKey?.(c) || forwarded || 'unknown';
  };

  const rateLimited: MiddlewareHandler<AppEnv> = async (c, next) => {
    const decision = limiter.take(clientKey(c));
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', `too many requests; try again in ${decision.retryAfterSeconds} s`, {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    await next();
  };

  const requireReady: MiddlewareHandler<AppEnv> = async (_c, next) => {
    if (!service.ready()) throw new ApiError(503, 'not_ready', 'the index is not loaded yet; try again shortly', { 'Retry-After': '5' });
    await next();
  };

  /** Reads the JSON body under the byte limit (415/413/400) before the schema sees it. */
  const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { text } = await readJsonBody(c.req.raw, maxBodyBytes);
    c.req.raw = new Request(c.req.raw, { body: text });
    await next();
  };

  const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!config.adminToken) throw new ApiError(404, 'not_found', 'admin routes are disabled');
    const token = bearerToken(c.req.header('authorization'));
    if (!token || !constantTimeEqual(token, config.adminToken)) {
      throw new ApiError(401, 'unauthorized', 'a valid admin token is required', { 'WWW-Authenticate': 'Bearer realm="admin"' });
    }
    await next();
  };
  app.use('/api/admin', adminOnly);
  app.use('/api/admin/*', adminOnly);

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' });
  const adminSecurity = [{ adminToken: [] as string[] }];

  // -- ask

  const streamAsk = async (c: Context, question: string, options: AskOptions): Promise<Response> => {
    const events = await primed(service.answerStream(question, options));
    const messages = drain<SseMessage>(events, (event) => {
      switch (event.type) {
        case 'citations':
          return [{ event: 'citations', data: JSON.stringify(event.citations) }];
        case 'delta':
          return [{ event: 'delta', data: JSON.stringify({ text: event.text }) }];
        case 'done':
          return [{ event: 'done', data: JSON.stringify(event.result) }];
        default:
          return [];
      }
    });
    const stream = sseStream(messages, (error) => {
      logError(c, error, 'answer stream failed');
      return [{ event: 'error', data: JSON.stringify(errorBody('internal', 'internal error')) }];
    });
    return c.body(stream, 200, SSE_HEADERS);
  };

  const askRequest = { body: { required: true, content: { 'application/json': { schema: AskRequestSchema } } } };
  const askErrors = errors(400, 413, 415, 429, 503);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ask',
      tags: ['ask'],
      summary: 'Answer a question with cited paragraphs',
      description: 'With `Accept: text/event-stream` the answer streams as events `citations`, `delta` (`{text}`), `done` (the whole result), or `error`.',
      middleware: [rateLimited, requireReady, jsonBody] as const,
      request: askRequest,
      responses: {
        200: { description: 'The answer', content: { 'application/json': { schema: AnswerResultDoc }, ...SSE_CONTENT } },
        ...askErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const options = askOptions(body);
      if (wantsEventStream(c)) return (await streamAsk(c, body.question, options)) as never;
      const result = await service.answer(body.question, options);
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ask/stream',
      tags: ['ask'],
      summary: 'Answer a question as Server-Sent Events',
      description: 'Events: `citations` (JSON array), `delta` (`{text}`), `done` (the whole result), `error` (`{error:{code,message}}`).',
      middleware: [rateLimited, requireReady, jsonBody] as const,
      request: askRequest,
      responses: { 200: { description: 'The answer as events', content: SSE_CONTENT }, ...askErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return (await streamAsk(c, body.question, askOptions(body))) as never;
    },
  );

  // -- OpenAI-compatible

  const chatStream = async (c: Context, turn: ChatTurn, conversationId: string | undefined): Promise<Response> => {
    const events = await primed(service.answerStream(turn.question, conversationId ? { conversationId } : {}));
    const id = `chatcmpl-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    let sentFirst = false;
    let finished = false;
    const first = (extra: { citations?: AnswerResult['citations'] }) => {
      sentFirst = true;
      return chatChunk(id, modelName, created, { role: 'assistant', content: '' }, null, { citations: extra.citations ?? [] });
    };
    const messages = drain<SseMessage>(
      events,
      (event) => {
        const out: SseMessage[] = [];
        if (event.type === 'citations') {
          if (!sentFirst) out.push({ data: JSON.stringify(first({ citations: event.citations })) });
          return out;
        }
        if (!sentFirst) out.push({ data: JSON.stringify(first({})) });
        if (event.type === 'delta') {
          if (event.text) out.push({ data: JSON.stringify(chatChunk(id, modelName, created, { content: event.text }, null)) });
        } else if (event.type === 'done') {
          finished = true;
          conversations.remember(turn, event.result.answer, event.result.conversationId);
          out.push({ data: JSON.stringify(chatChunk(id, modelName, created, {}, 'stop', { x_fazhi: fazhiExtra(event.result) })) });
        }
        return out;
      },
      () => {
        const out: SseMessage[] = [];
        if (!sentFirst) out.push({ data: JSON.stringify(first({})) });
        if (!finished) out.push({ data: JSON.stringify(chatChunk(id, modelName, created, {}, 'stop')) });
        out.push({ data: '[DONE]' });
        return out;
      },
    );
    const stream = sseStream(messages, (error) => {
      logError(c, error, 'chat stream failed');
      return [{ data: JSON.stringify({ error: { code: 'internal', message: 'internal error', type: 'server_error' } }) }];
    });
    return c.body(stream, 200, SSE_HEADERS);
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/chat/completions',
      tags: ['openai'],
      summary: 'OpenAI-compatible chat completion',
      description:
        'The last user message is the question; earlier user/assistant turns continue the conversation. Citations are in the top-level `citations` field (first chunk when streaming), `x_fazhi` carries answered/mode/answerId/conversationId. Other OpenAI fields are accepted and ignored.',
      middleware: [rateLimited, requireReady, jsonBody] as const,
      request: { body: { required: true, content: { 'application/json': { schema: ChatCompletionRequestSchema } } } },
      responses: {
        200: {
          description: 'A chat.completion object, or chat.completion.chunk events ending with [DONE] when stream is true',
          content: { 'application/json': { schema: z.object({}).passthrough().openapi('ChatCompletion') }, ...SSE_CONTENT },
        },
        ...askErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const turn = chatTurn(body);
      const explicit = body.user && body.user.length <= 100 ? body.user : undefined;
      const conversationId = explicit ?? conversations.resolve(turn);
      if (body.stream) return (await chatStream(c, turn, conversationId)) as never;
      const result = await service.answer(turn.question, conversationId ? { conversationId } : {});
      conversations.remember(turn, result.answer, result.conversationId);
      return c.json(chatCompletion(result, modelName, Math.floor(Date.now() / 1000)), 200);
    },
  );

  const modelObject = () => ({ id: modelName, object: 'model' as const, created: started, owned_by: 'fazhi-wenda' });
  const ModelSchema = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() }).openapi('Model');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/models',
      tags: ['openai'],
      summary: 'The one model this service offers',
      responses: { 200: { description: 'Model list', content: { 'application/json': { schema: z.object({ object: z.literal('list'), data: z.array(ModelSchema) }) } } } },
    }),
    (c) => c.json({ object: 'list' as const, data: [modelObject()] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/models/{id}',
      tags: ['openai'],
      summary: 'The model, by id',
      request: { params: IdParamSchema },
      responses: { 200: { description: 'The model', content: { 'application/json': { schema: ModelSchema } } }, ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (id !== modelName) throw new ApiError(404, 'not_found', `no model ${id}`);
      return c.json(modelObject(), 200);
    },
  );

  // -- the corpus

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/documents',
      tags: ['corpus'],
      summary: 'The reports, with metadata and paragraph counts',
      middleware: [requireReady] as const,
      responses: {
        200: { description: 'All documents', content: { 'application/json': { schema: z.object({ documents: z.array(DocumentDoc), total: z.number().int() }) } } },
        ...errors(503),
      },
    }),
    (c) => {
      const documents = service.documents();
      return c.json({ documents, total: documents.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/documents/{id}',
      tags: ['corpus'],
      summary: 'A report and its paragraphs',
      middleware: [requireReady] as const,
      request: { params: IdParamSchema },
      responses: {
        200: { description: 'The document', content: { 'application/json': { schema: z.object({ document: DocumentDoc, paragraphs: z.array(ParagraphDoc) }) } } },
        ...errors(400, 404, 503),
      },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const found = service.document(id);
      if (!found) throw new ApiError(404, 'not_found', `no document ${id}`);
      return c.json({ document: found.document, paragraphs: found.paragraphs }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/paragraphs/{id}',
      tags: ['corpus'],
      summary: 'A paragraph and the report it is from',
      middleware: [requireReady] as const,
      request: { params: IdParamSchema },
      responses: {
        200: { description: 'The paragraph', content: { 'application/json': { schema: z.object({ paragraph: ParagraphDoc, document: DocumentDoc }) } } },
        ...errors(400, 404, 503),
      },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const found = service.paragraph(id);
      if (!found) throw new ApiError(404, 'not_found', `no paragraph ${id}`);
      return c.json({ paragraph: found.paragraph, document: found.document }, 200);
    },
  );

  // -- feedback

  const feedbackStore = (): FeedbackStore => {
    if (!deps.feedback) throw new ApiError(501, 'not_implemented', 'feedback storage is not configured');
    return deps.feedback;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/feedback',
      tags: ['feedback'],
      summary: 'Rate an answer',
      middleware: [rateLimited, jsonBody] as const,
      request: { body: { required: true, content: { 'application/json': { schema: FeedbackRequestSchema } } } },
      responses: {
        201: { description: 'Stored', content: { 'application/json': { schema: z.object({ ok: z.literal(true), id: z.string() }) } } },
        ...errors(400, 413, 415, 429, 501),
      },
    }),
    async (c) => {
      const store = feedbackStore();
      const body = c.req.valid('json');
      const { id } = await store.append({
        rating: body.rating,
        ...(body.conversationId !== undefined ? { conversationId: body.conversationId } : {}),
        ...(body.answerId !== undefined ? { answerId: body.answerId } : {}),
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      });
      return c.json({ ok: true as const, id }, 201);
    },
  );

  // -- admin

  const FeedbackEntrySchema = z
    .object({
      id: z.string(),
      at: z.string(),
      rating: z.enum(['up', 'down']),
      conversationId: z.string().optional(),
      answerId: z.string().optional(),
      comment: z.string().optional(),
    })
    .openapi('FeedbackEntry');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/feedback',
      tags: ['admin'],
      summary: 'The newest feedback entries',
      security: adminSecurity,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
      responses: {
        200: { description: 'Entries, newest first', content: { 'application/json': { schema: z.object({ entries: z.array(FeedbackEntrySchema) }) } } },
        ...errors(400, 401, 404, 501),
      },
    }),
    async (c) => {
      const { limit } = c.req.valid('query');
      const entries = await feedbackStore().list(limit);
      return c.json({ entries }, 200);
    },
  );

  const corpusAdmin = () => {
    if (!service.corpus) throw new ApiError(501, 'not_implemented', 'this runtime cannot change the corpus');
    return service.corpus;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/reports',
      tags: ['admin'],
      summary: 'Upload a report file (.txt, .html, .htm, .docx)',
      description: 'Either multipart/form-data with a `file` field (its file name is used unless `?name=` is given), or the raw bytes with `?name=`. Reindex afterwards to make it searchable.',
      security: adminSecurity,
      request: {
        query: z.object({ name: reportName.optional() }),
        body: {
          required: true,
          content: {
            'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
      },
      responses: {
        201: { description: 'Stored', content: { 'application/json': { schema: z.object({ ok: z.literal(true), file: z.string(), bytes: z.number().int() }) } } },
        ...errors(400, 401, 404, 413, 501),
      },
    }),
    async (c) => {
      const corpus = corpusAdmin();
      const limit = config.maxUploadBytes;
      const contentType = c.req.header('content-type');
      let name = c.req.valid('query').name;
      let bytes: Uint8Array;
      if (mediaType(contentType) === 'multipart/form-data') {
        const raw = await readBodyLimited(c.req.raw, limit + MULTIPART_OVERHEAD_BYTES);
        let form: FormData;
        try {
          form = await new Response(raw as BodyInit, { headers: { 'Content-Type': contentType ?? '' } }).formData();
        } catch {
          throw new ApiError(400, 'invalid_request', 'body: malformed multipart/form-data');
        }
        const file = form.get('file');
        if (!file || typeof file === 'string') throw new ApiError(400, 'invalid_request', 'file: a file field is required');
        if (file.size > limit) throw new ApiError(413, 'payload_too_large', `the file is larger than ${limit} bytes`);
        if (name === undefined) {
          const problem = reportNameProblem(file.name);
          if (problem) throw new ApiError(400, 'invalid_request', `file.name: ${problem}`);
          name = file.name;
        }
        bytes = new Uint8Array(await file.arrayBuffer());
      } else {
        if (name === undefined) throw new ApiError(400, 'invalid_request', 'name: required when the body is the raw file');
        bytes = await readBodyLimited(c.req.raw, limit);
      }
      if (bytes.byteLength === 0) throw new ApiError(400, 'invalid_request', 'file: must not be empty');
      const stored = await corpus.upload(name, bytes);
      log({ level: 'info', msg: 'report uploaded', requestId: c.get('requestId'), file: stored.file, bytes: stored.bytes });
      return c.json({ ok: true as const, file: stored.file, bytes: stored.bytes }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/reports/{name}',
      tags: ['admin'],
      summary: 'Remove a report file',
      security: adminSecurity,
      request: { params: z.object({ name: reportName.openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: {
        200: { description: 'Removed', content: { 'application/json': { schema: z.object({ ok: z.literal(true), file: z.string() }) } } },
        ...errors(400, 401, 404, 501),
      },
    }),
    async (c) => {
      const corpus = corpusAdmin();
      const { name } = c.req.valid('param');
      if (!(await corpus.remove(name))) throw new ApiError(404, 'not_found', `no report named ${name}`);
      log({ level: 'info', msg: 'report removed', requestId: c.get('requestId'), file: name });
      return c.json({ ok: true as const, file: name }, 200);
    },
  );

  const ReindexResultSchema = z
    .object({
      documents: z.number().int(),
      paragraphs: z.number().int(),
      skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
      ms: z.number(),
    })
    .openapi('ReindexResult');

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/reindex',
      tags: ['admin'],
      summary: 'Rebuild the index from the corpus and swap it in',
      description: 'Asks keep being answered from the old index meanwhile. Waits for the result unless `?wait=false` (then 202 and GET /api/admin/reindex reports the outcome).',
      security: adminSecurity,
      request: { query: z.object({ wait: z.enum(['true', 'false']).default('true') }) },
      responses: {
        200: { description: 'Rebuilt', content: { 'application/json': { schema: z.object({ ok: z.literal(true), result: ReindexResultSchema }) } } },
        202: { description: 'Started', content: { 'application/json': { schema: z.object({ ok: z.literal(true), status: z.literal('started') }) } } },
        ...errors(400, 401, 404, 409, 500, 501),
      },
    }),
    async (c) => {
      const reindex = service.reindex?.bind(service);
      if (!reindex || !service.corpus) throw new ApiError(501, 'not_implemented', 'this runtime cannot reindex');
      if (reindexing) throw new ApiError(409, 'reindex_running', 'a reindex is already running');
      const requestId = c.get('requestId');
      const t0 = Date.now();
      const run = (async () => reindex())();
      reindexing = run;
      const settled = run.then(
        (result) => {
          lastReindex = { ok: true, at: new Date().toISOString(), result };
          log({ level: 'info', msg: 'reindexed', requestId, documents: result.documents, paragraphs: result.paragraphs, skipped: result.skipped.length, ms: Date.now() - t0 });
        },
        (error: unknown) => {
          lastReindex = { ok: false, at: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) };
          logError(c, error, 'reindex failed');
        },
      );
      void settled.finally(() => {
        if (reindexing === run) reindexing = undefined;
      });
      if (c.req.valid('query').wait === 'false') return c.json({ ok: true as const, status: 'started' as const }, 202);
      let result: ReindexResult;
      try {
        result = await run;
      } catch (error) {
        throw new ApiError(500, 'reindex_failed', `reindex failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return c.json({ ok: true as const, result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/reindex',
      tags: ['admin'],
      summary: 'Whether a reindex is running, and how the last one went',
      security: adminSecurity,
      responses: {
        200: {
          description: 'Status',
          content: {
            'application/json': {
              schema: z.object({
                running: z.boolean(),
                last: z.object({ ok: z.boolean(), at: z.string(), result: ReindexResultSchema.optional(), error: z.string().optional() }).nullable(),
              }),
            },
          },
        },
        ...errors(401, 404),
      },
    }),
    (c) => c.json({ running: reindexing !== undefined, last: lastReindex ?? null }, 200),
  );

  // -- health and docs

  const corpusCounts = () => {
    const documents = service.documents();
    return { documents: documents.length, paragraphs: documents.reduce((n, d) => n + d.paragraphs, 0) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['health'],
      summary: '200 once the index is loaded',
      responses: { 200: { description: 'Serving', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } }, ...errors(503) },
    }),
    (c) => {
      if (!service.ready()) throw new ApiError(503, 'not_ready', 'the index is not loaded yet');
      return c.json({ status: 'ok' as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['health'],
      summary: 'Readiness with corpus counts',
      responses: {
        200: {
          description: 'Serving',
          content: {
            'application/json': {
              schema: z.object({ status: z.literal('ok'), documents: z.number().int(), paragraphs: z.number().int(), reindexing: z.boolean() }),
            },
          },
        },
        ...errors(503),
      },
    }),
    (c) => {
      if (!service.ready()) {
        return c.json(
          { ...errorBody('not_ready', 'the index is not loaded yet'), status: 'starting', reindexing: reindexing !== undefined },
          503,
        ) as never;
      }
      return c.json({ status: 'ok' as const, ...corpusCounts(), reindexing: reindexing !== undefined }, 200);
    },
  );

  let openApiDocument: unknown;
  app.get('/openapi.json', (c) => {
    openApiDocument ??= app.getOpenAPIDocument({
      openapi: '3.0.3',
      info: {
        title: '法治问答 API',
        version: VERSION,
        description: "Cited answers over Chinese local governments' annual rule-of-law reports. Errors are always `{error: {code, message}}`.",
      },
    });
    return c.json(openApiDocument as object);
  });

  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    return c.html(docsPage('法治问答 API'));
  });

  // -- the demo home page, report source views and the embeddable widget (pages.ts)

  registerPages(app, { service, widgetJs: deps.assets?.widgetJs });

  // -- unknown routes, wrong methods, errors

  let known: { pattern: RegExp; methods: Set<string> }[] | undefined;
  const allowedMethods = (path: string): string[] => {
    known ??= (() => {
      const byPath = new Map<string, Set<string>>();
      for (const route of app.routes) {
        if (route.method === 'ALL' || route.path.includes('*')) continue;
        const methods = byPath.get(route.path) ?? new Set<string>();
        methods.add(route.method.toUpperCase());
        byPath.set(route.path, methods);
      }
      return [...byPath].map(([path, methods]) => ({ pattern: pathPattern(path), methods }));
    })();
    const methods = new Set<string>();
    for (const route of known) if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    if (!methods.size) return [];
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return [...methods];
  };

  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length) {
      return errorResponse(
        c,
        new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(', ')}`, { Allow: allowed.join(', ') }),
      );
    }
    return errorResponse(c, new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`));
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException) {
      const mapped = fromHttpException(error);
      if (mapped) return errorResponse(c, mapped);
    }
    logError(c, error, 'unhandled error');
    return c.json(errorBody('internal', 'internal error'), 500);
  });

  return app;
}
