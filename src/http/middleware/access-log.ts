/**
 * One structured log entry per request (method, path, status, ms, request id).
 * hono/logger writes free text lines to the console; the service's logs are
 * JSON objects handed to the runtime's logger, so this stays our own.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, LogEntry } from '../context.js';

const QUIET = new Set(['/healthz', '/readyz']);

export function accessLog(log: (entry: LogEntry) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const t0 = performance.now();
    await next();
    const status = c.res.status;
    log({
      // a 503 from /healthz or /readyz while the index loads is the answer a poller expects, not a failure
      level: status >= 500 && !(QUIET.has(c.req.path) && status === 503) ? 'error' : QUIET.has(c.req.path) ? 'debug' : 'info',
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - t0) * 10) / 10,
      requestId: c.get('requestId'),
    });
  };
}
