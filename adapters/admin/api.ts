/**
 * The admin API as the console sees it: the shapes of its answers (zod at
 * the boundary; unknown fields pass, so a newer service still works) and one
 * `call` that signs admin requests with the token.
 */
import * as z from 'zod/mini';
import { TEXT } from './text.js';

// no `new Function` probe: the page's CSP has no 'unsafe-eval', and the probe would report a violation
z.config({ jitless: true });

export const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const DocumentSchema = z.looseObject({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  issuer: z.optional(z.string()),
  locality: z.optional(z.string()),
  region: z.optional(z.nullable(z.string())),
  year: z.optional(z.nullable(z.number())),
  pages: z.optional(z.number()),
  ocrPages: z.optional(z.number()),
  paragraphs: z.optional(z.number()),
  script: z.optional(z.string()),
  warnings: z.optional(z.array(z.string())),
});
export type Doc = z.infer<typeof DocumentSchema>;
export const DocumentsSchema = z.object({ documents: z.array(DocumentSchema) });
export const SkippedSchema = z.object({ file: z.string(), reason: z.string() });
export const ReindexResultSchema = z.looseObject({ documents: z.number(), paragraphs: z.number(), skipped: z.array(SkippedSchema), ms: z.number() });
export const ReindexStatusSchema = z.looseObject({
  running: z.boolean(),
  last: z.nullable(z.looseObject({ ok: z.boolean(), at: z.string(), result: z.optional(ReindexResultSchema), error: z.optional(z.string()) })),
  progress: z.optional(z.nullable(z.looseObject({ stage: z.string(), done: z.number(), total: z.number() }))),
});
export type ReindexStatus = z.infer<typeof ReindexStatusSchema>;
export const UploadSchema = z.looseObject({ file: z.string(), bytes: z.number(), replaced: z.optional(z.boolean()) });
export const CitationSchema = z.looseObject({
  n: z.number(),
  id: z.string(),
  docId: z.optional(z.string()),
  title: z.string(),
  section: z.optional(z.array(z.string())),
  text: z.optional(z.string()),
  quote: z.optional(z.string()),
  score: z.optional(z.number()),
  page: z.optional(z.number()),
});
export type CitationView = z.infer<typeof CitationSchema>;
export const AnswerSchema = z.looseObject({
  id: z.string(),
  answered: z.boolean(),
  answer: z.string(),
  citations: z.array(CitationSchema),
  mode: z.optional(z.string()),
  warnings: z.optional(z.array(z.string())),
  timings: z.optional(z.record(z.string(), z.number())),
  diagnostics: z.optional(z.unknown()),
});
export type AnswerView = z.infer<typeof AnswerSchema>;
/** The question and answer a feedback entry is about, when the service attaches them (`context`, or the same fields at the top level). */
export const AnswerContextSchema = z.looseObject({
  question: z.optional(z.string()),
  answer: z.optional(z.string()),
  answered: z.optional(z.boolean()),
  citations: z.optional(z.array(CitationSchema)),
});
export const FeedbackEntrySchema = z.looseObject({
  id: z.string(),
  at: z.string(),
  rating: z.string(),
  conversationId: z.optional(z.string()),
  answerId: z.optional(z.string()),
  comment: z.optional(z.string()),
  context: z.optional(AnswerContextSchema),
  question: z.optional(z.string()),
  answer: z.optional(z.string()),
  citations: z.optional(z.array(CitationSchema)),
});
export type FeedbackView = z.infer<typeof FeedbackEntrySchema>;
export const FeedbackPageSchema = z.object({ entries: z.array(FeedbackEntrySchema), next: z.optional(z.nullable(z.string())) });
export const ReadySchema = z.looseObject({ status: z.string(), documents: z.optional(z.number()), paragraphs: z.optional(z.number()) });

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Call = <T>(path: string, schema: z.ZodMiniType<T>, init?: RequestInit, admin?: boolean) => Promise<T>;

/**
 * Calls the service at `base` (paths are relative, so a proxy prefix is kept).
 * Admin calls carry the token as a Bearer header; `onUnauthorized` runs when
 * one is refused with 401.
 */
export function createCall(base: string, token: () => string, onUnauthorized: () => void): Call {
  return async <T>(path: string, schema: z.ZodMiniType<T>, init: RequestInit = {}, admin = true): Promise<T> => {
    const headers = new Headers(init.headers);
    if (admin) headers.set('Authorization', `Bearer ${token()}`);
    let response: Response;
    try {
      response = await fetch(new URL(path, base), { ...init, headers, cache: 'no-store' });
    } catch {
      throw new ApiFailure(0, 'network', TEXT.unreachable);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = ErrorBodySchema.safeParse(body);
      const failure = new ApiFailure(response.status, error.success ? error.data.error.code : 'http', error.success ? error.data.error.message : response.statusText);
      if (admin && response.status === 401) onUnauthorized();
      throw failure;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiFailure(response.status, 'bad_response', `unexpected response from ${path}`);
    return parsed.data;
  };
}
