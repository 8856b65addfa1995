/**
 * The admin routes' guard: hono/bearer-auth checks the token (a timing-safe
 * compare of hashes), and wrong tokens are throttled per address, so guessing
 * is slow. Disabled (404) without a configured token.
 *
 * bearer-auth answers a malformed Authorization header with 400; here every
 * failure is the same 401, so a client learns nothing from the difference.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../errors.js';
import { RateLimiter, rateLimited } from './rate-limit.js';

export interface AdminAuthOptions {
  token: string | undefined;
  /** Wrong tokens one address may send a minute; then 429 until the budget refills. */
  failuresPerMinute: number;
  clientKey: (c: Context) => string;
  now?: () => number;
}

const REALM = 'admin';

export function adminAuth(options: AdminAuthOptions): MiddlewareHandler {
  const { token, clientKey } = options;
  if (!token) {
    return async () => {
      throw new ApiError(404, 'not_found', 'admin routes are disabled');
    };
  }
  const check = bearerAuth({ token, realm: REALM });
  const failures = new RateLimiter(options.failuresPerMinute, options.now);
  return async (c, next) => {
    const key = clientKey(c);
    const throttled = failures.peek(key);
    if (!throttled.allowed) {
      throw rateLimited('too many wrong admin tokens', throttled);
    }
    let valid = true;
    try {
      await check(c, async () => undefined);
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      valid = false;
    }
    if (!valid) {
      failures.take(key);
      throw new ApiError(401, 'unauthorized', 'a valid admin token is required', { 'WWW-Authenticate': `Bearer realm="${REALM}"` });
    }
    await next();
  };
}
