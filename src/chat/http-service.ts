/**
 * A chat channel's core over HTTP, for when the service runs elsewhere
 * (API_BASE_URL): `answer` is POST /api/ask, `documents` is
 * GET /api/documents. Responses are checked against the core's schemas.
 */
import { z } from 'zod';
import { AnswerResultSchema, type AnswerResult, type AskOptions } from '../answer/types.js';
import { DocumentSchema, type ReportDocument } from '../schema.js';
import type { ChatService } from './handler.js';

export interface HttpServiceOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class HttpServiceError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'HttpServiceError';
  }
}

const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const DocumentsSchema = z.object({ documents: z.array(DocumentSchema) });

export interface HttpQaService extends ChatService {
  answer(question: string, options?: AskOptions): Promise<AnswerResult>;
  documents(): Promise<ReportDocument[]>;
}

export function createHttpService(options: HttpServiceOptions): HttpQaService {
  const base = options.baseUrl.replace(/\/+$/u, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const call = async <T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> => {
    const response = await doFetch(`${base}${path}`, {
      ...init,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = ErrorBodySchema.safeParse(body);
      throw error.success
        ? new HttpServiceError(response.status, error.data.error.code, error.data.error.message)
        : new HttpServiceError(response.status, 'http_error', `${init.method ?? 'GET'} ${path}: HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new HttpServiceError(response.status, 'bad_response', `${path}: unexpected response: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  };

  return {
    answer: (question, askOptions = {}) =>
      call('/api/ask', AnswerResultSchema, { method: 'POST', body: JSON.stringify({ question, ...askOptions }) }),
    documents: async () => (await call('/api/documents', DocumentsSchema)).documents,
  };
}
