/**
 * The one error shape every route answers with: `{ error: { code, message } }`.
 * Handlers and middleware throw an ApiError; `errorHandler` (the app's
 * onError) turns it into JSON with the right status and headers, and
 * `notFoundHandler` / `methodNotAllowedHandler` answer unknown routes the same way.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { StoreUnavailableError } from '../store/index.js';

export type ErrorCode =
  | 'bad_json'
  | 'invalid_request'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'reindex_running'
  | 'report_exists'
  | 'unreadable_report'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'reindex_failed'
  | 'not_implemented'
  | 'not_ready'
  | 'overloaded';

export type ErrorStatus = 400 | 401 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 501 | 503;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'headers', cookie: 'cookies' };

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** `question: Too small…; filters.foo: unknown key` — every issue names its field path. */
export function formatZodError(error: ZodError, target = 'json'): string {
  const root = TARGET_NAMES[target] ?? target;
  const parts: string[] = [];
  for (const issue of error.issues.slice(0, 5)) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) parts.push(`${pathOf([...issue.path, key])}: unknown key`);
      continue;
    }
    parts.push(`${pathOf(issue.path) || root}: ${issue.message}`);
  }
  if (error.issues.length > 5) parts.push(`(${error.issues.length - 5} more)`);
  return parts.join('; ');
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

/** An HTTPException from Hono's own middleware (body parsing, validation) in our shape, when its status is one we answer with. */
function fromHttpException(error: HTTPException): ApiError | undefined {
  const code = HTTP_CODES[error.status];
  if (!code) return undefined;
  if (error.status === 400 && /json/i.test(error.message)) return new ApiError(400, 'bad_json', 'request body is not valid JSON');
  return new ApiError(error.status as ErrorStatus, code, error.message || code.replace(/_/g, ' '));
}

export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(errorBody(error.code, error.message), error.status, error.headers);
}

/** The app's onError: ApiError as is, a store out of reach and a known HTTPException mapped, anything else logged and hidden behind 500 internal. */
export function errorHandler(logError: (c: Context, error: unknown, where: string) => void): ErrorHandler {
  return (error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    // a shared store (a database) out of reach: the client may retry shortly, and the instance recovers by itself
    if (error instanceof StoreUnavailableError) return errorResponse(c, new ApiError(503, 'not_ready', 'the database is unreachable; try again shortly', { 'Retry-After': '5' }));
    if (error instanceof HTTPException) {
      const mapped = fromHttpException(error);
      if (mapped) return errorResponse(c, mapped);
    }
    logError(c, error, 'unhandled error');
    return c.json(errorBody('internal', 'internal error'), 500);
  };
}

export const notFoundHandler: NotFoundHandler = (c) => errorResponse(c, new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

/** hono/method-not-allowed's response: our error shape, with OPTIONS (CORS preflight) allowed wherever CORS applies. */
export function methodNotAllowedHandler(corsApplies: (path: string) => boolean) {
  return (c: Context, methods: string[]): Response => {
    const allowed = corsApplies(c.req.path) ? [...methods, 'OPTIONS'] : methods;
    const allow = allowed.join(', ');
    return errorResponse(c, new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allow}`, { Allow: allow }));
  };
}
