/**
 * The HTTP face of the question answerer, runtime-neutral: it runs under
 * @hono/node-server and in a Worker alike. Nothing here imports node:*;
 * whatever differs between runtimes (feedback storage, the client address,
 * logging, the widget's text) comes in through `createApp`'s AppDeps.
 *
 * This file only assembles: Hono's middleware for every request, the guards
 * the routes share, and the route modules (routes/), each its own OpenAPIHono.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { except } from 'hono/combine';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { DEFAULT_MAX_BODY_BYTES, routeApp, type AppDeps, type AppEnv, type LogEntry, type RouteContext } from './context.js';
import { ConversationIds } from './conversations.js';
import { ApiError, errorHandler, methodNotAllowedHandler, notFoundHandler } from './errors.js';
import { accessLog } from './middleware/access-log.js';
import { adminAuth } from './middleware/admin-auth.js';
import { Admission, admitted } from './middleware/admission.js';
import { jsonBody } from './middleware/json-body.js';
import { RateLimiter, rateLimit } from './middleware/rate-limit.js';
import { adminRoutes } from './routes/admin.js';
import { askRoutes } from './routes/ask.js';
import { corpusRoutes } from './routes/corpus.js';
import { feedbackRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { openAiRoutes } from './routes/openai.js';
import { pageRoutes } from './routes/pages.js';
import { adminConsoleRoutes } from './routes/admin-console.js';
import { wecomCallbackRoutes } from '../chat/wecom/callback.js';
import { observeUploads, observedService } from '../observe.js';

export { appConfigFrom, type AppConfig, type AppDeps, type AppEnv, type LogEntry } from './context.js';

export const DEFAULT_MODEL_NAME = 'fazhi-wenda';

const ADMIN_PATHS = ['/api/admin', '/api/admin/*'];
const isAdminPath = (path: string) => path === '/api/admin' || path.startsWith('/api/admin/');

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { config } = deps;
  const service = deps.observer ? observedService(deps.service, deps.observer) : deps.service;
  const log = (entry: LogEntry) => {
    try {
      deps.log?.(entry);
    } catch {
      // a broken logger must not break requests
    }
  };
  const logError = (c: Context, error: unknown, where: string) => {
    log({
      level: 'error',
      msg: where,
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  };
  const clientKey = (c: Context): string => {
    // X-Forwarded-For is the client's own word unless a proxy in front of us set it.
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    return (config.trustProxy ? forwarded : undefined) || deps.getClientKey?.(c) || forwarded || 'unknown';
  };
  const admission = new Admission({ maxInFlight: config.maxConcurrentAsks ?? 0, maxQueued: config.maxQueuedAsks ?? 0 });
  deps.observer?.watchQueue(() => ({ inFlight: admission.inFlight, queued: admission.queued }));

  const ctx: RouteContext = {
    service,
    config,
    ...(deps.feedback ? { feedback: deps.feedback } : {}),
    modelName: deps.modelName ?? DEFAULT_MODEL_NAME,
    log,
    logError,
    clientKey,
    conversations: new ConversationIds(),
    guards: {
      rateLimited: rateLimit(new RateLimiter(config.rateLimitPerMinute, deps.now), clientKey),
      ready: async (_c, next) => {
        if (!service.ready()) throw new ApiError(503, 'not_ready', 'the index is not loaded yet; try again shortly', { 'Retry-After': '5' });
        await next();
      },
      jsonBody: jsonBody(config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      admitted: admitted(admission),
    },
  };

  const app = routeApp();

  // -- every request
  app.use(requestId({ limitLength: 128 }));
  app.use(accessLog(log));
  // Hono's defaults (nosniff, frame and opener policies, …) on every response, JSON and errors included;
  // a header a route sets itself (the widget's Cross-Origin-Resource-Policy, a page's Referrer-Policy) wins.
  app.use(secureHeaders({ overwrite: false }));
  // No CORS on the admin routes: a browser page elsewhere has no business calling them.
  app.use(
    except(
      ADMIN_PATHS,
      cors({
        origin: config.corsOrigins.trim() === '*' ? '*' : config.corsOrigins.split(',').map((o) => o.trim()).filter(Boolean),
        allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Accept', 'Authorization', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id', 'Retry-After'],
        maxAge: 600,
      }),
    ),
  );
  app.use(methodNotAllowed({ app, onMethodNotAllowed: methodNotAllowedHandler((path) => !isAdminPath(path)) }));
  const admin = adminAuth({ token: config.adminToken, failuresPerMinute: config.adminFailuresPerMinute ?? 10, clientKey, ...(deps.now ? { now: deps.now } : {}) });
  for (const path of ADMIN_PATHS) app.use(path, admin);
  // after the guard: only authenticated uploads are counted, by outcome
  if (deps.observer) app.use('/api/admin/reports', observeUploads(deps.observer));

  // -- the routes, by concern
  const adminApp = adminRoutes(ctx);
  app.route('/', askRoutes(ctx));
  app.route('/', openAiRoutes(ctx));
  app.route('/', corpusRoutes(ctx));
  app.route('/', feedbackRoutes(ctx, deps.now));
  app.route('/', adminApp.app);
  app.route('/', healthRoutes(ctx, { reindexing: adminApp.reindexing, root: () => app }));
  app.route('/', pageRoutes(ctx, deps.assets?.widgetJs));
  app.route('/', adminConsoleRoutes(deps.assets?.adminConsoleJs));
  if (deps.wecom) app.route('/', wecomCallbackRoutes(service, { ...deps.wecom, log }));

  app.notFound(notFoundHandler);
  app.onError(errorHandler(logError));
  return app;
}
