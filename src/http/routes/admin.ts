/**
 * The admin routes under /api/admin (bearer token; see middleware/admin-auth.ts):
 * the feedback list, report uploads and removals, and re-indexing.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ReindexResult } from '../../service.js';
import { mediaType, readBodyLimited } from '../body.js';
import { routeApp, type RouteContext } from '../context.js';
import { ApiError } from '../errors.js';
import { reportNameProblem } from '../report-name.js';
import { FeedbackEntrySchema, ReindexResultSchema, ReportNameSchema, adminSecurity, errorResponses } from '../schemas.js';
import { feedbackStore } from './feedback.js';

/** Room for the multipart framing around an uploaded file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const flag = z.enum(['true', 'false']);

/** A 400 naming `field` unless `name` is a report name with one of `extensions`. */
function checkName(field: string, name: string, extensions: readonly string[]): string {
  const problem = reportNameProblem(name, extensions);
  if (problem) throw new ApiError(400, 'invalid_request', `${field}: ${problem}`);
  return name;
}

/** The uploaded file's name (unless `?name=` gives one) and bytes, from multipart/form-data or the raw body. */
async function uploadedFile(c: Context, name: string | undefined, limit: number, extensions: readonly string[]): Promise<{ name: string; bytes: Uint8Array }> {
  const contentType = c.req.header('content-type');
  if (name !== undefined) checkName('name', name, extensions);
  if (mediaType(contentType) !== 'multipart/form-data') {
    if (name === undefined) throw new ApiError(400, 'invalid_request', 'name: required when the body is the raw file');
    return { name, bytes: await readBodyLimited(c.req.raw, limit) };
  }
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
  return { name: name ?? checkName('file.name', file.name, extensions), bytes: new Uint8Array(await file.arrayBuffer()) };
}

export function adminRoutes(ctx: RouteContext) {
  const app = routeApp();
  const { service, config, log } = ctx;
  let reindexing: Promise<ReindexResult> | undefined;
  let lastReindex: { ok: boolean; at: string; result?: ReindexResult; error?: string } | undefined;

  const corpusAdmin = () => {
    if (!service.corpus) throw new ApiError(501, 'not_implemented', 'this runtime cannot change the corpus');
    return service.corpus;
  };

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/feedback',
      tags: ['admin'],
      summary: 'Feedback entries, newest first, a page at a time',
      security: adminSecurity,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), cursor: z.string().max(200).optional() }) },
      responses: {
        200: {
          description: 'A page of entries, newest first; `next` is the cursor of the following page (null after the last)',
          content: { 'application/json': { schema: z.object({ entries: z.array(FeedbackEntrySchema), next: z.string().nullable() }) } },
        },
        ...errorResponses(400, 401, 404, 429, 501),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await feedbackStore(ctx).list(limit, cursor);
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/reports',
      tags: ['admin'],
      summary: 'Upload a report file',
      description:
        'Either multipart/form-data with a `file` field (its file name is used unless `?name=` is given), or the raw bytes with `?name=`. The file must be readable as a report (400 `unreadable_report` with the reason otherwise); an existing report of the same name is replaced only with `?overwrite=true` (409 `report_exists` otherwise). Reindex afterwards to make it searchable.',
      security: adminSecurity,
      request: {
        query: z.object({ name: ReportNameSchema.optional(), overwrite: flag.default('false') }),
        body: {
          required: true,
          content: {
            'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
      },
      responses: {
        201: { description: 'Stored', content: { 'application/json': { schema: z.object({ ok: z.literal(true), file: z.string(), bytes: z.number().int(), replaced: z.boolean() }) } } },
        ...errorResponses(400, 401, 404, 409, 413, 429, 501),
      },
    }),
    async (c) => {
      const corpus = corpusAdmin();
      const query = c.req.valid('query');
      const { name, bytes } = await uploadedFile(c, query.name, config.maxUploadBytes, corpus.extensions);
      if (bytes.byteLength === 0) throw new ApiError(400, 'invalid_request', 'file: must not be empty');
      const unreadable = await corpus.unreadableReason(name, bytes);
      if (unreadable) throw new ApiError(400, 'unreadable_report', `file: cannot be read as a report: ${unreadable}`);
      const stored = await corpus.upload(name, bytes, { overwrite: query.overwrite === 'true' });
      if (!stored) throw new ApiError(409, 'report_exists', `a report named ${name} exists; upload with ?overwrite=true to replace it`);
      log({ level: 'info', msg: 'report uploaded', requestId: c.get('requestId'), file: stored.file, bytes: stored.bytes, replaced: stored.replaced });
      return c.json({ ok: true as const, file: stored.file, bytes: stored.bytes, replaced: stored.replaced }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/reports/{name}',
      tags: ['admin'],
      summary: 'Remove a report file',
      security: adminSecurity,
      request: { params: z.object({ name: ReportNameSchema.openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: {
        200: { description: 'Removed', content: { 'application/json': { schema: z.object({ ok: z.literal(true), file: z.string() }) } } },
        ...errorResponses(400, 401, 404, 429, 501),
      },
    }),
    async (c) => {
      const corpus = corpusAdmin();
      const name = checkName('name', c.req.valid('param').name, corpus.extensions);
      if (!(await corpus.remove(name))) throw new ApiError(404, 'not_found', `no report named ${name}`);
      log({ level: 'info', msg: 'report removed', requestId: c.get('requestId'), file: name });
      return c.json({ ok: true as const, file: name }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/reindex',
      tags: ['admin'],
      summary: 'Rebuild the index from the corpus and swap it in',
      description: 'Asks keep being answered from the old index meanwhile. Waits for the result unless `?wait=false` (then 202 and GET /api/admin/reindex reports the outcome).',
      security: adminSecurity,
      request: { query: z.object({ wait: flag.default('true') }) },
      responses: {
        200: { description: 'Rebuilt', content: { 'application/json': { schema: z.object({ ok: z.literal(true), result: ReindexResultSchema }) } } },
        202: { description: 'Started', content: { 'application/json': { schema: z.object({ ok: z.literal(true), status: z.literal('started') }) } } },
        ...errorResponses(400, 401, 404, 409, 429, 500, 501),
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
          ctx.logError(c, error, 'reindex failed');
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
        ...errorResponses(401, 404, 429),
      },
    }),
    (c) => c.json({ running: reindexing !== undefined, last: lastReindex ?? null }, 200),
  );

  return { app, reindexing: () => reindexing !== undefined };
}
