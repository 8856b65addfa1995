/** POST /api/feedback: a rating of an answer, rate limited and capped per address and day. */
import { createRoute, z } from '@hono/zod-openapi';
import { routeApp, type RouteContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { FeedbackStore } from '../feedback.js';
import { DailyQuota, rateLimited } from '../middleware/rate-limit.js';
import { FeedbackRequestSchema, errorResponses } from '../schemas.js';

/** The store, or 501 where the runtime has none. */
export function feedbackStore(ctx: RouteContext): FeedbackStore {
  if (!ctx.feedback) throw new ApiError(501, 'not_implemented', 'feedback storage is not configured');
  return ctx.feedback;
}

export function feedbackRoutes(ctx: RouteContext, now?: () => number) {
  const app = routeApp();
  const quota = new DailyQuota(ctx.config.feedbackPerDay ?? 0, now);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/feedback',
      tags: ['feedback'],
      summary: 'Rate an answer',
      middleware: [ctx.guards.rateLimited, ctx.guards.jsonBody] as const,
      request: { body: { required: true, content: { 'application/json': { schema: FeedbackRequestSchema } } } },
      responses: {
        201: { description: 'Stored', content: { 'application/json': { schema: z.object({ ok: z.literal(true), id: z.string() }) } } },
        ...errorResponses(400, 413, 415, 429, 501),
      },
    }),
    async (c) => {
      const store = feedbackStore(ctx);
      const body = c.req.valid('json');
      // counted only for a valid post, so a client's mistakes do not use up its quota
      const decision = quota.take(ctx.clientKey(c));
      if (!decision.allowed) throw rateLimited('daily feedback quota reached', decision);
      const { id } = await store.append({
        rating: body.rating,
        ...(body.conversationId !== undefined ? { conversationId: body.conversationId } : {}),
        ...(body.answerId !== undefined ? { answerId: body.answerId } : {}),
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      });
      return c.json({ ok: true as const, id }, 201);
    },
  );

  return app;
}
