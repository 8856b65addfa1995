/**
 * GET /healthz and /readyz (no rate limit, no admission control: they answer
 * however busy the answerer is), /openapi.json and the /docs page.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import pkg from '../../../package.json' with { type: 'json' };
import { routeApp, type AppEnv, type RouteContext } from '../context.js';
import { ApiError, errorBody } from '../errors.js';
import { DOCS_CSP, docsPage } from '../docs-page.js';
import { errorResponses } from '../schemas.js';

export interface HealthOptions {
  reindexing: () => boolean;
  /** The app whose routes /openapi.json describes (the whole app, mounted later). */
  root: () => OpenAPIHono<AppEnv>;
}

export function healthRoutes(ctx: RouteContext, options: HealthOptions) {
  const app = routeApp();
  const { service } = ctx;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['health'],
      summary: '200 once the index is loaded and its store (the database, with STORE=postgres) can be reached',
      responses: { 200: { description: 'Serving', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } }, ...errorResponses(503) },
    }),
    (c) => {
      if (!service.ready()) throw new ApiError(503, 'not_ready', service.unavailable?.() ?? 'the index is not loaded yet', { 'Retry-After': '5' });
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
        ...errorResponses(503),
      },
    }),
    (c) => {
      const reindexing = options.reindexing();
      const unavailable = service.unavailable?.();
      if (!service.ready()) return c.json({ ...errorBody('not_ready', unavailable ?? 'the index is not loaded yet'), status: unavailable ? 'unavailable' : 'starting', reindexing }, 503) as never;
      const documents = service.documents();
      return c.json({ status: 'ok' as const, documents: documents.length, paragraphs: documents.reduce((n, d) => n + d.paragraphs, 0), reindexing }, 200);
    },
  );

  let openApiDocument: unknown;
  app.get('/openapi.json', (c) => {
    openApiDocument ??= options.root().getOpenAPIDocument({
      openapi: '3.0.3',
      info: {
        title: '法治问答 API',
        version: pkg.version,
        description: "Cited answers over Chinese local governments' annual rule-of-law reports. Errors are always `{error: {code, message}}`.",
      },
    });
    return c.json(openApiDocument as object);
  });

  app.get('/docs', (c) => c.html(docsPage('法治问答 API'), 200, { 'Content-Security-Policy': DOCS_CSP }));

  return app;
}
