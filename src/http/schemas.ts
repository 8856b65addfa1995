/**
 * Every schema of the HTTP API, for validation and for /openapi.json alike.
 * Zod at the boundary: nothing reaches the core that these have not checked.
 */
import { z } from '@hono/zod-openapi';
import { AnswerResultSchema } from '../answer/types.js';
import { MAX_QUESTION_CHARS } from '../limits.js';
import { DocumentSchema, ParagraphSchema } from '../schema.js';
import type { ErrorStatus } from './errors.js';
import { reportNameProblem } from './report-name.js';

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');

/** The one definition of request filters; unknown keys are a 400, not a silent no-op. */
export const AskFiltersSchema = z
  .strictObject({
    locality: z.string().min(1).max(50).optional(),
    year: z.number().int().min(1949).max(2100).optional(),
    docId: z.string().min(1).max(100).optional(),
  })
  .openapi('AskFilters');

const conversationId = z.string().min(1).max(100);

export const AskRequestSchema = z
  .object({
    question: z.string().trim().min(1, 'must not be empty').max(MAX_QUESTION_CHARS, `must be at most ${MAX_QUESTION_CHARS} characters`),
    topK: z.number().int().min(1).max(20).optional(),
    filters: AskFiltersSchema.optional(),
    conversationId: conversationId.optional().openapi({
      description: 'The `conversationId` of an earlier answer to this client, for a follow-up. It only ever reaches that client\'s conversation; without it the server issues a new unguessable one.',
    }),
    mode: z.enum(['extractive', 'llm']).optional().openapi({ description: "Force 'extractive' even when an LLM is configured." }),
  })
  .openapi('AskRequest');
export type AskRequest = z.infer<typeof AskRequestSchema>;

export const FeedbackRequestSchema = z
  .object({
    conversationId: conversationId.optional(),
    answerId: z.string().min(1).max(100).optional(),
    rating: z.enum(['up', 'down']),
    comment: z.string().max(2000).optional(),
  })
  .refine((v) => v.conversationId !== undefined || v.answerId !== undefined, {
    message: 'conversationId or answerId is required',
    path: ['answerId'],
  })
  .openapi('FeedbackRequest');

export const FeedbackEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    rating: z.enum(['up', 'down']),
    conversationId: z.string().optional(),
    answerId: z.string().optional(),
    comment: z.string().optional(),
  })
  .openapi('FeedbackEntry');

const TextPartSchema = z.object({ type: z.literal('text'), text: z.string() });

export const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant']),
    content: z.union([z.string(), z.array(TextPartSchema).max(100)]),
    name: z.string().optional(),
  })
  .passthrough();
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().max(200).optional(),
    messages: z.array(ChatMessageSchema).min(1).max(200),
    stream: z.boolean().nullish(),
    user: z.string().max(200).optional(),
  })
  .passthrough()
  .openapi('ChatCompletionRequest');
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;

export const ModelSchema = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() }).openapi('Model');

export const ReportNameSchema = z.string().superRefine((value, ctx) => {
  const problem = reportNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const IdParamSchema = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) });

export const ReindexResultSchema = z
  .object({
    documents: z.number().int(),
    paragraphs: z.number().int(),
    skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
    ms: z.number(),
  })
  .openapi('ReindexResult');

// Copies made here: a schema built before @hono/zod-openapi extended zod has no .openapi() of its own.
export const AnswerResultDoc = z.object(AnswerResultSchema.shape).openapi('AnswerResult');
export const DocumentDoc = z.object(DocumentSchema.shape).openapi('Document');
export const ParagraphDoc = z.object(ParagraphSchema.shape).openapi('Paragraph');
export const SkippedDoc = z.object({ file: z.string(), reason: z.string() }).openapi('SkippedFile');

export const SSE_CONTENT = { 'text/event-stream': { schema: { type: 'string' as const, description: 'Server-Sent Events' } } };

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Bad JSON (bad_json), a field that fails the schema (invalid_request) or a file that cannot be read as a report (unreadable_report)',
  401: 'Missing or wrong admin token (unauthorized)',
  404: 'Unknown (not_found)',
  405: 'Wrong method (method_not_allowed)',
  409: 'A reindex is already running (reindex_running), or a report of that name exists (report_exists)',
  413: 'Body too large (payload_too_large)',
  415: 'Not JSON (unsupported_media_type)',
  429: 'Rate limited, over the daily feedback quota, or too many wrong admin tokens (rate_limited); see Retry-After',
  500: 'Internal error',
  501: 'Not available in this runtime (not_implemented)',
  503: 'The index is not loaded yet (not_ready) or too many asks at once (overloaded); see Retry-After',
};

/** OpenAPI responses for the error statuses a route may answer with. */
export function errorResponses(...statuses: ErrorStatus[]) {
  const out: Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }> = {};
  for (const status of statuses) out[status] = { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorSchema } } };
  return out;
}

export const adminSecurity = [{ adminToken: [] as string[] }];
