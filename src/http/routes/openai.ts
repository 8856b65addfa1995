/** The OpenAI-compatible routes: POST /v1/chat/completions (whole or streamed), GET /v1/models(/{id}). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AnswerEvent } from '../../answer/stream.js';
import type { AnswerResult } from '../../answer/types.js';
import { HistoryConversations } from '../conversations.js';
import { routeApp, type RouteContext } from '../context.js';
import { ApiError } from '../errors.js';
import { chatChunk, chatCompletion, chatTurn, fazhiExtra, nextHistoryKey, type ChatTurn } from '../openai.js';
import { ChatCompletionRequestSchema, IdParamSchema, ModelSchema, SSE_CONTENT, errorResponses } from '../schemas.js';
import { mapEvents, primed, sendEvents, type SseMessage } from '../streaming.js';

export function openAiRoutes(ctx: RouteContext) {
  const app = routeApp();
  const { service, guards, modelName } = ctx;
  const histories = new HistoryConversations();
  const started = Math.floor(Date.now() / 1000);

  /** Remembers that this turn's history, plus its question and answer, continue `conversationId` for this client. */
  const remember = (client: string, turn: ChatTurn, result: AnswerResult, conversationId: string) =>
    histories.set(client, nextHistoryKey(turn, result.answer), conversationId);

  const chatStream = async (c: Context, turn: ChatTurn, client: string, conversationId: string, key: string): Promise<Response> => {
    const events = await primed(service.answerStream(turn.question, { conversationId: key }));
    const id = `chatcmpl-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    let sentFirst = false;
    let finished = false;
    const first = (citations: AnswerResult['citations'] = []): SseMessage => {
      sentFirst = true;
      return { data: JSON.stringify(chatChunk(id, modelName, created, { role: 'assistant', content: '' }, null, { citations })) };
    };
    const messages = mapEvents<AnswerEvent, SseMessage>(
      events,
      (event) => {
        const out: SseMessage[] = [];
        if (event.type === 'citations') {
          if (!sentFirst) out.push(first(event.citations));
          return out;
        }
        if (!sentFirst) out.push(first());
        if (event.type === 'delta') {
          if (event.text) out.push({ data: JSON.stringify(chatChunk(id, modelName, created, { content: event.text }, null)) });
        } else if (event.type === 'done') {
          finished = true;
          const result = { ...event.result, conversationId };
          remember(client, turn, result, conversationId);
          out.push({ data: JSON.stringify(chatChunk(id, modelName, created, {}, 'stop', { x_fazhi: fazhiExtra(result) })) });
        }
        return out;
      },
      () => {
        const out: SseMessage[] = [];
        if (!sentFirst) out.push(first());
        if (!finished) out.push({ data: JSON.stringify(chatChunk(id, modelName, created, {}, 'stop')) });
        out.push({ data: '[DONE]' });
        return out;
      },
    );
    return sendEvents(c, messages, (error) => {
      ctx.logError(c, error, 'chat stream failed');
      return [{ data: JSON.stringify({ error: { code: 'internal', message: 'internal error', type: 'server_error' } }) }];
    });
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/chat/completions',
      tags: ['openai'],
      summary: 'OpenAI-compatible chat completion',
      description:
        'The last user message is the question; earlier user/assistant turns continue the conversation (of this client only). Citations are in the top-level `citations` field (first chunk when streaming), `x_fazhi` carries answered/mode/answerId/conversationId. Other OpenAI fields are accepted and ignored.',
      middleware: [guards.rateLimited, guards.ready, guards.jsonBody, guards.admitted] as const,
      request: { body: { required: true, content: { 'application/json': { schema: ChatCompletionRequestSchema } } } },
      responses: {
        200: {
          description: 'A chat.completion object, or chat.completion.chunk events ending with [DONE] when stream is true',
          content: { 'application/json': { schema: z.object({}).passthrough().openapi('ChatCompletion') }, ...SSE_CONTENT },
        },
        ...errorResponses(400, 413, 415, 429, 503),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const turn = chatTurn(body);
      const client = ctx.clientKey(c);
      const explicit = body.user && body.user.length <= 100 ? body.user : undefined;
      const conversationId = explicit ?? histories.get(client, turn.historyKey) ?? ctx.conversations.issue();
      const key = await ctx.conversations.bind(client, conversationId);
      if (body.stream) return (await chatStream(c, turn, client, conversationId, key)) as never;
      const result = { ...(await service.answer(turn.question, { conversationId: key })), conversationId };
      remember(client, turn, result, conversationId);
      return c.json(chatCompletion(result, modelName, Math.floor(Date.now() / 1000)), 200);
    },
  );

  const modelObject = () => ({ id: modelName, object: 'model' as const, created: started, owned_by: 'fazhi-wenda' });

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
      responses: { 200: { description: 'The model', content: { 'application/json': { schema: ModelSchema } } }, ...errorResponses(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (id !== modelName) throw new ApiError(404, 'not_found', `no model ${id}`);
      return c.json(modelObject(), 200);
    },
  );

  return app;
}
