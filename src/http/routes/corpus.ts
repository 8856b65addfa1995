/** The corpus as JSON: GET /api/documents, /api/documents/{id}, /api/paragraphs/{id}. */
import { createRoute, z } from '@hono/zod-openapi';
import { routeApp, type RouteContext } from '../context.js';
import { ApiError } from '../errors.js';
import { DocumentDoc, IdParamSchema, ParagraphDoc, SkippedDoc, errorResponses } from '../schemas.js';

export function corpusRoutes(ctx: RouteContext) {
  const app = routeApp();
  const { service, guards } = ctx;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/documents',
      tags: ['corpus'],
      summary: 'The reports, with metadata and paragraph counts',
      middleware: [guards.ready] as const,
      responses: {
        200: {
          description: 'All documents, and the corpus files left out with the reason',
          content: { 'application/json': { schema: z.object({ documents: z.array(DocumentDoc), total: z.number().int(), skipped: z.array(SkippedDoc) }) } },
        },
        ...errorResponses(503),
      },
    }),
    (c) => {
      const documents = service.documents();
      return c.json({ documents, total: documents.length, skipped: service.skipped?.() ?? [] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/documents/{id}',
      tags: ['corpus'],
      summary: 'A report and its paragraphs',
      middleware: [guards.ready] as const,
      request: { params: IdParamSchema },
      responses: {
        200: { description: 'The document', content: { 'application/json': { schema: z.object({ document: DocumentDoc, paragraphs: z.array(ParagraphDoc) }) } } },
        ...errorResponses(400, 404, 503),
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
      middleware: [guards.ready] as const,
      request: { params: IdParamSchema },
      responses: {
        200: { description: 'The paragraph', content: { 'application/json': { schema: z.object({ paragraph: ParagraphDoc, document: DocumentDoc }) } } },
        ...errorResponses(400, 404, 503),
      },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const found = service.paragraph(id);
      if (!found) throw new ApiError(404, 'not_found', `no paragraph ${id}`);
      return c.json({ paragraph: found.paragraph, document: found.document }, 200);
    },
  );

  return app;
}
