/**
 * Reads a JSON body under a byte limit before the route's schema sees it:
 * 415 for another content type, 413 over the limit, 400 bad_json for bytes
 * that are not UTF-8 JSON.
 *
 * Hand-written rather than hono/body-limit: Hono's trusts a Content-Length
 * header and then reads the body unchecked, so a body longer than it claims
 * passes (the test "413 payload_too_large by Content-Length and by the bytes
 * actually read" sends one). This one counts the bytes it reads.
 */
import type { MiddlewareHandler } from 'hono';
import { readJsonBody } from '../body.js';

export function jsonBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const { text } = await readJsonBody(c.req.raw, maxBytes);
    c.req.raw = new Request(c.req.raw, { body: text });
    await next();
  };
}
