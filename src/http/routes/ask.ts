/** POST /api/ask (JSON, or events with Accept: text/event-stream) and POST /api/ask/stream. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AnswerEvent } from '../../answer/stream.js';
import type { AnswerResult, AskOptions } from '../../answer/types.js';
import { errorBody } from '../errors.js';
import { routeApp, type RouteContext } from '../context.js';
import { AnswerResultDoc, AskRequestSchema, SSE_CONTENT, errorResponses, type AskRequest } from '../schemas.js';
import { mapEvents, primed, sendEvents, type SseMessage } from '../streaming.js';

function wantsEventStream(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes('text/event-stream');
}

export function askRoutes(ctx: RouteContext) {
  const app = routeApp();
  const { service, guards } = ctx;

  /** The core's options for a request; `conversationId` is what the client sees (issued here when it sent none). */
  const optionsFor = async (c: Context, body: AskRequest): Promise<{ conversationId: string; options: AskOptions }> => {
    const conversationId = body.conversationId ?? ctx.conversations.issue();
    const options: AskOptions = { conversationId: await ctx.conversations.bind(ctx.clientKey(c), conversationId) };
    if (body.topK !== undefined) options.topK = body.topK;
    if (body.filters !== undefined && Object.keys(body.filters).length) options.filters = body.filters;
    if (body.mode !== undefined) options.mode = body.mode;
    return { conversationId, options };
  };

  const streamAsk = async (c: Context, body: AskRequest): Promise<Response> => {
    const { conversationId, options } = await optionsFor(c, body);
    const events = await primed(service.answerStream(body.question, options));
    const messages = mapEvents<AnswerEvent, SseMessage>(events, (event) => {
      switch (event.type) {
        case 'citations':
          return [{ event: 'citations', data: JSON.stringify(event.citations) }];
        case 'delta':
          return [{ event: 'delta', data: JSON.stringify({ text: event.text }) }];
        case 'done':
          return [{ event: 'done', data: JSON.stringify({ ...event.result, conversationId } satisfies AnswerResult) }];
        default:
          return [];
      }
    });
    return sendEvents(c, messages, (error) => {
      ctx.logError(c, error, 'answer stream failed');
      return [{ event: 'error', data: JSON.stringify(errorBody('internal', 'internal error')) }];
    });
  };

  const request = { body: { required: true, content: { 'application/json': { schema: AskRequestSchema } } } };
  const middleware = [guards.rateLimited, guards.ready, guards.jsonBody, guards.admitted];
  const failures = errorResponses(400, 413, 415, 429, 503);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ask',
      tags: ['ask'],
      summary: 'Answer a question with cited paragraphs',
      description: 'With `Accept: text/event-stream` the answer streams as events `citations`, `delta` (`{text}`), `done` (the whole result), or `error`.',
      middleware,
      request,
      responses: {
        200: { description: 'The answer', content: { 'application/json': { schema: AnswerResultDoc }, ...SSE_CONTENT } },
        ...failures,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (wantsEventStream(c)) return (await streamAsk(c, body)) as never;
      const { conversationId, options } = await optionsFor(c, body);
      const result = await service.answer(body.question, options);
      return c.json({ ...result, conversationId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ask/stream',
      tags: ['ask'],
      summary: 'Answer a question as Server-Sent Events',
      description: 'Events: `citations` (JSON array), `delta` (`{text}`), `done` (the whole result), `error` (`{error:{code,message}}`).',
      middleware,
      request,
      responses: { 200: { description: 'The answer as events', content: SSE_CONTENT }, ...failures },
    }),
    async (c) => (await streamAsk(c, c.req.valid('json'))) as never,
  );

  return app;
}
