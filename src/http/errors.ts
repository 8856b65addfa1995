/**
 * The one error shape every route answers with: `{ error: { code, message } }`.
 * Handlers and middleware throw an ApiError; the app's onError turns it into
 * JSON with the right status and headers.
 */
import type { ZodError } from 'zod';

export type ErrorCode =
  | 'bad_json'
  | 'invalid_request'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'reindex_running'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'reindex_failed'
  | 'not_implemented'
  | 'not_ready';

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
